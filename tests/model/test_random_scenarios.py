"""Any valid scenario gives finite, non-negative series (hypothesis over the scenario space)."""

import numpy as np
from hypothesis import HealthCheck, given, settings

from bonegui.model.simulate import simulate
from tests.strategies import scenarios

POSITIVE = ("obp_pm", "oba_pm", "oca_pm", "rankl_pm", "opg_pm", "bmd_spine_g_cm2", "bmd_hip_g_cm2",
            "formation_rel", "resorption_rel", "ctx_rel", "p1np_rel", "rankl_opg_ratio", "loading_rel")
NON_NEGATIVE = ("estradiol_pg_ml", "testosterone_ng_dl", "igf1_ng_ml", "progesterone_ng_ml", "lh_rel", "gh_rel")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(scenarios(max_span_years=8.0, max_therapies=2))
def test_any_valid_scenario_gives_finite_non_negative_series(s):
    r = simulate(s)
    for k in r.names:
        assert np.all(np.isfinite(r[k])), k
    for k in POSITIVE:
        assert np.all(r[k] > 0), k
    for k in NON_NEGATIVE:
        assert np.all(r[k] >= 0), k
    assert simulate(s).equals(r)
