"""The CALIBRATION.md tolerance rule on synthetic numbers."""

import math

import pytest

from bonegui.validation.scoring import Tolerance, band_for, score

DEFAULT = Tolerance()


@pytest.mark.parametrize(
    "value, target, ok",
    [
        (-10.6, -10.6, True),
        (-14.30, -10.6, True),  # 35 % of 10.6 = 3.71: the band ends at -14.31
        (-14.4, -10.6, False),
        (-6.9, -10.6, True),
        (-6.8, -10.6, False),
        (6.8 * 1.34, 6.8, True),
        (6.8 * 1.36, 6.8, False),
        (6.8 * 0.66, 6.8, True),
        (6.8 * 0.64, 6.8, False),
    ],
)
def test_relative_35_percent_band(value, target, ok):
    assert score(value, (target, target), DEFAULT, "%")[0] is ok


@pytest.mark.parametrize(
    "value, ok",
    [(1.7 + 0.99, True), (1.7 + 1.01, False), (0.71, True), (0.69, False)],
)
def test_percentage_point_floor_is_used_when_wider(value, ok):
    # CALIBRATION.md: 35 % of 1.7 is 0.6 points; the 1.0-point floor of cumulative changes is
    # wider: band 0.7 .. 2.7
    passed, band = score(value, (1.7, 1.7), DEFAULT, "%")
    assert band.low == pytest.approx(0.7) and band.high == pytest.approx(2.7)
    assert passed is ok


def test_yearly_rates_have_their_own_half_point_floor_and_other_units_none():
    # CALIBRATION.md: yearly rates within 35 % or 0.5 point per year
    b = band_for((-1.1, -1.1), DEFAULT, "%/y")
    assert (b.low, b.high) == (pytest.approx(-1.6), pytest.approx(-0.6))
    b = band_for((-0.6, -0.6), DEFAULT, "%/y")  # 35 % is 0.21: the floor is wider
    assert (b.low, b.high) == (pytest.approx(-1.1), pytest.approx(-0.1))
    b = band_for((-2.5, -2.5), DEFAULT, "mg/cm²/y")
    assert (b.low, b.high) == (pytest.approx(-3.375), pytest.approx(-1.625))


def test_wrong_sign_fails_even_inside_the_floor():
    # target -0.3 %/y: the 0.5-point floor reaches +0.2, but a gain is the wrong sign
    passed, band = score(0.1, (-0.3, -0.3), DEFAULT, "%/y")
    assert band.high > 0.1 and passed is False
    assert score(-0.1, (-0.3, -0.3), DEFAULT, "%/y")[0] is True
    assert score(0.0, (-0.3, -0.3), DEFAULT, "%/y")[0] is False
    assert score(-0.2, (0.5, 0.5), DEFAULT, "%")[0] is False


def test_within_rule_is_an_absolute_half_width():
    t = Tolerance("within", limit=1.5)
    b = band_for((0.0, 0.0), t, "%")
    assert (b.low, b.high) == (-1.5, 1.5) and b.sign == 0
    assert score(-1.49, (0.0, 0.0), t)[0] and not score(1.51, (0.0, 0.0), t)[0]
    assert t.describe("%") == "±1.50 %"


def test_published_range_widens_at_both_ends():
    band = band_for((79.0, 97.0), DEFAULT, "%")
    assert band.low == pytest.approx(79 * 0.65) and band.high == pytest.approx(97 * 1.35)
    assert score(88.0, (79.0, 97.0), DEFAULT)[0]
    assert not score(140.0, (79.0, 97.0), DEFAULT)[0]


def test_relative_rule_and_direction_checks():
    rel = Tolerance("relative", fraction=0.03)
    assert score(0.847 * 1.029, (0.847, 0.847), rel, "")[0]
    assert not score(0.847 * 1.031, (0.847, 0.847), rel, "")[0]
    above = Tolerance("above", limit=0.0)
    assert score(1e-6, None, above)[0]
    assert not score(0.0, None, above)[0]  # a flat model shows no gain
    assert not score(-1.0, None, above)[0]
    below = Tolerance("below", limit=1.0)
    assert score(0.2, None, below)[0] and not score(1.0, None, below)[0]


def test_non_finite_never_passes():
    assert not score(math.nan, (1.0, 1.0), DEFAULT)[0]
    assert not score(math.inf, None, Tolerance("above", limit=0.0))[0]
