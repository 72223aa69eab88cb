"""Calibration cases: resources/validation/<id>.json, one file per CALIBRATION.md row.

A case file holds::

    {"id": "C3", "situation": "...", "source": "...", "comparator": "...", "notes": [...],
     "scenarios": {"treated": <scenario file format>, "untreated": {...}},
     "measures": {"spine_effect": {"scenario": "treated", "comparator": "untreated",
                                   "quantity": {"kind": "pct_change", "series": ..., ...}},
                  "ratio_x": {"op": "ratio", "of": ["a", "b"]},
                  "obp": {"core": {...}}},
     "parts": [{"id": "spine", "label": "...", "measure": "spine_effect", "unit": "%",
                "target": 5.3 | [5.3, 6.8] | null, "target_text": "...",
                "tolerance": {"rule": "default"}}]}

A measure reads one quantity from one scenario's Result (minus the same quantity from the
comparator scenario when there is one: "effect" = treated minus untreated), combines two other
measures (``op``), or asks the Pivonka core (``core``, case C12). A case passes only when
every part passes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping

from bonegui.resources_access import list_json
from bonegui.scenario import Scenario, ScenarioError, scenario_from_dict
from bonegui.validation.quantities import QUANTITIES
from bonegui.validation.scoring import RULES, Tolerance

#: how two measures combine: difference a - b, ratio a / b, reduction 100 (1 - a / b) in %
OPS = ("difference", "ratio", "reduction_pct")


class CaseError(ValueError):
    """A malformed case file; the message names the file and the field."""


@dataclass(frozen=True)
class Measure:
    id: str
    scenario: str | None = None
    comparator: str | None = None
    quantity: Mapping[str, Any] | None = None
    op: str | None = None
    of: tuple[str, ...] = ()
    core: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Part:
    id: str
    label: str  # the quantity compared, in words
    measure: str
    unit: str
    target: tuple[float, float] | None  # (lo, hi); lo == hi for one published value
    target_text: str  # the published figure as the table shows it
    tolerance: Tolerance
    note: str = ""


@dataclass(frozen=True)
class Case:
    id: str
    situation: str
    source: str
    comparator: str
    notes: tuple[str, ...]
    scenarios: Mapping[str, Scenario]
    measures: Mapping[str, Measure]
    parts: tuple[Part, ...]

    def part_key(self, part: Part) -> str:
        return f"{self.id}.{part.id}"


def _need(d: Mapping, key: str, kind, where: str):
    if key not in d:
        raise CaseError(f"{where}.{key}: is missing")
    v = d[key]
    if kind is float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise CaseError(f"{where}.{key}: must be a number")
        return float(v)
    if not isinstance(v, kind):
        name = {dict: "an object", list: "a list", str: "text"}.get(kind, kind.__name__)
        raise CaseError(f"{where}.{key}: must be {name}")
    return v


def _measure(mid: str, d: Any, scenarios: Mapping[str, Scenario], where: str) -> Measure:
    if not isinstance(d, dict):
        raise CaseError(f"{where}: must be an object")
    if "core" in d:
        return Measure(mid, core=_need(d, "core", dict, where))
    if "op" in d:
        op = _need(d, "op", str, where)
        if op not in OPS:
            raise CaseError(f"{where}.op: {op!r} is not one of: {', '.join(OPS)}")
        of = _need(d, "of", list, where)
        if len(of) != 2 or not all(isinstance(x, str) for x in of):
            raise CaseError(f"{where}.of: must name two measures")
        return Measure(mid, op=op, of=tuple(of))
    sc = _need(d, "scenario", str, where)
    comp = d.get("comparator")
    for key, name in (("scenario", sc), ("comparator", comp)):
        if name is not None and name not in scenarios:
            raise CaseError(f"{where}.{key}: unknown scenario {name!r}; this case has: {', '.join(scenarios)}")
    q = _need(d, "quantity", dict, where)
    kind = _need(q, "kind", str, f"{where}.quantity")
    if kind not in QUANTITIES:
        raise CaseError(f"{where}.quantity.kind: {kind!r} is not one of: {', '.join(QUANTITIES)}")
    for key in QUANTITIES[kind][1]:
        _need(q, key, str if key == "series" else float, f"{where}.quantity")
    return Measure(mid, scenario=sc, comparator=comp, quantity=q)


def _target(v: Any, where: str) -> tuple[float, float] | None:
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return (float(v), float(v))
    if isinstance(v, list) and len(v) == 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
        lo, hi = sorted(float(x) for x in v)
        return (lo, hi)
    raise CaseError(f"{where}.target: must be a number, [low, high] or null")


def _tolerance(d: Any, where: str) -> Tolerance:
    if not isinstance(d, dict):
        raise CaseError(f"{where}.tolerance: must be an object")
    rule = d.get("rule", "default")
    if rule not in RULES:
        raise CaseError(f"{where}.tolerance.rule: {rule!r} is not one of: {', '.join(RULES)}")
    if rule == "relative":
        return Tolerance(rule, fraction=_need(d, "fraction", float, f"{where}.tolerance"))
    if rule in ("above", "below"):
        return Tolerance(rule, limit=_need(d, "limit", float, f"{where}.tolerance"))
    return Tolerance(rule)


def _text(d: Mapping, key: str, default: str, where: str) -> str:
    v = d.get(key, default)
    if not isinstance(v, str):
        raise CaseError(f"{where}.{key}: must be text")
    return v


def _notes(data: Mapping) -> tuple[str, ...]:
    v = data.get("notes", [])
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise CaseError("case.notes: must be a list of text")
    return tuple(v)


def case_from_dict(data: Any, source: str = "case") -> Case:
    """Build a Case; CaseError (naming ``source`` and the field) for anything malformed."""
    try:
        return _case(data)
    except CaseError as e:
        raise CaseError(f"{source}: {e}") from None
    except ScenarioError as e:
        raise CaseError(f"{source}: {e}") from None


def _case(data: Any) -> Case:
    if not isinstance(data, dict):
        raise CaseError("(top level): must be an object")
    cid = _need(data, "id", str, "case").strip()
    raw_sc = _need(data, "scenarios", dict, "case")
    raw_measures = _need(data, "measures", dict, "case")
    if not raw_sc and not any(isinstance(m, dict) and "core" in m for m in raw_measures.values()):
        raise CaseError("scenarios: needs at least one scenario")
    scenarios = {name: scenario_from_dict(s, f"scenarios.{name}") for name, s in raw_sc.items()}
    measures: dict[str, Measure] = {}
    for mid, m in raw_measures.items():
        measures[mid] = _measure(mid, m, scenarios, f"measures.{mid}")
    for m in measures.values():
        for ref in m.of:
            if ref not in measures or ref == m.id:
                raise CaseError(f"measures.{m.id}.of: unknown measure {ref!r}")
    parts = []
    seen = set()
    for i, p in enumerate(_need(data, "parts", list, "case")):
        where = f"parts[{i}]"
        if not isinstance(p, dict):
            raise CaseError(f"{where}: must be an object")
        pid = _need(p, "id", str, where)
        if pid in seen:
            raise CaseError(f"{where}.id: {pid!r} is used twice")
        seen.add(pid)
        mref = _need(p, "measure", str, where)
        if mref not in measures:
            raise CaseError(f"{where}.measure: unknown measure {mref!r}; this case has: {', '.join(measures)}")
        tol = _tolerance(p.get("tolerance", {}), where)
        target = _target(p.get("target"), where)
        if target is None and tol.rule in ("default", "relative"):
            raise CaseError(f"{where}.target: rule {tol.rule!r} needs a target")
        parts.append(Part(
            id=pid,
            label=_need(p, "label", str, where),
            measure=mref,
            unit=_text(p, "unit", "%", where),
            target=target,
            target_text=_need(p, "target_text", str, where),
            tolerance=tol,
            note=_text(p, "note", "", where),
        ))
    if not parts:
        raise CaseError("parts: needs at least one part")
    return Case(
        id=cid,
        situation=_need(data, "situation", str, "case"),
        source=_need(data, "source", str, "case"),
        comparator=_text(data, "comparator", "", "case"),
        notes=_notes(data),
        scenarios=scenarios,
        measures=measures,
        parts=tuple(parts),
    )


def load_case(text: str, source: str = "case") -> Case:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise CaseError(f"{source}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    return case_from_dict(data, source)


def _case_order(case_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in case_id if ch.isdigit())
    return (int(digits) if digits else 10**6, case_id)


def load_cases() -> tuple[Case, ...]:
    """Every shipped case, in order C1, C2, ..., C13."""
    cases = [load_case(f.read_text(encoding="utf-8"), f"validation/{f.name}") for f in list_json("validation")]
    ids = [c.id for c in cases]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise CaseError(f"validation/: case id used twice: {', '.join(sorted(dup))}")
    return tuple(sorted(cases, key=lambda c: _case_order(c.id)))
