"""The app's number formatting: ``bonegui.numbers`` with the decimal separator of the locale
the window runs in (QLocale), so labels agree with the spin boxes. Every app module formats
numbers for people through these functions."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from bonegui import numbers


def decimal_point() -> str:
    """The default locale's decimal separator ("." or ",")."""
    return QLocale().decimalPoint() or "."


def significant(x: float, figures: int = 6, *, plain: bool = False) -> str:
    """``x`` to ``figures`` significant figures, trailing zeros dropped: 100, 0.5, 12.5."""
    return numbers.significant(x, figures, plain=plain, point=decimal_point())


def fixed(x: float, decimals: int = 3, *, trim: bool = False, sign: bool = False) -> str:
    """``x`` with ``decimals`` decimals; ``trim`` drops trailing zeros: 2.25, 47.3, 120."""
    return numbers.fixed(x, decimals, trim=trim, sign=sign, point=decimal_point())


def localize(text: str) -> str:
    """A number pyqtgraph formatted (tick labels) with the locale's decimal separator."""
    point = decimal_point()
    return text if point == "." else text.replace(".", point)


def duration(t_years: float, *, days: bool = False) -> str:
    """A time as people say it: "5 y 1 mo", "7 mo", "18 d" (``days``: "2 y 3 mo 4 d")."""
    return numbers.duration(t_years, days=days)


def reading(x: float, figures: int = 3) -> str:
    """A model value in plain notation with ``figures`` significant figures: 15200, 0.00048."""
    return numbers.reading(x, figures, point=decimal_point())


def parse_decimal(text: str) -> float | None:
    """A number a person typed, with the locale's decimal separator or a ".": "5,5" and "5.5"
    are both 5.5 in a German locale (never 55: nothing here uses thousands separators).
    None if it is not a number."""
    t = text.strip().replace("\u2212", "-").replace(" ", "")
    point = decimal_point()
    if point != ".":
        t = t.replace(point, ".")
    try:
        value = float(t)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None
