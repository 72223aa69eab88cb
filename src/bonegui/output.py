"""Write a Result as CSV or JSON (the CLI and the app's export share this)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from bonegui import __version__
from bonegui.model.result import Result
from bonegui.scenario import Scenario, scenario_to_dict
from bonegui.scenario.io import atomic_write_text


def result_to_csv(result: Result) -> str:
    names = result.names
    buf = io.StringIO()
    buf.write(",".join(names) + "\n")
    cols = np.column_stack([result[n] for n in names]) if len(result) else np.empty((0, len(names)))
    np.savetxt(buf, cols, delimiter=",", fmt="%.10g")
    return buf.getvalue()


def result_to_json(result: Result, scenario: Scenario | None = None) -> str:
    doc = {
        "generator": f"bonegui {__version__}",
        "units": {n: result.units.get(n, "") for n in result.names},
        "series": {n: [float(x) for x in result[n]] for n in result.names},
    }
    if scenario is not None:
        doc["scenario"] = scenario_to_dict(scenario)
    return json.dumps(doc)


def write_result(path: str | Path, result: Result, scenario: Scenario | None = None) -> None:
    path = Path(path)
    text = result_to_json(result, scenario) if path.suffix.lower() == ".json" else result_to_csv(result)
    atomic_write_text(path, text)
