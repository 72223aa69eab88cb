"""SimulationService: the live run (newest scenario wins, stale results dropped, cancel, errors)
and the queued jobs (pins, exports, validation: after the live run, cancelled for good), shutdown.

A stand-in ``iter_simulate`` (the real signature) makes the timing controllable: a gate
(threading.Event) holds a run until the test has sent its next request.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest

from bonegui.app.simulation.service import SimulationService
from bonegui.model.result import Result
from bonegui.scenario import Scenario, ScenarioError


def _rows(scenario: Scenario, n: int, start: int = 0) -> Result:
    t = np.arange(start, start + n, dtype=np.float64) / 365.25
    return Result({"t_years": t, "age_years": scenario.patient.age_years + t,
                   "span": np.full(n, scenario.span_years)})


class FakeModel:
    """iter_simulate stand-in: ``chunks`` blocks of 10 rows; optionally waits on ``gate`` before
    the first block; records every run and whether it saw ``cancelled()`` turn True."""

    def __init__(self, chunks: int = 3, honour_cancel: bool = True) -> None:
        self.chunks = chunks
        self.honour_cancel = honour_cancel
        self.gate: threading.Event | None = None
        self.started = threading.Event()
        self.finished = threading.Event()
        self.runs: list[float] = []
        self.saw_cancel: list[float] = []
        self.error: Exception | None = None

    def __call__(self, scenario, *, step_days=1.0, chunk_days=365.25, cancelled=None):
        self.runs.append(scenario.span_years)
        self.started.set()
        if self.error is not None:
            raise self.error
        if self.gate is not None:
            assert self.gate.wait(10), "test gate never opened"
        for i in range(self.chunks):
            if cancelled is not None and cancelled():
                self.saw_cancel.append(scenario.span_years)
                if self.honour_cancel:
                    return
            yield _rows(scenario, 10, 10 * i)
        self.finished.set()


@pytest.fixture
def model():
    return FakeModel()


@pytest.fixture
def service(qtbot, model):
    c = _started(qtbot, SimulationService(iter_simulate=model))
    yield c
    c.shutdown()


def _started(qtbot, service: SimulationService) -> SimulationService:
    """The thread starts on the event loop's first turn; the tests below then block the GUI
    thread on their gates while it runs."""
    qtbot.waitUntil(lambda: service.is_running, timeout=5000)
    return service


def _scenario(span: float) -> Scenario:
    return replace(Scenario(), span_years=span)


def test_result_arrives_with_its_generation(qtbot, service):
    with qtbot.waitSignal(service.resultReady, timeout=5000) as sig:
        gen = service.request(_scenario(3.0))
    result, generation = sig.args
    assert generation == gen
    assert len(result) == 30 and result["span"][0] == 3.0
    assert service.last_result is result
    assert service.last_scenario == _scenario(3.0)


def test_stale_result_is_dropped(qtbot, service, model):
    """Run A finishes and its result is queued to the GUI thread; before the GUI gets to it the
    user asks for B. A's result then arrives stale and must not reach the plots."""
    seen: list[tuple[float, int]] = []
    service.resultReady.connect(lambda r, g: seen.append((float(r["span"][0]), g)))
    service.request(_scenario(2.0))
    assert model.finished.wait(5)
    deadline = time.monotonic() + 5
    while service._mailbox._running is not None and time.monotonic() < deadline:
        time.sleep(0.005)  # no event processing: A's resultReady waits in the GUI queue
    assert service._mailbox._running is None  # the worker emitted A and finished
    newest = service.request(_scenario(5.0))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.wait(50)
    assert seen == [(5.0, newest)]
    assert service.dropped_stale >= 1


def test_new_request_cancels_the_running_simulation(qtbot, service, model):
    model.gate = threading.Event()
    service.request(_scenario(2.0))
    assert model.started.wait(5)
    with qtbot.waitSignal(service.resultReady, timeout=5000) as sig:
        service.request(_scenario(4.0))
        model.gate.set()
    assert sig.args[0]["span"][0] == 4.0
    assert model.saw_cancel[:1] == [2.0]  # the running one saw cancelled() and stopped


def test_requests_during_a_run_coalesce_to_the_newest(qtbot, service, model):
    model.gate = threading.Event()
    service.request(_scenario(1.0))
    assert model.started.wait(5)
    for k in range(2, 30):  # a drag: many previews while the first run is busy
        last = service.request(_scenario(float(k)), stream=False)
    with qtbot.waitSignal(service.resultReady, timeout=5000) as sig:
        model.gate.set()
    assert sig.args[1] == last and sig.args[0]["span"][0] == 29.0
    qtbot.wait(50)
    assert model.runs == [1.0, 29.0]  # the 27 previews in between were never simulated


def test_streaming_emits_chunks_then_the_whole_result(qtbot, service):
    chunks = []
    service.chunkReady.connect(lambda r, g: chunks.append(len(r)))
    with qtbot.waitSignal(service.resultReady, timeout=5000) as sig:
        service.request(_scenario(3.0), stream=True)
    assert chunks == [10, 10, 10]
    assert len(sig.args[0]) == 30


def test_preview_does_not_stream(qtbot, service):
    chunks = []
    service.chunkReady.connect(lambda r, g: chunks.append(len(r)))
    with qtbot.waitSignal(service.resultReady, timeout=5000):
        service.request(_scenario(3.0), stream=False)
    assert chunks == []


def test_model_error_is_reported_and_the_next_request_works(qtbot, service, model):
    model.error = ScenarioError("therapies[0].dose", "5000 is outside 10-1000 mg")
    with qtbot.waitSignal(service.failed, timeout=5000) as sig:
        service.request(_scenario(2.0))
    assert sig.args[0] == "therapies[0].dose: 5000 is outside 10-1000 mg"
    model.error = ZeroDivisionError("boom")
    with qtbot.waitSignal(service.failed, timeout=5000) as sig:
        service.request(_scenario(3.0))
    assert sig.args[0] == "Model error: ZeroDivisionError: boom"
    model.error = None
    with qtbot.waitSignal(service.resultReady, timeout=5000):
        service.request(_scenario(4.0))
    assert service.is_running


def test_same_scenario_is_answered_from_memory(qtbot, service, model):
    with qtbot.waitSignal(service.resultReady, timeout=5000):
        service.request(_scenario(3.0))
    with qtbot.waitSignal(service.resultReady, timeout=5000) as sig:
        gen = service.request(_scenario(3.0))
    assert sig.args[1] == gen
    assert model.runs == [3.0]


def test_shutdown_stops_the_thread_and_later_requests_do_nothing(qtbot, model):
    c = _started(qtbot, SimulationService(iter_simulate=model))
    model.gate = threading.Event()
    c.request(_scenario(2.0))
    assert model.started.wait(5)
    model.gate.set()
    assert c.shutdown()
    assert not c.is_running
    c.request(_scenario(3.0))
    qtbot.wait(50)
    assert model.runs == [2.0]


def test_a_drag_shows_interim_previews_instead_of_starving(qtbot, service, model):
    """Previews arriving faster than a run must not cancel it forever: the running preview
    finishes and is shown (it is newer than anything on screen), then the newest runs."""
    model.gate = threading.Event()
    seen: list[float] = []
    service.resultReady.connect(lambda r, g: seen.append(float(r["span"][0])))
    service.request(_scenario(1.0), stream=False, preview=True)
    assert model.started.wait(5)
    newest = service.request(_scenario(2.0), stream=False, preview=True)
    model.gate.set()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == [1.0, 2.0] and model.saw_cancel == []
    assert service.last_scenario == _scenario(2.0) and service.generation == newest


def test_a_commit_supersedes_running_previews(qtbot, service, model):
    model.gate = threading.Event()
    seen: list[float] = []
    service.resultReady.connect(lambda r, g: seen.append(float(r["span"][0])))
    service.request(_scenario(1.0), stream=False, preview=True)
    assert model.started.wait(5)
    service.request(_scenario(3.0), stream=False)  # committed: the preview is stale now
    model.gate.set()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.wait(50)
    assert seen == [3.0] and model.saw_cancel == [1.0]


def test_release_adopts_the_running_preview_of_the_same_scenario(qtbot, service, model):
    model.gate = threading.Event()
    service.request(_scenario(2.0), stream=False, preview=True)
    assert model.started.wait(5)
    with qtbot.waitSignal(service.resultReady, timeout=5000) as sig:
        commit = service.request(_scenario(2.0), stream=False)  # the drag's release
        model.gate.set()
    assert sig.args[1] == commit and model.runs == [2.0]  # answered by the run in flight


# ---------------------------------------------------------------------------- queued jobs
def test_a_pin_is_simulated_once_in_the_service_thread_and_then_cached(qtbot, service, model):
    s = _scenario(4.0)
    got: list[Result | None] = []
    assert service.results.request(s, got.append) is None
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got[0]["span"][0] == 4.0 and len(got[0]) == 30
    assert service.counts == {"pin": 1}
    assert service.thread_ident not in (None, threading.get_ident())
    again: list[Result | None] = []
    assert service.results.request(s, again.append) is got[0]  # from the cache, at once
    assert again == [got[0]] and service.counts == {"pin": 1}


def test_the_live_result_is_cached_for_pins(qtbot, service, model):
    with qtbot.waitSignal(service.resultReady, timeout=5000) as sig:
        service.request(_scenario(3.0))
    assert service.results.get(_scenario(3.0)) is sig.args[0]
    assert service.results.request(_scenario(3.0)) is sig.args[0]
    assert service.counts == {"live": 1}


def test_the_live_run_goes_first_between_the_chunks_of_a_queued_job(qtbot, service, model):
    model.gate = threading.Event()
    order: list[str] = []
    service.resultReady.connect(lambda r, g: order.append(f"live {r['span'][0]:g}"))
    service.submit("validation", lambda ctx: ctx.simulate(_scenario(7.0)),
                      on_done=lambda r: order.append(f"job {r['span'][0]:g}, {len(r)} rows"))
    assert model.started.wait(5)  # the job's run waits at the gate, before its first chunk
    service.request(_scenario(2.0))
    model.gate.set()
    qtbot.waitUntil(lambda: len(order) == 2, timeout=5000)
    assert order == ["live 2", "job 7, 30 rows"]
    assert model.runs == [7.0, 2.0]  # the live run started after the job's first chunk
    assert service.counts == {"validation": 1, "live": 1}


def test_jobs_run_oldest_first_and_report_progress_and_errors(qtbot, service, model):
    seen: list[str] = []

    def counting(ctx):
        for span in (1.0, 2.0):
            ctx.progress(span)
            ctx.simulate(_scenario(span))
        return "counted"

    def broken(ctx):
        raise ZeroDivisionError("boom")

    service.submit("export", counting, on_progress=lambda p: seen.append(f"progress {p:g}"),
                      on_done=lambda v: seen.append(v))
    service.submit("export", broken, on_done=seen.append, on_error=lambda e: seen.append(f"error: {e}"))
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=5000)
    assert seen == ["progress 1", "progress 2", "counted", "error: ZeroDivisionError: boom"]
    assert model.runs == [1.0, 2.0] and service.counts == {"export": 2}
    assert service.pending_jobs() == 0


def test_a_cancelled_job_stops_between_chunks_and_never_calls_back(qtbot, service, model):
    model.gate = threading.Event()
    calls: list[object] = []
    running = service.submit("validation", lambda ctx: ctx.simulate(_scenario(5.0)),
                                on_done=calls.append, on_error=calls.append)
    waiting = service.submit("pin", lambda ctx: ctx.simulate(_scenario(6.0)), on_done=calls.append)
    assert model.started.wait(5)
    assert service.pending_jobs("validation") == 1 and service.pending_jobs("pin") == 1
    running.cancel()
    waiting.cancel()
    assert service.pending_jobs() == 0
    model.gate.set()
    qtbot.waitUntil(lambda: service._jobs.pending() == 0 and service._jobs._running is None, timeout=5000)
    with qtbot.waitSignal(service.resultReady, timeout=5000):  # the thread is free again
        service.request(_scenario(1.0))
    qtbot.wait(50)
    assert calls == []
    assert model.saw_cancel == [5.0]  # the running job saw cancelled() at its next chunk
    assert 6.0 not in model.runs  # the waiting one never started


def test_shutdown_with_every_kind_of_work_pending_cancels_it_all(qtbot, qtlog, model):
    c = _started(qtbot, SimulationService(iter_simulate=model))
    model.gate = threading.Event()
    calls: list[object] = []
    c.request(_scenario(2.0))  # the live run, held at the gate
    assert model.started.wait(5)
    c.results.request(_scenario(3.0), calls.append)
    for kind in ("export", "validation"):
        c.submit(kind, lambda ctx: ctx.simulate(_scenario(4.0)), on_done=calls.append, on_error=calls.append)
    assert [c.pending_jobs(k) for k in ("pin", "export", "validation")] == [1, 1, 1]
    threading.Timer(0.2, model.gate.set).start()  # the running chunk ends after shutdown began
    assert c.shutdown()
    assert not c.is_running and c.pending_jobs() == 0
    later = c.submit("pin", lambda ctx: ctx.simulate(_scenario(5.0)), on_done=calls.append)
    assert later.cancelled
    qtbot.wait(100)
    assert calls == [] and model.runs == [2.0]
    assert model.saw_cancel == [2.0]
    assert [r.message for r in qtlog.records] == []


def test_a_widget_in_a_garbage_cycle_dies_on_the_gui_thread_while_the_simulation_thread_allocates(qtbot, service):
    """CI crashed (SIGSEGV) when numba's first compile in the simulation thread triggered a
    collection there that destroyed a closed window's widgets. Cycles are collected by the GUI
    thread's timer instead (gui_gc): the widget's destructor runs on the GUI thread."""
    import gc

    from PySide6.QtWidgets import QWidget

    from bonegui.app.simulation import gui_gc

    assert not gc.isenabled()  # the service turned automatic collection off
    died_on: list[int] = []

    class Holder:
        pass

    def drop_a_widget_in_a_cycle():
        h = Holder()
        h.self, h.widget = h, QWidget()
        h.widget.destroyed.connect(lambda *_: died_on.append(threading.get_ident()))

    drop_a_widget_in_a_cycle()

    def allocate(ctx):  # a compile's worth of cyclic garbage, made in the simulation thread
        for _ in range(200_000):
            a = []
            a.append(a)
        return threading.get_ident()

    with qtbot.waitSignal(service._worker.jobDone, timeout=10000) as done:
        service.submit("validation", allocate)
    assert done.args[1] != threading.get_ident()  # the work did run in the other thread
    collector = gui_gc.install()
    qtbot.waitUntil(lambda: len(died_on) > 0, timeout=3 * gui_gc.INTERVAL_MS)  # (maybe during the job)
    assert died_on == [threading.get_ident()]  # on the GUI thread, by its timer
    assert collector.collections[0] >= 1
