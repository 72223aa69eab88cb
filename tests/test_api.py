"""The Python API: `import bonegui` is cheap, preset/load_scenario/simulate, Result as a table,
to_pandas with and without pandas, and docs/api.md's example runs as written."""

import dataclasses
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

import bonegui
from bonegui.model.result import SERIES_UNITS

ROOT = Path(__file__).resolve().parents[1]
PRESET = "woman_menopause_untreated"


def _fresh(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_import_is_cheap_until_a_function_needs_numpy():
    heavy = "[m for m in ('numpy', 'scipy', 'PySide6', 'pyqtgraph') if m in sys.modules]"
    out = _fresh(f"import sys, bonegui; print({heavy}); bonegui.preset({PRESET!r}); print({heavy}); "
                 f"bonegui.simulate(bonegui.preset({PRESET!r}), step_days=30); print({heavy})")
    assert out.splitlines() == ["[]", "[]", "['numpy', 'scipy']"]


def test_version_is_defined_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "bonegui.__version__"}
    assert metadata.version("bonegui") == bonegui.__version__


def test_preset_simulate_and_units():
    scenario = bonegui.preset(PRESET)
    assert isinstance(scenario, bonegui.Scenario)
    result = bonegui.simulate(scenario)
    assert isinstance(result, bonegui.Result)
    from bonegui.model.simulate import time_grid_days

    assert len(result) == len(time_grid_days(scenario)) > 15 * 365  # one row a day
    assert result.units["bmd_spine_g_cm2"] == "g/cm2" and set(result.units) >= set(result.names)
    assert result["bmd_spine_g_cm2"][-1] < result["bmd_spine_g_cm2"][0]


def test_load_scenario_reads_a_saved_file(tmp_path):
    from bonegui.scenario import save_scenario

    s = dataclasses.replace(bonegui.preset(PRESET), span_years=1.0)
    save_scenario(tmp_path / "a.bonelab.json", s)
    assert bonegui.load_scenario(tmp_path / "a.bonelab.json") == s


def test_bad_input_is_one_clear_error():
    with pytest.raises(bonegui.ScenarioError, match=r"unknown preset 'nope'; known presets: "):
        bonegui.preset("nope")
    with pytest.raises(TypeError, match=r"simulate\(\) takes a Scenario, not str; get one with bonegui.preset\('x'\)"):
        bonegui.simulate("x")
    bad = dataclasses.replace(bonegui.preset(PRESET), span_years=99.0)
    with pytest.raises(bonegui.ScenarioError, match="span_years: 99 is outside"):
        bonegui.simulate(bad)
    with pytest.raises(AttributeError, match="no attribute 'simulat'"):
        bonegui.simulat  # noqa: B018


def test_result_is_a_table_of_rows_with_columns_by_name():
    r = bonegui.simulate(dataclasses.replace(bonegui.preset(PRESET), span_years=0.1))
    rows = list(r)
    assert len(rows) == len(r) == 37  # days 0..36 of 0.1 y
    assert list(rows[5]) == list(SERIES_UNITS) and rows[5]["oca_pm"] == r["oca_pm"][5]
    assert "oca_pm" in r and "nope" not in r
    d = dict(r)
    assert list(d) == list(r.names) and d["t_years"] is r["t_years"]


def test_to_pandas_and_pd_dataframe_give_rows_by_series():
    pd = pytest.importorskip("pandas")
    r = bonegui.simulate(dataclasses.replace(bonegui.preset(PRESET), span_years=2.0))
    df = r.to_pandas()
    assert df.shape == (len(r), len(SERIES_UNITS) - 1) and df.index.name == "t_years"
    np.testing.assert_array_equal(df.index.to_numpy(), r["t_years"])
    np.testing.assert_array_equal(df["bmd_hip_g_cm2"].to_numpy(), r["bmd_hip_g_cm2"])
    assert (df.dtypes == np.float64).all()
    assert df.attrs["units"]["ctx_rel"] == SERIES_UNITS["ctx_rel"] and df.attrs["units"]["t_years"] == "y"
    plain = pd.DataFrame(r)  # not a 23x1 frame of names
    assert plain.shape == (len(r), len(SERIES_UNITS)) and list(plain.columns) == list(SERIES_UNITS)
    pd.testing.assert_frame_equal(plain, r.to_pandas(index=None))
    pd.testing.assert_frame_equal(plain, df.reset_index(), check_like=False)
    with pytest.raises(KeyError, match="index: 'days' is not a series"):
        r.to_pandas(index="days")


def test_to_pandas_without_pandas_names_the_install(monkeypatch):
    r = bonegui.simulate(dataclasses.replace(bonegui.preset(PRESET), span_years=0.1))
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    with pytest.raises(ImportError) as e:
        r.to_pandas()
    assert str(e.value) == "Result.to_pandas() needs pandas, which bonegui does not install: pip install pandas"


def test_docs_api_example_runs(tmp_path, monkeypatch, capsys):
    pytest.importorskip("pandas")
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "api.md").read_text(), re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "spine BMD" in out and "T-score at the end:" in out
    assert len(namespace["yearly"]) >= 5
