"""A plain, non-editable install of the built wheel in a fresh venv finds every resource.

Builds the wheel from this checkout, installs it (with its dependencies from the package
index, as a new user would) into a new virtual environment, and runs the headless commands
from a folder that is not the repository, so nothing can be found by accident in ./resources.
"""

import csv
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    os.environ.get("BONEGUI_SKIP_WHEEL_TEST") == "1", reason="BONEGUI_SKIP_WHEEL_TEST=1 (local quick runs only)"
)


def _sh(*cmd, cwd=None, timeout=900):
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"{cmd} failed:\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}"
    return r.stdout


def test_wheel_installs_and_runs_headless(tmp_path):
    wheels = tmp_path / "wheels"
    _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT)
    (wheel,) = wheels.glob("bonegui-*.whl")

    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("bonegui/resources/catalogue.json", "bonegui/resources/schema/scenario.schema.json"):
        assert needed in names
    assert any(n.startswith("bonegui/resources/presets/") and n.endswith(".json") for n in names)
    # everything under resources/ (presets, glossary, lessons, schema, validation cases, icons) ships
    res = ROOT / "resources"
    for f in res.rglob("*"):
        if f.is_file() and "__pycache__" not in f.parts:
            assert f"bonegui/resources/{f.relative_to(res).as_posix()}" in names, f"{f} is not in the wheel"
    # every Python module of the source tree ships (a package missing from pyproject would not)
    src = ROOT / "src"
    for module in src.rglob("*.py"):
        assert module.relative_to(src).as_posix() in names, f"{module} is not in the wheel"

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    _sh(py, "-m", "pip", "install", "-q", wheel)

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _sh(py, "-c", "import bonegui, sys; print(bonegui.__file__)", cwd=work)
    assert str(env_dir) in where  # the installed copy, not this checkout

    listing = _sh(env_dir / "bin" / "bonegui", "presets", cwd=work)
    first = listing.splitlines()[0].split("\t")[0]
    _sh(env_dir / "bin" / "bonegui", "simulate", "--preset", first, "--years", "1", "--out", "run.csv", cwd=work)
    with (work / "run.csv").open() as fh:
        assert fh.readline().startswith("# units: ")
        assert fh.readline().startswith("# dose flags: ")
        rows = list(csv.DictReader(fh))
    assert len(rows) == 366 and "bmd_spine_g_cm2" in rows[0]
