"""Scenario <-> JSON. Plain json only (never pickle/eval); every problem becomes a one-line
ScenarioError naming the file, the field path and what is allowed.

File layout (``*.bonelab.json``)::

    {"format_version": 1, "title": ..., "patient": {...}, "therapies": [...], "activity": [...],
     "overrides": [...], "span_years": 10, "pinned": [{"name": ..., "scenario": {...}}]}

``pinned`` (optional) holds "compare runs" as scenarios; their results are recomputed on load.

Reading is in two steps: the field specs below check keys (unknown ones are refused with the
nearest known key), presence, types and usable numbers, describing the allowed values in
every message; ``check_scenario`` then checks the values (ranges, order, counts) exactly as it
does for a scenario edited in the window. The reading of the file itself (regular files only,
size cap, UTF-8, strict JSON) is ``bonegui.fileio``'s.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bonegui.catalogue import catalogue
from bonegui.fileio.jsontext import parse_json_text as _strict_json_text
from bonegui.fileio.jsontext import parse_json_tree
from bonegui.fileio.read import read_user_text
from bonegui.fileio.spec import Check, Field, Flag, ListOf, Number, Obj, RawObject, Text, join
from bonegui.fileio.text import jtype, number, shorten
from bonegui.fileio.write import atomic_write_bytes, atomic_write_text  # noqa: F401  (public here too)
from bonegui.scenario.checks import AGENT_ID, check_scenario
from bonegui.scenario.errors import ScenarioError
from bonegui.scenario.model import (
    ACTIVITY_LEVELS,
    AGE_RANGE_YEARS,
    CONDITIONS,
    FINAL_PERIOD_AGE_RANGE_YEARS,
    FORMAT_VERSION,
    HORMONES,
    MAX_ACTIVITY_SEGMENTS,
    MAX_KEYFRAMES,
    MAX_PINNED,
    MAX_THERAPIES,
    MENOPAUSE_KINDS,
    SEXES,
    SPAN_RANGE_YEARS,
    TSCORE_RANGE,
    ActivitySegment,
    HormoneOverride,
    Keyframe,
    Patient,
    Scenario,
    Therapy,
)

MAX_FILE_BYTES = 2_000_000  # a real scenario is a few kB; refuse anything absurd before parsing
FILE_SUFFIX = ".bonelab.json"


@dataclass(frozen=True)
class PinnedRun:
    name: str
    scenario: Scenario


# ---------------------------------------------------------------------------- to JSON-able dict
def scenario_to_dict(s: Scenario) -> dict[str, Any]:
    p = s.patient
    return {
        "format_version": FORMAT_VERSION,
        "title": s.title,
        "description": s.description,
        "span_years": s.span_years,
        "patient": {
            "sex": p.sex,
            "age_years": p.age_years,
            "menopause": p.menopause,
            "final_period_age_years": p.final_period_age_years,
            "surgery_years": p.surgery_years,
            "conditions": list(p.conditions),
            "habitual_activity": p.habitual_activity,
            "baseline_tscore": p.baseline_tscore,
        },
        "therapies": [
            {
                "agent": t.agent,
                "dose": t.dose,
                "dose_unit": t.dose_unit,
                "route": t.route,
                "interval_days": t.interval_days,
                "start_years": t.start_years,
                "stop_years": t.stop_years,
                "enabled": t.enabled,
            }
            for t in s.therapies
        ],
        "activity": [{"start_years": a.start_years, "level": a.level} for a in s.activity],
        "overrides": [
            {"hormone": o.hormone, "keyframes": [{"t_years": k.t_years, "level": k.level} for k in o.keyframes]}
            for o in s.overrides
        ],
    }


# ---------------------------------------------------------------------------- field specs
def _num(lo: float, hi: float, unit: str = "", what: str = "") -> Number:
    # ranges are enforced by check_scenario (one wording for files and editors); here described
    return Number(lo, hi, unit, what, enforce=False)


_SPAN_UNIT = "years (the scenario span)"
_DEFAULT = Patient()


def _version(v: Any, path: str, error) -> float:
    x = Number(1, FORMAT_VERSION, enforce=False).read(v, path, error)
    if x != int(x) or x < 1:
        raise error(path, f"{number(x)} is not a valid format version (expected {FORMAT_VERSION})")
    if x > FORMAT_VERSION:
        raise error(path, f"{int(x)} is newer than this app understands ({FORMAT_VERSION}); "
                          "update Bone Remodeling Lab to open it")
    return x


_VERSION = Check(_version, f"{FORMAT_VERSION}")


def _top(check_version: bool, allow_pinned: bool) -> Obj:
    fields = {
        "format_version": Field(_VERSION, hint=str(FORMAT_VERSION)) if check_version else Field(_VERSION, default=None),
        "title": Field(Text(), default=Scenario.title),
        "description": Field(Text(), default=""),
        "span_years": Field(_num(*SPAN_RANGE_YEARS, "years")),
        "patient": Field(RawObject("the patient: sex, age_years, ...")),
        "therapies": Field(ListOf(None, MAX_THERAPIES, noun="therapies"), default=[]),
        "activity": Field(ListOf(None, MAX_ACTIVITY_SEGMENTS, noun="segments"),
                          default=[{"start_years": 0.0, "level": "sedentary"}]),
        "overrides": Field(ListOf(None, len(HORMONES), noun="overrides"), default=[]),
    }
    if allow_pinned:
        fields["pinned"] = Field(ListOf(None, MAX_PINNED, noun="pinned runs"), default=[])
    return Obj(fields, noun="scenario field")


_TOPS = {(v, p): _top(v, p) for v in (True, False) for p in (True, False)}

_PATIENT = Obj(
    {
        "sex": Field(Text(SEXES)),
        "age_years": Field(_num(*AGE_RANGE_YEARS, "years")),
        "menopause": Field(Text(MENOPAUSE_KINDS), default=_DEFAULT.menopause),
        "final_period_age_years": Field(_num(*FINAL_PERIOD_AGE_RANGE_YEARS, "years"), default=_DEFAULT.final_period_age_years),
        "surgery_years": Field(_num(0.0, SPAN_RANGE_YEARS[1], _SPAN_UNIT), default=_DEFAULT.surgery_years),
        "conditions": Field(ListOf(Text(CONDITIONS), len(CONDITIONS), noun="conditions"), default=[]),
        "habitual_activity": Field(Text(tuple(ACTIVITY_LEVELS)), default=_DEFAULT.habitual_activity),
        "baseline_tscore": Field(_num(*TSCORE_RANGE, "SD"), default=None, nullable=True),
    },
    noun="patient field",
)

_THERAPY_KEYS = ("agent", "dose", "dose_unit", "route", "interval_days", "start_years", "stop_years", "enabled")


def _unit_of(unit: str, agent_id: str) -> Check:
    def read(v: Any, path: str, error) -> str:
        if v != unit:
            shown = shorten(v) if isinstance(v, str) else jtype(v)
            raise error(path, f"{shown} is not the unit of {agent_id} (expected {unit!r})")
        return v

    return Check(read, repr(unit))


@lru_cache(maxsize=256)
def _therapy_spec(agent_id: str, span: float) -> Obj:
    a = catalogue()[agent_id]
    return Obj(
        {
            "agent": Field(AGENT_ID),
            "dose": Field(_num(a.dose_min, a.dose_max, a.dose_unit, a.id)),
            "dose_unit": Field(_unit_of(a.dose_unit, a.id)),
            "route": Field(Text(a.routes)),
            "interval_days": Field(_num(a.interval_min_days, a.interval_max_days, "days", a.id)),
            "start_years": Field(_num(0.0, span, _SPAN_UNIT)),
            "stop_years": Field(_num(0.0, span, _SPAN_UNIT)),
            "enabled": Field(Flag(), default=True),
        },
        noun="therapy field",
    )


_THERAPY_AGENT = Obj({"agent": Field(AGENT_ID)}, noun="therapy field", ignore=_THERAPY_KEYS[1:])


def _therapy(raw: Any, span: float, path: str) -> Therapy:
    agent_id = _THERAPY_AGENT.read(raw, path, ScenarioError)["agent"]  # first, so the ranges are its
    d = _therapy_spec(agent_id, span).read(raw, path, ScenarioError)
    return Therapy(**d)


@lru_cache(maxsize=64)
def _activity_spec(span: float) -> Obj:
    return Obj({"start_years": Field(_num(0.0, span, _SPAN_UNIT)), "level": Field(Text(tuple(ACTIVITY_LEVELS)))},
               noun="activity field")


_OVERRIDE = Obj(
    {"hormone": Field(Text(tuple(HORMONES))), "keyframes": Field(ListOf(None, MAX_KEYFRAMES, noun="keyframes"))},
    noun="override field",
)


@lru_cache(maxsize=64)
def _keyframe_spec(hormone: str, span: float) -> Obj:
    h = HORMONES[hormone]
    return Obj({"t_years": Field(_num(0.0, span, _SPAN_UNIT)), "level": Field(_num(0.0, h.max_level, h.unit, hormone))},
               noun="keyframe field")


def _override(raw: Any, span: float, path: str) -> HormoneOverride:
    d = _OVERRIDE.read(raw, path, ScenarioError)
    spec = _keyframe_spec(d["hormone"], span)
    kfs = tuple(Keyframe(**spec.read(k, f"{join(path, 'keyframes')}[{j}]", ScenarioError)) for j, k in enumerate(d["keyframes"]))
    return HormoneOverride(d["hormone"], kfs)


def scenario_from_dict(data: Any, path: str = "", check_version: bool = True, *, allow_pinned: bool = True) -> Scenario:
    """Build and check a Scenario from parsed JSON; ScenarioError on any problem. ``path``
    prefixes the field paths (a scenario inside a lesson or case file); ``check_version``
    False makes ``format_version`` optional (pinned runs); ``allow_pinned`` accepts a
    ``pinned`` list (read by ``document_from_json``, ignored here)."""
    top = _TOPS[(check_version, allow_pinned)].read(data, path, ScenarioError)
    span = top["span_years"]
    p = _PATIENT.read(top["patient"], join(path, "patient"), ScenarioError)
    p["conditions"] = tuple(p["conditions"])
    act = _activity_spec(span)
    s = Scenario(
        title=top["title"],
        description=top["description"],
        patient=Patient(**p),
        therapies=tuple(_therapy(x, span, f"{join(path, 'therapies')}[{i}]") for i, x in enumerate(top["therapies"])),
        activity=tuple(ActivitySegment(**act.read(x, f"{join(path, 'activity')}[{i}]", ScenarioError))
                       for i, x in enumerate(top["activity"])),
        overrides=tuple(_override(x, span, f"{join(path, 'overrides')}[{i}]") for i, x in enumerate(top["overrides"])),
        span_years=span,
    )
    try:
        return check_scenario(s)
    except ScenarioError as e:
        raise e.under(path) from None


_PIN = Obj({"name": Field(Text()), "scenario": Field(RawObject("a scenario without format_version"))}, noun="pinned-run field")


def _pinned(data: dict) -> tuple[PinnedRun, ...]:
    raw = ListOf(None, MAX_PINNED, noun="pinned runs").read(data.get("pinned", []), "pinned", ScenarioError)
    out = []
    for i, x in enumerate(raw):
        d = _PIN.read(x, f"pinned[{i}]", ScenarioError)
        out.append(PinnedRun(d["name"], scenario_from_dict(d["scenario"], f"pinned[{i}].scenario", False, allow_pinned=False)))
    return tuple(out)


# ---------------------------------------------------------------------------- text and files
def scenario_to_json(s: Scenario, pinned: tuple[PinnedRun, ...] = ()) -> str:
    d = scenario_to_dict(s)
    if pinned:
        d["pinned"] = [{"name": p.name, "scenario": _without_version(scenario_to_dict(p.scenario))} for p in pinned]
    return json.dumps(d, indent=2, ensure_ascii=False) + "\n"


def _without_version(d: dict) -> dict:
    d.pop("format_version", None)
    return d


def parse_json_text(text: str, error: type[ScenarioError] = ScenarioError) -> Any:
    """Strict json.loads with the one-line messages every user file gets (empty file, bad
    JSON, duplicate keys, unusable numbers, deep nesting, lone surrogates): fileio.jsontext."""
    return _strict_json_text(text, error)


def document_from_json(text: str, source: str | None = None) -> tuple[Scenario, tuple[PinnedRun, ...]]:
    """Parse a scenario file's text: the scenario and its pinned runs."""
    try:
        data = parse_json_tree(text)
        scenario = scenario_from_dict(data)
        return scenario, _pinned(data)
    except ScenarioError as e:
        raise e.with_source(source) if source else e


def scenario_from_json(text: str, source: str | None = None) -> Scenario:
    return document_from_json(text, source)[0]


def load_document(path: str | os.PathLike) -> tuple[Scenario, tuple[PinnedRun, ...]]:
    """Read a scenario file; ScenarioError (naming the file) for anything wrong with it."""
    text = read_user_text(path, MAX_FILE_BYTES, ScenarioError, "scenario files")
    return document_from_json(text, str(Path(path)))


def load_scenario(path: str | os.PathLike) -> Scenario:
    return load_document(path)[0]


def save_scenario(path: str | os.PathLike, s: Scenario, pinned: tuple[PinnedRun, ...] = ()) -> None:
    """Write atomically (fileio.write: temp file beside the target, fsync, rename; permission
    bits kept, symlinks written through); a crash never leaves a half-written scenario."""
    check_scenario(s)
    for i, p in enumerate(pinned):
        _check_pin_name(p.name, i)
    atomic_write_text(Path(path), scenario_to_json(s, pinned))


def _check_pin_name(name: str, i: int) -> None:
    from bonegui.scenario.checks import check_text

    check_text(f"pinned[{i}].name", name)
