"""Selection, drags and commits of the timeline editor (a mixin of TimelineEditor; the items
call these). A drag previews candidates in the document without undo steps and commits once on
release; Escape puts everything back; a document changed under a drag keeps that change."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QToolTip

from bonegui.scenario import Scenario


@dataclass
class _Drag:
    key: tuple
    base: Scenario
    last: Scenario | None = None


class TimelineDrags:
    """Needs from the editor: ``document``, ``view``, ``status``, ``selection``, ``_drag``,
    ``_pending``, ``_own_commit``, ``_show`` and ``_update_items``."""

    def select(self, key: tuple | None) -> None:
        if key != self.selection:
            self.selection = key
            self._update_items()

    def begin_drag(self, key: tuple) -> None:
        self._drag = _Drag(key, self.document.scenario)
        self.view.setFocus(Qt.FocusReason.MouseFocusReason)

    def drag_cancelled(self) -> bool:
        return self._drag is None

    def drag_to(self, candidate: Scenario, text: str, screen_pos: QPointF | None = None) -> None:
        if self._drag is None:
            return
        self._say(text, screen_pos)
        if candidate != (self._drag.last or self._drag.base):
            self._drag.last = candidate
            self.document.preview(candidate)

    def end_drag(self, text: str) -> None:
        drag, self._drag = self._drag, None
        QToolTip.hideText()
        if drag is None:
            return
        final = drag.last or drag.base
        if self.document.scenario != drag.base:
            # the document changed under the drag (a file load, another view): keep that change
            # rather than overwrite it with an edit of the old scenario
            err = "the scenario changed during the drag; drag again"
        else:
            self._own_commit = True
            try:
                err = self.document.try_commit(final, text, base=drag.base)
            finally:
                self._own_commit = False
        if err:
            self._say(f"Not applied: {err}")
            self.document.preview(self.document.scenario)
        pending, self._pending = self._pending, None
        if err or final == drag.base or pending is not None:
            self._show(self.document.scenario)

    def cancel_drag(self) -> None:
        """Escape during a drag: put everything back as before the drag."""
        drag, self._drag = self._drag, None
        if drag is None:
            return
        QToolTip.hideText()
        self._pending = None
        self._say("Drag cancelled")
        self.document.preview(drag.base)
        self._show(self.document.scenario)

    def _say(self, text: str, screen_pos: QPointF | None = None) -> None:
        self.drag_message = text
        self.status.setText(text)
        if screen_pos is not None:
            QToolTip.showText(screen_pos.toPoint() + QPoint(18, 18), text, self.view)

    def _commit(self, new: Scenario, text: str, merge_key: str | None = None) -> bool:
        self._own_commit = True
        try:
            err = self.document.try_commit(new, text, merge_key)
        finally:
            self._own_commit = False
        if err:
            self._say(f"Not applied: {err}")
            return False
        return True
