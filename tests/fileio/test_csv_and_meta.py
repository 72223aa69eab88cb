"""Spreadsheet-safe CSV text cells; the autosave metadata reader."""

import csv
import io
import json
import os
import subprocess
import sys
import textwrap

import pytest

from bonegui.fileio import (
    AutosaveMeta,
    ScenarioError,
    autosave_meta_json,
    csv_line,
    csv_text_cell,
    read_autosave_meta,
    stored_path_problem,
)


@pytest.mark.parametrize(
    "text, cell",
    [
        ('=HYPERLINK("http://x","run")', '\'=HYPERLINK("http://x","run")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("No HRT", "No HRT"),
        ("HRT = on", "HRT = on"),
        ("", ""),
    ],
)
def test_formula_starts_are_neutralised(text, cell):
    assert csv_text_cell(text) == cell


def test_csv_line_quotes_text_and_writes_numbers_plainly():
    line = csv_line(['=cmd|"/c calc"!A1', 1.5, -2, None, True, "a,b"])
    assert line == '"\'=cmd|""/c calc""!A1",1.5,-2,,true,"a,b"\n'
    assert next(csv.reader(io.StringIO(line)))[0] == "'=cmd|\"/c calc\"!A1"


def test_meta_round_trip(tmp_path):
    p = tmp_path / "autosave-1-1.meta.json"
    meta = AutosaveMeta("/home/t/lesson plan.bonelab.json", 1_700_000_000.5, 4321)
    p.write_text(autosave_meta_json(meta), encoding="utf-8")
    assert read_autosave_meta(p) == meta
    p.write_text(json.dumps({"file_path": None, "saved_at": 1.0}))
    assert read_autosave_meta(p) == AutosaveMeta(None, 1.0, 0)


@pytest.mark.parametrize(
    "content, problem",
    [
        ('{"file_path": 5, "saved_at": 1}', "file_path: must be non-empty text, not a number"),
        ('{"saved_at": 1e999}', "saved_at: 1e999 is not a finite number; allowed: 0-1e+11 s since 1970"),
        ('{"file_path": "a", "saved_at": 1, "extra": 1}', "extra: is not an autosave metadata field; allowed here: file_path, saved_at, pid"),
        ('{"file_path": "\\ud800", "saved_at": 1}', "file_path: holds a lone surrogate (\\ud800, half of an emoji or other character), which cannot be saved; retype that text"),
        ("", "the file is empty"),
    ],
)
def test_damaged_meta_is_one_line(tmp_path, content, problem):
    p = tmp_path / "m.meta.json"
    p.write_text(content)
    with pytest.raises(ScenarioError) as e:
        read_autosave_meta(p)
    assert str(e.value) == f"{p}: {problem}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_meta_that_is_a_fifo_does_not_hang(tmp_path):
    fifo = tmp_path / "autosave-9-9.meta.json"
    os.mkfifo(fifo)
    code = textwrap.dedent("""
        import sys
        from bonegui.fileio import read_autosave_meta, ScenarioError
        try:
            read_autosave_meta(sys.argv[1])
        except ScenarioError as e:
            print(e)
    """)
    out = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=20)
    assert out.stdout.strip() == f"{fifo}: is a named pipe (FIFO), not a saved file; only regular files can be opened"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_stored_path_problem(tmp_path):
    ok = tmp_path / "a.bonelab.json"
    ok.write_text("{}")
    fifo = tmp_path / "pipe.bonelab.json"
    os.mkfifo(fifo)
    assert stored_path_problem(str(ok)) is None
    assert stored_path_problem(str(tmp_path / "new.bonelab.json")) is None  # may be created again
    assert stored_path_problem(str(fifo)) == "is a named pipe (FIFO), not a saved file; only regular files can be opened"
    assert stored_path_problem(str(tmp_path)) == "is a folder, not a file"
    assert stored_path_problem(str(tmp_path / "gone" / "x.json")) == f"its folder {tmp_path / 'gone'} no longer exists"
    assert stored_path_problem(None) == "no file was named"
