"""The one error family for bad user data: ``ScenarioError(field, problem, source)``.

``str(err)`` is one line, fit for a status bar, a dialog or stderr: ``FILE: FIELD.PATH: PROBLEM``.
Whatever a file holds (giant values, newlines, lone surrogates, a non-UTF-8 file name), the
line stays printable and ``field: problem`` stays within ``MAX_MESSAGE_CHARS``; the builders
keep their messages shorter than that, this is only the last guard.
"""

from __future__ import annotations

import re

#: longest ``field: problem`` part of a message (the file name comes on top)
MAX_MESSAGE_CHARS = 200

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def printable(text: str) -> str:
    """One printable line: control characters become spaces, lone surrogates (a file name that
    is not UTF-8, text cut inside an emoji) become ``\\udcxx`` escapes so printing never fails."""
    text = _CONTROL.sub(" ", text)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(0, room - 3)] + "..."


class ScenarioError(ValueError):
    """Invalid user data (a scenario, lesson, catalogue, glossary or case file).

    ``field`` is a path such as ``therapies[2].dose`` ("" for a problem with the whole file);
    ``problem`` says what is wrong and what is allowed; ``source`` names the file.
    """

    def __init__(self, field: str, problem: str, source: str | None = None) -> None:
        self.field = field
        self.problem = problem
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        field = printable(self.field)
        problem = printable(self.problem)
        if len(field) > MAX_MESSAGE_CHARS // 2:
            half = MAX_MESSAGE_CHARS // 4
            field = field[:half] + "..." + field[-half:]
        room = MAX_MESSAGE_CHARS - (len(field) + 2 if field else 0)
        where = f"{field}: " if field else ""
        prefix = f"{printable(self.source)}: " if self.source else ""
        return f"{prefix}{where}{_cut(problem, room)}"

    def with_source(self, source: str) -> "ScenarioError":
        """The same problem, naming the file (keeps the subclass: a LessonError stays one)."""
        return type(self)(self.field, self.problem, source)

    def under(self, path: str) -> "ScenarioError":
        """The same problem with its field path below ``path`` (``scenario`` + ``patient.sex``)."""
        if not path:
            return self
        field = f"{path}.{self.field}" if self.field and not self.field.startswith("[") else f"{path}{self.field}"
        return type(self)(field, self.problem, self.source)
