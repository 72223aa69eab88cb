"""One test per mechanism: each modulator moves the cells and BMD the published way, and each
is exactly 1 at the reference state."""

import numpy as np
import pytest

from bonegui.model.loading import age_loading_factor
from bonegui.model.modulators import (
    androgen_receptor_effect,
    estradiol_effects,
    igf1_effects,
)
from bonegui.model.parameters import REFERENCE_HORMONES
from bonegui.model.simulate import build_drive, simulate

from ._feed import levels_fn, pct, person

REF = {k: c.value for k, c in REFERENCE_HORMONES.items()}


def test_every_modulator_is_exactly_one_at_the_reference():
    assert all(float(f) == 1.0 for f in estradiol_effects(REF["estradiol_pg_ml"]))
    assert float(androgen_receptor_effect(REF["testosterone_ng_dl"])) == 1.0
    assert all(float(f) == 1.0 for f in igf1_effects(REF["igf1_ng_ml"]))
    assert float(age_loading_factor(25.0)) == 1.0


def test_reference_person_stays_at_the_pivonka_steady_state():
    r = simulate(person(age=25.0, span=5.0), levels=levels_fn())  # before the age term starts
    assert np.allclose(r.oca_pm, 8.0696e-4, rtol=1e-4)
    assert np.allclose(r.oba_pm, 5.5839e-4, rtol=1e-4)
    assert abs(pct(r.bmd_spine_g_cm2)) < 0.5  # only the slow age term (PTH) acts after 30 y


def test_low_estradiol_raises_rankl_opg_and_osteoclasts_and_bmd_falls():
    hi = simulate(person(), levels=levels_fn(estradiol_pg_ml=100.0))
    lo = simulate(person(), levels=levels_fn(estradiol_pg_ml=8.0))
    assert lo.rankl_opg_ratio[400] > 1.3 * hi.rankl_opg_ratio[400]
    assert lo.oca_pm[400] > 1.3 * hi.oca_pm[400]
    assert pct(lo.bmd_spine_g_cm2) < pct(hi.bmd_spine_g_cm2) - 2.0
    assert pct(lo.bmd_hip_g_cm2) < pct(hi.bmd_hip_g_cm2) - 1.0


def test_estradiol_acts_the_same_in_both_sexes():
    lv = levels_fn(estradiol_pg_ml=20.0, testosterone_ng_dl=30.0)
    w = simulate(person(sex="female"), levels=lv)
    m = simulate(person(sex="male"), levels=lv)
    assert np.array_equal(w.oca_pm, m.oca_pm) and np.array_equal(w.oba_pm, m.oba_pm)


def test_testosterone_is_anabolic_through_ar_only():
    lo = simulate(person(), levels=levels_fn(testosterone_ng_dl=30.0))
    hi = simulate(person(), levels=levels_fn(testosterone_ng_dl=600.0))
    assert hi.formation_rel[400] > lo.formation_rel[400]
    assert pct(hi.bmd_spine_g_cm2) > pct(lo.bmd_spine_g_cm2) + 0.5
    # no second copy of the estrogen effect: T leaves the RANKL/OPG expression multipliers alone
    t = np.array([0.0, 1.0])
    d_lo = build_drive(levels_fn(testosterone_ng_dl=30.0)(None, t), np.ones(2))
    d_hi = build_drive(levels_fn(testosterone_ng_dl=600.0)(None, t), np.ones(2))
    for name in ("f_rankl", "f_opg", "f_oc_apoptosis", "f_ob_apoptosis", "f_ocp"):
        assert np.array_equal(getattr(d_lo, name), getattr(d_hi, name)), name


def test_gh_start_gives_an_early_bmd_dip_then_a_gain():
    def igf1(t):
        return np.where(t >= 365.0, 500.0, 250.0)  # IGF-1 doubles at year 1

    r = simulate(person(span=6.0), levels=levels_fn(igf1_ng_ml=igf1))
    y = r.t_years
    spine = r.bmd_spine_g_cm2
    at_start = spine[np.searchsorted(y, 1.0)]
    first_year = spine[(y > 1.0) & (y < 2.0)]
    assert r.resorption_rel[np.searchsorted(y, 1.2)] > 1.1 and r.formation_rel[np.searchsorted(y, 1.5)] > 1.1
    assert first_year.min() < at_start * (1 - 1e-3)  # remodelling space opens first
    assert spine[-1] > at_start * (1 + 5e-3)  # then formation wins


@pytest.mark.parametrize("level, sign", [("high_intensity", +1), ("active", +1), ("bed_rest", -1)])
def test_loading_direction(level, sign):
    r = simulate(person(span=2.0, activity=((0.0, level),)), levels=levels_fn())
    assert np.sign(pct(r.bmd_spine_g_cm2)) == sign
    assert abs(pct(r.bmd_spine_g_cm2)) > 0.5


def test_disuse_loss_decelerates_toward_a_new_set_point():
    r = simulate(person(span=4.0, activity=((0.0, "bed_rest"),)), levels=levels_fn())
    b = r.bmd_spine_g_cm2
    yr = [b[int(365.25 * k)] for k in range(5)]
    losses = [yr[k] - yr[k + 1] for k in range(4)]
    assert all(l > 0 for l in losses)
    assert losses[3] < 0.6 * losses[0]


def test_estrogen_loss_decelerates_through_the_mechanostat():
    r = simulate(person(span=10.0), levels=levels_fn(estradiol_pg_ml=8.0))
    b = r.bmd_spine_g_cm2
    first = b[0] - b[730]
    later = b[int(365.25 * 8)] - b[int(365.25 * 10)]
    assert 0 < later < 0.6 * first


def test_age_term_adds_accelerating_loss_with_age():
    """Same hormones at every age: only the age-related fall of muscle loading differs."""
    rates = [pct(simulate(person(age=a, span=3.0), levels=levels_fn()).bmd_hip_g_cm2) / 3 for a in (30, 65, 85)]
    assert abs(rates[0]) < 0.05
    assert rates[2] < rates[1] < rates[0]


def test_igf1_raises_both_sides_of_turnover():
    f = igf1_effects(np.array([125.0, 250.0, 500.0]))
    assert np.all(np.diff(f.f_obu) > 0) and np.all(np.diff(f.f_ocp) > 0)


def test_estradiol_replacement_after_oophorectomy_holds_bone():
    """Ovaries out at 46.5 y (E2 to 10 pg/mL, T halved) with or without transdermal-range E2."""

    def levels(e2_after):
        def fn(scenario, t_days):
            age = scenario.patient.age_years + np.asarray(t_days, dtype=float) / 365.25
            after = age >= 46.5
            return levels_fn(
                estradiol_pg_ml=np.where(after, e2_after, 110.0),
                testosterone_ng_dl=np.where(after, 17.0, 35.0),
                igf1_ng_ml=185.0,
            )(scenario, t_days)

        return fn

    on_e2 = simulate(person(age=46.0, span=5.5), levels=levels(72.0))
    off_e2 = simulate(person(age=46.0, span=5.5), levels=levels(10.0))
    # E2 ~70 pg/mL protects most but not all (the low-sensitivity part of the E2 signal, C2)
    assert abs(pct(on_e2.bmd_spine_g_cm2)) / 5.5 < 0.6  # %/y
    assert pct(off_e2.bmd_spine_g_cm2) < pct(on_e2.bmd_spine_g_cm2) - 5.0
