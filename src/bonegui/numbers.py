"""Numbers as the app writes them for people: the one formatter of labels, hints, readouts and
messages. Floor 1 (no Qt); the window passes its locale's decimal separator through
``bonegui.app.numbers``, which every app module uses.

- ``significant(x, figures=6)``: that many significant figures, trailing zeros dropped (Python's
  "g": 100, 0.5, 12.5, 0.000676; 1.41e+04 from 5 digits up unless ``plain=True``, which never
  uses an exponent: 14100);
- ``fixed(x, decimals)``: a fixed number of decimals ("0.00", "+1.25" with ``sign=True``);
  ``trim=True`` drops trailing zeros and never writes "-0" (2.25, 47.3, 120).

- ``duration(t_years)``: a time as people say it, "5 y 1 mo", "7 mo", "18 d" (never "5.08333");
  ``days=True`` keeps the days the month rounding would drop: "2 y 3 mo 4 d";
- ``reading(x)``: a measured value in plain notation with 3 significant figures (15200, 0.00048).

``point`` replaces the decimal point (e.g. "," for a German locale); there are no thousands
separators, so a number stays one token.
"""

from __future__ import annotations

import math


def significant(x: float, figures: int = 6, *, plain: bool = False, point: str = ".") -> str:
    """``x`` to ``figures`` significant figures without trailing zeros (format "g")."""
    text = f"{x:.{figures}g}"
    if plain and "e" in text and math.isfinite(x):
        exponent = math.floor(math.log10(abs(x)))
        text = f"{x:.{max(figures - 1 - exponent, 0)}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return _with_point(text, point)


def fixed(x: float, decimals: int = 3, *, trim: bool = False, sign: bool = False, point: str = ".") -> str:
    """``x`` with ``decimals`` decimals; ``trim``: trailing zeros (and a bare "-0") dropped."""
    text = f"{x:{'+' if sign else ''}.{decimals}f}"
    if trim:
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", "+0", ""):
            text = "+0" if sign else "0"
    return _with_point(text, point)


DAYS_PER_YEAR = 365.25  # as bonegui.model.units (this floor-1 module imports nothing of the model)
MONTHS_PER_YEAR = 12


def duration(t_years: float, *, days: bool = False) -> str:
    """Years as "5 y 1 mo" (nearest month), "7 mo", "0 y"; under a month in days ("18 d").
    ``days``: whole days kept ("2 y 3 mo 4 d"), for times set to the day."""
    if not math.isfinite(t_years):
        return "–"
    sign = "−" if t_years < 0 and round(abs(t_years) * DAYS_PER_YEAR) > 0 else ""
    a = abs(float(t_years))
    total_days = round(a * DAYS_PER_YEAR)
    if total_days == 0:
        return "0 y"
    if a < 1.0 / MONTHS_PER_YEAR - 0.5 / DAYS_PER_YEAR:
        return f"{sign}{total_days} d"
    if not days:
        y, m = divmod(round(a * MONTHS_PER_YEAR), MONTHS_PER_YEAR)
        return sign + _join((y, "y"), (m, "mo"))
    y = math.floor(a + 0.5 / DAYS_PER_YEAR)
    rest_days = round((a - y) * DAYS_PER_YEAR)
    month_days = DAYS_PER_YEAR / MONTHS_PER_YEAR
    m = min(int((rest_days + 0.5) // month_days), MONTHS_PER_YEAR - 1)
    d = max(round(rest_days - m * month_days), 0)
    return sign + _join((y, "y"), (m, "mo"), (d, "d"))


def _join(*parts: tuple[int, str]) -> str:
    return " ".join(f"{n} {unit}" for n, unit in parts if n) or "0 y"


def reading(x: float, figures: int = 3, *, point: str = ".") -> str:
    """A value read off the model: ``figures`` significant figures, never an exponent."""
    if not math.isfinite(x):
        return "–"
    if x == 0:
        return "0"
    return significant(x, figures, plain=True, point=point)


def _with_point(text: str, point: str) -> str:
    return text if point == "." else text.replace(".", point)
