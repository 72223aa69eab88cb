"""One settings module: portable mode keeps every setting in the data folder."""

from pathlib import Path

from PySide6.QtCore import QSettings

from bonegui.app import settings


def test_portable_mode_puts_every_setting_in_an_ini_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BONEGUI_DATA_DIR", str(tmp_path))
    s = settings.app_settings()
    assert s.format() == QSettings.Format.IniFormat
    assert Path(s.fileName()) == tmp_path / "settings.ini"
    settings.set_recent_files(s, ["/a.bonelab.json", "/b.bonelab.json"])
    settings.acknowledge_disclaimer(s)
    again = settings.app_settings()
    assert settings.recent_files(again) == ["/a.bonelab.json", "/b.bonelab.json"]
    assert settings.disclaimer_acknowledged(again)
    assert "recentFiles" in (tmp_path / "settings.ini").read_text()


def test_a_one_item_recent_list_reads_back_as_a_list(tmp_path):
    s = settings.ini_settings(tmp_path / "x.ini")
    settings.set_recent_files(s, ["/only.bonelab.json"])
    assert settings.recent_files(settings.ini_settings(tmp_path / "x.ini")) == ["/only.bonelab.json"]


def test_temporary_settings_leave_nothing_behind():
    with settings.temporary_settings() as s:
        path = Path(s.fileName())
        s.setValue("k", 1)
        s.sync()
        assert path.exists()
    assert not path.parent.exists()
