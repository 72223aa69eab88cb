"""Issue 2, item 8: nothing at run time reaches the network (workshops are offline).

A static check: no module of the package imports a networking library, so no code path can
open a connection, whatever the user clicks.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "bonegui"

NETWORK_MODULES = (
    "socket", "ssl", "http", "urllib.request", "urllib3", "requests", "httpx", "aiohttp",
    "ftplib", "smtplib", "xmlrpc", "webbrowser",
    "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _is_network(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES)


def test_no_module_imports_a_networking_library():
    modules = sorted(SRC.rglob("*.py"))
    assert len(modules) > 20  # the whole package was scanned
    offending = {f"{p.relative_to(SRC)}: {n}" for p in modules for n in _imports(p) if _is_network(n)}
    assert not offending, f"network access at run time: {sorted(offending)}"


def test_the_check_recognises_network_imports():
    assert _is_network("urllib.request") and _is_network("PySide6.QtNetwork.QNetworkAccessManager")
    assert not _is_network("urllib.parse") and not _is_network("httplib_lookalike")
