"""Guided lessons: JSON files a teacher can write without code (format: docs/lessons.md).

Floor 1: plain json + the scenario reader, no Qt. Every problem in a lesson file becomes one
``LessonError`` line naming the file, the field path and what is allowed, e.g.
``my_lesson.json: question.choices: exactly one choice must have "correct": true (found 2)``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bonegui.catalogue import catalogue
from bonegui.plot_names import PLOT_NAMES  # the plots a lesson can point at (look_at)
from bonegui.resources_access import list_json
from bonegui.scenario import Scenario, ScenarioError, scenario_from_dict
from bonegui.scenario.io import parse_json_text

LESSON_FORMAT = 1
MAX_LESSON_BYTES = 500_000

#: Evidence grades (EVIDENCE.md): A-D for treatments, "cohort" for natural history measured in
#: observational cohorts (e.g. bone loss across menopause), where no trial grade applies.
GRADE_PATTERN = re.compile(r"^(?:[A-D](?:/[A-D])?|cohort)$")
GRADE_MEANING = {
    "A": "randomised trials with fracture outcomes",
    "B": "randomised trials with BMD (or other surrogate) outcomes only",
    "C": "human hormone or pharmacokinetic data only, no bone outcome",
    "D": "essentially unstudied for this use",
    "cohort": "measured in observational cohorts (natural history, not a treatment)",
}

_TOP_KEYS = ("lesson_format", "title", "order", "intro", "scenario", "question", "explanation",
             "look_at", "cursor_years", "evidence")
_CHOICE_KEYS = ("text", "correct", "feedback")
_EVIDENCE_KEYS = ("agent", "grade", "summary", "sources")


class LessonError(ScenarioError):
    """A problem in a lesson file (same one-line form as ScenarioError)."""


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class LessonEvidence:
    grade: str
    summary: str
    sources: tuple[str, ...]
    agent: str | None = None  # catalogue id when the grade comes from the catalogue

    @property
    def grade_meaning(self) -> str:
        parts = [GRADE_MEANING.get(g, "") for g in self.grade.split("/")]
        return "; ".join(p for p in parts if p)


@dataclass(frozen=True)
class Lesson:
    id: str  # file stem
    title: str
    order: int
    intro: str
    scenario: Scenario
    prompt: str
    choices: tuple[Choice, ...]
    explanation: str
    look_at: tuple[str, ...]
    evidence: LessonEvidence
    cursor_years: float | None = None

    @property
    def correct_index(self) -> int:
        return next(i for i, c in enumerate(self.choices) if c.correct)


# ---------------------------------------------------------------------------- reading
def _type_name(v: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(v), "a number" if isinstance(v, (int, float)) else type(v).__name__)


def _obj(v: Any, field: str) -> dict:
    if not isinstance(v, dict):
        raise LessonError(field or "(top level)", f"must be an object, not {_type_name(v)}")
    return v


def _check_keys(d: dict, allowed: tuple[str, ...], field: str) -> None:
    for k in d:
        if k not in allowed:
            where = f"{field}.{k}" if field else k
            raise LessonError(where, f"is not a lesson field; allowed here: {', '.join(allowed)}")


def _text(d: dict, key: str, field: str, default: Any = ...) -> str:
    where = f"{field}.{key}" if field else key
    if key not in d:
        if default is ...:
            raise LessonError(where, "is missing")
        return default
    v = d[key]
    if not isinstance(v, str):
        raise LessonError(where, f"must be text, not {_type_name(v)}")
    if not v.strip():
        raise LessonError(where, "must not be empty")
    return v.strip()


def _number(d: dict, key: str, field: str) -> float:
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise LessonError(f"{field}.{key}" if field else key, f"must be a number, not {_type_name(v)}")
    return float(v)


def _choices(q: dict) -> tuple[Choice, ...]:
    raw = q.get("choices")
    if raw is None:
        raise LessonError("question.choices", "is missing")
    if not isinstance(raw, list):
        raise LessonError("question.choices", f"must be a list, not {_type_name(raw)}")
    if not 2 <= len(raw) <= 6:
        raise LessonError("question.choices", f"has {len(raw)} choices; a question needs 2-6")
    out = []
    for i, c in enumerate(raw):
        f = f"question.choices[{i}]"
        c = _obj(c, f)
        _check_keys(c, _CHOICE_KEYS, f)
        correct = c.get("correct", False)
        if not isinstance(correct, bool):
            raise LessonError(f"{f}.correct", f"must be true or false, not {_type_name(correct)}")
        out.append(Choice(_text(c, "text", f), correct, _text(c, "feedback", f)))
    n_correct = sum(c.correct for c in out)
    if n_correct != 1:
        raise LessonError("question.choices", f'exactly one choice must have "correct": true (found {n_correct})')
    return tuple(out)


def _evidence(raw: Any) -> LessonEvidence:
    e = _obj(raw, "evidence")
    _check_keys(e, _EVIDENCE_KEYS, "evidence")
    agent_id = e.get("agent")
    sources_raw = e.get("sources", [])
    if not isinstance(sources_raw, list) or not all(isinstance(s, str) for s in sources_raw):
        raise LessonError("evidence.sources", "must be a list of text (one reference each)")
    if agent_id is not None:
        agents = catalogue()
        if agent_id not in agents:
            raise LessonError("evidence.agent", f"unknown agent {agent_id!r}; known agents: {', '.join(agents)}")
        ev = agents[agent_id].evidence
        grade = _text(e, "grade", "evidence", ev.grade)
        summary = _text(e, "summary", "evidence", ev.summary)
        sources = tuple(sources_raw) or ev.sources
    else:
        grade = _text(e, "grade", "evidence")
        summary = _text(e, "summary", "evidence")
        sources = tuple(sources_raw)
    if not GRADE_PATTERN.match(grade):
        raise LessonError("evidence.grade", f"{grade!r} is not a grade; use A, B, C, D (or e.g. A/B) or cohort")
    return LessonEvidence(grade, summary, sources, agent_id)


def lesson_from_dict(data: Any, lesson_id: str) -> Lesson:
    d = _obj(data, "")
    _check_keys(d, _TOP_KEYS, "")
    if "lesson_format" not in d:
        raise LessonError("lesson_format", f"is missing (use {LESSON_FORMAT})")
    if d["lesson_format"] != LESSON_FORMAT:
        raise LessonError("lesson_format", f"{d['lesson_format']!r} is not supported; this app reads lesson_format {LESSON_FORMAT}")
    order = d.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        raise LessonError("order", f"must be a whole number, not {_type_name(order)}")
    if "scenario" not in d:
        raise LessonError("scenario", "is missing (paste a saved .bonelab.json scenario here)")
    sc_raw = _obj(d["scenario"], "scenario")
    try:
        scenario = scenario_from_dict(sc_raw, "scenario", check_version="format_version" in sc_raw)
    except LessonError:
        raise
    except ScenarioError as e:  # re-raise as a lesson problem with the same field path
        raise LessonError(e.field if e.field.startswith("scenario") else f"scenario.{e.field}", e.problem) from None
    q = _obj(d.get("question"), "question") if "question" in d else None
    if q is None:
        raise LessonError("question", "is missing")
    _check_keys(q, ("prompt", "choices"), "question")
    look_raw = d.get("look_at", [])
    if not isinstance(look_raw, list) or not look_raw:
        raise LessonError("look_at", f"must be a non-empty list of plots: {', '.join(PLOT_NAMES)}")
    for i, p in enumerate(look_raw):
        if p not in PLOT_NAMES:
            raise LessonError(f"look_at[{i}]", f"{p!r} is not a plot; use one of: {', '.join(PLOT_NAMES)}")
    cursor = None
    if d.get("cursor_years") is not None:
        cursor = _number(d, "cursor_years", "")
        if not 0.0 <= cursor <= scenario.span_years:
            raise LessonError("cursor_years", f"{cursor:g} is outside 0-{scenario.span_years:g} years (the scenario span)")
    if "evidence" not in d:
        raise LessonError("evidence", 'is missing (give {"agent": id} or {"grade", "summary", "sources"})')
    return Lesson(
        id=lesson_id,
        title=_text(d, "title", ""),
        order=order,
        intro=_text(d, "intro", ""),
        scenario=scenario,
        prompt=_text(q, "prompt", "question"),
        choices=_choices(q),
        explanation=_text(d, "explanation", ""),
        look_at=tuple(look_raw),
        evidence=_evidence(d["evidence"]),
        cursor_years=cursor,
    )


def lesson_from_json(text: str, lesson_id: str, source: str | None = None) -> Lesson:
    try:
        return lesson_from_dict(parse_json_text(text, LessonError), lesson_id)
    except LessonError as e:
        if source:
            raise LessonError(e.field, e.problem, source) from None
        raise


def load_lesson(path: str | os.PathLike) -> Lesson:
    """Read a lesson file from disk (a teacher's own file); LessonError naming the file."""
    p = Path(path)
    lesson_id = p.name.removesuffix(".json")
    try:
        if p.stat().st_size > MAX_LESSON_BYTES:
            raise LessonError("", f"the file is larger than {MAX_LESSON_BYTES // 1000} kB; a lesson is a few kB", str(p))
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LessonError("", "is not UTF-8 text", str(p)) from None
    except OSError as e:
        raise LessonError("", f"cannot read the file ({e.strerror})", str(p)) from None
    return lesson_from_json(text, lesson_id, str(p))


@lru_cache(maxsize=1)
def lessons() -> tuple[Lesson, ...]:
    """The lessons shipped in resources/lessons/, in teaching order (``order``, then title)."""
    out = []
    for f in list_json("lessons"):
        out.append(lesson_from_json(f.read_text(encoding="utf-8"), f.name.removesuffix(".json"), f"lessons/{f.name}"))
    return tuple(sorted(out, key=lambda les: (les.order, les.title)))
