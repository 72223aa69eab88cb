"""`bonegui validate`: one table row per case part, exit status matching the pass/fail states,
--case and --report, bad input exits 2. Runs the real simulate() (no stored numbers)."""

import subprocess
from pathlib import Path
import sys

import pytest

from bonegui.cli import main
from bonegui.validation import load_cases, run_cases
from bonegui.validation.report import COLUMNS


@pytest.fixture(scope="module")
def validate_output():
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(["validate"])
    return code, buf.getvalue()


def _table_rows(out: str) -> dict[str, str]:
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["id", "situation"]
    rows = {}
    for line in lines[2:]:
        if not line.strip():
            break
        rows[line.split()[0]] = line
    return rows


def test_table_has_one_row_per_case_part(validate_output):
    _, out = validate_output
    rows = _table_rows(out)
    expected = [f"{c.id}.{p.id}" for c in load_cases() for p in c.parts]
    assert list(rows) == expected
    for key, line in rows.items():
        assert line.rstrip().endswith(("PASS", "FAIL", "NOT RUN", "ERROR")), key


def test_exit_status_matches_the_pass_fail_states(validate_output):
    code, out = validate_output
    statuses = [line.rstrip().rsplit("  ", 1)[-1].strip() for line in _table_rows(out).values()]
    assert code == (0 if all(s == "PASS" for s in statuses) else 1)
    assert "cases pass; parts:" in out


def test_case_option_selects_cases(capsys):
    code = main(["validate", "--case", "c13", "--case", "C1"])
    out = capsys.readouterr().out
    keys = list(_table_rows(out))
    assert keys[0].startswith("C13.") and any(k.startswith("C1.") for k in keys)
    assert not any(k.startswith(("C2.", "C3.")) for k in keys)
    assert code in (0, 1)


def test_unknown_case_is_bad_input(capsys):
    assert main(["validate", "--case", "C99"]) == 2
    err = capsys.readouterr().err
    assert "--case: unknown case C99; known cases: C1, C2" in err


def test_report_into_a_file_path_is_bad_input(tmp_path, capsys):
    f = tmp_path / "afile"
    f.write_text("x")
    assert main(["validate", "--case", "C13", "--report", str(f)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_console_exit_code_for_a_single_case():
    r = subprocess.run([sys.executable, "-m", "bonegui", "validate", "--case", "C2"], capture_output=True, text=True, timeout=120)
    run = run_cases([c for c in load_cases() if c.id == "C2"])
    assert r.returncode == (0 if run.passed else 1), r.stderr
    assert "C2.post_fmp" in r.stdout


def test_columns_are_the_issue_columns():
    for name in ("id", "situation", "target", "model", "tolerance", "result"):
        assert name in COLUMNS


#: Parts the model cannot pass without breaking another case (docs/model.md, docs/validation.md).
#: Any other failing part fails CI; a known failure that starts to pass fails too (strict xfail),
#: so this list is kept honest.
#: parts that cannot pass with a defensible mechanism, each written up in docs/validation.md
KNOWN_FAILURES = {
    "C5.spine_treated": (
        "Snyder 1999's placebo arm gained +2.5 % spine in 36 months and the treated arm +4.2 %; the "
        "model's untreated men of 73 lose a little, so the treated arm's own change cannot reach "
        "+4.2 % while the effect (+1.7 %, which passes) stays right. Nothing in the model raises "
        "an older man's spine BMD without treatment (no calcium/vitamin D repletion, no "
        "degenerative artefact of AP spine DXA)."
    ),
}


@pytest.fixture(scope="module")
def calibration_run():
    return run_cases(load_cases())


def test_every_case_passes_but_the_known_failures(calibration_run):
    failing = [f"{p.key} ({p.status}: {p.model_text()})" for p in calibration_run.parts
               if not p.passed and p.key not in KNOWN_FAILURES]
    assert not failing, "; ".join(failing)


@pytest.mark.parametrize("key", sorted(KNOWN_FAILURES))
def test_known_failures_are_documented_and_still_fail_for_their_reason(calibration_run, key):
    """A known failure is not an xfail: the test says why it fails and checks that the reason
    holds (so a fix, or a new failure for another reason, shows here)."""
    (part,) = [p for p in calibration_run.parts if p.key == key]
    assert not part.passed
    text = open(Path(__file__).resolve().parents[2] / "docs" / "validation.md", encoding="utf-8").read()
    assert key in text, f"{key} must be written up in docs/validation.md"
    effect = next(p for p in calibration_run.parts if p.key == "C5.spine_effect")
    assert effect.passed  # the treated-minus-placebo effect, what testosterone does, is right
    assert part.value < 2.5  # below the placebo arm's own +2.5 %: the missing untreated gain


def test_numbers_come_from_the_windows_simulate(monkeypatch, capsys):
    """The table is computed by bonegui.model.simulate.simulate at run time: swap it for a
    model whose spine falls exactly 4 % a year and the C2 rates follow."""
    import numpy as np

    import bonegui.model.simulate as sim
    from bonegui.model.result import SERIES_UNITS, Result

    def fake(scenario, *, step_days=1.0):
        t = np.arange(int(scenario.span_years * 365.25) + 1) / 365.25
        data = {k: np.ones_like(t) for k in SERIES_UNITS}
        data["t_years"] = t
        data["bmd_spine_g_cm2"] = 0.96 ** t
        return Result(data)

    monkeypatch.setattr(sim, "simulate", fake)
    assert main(["validate", "--case", "C2"]) == 1
    rows = _table_rows(capsys.readouterr().out)
    # over 2 y: (0.96^2 - 1) / 2 = -3.92 %/y; over 5 y: (0.96^5 - 1) / 5 = -3.69 %/y
    assert "-3.92 %/y" in rows["C2.pre_fmp"] and rows["C2.pre_fmp"].rstrip().endswith("FAIL")  # band -3.2..-0.2
    assert "-3.92 %/y" in rows["C2.post_fmp"] and rows["C2.post_fmp"].rstrip().endswith("PASS")  # -4.8..-1.8
    assert "-3.69 %/y" in rows["C2.late"] and rows["C2.late"].rstrip().endswith("FAIL")  # -2.6..0
