"""The timeline's header row: its title, the lanes fold button, the "Draw a hormone" menu, snap,
Fit, Undo/Redo and the hint or drag read-out. Built into a TimelineEditor by ``build_header``,
which sets the widgets and actions on it (``lanes_action``, ``override_menu``, ``snap_combo``,
``fit_action``, ``undo_action``, ``redo_action``, ``status``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QToolButton

from bonegui.app.timeline.geometry import SNAP_DIVISIONS
from bonegui.app.timeline.lane_item import label_font
from bonegui.scenario import HORMONES

#: what the header says while nothing is being dragged
DEFAULT_HINT = ("Drag blocks and keyframes · Tab selects, arrows move · right-click for more · "
                "Draw a hormone ▾ overrides a level")


class ElidedLabel(QLabel):
    """A one-line label that shrinks with "…" instead of widening the header; the full text is
    its tooltip."""

    elides = True  # the layout report does not count its "…" as text cut off

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self):  # noqa: N802 (Qt API)
        hint = super().minimumSizeHint()
        hint.setWidth(60)
        return hint

    def sizeHint(self):  # noqa: N802 (Qt API)
        hint = super().sizeHint()
        hint.setWidth(60)
        return hint

    def paintEvent(self, ev) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setFont(self.font())
        p.setPen(self.palette().color(self.foregroundRole()))
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        p.drawText(self.rect(), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)


def _button(editor, act: QAction, font) -> QToolButton:
    btn = QToolButton()
    btn.setDefaultAction(act)
    btn.setFont(font)
    btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    btn.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return btn


def build_header(editor) -> QHBoxLayout:
    font = label_font()
    bar = QHBoxLayout()
    bar.setContentsMargins(4, 0, 4, 0)
    editor.lanes_action = QAction("Timeline", editor)
    editor.lanes_action.setCheckable(True)
    editor.lanes_action.setChecked(True)
    editor.lanes_action.setShortcut(QKeySequence("Ctrl+T"))
    editor.lanes_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    editor.lanes_action.setToolTip("Show or fold the timeline's lanes (Ctrl+T); folded, the plots get the height")
    editor.lanes_action.toggled.connect(lambda on: editor.set_collapsed(not on))
    fold = _button(editor, editor.lanes_action, label_font(bold=True))
    fold.setCheckable(True)
    fold.setArrowType(Qt.ArrowType.DownArrow)
    fold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    editor.fold_button = fold
    bar.addWidget(fold)

    editor.override_menu = QMenu("Draw a hormone", editor)
    editor.override_menu.setFont(font)
    editor.override_menu.setToolTipsVisible(True)
    editor.override_actions = {}
    for h, spec in HORMONES.items():
        act = editor.override_menu.addAction(f"{spec.label} ({spec.unit})…")
        act.setToolTip(f"Draw {spec.label} yourself from the cursor onwards, instead of the physiology")
        act.triggered.connect(lambda _c=False, hormone=h: editor.override_from_menu(hormone))
        editor.override_actions[h] = act
    override = QToolButton()
    override.setText("Draw a hormone")
    override.setFont(font)
    override.setMenu(editor.override_menu)
    override.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    override.setToolTip("Override a hormone's level with keyframes you drag (a lane per hormone)")
    override.setAccessibleName("Draw a hormone curve")
    editor.override_button = override
    bar.addWidget(override)

    snap_label = QLabel("Snap")
    snap_label.setFont(font)
    editor.snap_combo = QComboBox()
    editor.snap_combo.setFont(font)
    editor.snap_combo.addItems(list(SNAP_DIVISIONS))
    editor.snap_combo.setToolTip("Snap times to months or weeks; hold Shift while dragging to place freely")
    editor.snap_combo.setAccessibleName("Snap times to")
    snap_label.setBuddy(editor.snap_combo)
    bar.addWidget(snap_label)
    bar.addWidget(editor.snap_combo)

    editor.fit_action = QAction("Fit", editor)
    editor.fit_action.setToolTip("Show the whole scenario span (plots too)")
    editor.fit_action.triggered.connect(editor.fit)
    # fixed-width buttons (the stack's own actions rename themselves "Undo Move …" and would
    # squeeze the drag read-out); the step's name goes in the tooltip
    stack = editor.document.undo_stack
    editor.undo_action = QAction("Undo", editor)
    editor.redo_action = QAction("Redo", editor)
    editor.undo_action.triggered.connect(stack.undo)
    editor.redo_action.triggered.connect(stack.redo)
    stack.canUndoChanged.connect(editor.undo_action.setEnabled)
    stack.canRedoChanged.connect(editor.redo_action.setEnabled)
    stack.undoTextChanged.connect(editor._on_undo_text)
    stack.redoTextChanged.connect(editor._on_redo_text)
    editor.undo_action.setEnabled(stack.canUndo())
    editor.redo_action.setEnabled(stack.canRedo())
    for act in (editor.fit_action, editor.undo_action, editor.redo_action):
        bar.addWidget(_button(editor, act, font))
    editor.status = ElidedLabel()
    editor.status.setText(DEFAULT_HINT)
    editor.status.setFont(font)
    editor.status.setStyleSheet("color: #444;")
    editor.status.setAccessibleName("Timeline hint")
    bar.addWidget(editor.status, 1)
    return bar
