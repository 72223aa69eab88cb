"""The menstrual cycle, for the fine view only.

The daily model uses cycle-average ovarian output (bone responds to estradiol over weeks to
months). The fine view shows the cycle itself: typical E2, progesterone and LH profiles by cycle
day, each scaled to mean 1 over the cycle so that the fine view's cycle mean equals the daily
model. The profiles are drawn physiology inputs (like the GH pulse pattern), shaped after the
phase-specific reference values of Stricker 2006 (Clin Chem Lab Med 44:883): E2 ~40 pg/mL early
follicular, ~250 at the pre-ovulatory peak, ~150 mid-luteal; P4 < 1 ng/mL follicular, ~15
mid-luteal; LH surge ~6x the follicular level. Day 0 of the scenario is cycle day 1 (assumed);
a 28-day cycle is assumed.
"""

from __future__ import annotations

import numpy as np

CYCLE_DAYS = 28.0

# (cycle day, level) knots; linear in between, periodic
_E2 = ((0, 40), (5, 50), (9, 90), (12.5, 250), (14, 180), (15.5, 90), (18, 120), (21, 160), (24, 140), (27, 60), (28, 40))
_P4 = ((0, 0.5), (14, 0.6), (16, 2.0), (18, 8.0), (21, 15.0), (24, 10.0), (26.5, 2.0), (28, 0.5))
_LH = ((0, 1.0), (11, 1.0), (12.5, 1.6), (13.5, 6.0), (14.5, 1.8), (16, 1.0), (28, 0.8))


def _profile(knots, t_days: np.ndarray) -> np.ndarray:
    x = np.array([k[0] for k in knots], dtype=np.float64)
    y = np.array([k[1] for k in knots], dtype=np.float64)
    grid = np.linspace(0.0, CYCLE_DAYS, 2801)
    mean = np.trapezoid(np.interp(grid, x, y), grid) / CYCLE_DAYS
    return np.interp(np.mod(t_days, CYCLE_DAYS), x, y) / mean


def estradiol_pattern(t_days: np.ndarray) -> np.ndarray:
    return _profile(_E2, t_days)


def progesterone_pattern(t_days: np.ndarray) -> np.ndarray:
    return _profile(_P4, t_days)


def lh_pattern(t_days: np.ndarray) -> np.ndarray:
    return _profile(_LH, t_days)
