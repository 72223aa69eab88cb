"""What the window's layout is, measured on the real widgets.

``layout_report(window)`` returns::

    {"window": [w, h],
     "plots": {row key: {"visible": bool, "data_rect": [x, y, w, h]}},   # window pixels
     "overlaps": [[text, text], ...],   # pieces of text whose rectangles intersect
     "clipped": [item, ...]}            # text or widgets cut off (see below)

Text is collected where it is drawn: the plot rows' headers, tick labels of every axis shown
(pyqtgraph's own label rectangles, ``AxisItem.generateDrawSpecs``), the WHO band labels, the
cursor and pinned-run bands, the timeline's lane labels, time ticks and the texts its items
paint, and every visible label, button, check box and combo box of the window. A piece of text
is *clipped* when it sticks out of the view that shows it; a widget is clipped when it sticks
out of the window, when a toolbar hides buttons behind its extension arrow, when a label's
unwrapped text is wider than the label, and when a dock's contents scroll sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractScrollArea, QComboBox, QLabel, QToolBar, QToolButton, QTreeWidget,
    QTreeWidgetItemIterator, QWidget,
)

OVERLAP_PX = 1.0  # rectangles must share more than this in both directions to count


def _rect_list(r: QRectF) -> list[int]:
    return [round(r.x()), round(r.y()), round(r.width()), round(r.height())]


def _scene_to_window(view, window, r: QRectF) -> QRectF:
    poly = view.mapFromScene(r)
    local = QRectF(poly.boundingRect())
    top_left = view.viewport().mapTo(window, local.topLeft().toPoint())
    return QRectF(QPointF(top_left), local.size())


def _viewport_rect(view, window) -> QRectF:
    vp = view.viewport()
    return QRectF(QRectF(vp.mapTo(window, vp.rect().topLeft()), vp.rect().size()))


def axis_text_rects(axis) -> list[tuple[str, QRectF]]:
    """(text, scene rect) of the tick labels pyqtgraph draws on ``axis``."""
    if not axis.isVisible() or not axis.style.get("showValues", True) or axis.scene() is None:
        return []
    img = QImage(4, 4, QImage.Format.Format_ARGB32)
    p = QPainter(img)
    try:
        if axis.style.get("tickFont") is not None:
            p.setFont(axis.style["tickFont"])
        specs = axis.generateDrawSpecs(p)
    finally:
        p.end()
    if not specs:
        return []
    return [(text, axis.mapRectToScene(rect)) for rect, _flags, text in specs[2] if text]


HEADER_OVERFLOW: list[str] = []  # filled by _plot_texts for the report being made


def _plot_texts(window) -> list[tuple[str, QRectF]]:
    plots = window.plots
    out: list[tuple[str, QRectF]] = []
    for key in plots.shown_rows:
        row = plots.rows[key]
        if row.header.overflow():
            HEADER_OVERFLOW.append(f"{key} header: lines left out (the row is shorter than its legend)")
        row.header.text_rects()
        if row.header.elided:
            HEADER_OVERFLOW.append(f"{key} header: a word cut short with … (the column is too narrow)")
        for text, r in row.header.text_rects():
            out.append((f"{key} header: {text}", r))
        for name in ("left", "right", "bottom"):
            for text, r in axis_text_rects(row.plot.getAxis(name)):
                out.append((f"{key} {name} axis: {text}", r))
        for label, _lo, _hi in row.band_labels:
            if label.isVisible():
                out.append((f"{key} band: {label.textItem.toPlainText()}", label.sceneBoundingRect()))
    if "bmd" in plots.shown_rows:
        for text, r in axis_text_rects(plots._hip_axis):
            out.append((f"bmd hip axis: {text}", r))
    for band, name in ((plots.cursor_band, "cursor"), (plots.pins_band, "pinned runs")):
        if band.scene() is not None and band.isVisible():
            out += [(f"{name}: {text}", r) for text, r in band.text_rects()]
    return out


def _timeline_texts(timeline) -> list[tuple[str, QRectF]]:
    out: list[tuple[str, QRectF]] = []
    if not timeline.view.isVisible():
        return out
    for axis, name in ((timeline.lane_axis, "lane label"), (timeline.x_axis, "time axis")):
        out += [(f"timeline {name}: {text}", r) for text, r in axis_text_rects(axis)]
    for item in timeline.plot.items:
        rects = getattr(item, "text_rects", None)
        if callable(rects) and item.isVisible():
            out += [(f"timeline: {text}", r) for text, r in rects()]
    return out


def _widget_texts(window) -> tuple[list[tuple[str, QRectF]], list[str]]:
    """Texts of visible widgets (window coordinates) and widgets that are cut off."""
    texts: list[tuple[str, QRectF]] = []
    clipped: list[str] = []
    win_rect = QRect(0, 0, window.width(), window.height())
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.window() is not window:
            continue
        seen = w.visibleRegion().boundingRect()  # the part its parents do not clip away
        if seen.isEmpty():
            continue
        top_left = w.mapTo(window, w.rect().topLeft())
        r = QRect(top_left, w.size())
        seen_r = QRect(w.mapTo(window, seen.topLeft()), seen.size())
        name = w.accessibleName() or w.objectName() or type(w).__name__
        if isinstance(w, QToolBar):
            ext = w.findChild(QToolButton, "qt_toolbar_ext_button")
            if ext is not None and ext.isVisible():
                clipped.append(f"toolbar {w.windowTitle()}: buttons hidden behind its arrow")
            continue
        if isinstance(w, QAbstractScrollArea) and w.horizontalScrollBar().isVisible():
            clipped.append(f"{name}: scrolls sideways (its contents are wider than it)")
        if isinstance(w, QTreeWidget):
            clipped += _tree_cells_cut(w, name)
        text = ""
        if isinstance(w, QLabel) and w.text():
            text = w.text()
            if not w.wordWrap() and "<" not in text:
                need = QFontMetrics(w.font()).horizontalAdvance(text.split("\n")[0])
                if need > w.contentsRect().width() + 2 and not getattr(w, "elides", False):
                    clipped.append(f"label {text[:40]!r}: text wider than the label")
        elif isinstance(w, QAbstractButton) and w.text():
            text = w.text().replace("&", "")
            if w.sizeHint().width() > w.width() + 2 and not isinstance(w, QToolButton):
                clipped.append(f"button {text!r}: text wider than the button")
        elif isinstance(w, QComboBox) and w.currentText():
            text = w.currentText()
        if not text:
            continue
        if not win_rect.contains(r) and _inside_visible_parents(w, window):
            clipped.append(f"{type(w).__name__} {text[:40]!r}: outside the window")
        texts.append((f"{type(w).__name__} {text[:40]!r}", QRectF(seen_r)))
    return texts, clipped


def _tree_cells_cut(tree: QTreeWidget, name: str) -> list[str]:
    """Cells whose text is wider than their column (Qt draws them with "…")."""
    out = []
    header = tree.header()
    it = QTreeWidgetItemIterator(tree)
    while it.value() is not None:
        item = it.value()
        if item.isHidden():  # not on screen (the readout's cohort rows while the switch is off)
            it += 1
            continue
        for col in range(tree.columnCount()):
            text = item.text(col)
            if not text or (col == 0 and item.isFirstColumnSpanned()):
                continue
            fm = QFontMetrics(item.font(col))
            indent = tree.indentation() if col == 0 and item.parent() is not None else 0
            if fm.horizontalAdvance(text) + indent + 4 > header.sectionSize(col):
                out.append(f"{name}: {text.strip()!r} cut short in its column")
        it += 1
    return out


def _inside_visible_parents(w: QWidget, window) -> bool:
    """A widget scrolled out of a scroll area is not cut off by the window edge."""
    p = w.parentWidget()
    while p is not None and p is not window:
        if isinstance(p, QAbstractScrollArea):
            return False
        p = p.parentWidget()
    return True


def _overlaps(texts: list[tuple[str, QRectF]]) -> list[list[str]]:
    out = []
    for i, (a, ra) in enumerate(texts):
        for b, rb in texts[i + 1:]:
            inter = ra.intersected(rb)
            if inter.width() > OVERLAP_PX and inter.height() > OVERLAP_PX:
                out.append([a, b])
    return out


def layout_report(window) -> dict:
    plots = window.plots
    report: dict = {"window": [window.width(), window.height()], "plots": {}, "overlaps": [], "clipped": []}
    canvas = plots.canvas
    for key, row in plots.rows.items():
        visible = key in plots.shown_rows and canvas.isVisible() and row.plot.scene() is not None
        rect = _scene_to_window(canvas, window, row.vb.sceneBoundingRect()) if visible else QRectF()
        report["plots"][key] = {"visible": visible, "data_rect": _rect_list(rect)}

    texts: list[tuple[str, QRectF]] = []
    HEADER_OVERFLOW.clear()
    clipped: list[str] = HEADER_OVERFLOW
    for views, scene_texts in ((canvas, _plot_texts(window)), (window.timeline.view, _timeline_texts(window.timeline))):
        if not views.isVisible():
            continue
        box = _viewport_rect(views, window)
        for text, r in scene_texts:
            wr = _scene_to_window(views, window, r)
            texts.append((text, wr))
            if not box.adjusted(-1, -1, 1, 1).contains(wr):
                clipped.append(f"{text}: sticks out of its view")
    widget_texts, widget_clipped = _widget_texts(window)
    report["overlaps"] = _overlaps(texts) + _overlaps(widget_texts)
    report["clipped"] = list(clipped) + widget_clipped
    return report
