"""The bone loop's two kernels (numba-compiled and plain Python) are one source and agree."""

import numpy as np
import pytest

from bonegui.model import bone, kernel
from bonegui.model.simulate import STEP_CONSTANTS, X_REF, build_drive, hormone_levels, simulate
from bonegui.scenario import load_preset, presets

needs_numba = pytest.mark.skipif(kernel.compiled() is None, reason="numba is not installed here")


def _both(scenario, monkeypatch):
    compiled = simulate(scenario)
    monkeypatch.setattr(kernel, "compiled", lambda: None)
    python = simulate(scenario)
    return compiled, python


@needs_numba
@pytest.mark.parametrize("preset_id", [p.id for p in presets()][::3])
def test_compiled_and_python_kernels_agree_on_presets(preset_id, monkeypatch):
    compiled, python = _both(load_preset(preset_id), monkeypatch)
    for name in compiled.names:
        a, b = compiled[name], python[name]
        assert np.allclose(a, b, rtol=1e-12, atol=0.0), name


@needs_numba
def test_kernels_agree_step_by_step_on_random_drives():
    rng = np.random.default_rng(7)
    n = 400
    s = load_preset("woman_menopause_untreated")
    t = np.arange(n + 1, dtype=float)
    h = hormone_levels(s, t)
    drive = build_drive(h, np.exp(rng.normal(0.0, 0.3, n + 1)))  # loading jumps across the set point
    cf = bone.step_coefficients(drive, STEP_CONSTANTS)
    start = bone.reference_state(X_REF, STEP_CONSTANTS)._replace(cavity_1=70.0, log_bv_spine=-0.05, log_bv_hip=-0.02)
    end_c, rec_c = bone.step_cells(start, cf, 0, n, 1.0, STEP_CONSTANTS, X_REF)
    end_p, rec_p = bone.step_cells(start, cf, 0, n, 1.0, STEP_CONSTANTS, X_REF, python=True)
    assert rec_c.shape == rec_p.shape == (len(kernel.STATE), n)
    assert np.allclose(rec_c, rec_p, rtol=1e-12, atol=0.0)
    assert np.allclose(end_c, end_p, rtol=1e-12, atol=0.0)


def test_python_kernel_runs_without_numba(monkeypatch):
    monkeypatch.setattr(kernel, "compiled", lambda: None)
    r = simulate(load_preset("woman_menopause_untreated").with_span(1.0))
    assert np.all(np.isfinite(r.bmd_spine_g_cm2)) and r.bmd_spine_g_cm2[-1] < r.bmd_spine_g_cm2[0]


def test_layouts_name_every_slot():
    assert len(bone.loop_constants(STEP_CONSTANTS, X_REF)) == len(kernel.CONSTS)
    drive = build_drive(hormone_levels(load_preset("woman_menopause_untreated"), np.arange(3.0)), np.ones(3))
    assert bone.step_coefficients(drive, STEP_CONSTANTS).shape == (len(kernel.COEFFS), 2)
