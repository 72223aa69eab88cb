import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bonegui.resources_access import read_json
from bonegui.scenario import (
    PinnedRun,
    Scenario,
    load_document,
    save_scenario,
    scenario_from_json,
    scenario_to_json,
    check_scenario,
)
from tests.strategies import scenarios

SCHEMA = read_json("schema", "scenario.schema.json")


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_any_valid_scenario_survives_json(s):
    check_scenario(s)
    text = scenario_to_json(s)
    assert scenario_from_json(text) == s
    jsonschema.validate(json.loads(text), SCHEMA)


@settings(max_examples=25, deadline=None)
@given(scenarios(), scenarios())
def test_file_round_trip_keeps_pinned_runs(tmp_path_factory, s, pinned):
    path = tmp_path_factory.mktemp("rt") / "case.bonelab.json"
    save_scenario(path, s, (PinnedRun("No HRT", pinned),))
    loaded, pins = load_document(path)
    assert loaded == s
    assert pins == (PinnedRun("No HRT", pinned),)


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    path = tmp_path / "a.bonelab.json"
    save_scenario(path, Scenario(title="first"))
    import bonegui.scenario.io as io

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(io.os, "replace", boom)
    with pytest.raises(OSError):
        save_scenario(path, Scenario(title="second"))
    # the old file is intact and no half-written temporary file is left behind
    assert scenario_from_json(path.read_text()).title == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bonelab.json"]


def test_documented_example_is_valid():
    """docs/scenario-format.md carries a complete example; it must load and match the schema."""
    doc = (Path(__file__).parents[2] / "docs" / "scenario-format.md").read_text()
    block = doc.split("```json", 1)[1].split("```", 1)[0]
    s = scenario_from_json(block)
    assert s.therapies and s.overrides and len(s.activity) >= 2
    jsonschema.validate(json.loads(block), SCHEMA)


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.floats(0.05, 60.0, allow_nan=False))
def test_with_span_always_gives_a_valid_scenario(s, span):
    span = min(span, 110.0 - s.patient.age_years)
    cut = s.with_span(span)
    check_scenario(cut)
    assert cut.span_years == span
    if span >= s.span_years:
        assert cut.therapies == s.therapies and cut.overrides == s.overrides
