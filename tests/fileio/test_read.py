"""Reading user files: only regular files are opened, the cap counts bytes read, UTF-8 only.
Special files run in a child process with a timeout, so a regression cannot hang the suite."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bonegui.fileio import ScenarioError, read_user_text, regular_file_problem
from bonegui.fileio.read import read_user_bytes
from bonegui.lesson_format import LessonError, load_lesson
from bonegui.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")


def _load_in_child(path: Path, loader: str = "bonegui.scenario:load_scenario", timeout: float = 20.0) -> str:
    """Run the loader on ``path`` in a fresh interpreter; its one-line error (or 'LOADED')."""
    module, func = loader.split(":")
    code = textwrap.dedent(f"""
        import sys
        from {module} import {func} as load
        from bonegui.fileio import ScenarioError
        try:
            load(sys.argv[1])
            print("LOADED")
        except ScenarioError as e:
            print(e)
    """)
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=timeout,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@posix_only
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.bonelab.json"
    os.mkfifo(fifo)
    assert _load_in_child(fifo) == f"{fifo}: is a named pipe (FIFO), not a saved file; only regular files can be opened"


@posix_only
def test_a_symlink_to_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "lesson.json"
    link.symlink_to(fifo)
    msg = _load_in_child(link, "bonegui.lesson_format:load_lesson")
    assert msg == f"{link}: is a named pipe (FIFO), not a saved file; only regular files can be opened"


@posix_only
def test_a_fifo_swapped_in_after_the_check_cannot_block(tmp_path, monkeypatch):
    """The check before opening sees a regular file; the open descriptor is a FIFO (O_NONBLOCK
    open, fstat check): refused at once."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    regular = os.stat(ROOT / "pyproject.toml")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: regular if str(p) == str(fifo) else real_stat(p, *a, **k))
    with pytest.raises(ScenarioError) as e:
        read_user_text(fifo, 1000)
    assert str(e.value) == f"{fifo}: is a named pipe (FIFO), not a saved file; only regular files can be opened"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused():
    with pytest.raises(ScenarioError) as e:
        load_scenario("/dev/zero")
    assert str(e.value) == "/dev/zero: is a device, not a saved file; only regular files can be opened"


def test_a_folder_is_refused(tmp_path):
    d = tmp_path / "folder.bonelab.json"
    d.mkdir()
    with pytest.raises(LessonError) as e:
        load_lesson(d)
    assert str(e.value) == f"{d}: is a folder, not a file"


def test_the_cap_counts_bytes_read_not_the_size_the_file_claims(monkeypatch, tmp_path):
    """A file whose size reads as 0 (/proc, or a file that grows while read) stops at the cap."""
    p = tmp_path / "grows.json"
    p.write_bytes(b" " * 5000)
    real_fstat = os.fstat

    class Small:
        def __init__(self, st):
            self.st_mode, self.st_size = st.st_mode, 0

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(ScenarioError) as e:
        read_user_bytes(p, 1000, kind="test files")
    assert str(e.value) == f"{p}: the file is over 1 kB; test files are at most 1 kB"


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="no procfs")
def test_a_proc_file_that_reports_size_0_is_capped():
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(ScenarioError) as e:
        read_user_bytes("/proc/self/maps", 100, kind="test files")
    assert "the file is over 0.1 kB" in str(e.value)


def test_size_from_stat_is_refused_before_reading(tmp_path):
    p = tmp_path / "big.bonelab.json"
    p.write_bytes(b" " * 2_500_000)
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    assert str(e.value) == f"{p}: the file is 2.5 MB; scenario files are at most 2 MB"


def test_an_unreadable_file_gives_one_line(tmp_path, monkeypatch):
    p = tmp_path / "secret.bonelab.json"
    p.write_text("{}")
    p.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail as it would for a user
        real_open = os.open

        def deny(path, flags, *a):
            if str(path) == str(p):
                raise PermissionError(13, "Permission denied")
            return real_open(path, flags, *a)

        monkeypatch.setattr(os, "open", deny)
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    assert str(e.value) == f"{p}: cannot read the file (Permission denied)"


def test_missing_file(tmp_path):
    p = tmp_path / "nope.bonelab.json"
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    assert str(e.value) == f"{p}: cannot read the file (No such file or directory)"


@pytest.mark.parametrize(
    "raw, problem",
    [
        (b"\xff\xfe{\x00}\x00", "is not UTF-8 text (it starts like UTF-16); save it as UTF-8"),
        (b'{"title": "caf\xe9"}', "is not UTF-8 text (byte 0xe9 at offset 14); save it as UTF-8"),
        (b"\xef\xbb\xbf\xef\xbb\xbf{}", "starts with two byte-order marks (U+FEFF); save the file again as plain UTF-8"),
        (b'{"title": \xef\xbb\xbf"x"}', "not valid JSON (line 1, column 11: Expecting value)"),
    ],
)
def test_encoding_problems_get_one_clear_line(tmp_path, raw, problem):
    p = tmp_path / "enc.bonelab.json"
    p.write_bytes(raw)
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    assert str(e.value) == f"{p}: {problem}"


def test_one_bom_is_accepted(tmp_path):
    from bonegui.scenario import Scenario, scenario_to_json

    p = tmp_path / "notepad.bonelab.json"
    p.write_bytes(b"\xef\xbb\xbf" + scenario_to_json(Scenario(title="from Notepad")).encode())
    assert load_scenario(p).title == "from Notepad"


@posix_only
def test_regular_file_problem_names_what_the_path_is(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    f = tmp_path / "f.json"
    f.write_text("{}")
    assert regular_file_problem(f) is None
    assert regular_file_problem(fifo) == "is a named pipe (FIFO), not a saved file; only regular files can be opened"
    assert regular_file_problem(tmp_path) == "is a folder, not a file"
    assert regular_file_problem(tmp_path / "gone") == "cannot be read (No such file or directory)"
