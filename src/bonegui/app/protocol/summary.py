"""One-line, human-readable summaries of therapies and activity changes (no Qt)."""

from __future__ import annotations

from bonegui.catalogue import catalogue
from bonegui.scenario import ACTIVITY_LEVELS, ActivitySegment, Therapy


def _g(x: float) -> str:
    return f"{x:g}"


def agent_name(agent_id: str) -> str:
    a = catalogue().get(agent_id)
    return a.name if a is not None else agent_id


def interval_text(interval_days: float) -> str:
    if interval_days == 1:
        return "daily"
    if interval_days < 1:
        return f"every {_g(round(interval_days * 24, 2))} h"
    return f"every {_g(interval_days)} d"


def therapy_summary(t: Therapy) -> str:
    """e.g. 'Testosterone cypionate 100 mg IM every 7 d, years 0-5'."""
    text = (f"{agent_name(t.agent)} {_g(t.dose)} {t.dose_unit} {t.route} {interval_text(t.interval_days)}, "
            f"years {_g(t.start_years)}-{_g(t.stop_years)}")
    return text if t.enabled else f"{text} (off)"


def activity_summary(seg: ActivitySegment, index: int) -> str:
    level = ACTIVITY_LEVELS.get(seg.level, seg.level)
    return f"{level} from the start" if index == 0 else f"{level} from year {_g(seg.start_years)}"
