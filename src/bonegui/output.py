"""Write a Result as CSV or JSON (the CLI and the app's export share this).

CSV files written by the CLI start with one comment line of units, in column order::

    # units: y,y,pg/mL,...
    t_years,age_years,estradiol_pg_ml,...

``pandas.read_csv(path, comment="#")`` and ``numpy.loadtxt(path, delimiter=",", skiprows=2)``
skip it; with the ``csv`` module read one line first (``read_units`` reads it back).
"""

from __future__ import annotations

import csv
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


UNITS_PREFIX = "# units: "


def units_comment(names, units) -> str:
    """The ``# units:`` line for these columns (a CSV row, so a unit with a comma stays one field)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([units.get(n, "") for n in names])
    return UNITS_PREFIX + buf.getvalue()


def read_units(path: str | Path) -> dict[str, str]:
    """{column: unit} of a CSV written by the CLI ({} when it has no ``# units:`` line)."""
    with open(path, newline="", encoding="utf-8") as fh:
        first = fh.readline()
        if not first.startswith(UNITS_PREFIX):
            return {}
        units = next(csv.reader([first[len(UNITS_PREFIX):]]))
        names = next(csv.reader([fh.readline()]))
    return dict(zip(names, units))


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
    if path.suffix.lower() == ".json":
        text = result_to_json(result, scenario)
    else:
        text = units_comment(result.names, result.units) + result_to_csv(result)
    atomic_write_text(path, text)
