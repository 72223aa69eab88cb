"""The house rules of issue 12, checked on the source: floors apart, small modules, app/ by
feature. A rule that starts failing names the module and the number."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "bonegui"
HEADLESS = ("model", "scenario", "validation", "fileio")  # floor 1: testable without Qt
GUI_LIBS = ("PySide6", "pyqtgraph", "shiboken6")
MAX_MODULE_LINES = 500
MAX_APP_TOP_MODULES = 8


def _imports(path: Path) -> set[str]:
    """Every module an import statement names, at any depth (lazy imports too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


@pytest.mark.parametrize("floor", HEADLESS)
def test_headless_floors_import_no_qt_and_nothing_of_the_app(floor):
    bad = []
    for f in sorted((SRC / floor).rglob("*.py")):
        for name in _imports(f):
            if name.split(".")[0] in GUI_LIBS or name.startswith("bonegui.app"):
                bad.append(f"{f.relative_to(SRC)} imports {name}")
    assert not bad, "; ".join(bad)


def test_no_module_is_longer_than_500_lines():
    long = [f"{f.relative_to(SRC)}: {n} lines" for f in sorted(SRC.rglob("*.py"))
            if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not long, "; ".join(long)


def test_app_is_split_by_feature():
    top = sorted(f.name for f in (SRC / "app").glob("*.py") if f.name != "__init__.py")
    assert len(top) <= MAX_APP_TOP_MODULES, top
    packages = [d for d in (SRC / "app").iterdir() if (d / "__init__.py").exists()]
    assert len(packages) >= 5
    undocumented = [d.name for d in packages if not ast.get_docstring(ast.parse((d / "__init__.py").read_text(encoding="utf-8")))]
    assert not undocumented, f"packages without a docstring saying what they own: {undocumented}"


def test_the_check_sees_a_qt_import(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from PySide6.QtCore import QTimer\n", encoding="utf-8")
    assert "PySide6.QtCore" in _imports(f)
