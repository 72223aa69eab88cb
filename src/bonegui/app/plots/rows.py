"""Which plot rows are on screen: ``RowChoice``, the user's choice in order of recency.

A projector at 1024x768 has room for two or three rows at a readable height, a 1600x1000 screen
for all of them. Rather than squeezing every row until its curves are a few pixels high, the
window shows as many rows as fit at the theme's minimum data height (120 px, presentation
150 px), taken from the front of ``wanted``: the rows most recently asked for (toolbar, View →
Plots, a lesson's "look at"). The rest wait for room; making the window taller brings them back.
Double-clicking a row's header shows that row alone ("maximised") until the next double-click.

By default the rows that tell the scenario's story come first: the hormone most telling for the
patient and therapy (series.relevant_hormones), bone density, bone cells, then a second hormone
and the markers. When a therapy or a drawn curve brings in another hormone, its row joins.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from PySide6.QtCore import QObject, Signal

from bonegui.app.plots.series import ROW_BY_KEY, ROW_KEYS

HORMONE_PREFIX = "hormones:"


def hormone_rows(hormones: Iterable[str]) -> list[str]:
    return [HORMONE_PREFIX + h for h in hormones if HORMONE_PREFIX + h in ROW_BY_KEY]


def default_order(hormones: Sequence[str]) -> list[str]:
    """The first relevant hormone, bone density, bone cells, the next hormone, the markers,
    then any further hormones."""
    h = hormone_rows(hormones) or [HORMONE_PREFIX + "estradiol"]
    return [h[0], "bmd", "cells", *h[1:2], "markers", *h[2:]]


def rows_for_plots(plot_keys: Sequence[str], hormones: Sequence[str]) -> list[str]:
    """Row keys for plots named by their bonegui.plot_names keys ("hormones" -> the relevant
    hormone rows), in that order."""
    out: list[str] = []
    for key in plot_keys:
        rows = hormone_rows(hormones) if key == "hormones" else [key] if key in ROW_BY_KEY else []
        out += [r for r in rows if r not in out]
    return out


class RowChoice(QObject):
    """The wanted rows, most recent first; ``fit(capacity)`` is what goes on screen."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relevant: tuple[str, ...] = ("estradiol",)
        self._wanted: list[str] = default_order(self._relevant)
        self._asked: set[str] = set()  # rows the user turned on himself: relevance never drops them
        self._maximised: str | None = None

    @property
    def wanted(self) -> tuple[str, ...]:
        return tuple(self._wanted)

    @property
    def maximised(self) -> str | None:
        return self._maximised

    def fit(self, capacity: int) -> tuple[str, ...]:
        """The rows on screen, top to bottom, for room for ``capacity`` rows."""
        keys = [self._maximised] if self._maximised else self._wanted[:max(1, capacity)]
        return tuple(k for k in ROW_KEYS if k in keys)

    def waiting(self, capacity: int) -> tuple[str, ...]:
        """Wanted rows that do not fit."""
        return () if self._maximised else tuple(self._wanted[max(1, capacity):])

    # ---- the user
    def show(self, key: str) -> None:
        """Put ``key`` on screen (first in line; the least recent row may make room)."""
        self._check(key)
        self._maximised = None
        self._wanted = [key] + [k for k in self._wanted if k != key]
        self._asked.add(key)
        self.changed.emit()

    def hide(self, key: str) -> bool:
        """Take ``key`` off (never the last row); False if it is the last."""
        self._check(key)
        rest = [k for k in self._wanted if k != key]
        if not rest:
            return False
        self._maximised = None
        self._wanted = rest
        self._asked.discard(key)
        self.changed.emit()
        return True

    def toggle_maximised(self, key: str) -> None:
        self._check(key)
        self._maximised = None if self._maximised == key else key
        self.changed.emit()

    def set_plots(self, plot_keys: Sequence[str]) -> None:
        """A lesson's "look at": those plots first, in its order, then the rest as before."""
        first = rows_for_plots(plot_keys, self._relevant)
        if not first:
            return
        self._maximised = None
        self._wanted = first + [k for k in self._wanted if k not in first]
        self.changed.emit()

    # ---- the scenario
    def set_relevant(self, hormones: Sequence[str]) -> None:
        """The scenario's telling hormones changed (series.relevant_hormones): rows no longer
        relevant leave unless the user asked for them; new ones join after the first row."""
        hormones = tuple(hormones)
        if hormones == self._relevant:
            return
        self._relevant = hormones
        rows = hormone_rows(hormones)
        kept = [k for k in self._wanted if not k.startswith(HORMONE_PREFIX) or k in rows or k in self._asked]
        pos = min(1, len(kept))
        for k in rows:
            if k not in kept:
                kept.insert(pos, k)
                pos += 1
        self._wanted = kept or default_order(hormones)
        if self._maximised not in (None, *self._wanted):
            self._maximised = None
        self.changed.emit()

    def reset(self, hormones: Sequence[str]) -> None:
        """A new document: the default rows for its hormones, the user's choices forgotten."""
        self._relevant = tuple(hormones)
        self._wanted = default_order(self._relevant)
        self._asked.clear()
        self._maximised = None
        self.changed.emit()

    @staticmethod
    def _check(key: str) -> None:
        if key not in ROW_BY_KEY:
            raise ValueError(f"plot row {key!r}: expected one of {', '.join(ROW_KEYS)}")
