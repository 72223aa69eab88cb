"""C10 and C11 (CALIBRATION.md): the model against the published single-dose time courses.

Tolerance (CALIBRATION.md): the model's effect within +-35 % of the target effect; the shape
right where one is named. The printed tables feed the report."""

import numpy as np

from bonegui.model.pharmacology import LN2, exposures, pk_value
from bonegui.scenario.model import Patient

from ._helpers import once, run

TOL = 0.35


def c10_course():
    """Nankin 1987: 11 hypogonadal men, one 200 mg IM testosterone cypionate dose."""
    pat = Patient(sex="male", age_years=55, conditions=("hypogonadism",))
    base = run(pat, days=30)
    on = run(pat, [once("testosterone_cypionate", 200, "mg", "IM")], days=30)
    return base, on


def test_c10_threefold_peak_on_day_2_to_5():
    base, on = c10_course()
    ratio = on.testosterone_ng_dl / base.testosterone_ng_dl
    effect = ratio.max() - 1.0
    assert abs(effect - 2.0) <= TOL * 2.0, f"peak {ratio.max():.2f}x, target 3x"
    assert 2 <= int(np.argmax(ratio)) <= 5


def test_c10_back_near_baseline_by_day_13_14():
    base, on = c10_course()
    rise = on.testosterone_ng_dl - base.testosterone_ng_dl
    # the remaining rise on days 13-14 is within the tolerance band of "back to baseline"
    assert np.mean(rise[13:15]) <= TOL * rise.max()
    assert np.all(np.diff(on.testosterone_ng_dl[5:20]) < 0)  # a monotone decline after the peak


def test_c10_lh_suppressed():
    base, on = c10_course()
    peak = int(np.argmax(on.testosterone_ng_dl))
    assert on.lh_rel[peak] < 0.35 * base.lh_rel[peak]


def c11_course(dose_mcg: float):
    """Teichman 2006: healthy adults 21-61 y, one SC dose of CJC-1295 (70 kg reference)."""
    pat = Patient(sex="male", age_years=40)
    base = run(pat, days=40)
    on = run(pat, [once("cjc1295_dac", dose_mcg, "mcg", "SC")], days=40)
    return on.igf1_ng_ml / base.igf1_ng_ml, on.gh_rel / base.gh_rel


def test_c11_igf1_rise_at_60_mcg_per_kg():
    igf, gh = c11_course(60 * 75)
    assert 1.5 <= igf.max() <= 3.0
    # "for 9-11 d": read (as resources/validation/C11.json does) as days at or above 1.5x baseline
    days_elevated = int(np.sum(igf >= 1.5))
    assert 9 * (1 - TOL) <= days_elevated <= 11 * (1 + TOL), days_elevated
    assert 2.0 <= gh.max() <= 10.0  # mean GH 2-10x
    assert int(np.sum(gh >= 2.0)) >= 6  # "for 6 days or more"


def test_c11_dose_dependent_up_to_threefold():
    peaks = [c11_course(d * 70)[0].max() for d in (30, 60, 125)]
    assert peaks[0] < peaks[1] < peaks[2]
    assert peaks[2] <= 3.0 * (1 + TOL) and peaks[2] >= 2.0


def test_c11_half_life_in_published_range():
    th = once("cjc1295_dac", 4200, "mcg", "SC")
    t = np.array([15.0, 25.0])
    # GH stimulation is a monotone function of the amount in the body; read the amount directly
    from bonegui.model.pharmacology import _first_order_amount

    amount, ke = _first_order_amount(th, t, 0.0, th.dose)
    half_life = 10.0 * LN2 / np.log(amount[0] / amount[1])
    assert 5.8 <= half_life <= 8.1
    assert 5.8 <= pk_value("cjc1295_dac", "half_life") <= 8.1


def test_exposure_scaling_is_linear_in_dose():
    t = np.arange(0.0, 30.0)
    a = exposures([once("testosterone_cypionate", 100, "mg", "IM")], "male", t, 1.0).testosterone_ng_dl
    b = exposures([once("testosterone_cypionate", 200, "mg", "IM")], "male", t, 1.0).testosterone_ng_dl
    np.testing.assert_allclose(b, 2.0 * a, rtol=1e-12)
