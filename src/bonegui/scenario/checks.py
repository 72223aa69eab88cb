"""Checks a Scenario against the allowed ranges (input checking; "validation" in this project means
the model against the literature, bonegui.validation). The first problem raises a ScenarioError
that names the field path (``therapies[2].dose``) and what is allowed.

The file reader (scenario.io) checks keys and types first; this module checks values, also for
scenarios built in code or by the window's editors, so a scenario that passes here can always
be saved and loaded again. Messages are worded by ``bonegui.fileio.spec`` for every format.
"""

from __future__ import annotations

import math
from collections import Counter

from bonegui.catalogue import Agent, catalogue
from bonegui.fileio.jsontext import surrogate_problem
from bonegui.fileio.spec import Check, choice_problem, range_problem
from bonegui.fileio.text import jtype, listing, nearest, number, shorten
from bonegui.scenario.errors import ScenarioError
from bonegui.scenario.model import (
    ACTIVITY_LEVELS,
    AGE_RANGE_YEARS,
    CONDITIONS,
    FINAL_PERIOD_AGE_RANGE_YEARS,
    HORMONES,
    MAX_ACTIVITY_SEGMENTS,
    MAX_AGE_AT_END_YEARS,
    MAX_COURSES_PER_AGENT,
    MAX_KEYFRAMES,
    MAX_THERAPIES,
    MENOPAUSE_KINDS,
    SEXES,
    SPAN_RANGE_YEARS,
    TSCORE_RANGE,
    Scenario,
    Therapy,
)

_g = number


def check_range(field: str, value: float, lo: float, hi: float, unit: str = "", what: str = "") -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(field, f"must be a number, not {jtype(value)}; allowed: {_g(lo)}-{_g(hi)}{' ' + unit if unit else ''}")
    if not math.isfinite(value):
        raise ScenarioError(field, f"{shorten(value)} is not a finite number; allowed: {_g(lo)}-{_g(hi)}{' ' + unit if unit else ''}")
    if not lo <= value <= hi:
        raise ScenarioError(field, range_problem(value, lo, hi, unit, what))


def check_choice(field: str, value: str, allowed) -> None:
    if not isinstance(value, str):
        raise ScenarioError(field, f"must be text, not {jtype(value)}; allowed: {listing(allowed)}")
    if value not in allowed:
        raise ScenarioError(field, choice_problem(value, allowed))


def check_text(field: str, value: str) -> None:
    """Text that can be saved: a str without lone surrogates."""
    if not isinstance(value, str):
        raise ScenarioError(field, f"must be text, not {jtype(value)}")
    problem = surrogate_problem(value)
    if problem:
        raise ScenarioError(field, problem)


def unknown_agent_problem(agent_id: object) -> str:
    agents = list(catalogue())
    near = nearest(agent_id, agents) if isinstance(agent_id, str) else None
    hint = f"did you mean {near!r}? " if near else ""
    return f"unknown agent {shorten(agent_id)}; {hint}known agents: {listing(agents, 110 - len(hint))}"


def read_agent_id(v: object, path: str, error: type[ScenarioError] = ScenarioError) -> str:
    """A catalogue agent id read from a file (the field reader of scenario and lesson files)."""
    if not isinstance(v, str):
        raise error(path, f"must be text (a catalogue agent id), not {jtype(v)}")
    if v not in catalogue():
        raise error(path, unknown_agent_problem(v))
    return v


AGENT_ID = Check(read_agent_id, "a catalogue agent id")


def check_therapy(t: Therapy, span_years: float, field: str = "therapy") -> Agent:
    """Validate one therapy against its catalogue agent; returns the agent."""
    agents = catalogue()
    if not isinstance(t.agent, str) or t.agent not in agents:
        raise ScenarioError(f"{field}.agent", unknown_agent_problem(t.agent))
    a = agents[t.agent]
    if t.dose_unit != a.dose_unit:
        raise ScenarioError(f"{field}.dose_unit", f"{shorten(t.dose_unit)} is not the unit of {a.id} (expected {a.dose_unit!r})")
    check_range(f"{field}.dose", t.dose, a.dose_min, a.dose_max, a.dose_unit, a.id)
    check_choice(f"{field}.route", t.route, a.routes)
    if isinstance(t.interval_days, (int, float)) and not isinstance(t.interval_days, bool) and t.interval_days <= 0:
        raise ScenarioError(f"{field}.interval_days", f"{_g(t.interval_days)} must be > 0; allowed {a.interval_range_text()} for {a.id}")
    check_range(f"{field}.interval_days", t.interval_days, a.interval_min_days, a.interval_max_days, "days", a.id)
    weekly = a.weekly_amount(t.dose, t.interval_days)
    if weekly > a.max_weekly_dose * (1 + 1e-9):
        raise ScenarioError(
            f"{field}.dose",
            f"{_g(t.dose)} {a.dose_unit} every {_g(t.interval_days)} d is {_g(round(weekly, 3))} {a.weekly_unit()} a week, "
            f"above the highest documented human use ({_g(a.max_weekly_dose)} {a.weekly_unit()} a week) for {a.id}")
    check_range(f"{field}.start_years", t.start_years, 0.0, span_years, "years (the scenario span)")
    check_range(f"{field}.stop_years", t.stop_years, 0.0, span_years, "years (the scenario span)")
    if t.stop_years <= t.start_years:
        raise ScenarioError(f"{field}.stop_years", f"{_g(t.stop_years)} must be after start_years ({_g(t.start_years)})")
    if not isinstance(t.enabled, bool):
        raise ScenarioError(f"{field}.enabled", f"must be true or false, not {jtype(t.enabled)}")
    return a


def too_many(n: int, noun: str, limit: int) -> str:
    return f"has {n} {noun}; at most {limit} are allowed"


def check_counts(s: Scenario) -> None:
    """The limits on counts (docs/scenario-format.md), before anything is checked one by one."""
    if len(s.therapies) > MAX_THERAPIES:
        raise ScenarioError("therapies", too_many(len(s.therapies), "therapies", MAX_THERAPIES))
    per_agent: Counter = Counter()
    for i, t in enumerate(s.therapies):
        if not isinstance(t.agent, str):
            continue  # check_therapy names it
        per_agent[t.agent] += 1
        if per_agent[t.agent] > MAX_COURSES_PER_AGENT:
            raise ScenarioError(f"therapies[{i}]", f"is course {per_agent[t.agent]} of {shorten(t.agent)}; "
                                                   f"at most {MAX_COURSES_PER_AGENT} courses per agent are allowed")
    if len(s.activity) > MAX_ACTIVITY_SEGMENTS:
        raise ScenarioError("activity", too_many(len(s.activity), "segments", MAX_ACTIVITY_SEGMENTS))
    if len(s.overrides) > len(HORMONES):
        raise ScenarioError("overrides", too_many(len(s.overrides), "overrides", len(HORMONES)) + " (one per hormone)")
    for i, ov in enumerate(s.overrides):
        if len(ov.keyframes) > MAX_KEYFRAMES:
            raise ScenarioError(f"overrides[{i}].keyframes", too_many(len(ov.keyframes), "keyframes", MAX_KEYFRAMES))


def check_scenario(s: Scenario) -> Scenario:
    """Return ``s`` unchanged if valid; raise ScenarioError naming the first bad field."""
    check_text("title", s.title)
    check_text("description", s.description)
    check_range("span_years", s.span_years, *SPAN_RANGE_YEARS, "years")
    check_counts(s)
    p = s.patient
    check_choice("patient.sex", p.sex, SEXES)
    check_range("patient.age_years", p.age_years, *AGE_RANGE_YEARS, "years")
    if p.age_years + s.span_years > MAX_AGE_AT_END_YEARS:
        raise ScenarioError("span_years", f"age at the end ({_g(p.age_years + s.span_years)} y) is over {_g(MAX_AGE_AT_END_YEARS)} y")
    check_choice("patient.menopause", p.menopause, MENOPAUSE_KINDS)
    if p.sex == "male" and p.menopause != "none":
        raise ScenarioError("patient.menopause", f"{p.menopause!r} is only allowed for sex 'female'; use 'none'")
    check_range("patient.final_period_age_years", p.final_period_age_years, *FINAL_PERIOD_AGE_RANGE_YEARS, "years")
    if p.menopause == "surgical":
        check_range("patient.surgery_years", p.surgery_years, 0.0, s.span_years, "years (the scenario span)")
    else:
        check_range("patient.surgery_years", p.surgery_years, 0.0, SPAN_RANGE_YEARS[1], "years")
    for i, c in enumerate(p.conditions):
        check_choice(f"patient.conditions[{i}]", c, CONDITIONS)
    if len(set(p.conditions)) != len(p.conditions):
        raise ScenarioError("patient.conditions", "lists a condition twice")
    check_choice("patient.habitual_activity", p.habitual_activity, ACTIVITY_LEVELS)
    if p.baseline_tscore is not None:
        check_range("patient.baseline_tscore", p.baseline_tscore, *TSCORE_RANGE)
    for i, t in enumerate(s.therapies):
        check_therapy(t, s.span_years, f"therapies[{i}]")
    if not s.activity:
        raise ScenarioError("activity", "needs at least one segment starting at 0")
    prev = -1.0
    for i, seg in enumerate(s.activity):
        check_range(f"activity[{i}].start_years", seg.start_years, 0.0, s.span_years, "years (the scenario span)")
        check_choice(f"activity[{i}].level", seg.level, ACTIVITY_LEVELS)
        if i == 0 and seg.start_years != 0.0:
            raise ScenarioError("activity[0].start_years", f"{_g(seg.start_years)} must be 0 (the first segment starts the scenario)")
        if seg.start_years <= prev:
            raise ScenarioError(f"activity[{i}].start_years", f"{_g(seg.start_years)} must be after the previous segment's start ({_g(prev)})")
        prev = seg.start_years
    seen = set()
    for i, ov in enumerate(s.overrides):
        check_choice(f"overrides[{i}].hormone", ov.hormone, HORMONES)
        if ov.hormone in seen:
            raise ScenarioError(f"overrides[{i}].hormone", f"{ov.hormone!r} has two overrides; merge their keyframes")
        seen.add(ov.hormone)
        spec = HORMONES[ov.hormone]
        if not ov.keyframes:
            raise ScenarioError(f"overrides[{i}].keyframes", "needs at least one keyframe")
        prev_t = -1.0
        for j, kf in enumerate(ov.keyframes):
            f = f"overrides[{i}].keyframes[{j}]"
            check_range(f"{f}.t_years", kf.t_years, 0.0, s.span_years, "years (the scenario span)")
            check_range(f"{f}.level", kf.level, 0.0, spec.max_level, spec.unit, ov.hormone)
            if kf.t_years < prev_t:
                raise ScenarioError(f"{f}.t_years", f"{_g(kf.t_years)} is before the previous keyframe ({_g(prev_t)}); keyframes go in time order")
            prev_t = kf.t_years
    return s
