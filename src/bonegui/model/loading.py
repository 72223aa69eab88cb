"""Mechanical loading series from the scenario's activity lane.

The activity lane is piecewise constant; loading is the daily strain-energy stimulus of the
current level relative to the patient's habitual level (the level the skeleton is adapted to),
so ``loading_rel`` is 1 whenever the patient does what they habitually do. The mechanostat that
turns loading and bone volume into cell drives lives in the bone-cell loop (bone.py), after
Scheiner et al. 2013.
"""

from __future__ import annotations

import numpy as np

from bonegui.model.parameters import ACTIVITY_STIMULUS
from bonegui.scenario import Scenario

DAYS_PER_YEAR = 365.25


def activity_stimulus(level: str) -> float:
    return ACTIVITY_STIMULUS[level].value


def loading_series(scenario: Scenario, t_days: np.ndarray) -> np.ndarray:
    """loading_rel on ``t_days`` (days from scenario start)."""
    habitual = activity_stimulus(scenario.patient.habitual_activity)
    out = np.full(np.shape(t_days), 1.0)
    t_years = np.asarray(t_days, dtype=float) / DAYS_PER_YEAR
    for seg in sorted(scenario.activity, key=lambda s: s.start_years):
        out = np.where(t_years >= seg.start_years, activity_stimulus(seg.level) / habitual, out)
    return out
