"""The headless CLI: outputs, columns, exit codes and one-line errors."""

import csv
import json
import subprocess
import sys

import pytest

from bonegui.cli import main
from bonegui.scenario import Scenario, Therapy, presets, save_scenario

REQUIRED_COLUMNS = (
    "t_years age_years estradiol_pg_ml testosterone_ng_dl igf1_ng_ml progesterone_ng_ml lh_rel "
    "rankl_opg_ratio obp_pm oba_pm oca_pm ctx_rel p1np_rel bmd_spine_g_cm2 bmd_hip_g_cm2 "
    "tscore_spine tscore_hip"
).split()


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_lists_id_tab_title(capsys):
    code, out, err = _run(capsys, "presets")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(presets()) >= 1
    for line, p in zip(lines, presets()):
        assert line == f"{p.id}\t{p.title}"


def test_simulate_preset_writes_csv_with_required_columns(tmp_path, capsys):
    pid = presets()[0].id
    out = tmp_path / "run.csv"
    code, _, err = _run(capsys, "simulate", "--preset", pid, "--years", "2", "--step", "30", "--out", str(out))
    assert code == 0, err
    with out.open() as fh:
        assert fh.readline().startswith("# units: y,y,pg/mL,")
        assert fh.readline().startswith("# dose flags: ")
        rows = list(csv.DictReader(fh))
    assert set(REQUIRED_COLUMNS) <= set(rows[0])
    assert float(rows[0]["t_years"]) == 0.0
    assert float(rows[-1]["t_years"]) == pytest.approx(2.0, abs=1 / 365)
    assert len(rows) == 26  # every 30th day of 731, plus the last
    ages = [float(r["age_years"]) for r in rows]
    assert ages[-1] - ages[0] == pytest.approx(2.0, abs=1 / 365)


def test_simulate_file_writes_json(tmp_path, capsys):
    path = tmp_path / "s.bonelab.json"
    save_scenario(path, Scenario(span_years=1, therapies=(Therapy("anastrozole", 1, "mg", "oral", 1, 0, 1),)))
    out = tmp_path / "run.json"
    code, _, err = _run(capsys, "simulate", str(path), "--out", str(out))
    assert code == 0, err
    doc = json.loads(out.read_text())
    assert len(doc["series"]["t_years"]) == 366
    assert doc["units"]["bmd_spine_g_cm2"] == "g/cm2"
    assert doc["scenario"]["therapies"][0]["agent"] == "anastrozole"


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["simulate", "--preset", "nope", "--out", "x.csv"], "unknown preset 'nope'"),
        (["simulate", "--out", "x.csv"], "give a scenario file or --preset ID"),
        (["simulate", "--preset", "P", "--years", "99", "--out", "x.csv"], "--years: 99 is outside 0.05-60 years"),
        (["simulate", "--preset", "P", "--step", "0", "--out", "x.csv"], "--step: 0 is outside 1-365 days"),
        (["simulate", "--preset", "P", "--out", "x.txt"], "--out: 'x.txt' must end in .csv or .json"),
        (["simulate", "--preset", "P"], "the following arguments are required: --out"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, argv, expected, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = [presets()[0].id if a == "P" else a for a in argv]
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_bad_scenario_file_names_file_and_field(tmp_path, capsys):
    bad = tmp_path / "bad.bonelab.json"
    bad.write_text('{"format_version": 1, "span_years": 5, "patient": {"sex": "female", "age_years": 200}}')
    code, _, err = _run(capsys, "simulate", str(bad), "--out", str(tmp_path / "o.csv"))
    assert code == 2
    assert err.strip() == f"bonegui: {bad}: patient.age_years: 200 is outside 18-95 years"


def test_python_dash_m_is_the_same_command():
    r = subprocess.run([sys.executable, "-m", "bonegui", "presets"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].split("\t")[0] == presets()[0].id
    r = subprocess.run([sys.executable, "-m", "bonegui", "simulate", "--preset", "nope", "--out", "x.csv"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
