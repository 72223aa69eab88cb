"""Floor 1: reading and writing user files safely (no Qt).

- ``read_user_text(path, max_bytes, error, kind)``: regular files only, size cap on the bytes
  read, strict UTF-8 (``read``);
- ``parse_json_text`` / ``parse_json_tree``: strict JSON (duplicate keys, non-finite and giant
  numbers, deep nesting, lone surrogates, double BOMs refused; ``jsontext``);
- ``spec``: declarative field specs (unknown keys with a suggestion, missing, types, ranges,
  choices) and the one wording of those messages;
- ``atomic_write_text`` / ``atomic_write_bytes`` / ``remove_stale_temp_files`` (``write``);
- ``csv_text_cell`` / ``csv_line``: spreadsheet-safe text cells (``csv_safe``);
- ``read_autosave_meta`` / ``stored_path_problem`` (``autosave_meta``).

Every problem is a ``ScenarioError`` (or a subclass: LessonError, CaseError...) whose text is
one line naming the file, the field path and what is allowed.
"""

from bonegui.fileio.errors import MAX_MESSAGE_CHARS, ScenarioError
from bonegui.fileio.jsontext import BadNumber, parse_json_text, parse_json_tree
from bonegui.fileio.read import read_user_bytes, read_user_text, regular_file_problem
from bonegui.fileio.write import SaveError, atomic_write_bytes, atomic_write_text, remove_stale_temp_files
from bonegui.fileio.csv_safe import csv_line, csv_text_cell
from bonegui.fileio.autosave_meta import AutosaveMeta, autosave_meta_json, read_autosave_meta, stored_path_problem

__all__ = [
    "MAX_MESSAGE_CHARS", "AutosaveMeta", "BadNumber", "SaveError", "ScenarioError", "atomic_write_bytes",
    "atomic_write_text", "autosave_meta_json", "csv_line", "csv_text_cell", "parse_json_text", "parse_json_tree",
    "read_autosave_meta", "read_user_bytes", "read_user_text", "regular_file_problem", "remove_stale_temp_files",
    "stored_path_problem",
]
