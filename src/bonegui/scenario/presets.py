"""Presets: scenario files shipped in resources/presets/; the file stem is the preset id.

``resources/preset_topics.json`` groups them by topic (the app's Load preset menu); ``presets()``
lists them topic by topic in that file's order, unlisted ones last under "Other"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bonegui.resources_access import list_json, read_json
from bonegui.scenario.errors import ScenarioError
from bonegui.scenario.io import scenario_from_json
from bonegui.scenario.model import Scenario


OTHER_TOPIC = "Other"


@dataclass(frozen=True)
class Preset:
    id: str
    scenario: Scenario
    topic: str = OTHER_TOPIC

    @property
    def title(self) -> str:
        return self.scenario.title

    @property
    def purpose(self) -> str:
        """The one-line teaching purpose (the scenario's description)."""
        return self.scenario.description


def _topics() -> list[tuple[str, list[str]]]:
    try:
        data = read_json("preset_topics.json")
    except (OSError, ValueError):
        return []
    return [(t["topic"], list(t["presets"])) for t in data.get("topics", [])]


@lru_cache(maxsize=1)
def presets() -> tuple[Preset, ...]:
    found = {}
    for f in list_json("presets"):
        pid = f.name.removesuffix(".json")
        found[pid] = scenario_from_json(f.read_text(encoding="utf-8"), f"presets/{f.name}")
    out = []
    for topic, ids in _topics():
        out += [Preset(pid, found.pop(pid), topic) for pid in ids if pid in found]
    out += [Preset(pid, scenario) for pid, scenario in found.items()]
    return tuple(out)


def load_preset(preset_id: str) -> Scenario:
    for p in presets():
        if p.id == preset_id:
            return p.scenario
    known = ", ".join(p.id for p in presets())
    raise ScenarioError("preset", f"unknown preset {preset_id!r}; known presets: {known}")
