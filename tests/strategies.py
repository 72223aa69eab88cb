"""Hypothesis strategies for valid Scenarios (shared by scenario and model tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from bonegui.catalogue import catalogue
from bonegui.scenario import (
    ACTIVITY_LEVELS,
    HORMONES,
    ActivitySegment,
    HormoneOverride,
    Keyframe,
    Patient,
    Scenario,
    Therapy,
)

_finite = dict(allow_nan=False, allow_infinity=False)


@st.composite
def therapies(draw, span_years: float) -> Therapy:
    a = draw(st.sampled_from(list(catalogue().values())))
    start = draw(st.floats(0.0, span_years * 0.9, **_finite))
    stop = draw(st.floats(start + span_years * 0.05, span_years, **_finite))
    dose = draw(st.floats(a.dose_min, a.dose_max, **_finite))
    if a.per_day_unit:
        dose = min(dose, a.max_weekly_dose / 7.0)
        shortest = a.interval_min_days
    else:  # the weekly amount stays within the highest documented use
        shortest = min(a.interval_max_days, max(a.interval_min_days, dose * 7.0 / a.max_weekly_dose))
    return Therapy(
        agent=a.id,
        dose=dose,
        dose_unit=a.dose_unit,
        route=draw(st.sampled_from(a.routes)),
        interval_days=draw(st.floats(shortest, a.interval_max_days, **_finite)),
        start_years=start,
        stop_years=stop,
        enabled=draw(st.booleans()),
    )


@st.composite
def scenarios(draw, max_span_years: float = 40.0, max_therapies: int = 3) -> Scenario:
    span = draw(st.floats(0.1, max_span_years, **_finite))
    sex = draw(st.sampled_from(["female", "male"]))
    age = draw(st.floats(18.0, min(95.0, 110.0 - span), **_finite))
    menopause = "none" if sex == "male" else draw(st.sampled_from(["none", "natural", "surgical"]))
    patient = Patient(
        sex=sex,
        age_years=age,
        menopause=menopause,
        final_period_age_years=draw(st.floats(35.0, 62.0, **_finite)),
        surgery_years=draw(st.floats(0.0, span, **_finite)),
        conditions=tuple(draw(st.lists(st.sampled_from(["hypogonadism", "gh_deficiency"]), unique=True, max_size=2))),
        habitual_activity=draw(st.sampled_from(list(ACTIVITY_LEVELS))),
        baseline_tscore=draw(st.none() | st.floats(-5.0, 3.0, **_finite)),
    )
    starts = sorted(set(draw(st.lists(st.floats(0.001, span, **_finite), max_size=3))))
    activity = (ActivitySegment(0.0, draw(st.sampled_from(list(ACTIVITY_LEVELS)))),) + tuple(
        ActivitySegment(t, draw(st.sampled_from(list(ACTIVITY_LEVELS)))) for t in starts
    )
    overrides = []
    for h in draw(st.lists(st.sampled_from(list(HORMONES)), unique=True, max_size=2)):
        ts = sorted(draw(st.lists(st.floats(0.0, span, **_finite), min_size=1, max_size=4)))
        overrides.append(
            HormoneOverride(h, tuple(Keyframe(t, draw(st.floats(0.0, HORMONES[h].max_level, **_finite))) for t in ts))
        )
    return Scenario(
        title=draw(st.text(max_size=30)),
        description=draw(st.text(max_size=60)),
        patient=patient,
        therapies=tuple(draw(st.lists(therapies(span), max_size=max_therapies))),
        activity=activity,
        overrides=tuple(sorted(overrides, key=lambda o: o.hormone)),
        span_years=span,
    )
