"""The glossary file (resources/glossary.json): its entries, read with the strict user-file
reader (a teacher may add terms), so a malformed entry gives one GlossaryError line naming the
field and what is allowed. Floor 1 (no Qt); the app's tooltips and dialog use ``entries()``.

    {"glossary_version": 1,
     "entries": [{"term": ..., "definition": ..., "source": "seed" | reference,
                  "aliases": [...], "note": ...}]}
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bonegui.fileio.errors import ScenarioError
from bonegui.fileio.jsontext import parse_json_tree
from bonegui.fileio.spec import Field, ListOf, Number, Obj, Text
from bonegui.resources_access import read_text

SEED_SOURCE = "seed"
MAX_ENTRIES = 2000


class GlossaryError(ScenarioError):
    """A malformed glossary file (same one-line form as ScenarioError)."""


@dataclass(frozen=True)
class Entry:
    term: str
    definition: str
    source: str  # "seed" (definition quoted from the seed text) or a reference
    aliases: tuple[str, ...] = ()
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term,) + self.aliases

    @property
    def source_text(self) -> str:
        return "Definition quoted from the protocol text" if self.source == SEED_SOURCE else f"Source: {self.source}"


_ENTRY = Obj(
    {
        "term": Field(Text(nonempty=True, strip=True)),
        "definition": Field(Text(nonempty=True, strip=True)),
        "source": Field(Text(nonempty=True, strip=True)),
        "aliases": Field(ListOf(Text(nonempty=True, strip=True), 20, noun="aliases"), default=[]),
        "note": Field(Text(), default=""),
    },
    noun="glossary entry field",
)
_GLOSSARY = Obj(
    {
        "glossary_version": Field(Number(1, 1, integer=True)),
        "entries": Field(ListOf(_ENTRY, MAX_ENTRIES, 1, noun="entries")),
    },
    noun="glossary field",
)


def entries_from_json(text: str, source: str = "glossary.json") -> tuple[Entry, ...]:
    """The entries of a glossary file's text, sorted by term; GlossaryError naming ``source``."""
    try:
        d = _GLOSSARY.read(parse_json_tree(text, GlossaryError), "", GlossaryError)
    except GlossaryError as e:
        raise e.with_source(source) from None
    out = [Entry(e["term"], e["definition"], e["source"], tuple(e["aliases"]), e["note"]) for e in d["entries"]]
    return tuple(sorted(out, key=lambda x: x.term.lower()))


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """The shipped glossary, sorted by term."""
    return entries_from_json(read_text("glossary.json"), "glossary.json")
