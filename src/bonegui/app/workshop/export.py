"""Export: each plot or the whole plot area as PNG (2x or 4x) or SVG, and the results as CSV.

PNG is rendered, not scaled up: the painter draws the scene at ``scale`` times the on-screen
size, so lines, text and legends stay sharp and keep their proportions. SVG is pyqtgraph's
SVGExporter (with a small fix for the path data Qt 6 writes). CSV is ``bonegui.output.result_to_csv`` with a leading ``run`` column (``current``
or the pinned run's name), so the current and pinned runs share one tidy table.
"""

from __future__ import annotations

import csv
import importlib
import io
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGraphicsItem,
    QLabel,
    QMenu,
    QWidget,
)

from bonegui.app.simulation.jobs import JobError, error_text
from bonegui.model.result import Result
from bonegui.output import result_to_csv
from bonegui.plot_names import PLOT_NAMES
from bonegui.scenario.io import atomic_write_text

SCALES = (2, 4)
TARGETS = {"all": "Whole plot area", **{key: f"{name} plot" for key, name in PLOT_NAMES.items()}}


def _background(scene) -> QColor:
    views = scene.views() if scene is not None else []
    if views:
        c = views[0].backgroundBrush().color()
        if views[0].backgroundBrush().style() != Qt.BrushStyle.NoBrush and c.isValid():
            return c
    return QColor("white")


#: the legend sits 2 px above its plot (in the title row): keep its frame in the picture
LEGEND_MARGIN_PX = 4


def item_export_rects(item: QGraphicsItem, time_axis: QGraphicsItem | None = None) -> list[QRectF]:
    """The scene rectangles stacked into one plot's picture: the plot (with its legend's top) and,
    for a plot without its own time labels, the shared time axis strip under it, cut to the
    plot's width (the plots share their axis columns, so the years line up)."""
    src = item.sceneBoundingRect().adjusted(0, -LEGEND_MARGIN_PX, 0, 0)
    rects = [src]
    if time_axis is not None:
        ax = time_axis.mapRectToScene(time_axis.rect())  # its layout cell: the bounding rect spans the grid
        rects.append(QRectF(src.left(), ax.top(), src.width(), ax.height()))
    return rects


def render_item_png(item: QGraphicsItem, path: str | Path, scale: int,
                    time_axis: QGraphicsItem | None = None) -> QSize:
    """Render one plot (a PlotItem) at ``scale`` times its on-screen size; returns the pixel size.
    ``time_axis``: the shared time axis (years and age) to draw under a plot that has none, so an
    exported figure always says when.

    The image gets a device pixel ratio of ``scale`` (as on a high-DPI screen) instead of a
    scaled painter, so legends and labels that ignore view transforms and cosmetic (fixed-width)
    pens scale too, and the figure keeps its on-screen proportions."""
    scene = item.scene()
    parts = [_render_scene_rect(scene, src, scale) for src in item_export_rects(item, time_axis)]
    # each strip is its own image: axes crossing a strip (they paint their tick labels beyond
    # their own rectangle) cannot spill into the next one
    size = QSize(parts[0].width(), sum(part.height() for part in parts))
    img = QImage(size, QImage.Format.Format_ARGB32)
    img.fill(_background(scene))
    p = QPainter(img)
    y = 0
    for part in parts:
        p.drawImage(0, y, part)
        y += part.height()
    if time_axis is not None:  # the strip left of the time axis holds the neighbour's y label: blank it
        left_px = round((time_axis.mapRectToScene(time_axis.rect()).left() - item.sceneBoundingRect().left()) * scale)
        p.fillRect(0, parts[0].height(), left_px, parts[-1].height(), _background(scene))
    p.end()
    _save(img, path)
    return size


def _render_scene_rect(scene, src: QRectF, scale: int) -> QImage:
    img = QImage(QSize(round(src.width() * scale), round(src.height() * scale)), QImage.Format.Format_ARGB32)
    img.setDevicePixelRatio(scale)
    img.fill(_background(scene))
    p = QPainter(img)
    p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(p, QRectF(0, 0, src.width(), src.height()), src)
    p.end()
    img.setDevicePixelRatio(1.0)
    return img


def render_widget_png(widget: QWidget, path: str | Path, scale: int) -> QSize:
    """Render a widget (the whole plot area) at ``scale`` x via a high device-pixel-ratio image."""
    size = QSize(widget.width() * scale, widget.height() * scale)
    img = QImage(size, QImage.Format.Format_ARGB32)
    img.setDevicePixelRatio(scale)
    img.fill(QColor("white"))
    widget.render(img)
    img.setDevicePixelRatio(1.0)  # the file is plain pixels
    _save(img, path)
    return size


def _save(img: QImage, path: str | Path) -> None:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp.png")
    if not img.save(str(tmp), "PNG"):
        raise OSError(f"cannot write {path}")
    tmp.replace(path)


def _drop_close_tokens(node) -> None:
    """Remove 'Z' (close path) tokens, which pyqtgraph 0.14's SVG path parser cannot read and
    which Qt 6 writes; fills close implicitly, so the picture is unchanged."""
    for el in node.getElementsByTagName("path"):
        d = el.getAttribute("d")
        if "Z" in d:
            el.setAttribute("d", " ".join(t for t in d.split() if t not in ("Z", "z")))


@contextmanager
def _pyqtgraph_svg_fix():
    mod = importlib.import_module("pyqtgraph.exporters.SVGExporter")
    original = getattr(mod, "correctCoordinates", None)
    if original is None:  # a pyqtgraph without the function: nothing to work around
        yield
        return

    def correct(node, defs, item, options):
        _drop_close_tokens(node)
        return original(node, defs, item, options)

    mod.correctCoordinates = correct
    try:
        yield
    finally:
        mod.correctCoordinates = original


def export_svg(item, path: str | Path) -> None:
    """SVG through pyqtgraph's SVGExporter (a PlotItem, or the layout of all plots), which
    clips each plot and keeps curves as vectors. Raises OSError/RuntimeError if it cannot."""
    from pyqtgraph.exporters import SVGExporter

    with _pyqtgraph_svg_fix():
        try:
            SVGExporter(item).export(str(path))
        except (ValueError, TypeError, AttributeError, IndexError) as e:
            raise RuntimeError(f"pyqtgraph could not write SVG for this figure ({e}); export PNG instead") from None
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        raise OSError(f"no SVG was written to {path}")


def runs_to_csv(runs: list[tuple[str, Result]]) -> str:
    """One table: a ``run`` column, then every Result series (result_to_csv's columns)."""
    out = io.StringIO()
    for i, (name, result) in enumerate(runs):
        text = result_to_csv(result)
        header, _, body = text.partition("\n")
        quoted = io.StringIO()
        csv.writer(quoted, lineterminator="").writerow([name])
        label = quoted.getvalue()
        if i == 0:
            out.write("run," + header + "\n")
        for line in body.splitlines():
            if line:
                out.write(f"{label},{line}\n")
    return out.getvalue()


def write_runs_csv(path: Path, named_scenarios: list[tuple[str, object]], context) -> str:
    """The CSV export as a job of the simulation service (its thread: a 40-year, 5-run table
    is ~20 MB): each run from the service's cache or simulated now, then one table."""
    runs = []
    for name, scenario in named_scenarios:
        try:
            runs.append((name, context.result(scenario)))
        except Exception as e:  # noqa: BLE001 - the export's one line names the run
            raise JobError(f"the run '{name}' could not be simulated ({error_text(e)})") from e
    atomic_write_text(path, runs_to_csv(runs))
    return str(path)


class ExportDialog(QDialog):
    """Pick what to export, the format and the resolution."""

    def __init__(self, parent: QWidget | None = None, svg_ok: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export figure")
        self.target = QComboBox()
        for key, label in TARGETS.items():
            self.target.addItem(label, key)
        self.fmt = QComboBox()
        self.fmt.addItem("PNG image", "png")
        if svg_ok:
            self.fmt.addItem("SVG vector image", "svg")
        self.scale = QComboBox()
        for s in SCALES:
            self.scale.addItem(f"{s}× screen resolution", s)
        self.size_note = QLabel()
        form = QFormLayout(self)
        form.addRow("Export:", self.target)
        form.addRow("Format:", self.fmt)
        form.addRow("Resolution:", self.scale)
        form.addRow("", self.size_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.fmt.currentIndexChanged.connect(lambda _i: self.scale.setEnabled(self.fmt.currentData() == "png"))

    def choice(self) -> tuple[str, str, int]:
        return self.target.currentData(), self.fmt.currentData(), self.scale.currentData()


class ExportController:
    """File → Export submenu."""

    def __init__(self, window, cache, pins) -> None:
        self.window = window
        self.cache = cache
        self.pins = pins
        self.menu = QMenu("&Export", window)
        self.figure_action = QAction("&Figure (PNG/SVG)…", window)
        self.figure_action.setShortcut("Ctrl+E")
        self.figure_action.setStatusTip("Save a plot or the whole plot area as a 2× or 4× PNG, or as SVG")
        self.figure_action.triggered.connect(lambda _c=False: self.export_figure())
        self.csv_action = QAction("&Data as CSV…", window)
        self.csv_action.setStatusTip("Save the current run and the pinned runs as one CSV table")
        self.csv_action.triggered.connect(lambda _c=False: self.export_csv())
        self.menu.addAction(self.figure_action)
        self.menu.addAction(self.csv_action)

    # ---- dialogs (tests replace these) ---------------------------------------------------------
    def ask_figure(self) -> tuple[str, str, int] | None:
        dlg = ExportDialog(self.window)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.choice()

    def ask_path(self, title: str, suggested: str, filt: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.window, title, suggested, filt)
        return path or None

    def _base_name(self) -> str:
        fp = self.window.document.file_path
        if fp:
            return str(Path(fp).with_name(Path(fp).name.split(".")[0]))
        return str(Path.home() / "bone-remodeling-lab")

    # ---- figure ------------------------------------------------------------------------------
    def export_figure(self, target: str | None = None, fmt: str | None = None, scale: int | None = None,
                      path: str | None = None) -> str | None:
        if target is None:
            choice = self.ask_figure()
            if choice is None:
                return None
            target, fmt, scale = choice
        fmt = fmt or "png"
        scale = scale or 2
        if path is None:
            suffix = f"-{target}" + (f"@{scale}x" if fmt == "png" else "")
            path = self.ask_path("Export figure", f"{self._base_name()}{suffix}.{fmt}",
                                 "PNG image (*.png)" if fmt == "png" else "SVG image (*.svg)")
            if path is None:
                return None
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        plots = self.window.plots
        if hasattr(plots, "flush"):
            plots.flush()  # draw pending data before rendering
        try:
            if fmt == "svg":
                export_svg(self._svg_item(target), path)
                msg = f"Exported {Path(path).name}"
            elif target == "all":
                size = render_widget_png(plots, path, scale)
                msg = f"Exported {Path(path).name} ({size.width()}×{size.height()} px)"
            else:
                axis = plots.plot_items["markers"].getAxis("bottom") if target != "markers" else None
                size = render_item_png(plots.plot_items[target], path, scale, time_axis=axis)
                msg = f"Exported {Path(path).name} ({size.width()}×{size.height()} px)"
        except (OSError, RuntimeError, ValueError) as e:
            self.window.status(f"Export failed: {e}", 10_000)
            return None
        self.window.status(msg, 6000)
        return path

    def _svg_item(self, target: str):
        plots = self.window.plots
        if target != "all":
            return plots.plot_items[target]
        # the whole area: the layout holding every plot (PlotArea.canvas.ci), else the plots'
        # common parent in the scene
        canvas = getattr(plots, "canvas", None)
        if canvas is not None and hasattr(canvas, "ci"):
            return canvas.ci
        return plots.plot_items["hormones"].parentItem()

    # ---- CSV ---------------------------------------------------------------------------------
    def export_csv(self, path: str | None = None, on_done=None) -> None:
        """Write the current and pinned runs, as one job of the simulation service: results come
        from its cache or are simulated there, so the current run is complete even while the
        plots are still streaming."""
        if path is None:
            path = self.ask_path("Export data as CSV", f"{self._base_name()}.csv", "CSV table (*.csv)")
            if path is None:
                return
        if not path.lower().endswith(".csv"):
            path += ".csv"
        doc = self.window.document
        scenarios = [("current", doc.scenario)] + [(p.name, p.scenario) for p in doc.pinned]
        self.window.status("Preparing CSV export…", 3000)

        def written(p: str) -> None:
            self.window.status(f"Exported {Path(p).name} ({len(scenarios)} run(s))", 6000)
            if on_done:
                on_done(p)

        def failed(err: str) -> None:
            self.window.status(f"CSV export failed: {err}", 10_000)
            if on_done:
                on_done(None)

        self.window.simulation.submit("export", partial(write_runs_csv, Path(path), scenarios),
                                      on_done=written, on_error=failed)
