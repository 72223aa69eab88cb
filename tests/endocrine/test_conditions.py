"""Conditions read as what they are: a hypogonadal man's testosterone is below the normal band."""

import numpy as np
import pytest

from bonegui.model.endocrine import REFERENCE_RANGES, hormone_levels
from bonegui.scenario import Patient, Scenario


def _t0(patient: Patient):
    return hormone_levels(Scenario(patient=patient, span_years=1), np.array([0.0]))


@pytest.mark.parametrize("age", [55.0, 65.0, 72.0])
def test_hypogonadal_man_reads_low(age):
    low, _ = REFERENCE_RANGES["testosterone_ng_dl"]["male"]
    hypo = _t0(Patient(sex="male", age_years=age, conditions=("hypogonadism",)))
    healthy = _t0(Patient(sex="male", age_years=age))
    assert hypo.testosterone_ng_dl[0] < low <= healthy.testosterone_ng_dl[0]
    assert hypo.lh_rel[0] > healthy.lh_rel[0]  # the pituitary pushes against the low T


def test_hypogonadal_man_at_72_matches_testosterone_trials_entry():
    """TTrials enrolled men ≥ 65 with T < 275 ng/dL (mean ~236 at ~72 y, Snyder 2016)."""
    t = _t0(Patient(sex="male", age_years=72, conditions=("hypogonadism",))).testosterone_ng_dl[0]
    assert 150 < t < 275
