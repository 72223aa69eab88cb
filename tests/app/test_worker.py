"""SimulationController: newest scenario wins, stale results dropped, cancel, errors, shutdown.

A stand-in ``iter_simulate`` (the real signature) makes the timing controllable: a gate
(threading.Event) holds a run until the test has sent its next request.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from dataclasses import replace

import numpy as np
import pytest

from bonegui.app.simulation.controller import SimulationController
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
def controller(qtbot, model):
    c = SimulationController(iter_simulate=model)
    yield c
    c.shutdown()


def _scenario(span: float) -> Scenario:
    return replace(Scenario(), span_years=span)


def test_result_arrives_with_its_generation(qtbot, controller):
    with qtbot.waitSignal(controller.resultReady, timeout=5000) as sig:
        gen = controller.request(_scenario(3.0))
    result, generation = sig.args
    assert generation == gen
    assert len(result) == 30 and result["span"][0] == 3.0
    assert controller.last_result is result
    assert controller.last_scenario == _scenario(3.0)


def test_stale_result_is_dropped(qtbot, controller, model):
    """Run A finishes and its result is queued to the GUI thread; before the GUI gets to it the
    user asks for B. A's result then arrives stale and must not reach the plots."""
    seen: list[tuple[float, int]] = []
    controller.resultReady.connect(lambda r, g: seen.append((float(r["span"][0]), g)))
    controller.request(_scenario(2.0))
    assert model.finished.wait(5)
    deadline = time.monotonic() + 5
    while controller._mailbox._running is not None and time.monotonic() < deadline:
        time.sleep(0.005)  # no event processing: A's resultReady waits in the GUI queue
    assert controller._mailbox._running is None  # the worker emitted A and finished
    newest = controller.request(_scenario(5.0))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.wait(50)
    assert seen == [(5.0, newest)]
    assert controller.dropped_stale >= 1


def test_new_request_cancels_the_running_simulation(qtbot, controller, model):
    model.gate = threading.Event()
    controller.request(_scenario(2.0))
    assert model.started.wait(5)
    with qtbot.waitSignal(controller.resultReady, timeout=5000) as sig:
        controller.request(_scenario(4.0))
        model.gate.set()
    assert sig.args[0]["span"][0] == 4.0
    assert model.saw_cancel[:1] == [2.0]  # the running one saw cancelled() and stopped


def test_requests_during_a_run_coalesce_to_the_newest(qtbot, controller, model):
    model.gate = threading.Event()
    controller.request(_scenario(1.0))
    assert model.started.wait(5)
    for k in range(2, 30):  # a drag: many previews while the first run is busy
        last = controller.request(_scenario(float(k)), stream=False)
    with qtbot.waitSignal(controller.resultReady, timeout=5000) as sig:
        model.gate.set()
    assert sig.args[1] == last and sig.args[0]["span"][0] == 29.0
    qtbot.wait(50)
    assert model.runs == [1.0, 29.0]  # the 27 previews in between were never simulated


def test_streaming_emits_chunks_then_the_whole_result(qtbot, controller):
    chunks = []
    controller.chunkReady.connect(lambda r, g: chunks.append(len(r)))
    with qtbot.waitSignal(controller.resultReady, timeout=5000) as sig:
        controller.request(_scenario(3.0), stream=True)
    assert chunks == [10, 10, 10]
    assert len(sig.args[0]) == 30


def test_preview_does_not_stream(qtbot, controller):
    chunks = []
    controller.chunkReady.connect(lambda r, g: chunks.append(len(r)))
    with qtbot.waitSignal(controller.resultReady, timeout=5000):
        controller.request(_scenario(3.0), stream=False)
    assert chunks == []


def test_model_error_is_reported_and_the_next_request_works(qtbot, controller, model):
    model.error = ScenarioError("therapies[0].dose", "5000 is outside 10-1000 mg")
    with qtbot.waitSignal(controller.failed, timeout=5000) as sig:
        controller.request(_scenario(2.0))
    assert sig.args[0] == "therapies[0].dose: 5000 is outside 10-1000 mg"
    model.error = ZeroDivisionError("boom")
    with qtbot.waitSignal(controller.failed, timeout=5000) as sig:
        controller.request(_scenario(3.0))
    assert sig.args[0] == "Model error: ZeroDivisionError: boom"
    model.error = None
    with qtbot.waitSignal(controller.resultReady, timeout=5000):
        controller.request(_scenario(4.0))
    assert controller.is_running


def test_same_scenario_is_answered_from_memory(qtbot, controller, model):
    with qtbot.waitSignal(controller.resultReady, timeout=5000):
        controller.request(_scenario(3.0))
    with qtbot.waitSignal(controller.resultReady, timeout=5000) as sig:
        gen = controller.request(_scenario(3.0))
    assert sig.args[1] == gen
    assert model.runs == [3.0]


def test_shutdown_stops_the_thread_and_later_requests_do_nothing(qtbot, model):
    c = SimulationController(iter_simulate=model)
    model.gate = threading.Event()
    c.request(_scenario(2.0))
    assert model.started.wait(5)
    model.gate.set()
    assert c.shutdown()
    assert not c.is_running
    c.request(_scenario(3.0))
    qtbot.wait(50)
    assert model.runs == [2.0]


def test_a_drag_shows_interim_previews_instead_of_starving(qtbot, controller, model):
    """Previews arriving faster than a run must not cancel it forever: the running preview
    finishes and is shown (it is newer than anything on screen), then the newest runs."""
    model.gate = threading.Event()
    seen: list[float] = []
    controller.resultReady.connect(lambda r, g: seen.append(float(r["span"][0])))
    controller.request(_scenario(1.0), stream=False, preview=True)
    assert model.started.wait(5)
    newest = controller.request(_scenario(2.0), stream=False, preview=True)
    model.gate.set()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == [1.0, 2.0] and model.saw_cancel == []
    assert controller.last_scenario == _scenario(2.0) and controller.generation == newest


def test_a_commit_supersedes_running_previews(qtbot, controller, model):
    model.gate = threading.Event()
    seen: list[float] = []
    controller.resultReady.connect(lambda r, g: seen.append(float(r["span"][0])))
    controller.request(_scenario(1.0), stream=False, preview=True)
    assert model.started.wait(5)
    controller.request(_scenario(3.0), stream=False)  # committed: the preview is stale now
    model.gate.set()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.wait(50)
    assert seen == [3.0] and model.saw_cancel == [1.0]


def test_release_adopts_the_running_preview_of_the_same_scenario(qtbot, controller, model):
    model.gate = threading.Event()
    controller.request(_scenario(2.0), stream=False, preview=True)
    assert model.started.wait(5)
    with qtbot.waitSignal(controller.resultReady, timeout=5000) as sig:
        commit = controller.request(_scenario(2.0), stream=False)  # the drag's release
        model.gate.set()
    assert sig.args[1] == commit and model.runs == [2.0]  # answered by the run in flight


# ---------------------------------------------------------------------------- process path
# The tests above drive the worker with a stand-in model, which always runs in the thread.
# These run the real model in the child process (one spawn each, ~1 s of CPU on start), and
# the child's loop itself in a thread of this process with a stand-in model.

from bonegui.app.simulation import child_process as sim_process  # noqa: E402
from bonegui.model import simulate as simulate_module  # noqa: E402
from bonegui.scenario import check_scenario  # noqa: E402


def _pid_gone(pid: int) -> bool:
    """True once ``pid`` has exited and been reaped (no zombie left behind)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def proc(qtbot):
    c = SimulationController(process=True)
    qtbot.waitUntil(lambda: c.child_ready, timeout=60000)
    yield c
    c.shutdown()


def test_the_child_process_answers_like_the_thread(qtbot, proc):
    s = replace(Scenario(), span_years=3.0)
    chunks: list[Result] = []
    proc.chunkReady.connect(lambda r, g: chunks.append(r))
    with qtbot.waitSignal(proc.resultReady, timeout=30000) as sig:
        gen = proc.request(s, stream=True)
    result, generation = sig.args
    assert generation == gen and proc.run_counts == (1, 0)  # the child ran it, not the thread
    assert result.equals(simulate_module.simulate(s))
    assert len(chunks) == 4 and Result.concat(chunks).equals(result)  # 3 years + the last day

    bad = Scenario().with_patient(age_years=500.0)
    with pytest.raises(ScenarioError) as err:
        check_scenario(bad)
    with qtbot.waitSignal(proc.failed, timeout=30000) as sig:
        proc.request(bad)
    assert sig.args[0] == str(err.value) == "patient.age_years: 500 is outside 18-95 years"

    # a new request cancels the long run in the child; only the newest reaches the signals
    seen: list[float] = []
    proc.resultReady.connect(lambda r, g: seen.append(round(float(r["t_years"][-1]))))
    proc.request(replace(Scenario(), span_years=60.0), stream=False)
    newest = proc.request(replace(Scenario(), span_years=2.0), stream=False)
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    qtbot.wait(100)
    assert seen == [2] and proc.generation == newest
    assert proc.run_counts[1] == 0


def test_a_dead_child_is_replaced_and_close_leaves_no_process(qtbot, proc):
    first = proc.child_pid
    os.kill(first, signal.SIGKILL)
    qtbot.waitUntil(lambda: _pid_gone(first) or not proc._child.alive(), timeout=5000)
    with qtbot.waitSignal(proc.resultReady, timeout=30000):
        proc.request(replace(Scenario(), span_years=2.0))
    assert proc.run_counts == (0, 1)  # answered by the thread meanwhile
    second = proc.child_pid
    assert second not in (None, first) and _pid_gone(first)
    qtbot.waitUntil(lambda: proc.child_ready, timeout=60000)
    with qtbot.waitSignal(proc.resultReady, timeout=30000):
        proc.request(replace(Scenario(), span_years=3.0))
    assert proc.run_counts == (1, 1)
    assert proc.shutdown()
    assert not proc.is_running and _pid_gone(second) and proc.child_pid is None


def _child_in_a_thread():
    """child_main running in a thread of this process (it sees monkeypatches), and our ends."""
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    ready_r, ready_w = ctx.Pipe(duplex=False)
    t = threading.Thread(target=sim_process.child_main, args=(theirs, ready_w), daemon=True)
    t.start()
    assert ready_r.poll(30) and ready_r.recv()[0] == "ready"
    return ours, t


def test_child_loop_reports_model_errors_and_cancels_between_chunks(monkeypatch):
    ours, t = _child_in_a_thread()
    gate, started = threading.Event(), threading.Event()

    def fake(scenario, *, step_days=1.0, chunk_days=365.25, cancelled=None):
        if scenario.span_years == 1.0:
            raise ZeroDivisionError("boom")
        for i in range(100):
            if cancelled():
                return
            yield _rows(scenario, 10, 10 * i)
            started.set()
            gate.wait(10)  # one chunk at a time, released by the test

    monkeypatch.setattr(simulate_module, "iter_simulate", fake)
    ours.send(("run", 1, _scenario(1.0), 1.0, 365.25))
    kind, job, message, tb = ours.recv()
    assert (kind, job, message) == ("error", 1, "Model error: ZeroDivisionError: boom")
    assert "ZeroDivisionError" in tb

    ours.send(("run", 2, _scenario(5.0), 1.0, 365.25))
    assert started.wait(10)
    ours.send(("cancel", 2))
    gate.set()
    msgs = [ours.recv()]
    while msgs[-1][0] == "chunk":
        msgs.append(ours.recv())
    assert msgs[-1] == ("cancelled", 2) and len(msgs) <= 3  # stopped at the next chunk boundary
    ours.send(("stop",))
    t.join(10)
    assert not t.is_alive()
