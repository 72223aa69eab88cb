"""The window's one simulation service: the live run, a pin, a CSV export and the Model vs
evidence view all run through it, and closing the window with every kind of work pending
cancels it all, stops the thread and prints no Qt warning."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QSettings

from bonegui.app.main_window import MainWindow
from bonegui.model import simulate as simulate_module
from bonegui.scenario import PinnedRun
from bonegui.validation import load_cases


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BONEGUI_DATA_DIR", str(tmp_path / "data"))


def _window(qtbot, tmp_path):
    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), restore_layout=False)
    qtbot.addWidget(w)
    w.workshop.files.prompts_enabled = False
    w.show()
    return w


def test_live_run_pin_export_and_validation_all_run_through_the_service(qtbot, tmp_path, monkeypatch):
    threads: list[int] = []
    real = simulate_module.iter_simulate

    def recording(scenario, **kw):  # every model run of the app, wherever it comes from
        threads.append(threading.get_ident())
        return real(scenario, **kw)

    monkeypatch.setattr(simulate_module, "iter_simulate", recording)
    win = _window(qtbot, tmp_path)
    service = win.simulation
    qtbot.waitUntil(lambda: win.last_result is not None, timeout=30_000)
    assert service.counts == {"live": 1}

    other = win.document.scenario.with_patient(age_years=70.0)
    win.document.set_pinned((PinnedRun("Seventy", other),))
    qtbot.waitUntil(lambda: (win.workshop.pins.pinned_results() or []) != [], timeout=30_000)
    assert service.counts == {"live": 1, "pin": 1}
    win.workshop.pins.pin_current("Now")  # the run on screen: from the service's cache
    assert len(win.workshop.pins.pinned_results()) == 2 and service.counts["pin"] == 1

    done: list[str | None] = []
    win.workshop.export.export_csv(str(tmp_path / "runs.csv"), on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert done[0].endswith("runs.csv")
    assert service.jobs_started == {"pin": 1, "export": 1}  # its three runs were all cached

    dlg = win.validation_menu.open()
    qtbot.waitUntil(lambda: dlg.run_result is not None, timeout=120_000)
    assert service.counts["validation"] == sum(len(c.scenarios) for c in load_cases())
    assert service.jobs_started["validation"] == 1

    assert set(threads) == {service.thread_ident} != {threading.get_ident()}
    assert len(threads) == sum(service.counts.values())  # no model run bypassed the service
    win.close()


def test_closing_with_every_kind_of_work_pending_cancels_it_all(qtbot, qtlog, tmp_path, monkeypatch):
    gate = threading.Event()
    real = simulate_module.iter_simulate

    def held(scenario, *, cancelled=None, **kw):  # each chunk waits for the gate or a cancel
        for chunk in real(scenario, cancelled=cancelled, **kw):
            while not gate.is_set() and not (cancelled is not None and cancelled()):
                time.sleep(0.002)
            yield chunk

    monkeypatch.setattr(simulate_module, "iter_simulate", held)
    win = _window(qtbot, tmp_path)
    service = win.simulation
    qtbot.waitUntil(lambda: service.is_running, timeout=5000)
    win.document.commit(win.document.scenario.with_patient(age_years=60.0), "Age 60")  # the live run
    win.document.set_pinned((PinnedRun("Seventy", win.document.scenario.with_patient(age_years=70.0)),))
    exported: list[str | None] = []
    win.workshop.export.export_csv(str(tmp_path / "runs.csv"), on_done=exported.append)
    dlg = win.validation_menu.open()
    assert service.busy and service.is_running
    assert [service.pending_jobs(k) for k in ("pin", "export", "validation")] == [1, 1, 1]
    before = len(qtlog.records)

    assert win.close()
    assert not service.is_running and service.pending_jobs() == 0
    gate.set()
    qtbot.wait(100)
    assert exported == [] and dlg.run_result is None and win.workshop.pins.pinned_results() is None
    assert not (tmp_path / "runs.csv").exists()
    # (the offscreen platform's "This plugin does not support raise()" and the like are no
    # warnings of ours; a thread destroyed while running, a timer or object of a dead thread are)
    warnings = [r.message for r in qtlog.records[before:] if not r.message.startswith("This plugin does not support")]
    assert warnings == []
    assert win.last_result is None  # the live run was cancelled too: nothing ever arrived


def test_an_edit_late_in_the_scenario_re_simulates_only_from_that_day(qtbot, tmp_path):
    """The live run keeps a Simulator: moving a therapy that starts in year 6 of 10 re-runs the
    model from year 6, and what the plots get equals a whole run."""
    from bonegui.scenario import Patient, Scenario, Therapy

    win = _window(qtbot, tmp_path)
    qtbot.waitUntil(lambda: win.last_result is not None and not win.simulation.busy, timeout=30_000)  # start-up's
    qtbot.waitUntil(lambda: win.simulation.compiled, timeout=120_000)  # the Simulator runs compiled
    base = Scenario(patient=Patient(sex="male", age_years=55.0, conditions=("hypogonadism",)),
                    therapies=(Therapy("testosterone_cypionate", 100.0, "mg", "IM", 7.0, 6.0, 9.0),),
                    span_years=10.0)
    win.document.commit(base, "base")
    qtbot.waitUntil(lambda: win.simulation.last_scenario == base and not win.simulation.busy, timeout=30_000)
    live = win.simulation._worker._live_simulator
    assert live is not None
    edited = base.with_therapy(0, start_years=6.5)
    win.document.commit(edited, "move")
    qtbot.waitUntil(lambda: win.simulation.last_scenario == edited and not win.simulation.busy, timeout=30_000)
    n = len(win.simulation.last_result)
    assert 0 < live.last_rows_simulated <= n - int(5.9 * 365)
    assert win.simulation.last_result.equals(simulate_module.simulate(edited))
    # the rows the Simulator joined are what the plots got (the year-long chunks not joined again)
    assert win.simulation.last_result is live.last_result(win.simulation.last_scenario)
    win.close()


def test_until_the_model_is_compiled_live_runs_are_uncompiled_and_queued_jobs_wait(qtbot, tmp_path, monkeypatch):
    """Start-up on a cold numba cache: the compile (~8 s) runs in its own thread. Meanwhile the
    live run keeps answering in the model's plain-Python form, which agrees with the compiled
    model, and a pin waits; once compiled, the pin runs and live runs are compiled (bit for
    bit what simulate() gives)."""
    import numpy as np

    from bonegui.app.simulation import worker as worker_module
    from bonegui.app.simulation.warm_up import CompileWarmUp
    from bonegui.model import kernel

    if kernel.compiled() is None:
        pytest.skip("numba is not installed here")
    release = threading.Event()
    compiling = CompileWarmUp(lambda: release.wait(60))  # a compile that ends when the test says
    monkeypatch.setattr(worker_module, "WARM_UP", compiling)
    win = _window(qtbot, tmp_path)
    qtbot.waitUntil(lambda: win.last_result is not None and not win.simulation.busy, timeout=30_000)
    worker = win.simulation._worker
    assert worker.uncompiled_runs == 1 and not win.simulation.compiled
    first, scenario = win.simulation.last_result, win.simulation.last_scenario
    compiled = simulate_module.simulate(scenario)
    for name in ("bmd_spine_g_cm2", "ctx_rel", "estradiol_pg_ml", "rankl_opg_ratio"):
        np.testing.assert_allclose(first[name], compiled[name], rtol=1e-9)
    edited = scenario.with_patient(age_years=scenario.patient.age_years + 1.0)
    win.document.commit(edited, "age")  # answered uncompiled, while the compile goes on
    qtbot.waitUntil(lambda: win.simulation.last_scenario == edited and not win.simulation.busy, timeout=30_000)
    assert worker.uncompiled_runs == 2
    win.document.set_pinned((PinnedRun("Seventy", edited.with_patient(age_years=70.0)),))
    qtbot.wait(300)
    assert win.simulation.counts.get("pin", 0) == 0 and win.simulation.pending_jobs("pin") == 1  # waits
    release.set()
    qtbot.waitUntil(lambda: win.simulation.counts.get("pin", 0) == 1, timeout=30_000)
    again = edited.with_patient(age_years=edited.patient.age_years + 1.0)
    win.document.commit(again, "age")
    qtbot.waitUntil(lambda: win.simulation.last_scenario == again and not win.simulation.busy, timeout=30_000)
    assert worker.uncompiled_runs == 2
    assert win.simulation.last_result.equals(simulate_module.simulate(again))  # bit for bit: compiled
    win.close()


def test_a_window_opened_after_the_compile_runs_compiled_from_its_first_result(qtbot, tmp_path):
    from bonegui.app.simulation import worker as worker_module

    worker_module.WARM_UP.done.wait(120)  # this process's compile (an earlier window started it)
    win = _window(qtbot, tmp_path)
    qtbot.waitUntil(lambda: win.last_result is not None and not win.simulation.busy, timeout=30_000)
    assert win.simulation._worker.uncompiled_runs == 0
    assert win.last_result.equals(simulate_module.simulate(win.simulation.last_scenario))
    win.close()
