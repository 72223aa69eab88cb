"""Any valid scenario gives finite, non-negative series (hypothesis over the scenario space)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonegui.catalogue import catalogue
from bonegui.model.simulate import simulate
from bonegui.scenario import (
    ACTIVITY_LEVELS,
    CONDITIONS,
    HORMONES,
    ActivitySegment,
    HormoneOverride,
    Keyframe,
    Patient,
    Scenario,
    Therapy,
    validate_scenario,
)

POSITIVE = ("obp_pm", "oba_pm", "oca_pm", "rankl_pm", "opg_pm", "bmd_spine_g_cm2", "bmd_hip_g_cm2",
            "formation_rel", "resorption_rel", "ctx_rel", "p1np_rel", "rankl_opg_ratio", "loading_rel")
NON_NEGATIVE = ("estradiol_pg_ml", "testosterone_ng_dl", "igf1_ng_ml", "progesterone_ng_ml", "lh_rel", "gh_rel")


@st.composite
def therapies(draw, span):
    agents = catalogue()
    a = agents[draw(st.sampled_from(sorted(agents)))]
    start = draw(st.floats(0.0, span * 0.9))
    stop = draw(st.floats(min(span, start + 0.01), span))
    return Therapy(
        agent=a.id,
        dose=draw(st.floats(a.dose_min, a.dose_max)),
        dose_unit=a.dose_unit,
        route=draw(st.sampled_from(a.routes)),
        interval_days=draw(st.floats(a.interval_min_days, a.interval_max_days)),
        start_years=start,
        stop_years=stop,
    )


@st.composite
def scenarios(draw):
    sex = draw(st.sampled_from(("female", "male")))
    age = draw(st.floats(18.0, 80.0))
    span = draw(st.sampled_from((0.05, 0.5, 2.0, 8.0)))
    menopause = draw(st.sampled_from(("none", "natural", "surgical"))) if sex == "female" else "none"
    patient = Patient(
        sex=sex,
        age_years=age,
        menopause=menopause,
        final_period_age_years=draw(st.floats(40.0, 58.0)),
        surgery_years=draw(st.floats(0.0, span)),
        conditions=tuple(draw(st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=2))),
        habitual_activity=draw(st.sampled_from(tuple(ACTIVITY_LEVELS))),
        baseline_tscore=draw(st.one_of(st.none(), st.floats(-4.5, 2.5))),
    )
    acts = [ActivitySegment(0.0, draw(st.sampled_from(tuple(ACTIVITY_LEVELS))))]
    if draw(st.booleans()):
        acts.append(ActivitySegment(draw(st.floats(0.01, span)), draw(st.sampled_from(tuple(ACTIVITY_LEVELS)))))
    overrides = ()
    if draw(st.booleans()):
        h = draw(st.sampled_from(tuple(HORMONES)))
        t0 = draw(st.floats(0.0, span / 2))
        kfs = (Keyframe(t0, draw(st.floats(0.0, HORMONES[h].max_level))),
               Keyframe(draw(st.floats(t0 + 0.001, span)), draw(st.floats(0.0, HORMONES[h].max_level))))
        overrides = (HormoneOverride(h, kfs),)
    s = Scenario(
        patient=patient,
        therapies=tuple(draw(st.lists(therapies(span), max_size=2))),
        activity=tuple(sorted(acts, key=lambda a: a.start_years)),
        overrides=overrides,
        span_years=span,
    )
    validate_scenario(s)
    return s


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(scenarios())
def test_any_valid_scenario_gives_finite_non_negative_series(s):
    r = simulate(s)
    for k in r.names:
        assert np.all(np.isfinite(r[k])), k
    for k in POSITIVE:
        assert np.all(r[k] > 0), k
    for k in NON_NEGATIVE:
        assert np.all(r[k] >= 0), k
    assert simulate(s).equals(r)
