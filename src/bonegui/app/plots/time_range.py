"""One time range for every view on the time axis: the plot rows and the timeline lanes.

Panning or zooming any of them moves all of them (``TimeRange`` copies a view's new x range to
the others); while ``auto`` is on, the range follows the scenario's span, and a pan or zoom by
the user turns it off until "Show the whole span" (Ctrl+0) or the timeline's Fit. Unlike
pyqtgraph's setXLink, which re-maps ranges by screen position, the views share the very same
numbers, so a view that is hidden or laid out elsewhere never shifts the others.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class TimeRange(QObject):
    #: the shared range changed (x0, x1 in years from the start)
    changed = Signal(float, float)
    #: the user panned or zoomed (auto is now off)
    manual = Signal()

    MARGIN = 0.01  # the whole span shows with 1 % to spare at each end

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._views: list = []
        self._busy = False
        self.range = (0.0, 1.0)
        self.span = 1.0
        self.auto = True

    def attach(self, vb) -> None:
        """Join a pyqtgraph ViewBox to the shared range."""
        if vb in self._views:
            return
        self._views.append(vb)
        vb.sigXRangeChanged.connect(self._on_view_range)
        vb.sigRangeChangedManually.connect(self._on_manual)
        self._busy = True
        try:
            vb.setXRange(*self.range, padding=0.0)
        finally:
            self._busy = False

    @property
    def views(self) -> tuple:
        return tuple(self._views)

    def set_span(self, span_years: float) -> None:
        """The scenario's span: view limits for every view; the whole span while ``auto``."""
        self.span = max(float(span_years), 1e-6)
        for vb in self._views:
            vb.setLimits(xMin=-0.05 * self.span, xMax=1.05 * self.span, maxXRange=1.1 * self.span,
                         minXRange=min(14.0 / 365.25, 0.5 * self.span))
        if self.auto:
            self.fit()

    def fit(self) -> None:
        """Show the whole span again (and follow it from now on)."""
        self.auto = True
        m = self.MARGIN * self.span
        self.set_range(-m, self.span + m)

    def set_range(self, x0: float, x1: float, source=None) -> None:
        x0, x1 = float(x0), float(x1)
        if (x0, x1) == self.range and source is None:
            return
        self.range = (x0, x1)
        self._busy = True
        try:
            for vb in self._views:
                if vb is not source:
                    vb.setXRange(x0, x1, padding=0.0)
        finally:
            self._busy = False
        self.changed.emit(x0, x1)

    def _on_view_range(self, vb, x_range) -> None:
        if not self._busy:
            self.set_range(*x_range, source=vb)

    def _on_manual(self, *_args) -> None:
        if not self._busy:
            self.auto = False
            self.manual.emit()
