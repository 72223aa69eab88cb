"""The agent catalogue (resources/catalogue.json): every agent in the seed's protocol tables.

Floor 1: pure data, no Qt. Loaded once and cached; the file ships inside the wheel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

from bonegui.resources_access import read_json

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
    #: PK and effect constants; each entry {"value", "unit", "source"} (filled by the endocrine layer)
    pk: Mapping[str, Any] = field(default_factory=dict)

    def dose_range_text(self) -> str:
        return f"{_num(self.dose_min)}-{_num(self.dose_max)} {self.dose_unit}"

    def interval_range_text(self) -> str:
        return f"{_num(self.interval_min_days)}-{_num(self.interval_max_days)} days"


def _num(x: float) -> str:
    return f"{x:g}"


def _agent_from_json(raw: Mapping[str, Any]) -> Agent:
    ev = raw["evidence"]
    return Agent(
        id=raw["id"],
        name=raw["name"],
        drug_class=raw["drug_class"],
        group=raw["group"],
        routes=tuple(raw["routes"]),
        dose_unit=raw["dose_unit"],
        usual_dose=float(raw["usual_dose"]),
        dose_min=float(raw["dose_min"]),
        dose_max=float(raw["dose_max"]),
        usual_interval_days=float(raw["usual_interval_days"]),
        interval_min_days=float(raw["interval_min_days"]),
        interval_max_days=float(raw["interval_max_days"]),
        mechanism=raw["mechanism"],
        evidence=Evidence(
            grade=ev["grade"],
            direction=ev["direction"],
            summary=ev["summary"],
            sources=tuple(ev.get("sources", ())),
            warning=ev.get("warning", ""),
        ),
        pk=MappingProxyType(dict(raw.get("pk", {}))),
    )


@lru_cache(maxsize=1)
def catalogue() -> Mapping[str, Agent]:
    """All agents by id, in file order."""
    raw = read_json("catalogue.json")
    agents = {a["id"]: _agent_from_json(a) for a in raw["agents"]}
    return MappingProxyType(agents)


@lru_cache(maxsize=1)
def evidence_topics() -> Mapping[str, Evidence]:
    """Evidence entries that are not agents (e.g. mechanical loading)."""
    raw = read_json("catalogue.json")
    out = {}
    for key, ev in raw.get("topics", {}).items():
        out[key] = Evidence(ev["grade"], ev["direction"], ev["summary"], tuple(ev.get("sources", ())),
                            ev.get("warning", ""))
    return MappingProxyType(out)


def agent(agent_id: str) -> Agent:
    """The agent with this id; KeyError names the known ids."""
    try:
        return catalogue()[agent_id]
    except KeyError:
        known = ", ".join(catalogue())
        raise KeyError(f"unknown agent {agent_id!r}; known agents: {known}") from None
