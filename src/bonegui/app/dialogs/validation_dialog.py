"""Help -> "Model vs evidence": every calibration case (CALIBRATION.md C1-C20) run through the
same simulate() as the plots, shown as the table of `bonegui validate`, its figure and the
sources, so a teacher can see how far to trust each curve.

The cases run as one queued job of the window's simulation service (never on the GUI thread;
bonegui.app.simulation.validation_job), which reports each finished case, so the table fills as
the run goes; closing the dialog cancels the job (it stops between two chunks of model time).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
)

from bonegui.app.dialogs.validation_figure import COLORS, ValidationFigure
from bonegui.app.simulation.validation_job import CasesStarted, run_validation
from bonegui.validation.report import COLUMNS, band_text, status_text, summary
from bonegui.validation.runner import PASS, CaseOutcome, ValidationRun

MIN_FONT_PT = 11

INTRO = (
    "Each row is a published figure (a trial or a cohort) and what this model gives for the same "
    "situation, computed now with the same model as the plots. Tolerance: the model's effect within "
    "±35 % of the target or ±1.5 percentage points, whichever is wider, with the right sign and shape. "
    "A FAIL means: do not trust that curve's size for this situation."
)


class ValidationDialog(QDialog):
    def __init__(self, parent=None, service=None) -> None:
        """``service``: the SimulationService to run the cases on (default: the parent
        window's ``simulation``; on its own, the dialog starts one)."""
        super().__init__(parent)
        self.setWindowTitle("Model vs evidence")
        self.setObjectName("validation_dialog")
        f = self.font()
        if f.pointSizeF() < MIN_FONT_PT:
            f.setPointSizeF(MIN_FONT_PT)
            self.setFont(f)
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(min(1500, int(screen.width() * 0.9)) if screen else 1500,
                    min(900, int(screen.height() * 0.9)) if screen else 900)
        self.run_result: ValidationRun | None = None
        self._outcomes: list[CaseOutcome] = []
        self._running = False

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.status = QLabel("Not run yet.")
        self.status.setObjectName("validation_status")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.rerun_button = QPushButton("Run again")
        self.rerun_button.setObjectName("validation_rerun")
        self.rerun_button.clicked.connect(self.start)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.progress)
        top.addWidget(self.rerun_button)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("validation_table")
        self.table.setHorizontalHeaderLabels([c.capitalize() for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        hh = self.table.horizontalHeader()
        # numbers and the verdict fit their contents; the three text columns share the rest
        # (elided, full text in the tooltip), so the Result column is always in view
        for col in range(len(COLUMNS)):
            hh.setSectionResizeMode(col, QHeaderView.Stretch if col in (1, 2, 3) else QHeaderView.ResizeToContents)

        self.figure = ValidationFigure()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.figure)

        self.sources = QTextBrowser()
        self.sources.setObjectName("validation_sources")
        self.sources.setOpenExternalLinks(False)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Table")
        self.tabs.addTab(scroll, "Figure")
        self.tabs.addTab(self.sources, "Sources and notes")

        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(buttons)

        self._own_service = None
        if service is None:
            service = getattr(parent, "simulation", None)
        if service is None:
            from bonegui.app.simulation.service import SimulationService

            service = self._own_service = SimulationService(self)
        self.service = service
        self._job = None

    # ---- running --------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return self._running

    @Slot()
    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._outcomes = []
        self.run_result = None
        self.table.setRowCount(0)
        self.figure.set_run(None)
        self.rerun_button.setEnabled(False)
        self.status.setText("Running the calibration cases through the model…")
        self.progress.setRange(0, 0)  # busy until the job reports the case count
        self._job = self.service.submit("validation", run_validation, on_progress=self._on_progress,
                                        on_done=self._on_finished, on_error=self._on_failed)

    def _on_progress(self, payload) -> None:
        if isinstance(payload, CasesStarted):
            self._on_started(payload.count)
        else:
            self._on_case_done(payload)

    @Slot(int)
    def _on_started(self, n_cases: int) -> None:
        self.progress.setRange(0, n_cases)
        self.progress.setValue(0)

    @Slot(object)
    def _on_case_done(self, outcome: CaseOutcome) -> None:
        self._outcomes.append(outcome)
        self._append_rows(outcome)
        self.progress.setValue(len(self._outcomes))
        self.status.setText(f"Ran {outcome.case.id} ({len(self._outcomes)} cases so far)…")

    @Slot(object)
    def _on_finished(self, run: ValidationRun) -> None:
        self._running = False
        self.run_result = run
        self.rerun_button.setEnabled(True)
        self.status.setText(summary(run) + ".")
        self.figure.set_run(run)
        self.sources.setHtml(_sources_html(run))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._running = False
        self.rerun_button.setEnabled(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(f"The validation run failed: {message}")

    def _append_rows(self, outcome: CaseOutcome) -> None:
        c = outcome.case
        for p in outcome.parts:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = (p.key, c.situation, p.part.label, p.part.target_text, p.model_text(), band_text(p), status_text(p.status))
            tip = (f"{c.id}: {c.situation}\n{p.part.label}\nTarget: {p.part.target_text}\nSource: {c.source}"
                   + (f"\n{p.detail}" if p.detail else ""))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                self.table.setItem(row, col, item)
            res = self.table.item(row, len(cells) - 1)
            colour = COLORS["pass"] if p.status == PASS else COLORS["fail"] if p.status == "fail" else COLORS["other"]
            res.setForeground(QBrush(colour))
            f = res.font()
            f.setBold(True)
            res.setFont(f)

    # ---- lifetime -------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.run_result is None and not self._running:
            self.start()

    def cancel(self) -> None:
        """Cancel the run (it stops within a chunk of model time and never reports back)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if self._running:
            self._running = False
            self.rerun_button.setEnabled(True)
            self.status.setText("Stopped.")

    def shutdown(self) -> None:
        """Cancel the run; a service of the dialog's own is stopped and waited for."""
        self.cancel()
        if self._own_service is not None:
            self._own_service.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.cancel()  # a closed dialog needs no result; opening it again starts a new run
        super().closeEvent(event)


def _sources_html(run: ValidationRun) -> str:
    out = ["<h3>Sources, comparators and notes</h3>"]
    for o in run.outcomes:
        c = o.case
        verdict = "pass" if o.passed else status_text(o.status).lower()
        out.append(f"<p><b>{escape(c.id)}: {escape(c.situation)}</b> ({escape(verdict)})<br>"
                   f"Source: {escape(c.source)}")
        if c.comparator:
            out.append(f"<br>Comparator: {escape(c.comparator)}")
        for n in c.notes:
            out.append(f"<br>• {escape(n)}")
        out.append("</p>")
    return "".join(out)


if __name__ == "__main__":  # preview on its own: python -m bonegui.app.dialogs.validation_dialog
    import sys

    from PySide6.QtWidgets import QApplication

    _qapp = QApplication.instance() or QApplication(sys.argv)
    _dialog = ValidationDialog()
    _dialog.show()
    _code = _qapp.exec()
    _dialog.shutdown()
    sys.exit(_code)
