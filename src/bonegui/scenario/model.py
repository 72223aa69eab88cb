"""The Scenario: one immutable value that is the whole state of a session.

Patient, therapies, activity over time, hormone overrides and the span. Save/load, undo/redo,
autosave and "compare runs" all work on Scenario snapshots. Times are years from the scenario
start unless a name says otherwise; hormone levels are in the units of ``HORMONES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Mapping

FORMAT_VERSION = 1

SEXES = ("female", "male")
MENOPAUSE_KINDS = ("none", "natural", "surgical")
CONDITIONS = ("hypogonadism", "gh_deficiency")

#: Activity / mechanical-loading levels, least to most loading.
ACTIVITY_LEVELS: Mapping[str, str] = MappingProxyType(
    {
        "bed_rest": "Bed rest",
        "sedentary": "Sedentary",
        "active": "Active",
        "high_intensity": "High-intensity training",
    }
)


@dataclass(frozen=True)
class HormoneSpec:
    label: str
    unit: str
    max_level: float  # largest override level accepted (well above any physiological value)


#: Hormones the timeline can override, with the unit of their keyframe levels.
HORMONES: Mapping[str, HormoneSpec] = MappingProxyType(
    {
        "estradiol": HormoneSpec("Estradiol", "pg/mL", 2000.0),
        "testosterone": HormoneSpec("Testosterone", "ng/dL", 3000.0),
        "igf1": HormoneSpec("IGF-1", "ng/mL", 1500.0),
        "progesterone": HormoneSpec("Progesterone", "ng/mL", 100.0),
    }
)

# Allowed ranges (inclusive) for the patient and the span.
AGE_RANGE_YEARS = (18.0, 95.0)
FINAL_PERIOD_AGE_RANGE_YEARS = (35.0, 62.0)
TSCORE_RANGE = (-5.0, 3.0)
SPAN_RANGE_YEARS = (0.05, 60.0)  # 0.05 y is about 18 days: short PK demonstrations
MAX_AGE_AT_END_YEARS = 110.0

# Limits on counts (docs/scenario-format.md, "Limits"). Real protocols use a handful of each;
# the limits keep the largest allowed file fast to simulate (< 1 s, docs/reliability.md) and to
# draw (every therapy, segment and keyframe is an item on the timeline). Costs grow linearly.
MAX_THERAPIES = 100  # courses in all (each is a row in the protocol list and a timeline bar)
MAX_COURSES_PER_AGENT = 50  # e.g. on/off cycling of one agent, 3 months each way for 12 years
MAX_ACTIVITY_SEGMENTS = 200
MAX_KEYFRAMES = 500  # per override (one override per hormone)
MAX_PINNED = 4  # "compare runs" kept in a file (each is simulated again on load)


@dataclass(frozen=True)
class Patient:
    sex: str = "female"
    age_years: float = 45.0
    #: "none" (no menopause within the scenario), "natural" or "surgical" (women only)
    menopause: str = "none"
    #: natural menopause: age at the final menstrual period (FMP)
    final_period_age_years: float = 51.0
    #: surgical menopause: time of the oophorectomy, years from the scenario start
    surgery_years: float = 0.0
    conditions: tuple[str, ...] = ()
    #: the loading the skeleton is adapted to; the activity lane changes loading relative to it
    habitual_activity: str = "sedentary"
    #: optional measured baseline T-score (both sites); None means the age/sex typical value
    baseline_tscore: float | None = None


@dataclass(frozen=True)
class Therapy:
    agent: str  # catalogue id
    dose: float  # in dose_unit, per administration (or per day for daily forms)
    dose_unit: str
    route: str
    interval_days: float
    start_years: float
    stop_years: float
    enabled: bool = True


@dataclass(frozen=True)
class ActivitySegment:
    """Loading from ``start_years`` until the next segment starts (or the end)."""

    start_years: float
    level: str


@dataclass(frozen=True)
class Keyframe:
    t_years: float
    level: float  # in the hormone's unit (HORMONES[h].unit)


@dataclass(frozen=True)
class HormoneOverride:
    """Between its first and last keyframe the hormone follows these keyframes (linearly
    interpolated) instead of physiology plus therapy; outside them physiology rules."""

    hormone: str
    keyframes: tuple[Keyframe, ...]


@dataclass(frozen=True)
class Scenario:
    title: str = "Untitled scenario"
    description: str = ""
    patient: Patient = field(default_factory=Patient)
    therapies: tuple[Therapy, ...] = ()
    activity: tuple[ActivitySegment, ...] = (ActivitySegment(0.0, "sedentary"),)
    overrides: tuple[HormoneOverride, ...] = ()
    span_years: float = 10.0

    # ---- convenience for editors: each returns a new Scenario -------------------------------
    def with_patient(self, **changes) -> "Scenario":
        return replace(self, patient=replace(self.patient, **changes))

    def with_therapy(self, index: int, **changes) -> "Scenario":
        ts = list(self.therapies)
        ts[index] = replace(ts[index], **changes)
        return replace(self, therapies=tuple(ts))

    def add_therapy(self, therapy: Therapy) -> "Scenario":
        return replace(self, therapies=self.therapies + (therapy,))

    def remove_therapy(self, index: int) -> "Scenario":
        return replace(self, therapies=self.therapies[:index] + self.therapies[index + 1 :])

    def override_for(self, hormone: str) -> HormoneOverride | None:
        for ov in self.overrides:
            if ov.hormone == hormone:
                return ov
        return None

    def with_override(self, hormone: str, keyframes: tuple[Keyframe, ...]) -> "Scenario":
        """Set (or, with no keyframes, clear) the override of one hormone."""
        kept = tuple(ov for ov in self.overrides if ov.hormone != hormone)
        if keyframes:
            kfs = tuple(sorted(keyframes, key=lambda k: k.t_years))
            kept = tuple(sorted(kept + (HormoneOverride(hormone, kfs),), key=lambda o: o.hormone))
        return replace(self, overrides=kept)

    def with_span(self, span_years: float) -> "Scenario":
        """The same scenario over a new span: a shorter span cuts off what lies beyond it
        (therapies end at the new span, later activity changes and keyframes are dropped)."""
        end = span_years
        ts = tuple(
            replace(t, stop_years=min(t.stop_years, end)) for t in self.therapies if t.start_years < end
        )
        acts = tuple(a for a in self.activity if a.start_years <= end) or self.activity[:1]
        ovs = []
        for ov in self.overrides:
            kfs = tuple(k for k in ov.keyframes if k.t_years <= end)
            if kfs:
                ovs.append(HormoneOverride(ov.hormone, kfs))
        p = self.patient
        if p.surgery_years > end:
            p = replace(p, surgery_years=end)
        return replace(self, span_years=span_years, therapies=ts, activity=acts, overrides=tuple(ovs), patient=p)

    @property
    def enabled_therapies(self) -> tuple[Therapy, ...]:
        return tuple(t for t in self.therapies if t.enabled)
