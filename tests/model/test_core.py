"""The unmodulated Pivonka 2008 core: published steady state and infusion directions."""

import numpy as np
import pytest

from bonegui.model import bone
from bonegui.model.parameters import CORE, all_tables

PUBLISHED = {"obp_pm": 6.196e-4, "oba_pm": 5.584e-4, "oca_pm": 8.070e-4}


def test_every_constant_has_unit_and_source():
    for table in all_tables().values():
        for name, c in table.items():
            assert c.unit.strip(), name
            assert len(c.source.strip()) > 5, name


def test_steady_state_matches_pivonka_2008_within_half_percent():
    x = bone.steady_state()
    for value, (name, target) in zip(x, PUBLISHED.items()):
        assert value == pytest.approx(target, rel=5e-3), name


def test_unperturbed_core_stays_at_steady_state_for_years():
    r = bone.run_core(2000)
    for name, target in PUBLISHED.items():
        assert r[name][-1] == pytest.approx(target, rel=5e-3)
    assert r["bv_rel"][-1] == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(
    "factor, rate, sign",
    [("OPG", 2e5, +1), ("RANKL", 1e3, -1), ("PTH", 1e3, -1)],
)
def test_infusion_directions(factor, rate, sign):
    r = bone.run_core(140, {factor: rate}, 20, 80)
    change = r["bv_rel"][-1] - 1.0
    assert np.sign(change) == sign
    assert abs(change) > 1e-3


def test_pth_infusion_raises_both_cell_types_and_rankl_opg():
    r = bone.run_core(140, {"PTH": 1e3}, 20, 80)
    assert r["oca_pm"][79] > 1.5 * r["oca_pm"][0]
    assert r["oba_pm"][79] > 1.3 * r["oba_pm"][0]
    assert r["rankl_pm"][79] / r["opg_pm"][79] > 2 * r["rankl_pm"][0] / r["opg_pm"][0]


def test_unknown_infusion_is_rejected():
    with pytest.raises(ValueError, match="allowed: PTH, OPG, RANKL, TGFb"):
        bone.run_core(10, {"M-CSF": 1.0})


def test_parameters_match_model_md_table():
    assert CORE["D_OBu"].value == 7.0e-4
    assert CORE["beta_RANKL"].value == pytest.approx(168.4195715)
    assert CORE["K_D8"].value == pytest.approx(4.457452803)


def _loop_pth_case(h):
    """The fast simulate() loop, unmodulated except PTH production x5 on days 20-80
    (= an infusion of 1000 pM/d on top of beta_PTH = 250 pM/d)."""
    n = int(round(140 / h))
    t = np.arange(n + 1) * h
    one = np.ones(n + 1)
    # per step (step i: t_i..t_i+1); step_coefficients averages grid points, so give it
    # a grid whose neighbouring means are the per-step values
    on = ((t >= 20) & (t < 80))[:n]
    pth_step = np.where(on, (250.0 + 1000.0) / 250.0, 1.0)
    pth = np.empty(n + 1)
    pth[0] = pth_step[0]
    for i in range(n):
        pth[i + 1] = 2 * pth_step[i] - pth[i]
    drive = bone.Drive(one, one, one, one, one, one, pth, one)
    c = bone.StepConstants(spine_k_per_day=1e-4, hip_k_per_day=1e-4, refill_delay_days=110.0, overfill_max=0.1, hip_space_share=1.0,
                           mech_overload_slope=0.0, mech_overload_cap=2.0, mech_disuse_rankl=0.0,
                           mech_disuse_formation_exponent=0.0, mech_overload_rankl_exponent=0.0, mech_bv_exponent=2.0)  # mechanostat off
    x = bone.steady_state()
    state = bone.reference_state(tuple(x), c)
    _s, rec = bone.step_cells(state, bone.step_coefficients(drive, c), 0, n, h, c, tuple(x))
    return t[:n], np.array(rec[:3])


def test_fast_loop_agrees_with_lsoda_core():
    ref = bone.run_core(140, {"PTH": 1e3}, 20, 80)
    t, states = _loop_pth_case(1.0)
    for k, name in enumerate(("obp_pm", "oba_pm", "oca_pm")):
        rel = np.abs(states[k] / ref[name][: len(t)] - 1.0)
        assert rel.max() < 1e-2, name  # second-order scheme, daily steps, through two switches


def test_fast_loop_converges_at_second_order():
    ref = bone.run_core(140, {"PTH": 1e3}, 20, 80)
    errs = []
    for h in (1.0, 0.5):
        t, states = _loop_pth_case(h)
        keep = np.isclose(t % 1.0, 0.0)
        errs.append(np.abs(states[2][keep] / ref["oca_pm"][: keep.sum()] - 1.0).max())
    assert errs[1] < errs[0] / 3.0
