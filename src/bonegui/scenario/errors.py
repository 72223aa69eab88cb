"""The one error type for bad user input: it names the field and what is allowed.

Defined in ``bonegui.fileio.errors`` (the file readers raise it too); re-exported here, where
the scenario code has always imported it from.
"""

from bonegui.fileio.errors import ScenarioError

__all__ = ["ScenarioError"]
