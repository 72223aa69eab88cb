"""One-line, human-readable summaries of therapies and activity changes (no widgets)."""

from __future__ import annotations

from bonegui.app.numbers import significant
from bonegui.catalogue import catalogue
from bonegui.scenario import ACTIVITY_LEVELS, ActivitySegment, Therapy


def agent_name(agent_id: str) -> str:
    a = catalogue().get(agent_id)
    return a.name if a is not None else agent_id


def interval_text(interval_days: float) -> str:
    if interval_days == 1:
        return "daily"
    if interval_days < 1:
        return f"every {significant(round(interval_days * 24, 2))} h"
    return f"every {significant(interval_days)} d"


def dose_flag(t: Therapy) -> str:
    """'' within the agent's usual range, else the catalogue's flag ('supraphysiologic', or
    'above the usual dose' for an enzyme inhibitor)."""
    a = catalogue().get(t.agent)
    return a.dose_flag(t.dose, t.interval_days) if a is not None else ""


def usual_range_text(agent_id: str) -> str:
    """e.g. 'usual 50-200 mg a week'."""
    a = catalogue()[agent_id]
    lo, hi = a.usual_weekly_range
    return f"usual {significant(lo)}-{significant(hi)} {a.weekly_unit()} a week"


def therapy_summary(t: Therapy) -> str:
    """e.g. 'Testosterone cypionate 100 mg IM every 7 d, years 0-5'; a dose above the usual
    range ends with its flag ('..., years 0-5 · supraphysiologic')."""
    text = (f"{agent_name(t.agent)} {significant(t.dose)} {t.dose_unit} {t.route} {interval_text(t.interval_days)}, "
            f"years {significant(t.start_years)}-{significant(t.stop_years)}")
    flag = dose_flag(t)
    if flag:
        text = f"{text} · {flag}"
    return text if t.enabled else f"{text} (off)"


def activity_summary(seg: ActivitySegment, index: int) -> str:
    level = ACTIVITY_LEVELS.get(seg.level, seg.level)
    return f"{level} from the start" if index == 0 else f"{level} from year {significant(seg.start_years)}"


def scenario_one_line(s) -> str:
    """The scenario in one line for a figure's caption: patient, span and therapies, e.g.
    "Female, 48 y, menopause at 50 y, sedentary; 10 y simulated; Estradiol patch 50 mcg/day
    from year 1"."""
    from bonegui.app.protocol.patient_form import patient_summary

    therapies = [f"{agent_name(t.agent)} {significant(t.dose)} {t.dose_unit} from year {significant(t.start_years)}"
                 for t in s.enabled_therapies]
    return f"{patient_summary(s)}; {', '.join(therapies) if therapies else 'no therapy'}"
