"""Strict JSON for user files: plain ``json`` (never pickle or eval) with the traps closed.

Refused, each with one line naming the field path:

- nesting deeper than ``MAX_DEPTH`` (checked by a scan of the brackets outside strings *before*
  ``json.loads``, so no RecursionError can happen);
- a key given twice in one object (``json`` would keep the last one silently);
- NaN, Infinity, numbers that overflow to infinity (``1e999``), integers of more than
  ``MAX_INT_DIGITS`` digits and number texts longer than ``MAX_NUMBER_CHARS`` (Python's
  int-string limit would otherwise raise a bare ValueError);
- lone surrogates (``"\\ud83e"``) in keys or strings: JSON allows them, but such text can never
  be written back as UTF-8, so every later save would fail;
- a doubled byte-order mark (one BOM, as Notepad writes, is accepted).

Numbers are not refused where they are parsed (the hook cannot know the field): they become
``BadNumber`` values, and the field reader (``fileio.spec``) says what the field allows.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from bonegui.fileio.errors import ScenarioError
from bonegui.fileio.text import key_text

MAX_DEPTH = 32  # a scenario inside a lesson is ~10 levels deep
MAX_INT_DIGITS = 18
MAX_NUMBER_CHARS = 40
BOM = "\ufeff"


class BadNumber:
    """A number in the file that is not a usable finite value (kept so the field can be named)."""

    __slots__ = ("text", "why")

    def __init__(self, text: str, why: str) -> None:
        self.text = text if len(text) <= 20 else f"{text[:8]}...{text[-4:]}"
        self.why = why

    @property
    def problem(self) -> str:
        return f"{self.text} {self.why}"

    def __repr__(self) -> str:
        return self.text


class _Twice(dict):
    """An object in which ``twice`` was given more than once."""

    twice: str = ""


def _parse_float(s: str) -> float | BadNumber:
    if len(s) > MAX_NUMBER_CHARS:
        return BadNumber(s, f"is a number of {len(s)} characters, too long to be a real value")
    v = float(s)
    return v if math.isfinite(v) else BadNumber(s, "is not a finite number")


def _parse_int(s: str) -> int | BadNumber:
    digits = len(s.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        return BadNumber(s, f"has {digits} digits, too many to be a real value")
    return int(s)


def _parse_constant(s: str) -> BadNumber:
    return BadNumber(s, "is not a finite number")


def _pairs(pairs: list[tuple[str, Any]], found: list) -> dict:
    d = dict(pairs)
    if len(d) == len(pairs):
        return d
    found.append("twice")
    seen: set[str] = set()
    out = _Twice(pairs)
    for k, _ in pairs:
        if k in seen:
            out.twice = k
            break
        seen.add(k)
    return out


# A JSON string, or an unterminated one running to the end (so the scan never backtracks).
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\Z)', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_MAYBE_SURROGATE = re.compile(r"\\[uU][dD][89a-fA-F]|[\ud800-\udfff]")


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting of a JSON text (brackets inside strings do not count)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if not brackets:
        return 0
    # C-level loops (map, accumulate): the file readers stay free of numpy, so `import bonegui`
    # and reading a preset stay cheap (tests/test_api.py)
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)))


def parse_json_tree(text: str, error: type[ScenarioError] = ScenarioError) -> Any:
    """Parse a user file's text; values that are not usable numbers stay as ``BadNumber`` for
    the field reader to name. Every other problem raises ``error`` (one line)."""
    if not isinstance(text, str):
        raise error("", f"must be text, not {type(text).__name__}")
    if text.startswith(BOM):
        text = text[1:]
        if text.startswith(BOM):
            raise error("", "starts with two byte-order marks (U+FEFF); save the file again as plain UTF-8")
    if not text.strip():
        raise error("", "the file is empty")
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise error("", f"nests lists or objects {depth} deep; at most {MAX_DEPTH} levels are allowed")
    found: list[str] = []  # what the hooks met, so clean files skip the walk below

    def number(parse):
        def hook(s: str):
            v = parse(s)
            if isinstance(v, BadNumber):
                found.append("number")
            return v
        return hook

    try:
        data = json.loads(text, object_pairs_hook=lambda pairs: _pairs(pairs, found),
                          parse_float=number(_parse_float), parse_int=number(_parse_int),
                          parse_constant=number(_parse_constant))
    except json.JSONDecodeError as e:
        raise error("", f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except (RecursionError, ValueError, OverflowError, MemoryError) as e:  # belt and braces
        raise error("", f"not valid JSON ({type(e).__name__})") from None
    surrogates = bool(_MAYBE_SURROGATE.search(text))
    if surrogates or "twice" in found:
        _Walk(error, strict_numbers=False, surrogates=surrogates).visit(data, [])
    return data


def parse_json_text(text: str, error: type[ScenarioError] = ScenarioError) -> Any:
    """``json.loads`` for user files with every trap refused (see the module docstring),
    including unusable numbers anywhere. Raises ``error`` with one line naming the field."""
    data = parse_json_tree(text, error)
    refuse_bad_numbers(data, error)
    return data


def refuse_bad_numbers(data: Any, error: type[ScenarioError] = ScenarioError, path: str = "") -> None:
    """Raise for the first BadNumber left anywhere in ``data`` (free-form parts of a file)."""
    _Walk(error, strict_numbers=True, surrogates=False).visit(data, [path] if path else [])


def field_path(parts: list) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out = f"{out}.{p}" if out else p
    return out


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def surrogate_problem(text: str) -> str | None:
    """Why ``text`` cannot be saved as UTF-8 (a lone surrogate), or None."""
    m = _SURROGATE.search(text)
    if not m:
        return None
    return (f"holds a lone surrogate (\\u{ord(m.group(0)):04x}, half of an emoji or other character), "
            "which cannot be saved; retype that text")


class _Walk:
    """Depth-first, in file order, so the first problem reported is the first in the file.
    Recursion is safe: the depth is capped before parsing."""

    def __init__(self, error, strict_numbers: bool, surrogates: bool) -> None:
        self.error = error
        self.strict_numbers = strict_numbers
        self.surrogates = surrogates

    def _text(self, s: str, parts: list) -> None:
        problem = surrogate_problem(s)
        if problem:
            raise self.error(field_path(parts), problem)

    def visit(self, v: Any, parts: list) -> None:
        if isinstance(v, dict):
            if isinstance(v, _Twice):
                raise self.error(field_path(parts + [key_text(v.twice)]), "is given twice in the same object; keep one")
            for k, x in v.items():
                if self.surrogates:
                    self._text(k, parts + [key_text(k)])
                if isinstance(x, (dict, list, BadNumber)) or (self.surrogates and isinstance(x, str)):
                    self.visit(x, parts + [key_text(k)])
        elif isinstance(v, list):
            for i, x in enumerate(v):
                if isinstance(x, (dict, list, BadNumber)) or (self.surrogates and isinstance(x, str)):
                    self.visit(x, parts + [i])
        elif isinstance(v, str):
            self._text(v, parts)
        elif isinstance(v, BadNumber) and self.strict_numbers:
            raise self.error(field_path(parts), v.problem)
