"""ScenarioDocument: the one shared, observable state of a window.

Every view (protocol builder, timeline editor, plots, files, pins) reads ``document.scenario``
and edits by ``commit(new_scenario, text)``; the document validates, pushes one undo step and
emits ``scenarioChanged``. A drag sends ``preview(...)`` many times (plots follow, no undo
step) and one ``commit`` on release, with the scenario from before the drag as the undo base.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from bonegui.scenario import PinnedRun, Scenario, ScenarioError, check_scenario

#: pinned runs a document keeps (compare runs): the plots draw up to this many overlays
MAX_PINNED = 4

#: undo steps a document keeps. Each step holds two immutable Scenarios (a few kB each), so 500
#: steps stay within a few MB even after hours of drag edits, while going back 500 edits is more
#: than any lesson needs; without a limit the stack grows for as long as the window is open.
UNDO_LIMIT = 500


class _SetScenario(QUndoCommand):
    """One undo step. It holds its document weakly: the stack (a child of the document) owns the
    command, and a strong reference back made a cycle that the garbage collector could break in
    the wrong order, freeing the command's Python side before ~QUndoStack deleted the command
    (a segfault in QUndoStack::clear, seen in the test suite under gdb)."""

    def __init__(self, doc: "ScenarioDocument", old: Scenario, new: Scenario, text: str, merge_key: str | None):
        super().__init__(text)
        self._doc = weakref.ref(doc)
        self.old, self.new, self.merge_key = old, new, merge_key

    def redo(self) -> None:
        doc = self._doc()
        if doc is not None:
            doc._set(self.new)

    def undo(self) -> None:
        doc = self._doc()
        if doc is not None:
            doc._set(self.old)

    def id(self) -> int:  # Qt merges consecutive commands with the same non-negative id
        return 1 if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _SetScenario) or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True


class ScenarioDocument(QObject):
    #: the committed scenario changed (edit, undo, redo, load); argument: the new Scenario
    scenarioChanged = Signal(object)
    #: a transient scenario during a drag; not in the undo history
    previewChanged = Signal(object)
    #: pinned runs (compare runs) changed; argument: tuple[PinnedRun, ...]
    pinnedChanged = Signal(object)
    #: the file path or the modified flag changed
    fileStateChanged = Signal()

    MAX_PINNED = MAX_PINNED

    def __init__(self, scenario: Scenario | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scenario = check_scenario(scenario or Scenario())
        self._pinned: tuple[PinnedRun, ...] = ()
        self.file_path: str | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)  # only allowed while the stack is empty
        # a bound method (not a lambda) is disconnected when the document is destroyed; the
        # stack emits cleanChanged while it is being torn down
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    # ---- reading -----------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def pinned(self) -> tuple[PinnedRun, ...]:
        return self._pinned

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # ---- editing -----------------------------------------------------------------------------
    def commit(self, new: Scenario, text: str, merge_key: str | None = None, *, base: Scenario | None = None) -> None:
        """Validate ``new`` and make it current as one undo step.

        ``base`` is the scenario the undo returns to (defaults to the current one); a drag passes
        the scenario from before its first preview. ``merge_key``: consecutive commits with the
        same key merge into one undo step (e.g. spin-box steps). Raises ScenarioError, leaving
        the document unchanged, when ``new`` is invalid.
        """
        check_scenario(new)
        old = self._scenario if base is None else base
        if new == old:
            if new != self._scenario:  # a cancelled drag: restore the committed view
                self._set(new)
            return
        self.undo_stack.push(_SetScenario(self, old, new, text, merge_key))

    def try_commit(self, new: Scenario, text: str, merge_key: str | None = None, *, base: Scenario | None = None) -> str | None:
        """Like commit, but returns the error message instead of raising (None when committed)."""
        try:
            self.commit(new, text, merge_key, base=base)
        except ScenarioError as e:
            return str(e)
        return None

    def preview(self, new: Scenario) -> None:
        """Show a transient scenario (during a drag) without an undo step or validation error."""
        self.previewChanged.emit(new)

    def replace(self, new: Scenario, *, file_path: str | None = None, pinned: tuple[PinnedRun, ...] = ()) -> None:
        """Start afresh from a loaded/new scenario: clears the undo history."""
        check_scenario(new)
        self.undo_stack.clear()
        self.file_path = file_path
        self._set(new)
        self.set_pinned(pinned)
        self.undo_stack.setClean()
        self.fileStateChanged.emit()

    def mark_saved(self, file_path: str) -> None:
        self.file_path = file_path
        self.undo_stack.setClean()
        self.fileStateChanged.emit()

    def set_pinned(self, pinned: tuple[PinnedRun, ...]) -> None:
        pinned = tuple(pinned)[: self.MAX_PINNED]
        if pinned != self._pinned:
            self._pinned = pinned
            self.pinnedChanged.emit(pinned)

    def _on_clean_changed(self, _clean: bool) -> None:
        self.fileStateChanged.emit()

    def _set(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self.scenarioChanged.emit(scenario)
