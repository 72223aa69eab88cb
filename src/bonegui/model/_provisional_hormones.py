"""PROVISIONAL stand-in for the endocrine layer (bonegui.model.endocrine, another issue), used
only while that module does not exist, so simulate() runs for the GUI work. Smooth age/sex
physiology, no therapies, no overrides, no feedback. Delete when endocrine.py lands."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np


def hormone_levels(scenario, t_days):
    p = scenario.patient
    age = p.age_years + np.asarray(t_days, dtype=float) / 365.25
    igf1 = 250.0 * np.exp(-0.012 * np.maximum(age - 25.0, 0.0))
    if p.sex == "male":
        t = 600.0 * np.exp(-0.01 * np.maximum(age - 35.0, 0.0))
        e2 = 0.05 * t
    else:
        t = np.full_like(age, 30.0)
        e2 = np.full_like(age, 100.0)
        if p.menopause == "natural":
            x = np.clip((age - (p.final_period_age_years - 2.0)) / 4.0, 0.0, 1.0)
            e2 = 100.0 - 92.0 * x
        elif p.menopause == "surgical":
            e2 = np.where(np.asarray(t_days) >= p.surgery_years * 365.25, 8.0, 100.0)
    one = np.ones_like(age)
    return SimpleNamespace(estradiol_pg_ml=e2, testosterone_ng_dl=t, igf1_ng_ml=igf1,
                           progesterone_ng_ml=one * 1.0, lh_rel=one, gh_rel=one)
