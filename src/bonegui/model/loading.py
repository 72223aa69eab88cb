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
    return np.maximum(np.exp(-rate * (x * x * x)), modulators.MODULATION.age_loading_floor)


def loading_series(scenario: Scenario, t_days: np.ndarray) -> np.ndarray:
    """loading_rel on ``t_days`` (days from scenario start): the activity stimulus times the age
    factor, relative to the customary load the skeleton is adapted to."""
    age = scenario.patient.age_years + np.asarray(t_days, dtype=float) / DAYS_PER_YEAR
    return activity_series(scenario, t_days) * age_loading_factor(age) / customary_load(scenario, t_days)


def _segments(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(start days, stimulus relative to habitual) of the activity lane, in time order."""
    habitual = activity_stimulus(scenario.patient.habitual_activity)
    segs = sorted(scenario.activity, key=lambda s: s.start_years)
    starts = np.array([s.start_years * DAYS_PER_YEAR for s in segs], dtype=np.float64)
    levels = np.array([activity_stimulus(s.level) / habitual for s in segs], dtype=np.float64)
    return starts, levels


def activity_series(scenario: Scenario, t_days: np.ndarray) -> np.ndarray:
    """Activity-lane stimulus relative to the habitual level (no age factor)."""
    t = np.asarray(t_days, dtype=np.float64)
    starts, levels = _segments(scenario)
    idx = np.searchsorted(starts, t, side="right") - 1
    return np.where(idx >= 0, levels[np.maximum(idx, 0)], 1.0)


def customary_load(scenario: Scenario, t_days: np.ndarray) -> np.ndarray:
    """The load the skeleton is adapted to, relative to habitual (Turner 1998: bone cells
    accommodate to customary loading). It starts at 1 (the habitual level) and, while the
    activity lane asks for more than habitual, moves toward 1 + share * (stimulus - 1) with the
    accommodation time constant; below habitual it returns to 1 (disuse does not lower the set
    point: Frost's genetic set point). Exact for the piecewise-constant lane; linear in the
    number of segments."""
    m = modulators.MODULATION
    share, tau = m.mech_accommodation_share, m.mech_accommodation_tau * DAYS_PER_YEAR
    t = np.asarray(t_days, dtype=np.float64)
    starts, levels = _segments(scenario)
    if np.all(levels <= 1.0):
        return np.ones_like(t)
    starts = np.concatenate(([min(0.0, starts[0])], starts)) if starts[0] > 0.0 else starts
    levels = np.concatenate(([1.0], levels)) if len(levels) < len(starts) else levels
    targets = 1.0 + share * (np.maximum(levels, 1.0) - 1.0)
    at_start = np.empty_like(targets)
    c = 1.0
    for j in range(len(starts)):
        at_start[j] = c
        if j + 1 < len(starts):
            c = targets[j] + (c - targets[j]) * np.exp(-(starts[j + 1] - starts[j]) / tau)
    idx = np.maximum(np.searchsorted(starts, t, side="right") - 1, 0)
    since = np.maximum(t - starts[idx], 0.0)
    return targets[idx] + (at_start[idx] - targets[idx]) * np.exp(-since / tau)
