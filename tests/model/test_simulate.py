"""simulate()/iter_simulate(): the contract, determinism, numerics over long runs."""

import numpy as np
import pytest

from bonegui.model.result import SERIES_UNITS, Result
from bonegui.model.simulate import iter_simulate, simulate, time_grid_days
from bonegui.model.tissue import who_class
from bonegui.scenario import Keyframe, Patient, Scenario, ScenarioError, Therapy

CONCENTRATIONS = ("obp_pm", "oba_pm", "oca_pm", "rankl_pm", "opg_pm", "estradiol_pg_ml", "testosterone_ng_dl", "igf1_ng_ml")


def _woman(span=6.0, **kw):
    p = dict(sex="female", age_years=49.0, menopause="natural", final_period_age_years=51.0)
    p.update(kw)
    return Scenario(patient=Patient(**p), span_years=span)


def _man_on_trt(span=3.0):
    return Scenario(
        patient=Patient(sex="male", age_years=60.0, conditions=("hypogonadism",)),
        therapies=(Therapy("testosterone_cypionate", 100.0, "mg", "IM", 7.0, 0.5, 2.0),),
        span_years=span,
    )


def test_every_series_on_the_daily_grid():
    s = _woman(span=2.0)
    r = simulate(s)
    assert r.names == tuple(SERIES_UNITS)
    assert len(r) == len(time_grid_days(s))
    assert r.t_years[1] * 365.25 == pytest.approx(1.0)
    assert r.age_years[0] == 49.0
    for k in r.names:
        assert r[k].dtype == np.float64 and np.all(np.isfinite(r[k])), k


def test_bit_identical_and_chunks_concatenate_to_simulate():
    s = _man_on_trt()
    a, b = simulate(s), simulate(s)
    assert a.equals(b)
    for chunk in (1.0, 30.0, 365.25, 1000.0):
        assert Result.concat(iter_simulate(s, chunk_days=chunk)).equals(a), chunk


def test_iterator_stops_quietly_when_cancelled():
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    parts = list(iter_simulate(_woman(span=6.0), cancelled=cancelled))
    assert len(parts) == 2 and len(parts[0]) == 365  # one year of daily rows per chunk


def test_coarser_step_matches_daily_run():
    s = _woman(span=6.0)
    daily = simulate(s)
    weekly = simulate(s, step_days=7.0)
    assert weekly.t_years[1] * 365.25 == pytest.approx(7.0)
    t = weekly.t_years[-1]
    assert weekly.bmd_spine_g_cm2[-1] == pytest.approx(daily.at(t)["bmd_spine_g_cm2"], rel=2e-3)


def test_invalid_scenario_raises_scenario_error():
    bad = _woman().with_patient(age_years=12.0)
    with pytest.raises(ScenarioError, match="age_years"):
        simulate(bad)
    with pytest.raises(ScenarioError):
        next(iter_simulate(bad))


def test_sixty_years_daily_is_stable_through_step_changes():
    s = Scenario(
        patient=Patient(sex="female", age_years=30.0, menopause="natural", final_period_age_years=50.0),
        therapies=(Therapy("estradiol_transdermal", 50.0, "mcg/day", "transdermal", 3.5, 25.0, 35.0),),
        span_years=60.0,
    ).with_override("igf1", (Keyframe(40.0, 150.0), Keyframe(41.0, 400.0), Keyframe(45.0, 400.0)))
    r = simulate(s)
    assert len(r) == 21916
    for k in r.names:
        assert np.all(np.isfinite(r[k])), k
    for k in CONCENTRATIONS:
        assert np.all(r[k] > 0), k
    # no day-to-day artefact: BMD moves smoothly (< 0.1 % a day, no zig-zag) even where the
    # therapy and the override switch on and off
    for site in ("bmd_spine_g_cm2", "bmd_hip_g_cm2"):
        step = np.diff(np.log(r[site]))
        assert np.max(np.abs(step)) < 1e-3, site
        assert np.max(np.abs(np.diff(step))) < 3e-4, site
    # the cells settle within weeks of a switch, without overshooting to nonsense
    assert np.max(r.oca_pm) < 10 * np.min(r.oca_pm)


def test_start_bmd_from_history_or_from_baseline_tscore():
    young = simulate(Scenario(patient=Patient(sex="female", age_years=25.0), span_years=1.0))
    old = simulate(_woman(span=1.0, age_years=70.0, final_period_age_years=50.0))
    assert young.tscore_hip[0] == pytest.approx(0.0, abs=1e-9)
    assert old.tscore_hip[0] < -0.5  # age-typical loss after menopause
    given = simulate(_woman(span=1.0, age_years=70.0, final_period_age_years=50.0, baseline_tscore=-2.7))
    assert given.tscore_hip[0] == pytest.approx(-2.7, abs=1e-9)
    assert given.tscore_spine[0] == pytest.approx(-2.7, abs=1e-9)
    assert who_class(given.tscore_hip[0]) == "osteoporosis"
    # same history, so the same relative course
    assert np.allclose(given.bmd_hip_g_cm2 / given.bmd_hip_g_cm2[0], old.bmd_hip_g_cm2 / old.bmd_hip_g_cm2[0])


def test_markers_and_ratio_are_one_for_the_young_woman_reference():
    r = simulate(Scenario(patient=Patient(sex="female", age_years=25.0), span_years=0.5))
    for k in ("ctx_rel", "p1np_rel", "formation_rel", "resorption_rel", "rankl_opg_ratio", "loading_rel"):
        assert r[k][0] == pytest.approx(1.0, rel=1e-6), k
