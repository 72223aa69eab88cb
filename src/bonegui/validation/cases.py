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

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

from bonegui.fileio.jsontext import BadNumber, parse_json_tree
from bonegui.fileio.spec import Check, Field, ListOf, MapOf, Number, Obj, RawObject, Text, join
from bonegui.fileio.text import jtype, listing, shorten
from bonegui.model.result import SERIES_UNITS
from bonegui.resources_access import list_json
from bonegui.scenario import Scenario, ScenarioError, scenario_from_dict
from bonegui.validation.core_case import STATES
from bonegui.validation.quantities import QUANTITIES
from bonegui.validation.scoring import RULES, Tolerance

#: how a swept measure reduces its values
SWEEP_REDUCE = ("max", "min", "max_abs")
#: how two measures combine: difference a - b, ratio a / b, reduction 100 (1 - a / b) in %
OPS = ("difference", "ratio", "reduction_pct")


class CaseError(ScenarioError):
    """A malformed case file; the message names the file and the field (ScenarioError's form)."""


@dataclass(frozen=True)
class Measure:
    id: str
    scenario: str | None = None
    comparator: str | None = None
    quantity: Mapping[str, Any] | None = None
    op: str | None = None
    of: tuple[str, ...] = ()
    core: Mapping[str, Any] | None = None
    sweep: Mapping[str, Any] | None = None


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


# ---------------------------------------------------------------------------- field specs
_SERIES = Text(tuple(SERIES_UNITS), noun="series of the model's Result")
_OPTIONAL_QUANTITY_KEYS = ("to_years", "scale", "within")


@lru_cache(maxsize=None)
def _quantity_spec(kind: str) -> Obj:
    need = QUANTITIES[kind][1]
    fields: dict[str, Field] = {"kind": Field(Text(tuple(QUANTITIES)))}
    for key in need:
        fields[key] = Field(_SERIES if key in ("series", "other") else Number())
    for key in _OPTIONAL_QUANTITY_KEYS:
        if key not in fields:
            fields[key] = Field(Number(), default=None)  # left out of the dict when absent
    return Obj(fields, noun=f"field of a {kind} quantity")


_CORE = Obj(
    {
        "quantity": Field(Text(("steady_state", "bv_change_pct"))),
        "days": Field(Number(1.0, 100_000.0, "days")),
        "state": Field(Text(STATES), default=None),
        "infuse": Field(Text(("OPG", "RANKL", "PTH")), default=None),
        "rate_pm_per_day": Field(Number(0.0, 1e9, "pM/day"), default=None),
        "from_day": Field(Number(0.0, 100_000.0, "days"), default=None),
        "to_day": Field(Number(0.0, 100_000.0, "days"), default=None),
    },
    noun="core measure field",
)
_CORE_NEEDS = {"steady_state": ("state",), "bv_change_pct": ("infuse", "rate_pm_per_day", "from_day", "to_day")}


def _target_value(v: Any, path: str, error) -> tuple[float, float] | None:
    if v is None:
        return None
    if isinstance(v, list) and len(v) == 2:
        lo, hi = sorted(Number().read(x, f"{path}[{i}]", error) for i, x in enumerate(v))
        return (lo, hi)
    if isinstance(v, (int, float, BadNumber)) and not isinstance(v, bool):
        x = Number().read(v, path, error)
        return (x, x)
    raise error(path, f"must be a number, [low, high] or null, not {jtype(v)}")


_TOLERANCE = Obj(
    {
        "rule": Field(Text(RULES), default="default"),
        "fraction": Field(Number(0.0, 10.0), default=None),
        "limit": Field(Number(), default=None),
    },
    noun="tolerance field",
)
_PART = Obj(
    {
        "id": Field(Text(nonempty=True)),
        "label": Field(Text(nonempty=True)),
        "measure": Field(Text(nonempty=True)),
        "unit": Field(Text(), default="%"),
        "target": Field(Check(_target_value, "a number, [low, high] or null"), default=None),
        "target_text": Field(Text(nonempty=True)),
        "tolerance": Field(_TOLERANCE, default={"rule": "default", "fraction": None, "limit": None}),
        "note": Field(Text(), default=""),
    },
    noun="part field",
)
_CASE = Obj(
    {
        "id": Field(Text(nonempty=True, strip=True)),
        "situation": Field(Text(nonempty=True)),
        "source": Field(Text(nonempty=True)),
        "comparator": Field(Text(), default=""),
        "notes": Field(ListOf(Text(), 50, noun="notes"), default=[]),
        "scenarios": Field(MapOf(RawObject("a scenario"), 20, noun="scenarios")),
        "measures": Field(MapOf(RawObject("a measure"), 50, 1, noun="measures")),
        "parts": Field(ListOf(None, 50, 1, noun="parts")),
    },
    noun="case field",
)
_SWEEP = Obj(
    {
        "key": Field(Text(nonempty=True)),
        "values": Field(ListOf(Number(), 200, 1, noun="values")),
        "reduce": Field(Text(SWEEP_REDUCE)),
    },
    noun="sweep field",
)
_OP = Obj({"op": Field(Text(OPS)), "of": Field(ListOf(Text(nonempty=True), 2, 2, noun="measures"))}, noun="op measure field")


def _measure(mid: str, d: dict, scenarios: Mapping[str, Scenario], where: str) -> Measure:
    if "core" in d:
        core = Obj({"core": Field(_CORE)}, noun="core measure field").read(d, where, CaseError)["core"]
        for key in _CORE_NEEDS[core["quantity"]]:
            if core[key] is None:
                raise CaseError(f"{where}.core.{key}", f"is missing; a {core['quantity']} measure needs it")
        return Measure(mid, core={k: v for k, v in core.items() if v is not None})
    if "op" in d:
        m = _OP.read(d, where, CaseError)
        return Measure(mid, op=m["op"], of=tuple(m["of"]))
    def scenario_name(v: Any, path: str, error) -> str:
        name = Text().read(v, path, error)
        if name not in scenarios:
            raise error(path, f"unknown scenario {shorten(name)}; this case has: {listing(scenarios) or 'none'}")
        return name

    named = Check(scenario_name, "the name of one of this case's scenarios")
    m = Obj(
        {
            "scenario": Field(named),
            "comparator": Field(named, default=None, nullable=True),
            "quantity": Field(RawObject("kind, series and times")),
            "sweep": Field(_SWEEP, default=None, nullable=True),
        },
        noun="measure field",
    ).read(d, where, CaseError)
    q_raw = m["quantity"]
    kind = Obj({"kind": Field(Text(tuple(QUANTITIES)))}, ignore=tuple(k for k in q_raw if k != "kind")).read(
        q_raw, f"{where}.quantity", CaseError)["kind"]
    q = _quantity_spec(kind).read(q_raw, f"{where}.quantity", CaseError)
    q = {k: v for k, v in q.items() if v is not None}
    sweep = m["sweep"]
    if sweep is not None:
        # {"key": "to_years", "values": [1, 2, ...], "reduce": "max" | "min" | "max_abs"}: the
        # measure is computed with quantity[key] set to each value and reduced (C16: the
        # largest effect at any year)
        if sweep["key"] not in q:
            raise CaseError(f"{where}.sweep.key", f"{shorten(sweep['key'])} is not a key of the quantity ({listing(q)})")
        sweep = {"key": sweep["key"], "values": tuple(float(v) for v in sweep["values"]), "reduce": sweep["reduce"]}
    return Measure(mid, scenario=m["scenario"], comparator=m["comparator"], quantity=q, sweep=sweep)


def _part(raw: Any, measures: Mapping[str, Measure], where: str) -> Part:
    p = _PART.read(raw, where, CaseError)
    if p["measure"] not in measures:
        raise CaseError(f"{where}.measure", f"unknown measure {shorten(p['measure'])}; this case has: {listing(measures)}")
    t = p["tolerance"]
    if t["rule"] == "relative":
        if t["fraction"] is None:
            raise CaseError(f"{where}.tolerance.fraction", "is missing; rule 'relative' needs a fraction 0-10")
        tol = Tolerance("relative", fraction=t["fraction"])
    elif t["rule"] in ("above", "below", "within"):
        if t["limit"] is None:
            raise CaseError(f"{where}.tolerance.limit", f"is missing; rule {t['rule']!r} needs a number")
        tol = Tolerance(t["rule"], limit=t["limit"])
    else:
        tol = Tolerance(t["rule"])
    if p["target"] is None and tol.rule in ("default", "relative"):
        raise CaseError(f"{where}.target", f"rule {tol.rule!r} needs a target")
    return Part(id=p["id"], label=p["label"], measure=p["measure"], unit=p["unit"], target=p["target"],
                target_text=p["target_text"], tolerance=tol, note=p["note"])


def case_from_dict(data: Any, source: str = "case") -> Case:
    """Build a Case; CaseError (naming ``source`` and the field) for anything malformed."""
    try:
        return _case(data)
    except CaseError as e:
        raise e.with_source(source) from None
    except ScenarioError as e:
        raise CaseError(e.field, e.problem, source) from None


def _case(data: Any) -> Case:
    d = _CASE.read(data, "", CaseError)
    raw_measures = d["measures"]
    if not d["scenarios"] and not any(isinstance(m, dict) and "core" in m for m in raw_measures.values()):
        raise CaseError("scenarios", "needs at least one scenario")
    scenarios = {name: scenario_from_dict(s, join("scenarios", name)) for name, s in d["scenarios"].items()}
    measures = {mid: _measure(mid, m, scenarios, join("measures", mid)) for mid, m in raw_measures.items()}
    for m in measures.values():
        for ref in m.of:
            if ref not in measures or ref == m.id:
                raise CaseError(f"{join('measures', m.id)}.of", f"unknown measure {shorten(ref)}; this case has: {listing(measures)}")
    parts = []
    seen = set()
    for i, raw in enumerate(d["parts"]):
        part = _part(raw, measures, f"parts[{i}]")
        if part.id in seen:
            raise CaseError(f"parts[{i}].id", f"{shorten(part.id)} is used twice")
        seen.add(part.id)
        parts.append(part)
    return Case(
        id=d["id"],
        situation=d["situation"],
        source=d["source"],
        comparator=d["comparator"],
        notes=tuple(d["notes"]),
        scenarios=scenarios,
        measures=measures,
        parts=tuple(parts),
    )


def load_case(text: str, source: str = "case") -> Case:
    """A case from its file's text (strict JSON, as every user file)."""
    try:
        data = parse_json_tree(text, CaseError)
    except CaseError as e:
        raise e.with_source(source) from None
    return case_from_dict(data, source)


def _case_order(case_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in case_id if ch.isdigit())
    return (int(digits) if digits else 10**6, case_id)


def load_cases() -> tuple[Case, ...]:
    """Every shipped case, in order C1, C2, ..., C20."""
    cases = [load_case(f.read_text(encoding="utf-8"), f"validation/{f.name}") for f in list_json("validation")]
    ids = [c.id for c in cases]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise CaseError("id", f"case id used twice: {', '.join(sorted(dup))}", "validation/")
    return tuple(sorted(cases, key=lambda c: _case_order(c.id)))
