"""Hormone arrays fed directly to the model (no endocrine layer)."""

import numpy as np

from bonegui.scenario import ActivitySegment, Patient, Scenario

YOUNG_WOMAN = {"estradiol_pg_ml": 110.0, "testosterone_ng_dl": 35.0, "igf1_ng_ml": 250.0}


def levels_fn(**overrides):
    """levels(scenario, t_days) with constant young-woman levels, or a callable of t_days."""

    def levels(_scenario, t_days):
        t = np.asarray(t_days, dtype=float)
        out = {}
        for k, v in {**YOUNG_WOMAN, **overrides}.items():
            out[k] = np.asarray(v(t) if callable(v) else np.broadcast_to(v, t.shape), dtype=float)
        out.setdefault("progesterone_ng_ml", np.full_like(t, 5.2))
        out["lh_rel"] = np.ones_like(t)
        out["gh_rel"] = np.ones_like(t)
        return out

    return levels


def person(age=25.0, span=5.0, sex="female", activity=None, habitual="sedentary", **patient):
    acts = activity or ((0.0, habitual),)
    return Scenario(
        patient=Patient(sex=sex, age_years=age, habitual_activity=habitual, **patient),
        activity=tuple(ActivitySegment(t, lv) for t, lv in acts),
        span_years=span,
    )


def pct(series, t_index=-1):
    return (series[t_index] / series[0] - 1.0) * 100.0
