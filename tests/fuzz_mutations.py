"""A deterministic mutation fuzzer for the user-file readers (used by tests/test_fuzz_files.py
and benchmarks/fuzz_soak.py).

``mutated_file(kind, seed, index)`` takes a shipped preset or lesson and applies one to three
seeded mutations: deleted, duplicated, retyped and misspelt keys; extreme numbers (NaN, 1e999,
huge integers, 5,000 digits); deep nesting; lone surrogates in keys and values; giant strings;
lists past their limits; BOMs; truncation; random bytes; and small in-range changes, so a good
share of the files stays valid and exercises the round trip. The same (kind, seed, index)
always gives the same bytes.

``check_file(kind, path)`` loads one file through the real loader and returns its outcome:
``("error", message)`` for a clean one-line error, ``("valid", scenario)`` for a load that saves
back equal; anything else raises AssertionError naming the problem (a traceback escaping the
loader propagates as it is).
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("scenario", "lesson")
MAX_FILE_CHARS = 3_000_000
MAX_REST = 200  # the message after "FILE: " (bonegui.fileio.errors.MAX_MESSAGE_CHARS)

# Problems with the whole file, not a field: their messages have no field path.
FILE_LEVEL = ("not valid JSON", "the file is empty", "is not UTF-8 text", "starts with two byte-order marks",
              "nests lists or objects", "the file is ", "is a ", "cannot read the file")


def _bases(kind: str) -> list[Any]:
    folder = ROOT / "resources" / ("presets" if kind == "scenario" else "lessons")
    out = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    if kind == "scenario":  # the documented example has pinned runs, overrides, several segments
        doc = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
        out.append(json.loads(doc.split("```json", 1)[1].split("```", 1)[0]))
    return out


_BASES: dict[str, list[Any]] = {}


def bases(kind: str) -> list[Any]:
    if kind not in _BASES:
        _BASES[kind] = _bases(kind)
    return _BASES[kind]


# ---------------------------------------------------------------------------- a JSON emitter
@dataclass
class Raw:
    """Text put into the file as it is (NaN, 1e999, 5,000 digits, deep brackets)."""

    text: str


@dataclass
class Pairs:
    """An object written from a pair list, so a key can appear twice."""

    pairs: list


def emit(v: Any, ascii_only: bool) -> str:
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, Pairs):
        return "{" + ", ".join(f"{emit(k, ascii_only)}: {emit(x, ascii_only)}" for k, x in v.pairs) + "}"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{emit(k, ascii_only)}: {emit(x, ascii_only)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(emit(x, ascii_only) for x in v) + "]"
    return json.dumps(v, ensure_ascii=ascii_only)


# ---------------------------------------------------------------------------- tree mutations
def _slots(tree: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in the tree, containers first."""
    out: list[tuple[Any, Any]] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in list(items):
            out.append((node, k))
            if isinstance(v, (dict, list)):
                stack.append(v)
    return out


def _pick(rng: random.Random, tree: Any, want=None) -> tuple[Any, Any] | None:
    slots = [(c, k) for c, k in _slots(tree) if want is None or want(c, k)]
    return rng.choice(slots) if slots else None


EXTREME_NUMBERS = [
    0, -1, -0.0, 1e308, -1e308, 5e-324, 2**63, -(2**53) - 1, 1e20, 0.049, 60.0001, 95.0000001,
    Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e999"), Raw("-1e999"), Raw("1" + "0" * 400),
    Raw("9" * 5000), Raw("0." + "1" * 5000), Raw("1E+4300"), Raw("12345678901234567890123"),
]
OTHER_VALUES = ["", "x", "NaN", "0", [], {}, [[]], True, False, None, 1, 2.5, ["hormones"], {"a": 1}, "\u00e9\u00e8\U0001f9b4"]
def _other(rng: random.Random) -> Any:
    return copy.deepcopy(rng.choice(OTHER_VALUES))  # never share (and so mutate) the samples


SURROGATES = ["\ud83e", "\udc00", "a\ud800b", "Lesson \ud83e", "\udfff\ud800"]


def _misspell(rng: random.Random, key: str) -> str:
    if not key:
        return "x"
    i = rng.randrange(len(key))
    op = rng.randrange(4)
    if op == 0:
        return key[:i] + key[i + 1:]  # drop a letter
    if op == 1 and len(key) > 1:
        j = min(i + 1, len(key) - 1)
        return key[:i] + key[j] + key[i] + key[j + 1:]  # swap two
    if op == 2:
        return key[:i] + rng.choice("aeiourstn_") + key[i:]  # add one
    return key.upper() if rng.random() < 0.5 else key + "s"


def _rename(container: dict, old: str, new: str) -> None:
    items = list(container.items())
    container.clear()
    for k, v in items:
        container[new if k == old else k] = v


def mutate_tree(rng: random.Random, tree: Any, kind: str) -> Any:
    op = rng.randrange(16)
    is_key = lambda c, k: isinstance(c, dict)  # noqa: E731
    if op == 0:  # delete a key
        s = _pick(rng, tree, is_key)
        if s:
            del s[0][s[1]]
    elif op == 1:  # duplicate a key (the second value may differ)
        s = _pick(rng, tree, is_key)
        if s:
            c, k = s
            pairs = list(c.items()) + [(k, rng.choice([c[k], _other(rng)]))]
            rng.shuffle(pairs)
            _replace(tree, c, Pairs(pairs))
    elif op == 2:  # retype a value
        s = _pick(rng, tree)
        if s:
            s[0][s[1]] = _other(rng)
    elif op == 3:  # misspell a key
        s = _pick(rng, tree, is_key)
        if s:
            _rename(s[0], s[1], _misspell(rng, s[1]))
    elif op in (4, 5):  # an extreme number where a number was
        s = _pick(rng, tree, lambda c, k: isinstance(c[k], (int, float)) and not isinstance(c[k], bool)) or _pick(rng, tree)
        if s:
            s[0][s[1]] = rng.choice(EXTREME_NUMBERS)
    elif op == 6:  # deep nesting
        s = _pick(rng, tree)
        if s:
            depth = rng.choice([5, 31, 33, 64, 1000, 100_000])
            s[0][s[1]] = Raw("[" * depth + "]" * depth if rng.random() < 0.5 else '{"a":' * depth + "1" + "}" * depth)
    elif op == 7:  # a lone surrogate in a string or a key
        s = _pick(rng, tree, lambda c, k: isinstance(c[k], str)) or _pick(rng, tree)
        if s:
            if isinstance(s[0], dict) and rng.random() < 0.3:
                _rename(s[0], s[1], s[1] + rng.choice(SURROGATES))
            else:
                s[0][s[1]] = rng.choice(SURROGATES)
    elif op == 8:  # a giant string
        s = _pick(rng, tree)
        if s:
            s[0][s[1]] = "x" * rng.choice([300, 5000, 100_000, 1_000_000])
    elif op == 9:  # a list past its limit (or a long list of junk)
        s = _pick(rng, tree, lambda c, k: isinstance(c[k], list) and c[k])
        if s:
            c, k = s
            per_item = len(emit(c[k], True)) / len(c[k]) + 2
            n = min(rng.choice([101, 201, 501, 5, 600]), int(MAX_FILE_CHARS / per_item) + 1)
            c[k] = (c[k] * (n // len(c[k]) + 1))[:n]
    elif op == 10:  # an unknown key
        s = _pick(rng, tree, lambda c, k: isinstance(c[k], dict))
        target = s[0][s[1]] if s else tree
        if isinstance(target, dict):
            target[rng.choice(["enable", "colour", "menopuase", "x" * 300, "", "__proto__", "dose "])] = _other(rng)
    elif op == 11:  # move a subtree somewhere else
        a, b = _pick(rng, tree), _pick(rng, tree)
        if a and b:
            b[0][b[1]] = copy.deepcopy(a[0][a[1]])
    elif op == 12:  # the top level is something else
        return rng.choice([[tree], "scenario", 1, None, [], {}])
    else:  # op 13-15: a small change that may keep the file valid
        return _nudge(rng, tree)
    return tree


def _nudge(rng: random.Random, tree: Any) -> Any:
    s = _pick(rng, tree, lambda c, k: isinstance(c[k], (int, float, bool)))
    if s is None:
        return tree
    c, k = s
    v = c[k]
    if isinstance(v, bool):
        c[k] = not v
    elif isinstance(v, int) and k in ("format_version", "lesson_format"):
        pass
    else:
        c[k] = v * rng.choice([0.9, 0.99, 1.01, 1.1, 0.5, 2.0]) if v else rng.choice([0.5, 1.0, 3.0])
    return tree


def _replace(tree: Any, old: Any, new: Any) -> None:
    for c, k in _slots(tree):
        if c[k] is old:
            c[k] = new
            return


# ---------------------------------------------------------------------------- byte mutations
def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    op = rng.randrange(6)
    if op == 0:
        return b"\xef\xbb\xbf" * rng.choice([1, 2, 3]) + data  # BOMs (one is fine, more are not)
    if op == 1:
        return data[: rng.randrange(len(data) + 1)]  # truncated (also inside a UTF-8 sequence)
    if op == 2:  # random bytes at random places
        b = bytearray(data)
        for _ in range(rng.choice([1, 3, 20])):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if op == 3:
        i = rng.randrange(len(data) + 1)
        return data[:i] + bytes(rng.randrange(256) for _ in range(rng.choice([1, 8, 64]))) + data[i:]
    if op == 4:
        return rng.choice([b"", b"   \n", b"\x00" * 100, b"\xff\xfe" + data.decode("utf-8", "replace").encode("utf-16-le")])
    return data.replace(b"\n", b"\r\n") if rng.random() < 0.5 else data.replace(b'"', b"'", 1)


def mutated_file(kind: str, seed: int, index: int) -> bytes:
    """The bytes of fuzz file ``index`` of ``kind`` (deterministic in seed and index)."""
    rng = random.Random(f"{kind}:{seed}:{index}")
    tree = json.loads(json.dumps(rng.choice(bases(kind))))
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        tree = mutate_tree(rng, tree, kind)
    ascii_only = rng.random() < 0.7
    text = emit(tree, ascii_only)[:MAX_FILE_CHARS]  # over the 2 MB cap, but not absurdly
    data = text.encode("utf-8", "surrogatepass")  # raw surrogates become bytes that are not UTF-8
    if rng.random() < 0.2:
        data = mutate_bytes(rng, data)
    return data


# ---------------------------------------------------------------------------- one file's outcome
def _assert_clean(err: Exception, path: Path) -> str:
    from bonegui.fileio.errors import printable

    msg = str(err)
    prefix = f"{printable(str(path))}: "
    assert "\n" not in msg and "\r" not in msg, f"message is not one line: {msg!r}"
    assert msg.startswith(prefix), f"message does not name the file: {msg!r}"
    rest = msg[len(prefix):]
    assert len(rest) <= MAX_REST, f"message is {len(rest)} characters: {msg!r}"
    assert "Traceback" not in rest and "Error:" not in rest
    if err.field:
        assert rest.startswith(printable(err.field)[:40]), f"message does not start with its field: {msg!r}"
    else:
        assert rest.startswith(FILE_LEVEL), f"message names no field: {msg!r}"
    msg.encode("utf-8")  # printable on any UTF-8 console
    return msg


def check_file(kind: str, path: Path):
    """Load ``path`` through the real loader; ("error", message) or ("valid", scenario)."""
    from bonegui.lesson_format import LessonError, load_lesson
    from bonegui.scenario import ScenarioError, document_from_json, load_document, scenario_to_json

    if kind == "scenario":
        try:
            scenario, pinned = load_document(path)
        except ScenarioError as e:
            return "error", _assert_clean(e, path)
        back = document_from_json(scenario_to_json(scenario, pinned))
        assert back == (scenario, pinned), "a valid file does not survive save + load"
        return "valid", scenario
    try:
        lesson = load_lesson(path)
    except LessonError as e:
        return "error", _assert_clean(e, path)
    except ScenarioError as e:  # pragma: no cover - must be a LessonError
        raise AssertionError(f"lesson loader raised {type(e).__name__}, not LessonError: {e}") from None
    assert document_from_json(scenario_to_json(lesson.scenario))[0] == lesson.scenario
    return "valid", lesson.scenario


def simulates_finite(scenario, max_span_years: float = 2.0) -> None:
    import numpy as np

    from bonegui.model.simulate import simulate

    s = scenario.with_span(min(scenario.span_years, max_span_years))
    r = simulate(s)
    for name in r.names:
        assert np.all(np.isfinite(r[name])), name
