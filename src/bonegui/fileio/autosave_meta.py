"""The autosave's ``.meta.json`` (which file a session was editing, when), read strictly.

The app writes it beside each autosave and reads it after a crash to offer a restore. It lives
in the data folder, but it is still a file on disk: a FIFO or a huge file put in its place must
not hang or flood the restore, and the file path it names is only a *suggestion* (the app asks
before saving to it again; ``stored_path_problem`` says when the path is no longer a file).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from bonegui.fileio.errors import ScenarioError
from bonegui.fileio.jsontext import parse_json_tree
from bonegui.fileio.read import read_user_text, regular_file_problem
from bonegui.fileio.spec import Field, Number, Obj, Text, read

MAX_META_BYTES = 64_000

_META = Obj(
    {
        "file_path": Field(Text(nonempty=True), default=None, nullable=True),
        "saved_at": Field(Number(0.0, 1e11, "s since 1970")),
        "pid": Field(Number(0, 2**31, integer=True), default=0),
    },
    noun="autosave metadata field",
)


@dataclass(frozen=True)
class AutosaveMeta:
    file_path: str | None  # the file the session was editing (None: never saved)
    saved_at: float  # time.time() of the last autosave
    pid: int = 0


def autosave_meta_json(meta: AutosaveMeta) -> str:
    """The metadata file's text (plain JSON)."""
    return json.dumps({"file_path": meta.file_path, "saved_at": meta.saved_at, "pid": meta.pid}, ensure_ascii=False)


def read_autosave_meta(path: str | os.PathLike) -> AutosaveMeta:
    """The metadata of an autosave; ScenarioError (one line naming the file) if it is missing,
    not a regular file, too big, or malformed."""
    text = read_user_text(path, MAX_META_BYTES, ScenarioError, "autosave metadata files")
    try:
        d = read(_META, parse_json_tree(text))
    except ScenarioError as e:
        raise e.with_source(str(path)) from None
    return AutosaveMeta(d["file_path"], d["saved_at"], d["pid"])


def stored_path_problem(file_path: str | None) -> str | None:
    """None if a path from old metadata may be saved to again as it is: it is an existing
    regular file (through symlinks), or it does not exist but its folder does. Otherwise why
    not, in words, for the "save where?" question."""
    if not file_path:
        return "no file was named"
    if os.path.lexists(file_path) or os.path.exists(file_path):
        return regular_file_problem(file_path)
    folder = os.path.dirname(os.path.abspath(file_path))
    return None if os.path.isdir(folder) else f"its folder {folder} no longer exists"
