"""The compiled pointwise passes (hormones -> drive -> coefficients; states -> outputs) agree with
the numpy forms that define them, and an edit's partial recomputation equals a whole one."""

import numpy as np
import pytest

from bonegui.model import bone, drive_kernel, outputs_kernel
from bonegui.model import simulate as sim
from bonegui.model.loading import loading_series
from bonegui.model.units import DAYS_PER_YEAR
from bonegui.scenario import ActivitySegment, Keyframe, Patient, Scenario, Therapy, load_preset, presets

needs_numba = pytest.mark.skipif(drive_kernel.compiled() is None, reason="numba is not installed here")

#: women before, through and after the menopause (cycling, acyclic, oral estradiol's estrone),
#: men on and off testosterone and an aromatase inhibitor, and an override
CASES = [p.id for p in presets()][::2]


def _inputs(scenario):
    t = sim.time_grid_days(scenario)
    return sim.hormone_levels(scenario, t), loading_series(scenario, t), scenario.patient.age_years + t / DAYS_PER_YEAR


def _extra_cases():
    man = Scenario(patient=Patient(sex="male", age_years=62.0, conditions=("hypogonadism",)),
                   therapies=(Therapy("testosterone_cypionate", 100.0, "mg", "IM", 7.0, 1.0, 3.0),
                              Therapy("anastrozole", 1.0, "mg", "oral", 1.0, 2.0, 4.0)), span_years=5.0)
    woman = Scenario(patient=Patient(sex="female", age_years=49.0, menopause="natural", final_period_age_years=51.0),
                     therapies=(Therapy("estradiol_oral", 1.0, "mg", "oral", 1.0, 1.0, 4.0),), span_years=6.0)
    return [man, woman.with_override("estradiol", (Keyframe(4.5, 5.0), Keyframe(5.5, 5.0)))]


@needs_numba
@pytest.mark.parametrize("scenario", [load_preset(p) for p in CASES] + _extra_cases(), ids=lambda s: s.title[:30])
def test_the_compiled_drive_and_coefficients_agree_with_the_numpy_form(scenario):
    hormones, loading, age = _inputs(scenario)
    drive, coeffs = sim.drive_and_coefficients(hormones, loading, age, sim.STEP_CONSTANTS)
    ref = sim.build_drive(hormones, loading, age)
    for name, a, b in zip(bone.Drive._fields, drive, ref):
        assert np.allclose(a, b, rtol=1e-13, atol=0.0), name
    assert np.allclose(coeffs, bone.step_coefficients(ref, sim.STEP_CONSTANTS), rtol=1e-13, atol=0.0)


@needs_numba
def test_the_compiled_drive_covers_every_branch_like_the_numpy_form():
    """Loading across the set point, testosterone at 0, cycling shares outside [0, 1], age
    either side of the PTH onset and estradiol above the reference (no deficit)."""
    rng = np.random.default_rng(3)
    n = 500
    hormones = {
        "estradiol_pg_ml": rng.uniform(0.0, 300.0, n), "testosterone_ng_dl": np.where(rng.random(n) < 0.2, 0.0, 500.0),
        "igf1_ng_ml": rng.uniform(0.0, 600.0, n), "ovarian_cycling": rng.uniform(-0.2, 1.2, n),
        "estradiol_acyclic_pg_ml": rng.uniform(0.0, 30.0, n), "estrone_as_e2_pg_ml": rng.uniform(0.0, 20.0, n),
    }
    loading, age = np.exp(rng.normal(0.0, 0.4, n)), rng.uniform(30.0, 90.0, n)
    drive, coeffs = sim.drive_and_coefficients(hormones, loading, age, sim.STEP_CONSTANTS)
    ref = sim.build_drive(hormones, loading, age)
    for name, a, b in zip(bone.Drive._fields, drive, ref):
        assert np.allclose(a, b, rtol=1e-13, atol=1e-300), name
    no_age, _ = sim.drive_and_coefficients(hormones, loading, None, sim.STEP_CONSTANTS)
    assert np.array_equal(no_age.pth_scale, np.ones(n))


@needs_numba
def test_a_drive_recomputed_from_a_day_on_equals_a_whole_one_bit_for_bit():
    a, b = _extra_cases()[0], _extra_cases()[0].with_therapy(1, start_years=2.5)
    ha, la, age = _inputs(a)
    hb, lb, _ = _inputs(b)
    j = sim._first_difference(hb, ha)
    assert 0 < j < len(la) - 1
    last = sim.drive_and_coefficients(ha, la, age, sim.STEP_CONSTANTS)
    part = sim.drive_and_coefficients(hb, lb, age, sim.STEP_CONSTANTS, j, last)
    whole = sim.drive_and_coefficients(hb, lb, age, sim.STEP_CONSTANTS)
    assert np.array_equal(np.array(part[0]), np.array(whole[0])) and np.array_equal(part[1], whole[1])
    assert not np.array_equal(np.array(last[0]), np.array(whole[0]))  # the tail did change
    assert np.array_equal(np.array(last[0])[:, :j], np.array(whole[0])[:, :j])


@needs_numba
def _loading_both_ways():
    """Bed rest (disuse: extra RANKL), then high-intensity training (overload)."""
    return Scenario(patient=Patient(sex="female", age_years=30.0),
                    activity=(ActivitySegment(0.0, "sedentary"), ActivitySegment(0.5, "bed_rest"),
                              ActivitySegment(1.5, "high_intensity")), span_years=3.0)


@pytest.mark.parametrize("scenario", [load_preset(p) for p in CASES[::2]] + _extra_cases()[:1] + [_loading_both_ways()],
                         ids=lambda s: s.title[:30] or "loading both ways")
def test_the_compiled_outputs_agree_with_the_numpy_form(scenario, monkeypatch):
    compiled = sim.simulate(scenario)
    monkeypatch.setattr(outputs_kernel, "compiled", lambda: None)
    numpy_form = sim.simulate(scenario)
    assert compiled.names == numpy_form.names
    for name in compiled.names:
        # a T-score is a difference in SD units and crosses 0, where no relative tolerance holds
        # (exp's last bit, numpy SIMD against libm, is ~4e-15 SD there): absolute for T-scores
        atol = 1e-12 if name.startswith("tscore") else 1e-300
        assert np.allclose(compiled[name], numpy_form[name], rtol=1e-13, atol=atol), name


def test_first_difference_finds_the_first_changed_point_or_none():
    a = {"x": np.arange(5.0), "y": np.zeros(5)}
    assert sim._first_difference(a, {"x": np.arange(5.0), "y": np.zeros(5)}) is None
    assert sim._first_difference(a, {"x": np.arange(5.0), "y": np.r_[0, 0, 0, 1.0, 0]}) == 3
    assert sim._first_difference(a, {"x": np.r_[9.0, 1, 2, 3, 4], "y": np.r_[0, 1.0, 0, 0, 0]}) == 0
    assert sim._first_difference(a, {"x": np.arange(5.0)}) == 0  # a series more or less: from the start


@pytest.mark.parametrize("fn", [np.exp, np.log, lambda x: np.power(x, 3.45247), lambda x: np.power(x, -1.45986)],
                         ids=["exp", "log", "power", "negative power"])
def test_numpy_gives_an_element_the_same_value_wherever_the_array_starts(fn):
    """The drive's and the outputs' powers are numpy calls on the tail of a run from the first
    changed day (drive_kernel.run, outputs_kernel.run); an edit equals a whole run bit for bit
    only if numpy's SIMD loops (AVX-512 here, AVX2 or scalar elsewhere) give each element the
    same value whatever its position in the array: every start and length up to two vectors."""
    x = np.random.default_rng(7).uniform(0.05, 40.0, 300)
    whole = fn(x)
    for start in range(0, 40):
        for stop in (start + 1, start + 7, start + 17, 300):
            assert np.array_equal(fn(x[start:stop]), whole[start:stop]), (start, stop)
