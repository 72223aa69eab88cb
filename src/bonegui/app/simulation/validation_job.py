"""The calibration cases of Help → Model vs evidence as one queued job of the simulation service.

``run_validation(context)`` runs in the simulation thread: it loads the cases, reports their
number (``CasesStarted``) and then each finished case (a ``CaseOutcome``) as progress, and
returns the ``ValidationRun``. Every scenario is simulated through the service (kind
"validation"), so the live run goes first between chunks and a cancel stops it between chunks.
"""

from __future__ import annotations

from typing import NamedTuple

from bonegui.app.simulation.jobs import JobError


class CasesStarted(NamedTuple):
    count: int


def run_validation(context):
    from bonegui.validation import CaseError, load_cases, run_cases

    try:
        cases = load_cases()
    except CaseError as e:
        raise JobError(str(e)) from None
    context.progress(CasesStarted(len(cases)))
    return run_cases(cases, simulate=context.simulate, progress=context.progress, cancelled=context.cancelled)
