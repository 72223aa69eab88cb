"""Doses, intervals and routes outside the catalogue are refused with the field and the range."""

import dataclasses

import pytest

from bonegui.catalogue import catalogue
from bonegui.scenario import Scenario, ScenarioError, Therapy, check_scenario
from bonegui.scenario.checks import check_therapy


def _t(**kw):
    base = dict(agent="testosterone_cypionate", dose=100.0, dose_unit="mg", route="IM", interval_days=7.0,
                start_years=0.0, stop_years=5.0)
    base.update(kw)
    return Therapy(**base)


def test_dose_above_range_names_field_range_and_agent():
    s = Scenario(therapies=(Therapy("estradiol_transdermal", 50, "mcg/day", "transdermal", 3.5, 0, 5), _t(dose=5000.0)))
    with pytest.raises(ScenarioError) as e:
        check_scenario(s)
    assert str(e.value) == "therapies[1].dose: 5000 is outside 10-600 mg for testosterone_cypionate"


def test_weekly_amount_above_the_highest_documented_use_is_refused():
    s = Scenario(therapies=(_t(dose=300.0, interval_days=1.0),))
    with pytest.raises(ScenarioError) as e:
        check_scenario(s)
    assert str(e.value) == ("therapies[0].dose: 300 mg every 1 d is 2100 mg a week, above the highest "
                            "documented human use (600 mg a week) for testosterone_cypionate")


def test_doses_above_the_usual_range_are_allowed_and_flagged():
    from bonegui.catalogue import agent

    a = agent("testosterone_cypionate")
    assert a.dose_flag(100.0, 7.0) == ""
    assert a.dose_flag(400.0, 7.0) == "supraphysiologic"
    assert a.dose_flag(100.0, 2.0) == "supraphysiologic"  # 350 mg a week
    check_scenario(Scenario(therapies=(_t(dose=400.0, interval_days=7.0),)))  # allowed
    assert agent("anastrozole").dose_flag(5.0, 1.0) == "above the usual dose"
    assert agent("estradiol_transdermal").weekly_amount(50.0, 3.5) == 350.0  # mcg/day: a daily amount


@pytest.mark.parametrize("agent_id", list(catalogue()))
def test_every_agent_refuses_doses_outside_its_range(agent_id):
    a = catalogue()[agent_id]
    for bad in (a.dose_min / 2.0, a.dose_max * 2.0):
        th = Therapy(agent_id, bad, a.dose_unit, a.routes[0], a.usual_interval_days, 0.0, 1.0)
        with pytest.raises(ScenarioError) as e:
            check_therapy(th, 10.0, "therapy")
        assert f"is outside {a.dose_range_text()} for {agent_id}" in str(e.value)
        assert str(e.value).startswith("therapy.dose:")
    ok = Therapy(agent_id, a.usual_dose, a.dose_unit, a.routes[0], a.usual_interval_days, 0.0, 1.0)
    check_therapy(ok, 10.0)


def test_interval_not_positive():
    with pytest.raises(ScenarioError) as e:
        check_therapy(_t(interval_days=0.0), 10.0, "therapies[0]")
    assert str(e.value).startswith("therapies[0].interval_days: 0 must be > 0; allowed 1-28 days")


def test_unknown_route_lists_the_allowed_ones():
    with pytest.raises(ScenarioError) as e:
        check_therapy(Therapy("gonadorelin", 100, "mcg", "IV", 3.5, 0, 1), 10.0, "therapies[0]")
    assert str(e.value) == "therapies[0].route: 'IV' is not one of: SC, SC infusion"


def test_usual_doses_are_inside_ranges():
    for a in catalogue().values():
        assert a.dose_min <= a.usual_dose <= a.dose_max, a.id
        assert a.interval_min_days <= a.usual_interval_days <= a.interval_max_days, a.id
        check_therapy(Therapy(a.id, a.usual_dose, a.dose_unit, a.routes[0], a.usual_interval_days, 0, 1), 1.0)
        assert dataclasses.is_dataclass(a)
