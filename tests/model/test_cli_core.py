"""`bonegui core`: the lab-bench subcommand."""

import csv

import pytest

from bonegui.cli import main

COLUMNS = ["t_days", "obp_pm", "oba_pm", "oca_pm", "rankl_pm", "opg_pm", "tgfb_pm", "bv_rel"]


def _read(path):
    with open(path, newline="") as fh:
        assert fh.readline() == "# units: d,pM,pM,pM,pM,pM,pM,1 (relative to day 0)\n"
        rows = list(csv.reader(fh))
    return rows[0], [[float(v) for v in r] for r in rows[1:]]


def test_pth_experiment_writes_daily_csv(tmp_path):
    out = tmp_path / "core.csv"
    rc = main(["core", "--days", "140", "--infuse", "PTH=1000", "--from-day", "20", "--to-day", "80", "--out", str(out)])
    assert rc == 0
    header, rows = _read(out)
    assert header == COLUMNS
    assert len(rows) == 141 and rows[0][0] == 0 and rows[-1][0] == 140
    assert rows[10][3] == pytest.approx(8.070e-4, rel=5e-3)  # steady before the infusion
    assert rows[60][3] > 1.5 * rows[10][3]  # osteoclasts up during PTH
    assert rows[-1][7] < 1.0  # net loss


def test_opg_gain_and_repeatable_infusions(tmp_path):
    out = tmp_path / "c.csv"
    assert main(["core", "--days", "100", "--infuse", "OPG=2e5", "--infuse", "TGFb=0", "--out", str(out)]) == 0
    _h, rows = _read(out)
    assert rows[-1][7] > 1.0


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--days", "0"], "--days: 0 is outside 1-36525 days"),
        (["--days", "abc"], "--days: 'abc' is not a number"),
        (["--infuse", "MCSF=5"], "--infuse: 'MCSF=5' must be FACTOR=RATE with FACTOR one of PTH, OPG, RANKL, TGFb"),
        (["--infuse", "PTH=-1"], "--infuse PTH: -1 is outside 0-100000 pM/day"),
        (["--days", "50", "--to-day", "60"], "--to-day: 60 is outside 0-50 days"),
        (["--from-day", "30", "--to-day", "10"], "--to-day: 10 is before --from-day (30)"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, args, needle):
    rc = main(["core", *args, "--out", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert rc == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()
