"""`bonegui core ... --sbml FILE.xml`: the SBML Level 3 export runs in libroadrunner and matches
`bonegui core` (the same experiment's CSV) to 1e-6 relative at days 30, 80 and 140."""

import csv
import re
import sys

import pytest

from bonegui.cli import main
from bonegui.model.parameters import CORE

EXPERIMENT = ["--days", "140", "--infuse", "PTH=1000", "--from-day", "20", "--to-day", "80"]


def _core_csv(path):
    with open(path, newline="") as fh:
        fh.readline()  # the units line
        rows = list(csv.DictReader(fh))
    return {k: [float(r[k]) for r in rows] for k in rows[0]}


@pytest.mark.parametrize("experiment", [
    EXPERIMENT,
    ["--days", "140", "--infuse", "OPG=2e5", "--infuse", "TGFb=0.5"],  # on from day 0 to the end
])
def test_sbml_runs_in_roadrunner_and_matches_bonegui_core(tmp_path, capsys, experiment):
    pytest.importorskip("antimony")
    roadrunner = pytest.importorskip("roadrunner")
    xml, out = tmp_path / "core.xml", tmp_path / "core.csv"
    assert main(["core", *experiment, "--sbml", str(xml), "--out", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"wrote {xml} (SBML Level 3: the Pivonka 2008 core, infusing ")
    assert err[1] == f"wrote {out} (141 rows)"
    core = _core_csv(out)

    rr = roadrunner.RoadRunner(str(xml))
    assert rr.getSBML().count('level="3"') >= 1
    # CVODE's defaults (rtol 1e-6) would give ~1e-5; the comparison is of the models, not of tolerances
    rr.integrator.relative_tolerance = 1e-12
    rr.integrator.absolute_tolerance = 1e-20
    rr.timeCourseSelections = ["time", "[OBp]", "[OBa]", "[OCa]"]
    sim = rr.simulate(0, 140, 141)
    worst = 0.0
    for day in (30, 80, 140):
        assert sim[day, 0] == pytest.approx(day)
        for col, name in enumerate(("obp_pm", "oba_pm", "oca_pm"), start=1):
            rel = abs(sim[day, col] / core[name][day] - 1)
            worst = max(worst, rel)
            assert rel <= 1e-6, (day, name, sim[day, col], core[name][day])
    print(f"SBML vs bonegui core: worst relative difference {worst:.2g}", file=sys.stderr)
    # the infusion matters: OCa moved by more than the tolerance (a model without it would fail)
    assert max(core["oca_pm"]) > 1.2 * core["oca_pm"][0] or core["oca_pm"][-1] < 0.9 * core["oca_pm"][0]


def test_sbml_carries_every_core_parameter(tmp_path):
    pytest.importorskip("antimony")
    xml = tmp_path / "c.xml"
    assert main(["core", *EXPERIMENT, "--sbml", str(xml)]) == 0
    text = xml.read_text()
    assert '<sbml xmlns="http://www.sbml.org/sbml/level3/' in text
    for name, c in CORE.items():
        m = re.search(rf'<parameter id="{name}" name="([^"]*)" value="([^"]+)"', text)
        assert m, name
        assert float(m.group(2)) == pytest.approx(c.value, rel=1e-14)  # libSBML writes 15 digits
        assert c.source.split(";")[0] in m.group(1)
    for pid, value in (("I_PTH", 1000.0), ("I_OPG", 0.0), ("from_day", 20.0), ("to_day", 80.0)):
        assert re.search(rf'<parameter id="{pid}"[^>]* value="{value:g}"', text), pid
    assert text.count("<event ") == 2


def test_sbml_without_antimony_names_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "antimony", None)
    assert main(["core", "--sbml", str(tmp_path / "c.xml")]) == 2
    assert capsys.readouterr().err == "bonegui core: --sbml: SBML export needs the antimony package: pip install 'bonegui[sbml]'\n"
    assert not (tmp_path / "c.xml").exists()


@pytest.mark.parametrize("args, needle", [
    ([], "bonegui core: give --out FILE.csv and/or --sbml FILE.xml"),
    (["--sbml", "c.sbml"], "bonegui core: --sbml: 'c.sbml' must end in .xml"),
])
def test_sbml_usage_errors(tmp_path, capsys, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    assert main(["core", *args]) == 2
    assert capsys.readouterr().err.strip() == needle
