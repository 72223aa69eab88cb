"""The simulation child process: the model runs outside the GUI process's GIL.

The model is a pure-Python float loop that holds the GIL for its whole run (~15-25 ms per
10-year scenario, several times that on a shared CPU); in a thread of the GUI process it starves
the GUI thread during a drag. A persistent child process (multiprocessing "spawn": never fork a
process that runs Qt) imports the model once and runs ``iter_simulate`` for the scenarios sent
to it; the GUI-side thread only sends requests and waits on the pipe, which releases the GIL.

This module imports no Qt: the child imports it to run ``child_main``.

Protocol (tuples over one duplex ``multiprocessing`` pipe; pickling is between our own two
processes only, never of user files):

- parent -> child: ``("run", job_id, scenario, step_days, chunk_days)``,
  ``("cancel", job_id)``, ``("stop",)``;
- child -> parent: ``("ready", pid)`` on a second one-way pipe once the model is imported and
  warmed up (so any thread may ask whether it is ready); then per job
  ``("chunk", job_id, series, units)`` row blocks and one terminal message ``("done", job_id)``,
  ``("cancelled", job_id)`` or ``("error", job_id, message, traceback_text | None)``.

The child checks its pipe between chunks (the ``cancelled`` callback of iter_simulate): a
cancel for its job, a newer run or a stop ends the running job at the next chunk boundary.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque

log = logging.getLogger(__name__)

#: BONEGUI_INPROCESS=1 runs the model in the simulation thread of the GUI process (no child).
INPROCESS_ENV = "BONEGUI_INPROCESS"


def process_mode_enabled() -> bool:
    """False with BONEGUI_INPROCESS=1, and inside a spawned child: "spawn" re-imports the
    parent's main script in the child, so a script that builds the window without the
    ``if __name__ == "__main__":`` guard must not spawn again from there."""
    if multiprocessing.parent_process() is not None:
        return False
    return os.environ.get(INPROCESS_ENV, "").strip().lower() not in ("1", "true", "yes", "on")


class ChildLost(Exception):
    """The child process died, or its pipe broke."""


# --------------------------------------------------------------------------------- child side
def child_main(conn, ready_conn) -> None:
    """The child's loop: warm up, announce readiness on ``ready_conn``, then run the jobs that
    arrive on ``conn`` until told to stop or the parent goes away (EOF on the pipe)."""
    import traceback

    from bonegui.model import simulate as simulate_module
    from bonegui.model.result import SERIES_UNITS
    from bonegui.scenario import Scenario, ScenarioError

    try:  # the first call imports parts of SciPy (~1 s): done before saying "ready"
        for _chunk in simulate_module.iter_simulate(Scenario(span_years=0.05)):
            pass
    except Exception:  # noqa: BLE001 (a real request reports it)
        pass
    ready_conn.send(("ready", os.getpid()))
    ready_conn.close()

    pending: deque = deque()
    while True:
        try:
            msg = pending.popleft() if pending else conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        kind = msg[0]
        if kind == "stop":
            return
        if kind != "run":
            continue  # a cancel for a job that already ended
        _, job_id, scenario, step_days, chunk_days = msg
        stop = [False]

        def cancelled(job_id=job_id, stop=stop) -> bool:
            while not stop[0] and conn.poll():
                m = conn.recv()
                if m[0] == "cancel":
                    stop[0] = m[1] == job_id
                else:  # a newer run, or stop: supersedes this job
                    pending.append(m)
                    stop[0] = True
            return stop[0]

        try:
            for chunk in simulate_module.iter_simulate(scenario, step_days=step_days,
                                                       chunk_days=chunk_days, cancelled=cancelled):
                if cancelled():
                    break
                units = None if chunk.units is SERIES_UNITS else dict(chunk.units)
                conn.send(("chunk", job_id, dict(chunk.series), units))
            conn.send(("cancelled" if stop[0] else "done", job_id))
        except ScenarioError as e:
            conn.send(("error", job_id, str(e), None))
        except (EOFError, OSError, BrokenPipeError):
            return
        except Exception as e:  # noqa: BLE001 (a model bug is reported, the child lives on)
            conn.send(("error", job_id, f"Model error: {type(e).__name__}: {e}", traceback.format_exc()))


def _child_entry(conn, ready_conn) -> None:
    """The child process's target."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in the terminal is the parent's business
    child_main(conn, ready_conn)


# -------------------------------------------------------------------------------- parent side
class ChildSimulator:
    """Parent-side handle of one child process. ``start()`` returns at once (~10 ms); the child
    is usable once ``ready()`` is True (any thread may ask). The job pipe (``send``/``poll``/
    ``recv``) is used by one thread at a time: the simulation thread while it runs, the GUI
    thread in ``stop()`` once that thread has ended."""

    #: how long the child may take to stop after being asked, before it is terminated
    STOP_TIMEOUT_S = 2.0

    def __init__(self) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._process = None
        self._conn = None
        self._ready_conn = None
        self._ready = False
        self.pid: int | None = None
        self.starts = 0

    def start(self) -> None:
        """Spawn a (new) child; a previous one is stopped first."""
        self.stop(timeout_s=0.5)
        with self._lock:
            parent_end, child_end = self._ctx.Pipe(duplex=True)
            ready_r, ready_w = self._ctx.Pipe(duplex=False)
            process = self._ctx.Process(target=_child_entry, args=(child_end, ready_w),
                                        name="bonegui-simulation", daemon=True)
            process.start()
            child_end.close()  # only the child holds these now: its death reads as EOF here
            ready_w.close()
            self._process, self._conn, self._ready_conn, self._ready = process, parent_end, ready_r, False
            self.pid = process.pid
            self.starts += 1

    @property
    def started(self) -> bool:
        return self._process is not None

    def alive(self) -> bool:
        p = self._process
        return p is not None and p.is_alive()

    def ready(self) -> bool:
        """True once the child has announced itself; never blocks."""
        with self._lock:
            if self._ready or self._ready_conn is None:
                return self._ready
            try:
                if self._ready_conn.poll():
                    self._ready = self._ready_conn.recv()[0] == "ready"
            except (EOFError, OSError):  # died while starting
                pass
            if self._ready:
                self._ready_conn.close()
                self._ready_conn = None
            return self._ready

    def send(self, msg) -> None:
        try:
            self._conn.send(msg)
        except (OSError, AttributeError, ValueError) as e:  # broken pipe, closed, stopped
            raise ChildLost(str(e)) from e

    def poll(self, timeout: float) -> bool:
        try:
            return self._conn.poll(timeout)
        except (OSError, AttributeError, ValueError, EOFError) as e:
            raise ChildLost(str(e)) from e

    def recv(self):
        try:
            return self._conn.recv()
        except (EOFError, OSError, AttributeError, ValueError) as e:
            raise ChildLost(str(e)) from e

    def stop(self, timeout_s: float | None = None) -> None:
        """Ask the child to stop, join it, terminate (then kill) it if it does not. Idempotent;
        leaves no zombie (join reaps it)."""
        timeout_s = self.STOP_TIMEOUT_S if timeout_s is None else timeout_s
        ready = self.ready()
        with self._lock:
            process, conn, ready_conn = self._process, self._conn, self._ready_conn
            self._process = self._conn = self._ready_conn = None
            self._ready = False
        if process is None:
            return
        try:
            conn.send(("stop",))
        except (OSError, ValueError):
            pass  # already gone
        if not ready:  # still importing: it would read "stop" only after its ~1 s warm-up
            process.terminate()
        process.join(timeout_s)
        if process.is_alive():
            log.warning("simulation process %s did not stop in %.1f s: terminating", process.pid, timeout_s)
            process.terminate()
            process.join(1.0)
            if process.is_alive():
                process.kill()
                process.join(1.0)
        for c in (conn, ready_conn):
            if c is not None:
                c.close()
        try:
            process.close()
        except ValueError:
            pass
