"""bonegui.logs: the rotating log file, uncaught exceptions and hard crashes land in it.

Each case runs in a fresh interpreter (install() replaces process-wide hooks) with
BONEGUI_DATA_DIR pointing at a temp folder, so nothing is written to the real log folder.
"""

import os
import subprocess
import sys

import pytest


no_segv = pytest.mark.skipif(sys.platform == "win32", reason="SIGSEGV handling differs on Windows")


def _run(tmp_path, code: str):
    env = {**os.environ, "BONEGUI_DATA_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)


def _log(tmp_path) -> str:
    return (tmp_path / "logs" / "bonegui.log").read_text(encoding="utf-8")


def test_log_path_follows_bonegui_data_dir(tmp_path, monkeypatch):
    from bonegui import logs

    monkeypatch.setenv("BONEGUI_DATA_DIR", str(tmp_path))
    assert logs.log_path() == tmp_path / "logs" / "bonegui.log"
    assert logs.log_folder() == tmp_path / "logs" and logs.log_folder().is_dir()


def test_uncaught_exception_goes_to_the_log_and_still_to_stderr(tmp_path):
    r = _run(tmp_path, "from bonegui import logs; p = logs.install(); print(p); "
                       "import logging; logging.getLogger('bonegui.app.worker').warning('child restarted'); "
                       "raise ValueError('boom in a slot')")
    assert r.returncode == 1
    assert r.stdout.strip() == str(tmp_path / "logs" / "bonegui.log")
    assert "ValueError: boom in a slot" in r.stderr  # the previous hook still prints
    log = _log(tmp_path)
    assert "INFO bonegui [MainThread] bonegui " in log and " start: Python " in log
    assert "WARNING bonegui.app.worker [MainThread] child restarted" in log
    assert "CRITICAL bonegui [MainThread] uncaught exception:\nTraceback (most recent call last):" in log
    assert log.rstrip().endswith("ValueError: boom in a slot")


def test_listener_gets_one_line_with_the_log_path(tmp_path):
    code = ("import sys; from bonegui import logs; logs.install(); "
            "logs.on_exception(lambda msg, path: print('DIALOG', msg, path.name)); "
            "sys.excepthook(*(lambda e: (type(e), e, e.__traceback__))(KeyError('x')))")
    r = _run(tmp_path, code)
    assert r.returncode == 0, r.stderr
    expected = f"DIALOG KeyError: 'x' (details in {tmp_path / 'logs' / 'bonegui.log'}) bonegui.log"
    assert r.stdout.strip() == expected


def test_exception_in_a_thread_is_logged(tmp_path):
    code = ("import threading; from bonegui import logs; logs.install(); "
            "t = threading.Thread(target=lambda: 1 / 0, name='sim'); t.start(); t.join()")
    r = _run(tmp_path, code)
    assert r.returncode == 0
    assert "uncaught exception in thread sim" in _log(tmp_path) and "ZeroDivisionError" in _log(tmp_path)


@no_segv
def test_hard_crash_writes_the_python_stack(tmp_path):
    code = ("from bonegui import logs; logs.install()\n"
            "def render_frame():\n    import ctypes; ctypes.string_at(0)\n"
            "render_frame()\n")
    r = _run(tmp_path, code)
    assert r.returncode != 0
    log = _log(tmp_path)
    assert "Fatal Python error: Segmentation fault" in log
    assert 'line 3 in render_frame' in log


@no_segv
def test_the_file_rotates_and_the_crash_handler_follows(tmp_path):
    code = ("from bonegui import logs; logs.MAX_BYTES = 2000; logs.install()\n"
            "for i in range(200): logs.logger.info('line %d %s', i, 'x' * 40)\n"
            "import ctypes; ctypes.string_at(0)\n")
    r = _run(tmp_path, code)
    assert r.returncode != 0
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["bonegui.log", "bonegui.log.1", "bonegui.log.2", "bonegui.log.3"]
    log = _log(tmp_path)
    assert "line 199" in log and "Fatal Python error: Segmentation fault" in log  # into the current file
    assert (tmp_path / "logs" / "bonegui.log").stat().st_size < 2000 + 1000


def test_unwritable_folder_keeps_going(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = {**os.environ, "BONEGUI_DATA_DIR": str(blocker)}
    r = subprocess.run([sys.executable, "-c", "from bonegui import logs; print(logs.install())"],
                       capture_output=True, text=True, timeout=60, env=env)
    # paths.log_dir() itself cannot create BONEGUI_DATA_DIR/logs under a file
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "None"
    assert r.stderr.startswith("bonegui: no log file (") and r.stderr.count("\n") == 1
