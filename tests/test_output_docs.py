"""Issue 2, item 7: every column `bonegui simulate` writes is documented with its unit."""

import re
from pathlib import Path

from bonegui.model.result import SERIES_UNITS

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"


def test_every_output_column_is_documented_with_its_unit():
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## 7. Output series", 1)[1]
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", section, flags=re.M))
    assert set(rows) == set(SERIES_UNITS), set(rows) ^ set(SERIES_UNITS)
    for name, unit in SERIES_UNITS.items():
        assert rows[name].replace("²", "2") == unit, (name, rows[name], unit)
