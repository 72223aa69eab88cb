"""Mechanical loading series from the scenario's activity lane and age.

The activity lane is piecewise constant; loading is the daily strain-energy stimulus of the
current level relative to the patient's habitual level (the level the skeleton is adapted to),
times the age factor: muscle forces, which produce most of the skeleton's strains (Frost 1987
mechanostat; the muscle-bone unit), fall with age (sarcopenia: leg strength -2.6 to -3.4 %/y at
70-79 y, Goodpaster 2006 J Gerontol A 61:1059), and strain energy goes with force squared. So
``loading_rel`` is 1 for a young adult doing what they habitually do. This is the model's one
explicit age term (docs/model.md). The mechanostat that turns loading and bone volume into cell
drives lives in the bone-cell loop (bone.py), after Scheiner et al. 2013.
"""

from __future__ import annotations

import numpy as np

from bonegui.model.units import DAYS_PER_YEAR
from bonegui.model import modulators
from bonegui.model.parameters import ACTIVITY_STIMULUS
from bonegui.scenario import Scenario



def activity_stimulus(level: str) -> float:
    return ACTIVITY_STIMULUS[level].value


def age_loading_factor(age_years, onset=None, rate=None):
    """Strain-energy stimulus of habitual life relative to young adulthood:
    exp(-rate * (age - onset)^3) after the onset age (accelerating, like muscle strength loss),
    never below ``age_loading_floor``."""
    onset = modulators.MODULATION.age_loading_onset if onset is None else onset
    rate = modulators.MODULATION.age_loading_rate if rate is None else rate
    x = np.maximum(np.asarray(age_years, dtype=float) - onset, 0.0)
    return np.maximum(np.exp(-rate * x**3), modulators.MODULATION.age_loading_floor)


def loading_series(scenario: Scenario, t_days: np.ndarray) -> np.ndarray:
    """loading_rel on ``t_days`` (days from scenario start)."""
    age = scenario.patient.age_years + np.asarray(t_days, dtype=float) / DAYS_PER_YEAR
    return activity_series(scenario, t_days) * age_loading_factor(age)


def activity_series(scenario: Scenario, t_days: np.ndarray) -> np.ndarray:
    """Activity-lane stimulus relative to the habitual level (no age factor)."""
    habitual = activity_stimulus(scenario.patient.habitual_activity)
    out = np.full(np.shape(t_days), 1.0)
    t_years = np.asarray(t_days, dtype=float) / DAYS_PER_YEAR
    for seg in sorted(scenario.activity, key=lambda s: s.start_years):
        out = np.where(t_years >= seg.start_years, activity_stimulus(seg.level) / habitual, out)
    return out
