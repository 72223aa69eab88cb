"""Read-only access to the files shipped in the wheel under ``bonegui.resources``.

Everything goes through importlib.resources so a plain (non-editable) install works. JSON is
parsed by the same strict reader as user files (a teacher may edit a shipped file), so a broken
file gives one ScenarioError line naming it and the field.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

MAX_RESOURCE_BYTES = 5_000_000


def resource_root() -> Traversable:
    return resources.files("bonegui.resources")


def resource_path(*parts: str) -> Traversable:
    node = resource_root()
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    """A shipped text file, strict UTF-8; ScenarioError naming it if it is not."""
    from bonegui.fileio.errors import ScenarioError
    from bonegui.fileio.read import decode_utf8

    name = "/".join(parts)
    raw = resource_path(*parts).read_bytes()
    if len(raw) > MAX_RESOURCE_BYTES:
        raise ScenarioError("", f"the file is over {MAX_RESOURCE_BYTES // 1_000_000} MB; shipped files are a few kB", name)
    return decode_utf8(raw, source=name)


def read_json(*parts: str) -> Any:
    """Parse a shipped JSON file with the strict user-file reader (bonegui.fileio.jsontext)."""
    from bonegui.fileio.jsontext import parse_json_text

    from bonegui.fileio.errors import ScenarioError

    try:
        return parse_json_text(read_text(*parts))
    except ScenarioError as e:
        raise e if e.source else e.with_source("/".join(parts)) from None


def list_json(folder: str) -> list[Traversable]:
    """The shipped ``*.json`` files of a resource folder, sorted by name."""
    node = resource_path(folder)
    if not node.is_dir():
        return []
    return sorted((f for f in node.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
