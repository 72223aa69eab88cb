"""Small builders shared by the endocrine tests."""

from __future__ import annotations

import numpy as np

from bonegui.model.endocrine import HormoneLevels, hormone_levels
from bonegui.scenario.model import Patient, Scenario, Therapy

DAY = 1.0
YEAR = 365.25


def run(patient: Patient, therapies=(), days: float = 60.0, overrides=()) -> HormoneLevels:
    s = Scenario(patient=patient, therapies=tuple(therapies), overrides=tuple(overrides),
                 span_years=max(days / YEAR, 0.05))
    return hormone_levels(s, np.arange(0.0, days + 1.0))


def once(agent: str, dose: float, unit: str, route: str) -> Therapy:
    """A single dose at t = 0 (the interval is longer than the therapy)."""
    return Therapy(agent, dose, unit, route, 28.0, 0.0, 0.05)


def daily(agent: str, dose: float, unit: str, route: str, interval: float = 1.0, start=0.0, stop=1.0) -> Therapy:
    return Therapy(agent, dose, unit, route, interval, start, stop)


def window_mean(x: np.ndarray, a: int, b: int) -> float:
    return float(np.mean(x[a:b]))
