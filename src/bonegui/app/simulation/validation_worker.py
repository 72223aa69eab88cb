"""ValidationWorker: runs the calibration cases (bonegui.validation) in the Model vs evidence
dialog's QThread, one signal per finished case; ``cancel()`` stops between cases."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal, Slot

from bonegui.validation.runner import CaseOutcome


class ValidationWorker(QObject):
    """Runs in the validation thread. ``run`` loads the cases and runs them one by one."""

    started = Signal(int)  # number of cases
    caseDone = Signal(object)  # CaseOutcome
    finished = Signal(object)  # ValidationRun
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self.thread_ident: int | None = None  # for tests: where the model ran

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        from bonegui.validation import CaseError, load_cases, run_cases

        self.thread_ident = threading.get_ident()
        self._cancel.clear()
        try:
            cases = load_cases()
        except CaseError as e:
            self.failed.emit(str(e))
            return
        self.started.emit(len(cases))
        try:
            run = run_cases(cases, progress=self._progress, cancelled=self._cancel.is_set)
        except Exception as e:  # noqa: BLE001 - shown in the dialog; the app keeps working
            self.failed.emit(f"{type(e).__name__}: {e}")
            return
        self.finished.emit(run)

    def _progress(self, outcome: CaseOutcome) -> None:
        self.caseDone.emit(outcome)
