"""The limits on counts are the same in the code, the JSON Schema and docs/scenario-format.md."""

import re
from pathlib import Path

from bonegui.resources_access import read_json
from bonegui.scenario import HORMONES
from bonegui.scenario.model import (
    MAX_ACTIVITY_SEGMENTS,
    MAX_COURSES_PER_AGENT,
    MAX_KEYFRAMES,
    MAX_PINNED,
    MAX_THERAPIES,
)

DOC = (Path(__file__).parents[2] / "docs" / "scenario-format.md").read_text(encoding="utf-8")


def test_schema_limits_match_the_code():
    schema = read_json("schema", "scenario.schema.json")
    for props in (schema["properties"], schema["$defs"]["pinned_scenario"]["properties"]):
        assert props["therapies"]["maxItems"] == MAX_THERAPIES
        assert props["activity"]["maxItems"] == MAX_ACTIVITY_SEGMENTS
        assert props["overrides"]["maxItems"] == len(HORMONES)
    assert schema["$defs"]["override"]["properties"]["keyframes"]["maxItems"] == MAX_KEYFRAMES
    assert schema["properties"]["pinned"]["maxItems"] == MAX_PINNED


def test_the_limits_table_matches_the_code():
    table = DOC.split("## Limits", 1)[1].split("##", 1)[0]
    rows = dict(re.findall(r"\| (\d+)[^|]*\| `(\w+)`", table))
    assert {v: int(k) for k, v in rows.items()} == {
        "MAX_THERAPIES": MAX_THERAPIES,
        "MAX_COURSES_PER_AGENT": MAX_COURSES_PER_AGENT,
        "MAX_ACTIVITY_SEGMENTS": MAX_ACTIVITY_SEGMENTS,
        "MAX_KEYFRAMES": MAX_KEYFRAMES,
        "MAX_PINNED": MAX_PINNED,
    }
