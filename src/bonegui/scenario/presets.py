"""Presets: scenario files shipped in resources/presets/; the file stem is the preset id."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bonegui.resources_access import list_json, resource_path
from bonegui.scenario.errors import ScenarioError
from bonegui.scenario.io import scenario_from_json
from bonegui.scenario.model import Scenario


@dataclass(frozen=True)
class Preset:
    id: str
    scenario: Scenario

    @property
    def title(self) -> str:
        return self.scenario.title

    @property
    def purpose(self) -> str:
        """The one-line teaching purpose (the scenario's description)."""
        return self.scenario.description


@lru_cache(maxsize=1)
def presets() -> tuple[Preset, ...]:
    out = []
    for f in list_json("presets"):
        pid = f.name.removesuffix(".json")
        out.append(Preset(pid, scenario_from_json(f.read_text(encoding="utf-8"), f"presets/{f.name}")))
    return tuple(out)


def load_preset(preset_id: str) -> Scenario:
    for p in presets():
        if p.id == preset_id:
            return p.scenario
    known = ", ".join(p.id for p in presets())
    raise ScenarioError("preset", f"unknown preset {preset_id!r}; known presets: {known}")
