"""Numbers read off a simulated Result: the quantity each calibration part compares.

Every function takes the Result and the quantity's parameters (times in years from the
scenario start, as in the scenario file) and returns one float. Series values between grid
points are linearly interpolated, so a quantity never depends on the output step.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from bonegui.model.units import DAYS_PER_YEAR
from bonegui.model.result import Result



class QuantityError(ValueError):
    """A quantity that cannot be computed (missing series, window outside the run)."""


def _series(result: Result, name: str) -> tuple[np.ndarray, np.ndarray]:
    if name not in result.names:
        raise QuantityError(f"the model's Result has no series {name!r}")
    return np.asarray(result["t_years"], float), np.asarray(result[name], float)


#: the daily grid stops at the last whole day, up to a day short of span_years: a time within
#: this margin past the last row reads the last row
END_MARGIN_YEARS = 1.01 / DAYS_PER_YEAR


def _value_at(result: Result, name: str, t_years: float) -> float:
    t, x = _series(result, name)
    if not t[0] - 1e-9 <= t_years <= t[-1] + END_MARGIN_YEARS:
        raise QuantityError(f"t = {t_years:g} y is outside the run (0-{t[-1]:g} y)")
    return float(np.interp(t_years, t, x))


def _window(result: Result, name: str, t0: float, t1: float) -> tuple[np.ndarray, np.ndarray]:
    t, x = _series(result, name)
    m = (t >= t0 - 1e-9) & (t <= t1 + 1e-9)
    if not m.any():
        raise QuantityError(f"no output between {t0:g} and {t1:g} y")
    return t[m], x[m]


def _baseline(result: Result, name: str, q: Mapping[str, Any]) -> float:
    """Mean of the series over [baseline_from_years, baseline_to_years] (before a dose)."""
    _, x = _window(result, name, q["baseline_from_years"], q["baseline_to_years"])
    b = float(np.mean(x))
    if not b > 0:
        raise QuantityError(f"baseline of {name} is {b:g}; a relative change needs a positive baseline")
    return b


def pct_change(result: Result, q: Mapping[str, Any]) -> float:
    """Percent change of a series from from_years to to_years (BMD change from baseline)."""
    x0 = _value_at(result, q["series"], q["from_years"])
    x1 = _value_at(result, q["series"], q["to_years"])
    if not x0 > 0:
        raise QuantityError(f"{q['series']} is {x0:g} at {q['from_years']:g} y")
    return 100.0 * (x1 / x0 - 1.0)


def rate_pct_per_year(result: Result, q: Mapping[str, Any]) -> float:
    """Annualised percent change between two times (%/y of the value at from_years)."""
    return pct_change(result, q) / (q["to_years"] - q["from_years"])


def rate_per_year(result: Result, q: Mapping[str, Any]) -> float:
    """Absolute change per year times ``scale`` (e.g. 1000 for g/cm2 -> mg/cm2)."""
    x0 = _value_at(result, q["series"], q["from_years"])
    x1 = _value_at(result, q["series"], q["to_years"])
    return float(q.get("scale", 1.0)) * (x1 - x0) / (q["to_years"] - q["from_years"])


def ratio(result: Result, q: Mapping[str, Any]) -> float:
    """Value at at_years over the value at ref_years (NHANES curves relative to age 25)."""
    ref = _value_at(result, q["series"], q["ref_years"])
    if not ref > 0:
        raise QuantityError(f"{q['series']} is {ref:g} at {q['ref_years']:g} y")
    return _value_at(result, q["series"], q["at_years"]) / ref


def mean_pct_vs_baseline(result: Result, q: Mapping[str, Any]) -> float:
    """Mean over [from_years, to_years] relative to the baseline-window mean, in percent
    (turnover markers after menopause vs before)."""
    _, x = _window(result, q["series"], q["from_years"], q["to_years"])
    return 100.0 * (float(np.mean(x)) / _baseline(result, q["series"], q) - 1.0)


def peak_pct_vs_baseline(result: Result, q: Mapping[str, Any]) -> float:
    """Highest value after dose_years relative to the pre-dose baseline, in percent."""
    _, x = _window(result, q["series"], q["dose_years"], q.get("to_years", np.inf))
    return 100.0 * (float(np.max(x)) / _baseline(result, q["series"], q) - 1.0)


def nadir_pct_vs_baseline(result: Result, q: Mapping[str, Any]) -> float:
    """Lowest value after dose_years relative to the pre-dose baseline, in percent."""
    _, x = _window(result, q["series"], q["dose_years"], q.get("to_years", np.inf))
    return 100.0 * (float(np.min(x)) / _baseline(result, q["series"], q) - 1.0)


def peak_day(result: Result, q: Mapping[str, Any]) -> float:
    """Days from the dose to the highest value."""
    t, x = _window(result, q["series"], q["dose_years"], q.get("to_years", np.inf))
    return float((t[int(np.argmax(x))] - q["dose_years"]) * DAYS_PER_YEAR)


def days_to_baseline(result: Result, q: Mapping[str, Any]) -> float:
    """Days from the dose until the series, after its peak, is first back within
    ``within`` (a fraction, e.g. 0.1) above the pre-dose baseline. If it never comes back
    within the run, the run's remaining length (a lower bound) is returned."""
    t, x = _window(result, q["series"], q["dose_years"], q.get("to_years", np.inf))
    limit = _baseline(result, q["series"], q) * (1.0 + float(q.get("within", 0.1)))
    ipk = int(np.argmax(x))
    back = np.nonzero(x[ipk:] <= limit)[0]
    t_back = t[ipk + back[0]] if back.size else t[-1]
    return float((t_back - q["dose_years"]) * DAYS_PER_YEAR)


def days_above(result: Result, q: Mapping[str, Any]) -> float:
    """Days (on the output grid) with the series at or above ``fold`` x the pre-dose baseline."""
    t, x = _window(result, q["series"], q["dose_years"], q.get("to_years", np.inf))
    above = x >= float(q["fold"]) * _baseline(result, q["series"], q)
    if t.size < 2:
        return 0.0
    dt = np.diff(t, append=t[-1] + (t[-1] - t[-2]))
    return float(np.sum(dt[above]) * DAYS_PER_YEAR)


def value_at(result: Result, q: Mapping[str, Any]) -> float:
    """The series at at_years (IGF-1 on treatment; a T-score at the end)."""
    return _value_at(result, q["series"], q["at_years"])


def max_rise_pct(result: Result, q: Mapping[str, Any]) -> float:
    """The largest percent rise of a series over any ``window_years`` inside the run (C14: no
    12-month spine gain above what the strongest bone drugs give)."""
    t, x = _series(result, q["series"])
    w = float(q["window_years"])
    if t[-1] - t[0] < w - END_MARGIN_YEARS:
        raise QuantityError(f"the run ({t[-1] - t[0]:g} y) is shorter than the window ({w:g} y)")
    w = min(w, float(t[-1] - t[0]))  # the daily grid may end up to a day short of the span
    later = np.interp(t + w, t, x)
    inside = t + w <= t[-1] + 1e-9
    return float(100.0 * np.max(later[inside] / x[inside] - 1.0))


def opposite_move_pct(result: Result, q: Mapping[str, Any]) -> float:
    """How far two series move in opposite directions between from_years and to_years: the
    smaller of their two percent changes when the signs differ, else 0 (C20: the RANKL/OPG
    ratio moves with CTX)."""
    a = pct_change(result, q)
    b = pct_change(result, {**q, "series": q["other"]})
    return float(min(abs(a), abs(b))) if a * b < 0 else 0.0


#: kind -> (function, the keys it needs besides "kind")
QUANTITIES: Mapping[str, tuple[Callable[[Result, Mapping[str, Any]], float], tuple[str, ...]]] = {
    "pct_change": (pct_change, ("series", "from_years", "to_years")),
    "rate_pct_per_year": (rate_pct_per_year, ("series", "from_years", "to_years")),
    "rate_per_year": (rate_per_year, ("series", "from_years", "to_years")),
    "ratio": (ratio, ("series", "at_years", "ref_years")),
    "mean_pct_vs_baseline": (mean_pct_vs_baseline, ("series", "from_years", "to_years", "baseline_from_years", "baseline_to_years")),
    "peak_pct_vs_baseline": (peak_pct_vs_baseline, ("series", "dose_years", "baseline_from_years", "baseline_to_years")),
    "nadir_pct_vs_baseline": (nadir_pct_vs_baseline, ("series", "dose_years", "baseline_from_years", "baseline_to_years")),
    "peak_day": (peak_day, ("series", "dose_years")),
    "days_to_baseline": (days_to_baseline, ("series", "dose_years", "baseline_from_years", "baseline_to_years")),
    "days_above": (days_above, ("series", "dose_years", "fold", "baseline_from_years", "baseline_to_years")),
    "value_at": (value_at, ("series", "at_years")),
    "max_rise_pct": (max_rise_pct, ("series", "window_years")),
    "opposite_move_pct": (opposite_move_pct, ("series", "other", "from_years", "to_years")),
}


def compute(result: Result, q: Mapping[str, Any]) -> float:
    fn, _ = QUANTITIES[q["kind"]]
    return fn(result, q)
