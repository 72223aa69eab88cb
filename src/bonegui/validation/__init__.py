"""Floor 1: the model against the literature (CALIBRATION.md cases C1-C20). No Qt.

``load_cases()`` reads resources/validation/*.json; ``run_cases()`` simulates each case's
scenarios through the same ``bonegui.model.simulate.simulate()`` the window uses and scores
every part with the CALIBRATION.md tolerance rule; ``report`` turns a run into text.
"""

from bonegui.validation.cases import Case, CaseError, Measure, Part, load_case, load_cases
from bonegui.validation.runner import CaseOutcome, PartOutcome, ValidationRun, run_case, run_cases
from bonegui.validation.scoring import Band, Tolerance, score

__all__ = [
    "Band", "Case", "CaseError", "CaseOutcome", "Measure", "Part", "PartOutcome", "Tolerance",
    "ValidationRun", "load_case", "load_cases", "run_case", "run_cases", "score",
]
