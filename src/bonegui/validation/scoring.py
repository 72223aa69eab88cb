"""The CALIBRATION.md tolerance rule, and the few explicit rules some cases state.

Default rule (CALIBRATION.md): the model's effect is within +-35 % of the target effect or
+-1.0 percentage point, whichever is wider, for cumulative changes (``%``), and within +-35 % or
+-0.5 percentage point per year for yearly rates (``%/y``); the sign is always right. The
point floors only make sense for quantities in percent; for other units (mg/cm2/y, days) only
the relative +-35 % applies. A target given as a published range [lo, hi] passes anywhere from
lo minus its tolerance to hi plus its tolerance.

Other rules, used only where CALIBRATION.md states them:
- ``relative``: +-fraction of the target (C12 steady state +-0.5 %, C13 ratios +-3 %);
- ``above`` / ``below``: a direction or shape check against a limit (e.g. "then slower":
  post-transition rate / transition rate below 1; "OPG infusion gives net gain": bone volume
  change above 0);
- ``within``: the target plus or minus an absolute ``limit`` in the part's unit, where the case
  states one (C17: "spine and hip within +-1.5 % of baseline").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: CALIBRATION.md: "within +-35 % of the target effect ..."
DEFAULT_RELATIVE = 0.35
#: "... or +-1.0 percentage point (cumulative changes) / +-0.5 percentage point per year (yearly
#: rates), whichever is wider": the floor per unit
DEFAULT_FLOOR_POINTS = {"%": 1.0, "%/y": 0.5}
#: units in which a percentage-point floor applies
PERCENT_UNITS = tuple(DEFAULT_FLOOR_POINTS)

RULES = ("default", "relative", "above", "below", "within")


@dataclass(frozen=True)
class Tolerance:
    rule: str = "default"
    fraction: float = DEFAULT_RELATIVE  # "relative" (and "default")
    limit: float = 0.0  # "above" / "below"; the half-width for "within"

    def describe(self, unit: str) -> str:
        if self.rule == "default":
            floor = f" or ±{DEFAULT_FLOOR_POINTS[unit]:g} pt" if unit in PERCENT_UNITS else ""
            return f"±{DEFAULT_RELATIVE * 100:g} %{floor}, sign"
        if self.rule == "relative":
            return f"±{self.fraction * 100:g} %"
        if self.rule == "within":
            return f"±{_num(self.limit)} {unit}".rstrip()
        return f"{'>' if self.rule == 'above' else '<'} {_num(self.limit)}"


@dataclass(frozen=True)
class Band:
    """The accepted interval (either end may be infinite) and the sign the model must have
    (+1, -1, or 0 when the sign is not constrained)."""

    low: float
    high: float
    sign: int = 0
    #: open interval: direction checks ("net gain: > 0") must not pass on a flat model
    strict: bool = False

    def contains(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        if self.sign and (value == 0.0 or math.copysign(1.0, value) != self.sign):
            return False
        if self.strict:
            return self.low < value < self.high
        return self.low <= value <= self.high

    def text(self) -> str:
        if math.isinf(self.low) and math.isinf(self.high):
            return "any"
        if math.isinf(self.low):
            return f"< {_num(self.high)}"
        if math.isinf(self.high):
            return f"> {_num(self.low)}"
        return f"{_num(self.low)} .. {_num(self.high)}"


def _halfwidth(x: float, unit: str, fraction: float) -> float:
    floor = DEFAULT_FLOOR_POINTS.get(unit, 0.0)
    return max(fraction * abs(x), floor)


def band_for(target: tuple[float, float] | None, tolerance: Tolerance, unit: str) -> Band:
    """The interval a model value must fall in. ``target`` is (lo, hi); lo == hi for a single
    published value; None for pure direction checks."""
    if tolerance.rule == "above":
        return Band(tolerance.limit, math.inf, strict=True)
    if tolerance.rule == "below":
        return Band(-math.inf, tolerance.limit, strict=True)
    if target is None:
        raise ValueError(f"rule {tolerance.rule!r} needs a target")
    lo, hi = target
    if tolerance.rule == "default":
        low = lo - _halfwidth(lo, unit, DEFAULT_RELATIVE)
        high = hi + _halfwidth(hi, unit, DEFAULT_RELATIVE)
        # "the sign always right": the target's sign, when the published range has one
        sign = 1 if lo > 0 else -1 if hi < 0 else 0
        return Band(low, high, sign)
    if tolerance.rule == "relative":
        return Band(lo - tolerance.fraction * abs(lo), hi + tolerance.fraction * abs(hi))
    if tolerance.rule == "within":
        return Band(lo - tolerance.limit, hi + tolerance.limit)
    raise ValueError(f"unknown tolerance rule {tolerance.rule!r}; known: {', '.join(RULES)}")


def score(value: float, target: tuple[float, float] | None, tolerance: Tolerance, unit: str = "%") -> tuple[bool, Band]:
    """(passed, band) for one model value."""
    band = band_for(target, tolerance, unit)
    return band.contains(value), band


def _num(x: float) -> str:
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 100:
        return f"{x:.0f}"
    if a >= 0.01:
        return f"{x:#.3g}".rstrip(".")
    if a >= 0.001:
        return f"{x:.2g}"
    return f"{x:.3e}"


format_number = _num
