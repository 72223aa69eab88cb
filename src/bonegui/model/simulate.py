"""simulate(scenario) -> Result, and iter_simulate(...) that yields it in chunks.

PROVISIONAL placeholder so the GUI can be built in parallel: the model issue replaces the body
with the endocrine layer + bone-cell core + tissue layer. Signatures are the contract.
"""

from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

from bonegui.model.result import SERIES_UNITS, Result
from bonegui.scenario import Scenario, validate_scenario

DAYS_PER_YEAR = 365.25


def time_grid_days(scenario: Scenario, step_days: float = 1.0) -> np.ndarray:
    n = int(np.floor(scenario.span_years * DAYS_PER_YEAR / step_days + 1e-9)) + 1
    return np.arange(n, dtype=np.float64) * step_days


def iter_simulate(
    scenario: Scenario,
    *,
    step_days: float = 1.0,
    chunk_days: float = 365.25,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[Result]:
    """Yield consecutive row blocks of the Result; their concatenation equals simulate().
    Stops early (without error) when ``cancelled()`` returns True."""
    full = simulate(scenario, step_days=step_days)
    per = max(1, int(round(chunk_days / step_days)))
    for i in range(0, len(full), per):
        if cancelled is not None and cancelled():
            return
        yield full.slice(i, i + per)


def simulate(scenario: Scenario, *, step_days: float = 1.0) -> Result:
    validate_scenario(scenario)
    t = time_grid_days(scenario, step_days)
    ty = t / DAYS_PER_YEAR
    ones = np.ones_like(t)
    series = {k: ones.copy() for k in SERIES_UNITS}
    series["t_years"] = ty
    series["age_years"] = scenario.patient.age_years + ty
    return Result(series)
