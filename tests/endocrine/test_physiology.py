"""Physiology over age for both sexes, against the published levels cited in endocrine_params."""

import numpy as np
import pytest

from bonegui.model.endocrine import REFERENCE_RANGES, hormone_levels
from bonegui.scenario.model import Patient, Scenario

YEAR = 365.25


def _life(patient: Patient, span: float):
    s = Scenario(patient=patient, span_years=span)
    return hormone_levels(s, np.arange(0.0, span * YEAR + 1.0))


def _at(h, years: float, name: str) -> float:
    return float(getattr(h, name)[int(round(years * YEAR))])


def test_natural_menopause_estradiol_progesterone_lh():
    h = _life(Patient(sex="female", age_years=40, menopause="natural", final_period_age_years=51), 30)
    pre, post = _at(h, 5, "estradiol_pg_ml"), _at(h, 20, "estradiol_pg_ml")
    assert 80 <= pre <= 130  # cycle average ~100 pg/mL
    assert 5 <= post <= 20  # peripheral aromatisation only
    # SWAN: decline starts ~2 y before the FMP and stabilises ~2 y after
    assert _at(h, 51 - 40 - 2.5, "estradiol_pg_ml") > 0.9 * pre
    # at least 95 % of the fall is over 2.5 y after the FMP (Randolph 2011 JCEM 96:746)
    assert (_at(h, 51 - 40 + 2.5, "estradiol_pg_ml") - post) < 0.05 * (pre - post)
    assert _at(h, 5, "progesterone_ng_ml") > 3.0 and _at(h, 20, "progesterone_ng_ml") < 0.5
    assert _at(h, 20, "lh_rel") > 3.0 * _at(h, 5, "lh_rel")


def test_surgical_menopause_drop_within_days():
    h = _life(Patient(sex="female", age_years=42, menopause="surgical", surgery_years=1.0), 3)
    d = int(YEAR)
    assert h.estradiol_pg_ml[d - 1] > 80
    assert h.estradiol_pg_ml[d + 3] < 20
    assert h.testosterone_ng_dl[d + 10] < 0.65 * h.testosterone_ng_dl[d - 1]  # ovarian androgens lost


def test_no_menopause_keeps_start_status():
    young = _life(Patient(sex="female", age_years=45, menopause="none"), 15)
    old = _life(Patient(sex="female", age_years=70, menopause="none"), 5)
    assert young.estradiol_pg_ml[-1] > 80  # no menopause within the scenario
    assert old.estradiol_pg_ml[0] < 20  # a 70-year-old starts postmenopausal


def test_male_testosterone_declines_about_one_percent_a_year():
    h = _life(Patient(sex="male", age_years=40), 30)
    t40, t70 = _at(h, 0, "testosterone_ng_dl"), _at(h, 30, "testosterone_ng_dl")
    rate = 1.0 - (t70 / t40) ** (1.0 / 30.0)
    assert 0.006 <= rate <= 0.016  # MMAS: 0.8 %/y cross-sectional, 1.6 %/y longitudinal
    assert _at(h, 30, "lh_rel") > _at(h, 0, "lh_rel")
    e2_40, e2_70 = _at(h, 0, "estradiol_pg_ml"), _at(h, 30, "estradiol_pg_ml")
    assert 20 <= e2_40 <= 40 and e2_70 < e2_40


def test_igf1_declines_with_age():
    h = _life(Patient(sex="male", age_years=25), 50)
    i25, i75 = _at(h, 0, "igf1_ng_ml"), _at(h, 50, "igf1_ng_ml")
    assert i25 == pytest.approx(250.0, rel=0.02)
    assert 0.35 <= i75 / i25 <= 0.55  # Bidlingmaier 2014


@pytest.mark.parametrize("sex", ["female", "male"])
def test_young_adult_levels_sit_in_the_reference_bands(sex):
    h = _life(Patient(sex=sex, age_years=25), 1)
    for name, bands in REFERENCE_RANGES.items():
        lo, hi = bands[sex]
        assert lo < hi
        v = float(getattr(h, name)[100])
        assert lo <= v <= hi, (name, sex, v, (lo, hi))
