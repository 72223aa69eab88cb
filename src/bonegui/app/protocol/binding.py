"""Binding form fields to the document: one call per field instead of a lambda per signal, and
one block that puts the document's values into the widgets without echoing them back.

``bind(widget, handler, *args)`` calls ``handler(*args, value)`` when the *user* edits the widget:
a RangeSpinBox's value (``valueChanged``: once per step or typed value), a QComboBox's item data
(``activated``: user choices only) or a QCheckBox's state (``toggled``).
``show_values((widget, value), ...)`` sets each widget (a combo by item data) with all their
signals blocked, so a refresh from ``scenarioChanged`` never commits anything.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QWidget


def value_of(widget: QWidget) -> Any:
    """What the user chose in ``widget``."""
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    return widget.value()


class _Edit:
    """The slot of one bound field (a callable object: no lambda per connection)."""

    def __init__(self, widget: QWidget, handler: Callable, args: tuple) -> None:
        self.widget, self.handler, self.args = widget, handler, args

    def __call__(self, *_signal_args) -> None:
        self.handler(*self.args, value_of(self.widget))


def bind(widget: QWidget, handler: Callable, *args) -> _Edit:
    """Call ``handler(*args, value)`` whenever the user edits ``widget``; returns the slot."""
    slot = _Edit(widget, handler, args)
    if isinstance(widget, QComboBox):
        widget.activated.connect(slot)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(slot)
    elif isinstance(widget, QAbstractSpinBox):
        widget.valueChanged.connect(slot)
    else:
        raise TypeError(f"cannot bind a {type(widget).__name__}")
    return slot


@contextmanager
def signals_blocked(*widgets: QWidget) -> Iterator[None]:
    """Block the widgets' signals inside the block (each back to its previous state after)."""
    before = [w.blockSignals(True) for w in widgets]
    try:
        yield
    finally:
        for w, was in zip(widgets, before):
            w.blockSignals(was)


def show_value(widget: QWidget, value: Any) -> None:
    """Put ``value`` into ``widget`` (a combo: the item whose data is ``value``)."""
    if isinstance(widget, QComboBox):
        i = widget.findData(value)
        if i >= 0 and i != widget.currentIndex():
            widget.setCurrentIndex(i)
    elif isinstance(widget, QAbstractButton):
        widget.setChecked(bool(value))
    else:
        widget.setValue(value)


def show_values(*pairs: tuple[QWidget, Any]) -> None:
    """``show_value`` for each (widget, value), with all their signals blocked."""
    with signals_blocked(*(w for w, _v in pairs)):
        for widget, value in pairs:
            show_value(widget, value)
