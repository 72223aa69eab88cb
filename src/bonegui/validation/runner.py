"""Run cases: simulate each scenario once with the window's ``simulate()``, compute every
measure, score every part. No stored results: every number comes from a fresh run."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from bonegui.model.result import Result
from bonegui.scenario import Scenario
from bonegui.validation import core_case
from bonegui.validation.cases import Case, Measure, Part
from bonegui.validation.quantities import QuantityError, compute
from bonegui.validation.scoring import Band, band_for, format_number, score

PASS, FAIL, NOT_RUN, ERROR = "pass", "fail", "not yet runnable", "error"


@dataclass(frozen=True)
class PartOutcome:
    case_id: str
    part: Part
    status: str  # PASS, FAIL, NOT_RUN or ERROR
    value: float | None = None
    band: Band | None = None
    detail: str = ""  # e.g. "treated -0.4 %, untreated -2.1 %", or why it did not run

    @property
    def key(self) -> str:
        return f"{self.case_id}.{self.part.id}"

    @property
    def passed(self) -> bool:
        return self.status == PASS

    def model_text(self) -> str:
        if self.value is None:
            return "-"
        return f"{format_number(self.value)} {self.part.unit}".strip()


@dataclass(frozen=True)
class CaseOutcome:
    case: Case
    parts: tuple[PartOutcome, ...]
    elapsed_s: float

    @property
    def passed(self) -> bool:
        return all(p.passed for p in self.parts)

    @property
    def status(self) -> str:
        if self.passed:
            return PASS
        for s in (ERROR, FAIL, NOT_RUN):
            if any(p.status == s for p in self.parts):
                return s
        return FAIL


@dataclass(frozen=True)
class ValidationRun:
    outcomes: tuple[CaseOutcome, ...]
    elapsed_s: float
    cancelled: bool = False

    @property
    def parts(self) -> tuple[PartOutcome, ...]:
        return tuple(p for o in self.outcomes for p in o.parts)

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and not self.cancelled and all(o.passed for o in self.outcomes)

    def counts(self) -> Mapping[str, int]:
        out = {PASS: 0, FAIL: 0, NOT_RUN: 0, ERROR: 0}
        for p in self.parts:
            out[p.status] += 1
        return out


class _NotRunnable(Exception):
    pass


class _Undefined(Exception):
    """A shape measure that does not exist for this model output (e.g. a ratio of rates when
    the model shows no loss at all): the part fails, with the reason."""


@dataclass
class _CaseRun:
    """Per-case state: each scenario simulated at most once, each measure computed once."""

    case: Case
    simulate: Callable[[Scenario], Result]
    results: dict[str, Result] = field(default_factory=dict)
    values: dict[str, tuple[float, str]] = field(default_factory=dict)

    def result(self, name: str) -> Result:
        if name not in self.results:
            self.results[name] = self.simulate(self.case.scenarios[name])
        return self.results[name]

    def measure(self, mid: str, depth: int = 0) -> tuple[float, str]:
        """(value, detail) of one measure."""
        if mid in self.values:
            return self.values[mid]
        if depth > 8:
            raise QuantityError(f"measure {mid!r} refers to itself through 'of'")
        m: Measure = self.case.measures[mid]
        if m.core is not None:
            try:
                v = core_case.core_measure(m.core)
            except core_case.CoreNotAvailable as e:
                raise _NotRunnable(str(e)) from None
            out = (v, "")
        elif m.op is not None:
            a, _ = self.measure(m.of[0], depth + 1)
            b, _ = self.measure(m.of[1], depth + 1)
            if m.op == "difference":
                v = a - b
            elif b == 0:
                raise _Undefined(f"{m.of[1]} is 0, so {m.id} is undefined")
            else:
                v = a / b if m.op == "ratio" else 100.0 * (1.0 - a / b)
            out = (v, f"{m.of[0]} {format_number(a)}, {m.of[1]} {format_number(b)}")
        elif m.sweep is not None:
            out = self._swept(m)
        else:
            v = compute(self.result(m.scenario), m.quantity)
            if m.comparator is None:
                out = (v, "")
            else:
                c = compute(self.result(m.comparator), m.quantity)
                out = (v - c, f"{m.scenario} {format_number(v)}, {m.comparator} {format_number(c)}")
        self.values[mid] = out
        return out


    def _swept(self, m: Measure) -> tuple[float, str]:
        """The measure at each sweep value (minus the comparator's), reduced; the detail names
        where the reduced value was found."""
        key, values, how = m.sweep["key"], m.sweep["values"], m.sweep["reduce"]
        found = []
        for x in values:
            q = {**m.quantity, key: x}
            v = compute(self.result(m.scenario), q)
            if m.comparator is not None:
                v -= compute(self.result(m.comparator), q)
            found.append((v, x))
        if how == "max":
            v, at = max(found)
        elif how == "min":
            v, at = min(found)
        else:  # max_abs
            v, at = max(found, key=lambda p: abs(p[0]))
        return v, f"{how} at {key} = {format_number(at)}"


def _part(run: _CaseRun, part: Part) -> PartOutcome:
    cid = run.case.id
    band = band_for(part.target, part.tolerance, part.unit)
    try:
        value, detail = run.measure(part.measure)
    except _NotRunnable as e:
        return PartOutcome(cid, part, NOT_RUN, band=band, detail=str(e))
    except _Undefined as e:
        return PartOutcome(cid, part, FAIL, band=band, detail=str(e))
    except Exception as e:  # noqa: BLE001 - a model error is a row in the table, never a crash
        return PartOutcome(cid, part, ERROR, band=band, detail=f"{type(e).__name__}: {e}")
    ok, band = score(value, part.target, part.tolerance, part.unit)
    return PartOutcome(cid, part, PASS if ok else FAIL, value, band, detail)


def _default_simulate(scenario: Scenario) -> Result:
    # imported here so that a model swap (the model engineer's real simulate) is always picked up
    from bonegui.model.simulate import simulate

    return simulate(scenario)


def run_case(case: Case, simulate: Callable[[Scenario], Result] | None = None) -> CaseOutcome:
    t0 = time.perf_counter()
    run = _CaseRun(case, simulate or _default_simulate)
    parts = tuple(_part(run, p) for p in case.parts)
    return CaseOutcome(case, parts, time.perf_counter() - t0)


def run_cases(
    cases: Iterable[Case],
    *,
    simulate: Callable[[Scenario], Result] | None = None,
    progress: Callable[[CaseOutcome], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ValidationRun:
    """Run each case in turn; ``progress`` is called after each; ``cancelled()`` is checked
    between cases (the app's worker thread stops early when its dialog closes)."""
    t0 = time.perf_counter()
    outcomes = []
    for case in cases:
        if cancelled is not None and cancelled():
            return ValidationRun(tuple(outcomes), time.perf_counter() - t0, cancelled=True)
        o = run_case(case, simulate)
        outcomes.append(o)
        if progress is not None:
            progress(o)
    return ValidationRun(tuple(outcomes), time.perf_counter() - t0)
