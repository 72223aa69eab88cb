"""Fixtures shared by the file and reliability tests: a data folder of the test's own, and the
full window with its file prompts off at the end."""

import pytest

from bonegui.scenario import Therapy
from tests.app.test_workshop import make_window

HRT = Therapy("estradiol_transdermal", 50.0, "mcg/day", "transdermal", 3.5, 1.0, 6.0)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    d.mkdir()
    monkeypatch.setenv("BONEGUI_DATA_DIR", str(d))
    return d


@pytest.fixture
def win(qtbot, data_dir):
    w = make_window(qtbot)
    yield w
    w.workshop.files.prompts_enabled = False
    w.close()
