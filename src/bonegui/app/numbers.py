"""The app's number formatting: ``bonegui.numbers`` with the decimal separator of the locale
the window runs in (QLocale), so labels agree with the spin boxes. Every app module formats
numbers for people through these three functions."""

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
