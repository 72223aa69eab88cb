"""Scenario <-> JSON. Plain json only (never pickle/eval); every problem becomes a one-line
ScenarioError naming the file, the field path and what is allowed.

File layout (``*.bonelab.json``)::

    {"format_version": 1, "title": ..., "patient": {...}, "therapies": [...], "activity": [...],
     "overrides": [...], "span_years": 10, "pinned": [{"name": ..., "scenario": {...}}]}

``pinned`` (optional) holds "compare runs" as scenarios; their results are recomputed on load.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from bonegui.scenario.errors import ScenarioError
from bonegui.scenario.model import (
    FORMAT_VERSION,
    ActivitySegment,
    HormoneOverride,
    Keyframe,
    Patient,
    Scenario,
    Therapy,
)
from bonegui.scenario.checks import check_scenario

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


# ---------------------------------------------------------------------------- from dict, typed
class _Reader:
    """Typed access to one JSON object with field paths for messages."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise ScenarioError(path or "(top level)", f"must be an object, not {_jtype(data)}")
        self.data = data
        self.path = path

    def _f(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data

    def get(self, key: str, kind: type | tuple, default: Any = ..., nullable: bool = False) -> Any:
        if key not in self.data:
            if default is ...:
                raise ScenarioError(self._f(key), "is missing")
            return default
        v = self.data[key]
        if v is None and nullable:
            return None
        if kind is float:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ScenarioError(self._f(key), f"must be a number, not {_jtype(v)}")
            return float(v)
        if kind is bool and not isinstance(v, bool):
            raise ScenarioError(self._f(key), f"must be true or false, not {_jtype(v)}")
        if kind is str and not isinstance(v, str):
            raise ScenarioError(self._f(key), f"must be text, not {_jtype(v)}")
        if kind is list and not isinstance(v, list):
            raise ScenarioError(self._f(key), f"must be a list, not {_jtype(v)}")
        if kind is dict and not isinstance(v, dict):
            raise ScenarioError(self._f(key), f"must be an object, not {_jtype(v)}")
        return v

    def items(self, key: str, build: Callable[["_Reader"], Any], default: Any = ...) -> tuple:
        raw = self.get(key, list, default)
        return tuple(build(_Reader(x, f"{self._f(key)}[{i}]")) for i, x in enumerate(raw))

    def child(self, key: str) -> "_Reader":
        return _Reader(self.get(key, dict), self._f(key))


def _jtype(v: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(v), "a number" if isinstance(v, (int, float)) else type(v).__name__
    )


def _patient(r: _Reader) -> Patient:
    d = Patient()
    return Patient(
        sex=r.get("sex", str),
        age_years=r.get("age_years", float),
        menopause=r.get("menopause", str, d.menopause),
        final_period_age_years=r.get("final_period_age_years", float, d.final_period_age_years),
        surgery_years=r.get("surgery_years", float, d.surgery_years),
        conditions=tuple(_str_list(r, "conditions")),
        habitual_activity=r.get("habitual_activity", str, d.habitual_activity),
        baseline_tscore=r.get("baseline_tscore", float, None, nullable=True),
    )


def _str_list(r: _Reader, key: str) -> list[str]:
    raw = r.get(key, list, [])
    for i, x in enumerate(raw):
        if not isinstance(x, str):
            raise ScenarioError(f"{r._f(key)}[{i}]", f"must be text, not {_jtype(x)}")
    return raw


def _therapy(r: _Reader) -> Therapy:
    return Therapy(
        agent=r.get("agent", str),
        dose=r.get("dose", float),
        dose_unit=r.get("dose_unit", str),
        route=r.get("route", str),
        interval_days=r.get("interval_days", float),
        start_years=r.get("start_years", float),
        stop_years=r.get("stop_years", float),
        enabled=r.get("enabled", bool, True),
    )


def _override(r: _Reader) -> HormoneOverride:
    return HormoneOverride(
        hormone=r.get("hormone", str),
        keyframes=r.items("keyframes", lambda k: Keyframe(k.get("t_years", float), k.get("level", float))),
    )


def scenario_from_dict(data: Any, path: str = "", check_version: bool = True) -> Scenario:
    """Build and check a Scenario from parsed JSON; ScenarioError on any problem."""
    r = _Reader(data, path)
    if check_version:
        _check_version(r)
    s = Scenario(
        title=r.get("title", str, Scenario.title),
        description=r.get("description", str, ""),
        patient=_patient(r.child("patient")),
        therapies=r.items("therapies", _therapy, []),
        activity=r.items("activity", lambda a: ActivitySegment(a.get("start_years", float), a.get("level", str)),
                         [{"start_years": 0.0, "level": "sedentary"}]),
        overrides=r.items("overrides", _override, []),
        span_years=r.get("span_years", float),
    )
    try:
        return check_scenario(s)
    except ScenarioError as e:
        if path:
            raise ScenarioError(f"{path}.{e.field}", e.problem) from None
        raise


def _check_version(r: _Reader) -> None:
    v = r.get("format_version", float)
    if v != int(v) or v < 1:
        raise ScenarioError("format_version", f"{v:g} is not a valid format version (expected {FORMAT_VERSION})")
    if v > FORMAT_VERSION:
        raise ScenarioError(
            "format_version",
            f"{int(v)} is newer than this app understands ({FORMAT_VERSION}); update Bone Remodeling Lab to open it",
        )


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
    """json.loads with the one-line messages every user file gets (empty file, bad JSON)."""
    if not text.strip():
        raise error("", "the file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise error("", f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None


def document_from_json(text: str, source: str | None = None) -> tuple[Scenario, tuple[PinnedRun, ...]]:
    """Parse a scenario file's text: the scenario and its pinned runs."""
    try:
        data = parse_json_text(text)
        scenario = scenario_from_dict(data)
        r = _Reader(data, "")
        pinned = r.items(
            "pinned",
            lambda p: PinnedRun(p.get("name", str), scenario_from_dict(p.get("scenario", dict), p._f("scenario"), False)),
            [],
        )
        return scenario, pinned
    except ScenarioError as e:
        raise e.with_source(source) if source else e


def scenario_from_json(text: str, source: str | None = None) -> Scenario:
    return document_from_json(text, source)[0]


def load_document(path: str | os.PathLike) -> tuple[Scenario, tuple[PinnedRun, ...]]:
    """Read a scenario file; ScenarioError (naming the file) for anything wrong with it."""
    p = Path(path)
    name = str(p)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ScenarioError("", f"cannot read the file ({e.strerror})", name) from None
    if size > MAX_FILE_BYTES:
        raise ScenarioError("", f"the file is {size / 1e6:.1f} MB; scenario files are at most {MAX_FILE_BYTES / 1e6:g} MB", name)
    try:
        raw = p.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError("", "is not UTF-8 text (is it really a scenario file?)", name) from None
    except OSError as e:
        raise ScenarioError("", f"cannot read the file ({e.strerror})", name) from None
    return document_from_json(text, name)


def load_scenario(path: str | os.PathLike) -> Scenario:
    return load_document(path)[0]


def save_scenario(path: str | os.PathLike, s: Scenario, pinned: tuple[PinnedRun, ...] = ()) -> None:
    """Write atomically: a temporary file in the same folder, fsync, then rename over the target,
    so a crash never leaves a half-written scenario."""
    atomic_write_text(Path(path), scenario_to_json(s, pinned))


def atomic_write_text(path: Path, text: str) -> None:
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent or "."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
