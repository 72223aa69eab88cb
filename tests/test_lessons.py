"""Lesson files: every shipped lesson loads and simulates; bad lessons give clear messages."""

import json
from pathlib import Path

import numpy as np
import pytest

from bonegui.lesson_format import PLOT_NAMES, LessonError, lesson_from_json, lessons, load_lesson
from bonegui.model.simulate import simulate

LESSON_DIR = Path(__file__).resolve().parents[1] / "resources" / "lessons"
REQUIRED_TOPICS = ("menopause", "hrt", "testosterone", "anastrozole", "gh", "loading")


def test_at_least_six_lessons_cover_the_required_topics():
    ids = [les.id for les in lessons()]
    assert len(ids) >= 6
    for topic in REQUIRED_TOPICS:
        assert any(topic in i for i in ids), f"no lesson about {topic}: {ids}"
    orders = [les.order for les in lessons()]
    assert orders == sorted(orders)


@pytest.mark.parametrize("lesson", lessons(), ids=lambda les: les.id)
def test_lesson_is_complete_and_its_scenario_simulates(lesson):
    assert lesson.title and lesson.intro and lesson.prompt and lesson.explanation
    assert sum(c.correct for c in lesson.choices) == 1 and len(lesson.choices) >= 3
    assert all(c.feedback for c in lesson.choices)
    assert lesson.evidence.grade and lesson.evidence.summary and lesson.evidence.grade_meaning
    # the explanation names the plots it points at
    for key in lesson.look_at:
        assert key in PLOT_NAMES
    result = simulate(lesson.scenario)
    assert len(result) > 100
    assert np.isfinite(result["bmd_spine_g_cm2"]).all()
    assert result["t_years"][-1] == pytest.approx(lesson.scenario.span_years, abs=1 / 365)


def test_catalogue_grade_is_used_when_the_lesson_names_an_agent():
    les = {x.id: x for x in lessons()}["04_anastrozole_costs_bone"]
    assert les.evidence.agent == "anastrozole"
    assert les.evidence.grade == "A/B" and "ATAC" in les.evidence.summary


def _good() -> dict:
    return json.loads((LESSON_DIR / "01_menopause_brake.json").read_text(encoding="utf-8"))


def _err(data, tmp_path) -> str:
    p = tmp_path / "teacher.json"
    p.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    with pytest.raises(LessonError) as ei:
        load_lesson(p)
    msg = str(ei.value)
    assert msg.startswith(str(p)), msg  # the message names the file
    return msg


def test_teacher_file_round_trip(tmp_path):
    p = tmp_path / "my_lesson.json"
    p.write_text(json.dumps(_good()), encoding="utf-8")
    les = load_lesson(p)
    assert les.id == "my_lesson" and les.correct_index == 0


def test_two_correct_answers_are_refused(tmp_path):
    d = _good()
    d["question"]["choices"][1]["correct"] = True
    assert 'exactly one choice must have "correct": true (found 2)' in _err(d, tmp_path)


def test_misspelt_field_is_named(tmp_path):
    d = _good()
    d["explenation"] = d.pop("explanation")
    msg = _err(d, tmp_path)
    assert "explenation: is not a lesson field" in msg


def test_bad_scenario_field_has_its_path(tmp_path):
    d = _good()
    d["scenario"]["patient"]["age_years"] = 7
    msg = _err(d, tmp_path)
    assert "scenario.patient.age_years: 7 is outside 18-95 years" in msg


def test_unknown_plot_grade_and_missing_feedback(tmp_path):
    d = _good()
    d["look_at"] = ["bmd", "fractures"]
    assert "look_at[1]: 'fractures' is not a plot" in _err(d, tmp_path)
    d = _good()
    d["evidence"]["grade"] = "excellent"
    assert "evidence.grade: 'excellent' is not a grade" in _err(d, tmp_path)
    d = _good()
    del d["question"]["choices"][2]["feedback"]
    assert "question.choices[2].feedback: is missing" in _err(d, tmp_path)


def test_not_json_and_wrong_format(tmp_path):
    assert "not valid JSON (line 1" in _err("{oops", tmp_path)
    d = _good()
    d["lesson_format"] = 2
    assert "lesson_format: 2 is not supported" in _err(d, tmp_path)


def test_lesson_from_json_without_a_file():
    with pytest.raises(LessonError, match="question: is missing"):
        d = _good()
        del d["question"]
        lesson_from_json(json.dumps(d), "x")


# ---- the model shows what each lesson's explanation says (directions, not exact numbers) ----
def _at(r, name, t):
    return float(np.interp(t, r["t_years"], r[name]))


def _pct(r, name, t, t0=0.0):
    return (_at(r, name, t) / _at(r, name, t0) - 1) * 100


def _check_menopause(r):
    assert _at(r, "rankl_opg_ratio", 5) > 1.5 * _at(r, "rankl_opg_ratio", 0)
    assert _pct(r, "bmd_spine_g_cm2", 10) < -5
    early = _at(r, "bmd_spine_g_cm2", 2) - _at(r, "bmd_spine_g_cm2", 5)
    late = _at(r, "bmd_spine_g_cm2", 7) - _at(r, "bmd_spine_g_cm2", 10)
    assert early > late > 0  # fastest loss in the years after the final period
    assert _at(r, "ctx_rel", 5) > _at(r, "ctx_rel", 0)


def _check_hrt(r):
    assert _at(r, "rankl_opg_ratio", 5) < _at(r, "rankl_opg_ratio", 8)
    assert _at(r, "ctx_rel", 5) < _at(r, "ctx_rel", 8)
    on = _pct(r, "bmd_spine_g_cm2", 7, 1.5)
    off = _pct(r, "bmd_spine_g_cm2", 10, 7)
    assert abs(on) < 2.0 and off < -3.0  # holds on therapy, falls after stopping


def _check_testosterone(r):
    assert _at(r, "estradiol_pg_ml", 3) > 1.5 * _at(r, "estradiol_pg_ml", 0.5)  # aromatisation
    assert _at(r, "rankl_opg_ratio", 3) < _at(r, "rankl_opg_ratio", 0.5)
    assert _at(r, "lh_rel", 3) < _at(r, "lh_rel", 0.5)
    assert _at(r, "bmd_spine_g_cm2", 8) > _at(r, "bmd_spine_g_cm2", 1)


def _check_anastrozole(r):
    assert _at(r, "estradiol_pg_ml", 5) < 0.75 * _at(r, "estradiol_pg_ml", 2.5)
    assert _at(r, "testosterone_ng_dl", 5) > 0.8 * _at(r, "testosterone_ng_dl", 2.5)
    assert _at(r, "ctx_rel", 5) > _at(r, "ctx_rel", 2.5)
    assert _at(r, "bmd_spine_g_cm2", 10) < _at(r, "bmd_spine_g_cm2", 3)


def _check_gh(r):
    t = r["t_years"]
    window = (t >= 1.0) & (t <= 2.0)
    assert r["bmd_spine_g_cm2"][window].min() < _at(r, "bmd_spine_g_cm2", 1.0)  # the early dip
    assert _at(r, "bmd_spine_g_cm2", 6) > _at(r, "bmd_spine_g_cm2", 0)  # the later gain
    assert _at(r, "ctx_rel", 2) > _at(r, "ctx_rel", 0.9) and _at(r, "p1np_rel", 2) > _at(r, "p1np_rel", 0.9)


def _check_loading(r):
    assert _pct(r, "bmd_spine_g_cm2", 4, 1) > 1.0
    assert _pct(r, "bmd_spine_g_cm2", 4.5, 4) < -1.0
    assert _at(r, "rankl_opg_ratio", 4.25) > _at(r, "rankl_opg_ratio", 3)


LESSON_CHECKS = {
    "01_menopause_brake": _check_menopause,
    "02_hrt_restores_brake": _check_hrt,
    "03_testosterone_aromatisation": _check_testosterone,
    "04_anastrozole_costs_bone": _check_anastrozole,
    "05_gh_turnover_dip": _check_gh,
    "06_loading_directs_bone": _check_loading,
}


@pytest.mark.parametrize("lesson_id", sorted(LESSON_CHECKS))
def test_the_model_shows_what_the_lesson_explains(lesson_id):
    lesson = {x.id: x for x in lessons()}[lesson_id]
    LESSON_CHECKS[lesson_id](simulate(lesson.scenario))
