"""Export: each plot or the whole plot area as PNG (2x or 4x) or SVG, and the results as CSV.

A figure is the part of the plot canvas that shows the plot (its rows with their headers, and
the time axis under them), framed for a handout: a title (the plot's name and the scenario's),
the scenario in one line and the date above it, the educational-use disclaimer below it.
PNG is rendered, not scaled up: the picture is drawn at ``scale`` times the on-screen size, so
lines, text and legends stay sharp. SVG is drawn by the same painting into Qt's SVG generator
(curves stay vectors, text stays text) and its <title> is the plot's. CSV is
``bonegui.output.result_to_csv`` with a leading ``run`` column (``current`` or the pinned run's
name), so the current and pinned runs share one tidy table. File dialogs open in the folder
used last (bonegui.app.settings.last_folder).
"""

from __future__ import annotations

import csv
import datetime
import io
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMenu,
    QWidget,
)

from bonegui import DISCLAIMER
from bonegui.app import style
from bonegui.app.settings import last_folder, remember_folder, window_settings
from bonegui.app.simulation.jobs import JobError, error_text
from bonegui.model.result import Result
from bonegui.fileio import csv_text_cell
from bonegui.output import result_to_csv
from bonegui.plot_names import PLOT_NAMES
from bonegui.scenario.io import atomic_write_text

SCALES = (2, 4)
TARGETS = {"all": "Whole plot area", **{key: f"{name} plot" for key, name in PLOT_NAMES.items()}}
MARGIN_PX = 12.0


@dataclass(frozen=True)
class Caption:
    """The words around a figure."""

    title: str
    summary: str
    date: str
    disclaimer: str = DISCLAIMER

    def lines(self) -> list[tuple[str, QFont]]:
        return [(self.title, style.font(14, bold=True)), (self.summary, style.font(11)),
                (f"Simulated with Bone Remodeling Lab on {self.date}", style.font(10))]


def figure_caption(window, target: str) -> Caption:
    from bonegui.app.protocol.summary import scenario_one_line

    s = window.document.scenario
    name = "Hormones, bone cells, bone density and markers" if target == "all" else PLOT_NAMES[target]
    return Caption(f"{name} — {s.title}", scenario_one_line(s), datetime.date.today().isoformat())


def figure_rects(plots, target: str) -> list[QRectF]:
    """The scene rectangles stacked into the figure: the rows of ``target`` on screen with
    their headers ("all": every row), then the time axis strip under the last row on screen if
    the figure does not already end with it (so an exported figure always says when)."""
    shown = plots.shown_rows
    keys = figure_rows(plots, target)
    if not keys:
        raise ValueError(f"the {PLOT_NAMES.get(target, target)} plot is not on screen; show it first")
    rect = QRectF()
    for k in keys:
        row = plots.rows[k]
        rect = rect.united(row.header.sceneBoundingRect()).united(row.plot.sceneBoundingRect())
    rects = [rect]
    if keys[-1] != shown[-1]:
        axis = plots.rows[shown[-1]].plot.getAxis("bottom")
        ax = axis.mapRectToScene(axis.rect())
        rects.append(QRectF(rect.left(), ax.top(), rect.width(), ax.height()))
    if plots.pins_band.scene() is not None:  # the pinned runs' names go with the figure
        band = plots.pins_band.sceneBoundingRect()
        rects.append(QRectF(rect.left(), band.top(), rect.width(), band.height()))
    return rects


def _wrap(text: str, font: QFont, width: float) -> list[str]:
    fm = QFontMetricsF(font)
    words, lines, line = text.split(), [], ""
    for w in words:
        trial = f"{line} {w}".strip()
        if fm.horizontalAdvance(trial) > width and line:
            lines.append(line)
            line = w
        else:
            line = trial
    return lines + ([line] if line else [])


def _text_block(lines: list[tuple[str, QFont]], width: float) -> list[tuple[str, QFont, float]]:
    """(line, font, height) with each text wrapped to ``width``."""
    out = []
    for text, font in lines:
        h = QFontMetricsF(font).height()
        out += [(line, font, h) for line in _wrap(text, font, width)]
    return out


def figure_rows(plots, target: str) -> list[str]:
    shown = plots.shown_rows
    return list(shown) if target == "all" else [k for k in shown if plots.rows[k].spec.plot == target]


@contextmanager
def isolated(plots, keys: list[str]):
    """Only the rows ``keys`` drawn (and, of the last row on screen, its time axis): axes play
    their cached pictures without honouring a clip, so a neighbour's tick labels would land in
    the figure. ``keys`` empty: the time axis (and the pinned runs' band) alone."""
    hidden = []
    last = plots.shown_rows[-1] if plots.shown_rows else None
    for key in plots.shown_rows:
        row = plots.rows[key]
        if key in keys:
            continue
        if key == last:
            parts = [row.header, row.vb, row.plot.getAxis("left"), row.plot.getAxis("right")]
            if key == "bmd":
                parts.append(plots._hip_axis)
        else:
            parts = [row.header, row.plot]
        hidden += [it for it in parts if it.isVisible()]
    if plots.cursor_band.isVisible():
        hidden.append(plots.cursor_band)
    # transparent, not hidden: a hidden item would make the layout move the rows
    before = [it.opacity() for it in hidden]
    for it in hidden:
        it.setOpacity(0.0)
    # items that repaint from a pixmap on screen (axes, headers) paint afresh: an SVG keeps its
    # text as text and a 4x PNG its text sharp
    cached = [it for it in plots.canvas.scene().items() if it.cacheMode() != it.CacheMode.NoCache]
    modes = [it.cacheMode() for it in cached]
    for it in cached:
        it.setCacheMode(it.CacheMode.NoCache)
    try:
        yield
    finally:
        for it, op in zip(hidden, before):
            it.setOpacity(op)
        for it, mode in zip(cached, modes):
            it.setCacheMode(mode)


class Figure:
    """A figure laid out once, painted on any device (image or SVG) at its logical size."""

    def __init__(self, scene, rects: list[QRectF], caption: Caption, isolate=None) -> None:
        self.scene = scene
        self.rects = rects
        self.isolate = isolate or (lambda _strip: nullcontext())
        self.width = max(r.width() for r in rects)
        inner = self.width - 2 * MARGIN_PX
        self.head = _text_block(caption.lines(), inner)
        self.foot = _text_block([(caption.disclaimer, style.font(10, bold=False))], inner)
        self.head_h = MARGIN_PX + sum(h for _t, _f, h in self.head) + MARGIN_PX / 2
        self.foot_h = MARGIN_PX / 2 + sum(h for _t, _f, h in self.foot) + MARGIN_PX
        self.height = self.head_h + sum(r.height() for r in rects) + self.foot_h

    def size(self, scale: float = 1.0) -> QSize:
        return QSize(round(self.width * scale), round(self.height * scale))

    def paint(self, p: QPainter) -> None:
        p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        p.fillRect(QRectF(0, 0, self.width, self.height), QColor("white"))
        self._lines(p, self.head, MARGIN_PX, "#000000")
        y = self.head_h
        for i, src in enumerate(self.rects):
            with self.isolate(i):  # each strip drawn alone: nothing else spills into it
                self.scene.render(p, QRectF(0, y, src.width(), src.height()), src)
            y += src.height()
        self._lines(p, self.foot, y + MARGIN_PX / 2, "#444444")

    def _lines(self, p: QPainter, lines, y: float, colour: str) -> None:
        """Text lines (text, font, height) from ``y`` down, left-aligned within the margins."""
        p.setPen(QColor(colour))
        for text, font, h in lines:
            p.setFont(font)
            p.drawText(QRectF(MARGIN_PX, y, self.width - 2 * MARGIN_PX, h),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
            y += h


def render_png(figure: Figure, path: str | Path, scale: int) -> QSize:
    """The figure at ``scale`` times its on-screen size (an image with a device pixel ratio of
    ``scale``, as on a high-DPI screen, so cosmetic pens and text scale too)."""
    size = figure.size(scale)
    img = QImage(size, QImage.Format.Format_ARGB32)
    img.setDevicePixelRatio(scale)
    img.fill(QColor("white"))
    p = QPainter(img)
    figure.paint(p)
    p.end()
    img.setDevicePixelRatio(1.0)  # the file is plain pixels
    _save(img, path)
    return size


def export_svg(figure: Figure, path: str | Path, title: str, description: str) -> None:
    """The figure as SVG (vectors and text); <title> is ``title``. Raises OSError if it cannot."""
    from PySide6.QtSvg import QSvgGenerator

    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp.svg")
    gen = QSvgGenerator()
    gen.setFileName(str(tmp))
    gen.setSize(figure.size())
    gen.setViewBox(QRectF(0, 0, figure.width, figure.height))
    gen.setTitle(title)
    gen.setDescription(description)
    p = QPainter()
    if not p.begin(gen):
        raise OSError(f"cannot write {path}")
    figure.paint(p)
    p.end()
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise OSError(f"no SVG was written to {path}")
    tmp.replace(path)


def _save(img: QImage, path: str | Path) -> None:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp.png")
    if not img.save(str(tmp), "PNG"):
        raise OSError(f"cannot write {path}")
    tmp.replace(path)


def runs_to_csv(runs: list[tuple[str, Result]]) -> str:
    """One table: a ``run`` column (text, through ``csv_text_cell``: a spreadsheet never runs a
    pinned run's name as a formula), then every Result series (result_to_csv's columns)."""
    out = io.StringIO()
    for i, (name, result) in enumerate(runs):
        text = result_to_csv(result)
        header, _, body = text.partition("\n")
        quoted = io.StringIO()
        csv.writer(quoted, lineterminator="").writerow([csv_text_cell(name)])  # a pin named "=..." stays text
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
        if path:
            remember_folder(window_settings(self.window), path)
        return path or None

    def _base_name(self) -> str:
        fp = self.window.document.file_path
        if fp:
            return str(Path(fp).with_name(Path(fp).name.split(".")[0]))
        return str(Path(last_folder(window_settings(self.window))) / "bone-remodeling-lab")

    # ---- figure ------------------------------------------------------------------------------
    def figure(self, target: str) -> Figure:
        plots = self.window.plots
        plots.flush()  # draw pending data before rendering
        rects = figure_rects(plots, target)
        keys = figure_rows(plots, target)
        return Figure(plots.canvas.scene(), rects, figure_caption(self.window, target), lambda strip: isolated(plots, keys if strip == 0 else []))

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
        try:
            fig = self.figure(target)
            if fmt == "svg":
                caption = figure_caption(self.window, target)
                export_svg(fig, path, caption.title, f"{caption.summary}. {caption.disclaimer}")
                msg = f"Exported {Path(path).name}"
            else:
                size = render_png(fig, path, scale)
                msg = f"Exported {Path(path).name} ({size.width()}×{size.height()} px)"
        except (OSError, RuntimeError, ValueError) as e:
            self.window.status(f"Export failed: {e}", 10_000)
            return None
        self.window.status(msg, 6000)
        return path

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
