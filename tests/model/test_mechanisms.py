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
    for name in ("f_rankl", "f_opg", "f_oc_apoptosis", "f_ob_apoptosis", "f_apposition"):
        assert np.array_equal(getattr(d_lo, name), getattr(d_hi, name)), name


def test_gh_raised_above_normal_speeds_turnover_without_a_lasting_gain():
    """IGF-1 doubled in a GH-sufficient adult: resorption and formation both up; the refill speeds
    up (a small early gain, Rudman 1990) but the per-cycle balance stays level (C16)."""

    def igf1(t):
        return np.where(t >= 365.0, 500.0, 250.0)

    r = simulate(person(span=6.0), levels=levels_fn(igf1_ng_ml=igf1))
    ref = simulate(person(span=6.0), levels=levels_fn())
    y = r.t_years
    at = lambda res, t: float(np.interp(t, y, res.bmd_spine_g_cm2))  # noqa: E731
    # turnover up on both sides (modestly: IGF-1's osteoclastogenic action is near saturation)
    assert r.resorption_rel[np.searchsorted(y, 2.0)] > 1.02 and r.formation_rel[np.searchsorted(y, 2.0)] > 1.02
    effect = [100 * (at(r, t) / at(ref, t) - 1) for t in (1.5, 3.0, 6.0)]
    assert effect[0] > 0  # the refill speeds up first
    assert max(abs(e) for e in effect) < 2.5  # no lasting gain


def test_gh_replaced_in_deficiency_does_not_raise_bmd_in_the_first_year_then_does():
    """GH deficiency of long standing (ten years, as adults are usually diagnosed) restored
    (Barake 2014): activation, which the deficiency had lowered, rises first and opens remodelling
    space; the gain comes later."""

    def igf1(t):
        return np.where(t >= 10.0 * 365.0, 220.0, 80.0)

    r = simulate(person(span=15.0), levels=levels_fn(igf1_ng_ml=igf1))
    y, b = r.t_years, r.bmd_spine_g_cm2
    at = lambda t: float(np.interp(t, y, b))  # noqa: E731
    assert at(11.0) <= at(10.0) * 1.002
    assert at(15.0) > at(10.0) * 1.005
    assert np.interp(10.5, y, r.ctx_rel) > 1.2 * np.interp(9.9, y, r.ctx_rel)


def test_turnover_alone_opens_remodelling_space_then_settles():
    """Estradiol withdrawn and given back: the space opened by faster turnover refills (most of
    the first year's loss is regained), the per-cycle deficit is not."""

    def e2(t):
        return np.where((t >= 365.0) & (t < 3 * 365.25), 10.0, 110.0)

    r = simulate(person(span=6.0), levels=levels_fn(estradiol_pg_ml=e2))
    y, b = r.t_years, r.bmd_spine_g_cm2
    at = lambda t: float(np.interp(t, y, b))  # noqa: E731
    lost = at(1.0) - at(3.0)
    regained = at(6.0) - at(3.0)
    assert lost > 0 and 0.2 * lost < regained < lost


def test_receptors_saturate_above_the_physiological_range():
    from bonegui.model.modulators import estradiol_occupancy

    s = estradiol_occupancy(np.array([10.0, 50.0, 100.0, 400.0]))
    assert s[2] - s[1] < 0.1 * (s[1] - s[0])  # 50 -> 100 pg/mL adds little: replacement is full
    assert s[3] - s[2] < 0.01
    ar = androgen_receptor_effect(np.array([300.0, 900.0, 9000.0]))
    assert ar[2] - ar[1] < 0.1 * (ar[1] - ar[0])


def test_bed_rest_raises_resorption_without_formation_following():
    r = simulate(person(span=0.35, activity=((0.0, "sedentary"), (0.05, "bed_rest"))), levels=levels_fn())
    i = np.searchsorted(r.t_years, 0.3)
    assert r.ctx_rel[i] > 1.2 * r.ctx_rel[0]
    assert r.p1np_rel[i] < 1.05 * r.p1np_rel[0]


@pytest.mark.parametrize("level, sign", [("high_intensity", +1), ("active", +1), ("bed_rest", -1)])
def test_loading_direction(level, sign):
    r = simulate(person(span=2.0, activity=((0.0, level),)), levels=levels_fn())
    assert np.sign(pct(r.bmd_spine_g_cm2)) == sign
    assert abs(pct(r.bmd_spine_g_cm2)) > 0.5


def test_disuse_loss_decelerates_toward_a_new_set_point():
    r = simulate(person(span=4.0, activity=((0.0, "bed_rest"),)), levels=levels_fn())
    b = r.bmd_spine_g_cm2
    yr = [b[min(int(365.25 * k), len(b) - 1)] for k in range(5)]
    losses = [yr[k] - yr[k + 1] for k in range(4)]
    assert losses[0] > 0
    assert all(abs(l) < 0.3 * losses[0] for l in losses[1:])  # a new set point, not a steady drain


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


def test_igf1_raises_both_sides_of_turnover_and_its_resorptive_side_saturates():
    f = igf1_effects(np.array([60.0, 125.0, 250.0, 500.0]))
    assert np.all(np.diff(f.f_obu) > 0) and np.all(np.diff(f.f_rankl) > 0) and np.all(np.diff(f.f_apposition) > 0)
    # the permissive action: steep in deficiency, shallower above normal (the factors multiply, so
    # compare relative slopes: per doubling of IGF-1, 60 -> 125 against 250 -> 500 ng/mL)
    slope = np.diff(np.log(f.f_rankl)) / np.diff(np.log([60.0, 125.0, 250.0, 500.0]))
    assert slope[0] > 2.0 * slope[2]


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
    # E2 ~70 pg/mL, the transdermal replacement level, protects fully (C17)
    assert abs(pct(on_e2.bmd_spine_g_cm2)) / 5.5 < 0.3  # %/y
    assert pct(off_e2.bmd_spine_g_cm2) < pct(on_e2.bmd_spine_g_cm2) - 5.0
