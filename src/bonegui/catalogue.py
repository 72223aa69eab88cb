"""The agent catalogue (resources/catalogue.json): every agent in the seed's protocol tables.

Floor 1: pure data, no Qt. Loaded once and cached; the file ships inside the wheel. It is read
like any user file (a teacher may edit it): strict JSON and a field spec, so a malformed entry
gives one CatalogueError line naming the field and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

from bonegui.fileio.errors import ScenarioError
from bonegui.fileio.jsontext import parse_json_tree
from bonegui.fileio.spec import Field, ListOf, MapOf, Number, Obj, Text
from bonegui.resources_access import read_text

#: Protocol groups as in the seed's table, in display order.
GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "male_trt": "Male TRT",
        "female_hrt": "Female HRT",
        "gh_peptide": "GH peptide therapy",
        "other": "Other",
    }
)


@dataclass(frozen=True)
class Evidence:
    """Strength of the human evidence for a bone effect (EVIDENCE.md)."""

    grade: str  # A-D, see EVIDENCE.md
    direction: str  # "benefit", "no effect", "harm", "unknown", or a mix in words
    summary: str  # the key human result, in one or two sentences
    sources: tuple[str, ...]
    warning: str = ""  # where the evidence runs against the seed's claims


@dataclass(frozen=True)
class Agent:
    id: str
    name: str
    drug_class: str
    group: str
    routes: tuple[str, ...]
    dose_unit: str
    usual_dose: float
    dose_min: float
    dose_max: float
    usual_interval_days: float
    interval_min_days: float
    interval_max_days: float
    mechanism: str
    evidence: Evidence
    #: the usual therapeutic range per administration and per week (in dose_unit), and the
    #: highest documented human use per week; ``dose_limits_source`` says where each comes from
    usual_dose_range: tuple[float, float] = (0.0, float("inf"))
    usual_weekly_range: tuple[float, float] = (0.0, float("inf"))
    max_weekly_dose: float = float("inf")
    dose_limits_source: str = ""
    #: PK and effect constants; each entry {"value", "unit", "source"} (filled by the endocrine layer)
    pk: Mapping[str, Any] = field(default_factory=dict)

    @property
    def per_day_unit(self) -> bool:
        """Doses in mg/day or mcg/day (patches, gels): the dose is a daily amount whatever the
        interval (a patch changed every 3.5 days still delivers its dose each day)."""
        return self.dose_unit.endswith("/day")

    def weekly_amount(self, dose: float, interval_days: float) -> float:
        """Amount a week in the dose's unit (mg, mcg; mg/day forms: x 7)."""
        return dose * 7.0 if self.per_day_unit else dose * 7.0 / interval_days

    def dose_flag(self, dose: float, interval_days: float) -> str:
        """'' within the usual range; otherwise the flag the app and CSV show: 'supraphysiologic'
        for hormones and hormone-releasing peptides, 'above the usual dose' for an enzyme
        inhibitor (anastrozole has no physiological level to exceed)."""
        lo, hi = self.usual_weekly_range
        if dose <= self.usual_dose_range[1] * (1 + 1e-9) and self.weekly_amount(dose, interval_days) <= hi * (1 + 1e-9):
            return ""
        return "above the usual dose" if self.group == "male_trt" and self.id == "anastrozole" else "supraphysiologic"

    def weekly_unit(self) -> str:
        return self.dose_unit.removesuffix("/day")

    def dose_range_text(self) -> str:
        return f"{_num(self.dose_min)}-{_num(self.dose_max)} {self.dose_unit}"

    def interval_range_text(self) -> str:
        return f"{_num(self.interval_min_days)}-{_num(self.interval_max_days)} days"


def _pair(v, default: tuple[float, float]) -> tuple[float, float]:
    return default if v is None else (float(v[0]), float(v[1]))


def _num(x: float) -> str:
    return f"{x:g}"


class CatalogueError(ScenarioError):
    """A malformed catalogue file (same one-line form as ScenarioError)."""


MAX_AGENTS = 200

_EVIDENCE = Obj(
    {
        "grade": Field(Text(nonempty=True)),
        "direction": Field(Text(nonempty=True)),
        "summary": Field(Text(nonempty=True)),
        "sources": Field(ListOf(Text(nonempty=True), 50, noun="sources"), default=[]),
        "warning": Field(Text(), default=""),
    },
    noun="evidence field",
)
_PK_ENTRY = Obj(
    {"value": Field(Number()), "unit": Field(Text(nonempty=True)), "source": Field(Text(nonempty=True))},
    noun="PK constant field (value, unit, source)",
)
_POSITIVE = Number(0.0, 1e9)
_AGENT = Obj(
    {
        "id": Field(Text(nonempty=True)),
        "name": Field(Text(nonempty=True)),
        "drug_class": Field(Text(nonempty=True)),
        "group": Field(Text(tuple(GROUPS))),
        "routes": Field(ListOf(Text(nonempty=True), 10, 1, noun="routes", unique=True)),
        "dose_unit": Field(Text(nonempty=True)),
        "usual_dose": Field(_POSITIVE),
        "dose_min": Field(_POSITIVE),
        "dose_max": Field(_POSITIVE),
        "usual_interval_days": Field(_POSITIVE),
        "interval_min_days": Field(_POSITIVE),
        "interval_max_days": Field(_POSITIVE),
        "usual_dose_range": Field(ListOf(_POSITIVE, 2, 2, noun="numbers (low, high)")),
        "usual_weekly_range": Field(ListOf(_POSITIVE, 2, 2, noun="numbers (low, high)")),
        "max_weekly_dose": Field(_POSITIVE),
        "dose_limits_source": Field(Text(nonempty=True)),
        "mechanism": Field(Text(nonempty=True)),
        "evidence": Field(_EVIDENCE),
        "pk": Field(MapOf(_PK_ENTRY, 100, noun="PK constants"), default={}),
    },
    noun="agent field",
)
_CATALOGUE = Obj(
    {
        "catalogue_version": Field(Number(1, 1, integer=True)),
        "agents": Field(ListOf(_AGENT, MAX_AGENTS, 1, noun="agents")),
        "topics": Field(MapOf(_EVIDENCE, 100, noun="topics"), default={}),
    },
    noun="catalogue field",
)


def _evidence(ev: Mapping[str, Any]) -> Evidence:
    return Evidence(ev["grade"], ev["direction"], ev["summary"], tuple(ev["sources"]), ev["warning"])


def _agent(raw: Mapping[str, Any], where: str) -> Agent:
    for lo, mid, hi, what in (("dose_min", "usual_dose", "dose_max", "dose"),
                              ("interval_min_days", "usual_interval_days", "interval_max_days", "interval")):
        if not 0 < raw[lo] <= raw[mid] <= raw[hi]:
            raise CatalogueError(f"{where}.{mid}", f"needs 0 < {lo} <= {mid} <= {hi} (the {what} range); "
                                                  f"found {raw[lo]:g}, {raw[mid]:g}, {raw[hi]:g}")
    return Agent(
        id=raw["id"], name=raw["name"], drug_class=raw["drug_class"], group=raw["group"], routes=tuple(raw["routes"]),
        dose_unit=raw["dose_unit"], usual_dose=raw["usual_dose"], dose_min=raw["dose_min"], dose_max=raw["dose_max"],
        usual_interval_days=raw["usual_interval_days"], interval_min_days=raw["interval_min_days"],
        interval_max_days=raw["interval_max_days"], mechanism=raw["mechanism"], evidence=_evidence(raw["evidence"]),
        pk=MappingProxyType({k: MappingProxyType(v) for k, v in raw["pk"].items()}),
        usual_dose_range=tuple(raw["usual_dose_range"]),
        usual_weekly_range=tuple(raw["usual_weekly_range"]),
        max_weekly_dose=raw["max_weekly_dose"],
        dose_limits_source=raw["dose_limits_source"],
    )


def catalogue_from_json(text: str, source: str = "catalogue.json") -> tuple[Mapping[str, Agent], Mapping[str, Evidence]]:
    """Agents by id (file order) and evidence topics from a catalogue file's text; CatalogueError
    (one line naming ``source``, the field path and what is allowed) for anything malformed."""
    try:
        d = _CATALOGUE.read(parse_json_tree(text, CatalogueError), "", CatalogueError)
        agents: dict[str, Agent] = {}
        for i, raw in enumerate(d["agents"]):
            if raw["id"] in agents:
                raise CatalogueError(f"agents[{i}].id", f"{raw['id']!r} is used twice")
            agents[raw["id"]] = _agent(raw, f"agents[{i}]")
        topics = {k: _evidence(v) for k, v in d["topics"].items()}
    except CatalogueError as e:
        raise e.with_source(source) from None
    return MappingProxyType(agents), MappingProxyType(topics)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Mapping[str, Agent], Mapping[str, Evidence]]:
    return catalogue_from_json(read_text("catalogue.json"), "catalogue.json")


def catalogue() -> Mapping[str, Agent]:
    """All agents by id, in file order."""
    return _shipped()[0]


def evidence_topics() -> Mapping[str, Evidence]:
    """Evidence entries that are not agents (e.g. mechanical loading)."""
    return _shipped()[1]


def agent(agent_id: str) -> Agent:
    """The agent with this id; KeyError names the known ids."""
    try:
        return catalogue()[agent_id]
    except KeyError:
        known = ", ".join(catalogue())
        raise KeyError(f"unknown agent {agent_id!r}; known agents: {known}") from None
