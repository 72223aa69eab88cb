"""One number formatter: plain and fixed notation, and the locale's decimal separator."""

import pytest
from PySide6.QtCore import QLocale

from bonegui import numbers
from bonegui.app import numbers as app_numbers


@pytest.mark.parametrize("x, figures, plain, text", [
    (100.0, 6, False, "100"), (0.5, 6, False, "0.5"), (12.5, 6, False, "12.5"),
    (0.000676123, 3, False, "0.000676"), (14100.3, 3, False, "1.41e+04"), (14100.3, 3, True, "14100"),
    (1e-7, 3, True, "0.0000001"), (-2.5, 6, False, "-2.5"),
])
def test_significant_figures(x, figures, plain, text):
    assert numbers.significant(x, figures, plain=plain) == text


@pytest.mark.parametrize("x, decimals, trim, sign, text", [
    (0.0, 2, False, False, "0.00"), (1.256, 2, False, True, "+1.26"), (-0.56, 2, False, True, "-0.56"),
    (150, 0, True, False, "150"), (2.5, 3, True, False, "2.5"), (-0.0001, 3, True, False, "0"),
    (47.25, 1, True, False, "47.2"),
])
def test_fixed_decimals(x, decimals, trim, sign, text):
    assert numbers.fixed(x, decimals, trim=trim, sign=sign) == text


def test_the_decimal_separator_is_the_locale_s():
    assert numbers.fixed(3.14159, 2, point=",") == "3,14"
    assert numbers.significant(14100.3, 3, point=",") == "1,41e+04"
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert app_numbers.fixed(2.25, 3, trim=True) == "2,25"
        assert app_numbers.localize("0.85") == "0,85"
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        assert app_numbers.significant(0.5) == "0.5"
    finally:
        QLocale.setDefault(before)
