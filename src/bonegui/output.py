"""Write a Result as CSV or JSON (the CLI and the app's export share this).

CSV files written by the CLI start with two comment lines: the units, in column order, and the
dose flags (every therapy above its agent's usual range, or "none")::

    # units: y,y,pg/mL,...
    # dose flags: testosterone_cypionate 400 mg every 7 d (400 mg a week; usual 50-200): supraphysiologic
    t_years,age_years,estradiol_pg_ml,...

``pandas.read_csv(path, comment="#")`` skips both, and so do
``numpy.genfromtxt(path, delimiter=",", names=True, skip_header=2)`` and
``numpy.loadtxt(path, delimiter=",", skiprows=3)``; ``read_units`` reads the units back.
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
        line = fh.readline()
        while line.startswith("#"):
            line = fh.readline()
        names = next(csv.reader([line]))
    return dict(zip(names, units))


FLAGS_PREFIX = "# dose flags: "


def dose_flags(scenario: Scenario | None) -> list[str]:
    """One phrase per enabled therapy dosed above its agent's usual range, e.g.
    ``testosterone_cypionate 400 mg every 7 d (400 mg a week; usual 50-200): supraphysiologic``."""
    from bonegui.catalogue import agent
    from bonegui.numbers import significant as fmt_sig

    out = []
    for th in () if scenario is None else scenario.enabled_therapies:
        a = agent(th.agent)
        flag = a.dose_flag(th.dose, th.interval_days)
        if flag:
            lo, hi = a.usual_weekly_range
            out.append(f"{a.id} {fmt_sig(th.dose)} {a.dose_unit} every {fmt_sig(th.interval_days)} d "
                       f"({fmt_sig(a.weekly_amount(th.dose, th.interval_days))} {a.weekly_unit()} a week; usual "
                       f"{fmt_sig(lo)}-{fmt_sig(hi)}): {flag}")
    return out


def flags_comment(scenario: Scenario | None) -> str:
    flags = dose_flags(scenario)
    return FLAGS_PREFIX + ("; ".join(flags) if flags else "none") + "\n"


def result_to_json(result: Result, scenario: Scenario | None = None) -> str:
    doc = {
        "generator": f"bonegui {__version__}",
        "units": {n: result.units.get(n, "") for n in result.names},
        "dose_flags": dose_flags(scenario),
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
        text = units_comment(result.names, result.units) + flags_comment(scenario) + result_to_csv(result)
    atomic_write_text(path, text)
