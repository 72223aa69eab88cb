"""The one error type for bad scenario input: it names the field and what is allowed."""

from __future__ import annotations


class ScenarioError(ValueError):
    """Invalid scenario data.

    ``field`` is a path such as ``therapies[2].dose``; ``source`` names the file when the data
    came from one. ``str(err)`` is one line fit for a status bar or stderr.
    """

    def __init__(self, field: str, problem: str, source: str | None = None) -> None:
        self.field = field
        self.problem = problem
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        where = f"{self.field}: " if self.field else ""
        prefix = f"{self.source}: " if self.source else ""
        return f"{prefix}{where}{self.problem}"

    def with_source(self, source: str) -> "ScenarioError":
        return ScenarioError(self.field, self.problem, source)
