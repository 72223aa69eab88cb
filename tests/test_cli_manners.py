"""CLI manners: CSV files name their units, a closed pipe ends quietly, `bonegui core` says what
it wrote, output files follow the umask."""

import csv
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bonegui.cli import main
from bonegui.cli_core import COLUMNS as CORE_COLUMNS
from bonegui.cli_core import UNITS as CORE_UNITS
from bonegui.model.result import SERIES_UNITS
from bonegui.output import read_units

BONEGUI = [sys.executable, "-m", "bonegui"]
PRESET = "woman_menopause_untreated"


def test_simulate_csv_names_every_unit_in_column_order(tmp_path, capsys):
    out = tmp_path / "run.csv"
    assert main(["simulate", "--preset", PRESET, "--years", "1", "--step", "30", "--out", str(out)]) == 0
    first, flags, header = out.read_text().splitlines()[:3]
    assert header.split(",") == list(SERIES_UNITS) and flags == "# dose flags: none"
    assert next(csv.reader([first.removeprefix("# units: ")])) == list(SERIES_UNITS.values())
    assert read_units(out) == dict(SERIES_UNITS)
    assert capsys.readouterr().err == f"wrote {out} (14 rows)\n"


def test_csv_readers_skip_the_units_line(tmp_path):
    pd = pytest.importorskip("pandas")
    import numpy as np

    out = tmp_path / "run.csv"
    assert main(["simulate", "--preset", PRESET, "--years", "1", "--step", "7", "--out", str(out)]) == 0
    df = pd.read_csv(out, comment="#")
    assert list(df.columns) == list(SERIES_UNITS) and len(df) == 54 and df["t_years"].iloc[0] == 0.0
    a = np.genfromtxt(out, delimiter=",", names=True, skip_header=2)  # as docs/api.md says
    assert a.dtype.names == tuple(SERIES_UNITS) and len(a) == 54
    np.testing.assert_allclose(a["bmd_spine_g_cm2"], df["bmd_spine_g_cm2"].to_numpy())


def test_simulate_csv_and_json_flag_supraphysiologic_doses(tmp_path):
    import json

    from bonegui.scenario import Patient, Scenario, Therapy, save_scenario

    s = Scenario(patient=Patient(sex="male", age_years=60.0), span_years=0.2,
                 therapies=(Therapy("testosterone_cypionate", 400.0, "mg", "IM", 7.0, 0.0, 0.2),
                            Therapy("anastrozole", 0.5, "mg", "oral", 3.5, 0.0, 0.2)))
    path = tmp_path / "high.bonelab.json"
    save_scenario(path, s)
    assert main(["simulate", str(path), "--out", str(tmp_path / "high.csv")]) == 0
    lines = (tmp_path / "high.csv").read_text().splitlines()
    assert lines[1] == ("# dose flags: testosterone_cypionate 400 mg every 7 d (400 mg a week; usual 50-200): "
                        "supraphysiologic")
    assert main(["simulate", str(path), "--out", str(tmp_path / "high.json")]) == 0
    assert json.loads((tmp_path / "high.json").read_text())["dose_flags"] == [lines[1].removeprefix("# dose flags: ")]
    assert main(["simulate", "--preset", PRESET, "--years", "0.1", "--out", str(tmp_path / "usual.csv")]) == 0
    assert (tmp_path / "usual.csv").read_text().splitlines()[1] == "# dose flags: none"


def test_core_csv_names_units_and_says_what_it_wrote(tmp_path, capsys):
    out = tmp_path / "core.csv"
    assert main(["core", "--days", "30", "--out", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out} (31 rows)\n"
    assert read_units(out) == CORE_UNITS and list(CORE_UNITS) == list(CORE_COLUMNS)
    assert main(["core", "--days", "3", "--out", "-"]) == 0
    std = capsys.readouterr()
    assert std.out.splitlines()[:2] == ["# units: d,pM,pM,pM,pM,pM,pM,1 (relative to day 0)", ",".join(CORE_COLUMNS)]
    assert len(std.out.splitlines()) == 2 + 4 and std.err == ""


def test_core_to_a_missing_folder_fails_before_running(tmp_path, capsys):
    assert main(["core", "--days", "30000", "--out", str(tmp_path / "nope" / "c.csv")]) == 2
    assert capsys.readouterr().err == f"bonegui core: --out: cannot write {str(tmp_path / 'nope' / 'c.csv')!r}: no such folder\n"


@pytest.mark.skipif(shutil.which("head") is None or sys.platform == "win32", reason="needs a POSIX shell and head")
@pytest.mark.parametrize("command", ["presets | head -0", "presets | head -1", "core --days 20000 --out - | head -2"])
def test_a_closed_pipe_ends_quietly(tmp_path, command):
    bonegui = " ".join(BONEGUI)
    r = subprocess.run(["bash", "-c", f"set -o pipefail; {bonegui} {command}"], capture_output=True, text=True,
                       timeout=120, cwd=tmp_path)
    assert r.stderr == "" and r.returncode == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.parametrize("argv", [["simulate", "--preset", PRESET, "--years", "0.1", "--out", "run.csv"],
                                  ["simulate", "--preset", PRESET, "--years", "0.1", "--out", "run.json"],
                                  ["core", "--days", "5", "--out", "core.csv"]])
def test_output_files_follow_the_umask(tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        assert main(argv) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(Path(argv[-1]).stat().st_mode) == 0o644
