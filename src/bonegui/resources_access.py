"""Read-only access to the files shipped in the wheel under ``bonegui.resources``.

Everything goes through importlib.resources so a plain (non-editable) install works.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any


def resource_root() -> Traversable:
    return resources.files("bonegui.resources")


def resource_path(*parts: str) -> Traversable:
    node = resource_root()
    for part in parts:
        node = node.joinpath(part)
    return node


def read_json(*parts: str) -> Any:
    """Parse a shipped JSON file (never user input: those go through scenario.io)."""
    return json.loads(resource_path(*parts).read_text(encoding="utf-8"))


def list_json(folder: str) -> list[Traversable]:
    """The shipped ``*.json`` files of a resource folder, sorted by name."""
    node = resource_path(folder)
    if not node.is_dir():
        return []
    return sorted((f for f in node.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
