"""Floor 1: the data the user edits (no Qt). See docs/scenario-format.md."""

from bonegui.scenario.errors import ScenarioError
from bonegui.scenario.io import (
    FILE_SUFFIX,
    PinnedRun,
    document_from_json,
    load_document,
    load_scenario,
    save_scenario,
    scenario_from_dict,
    scenario_from_json,
    scenario_to_dict,
    scenario_to_json,
)
from bonegui.scenario.model import (
    ACTIVITY_LEVELS,
    CONDITIONS,
    FORMAT_VERSION,
    HORMONES,
    MENOPAUSE_KINDS,
    SEXES,
    ActivitySegment,
    HormoneOverride,
    Keyframe,
    Patient,
    Scenario,
    Therapy,
)
from bonegui.scenario.presets import Preset, load_preset, presets
from bonegui.scenario.checks import check_therapy, check_scenario

__all__ = [
    "ACTIVITY_LEVELS", "CONDITIONS", "FORMAT_VERSION", "HORMONES", "MENOPAUSE_KINDS", "SEXES",
    "ActivitySegment", "FILE_SUFFIX", "HormoneOverride", "Keyframe", "Patient", "PinnedRun", "Preset",
    "Scenario", "ScenarioError", "Therapy", "check_therapy", "document_from_json", "load_document",
    "load_preset", "load_scenario", "presets", "save_scenario", "scenario_from_dict", "scenario_from_json",
    "scenario_to_dict", "scenario_to_json", "check_scenario",
]
