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


@pytest.mark.parametrize("t, days, text", [
    (0.0, False, "0 y"), (5 + 1 / 12, False, "5 y 1 mo"), (5.08333, False, "5 y 1 mo"), (0.5, False, "6 mo"),
    (2.0, False, "2 y"), (18 / 365.25, False, "18 d"), (11.99 / 12 + 1, False, "2 y"), (-0.25, False, "−3 mo"),
    (2.25 + 4 / 365.25, True, "2 y 3 mo 4 d"), (3.0, True, "3 y"), (1 / 365.25, True, "1 d"),
])
def test_durations_read_as_years_months_and_days(t, days, text):
    assert numbers.duration(t, days=days) == text


@pytest.mark.parametrize("x, text", [(15200.4, "15200"), (0.000481, "0.000481"), (1.0, "1"), (0.0, "0"),
                                     (2.346e-7, "0.000000235"), (float("nan"), "–")])
def test_readings_are_plain_with_three_significant_figures(x, text):
    assert numbers.reading(x) == text


def test_typed_decimals_accept_the_locale_separator_and_a_point():
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert app_numbers.parse_decimal("5.5") == 5.5 and app_numbers.parse_decimal("5,5") == 5.5
        assert app_numbers.parse_decimal("abc") is None
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        assert app_numbers.parse_decimal("5.5") == 5.5
    finally:
        QLocale.setDefault(before)
