"""Declarative field specs for the objects of user files, and the one place their messages
are worded.

A spec says, per key, what is allowed; ``Obj.read`` checks a parsed JSON object against it and
returns plain values (floats, text, lists, dicts), raising the format's error class with one
line ``FIELD.PATH: problem; allowed: ...`` for the first problem:

- an unknown key (with the nearest known key suggested: ``did you mean 'menopause'?``);
- a missing key (``is missing; expected a number 18-95 years``);
- a wrong type (``must be a number, not text; allowed: 18-95 years``);
- a number that is not usable (``1e999 is not a finite number; allowed: 18-95 years``);
- a value outside its range or choices, a list that is too long.

Values are shortened in messages (``shorten``), so a giant value never comes back whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from bonegui.fileio.errors import ScenarioError
from bonegui.fileio.jsontext import BadNumber, refuse_bad_numbers
from bonegui.fileio.text import jtype, key_text, listing, nearest, number, shorten


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()

ErrorType = type[ScenarioError]


def join(path: str, key: str) -> str:
    return f"{path}.{key_text(key)}" if path else key_text(key)


# ---------------------------------------------------------------------------- message wording
def a_(noun: str) -> str:
    """'a field', 'an autosave field'."""
    return f"an {noun}" if noun[:1].lower() in "aeio" else f"a {noun}"


def range_problem(value: float, lo: float, hi: float, unit: str = "", what: str = "") -> str:
    u = f" {unit}" if unit else ""
    suffix = f" for {what}" if what else ""
    if lo == hi:
        return f"{number(value)} is not allowed{suffix}; use {number(lo)}{u}"
    return f"{number(value)} is outside {number(lo)}-{number(hi)}{u}{suffix}"


def choice_problem(value: Any, allowed: Iterable[str], noun: str = "") -> str:
    allowed = list(allowed)
    shown = listing(allowed)
    head = f"{shorten(value)} is not {a_(noun)}; use one of: " if noun else f"{shorten(value)} is not one of: "
    text = head + shown
    near = nearest(value, allowed) if "..." in shown else None
    return f"{text}; did you mean {near!r}?" if near else text


def unknown_key_problem(key: str, known: Iterable[str], noun: str = "field") -> str:
    known = list(known)
    near = nearest(key, known)
    if near:
        return f"is not {a_(noun)}; did you mean {near!r}?"
    return f"is not {a_(noun)}; allowed here: {listing(known, 120)}"


# ---------------------------------------------------------------------------- kinds
class Kind:
    """What a field may hold. ``word`` names the type; ``allowed()`` the range or choices."""

    word = "a value"

    def allowed(self) -> str:
        return ""

    def describe(self) -> str:
        a = self.allowed()
        return f"{self.word} {a}" if a else self.word

    def type_problem(self, v: Any) -> str:
        a = self.allowed()
        return f"must be {self.word}, not {jtype(v)}" + (f"; allowed: {a}" if a else "")

    def read(self, v: Any, path: str, error: ErrorType) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Number(Kind):
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    what: str = ""  # "for estradiol" in range messages
    integer: bool = False
    enforce: bool = True  # False: the range is only described (another checker enforces it)

    @property
    def word(self) -> str:  # type: ignore[override]
        return "a whole number" if self.integer else "a number"

    def allowed(self) -> str:
        u = f" {self.unit}" if self.unit else ""
        if self.lo is not None and self.hi is not None:
            return f"{number(self.lo)}{u}" if self.lo == self.hi else f"{number(self.lo)}-{number(self.hi)}{u}"
        if self.lo is not None:
            return f">= {number(self.lo)}{u}"
        return self.unit

    def read(self, v: Any, path: str, error: ErrorType) -> float | int:
        if isinstance(v, BadNumber):
            a = self.allowed()
            raise error(path, v.problem + (f"; allowed: {a}" if a else ""))
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise error(path, self.type_problem(v))
        if self.integer and v != int(v):
            raise error(path, f"{number(v)} is not a whole number" + (f"; allowed: {self.allowed()}" if self.allowed() else ""))
        if not self.enforce:
            pass
        elif self.lo is not None and self.hi is not None and not self.lo <= v <= self.hi:
            raise error(path, range_problem(v, self.lo, self.hi, self.unit, self.what))
        elif self.lo is not None and self.hi is None and v < self.lo:
            raise error(path, f"{number(v)} is below {number(self.lo)}")
        return int(v) if self.integer else float(v)


@dataclass(frozen=True)
class Text(Kind):
    choices: tuple[str, ...] | None = None
    nonempty: bool = False
    strip: bool = False
    noun: str = ""  # "plot": "'x' is not a plot; use one of: ..."

    @property
    def word(self) -> str:  # type: ignore[override]
        return "non-empty text" if self.nonempty else "text"

    def allowed(self) -> str:
        return listing(self.choices) if self.choices is not None else ""

    def describe(self) -> str:
        return f"one of: {self.allowed()}" if self.choices is not None else self.word

    def read(self, v: Any, path: str, error: ErrorType) -> str:
        if not isinstance(v, str):
            raise error(path, self.type_problem(v))
        if self.nonempty and not v.strip():
            raise error(path, "must not be empty")
        if self.choices is not None and v not in self.choices:
            raise error(path, choice_problem(v, self.choices, self.noun))
        return v.strip() if self.strip else v


@dataclass(frozen=True)
class Flag(Kind):
    word = "true or false"

    def read(self, v: Any, path: str, error: ErrorType) -> bool:
        if not isinstance(v, bool):
            raise error(path, self.type_problem(v))
        return v


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind | None = None  # None: the items are read by the caller
    max_items: int | None = None
    min_items: int = 0
    noun: str = "entries"
    unique: bool = False

    word = "a list"

    def describe(self) -> str:
        what = f"a list of {self.item.describe()}" if isinstance(self.item, Text) else "a list"
        return f"{what} (at most {self.max_items})" if self.max_items is not None else what

    def read(self, v: Any, path: str, error: ErrorType) -> list:
        if not isinstance(v, list):
            raise error(path, self.type_problem(v))
        if self.max_items is not None and len(v) > self.max_items:
            raise error(path, f"has {len(v)} {self.noun}; at most {self.max_items} are allowed")
        if len(v) < self.min_items:
            raise error(path, f"has {len(v)} {self.noun}; at least {self.min_items} needed")
        if self.item is None:
            return list(v)
        out = [self.item.read(x, f"{path}[{i}]", error) for i, x in enumerate(v)]
        if self.unique:
            for i, x in enumerate(out):
                if x in out[:i]:
                    raise error(f"{path}[{i}]", f"{shorten(x)} is listed twice")
        return out


@dataclass(frozen=True)
class RawObject(Kind):
    """An object read further by the caller (its keys may depend on other fields)."""

    what: str = ""

    word = "an object"

    def describe(self) -> str:
        return f"an object ({self.what})" if self.what else "an object"

    def read(self, v: Any, path: str, error: ErrorType) -> dict:
        if not isinstance(v, dict):
            raise error(path or "(top level)", self.type_problem(v))
        return v


@dataclass(frozen=True)
class Anything(Kind):
    """Free-form JSON (read by other code); only unusable numbers inside are refused."""

    word = "a value"

    def read(self, v: Any, path: str, error: ErrorType) -> Any:
        refuse_bad_numbers(v, error, path)
        return v


@dataclass(frozen=True)
class Check(Kind):
    """A kind with its own reader: ``fn(value, path, error) -> value``."""

    fn: Callable[[Any, str, ErrorType], Any] = lambda v, p, e: v
    text: str = "a value"

    def describe(self) -> str:
        return self.text

    def read(self, v: Any, path: str, error: ErrorType) -> Any:
        return self.fn(v, path, error)


@dataclass(frozen=True)
class Field:
    kind: Kind
    default: Any = REQUIRED
    nullable: bool = False
    hint: str = ""  # replaces the kind's description in "is missing; expected ..."


@dataclass(frozen=True)
class Obj(Kind):
    """An object with a fixed set of keys."""

    fields: Mapping[str, Field] = field(default_factory=dict)
    noun: str = "field"  # "is not a lesson field"
    ignore: tuple[str, ...] = ()  # keys accepted and left unread
    what: str = ""  # "an object (the patient)" in messages

    word = "an object"

    def describe(self) -> str:
        return f"an object ({self.what})" if self.what else "an object"

    def read(self, v: Any, path: str, error: ErrorType) -> dict[str, Any]:
        if not isinstance(v, dict):
            raise error(path or "(top level)", self.type_problem(v))
        for k in v:
            if k not in self.fields and k not in self.ignore:
                raise error(join(path, k), unknown_key_problem(k, [*self.fields, *self.ignore], self.noun))
        out: dict[str, Any] = {}
        for name, f in self.fields.items():
            where = join(path, name)
            if name not in v:
                if f.default is REQUIRED:
                    raise error(where, f"is missing; expected {f.hint or f.kind.describe()}")
                out[name] = f.default
                continue
            value = v[name]
            out[name] = None if value is None and f.nullable else f.kind.read(value, where, error)
        return out


@dataclass(frozen=True)
class MapOf(Kind):
    """An object whose keys are names the file chooses (scenarios of a case, PK constants)."""

    value: Kind = field(default_factory=Anything)
    max_items: int | None = None
    min_items: int = 0
    noun: str = "entries"

    word = "an object"

    def read(self, v: Any, path: str, error: ErrorType) -> dict[str, Any]:
        if not isinstance(v, dict):
            raise error(path or "(top level)", self.type_problem(v))
        if self.max_items is not None and len(v) > self.max_items:
            raise error(path, f"has {len(v)} {self.noun}; at most {self.max_items} are allowed")
        if len(v) < self.min_items:
            raise error(path, f"has {len(v)} {self.noun}; at least {self.min_items} needed")
        return {k: self.value.read(x, join(path, k), error) for k, x in v.items()}


def read(kind: Kind, value: Any, path: str = "", error: ErrorType = ScenarioError) -> Any:
    """Check ``value`` (parsed JSON) against ``kind``; plain values, or ``error`` (one line)."""
    return kind.read(value, path, error)
