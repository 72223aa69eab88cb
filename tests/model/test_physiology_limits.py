"""Limits of human bone that every scenario must respect (CALIBRATION C14, C17, C20), checked
over random valid scenarios: no gain beyond what the strongest bone drugs achieve, and a
RANKL/OPG ratio that moves with resorption."""

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonegui.model.simulate import simulate
from bonegui.scenario import ActivitySegment, HormoneOverride, Keyframe, Patient, Scenario, Therapy
from bonegui.validation.quantities import max_rise_pct, opposite_move_pct
from tests.strategies import scenarios

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _max_rise(r, years):
    span = r.t_years[-1] - r.t_years[0]
    if span < years:
        years = span
    if years <= 0:
        return 0.0
    return max_rise_pct(r, {"series": "bmd_spine_g_cm2", "window_years": years})


@SETTINGS
@given(scenarios(max_span_years=8.0, max_therapies=3))
def test_no_scenario_gains_faster_than_the_strongest_bone_drugs(s):
    r = simulate(s, step_days=7.0)
    assert np.all(np.isfinite(r.bmd_spine_g_cm2)) and np.all(np.isfinite(r.rankl_opg_ratio))
    assert _max_rise(r, 1.0) <= 13.0  # romosozumab +13.3 % spine at 12 months (FRAME)
    if r.t_years[-1] >= 5.0:
        assert _max_rise(r, 5.0) <= 20.0


@st.composite
def held_scenarios(draw):
    """A random history (therapies, activity) up to t_hold, then every input held constant:
    each hormone overridden at a steady level, one activity level, no therapy."""
    s = draw(scenarios(max_span_years=4.0, max_therapies=2))
    hold = s.span_years
    tail = draw(st.floats(2.0, 6.0))
    span = hold + tail
    if s.patient.age_years + span > 110.0:
        s = s.with_patient(age_years=110.0 - span)
    levels = {
        "estradiol": draw(st.floats(5.0, 400.0)),
        "testosterone": draw(st.floats(5.0, 1500.0)),
        "igf1": draw(st.floats(50.0, 600.0)),
        "progesterone": draw(st.floats(0.1, 20.0)),
    }
    def earlier(h):
        ov = s.override_for(h)
        return tuple(k for k in (ov.keyframes if ov else ()) if k.t_years < hold)

    overrides = tuple(HormoneOverride(h, earlier(h) + (Keyframe(hold, v), Keyframe(span, v)))
                      for h, v in sorted(levels.items()))
    activity = s.activity + (ActivitySegment(hold + 1e-6 if s.activity[-1].start_years >= hold else hold, draw(st.sampled_from([a.level for a in s.activity]))),)
    p = s.patient
    if p.menopause == "surgical" and p.surgery_years > hold:
        p = replace(p, surgery_years=hold)
    return replace(s, patient=p, span_years=span, overrides=overrides, activity=activity), hold


@SETTINGS
@given(held_scenarios())
def test_rankl_opg_ratio_and_ctx_never_move_apart_while_inputs_are_constant(case):
    s, hold = case
    r = simulate(s, step_days=7.0)
    # a few months for the cells to settle after the last change, then year by year
    t0, end = hold + 0.5, r.t_years[-1]
    edges = np.arange(t0, end, 1.0).tolist() + [end]
    for a, b in zip(edges[:-1], edges[1:]):
        if b - a < 0.25:
            continue
        q = {"series": "rankl_opg_ratio", "other": "ctx_rel", "from_years": a, "to_years": b}
        assert opposite_move_pct(r, q) <= 5.0, (a, b)
    assert opposite_move_pct(r, {"series": "rankl_opg_ratio", "other": "ctx_rel", "from_years": t0, "to_years": end}) <= 5.0


def test_a_tenfold_testosterone_dose_is_not_a_tenfold_effect():
    def effect(mg_week):
        man = Patient(sex="male", age_years=65.0, conditions=("hypogonadism",))
        on = Scenario(patient=man, span_years=3.0, therapies=(Therapy("testosterone_cypionate", mg_week, "mg", "IM", 7.0, 0.0, 3.0),))
        off = Scenario(patient=man, span_years=3.0)
        a, b = simulate(on, step_days=7.0).bmd_spine_g_cm2, simulate(off, step_days=7.0).bmd_spine_g_cm2
        return 100.0 * (a[-1] / a[0] - b[-1] / b[0])

    usual, high = effect(60.0), effect(600.0)
    assert usual > 0.5
    assert high < 2.0 * usual


def test_the_later_estrogen_starts_after_oophorectomy_the_more_is_lost_first():
    woman = Patient(sex="female", age_years=45.0, menopause="surgical", surgery_years=0.0)

    def spine_at_6y(start):
        s = Scenario(patient=woman, span_years=6.0,
                     therapies=(Therapy("estradiol_transdermal", 50.0, "mcg/day", "transdermal", 3.5, start, 6.0),))
        r = simulate(s, step_days=7.0)
        return r.bmd_spine_g_cm2[-1] / r.bmd_spine_g_cm2[0]

    early, late = spine_at_6y(0.0), spine_at_6y(3.0)
    assert late < early - 0.02
