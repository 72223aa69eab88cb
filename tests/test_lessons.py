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


# ---- issue 14: every malformed lesson gets one line naming the field and what is allowed ----
@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(look_at=[["hormones"]]), "look_at[0]: must be text, not a list; allowed: hormones, cells, bmd, markers"),
        (lambda d: d.update(look_at=["bmd", "bmd"]), "look_at[1]: 'bmd' is listed twice"),
        (lambda d: d.update(look_at=[]), "look_at: has 0 plots; at least 1 needed"),
        (lambda d: d.update(evidence={"agent": ["anastrozole"]}), "evidence.agent: must be text (a catalogue agent id), not a list"),
        (lambda d: d.update(evidence={"agent": "anastrazole"}),
         "evidence.agent: unknown agent 'anastrazole'; did you mean 'anastrozole'? known agents: testosterone_cypionate, gonadorelin, anastrozole, testosterone_gel, ... (11 in all)"),
        (lambda d: d.update(evidence={"grde": "A", "summary": "s"}), "evidence.grde: is not an evidence field; did you mean 'grade'?"),
        (lambda d: d.update(evidence={"summary": "s"}), 'evidence.grade: is missing; expected non-empty text (or name an "agent")'),
        (lambda d: d.update(order=10**400), "order: 10000000...0000 has 401 digits, too many to be a real value; allowed: 0-10000"),
        (lambda d: d.update(order=2.5), "order: 2.5 is not a whole number; allowed: 0-10000"),
        (lambda d: d.update(cursor_years="5"), "cursor_years: must be a number, not text"),
        (lambda d: d.update(cursor_years=99), "cursor_years: 99 is outside 0-10 years (the scenario span)"),
        (lambda d: d.pop("lesson_format"), "lesson_format: is missing; expected 1 (the lesson format)"),
        (lambda d: d.update(lesson_format=True), "lesson_format: true is not supported; this app reads lesson_format 1"),
        (lambda d: d.pop("scenario"), "scenario: is missing; expected a scenario (paste a saved .bonelab.json scenario here)"),
        (lambda d: d["scenario"]["patient"].update(menopuase="natural"), "scenario.patient.menopuase: is not a patient field; did you mean 'menopause'?"),
        (lambda d: d["question"]["choices"].extend(d["question"]["choices"] * 2), "question.choices: has 12 choices; at most 6 are allowed"),
        (lambda d: d["question"]["choices"][0].update(correct="yes"), "question.choices[0].correct: must be true or false, not text"),
        (lambda d: d.update(intro="   "), "intro: must not be empty"),
    ],
)
def test_malformed_lessons_name_the_field_and_what_is_allowed(tmp_path, mutate, message):
    d = _good()
    mutate(d)
    p = tmp_path / "teacher.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(LessonError) as ei:
        load_lesson(p)
    assert str(ei.value) == f"{p}: {message}"


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"lesson_format": 1, "title": "a", "title": "b"}', "title: is given twice in the same object; keep one"),
        ('{"lesson_format": 1, "title": "Lesson \\ud83e"}',
         "title: holds a lone surrogate (\\ud83e, half of an emoji or other character), which cannot be saved; retype that text"),
        ('{"lesson_format": 1e999}', "lesson_format: 1e999 is not supported; this app reads lesson_format 1"),
        ("[" * 50_000, "nests lists or objects 50000 deep; at most 32 levels are allowed"),
    ],
)
def test_lesson_json_traps(tmp_path, text, message):
    p = tmp_path / "t.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(LessonError) as ei:
        load_lesson(p)
    assert str(ei.value) == f"{p}: {message}"


def test_a_lesson_file_over_the_cap(tmp_path):
    p = tmp_path / "huge.json"
    p.write_bytes(b" " * 600_000)
    with pytest.raises(LessonError) as ei:
        load_lesson(p)
    assert str(ei.value) == f"{p}: the file is 600 kB; lesson files are at most 500 kB"
