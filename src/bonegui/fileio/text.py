"""Short, printable renderings of user values for one-line messages."""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_]{1,40}$")


def shorten(value: Any, limit: int = 40) -> str:
    """``repr`` of a value, cut in the middle with ``...`` when longer than ``limit`` (reprlib
    style: ``'aaaaaaaaaaaaa...aaaaa'``). Lone surrogates and control characters come out as
    escapes, so the result is always printable."""
    if isinstance(value, str):
        if len(value) > limit:
            head, tail = value[: limit * 2 // 3], value[-(limit // 4):]
            return repr(head)[:-1] + "..." + repr(tail)[1:]
        return repr(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int):
        text = str(value)
        return text if len(text) <= 20 else f"{text[:8]}...{text[-4:]}"
    return jtype(value)


def key_text(key: str) -> str:
    """A key as it appears in a field path: plain names as they are, anything else quoted."""
    return key if _PLAIN_KEY.match(key) else shorten(key, 30)


def jtype(v: Any) -> str:
    """The JSON type of a value in words: 'text', 'a number', 'a list'..."""
    from bonegui.fileio.jsontext import BadNumber

    if isinstance(v, BadNumber):
        return "a number"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(v), "a number" if isinstance(v, (int, float)) else "an object" if isinstance(v, dict) else type(v).__name__
    )


def number(x: float) -> str:
    return f"{x:g}"


def listing(values: Iterable[str], room: int = 110) -> str:
    """``a, b, c`` for messages; when the list would take more than ``room`` characters, as many
    as fit and ``... (N in all)``."""
    values = [str(v) for v in values]
    text = ", ".join(values)
    if len(text) <= room:
        return text
    shown: list[str] = []
    for v in values:
        if len(", ".join(shown + [v])) > room - 16:
            break
        shown.append(v)
    return f"{', '.join(shown)}, ... ({len(values)} in all)"


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to a misspelt ``word`` (difflib), or None if none is close."""
    if not isinstance(word, str) or len(word) > 100:
        return None
    hits = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not hits:
        low = {c.lower(): c for c in candidates}
        return low.get(word.lower())
    return hits[0]
