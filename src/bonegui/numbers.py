"""Numbers as the app writes them for people: the one formatter of labels, hints, readouts and
messages. Floor 1 (no Qt); the window passes its locale's decimal separator through
``bonegui.app.numbers``, which every app module uses.

- ``significant(x, figures=6)``: that many significant figures, trailing zeros dropped (Python's
  "g": 100, 0.5, 12.5, 0.000676; 1.41e+04 from 5 digits up unless ``plain=True``, which never
  uses an exponent: 14100);
- ``fixed(x, decimals)``: a fixed number of decimals ("0.00", "+1.25" with ``sign=True``);
  ``trim=True`` drops trailing zeros and never writes "-0" (2.25, 47.3, 120).

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


def _with_point(text: str, point: str) -> str:
    return text if point == "." else text.replace(".", point)
