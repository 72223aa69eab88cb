"""Pure editing arithmetic of the timeline: snapping, limits and lane layout (no widgets).

Every drag is "start value + mouse delta -> snapped -> clamped to what the Scenario allows";
the clamp returns a reason the tooltip shows ("stops at the end of the scenario (10 y)").
Times are float years from the scenario start, as in ``bonegui.scenario``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from bonegui.app.numbers import duration, fixed
from bonegui.catalogue import Agent
from bonegui.model.units import DAYS_PER_YEAR
from bonegui.scenario import HORMONES, Therapy


#: Snap grids as divisions per year (None = free). Rounding t*n/n keeps whole years exact.
SNAP_DIVISIONS: dict[str, float | None] = {
    "Months": 12.0,
    "Weeks": DAYS_PER_YEAR / 7.0,
    "Off": None,
}

#: Shortest therapy block / activity segment the editor allows: one week (the model's dose
#: intervals go up to 14 days, so shorter blocks would hold at most a dose or two).
MIN_SPAN_YEARS = 7.0 / DAYS_PER_YEAR

#: Arrow-key nudge when snapping is off (and with Shift): one day.
FINE_NUDGE_YEARS = 1.0 / DAYS_PER_YEAR

#: Display ceiling of each hormone lane before keyframes/simulated levels push it up: about the
#: upper mid-range of adult levels, so typical values use most of the lane height (display
#: only; assumed from usual reference ranges: E2 30-400 pg/mL premenopausal, T 300-1000 ng/dL in
#: men, IGF-1 100-300 ng/mL, luteal progesterone 5-20 ng/mL).
LANE_DEFAULT_MAX = {"estradiol": 150.0, "testosterone": 800.0, "igf1": 300.0, "progesterone": 20.0}

def snap_years(t: float, divisions: float | None) -> float:
    """Round ``t`` to the nearest grid line (weeks or months); unchanged when free."""
    if not divisions:
        return float(t)
    return round(t * divisions) / divisions


def nudge_step_years(divisions: float | None) -> float:
    return 1.0 / divisions if divisions else FINE_NUDGE_YEARS


def fmt_time(t_years: float, age_years: float) -> str:
    """'2 y 3 mo (age 47 y 3 mo)': to the day when a time is set to the day."""
    return f"{duration(t_years, days=True)} (age {duration(age_years + t_years, days=True)})"


def with_reasons(text: str, *reasons: str) -> str:
    """The status text of an edit, then why it stopped at a limit: "dose 100 mg  —  stops at …"."""
    why = "; ".join(r for r in reasons if r)
    return f"{text}  —  {why}" if why else text


def clamp(value: float, lo: float, hi: float, low_reason: str, high_reason: str) -> tuple[float, str]:
    if value < lo:
        return lo, low_reason
    if value > hi:
        return hi, high_reason
    return value, ""


# ---- therapy blocks ---------------------------------------------------------------------------
def drag_therapy_time(t: Therapy, mode: str, dt_years: float, span_years: float,
                      divisions: float | None) -> tuple[Therapy, str]:
    """The therapy after dragging its body ("move") or an edge ("start"/"stop") by ``dt_years``.

    Snaps the dragged edge to the grid, then clamps: not before 0, not past the span, not
    shorter than MIN_SPAN_YEARS. Returns (therapy, reason it stopped at a limit or "").
    """
    end = f"stops at the end of the scenario ({fixed(span_years, trim=True)} y)"
    if mode == "move":
        length = t.stop_years - t.start_years
        start = snap_years(t.start_years + dt_years, divisions)
        start, why = clamp(start, 0.0, span_years - length, "stops at the scenario start (0 y)", end)
        return replace(t, start_years=start, stop_years=start + length), why
    if mode == "start":
        start = snap_years(t.start_years + dt_years, divisions)
        start, why = clamp(start, 0.0, t.stop_years - MIN_SPAN_YEARS, "stops at the scenario start (0 y)",
                           "stops here: a therapy lasts at least 1 week")
        return replace(t, start_years=start), why
    if mode == "stop":
        stop = snap_years(t.stop_years + dt_years, divisions)
        stop, why = clamp(stop, t.start_years + MIN_SPAN_YEARS, span_years,
                          "stops here: a therapy lasts at least 1 week", end)
        return replace(t, stop_years=stop), why
    raise ValueError(f"unknown drag mode {mode!r}; expected move, start or stop")


def dose_fraction(dose: float, agent: Agent) -> float:
    """Where ``dose`` sits in the agent's range on a log scale (0 = min, 1 = max): ranges span
    up to 100-fold, so a linear bar would hide the usual doses at the bottom."""
    lo, hi = agent.dose_min, agent.dose_max
    if hi <= lo:
        return 1.0
    f = math.log(max(dose, lo) / lo) / math.log(hi / lo)
    return min(1.0, max(0.0, f))


def round_dose(dose: float, significant: int = 2) -> float:
    """Round to ``significant`` digits (120, 37, 2.5) so dragged doses read like prescriptions."""
    if dose <= 0:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(dose)) - significant + 1)
    return round(round(dose / step) * step, 10)


def dose_from_fraction(frac: float, agent: Agent, fine: bool = False) -> tuple[float, str]:
    """Inverse of dose_fraction, rounded, clamped to the agent's range with a reason."""
    lo, hi = agent.dose_min, agent.dose_max
    raw = lo * (hi / lo) ** frac if hi > lo else hi
    dose = round_dose(raw, 3 if fine else 2)
    rng = f"{agent.name} range {agent.dose_range_text()}"
    return clamp(dose, lo, hi, f"stops at the minimum dose ({rng})", f"stops at the maximum dose ({rng})")


#: a dose drag moves one dose step per this many pixels of mouse travel (Shift: three times as
#: far per step), whatever the block's height: a 25-px lane over a 50-fold log range made every
#: pixel a jump (7 px took testosterone from 100 to 870 mg)
DOSE_STEP_PX = 4.0


def dose_grid_step(agent: Agent) -> float:
    """The agent's dose step: a 1-2-5 number about a tenth of its usual dose (testosterone
    cypionate 100 mg -> 10 mg, estradiol patch 50 mcg/day -> 5, anastrozole 0.5 mg -> 0.05),
    never more than a tenth of its range."""
    from bonegui.app.protocol.fields import nice_step

    return min(nice_step(agent.usual_dose), nice_step(agent.dose_max - agent.dose_min))


def dose_after_steps(dose: float, agent: Agent, steps: int) -> tuple[float, str]:
    """``dose`` moved by ``steps`` dose steps onto the agent's grid, within its range, with the
    reason when it stops at a limit."""
    step = dose_grid_step(agent)
    target = round((dose + steps * step) / step) * step if steps else dose
    rng = f"{agent.name} range {agent.dose_range_text()}"
    new, why = clamp(round(target, 10), agent.dose_min, agent.dose_max, f"stops at the minimum dose ({rng})",
                     f"stops at the maximum dose ({rng})")
    return new, why


def dose_step(dose: float, agent: Agent, direction: int) -> tuple[float, str]:
    """One arrow-key step of the dose: one dose step of the agent's grid."""
    return dose_after_steps(dose, agent, direction)


# ---- hormone lanes ----------------------------------------------------------------------------
def hormone_lane_max(hormone: str, levels: list[float]) -> float:
    """Display ceiling of a hormone lane: the default, raised to fit the given levels (+15 %)
    and capped at the largest override the Scenario accepts."""
    top = max([LANE_DEFAULT_MAX[hormone]] + [1.15 * v for v in levels if math.isfinite(v)])
    return min(top, HORMONES[hormone].max_level)


def split_hold(keyframes, span_years: float) -> tuple[tuple, bool]:
    """(the keyframes a user set, whether a *hold* follows them). The model's override runs from
    the first keyframe to the last, so one keyframe alone acts on a single day; the editor
    therefore ends a drawn curve with a hold: a keyframe at the span's end with the last level,
    which it keeps in step with that keyframe (docs/scenario-format.md, "Drawn hormone curves")."""
    kfs = tuple(keyframes)
    if len(kfs) >= 2 and abs(kfs[-1].t_years - span_years) < 1e-9 and kfs[-1].level == kfs[-2].level:
        return kfs[:-1], True
    return kfs, False


def with_hold(keyframes, span_years: float, hold: bool = True) -> tuple:
    """``keyframes`` (time order) and, with ``hold``, the hold to the span's end."""
    kfs = tuple(sorted(keyframes, key=lambda k: k.t_years))
    if hold and kfs and kfs[-1].t_years < span_years - 1e-9:
        kfs += (replace(kfs[-1], t_years=float(span_years)),)
    return kfs


def round_level(level: float, fine: bool = False) -> float:
    return round_dose(level, 3 if fine else 2) if level > 0 else 0.0


# ---- lane layout ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Lane:
    """One horizontal band of the editor, in view units (y grows downwards)."""

    key: tuple  # ("therapy", i) | ("activity",) | ("hormone", name) | ("empty",)
    label: str
    y0: float
    height: float

    @property
    def y1(self) -> float:
        return self.y0 + self.height

    @property
    def center(self) -> float:
        return self.y0 + 0.5 * self.height


LANE_GAP = 0.12
#: Lane heights in lane units; a hormone lane without an override is collapsed so that the
#: edited lanes get the height on a 360-px-high editor.
LANE_HEIGHT = {"therapy": 1.0, "empty": 0.7, "activity": 0.75, "hormone": 1.5, "hormone_idle": 0.6}


def layout_lanes(specs: list[tuple[tuple, str, str]]) -> list[Lane]:
    """Stack lanes (key, label, height kind) top to bottom with a small gap."""
    lanes, y = [], LANE_GAP
    for key, label, kind in specs:
        h = LANE_HEIGHT[kind]
        lanes.append(Lane(key, label, y, h))
        y += h + LANE_GAP
    return lanes
