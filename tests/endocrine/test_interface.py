"""The hormone_levels / fine_view contract the bone model and the plots rely on."""

import dataclasses

import numpy as np
import pytest

from bonegui.model.endocrine import (
    HORMONE_SERIES,
    LIFE_STAGES,
    REFERENCE_BANDS,
    REFERENCE_RANGES,
    REFERENCE_SOURCES,
    HormoneLevels,
    fine_view,
    hormone_levels,
)
from bonegui.model.result import SERIES_UNITS
from bonegui.scenario.model import Keyframe, Patient, Scenario, Therapy

YEAR = 365.25
TRT = (
    Therapy("testosterone_cypionate", 100, "mg", "IM", 7.0, 1.0, 3.0),
    Therapy("gonadorelin", 100, "mcg", "SC", 3.5, 1.0, 3.0),
    Therapy("anastrozole", 0.5, "mg", "oral", 3.5, 1.0, 3.0),
)
MAN = Patient(sex="male", age_years=50, conditions=("hypogonadism",))


def _scn(**kw):
    kw.setdefault("patient", MAN)
    kw.setdefault("span_years", 4.0)
    return Scenario(**kw)


def _grid(s):
    return np.arange(0.0, s.span_years * YEAR + 1.0)


def test_levels_shape_dtype_and_names():
    s = _scn(therapies=TRT)
    t = _grid(s)
    h = hormone_levels(s, t)
    assert isinstance(h, HormoneLevels)
    for name in HORMONE_SERIES:
        a = getattr(h, name)
        assert name in SERIES_UNITS
        assert a.dtype == np.float64 and a.shape == t.shape
        assert np.all(np.isfinite(a)) and np.all(a >= 0.0)
    assert set(h.as_series()) == set(HORMONE_SERIES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.lh_rel = t  # type: ignore[misc]


def test_therapies_act_only_between_start_and_stop_and_when_enabled():
    s = _scn(therapies=TRT)
    t = _grid(s)
    on, off = hormone_levels(s, t), hormone_levels(_scn(), t)
    before = slice(0, int(YEAR) - 1)
    # equal before the start (to 1e-3: the pituitary-reserve lag of slow ageing drift is only
    # resolved when a drug acts on the axis)
    np.testing.assert_allclose(on.testosterone_ng_dl[before], off.testosterone_ng_dl[before], rtol=1e-3)
    assert on.testosterone_ng_dl[int(1.5 * YEAR)] > 2 * off.testosterone_ng_dl[int(1.5 * YEAR)]
    # a few half-lives after the stop the drug is gone
    late = int(3.3 * YEAR)
    assert on.testosterone_ng_dl[late] == pytest.approx(off.testosterone_ng_dl[late], rel=0.02)
    disabled = _scn(therapies=tuple(dataclasses.replace(th, enabled=False) for th in TRT))
    np.testing.assert_allclose(hormone_levels(disabled, t).testosterone_ng_dl, off.testosterone_ng_dl)


def test_override_interpolates_between_keyframes_only():
    kfs = (Keyframe(1.0, 50.0), Keyframe(2.0, 150.0))
    s = _scn(therapies=TRT).with_override("estradiol", kfs)
    t = _grid(s)
    h, plain = hormone_levels(s, t), hormone_levels(_scn(therapies=TRT), t)
    inside = np.r_[int(YEAR) + 1:int(2 * YEAR)]
    np.testing.assert_allclose(h.estradiol_pg_ml[inside], 50.0 + 100.0 * (t[inside] / YEAR - 1.0), rtol=1e-12)
    outside = np.r_[0:int(YEAR) - 1, int(2 * YEAR) + 2:len(t)]
    np.testing.assert_allclose(h.estradiol_pg_ml[outside], plain.estradiol_pg_ml[outside])
    np.testing.assert_allclose(h.testosterone_ng_dl, plain.testosterone_ng_dl)  # other hormones untouched


def test_fine_view_resolves_weekly_peaks_and_matches_daily_means():
    s = _scn(therapies=TRT[:1])
    t0 = 1.5 * YEAR
    f = fine_view(s, t0, t0 + 14.0, 1.0)
    assert len(f.t_days) == 14 * 24 + 1
    assert f.t_days[0] == pytest.approx(t0) and np.allclose(np.diff(f.t_days), 1 / 24)
    tt = f.testosterone_ng_dl
    assert tt.max() > 1.15 * tt.min()  # weekly peak and trough
    d = hormone_levels(s, _grid(s))
    day = int(t0) + 3  # hours centred on that day
    sel = np.abs(f.t_days - day) < 0.5 - 1e-9
    assert np.mean(tt[sel]) == pytest.approx(d.testosterone_ng_dl[day], rel=0.02)


def test_fine_view_shows_gh_and_gonadorelin_pulses():
    s = _scn(therapies=TRT)
    f = fine_view(s, 400.0, 407.0, 0.5)
    assert f.gh_rel.max() > 4 * f.gh_rel.min()  # endogenous GH pulses
    assert f.lh_rel.max() > 3 * np.median(f.lh_rel)  # gonadorelin spikes
    d = hormone_levels(s, np.arange(0.0, 420.0))
    assert np.mean(f.gh_rel[:-1]) == pytest.approx(np.mean(d.gh_rel[400:407]), rel=0.05)


def test_fine_view_bad_input_messages():
    s = _scn()
    with pytest.raises(ValueError, match="t1_days"):
        fine_view(s, 10.0, 5.0)
    with pytest.raises(ValueError, match="t0_days"):
        fine_view(s, -1.0, 5.0)
    with pytest.raises(ValueError, match="step_hours"):
        fine_view(s, 0.0, 5.0, step_hours=0.0)


def test_reference_ranges_cover_every_series_and_sex_with_sources():
    assert set(REFERENCE_RANGES) == set(HORMONE_SERIES) == set(REFERENCE_SOURCES) == set(REFERENCE_BANDS)
    for name, bands in REFERENCE_RANGES.items():
        assert set(bands) == {"female", "male"}
        assert REFERENCE_SOURCES[name]
        # one table: a woman's young-adult band is the premenopausal one
        assert bands["female"] == REFERENCE_BANDS[name]["premenopausal"]
        assert bands["male"] == REFERENCE_BANDS[name]["male"]
    for name, by_stage in REFERENCE_BANDS.items():
        assert tuple(by_stage) == LIFE_STAGES
        assert all(0 < lo < hi for lo, hi in by_stage.values()), name


@pytest.mark.parametrize("age", [58.0, 70.0])
def test_a_postmenopausal_womans_estradiol_sits_in_the_postmenopausal_band_not_below_it(age):
    """10-20 pg/mL after the menopause is usual, not "low"; the premenopausal band spans the cycle."""
    lo, hi = REFERENCE_BANDS["estradiol_pg_ml"]["postmenopausal"]
    h = hormone_levels(Scenario(patient=Patient(sex="female", age_years=age), span_years=1.0), np.array([0.0]))
    assert lo <= h.estradiol_pg_ml[0] <= hi
    assert h.estradiol_pg_ml[0] < REFERENCE_BANDS["estradiol_pg_ml"]["premenopausal"][0]
    pre_lo, pre_hi = REFERENCE_BANDS["estradiol_pg_ml"]["premenopausal"]
    assert pre_lo <= 40 and pre_hi >= 300  # follicular to the mid-cycle peak


def test_fine_view_gh_pulses_from_ipamorelin_add_to_the_daily_mean():
    older = Patient(sex="male", age_years=60)
    ipa = Therapy("ipamorelin", 200, "mcg", "SC", 1.0, 0.0, 1.0)
    s = Scenario(patient=older, therapies=(ipa,), span_years=1.0)
    plain = Scenario(patient=older, span_years=1.0)
    f, f0 = fine_view(s, 100.0, 107.0, 0.25), fine_view(plain, 100.0, 107.0, 0.25)
    d = hormone_levels(s, np.arange(0.0, 120.0))
    # each dose (at the start of each day) gives a GH peak within the hour after it
    for day in range(100, 107):
        near = (f.t_days >= day) & (f.t_days < day + 2 / 24)
        assert f.gh_rel[near].max() > f0.gh_rel[near].max() + 0.3
    assert np.mean(f.gh_rel[:-1]) == pytest.approx(np.mean(d.gh_rel[100:107]), rel=0.05)


def test_empty_and_single_point_grids():
    s = _scn(therapies=TRT)
    h = hormone_levels(s, np.array([]))
    assert all(len(getattr(h, n)) == 0 for n in HORMONE_SERIES)
    one = hormone_levels(s, np.array([0.0]))
    assert one.testosterone_ng_dl.shape == (1,) and np.isfinite(one.testosterone_ng_dl[0])


def test_coarse_grid_tracks_the_daily_grid():
    """The history run uses 5-day steps: levels are 5-day means, close to the daily ones."""
    s = Scenario(patient=Patient(sex="female", age_years=45, menopause="natural"), span_years=15)
    d = hormone_levels(s, np.arange(0.0, 15 * YEAR))
    c = hormone_levels(s, np.arange(0.0, 15 * YEAR, 5.0))
    np.testing.assert_allclose(c.estradiol_pg_ml, d.estradiol_pg_ml[::5], rtol=0.01)
    np.testing.assert_allclose(c.igf1_ng_ml, d.igf1_ng_ml[::5], rtol=0.01)


def test_fine_view_shows_the_menstrual_cycle_around_its_daily_average():
    young = Scenario(patient=Patient(sex="female", age_years=30), span_years=1.0)
    f = fine_view(young, 56.0, 84.0, 2.0)  # one 28-day cycle
    d = hormone_levels(young, np.arange(0.0, 100.0))
    e2, p4, lh = f.estradiol_pg_ml[:-1], f.progesterone_ng_ml[:-1], f.lh_rel[:-1]
    assert e2.max() > 200 and e2.min() < 60  # pre-ovulatory peak, early follicular low
    assert p4.max() > 10 and p4[: len(p4) // 3].max() < 1.5  # luteal rise only
    assert lh.max() > 4 * np.median(lh)  # mid-cycle surge
    for fine, daily in ((e2, d.estradiol_pg_ml), (p4, d.progesterone_ng_ml), (lh, d.lh_rel)):
        assert np.mean(fine) == pytest.approx(np.mean(daily[56:84]), rel=0.03)
    post = Scenario(patient=Patient(sex="female", age_years=65, menopause="natural"), span_years=1.0)
    fp = fine_view(post, 56.0, 84.0, 2.0)
    assert np.ptp(fp.estradiol_pg_ml) < 0.01  # no cycle after menopause
