"""Incremental runs: an edit re-simulates from the first changed day, from a stored loop state,
and the result equals a full run exactly."""

from dataclasses import replace

import numpy as np

import pytest

from bonegui.model.result import Result
from bonegui.model.simulate import Simulator, simulate
from bonegui.scenario import ActivitySegment, Keyframe, Patient, Scenario, Therapy


def _base(span=12.0):
    return Scenario(
        patient=Patient(sex="male", age_years=50.0, conditions=("hypogonadism",)),
        therapies=(Therapy("testosterone_cypionate", 100.0, "mg", "IM", 7.0, 6.0, 10.0),),
        activity=(ActivitySegment(0.0, "sedentary"), ActivitySegment(8.0, "active")),
        span_years=span,
    )


EDITS = {
    "move the block": lambda s: s.with_therapy(0, start_years=7.0, stop_years=11.0),
    "change the dose": lambda s: s.with_therapy(0, dose=150.0),
    "add a keyframe": lambda s: s.with_override("igf1", (Keyframe(9.0, 300.0), Keyframe(10.0, 300.0))),
    "move an activity change": lambda s: replace(s, activity=(ActivitySegment(0.0, "sedentary"), ActivitySegment(9.5, "active"))),
    "change the patient": lambda s: s.with_patient(age_years=51.0),
    "disable the therapy": lambda s: s.with_therapy(0, enabled=False),
}


@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("step", [1.0, 7.0])
def test_an_edit_equals_a_full_run_exactly(edit, step):
    sim = Simulator()
    base = _base()
    assert sim.simulate(base, step_days=step).equals(simulate(base, step_days=step))
    edited = EDITS[edit](base)
    assert sim.simulate(edited, step_days=step).equals(simulate(edited, step_days=step))


def test_an_edit_late_in_the_run_re_simulates_only_the_tail():
    sim = Simulator()
    base = _base()
    n = len(sim.simulate(base))
    assert sim.last_rows_simulated == n
    sim.simulate(base.with_therapy(0, start_years=9.0))
    # the exposures change from year 6 (the old start) on
    assert 0 < sim.last_rows_simulated <= n - int(5.9 * 365)
    sim.simulate(base.with_therapy(0, start_years=9.0))
    assert sim.last_rows_simulated == 0  # nothing changed: the stored result is returned


def test_streamed_chunks_of_an_incremental_run_concatenate_to_the_full_run():
    sim = Simulator()
    base = _base()
    sim.simulate(base)
    edited = base.with_therapy(0, dose=200.0)
    from bonegui.model.result import Result

    chunks = list(sim.iter_simulate(edited, chunk_days=100.0))
    assert len(chunks) > 2
    assert Result.concat(chunks).equals(simulate(edited))


def test_a_cancelled_run_is_not_reused():
    sim = Simulator()
    base = _base()
    sim.simulate(base)
    edited = base.with_therapy(0, dose=200.0)
    calls = iter(range(100))
    list(sim.iter_simulate(edited, chunk_days=365.25, cancelled=lambda: next(calls) >= 2))
    assert sim.simulate(edited).equals(simulate(edited))


def test_the_hpg_loop_continues_from_the_first_changed_day_and_equals_a_full_run():
    """The men's HPG loop (a day-by-day solve with the lagged LH reserve) is not solved again
    for the days before an edit: it continues from the day before, bit for bit."""
    from bonegui.model import jit
    from bonegui.model.hpg import _solve_points

    if jit.compiled(_solve_points) is None:
        pytest.skip("numba is not installed here: the HPG loop is solved whole")
    base = _base().with_therapy(0, start_years=2.0, stop_years=10.0)
    base = replace(base, therapies=base.therapies + (Therapy("anastrozole", 0.5, "mg", "oral", 3.5, 6.0, 8.0),))
    sim = Simulator()
    sim.simulate(base)
    assert sim._memo["male_axis_restarted_at"] == 0  # first run: solved whole
    edited = base.with_therapy(1, start_years=7.0)
    assert sim.simulate(edited).equals(simulate(edited))
    day = sim._memo["male_axis_restarted_at"]
    assert 6.0 * 365.25 - 2 <= day <= 6.0 * 365.25 + 1  # the old start of the moved block
    assert sim.simulate(edited.with_therapy(0, dose=120.0)).equals(simulate(edited.with_therapy(0, dose=120.0)))
    assert sim._memo["male_axis_restarted_at"] <= 2.0 * 365.25 + 1


def test_an_edit_reuses_the_exposures_of_the_therapies_it_did_not_touch():
    base = replace(_base(), therapies=_base().therapies + (Therapy("anastrozole", 0.5, "mg", "oral", 3.5, 6.0, 8.0),))
    sim = Simulator()
    sim.simulate(base)
    shares = sim._memo["exposures"][1]
    kept = shares[base.therapies[0]]
    edited = base.with_therapy(1, start_years=7.0)
    assert sim.simulate(edited).equals(simulate(edited))
    now = sim._memo["exposures"][1]
    assert now[edited.therapies[0]] is kept  # the untouched testosterone: not computed again
    assert set(now) == set(edited.therapies)  # the old anastrozole course is forgotten
    assert now[edited.therapies[1]] is not shares[base.therapies[1]]


def test_the_loading_series_is_kept_until_the_activity_lane_changes():
    sim = Simulator()
    base = _base()
    sim.simulate(base)
    kept = sim._memo["loading"][1]
    sim.simulate(base.with_therapy(0, dose=150.0))
    assert sim._memo["loading"][1] is kept
    moved = EDITS["move an activity change"](base)
    assert sim.simulate(moved).equals(simulate(moved))
    assert sim._memo["loading"][1] is not kept


def test_the_last_result_is_offered_only_for_the_scenario_it_is_of():
    sim = Simulator()
    base = _base()
    r = sim.simulate(base)
    assert sim.last_result(base) is r
    assert sim.last_result(replace(base)) is None  # an equal scenario, but not the one run
    edited = base.with_therapy(0, dose=150.0)
    assert sim.last_result(edited) is None
    chunks = list(sim.iter_simulate(edited, chunk_days=400.0))
    assert sim.last_result(edited).equals(Result.concat(chunks))


def test_the_persons_own_course_is_kept_until_the_patient_changes(monkeypatch):
    """A woman's menopause, her androgens and her GH decline are computed once per patient, not
    at every therapy edit; another patient or a swapped endocrine constant computes them again."""
    from bonegui.model import endocrine_params as P

    woman = Scenario(patient=Patient(sex="female", age_years=48.0, menopause="natural", final_period_age_years=51.0),
                     therapies=(Therapy("estradiol_transdermal", 50.0, "mcg/day", "transdermal", 3.5, 1.0, 6.0),),
                     span_years=8.0)
    sim = Simulator()
    sim.simulate(woman)
    kept = sim._memo["own_course:female"][1]
    edited = woman.with_therapy(0, start_years=2.0)
    assert sim.simulate(edited).equals(simulate(edited))
    assert sim._memo["own_course:female"][1] is kept
    older = edited.with_patient(final_period_age_years=52.0)
    before = sim.simulate(older)
    assert before.equals(simulate(older))
    assert sim._memo["own_course:female"][1] is not kept
    monkeypatch.setattr(P, "ANDROGEN_DECLINE_FEMALE", P._c(0.05, "1/y", "a test's swap"))
    after = sim.simulate(older)
    assert after.equals(simulate(older))
    assert not np.array_equal(after.testosterone_ng_dl, before.testosterone_ng_dl)
