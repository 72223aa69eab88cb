"""Saving: permission bits kept, new files follow the umask, symlinks written through, no temp
file left after a failure or a kill, stale temp files removed at the next start."""

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bonegui.fileio import SaveError, atomic_write_bytes, atomic_write_text, remove_stale_temp_files
from bonegui.fileio.write import TEMP_MARK, is_temp_file_name
from bonegui.output import write_result
from bonegui.scenario import Scenario, load_scenario, save_scenario

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _mode(p: Path) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@posix
def test_saving_keeps_the_targets_permission_bits(tmp_path):
    p = tmp_path / "shared.bonelab.json"
    save_scenario(p, Scenario(title="first"))
    p.chmod(0o664)  # a classroom file others may read and the group may edit
    save_scenario(p, Scenario(title="second"))
    assert _mode(p) == 0o664 and load_scenario(p).title == "second"


@posix
@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_follows_the_umask(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        atomic_write_text(tmp_path / "new.csv", "a,b\n")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.csv") == expected


@posix
def test_cli_outputs_are_readable_by_others_too(tmp_path):
    from bonegui.model.simulate import simulate

    old = os.umask(0o022)
    try:
        write_result(tmp_path / "run.csv", simulate(Scenario(span_years=0.1)))
    finally:
        os.umask(old)
    assert _mode(tmp_path / "run.csv") == 0o644


def test_a_symlink_is_written_through(tmp_path):
    real = tmp_path / "store" / "case.bonelab.json"
    real.parent.mkdir()
    save_scenario(real, Scenario(title="first"))
    link = tmp_path / "desktop-link.bonelab.json"
    link.symlink_to(real)
    save_scenario(link, Scenario(title="second"))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_scenario(real).title == "second"
    assert sorted(p.name for p in real.parent.iterdir()) == ["case.bonelab.json"]  # no temp left beside it


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    p = tmp_path / "a.bonelab.json"
    save_scenario(p, Scenario(title="first"))

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(SaveError) as e:
        save_scenario(p, Scenario(title="second"))
    monkeypatch.undo()
    assert str(e.value) == f"cannot save {p} (No space left on device)"
    assert e.value.strerror == "No space left on device" and isinstance(e.value, OSError)
    assert load_scenario(p).title == "first"
    assert [x.name for x in tmp_path.iterdir()] == ["a.bonelab.json"]


def test_text_that_cannot_be_utf8_is_refused_before_writing(tmp_path):
    p = tmp_path / "x.csv"
    with pytest.raises(SaveError) as e:
        atomic_write_text(p, "name,\ud83e\n")
    assert str(e.value) == f"cannot save {p} (the text holds a character that cannot be saved (U+D83E at position 5))"
    assert not list(tmp_path.iterdir())


def test_a_scenario_that_cannot_be_saved_back_is_refused_by_check_scenario(tmp_path):
    from bonegui.scenario import ScenarioError

    with pytest.raises(ScenarioError) as e:
        save_scenario(tmp_path / "x.bonelab.json", Scenario(title="Lesson \ud83e"))
    assert str(e.value).startswith("title: holds a lone surrogate (\\ud83e")
    assert not list(tmp_path.iterdir())


def test_saving_over_a_folder_or_into_a_missing_folder_is_one_line(tmp_path):
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(SaveError) as e:
        atomic_write_bytes(tmp_path / "dir.csv", b"x")
    assert str(e.value) == f"cannot save {tmp_path / 'dir.csv'} (it is a folder)"
    with pytest.raises(SaveError) as e:
        atomic_write_bytes(tmp_path / "gone" / "x.csv", b"x")
    assert str(e.value) == f"cannot save {tmp_path / 'gone' / 'x.csv'} (No such file or directory)"


def test_temp_files_have_a_recognisable_name(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    atomic_write_text(tmp_path / "lesson.json", "{}")
    assert len(seen) == 1 and seen[0].startswith(f".lesson.json{TEMP_MARK}{os.getpid()}-")
    assert is_temp_file_name(seen[0])


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_a_kill_during_a_save_leaves_a_temp_that_the_next_start_removes(tmp_path):
    target = tmp_path / "case.bonelab.json"
    code = (
        "import os, sys\n"
        "from bonegui.fileio import write\n"
        "real = os.replace\n"
        "os.replace = lambda *a: os._exit(9)  # killed after writing the temp, before the rename\n"
        "write.atomic_write_text(sys.argv[1], 'x' * 1_800_000)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(target)], timeout=60)
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and TEMP_MARK in left[0] and not target.exists()
    assert remove_stale_temp_files(tmp_path) == [tmp_path / left[0]]
    assert not list(tmp_path.iterdir())


def test_stale_temp_cleanup_touches_only_dead_or_old_temp_files(tmp_path):
    dead, alive = _dead_pid(), os.getpid()
    names = {
        f".case.bonelab.json{TEMP_MARK}{dead}-1": True,  # its process is gone
        f".case.bonelab.json{TEMP_MARK}{alive}-7": False,  # a save in progress (this process)
        f".old.csv{TEMP_MARK}{alive}-3": True,  # older than an hour (mtime set below)
        ".case.bonelab.json.k2j4h5g6.tmp": True,  # mkstemp's name (before issue 14), old
        f".autosave-{dead}-1.bonelab.json.tmp": True,  # the autosave's own temp (before issue 14)
        "case.bonelab.json": False,  # the user's files
        f"notes{TEMP_MARK}{dead}-1": False,  # not hidden: not a name we give
        ".case.bonelab.json.k2j4h5g6.tmp.bak": False,
    }
    for name in names:
        (tmp_path / name).write_text("x")
    hour_ago = time.time() - 3700
    for name in (f".old.csv{TEMP_MARK}{alive}-3", ".case.bonelab.json.k2j4h5g6.tmp"):
        os.utime(tmp_path / name, (hour_ago, hour_ago))
    fresh_legacy = tmp_path / ".fresh.json.abcdefgh.tmp"  # could be a save running right now
    fresh_legacy.write_text("x")
    link = tmp_path / f".link.json{TEMP_MARK}{dead}-1"
    link.symlink_to(tmp_path / "case.bonelab.json")  # never follow or remove a symlink
    removed = {p.name for p in remove_stale_temp_files(tmp_path)}
    assert removed == {n for n, gone in names.items() if gone}
    assert fresh_legacy.exists() and link.is_symlink()
    assert remove_stale_temp_files(tmp_path / "missing-folder") == []
