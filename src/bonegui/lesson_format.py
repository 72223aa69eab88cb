"""Guided lessons: JSON files a teacher can write without code (format: docs/lessons.md).

Floor 1: the strict reader of bonegui.fileio + the scenario reader, no Qt. Every problem in a lesson file becomes one
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
from bonegui.fileio.jsontext import BadNumber, parse_json_tree
from bonegui.fileio.read import read_user_text
from bonegui.fileio.spec import Check, Field, Flag, ListOf, Number, Obj, RawObject, Text
from bonegui.fileio.text import shorten
from bonegui.plot_names import PLOT_NAMES  # the plots a lesson can point at (look_at)
from bonegui.resources_access import list_json
from bonegui.scenario import Scenario, ScenarioError, scenario_from_dict
from bonegui.scenario.checks import AGENT_ID

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
    #: show a virtual cohort of this many people like the patient (bonegui.model.cohort)
    cohort_people: int | None = None

    @property
    def correct_index(self) -> int:
        return next(i for i, c in enumerate(self.choices) if c.correct)


# ---------------------------------------------------------------------------- reading
def _text(**kw) -> Text:
    return Text(nonempty=True, strip=True, **kw)


def _lesson_format(v: Any, path: str, error) -> int:
    if v != LESSON_FORMAT or isinstance(v, bool):
        shown = v.text if isinstance(v, BadNumber) else shorten(v)
        raise error(path, f"{shown} is not supported; this app reads lesson_format {LESSON_FORMAT}")
    return LESSON_FORMAT


_CHOICE = Obj({"text": Field(_text()), "correct": Field(Flag(), default=False), "feedback": Field(_text())},
              noun="choice field")
_QUESTION = Obj({"prompt": Field(_text()), "choices": Field(ListOf(_CHOICE, 6, 2, noun="choices"))},
                noun="question field", what="prompt and choices")
_EVIDENCE = Obj(
    {
        "agent": Field(AGENT_ID, default=None, nullable=True),
        "grade": Field(_text(), default=None),
        "summary": Field(_text(), default=None),
        "sources": Field(ListOf(Text(), 50, noun="sources"), default=[], hint="a list of text (one reference each)"),
    },
    noun="evidence field",
)
_LESSON = Obj(
    {
        "lesson_format": Field(Check(_lesson_format, str(LESSON_FORMAT)), hint=f"{LESSON_FORMAT} (the lesson format)"),
        "title": Field(_text()),
        "order": Field(Number(0, 10_000, integer=True), default=100),
        "intro": Field(_text()),
        "scenario": Field(RawObject(), hint="a scenario (paste a saved .bonelab.json scenario here)"),
        "question": Field(_QUESTION),
        "explanation": Field(_text()),
        "look_at": Field(ListOf(Text(tuple(PLOT_NAMES), noun="plot"), len(PLOT_NAMES), 1, noun="plots", unique=True)),
        "cursor_years": Field(Number(), default=None, nullable=True),
        "cohort_people": Field(Number(10, 5000, integer=True), default=None, nullable=True,
                               hint="a whole number of people, 10-5000: the lesson shows a virtual cohort"),
        "evidence": Field(RawObject(), hint='an object ({"agent": id} or {"grade", "summary", "sources"})'),
    },
    noun="lesson field",
)


def _choices(raw: list[dict]) -> tuple[Choice, ...]:
    out = tuple(Choice(c["text"], c["correct"], c["feedback"]) for c in raw)
    n_correct = sum(c.correct for c in out)
    if n_correct != 1:
        raise LessonError("question.choices", f'exactly one choice must have "correct": true (found {n_correct})')
    return out


def _evidence(raw: Any) -> LessonEvidence:
    e = _EVIDENCE.read(raw, "evidence", LessonError)
    agent_id = e["agent"]
    if agent_id is not None:
        ev = catalogue()[agent_id].evidence
        grade = e["grade"] or ev.grade
        summary = e["summary"] or ev.summary
        sources = tuple(e["sources"]) or ev.sources
    else:
        for key in ("grade", "summary"):
            if e[key] is None:
                raise LessonError(f"evidence.{key}", "is missing; expected non-empty text (or name an \"agent\")")
        grade, summary, sources = e["grade"], e["summary"], tuple(e["sources"])
    if not GRADE_PATTERN.match(grade):
        raise LessonError("evidence.grade", f"{shorten(grade)} is not a grade; use A, B, C, D (or e.g. A/B) or cohort")
    return LessonEvidence(grade, summary, sources, agent_id)


def lesson_from_dict(data: Any, lesson_id: str) -> Lesson:
    d = _LESSON.read(data, "", LessonError)
    sc_raw = d["scenario"]
    try:
        scenario = scenario_from_dict(sc_raw, "scenario", check_version="format_version" in sc_raw)
    except LessonError:
        raise
    except ScenarioError as e:  # the same problem, as a lesson problem (the path already has "scenario.")
        raise LessonError(e.field, e.problem) from None
    cursor = d["cursor_years"]
    if cursor is not None and not 0.0 <= cursor <= scenario.span_years:
        raise LessonError("cursor_years", f"{cursor:g} is outside 0-{scenario.span_years:g} years (the scenario span)")
    q = d["question"]
    return Lesson(
        id=lesson_id,
        title=d["title"],
        order=d["order"],
        intro=d["intro"],
        scenario=scenario,
        prompt=q["prompt"],
        choices=_choices(q["choices"]),
        explanation=d["explanation"],
        look_at=tuple(d["look_at"]),
        evidence=_evidence(d["evidence"]),
        cursor_years=cursor,
        cohort_people=None if d["cohort_people"] is None else int(d["cohort_people"]),
    )


def lesson_from_json(text: str, lesson_id: str, source: str | None = None) -> Lesson:
    try:
        return lesson_from_dict(parse_json_tree(text, LessonError), lesson_id)
    except LessonError as e:
        raise e.with_source(source) if source else e


def load_lesson(path: str | os.PathLike) -> Lesson:
    """Read a lesson file from disk (a teacher's own file); LessonError naming the file."""
    p = Path(path)
    text = read_user_text(p, MAX_LESSON_BYTES, LessonError, "lesson files")
    return lesson_from_json(text, p.name.removesuffix(".json"), str(p))


@lru_cache(maxsize=1)
def lessons() -> tuple[Lesson, ...]:
    """The lessons shipped in resources/lessons/, in teaching order (``order``, then title)."""
    out = []
    for f in list_json("lessons"):
        out.append(lesson_from_json(f.read_text(encoding="utf-8"), f.name.removesuffix(".json"), f"lessons/{f.name}"))
    return tuple(sorted(out, key=lambda les: (les.order, les.title)))
