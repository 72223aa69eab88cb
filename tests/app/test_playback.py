"""Playback clock and toolbar: speed range, step, play to the end, reset."""

from __future__ import annotations

import pytest

from bonegui.app.playback import SPEEDS, STEPS_PER_SPAN, Playback, PlaybackBar


@pytest.fixture
def playback(qtbot):
    p = Playback()
    p.set_span(10.0)
    return p


def test_speed_range_is_half_to_sixteen_years_per_second(playback):
    assert SPEEDS[0] == 0.5 and SPEEDS[-1] == 16.0
    playback.set_speed(16.0)
    assert playback.speed == 16.0
    with pytest.raises(ValueError, match="speed: 32 is outside 0.5-16 years per second"):
        playback.set_speed(32.0)


def test_step_advances_a_fiftieth_of_the_span_and_clamps(playback):
    playback.step()
    assert playback.t_years == pytest.approx(10.0 / STEPS_PER_SPAN)
    assert playback.active and not playback.playing
    playback.set_t(9.9)
    playback.step()
    assert playback.t_years == 10.0


def test_play_runs_to_the_end_and_stops(qtbot, playback):
    playback.set_span(2.0)
    playback.set_speed(16.0)
    with qtbot.waitSignal(playback.playingChanged, timeout=3000, check_params_cb=lambda on: on is False):
        playback.play()
        assert playback.playing
    assert playback.t_years == 2.0
    assert playback.active  # the curves stay revealed up to the end until reset


def test_play_moves_time_at_the_chosen_speed(playback, monkeypatch):
    """Each tick advances by the wall-clock time since the last one times the speed (a fake
    clock: no timing in tests)."""
    from bonegui.app import playback as playback_module

    now = [100.0]
    monkeypatch.setattr(playback_module.time, "perf_counter", lambda: now[0])
    playback.set_speed(4.0)
    playback.play()
    now[0] += 0.25
    playback._tick()
    assert playback.t_years == pytest.approx(1.0)
    playback.set_speed(0.5)
    now[0] += 0.5
    playback._tick()
    assert playback.t_years == pytest.approx(1.25)
    playback.pause()


def test_reset_goes_back_and_shows_the_whole_run(playback):
    playback.set_t(4.0)
    playback.step()
    playback.reset()
    assert playback.t_years == 0.0 and not playback.active and not playback.playing


def test_bar_buttons_drive_the_clock(qtbot, playback):
    bar = PlaybackBar(playback)
    qtbot.addWidget(bar)
    bar.set_start_age(50.0)
    bar.step_action.trigger()
    assert playback.t_years == pytest.approx(0.2)
    assert bar.time_label.text().strip() == "2 mo · age 50 y 2 mo"  # never "0.20 y"
    bar.speed_box.setCurrentIndex(SPEEDS.index(8.0))
    assert playback.speed == 8.0
    bar.show()
    qtbot.waitExposed(bar)
    before = [bar.widgetForAction(a).geometry() for a in (bar.reset_action, bar.step_action)]
    label_x = bar.time_label.geometry().x()
    bar.play_action.trigger()
    assert playback.playing and bar.play_action.text() == "Pause"
    qtbot.wait(20)
    # the toolbar does not shift: Pause takes Play's place at the same width
    assert [bar.widgetForAction(a).geometry() for a in (bar.reset_action, bar.step_action)] == before
    assert bar.time_label.geometry().x() == label_x
    bar.play_action.trigger()
    assert not playback.playing and bar.play_action.text() == "Play"
    bar.reset_action.trigger()
    assert playback.t_years == 0.0
