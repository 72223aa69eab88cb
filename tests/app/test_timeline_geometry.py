"""Timeline editing arithmetic: snapping, limits with reasons, dose scale (no widgets)."""

import math

import pytest

from bonegui.app.timeline.geometry import (
    MIN_SPAN_YEARS,
    SNAP_DIVISIONS,
    dose_fraction,
    dose_from_fraction,
    dose_step,
    drag_therapy_time,
    fmt_time,
    hormone_lane_max,
    snap_years,
)
from bonegui.catalogue import agent
from bonegui.scenario import HORMONES, Therapy

MONTHS = SNAP_DIVISIONS["Months"]
WEEKS = SNAP_DIVISIONS["Weeks"]
T = Therapy("testosterone_cypionate", 100.0, "mg", "IM", 7.0, 1.0, 4.0)


def test_snap_keeps_whole_years_exact_and_rounds_to_grid():
    assert snap_years(2.0 + 0.01, MONTHS) == 2.0
    assert snap_years(1.0 + 1 / 12 + 0.02, MONTHS) == pytest.approx(13 / 12, abs=1e-12)
    assert snap_years(0.1, WEEKS) == pytest.approx(5 * 7 / 365.25)
    assert snap_years(0.123456, None) == 0.123456


def test_move_snaps_start_and_keeps_length():
    new, why = drag_therapy_time(T, "move", 1.03, 10.0, MONTHS)
    assert (new.start_years, new.stop_years, why) == (2.0, 5.0, "")


@pytest.mark.parametrize(
    "mode, dt, field, expected, reason",
    [
        ("move", -5.0, "start_years", 0.0, "scenario start"),
        ("move", +20.0, "stop_years", 10.0, "end of the scenario (10 y)"),
        ("start", +9.0, "start_years", 4.0 - MIN_SPAN_YEARS, "at least 1 week"),
        ("start", -3.0, "start_years", 0.0, "scenario start"),
        ("stop", -9.0, "stop_years", 1.0 + MIN_SPAN_YEARS, "at least 1 week"),
        ("stop", +30.0, "stop_years", 10.0, "end of the scenario"),
    ],
)
def test_drags_stop_at_the_limits_and_say_why(mode, dt, field, expected, reason):
    new, why = drag_therapy_time(T, mode, dt, 10.0, MONTHS)
    assert getattr(new, field) == pytest.approx(expected)
    assert reason in why
    assert 0.0 <= new.start_years < new.stop_years <= 10.0
    if mode == "move":
        assert new.stop_years - new.start_years == pytest.approx(3.0)


def test_unknown_drag_mode_names_the_allowed_ones():
    with pytest.raises(ValueError, match="move, start or stop"):
        drag_therapy_time(T, "resize", 1.0, 10.0, None)


def test_dose_scale_is_logarithmic_over_the_agent_range_and_clamps():
    a = agent("anastrozole")  # 0.1-10 mg: 0.1 x 100^f
    assert dose_fraction(1.0, a) == pytest.approx(0.5)
    assert dose_from_fraction(0.5, a) == (1.0, "")
    a = agent("testosterone_cypionate")  # 10-600 mg
    assert dose_fraction(100.0, a) == pytest.approx(math.log(10) / math.log(60))
    dose, why = dose_from_fraction(1.0, a)
    assert dose == 600.0 and why == ""
    dose, why = dose_from_fraction(0.0, a)
    assert dose == 10.0
    up, _ = dose_step(100.0, a, +1)
    down, _ = dose_step(100.0, a, -1)
    assert down < 100.0 < up
    top, why = dose_step(600.0, a, +1)
    assert top == 600.0 and "maximum" in why


def test_hormone_lane_ceiling_fits_levels_but_never_exceeds_the_allowed_maximum():
    assert hormone_lane_max("estradiol", []) == 150.0
    assert hormone_lane_max("estradiol", [400.0]) == pytest.approx(460.0)
    assert hormone_lane_max("estradiol", [1e6, math.nan]) == HORMONES["estradiol"].max_level


def test_time_labels_show_years_months_and_days_never_decimals():
    assert fmt_time(2.25, 45.0) == "2 y 3 mo (age 47 y 3 mo)"
    assert fmt_time(2.25 + 4 / 365.25, 45.0) == "2 y 3 mo 4 d (age 47 y 3 mo 4 d)"


def test_a_dose_drag_steps_by_the_agents_dose_step_not_by_the_lanes_pixels():
    from bonegui.app.timeline.geometry import dose_after_steps, dose_grid_step

    t = agent("testosterone_cypionate")  # 10-600 mg (highest documented use), usual 100
    assert dose_grid_step(t) == 10.0
    assert dose_after_steps(100.0, t, 2) == (120.0, "")  # a 7-px drag: two steps, not 100 -> 870 mg
    assert dose_grid_step(agent("anastrozole")) == pytest.approx(0.05)
    dose, why = dose_after_steps(590.0, t, 5)
    assert dose == 600.0 and "maximum dose" in why


def test_short_numbers_keep_integer_zeros():
    from bonegui.app.numbers import fixed

    assert [fixed(150, 0, trim=True), fixed(100.0, trim=True), fixed(2.50, trim=True),
            fixed(-0.0001, trim=True)] == ["150", "100", "2.5", "0"]
