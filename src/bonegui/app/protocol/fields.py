"""Small building blocks shared by the protocol builder's forms.

``RangeSpinBox`` steps (arrows, wheel, Page keys) only inside the allowed range, but lets a
typed value through so that the document can refuse it and the field can say why; silently
clamping a typed 5000 to 1000 would teach nothing. ``Field`` wraps an editor with its
allowed-range hint and an inline error line.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyleOptionSpinBox,
    QVBoxLayout,
    QWidget,
)

from bonegui.app.numbers import significant
from bonegui.catalogue import catalogue
from bonegui.scenario import ScenarioError

#: smallest font anywhere in the panel (readable at a projector)
MIN_FONT_PT = 11.0
ERROR_COLOUR = "#b00020"
HINT_COLOUR = "#555555"

_TYPED_LIMIT = 1e7  # what the spin box itself accepts when typed; the document judges the rest


def ensure_min_font(widget: QWidget, point_size: float = MIN_FONT_PT) -> None:
    f = widget.font()
    if f.pointSizeF() < point_size:
        f.setPointSizeF(point_size)
        widget.setFont(f)


def set_text_colour(widget: QWidget, colour: str, *, bold: bool | None = None) -> None:
    """Colour (and weight) without a style sheet: a style sheet would drop the inherited font."""
    pal = widget.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        pal.setColor(role, QColor(colour))
    widget.setPalette(pal)
    if bold is not None:
        f = QFont(widget.font())
        f.setBold(bold)
        widget.setFont(f)


def plain_font(widget: QWidget) -> QFont:
    """The widget's font, explicitly not bold (so a bold group title does not leak into it)."""
    f = QFont(widget.font())
    f.setBold(False)
    f.setItalic(False)
    return f


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    f = QFont(widget.font())
    f.setPointSizeF(max(MIN_FONT_PT, f.pointSizeF() * factor))
    f.setBold(bold)
    return f


def nice_step(typical: float) -> float:
    """A 1-2-5 step about a tenth of a typical value (100 mg -> 10 mg, 0.5 mg -> 0.05 mg)."""
    if typical <= 0 or not math.isfinite(typical):
        return 1.0
    raw = typical / 10.0
    exp = math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if raw <= m * 10**exp * 1.0000001:
            return m * 10**exp
    return 10.0 ** (exp + 1)


def decimals_for(*values: float, most: int = 4) -> int:
    """Fewest decimals that show every value exactly (up to ``most``)."""
    for d in range(most + 1):
        if all(abs(round(v, d) - v) < 1e-9 for v in values):
            return d
    return most


def is_plain_delete(event) -> bool:
    """A Delete key press without modifiers (the keypad flag aside). List panels catch it in an
    event filter, not a QShortcut: item views swallow a plain Delete shortcut."""
    return (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)


def list_event(section, event) -> bool:
    """What the protocol's lists (therapies, activity changes) do with their own events: refit
    the list's height when it is resized, shown or restyled, and remove the selected row on a
    plain Delete. ``section`` has ``_fit_list_height`` and ``remove_selected``; returns True
    when the event is consumed."""
    if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
        section._fit_list_height()
    elif is_plain_delete(event):
        section.remove_selected()
        return True
    return False


def fit_wrapped_rows(view, max_rows: int) -> int:
    """Give each row of a word-wrapping QListWidget the height of its wrapped text at the
    current width (the stock size hint assumes one line); returns the height of the first
    ``max_rows`` rows."""
    width = max(view.viewport().width() - 36, 80)  # check box and margins
    total = 0
    for i in range(view.count()):
        item = view.item(i)
        fm = QFontMetrics(item.font() if item.data(Qt.ItemDataRole.FontRole) is not None else view.font())
        text_h = fm.boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), item.text()).height()
        h = max(text_h, fm.height()) + 6
        if item.sizeHint().height() != h:
            item.setSizeHint(QSize(-1, h))
        if i < max_rows:
            total += h
    return total


class RangeSpinBox(QDoubleSpinBox):
    """A double spin box whose steps stay in [lo, hi] while typed values are passed on.

    ``keyboardTracking`` is off, so ``valueChanged`` fires on each step and once when typing
    ends (Enter or focus out), never on every keystroke.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lo, self.hi = 0.0, 1.0
        self.unit = ""
        #: True while a step (arrow, wheel, Page key) sets the value: steps merge into one undo
        #: step, a typed value is a step of its own
        self.stepping = False
        self.setKeyboardTracking(False)
        self.setRange(-_TYPED_LIMIT, _TYPED_LIMIT)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setAccelerated(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no accidental wheel edits while scrolling

    def set_allowed(self, lo: float, hi: float, *, unit: str = "", step: float | None = None,
                    decimals: int | None = None) -> None:
        self.lo, self.hi, self.unit = float(lo), float(hi), unit
        self.setDecimals(decimals if decimals is not None else decimals_for(lo, hi))
        self.setSingleStep(step if step is not None else nice_step(hi - lo))
        self.setSuffix(f" {unit}" if unit else "")
        self.setToolTip(f"Allowed {significant(lo)}-{significant(hi)}{' ' + unit if unit else ''}")
        self.updateGeometry()

    # Typing: the locale's decimal separator or a "." (a German keyboard user types "5.5" as
    # readily as "5,5"; QDoubleSpinBox took the "." for a thousands separator and made it 55).
    def _normalised(self, text: str) -> str:
        point = self.locale().decimalPoint()
        return text.replace(".", point) if point != "." else text

    def validate(self, text: str, pos: int):  # noqa: N802 (Qt API)
        fixed_text = self._normalised(text)
        state, _t, _p = super().validate(fixed_text, pos)
        return state, fixed_text, pos

    def valueFromText(self, text: str) -> float:  # noqa: N802 (Qt API)
        return super().valueFromText(self._normalised(text))

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt API)
        """No trailing zeros: a range down to 0.0625 d needs 4 decimals, but 3.5 reads "3.5"."""
        text = super().textFromValue(value)
        point = self.locale().decimalPoint()
        if self.decimals() > 0 and point in text:
            text = text.rstrip("0").rstrip(point)
        return text

    # Size from the allowed range, not from the wide range that lets typed values through.
    def sizeHint(self) -> QSize:
        return self._size_for_range(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._size_for_range(super().minimumSizeHint())

    def _size_for_range(self, base: QSize) -> QSize:
        fm = self.fontMetrics()
        text_w = max(fm.horizontalAdvance(self.textFromValue(v) + self.suffix() + " ") for v in (self.lo, self.hi))
        opt = QStyleOptionSpinBox()
        self.initStyleOption(opt)
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_SpinBox, opt,
                                             QSize(text_w + 6, base.height()), self)
        return QSize(size.width(), base.height())

    def stepBy(self, steps: int) -> None:
        v = self.value()
        if v < self.lo or v > self.hi:  # back from an invalid typed value into the range
            target = self.lo if v < self.lo else self.hi
        else:
            target = min(self.hi, max(self.lo, v + steps * self.singleStep()))
        self.stepping = True
        try:
            self.setValue(round(target, self.decimals()))
        finally:
            self.stepping = False

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.isReadOnly() or not self.isEnabled():
            return flags
        v = self.value()
        # a typed out-of-range value may step back into the range from either side
        if v != self.hi:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if v != self.lo:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def wheelEvent(self, event) -> None:  # only a focused box reacts to the wheel
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class Field(QWidget):
    """An editor with its allowed-range hint to the right and an error line below it."""

    def __init__(self, editor: QWidget, hint: str = "", parent: QWidget | None = None, *,
                 lead: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        if lead is not None:  # e.g. the "measured" check box before the T-score
            row.addWidget(lead)
        row.addWidget(editor, 1)
        self.hint = QLabel(hint)
        set_text_colour(self.hint, HINT_COLOUR)
        self.hint.setVisible(bool(hint))
        row.addWidget(self.hint)
        col.addLayout(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_text_colour(self.error, ERROR_COLOUR, bold=True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        col.addWidget(self.error)

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.editor.setProperty("invalid", True)
        self._mark(True)
        self.editor.setAccessibleDescription(message)

    def clear_error(self) -> None:
        if self.error.isHidden() and not self.editor.property("invalid"):
            return
        self.error.clear()
        self.error.hide()
        self.editor.setProperty("invalid", False)
        self._mark(False)
        self.editor.setAccessibleDescription("")

    def _mark(self, invalid: bool) -> None:
        # a red text/base in the editor itself; palettes keep the inherited font (style sheets don't)
        if invalid:
            pal = self.editor.palette()
            pal.setColor(QPalette.ColorRole.Base, QColor("#fde8ea"))
            pal.setColor(QPalette.ColorRole.Text, QColor(ERROR_COLOUR))
            self.editor.setPalette(pal)
        else:
            self.editor.setPalette(QPalette())
            self.editor.setAttribute(Qt.WidgetAttribute.WA_SetPalette, False)

    @property
    def error_text(self) -> str:
        return self.error.text() if self.error.isVisibleTo(self) else ""


def add_field(form, label: str, editor: QWidget, accessible_name: str = "", hint: str = "", *,
              lead: QWidget | None = None) -> Field:
    """A form row ``label``: ``editor`` in a Field (allowed-range hint, error line), named for
    screen readers (``accessible_name``, default the label)."""
    editor.setAccessibleName(accessible_name or label)
    field = Field(editor, hint, lead=lead)
    form.addRow(label, field)
    return field


def range_spin(lo: float, hi: float, **allowed) -> RangeSpinBox:
    """A RangeSpinBox allowing ``lo``-``hi`` (``set_allowed``'s unit, step, decimals)."""
    box = RangeSpinBox()
    box.set_allowed(lo, hi, **allowed)
    return box


def commit_edit(document, new, text: str, merge_key: str | None, field: Field | None, label: str,
                field_path: str = "") -> str | None:
    """Commit ``new`` as one undo step; on refusal show why on ``field`` and return the message.

    The message names the field in the user's words and keeps the document's allowed range.
    ``merge_key`` is only used while a RangeSpinBox is stepping: a run of arrow steps is one
    undo step, while each typed value stays its own.
    """
    editor = field.editor if field is not None else None
    if isinstance(editor, RangeSpinBox) and not editor.stepping:
        merge_key = None
    try:
        document.commit(new, text, merge_key)
    except ScenarioError as e:
        msg = friendly_error(e, label, field_path)
        if field is not None:
            field.show_error(msg)
        return msg
    if field is not None:
        field.clear_error()
    return None


def friendly_error(e: ScenarioError, label: str, field_path: str = "") -> str:
    problem = _agent_names(e.problem)
    if not field_path or e.field == field_path or e.field.endswith("." + field_path):
        return f"{label}: {problem}"
    # the edit broke another field (e.g. a shorter span ends before a therapy stops)
    return f"{label}: not applied; {e.field}: {problem}"


def _agent_names(text: str) -> str:
    for a in catalogue().values():
        text = re.sub(rf"\b{re.escape(a.id)}\b", a.name, text)
    return text
