"""Each class of bad scenario file gets its own one-line message naming file, field and range."""

import json

import pytest

from bonegui.scenario import Scenario, ScenarioError, Therapy, load_scenario, scenario_to_dict
from bonegui.scenario.io import MAX_FILE_BYTES


def _good() -> dict:
    s = Scenario(
        therapies=(
            Therapy("estradiol_transdermal", 50, "mcg/day", "transdermal", 3.5, 0, 5),
            Therapy("progesterone_oral", 100, "mg", "oral", 1, 0, 5),
            Therapy("testosterone_cypionate", 100, "mg", "IM", 7, 1, 4),
        )
    )
    return scenario_to_dict(s)


def _write(tmp_path, content, name="bad.bonelab.json"):
    p = tmp_path / name
    if isinstance(content, (dict, list)):
        content = json.dumps(content)
    p.write_text(content) if isinstance(content, str) else p.write_bytes(content)
    return p


def _error(tmp_path, content) -> str:
    p = _write(tmp_path, content)
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    msg = str(e.value)
    assert msg.startswith(str(p)), msg  # names the file
    assert "\n" not in msg and "Traceback" not in msg
    return msg


def _mut(fn):
    d = _good()
    fn(d)
    return d


def test_good_file_loads(tmp_path):
    assert len(load_scenario(_write(tmp_path, _good())).therapies) == 3


def test_dose_out_of_range_names_field_range_and_agent(tmp_path):
    msg = _error(tmp_path, _mut(lambda d: d["therapies"][2].update(dose=5000)))
    assert msg.endswith("therapies[2].dose: 5000 is outside 10-600 mg for testosterone_cypionate")


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{not json", "not valid JSON (line 1"),
        ("", "the file is empty"),
        ("   \n", "the file is empty"),
        ("[1, 2]", "(top level): must be an object, not a list"),
    ],
)
def test_unparseable_files(tmp_path, content, expected):
    assert expected in _error(tmp_path, content)


def test_wrong_type(tmp_path):
    msg = _error(tmp_path, _mut(lambda d: d["patient"].update(age_years="sixty")))
    assert "patient.age_years: must be a number, not text" in msg


def test_missing_field(tmp_path):
    msg = _error(tmp_path, _mut(lambda d: d["therapies"][1].pop("interval_days")))
    assert "therapies[1].interval_days: is missing" in msg


def test_unknown_agent(tmp_path):
    msg = _error(tmp_path, _mut(lambda d: d["therapies"][0].update(agent="unicorn_dust")))
    assert "therapies[0].agent: unknown agent 'unicorn_dust'; known agents: testosterone_cypionate" in msg


def test_stop_before_start(tmp_path):
    msg = _error(tmp_path, _mut(lambda d: d["therapies"][2].update(start_years=4, stop_years=2)))
    assert "therapies[2].stop_years: 2 must be after start_years (4)" in msg


def test_negative_interval(tmp_path):
    msg = _error(tmp_path, _mut(lambda d: d["therapies"][0].update(interval_days=-7)))
    assert "therapies[0].interval_days: -7 must be > 0; allowed" in msg


def test_newer_format_version(tmp_path):
    msg = _error(tmp_path, _mut(lambda d: d.update(format_version=7)))
    assert "format_version: 7 is newer than this app understands (1)" in msg


def test_missing_format_version(tmp_path):
    assert "format_version: is missing" in _error(tmp_path, _mut(lambda d: d.pop("format_version")))


def test_file_over_size_limit(tmp_path):
    msg = _error(tmp_path, b" " * (MAX_FILE_BYTES + 1))
    assert "scenario files are at most" in msg


def test_not_utf8(tmp_path):
    assert "is not UTF-8 text" in _error(tmp_path, b"\xff\xfe\x00garbage\x81")


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError) as e:
        load_scenario(tmp_path / "nope.bonelab.json")
    assert "cannot read the file" in str(e.value)


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["patient"].update(sex="robot"), "patient.sex: 'robot' is not one of: female, male"),
        (lambda d: d["patient"].update(age_years=12), "patient.age_years: 12 is outside 18-95 years"),
        (lambda d: d.update(span_years=0), "span_years: 0 is outside 0.05-60 years"),
        (lambda d: d["patient"].update(sex="male", menopause="natural"), "patient.menopause: 'natural' is only allowed"),
        (lambda d: d["therapies"][0].update(route="IM"), "therapies[0].route: 'IM' is not one of: transdermal"),
        (lambda d: d["therapies"][0].update(dose_unit="mg"), "therapies[0].dose_unit: 'mg' is not the unit"),
        (lambda d: d["therapies"][0].update(stop_years=99), "therapies[0].stop_years: 99 is outside 0-10 years"),
        (lambda d: d.update(activity=[{"start_years": 1, "level": "active"}]), "activity[0].start_years: 1 must be 0"),
        (lambda d: d.update(overrides=[{"hormone": "cortisol", "keyframes": [{"t_years": 1, "level": 3}]}]),
         "overrides[0].hormone: 'cortisol' is not one of"),
        (lambda d: d.update(overrides=[{"hormone": "estradiol", "keyframes": [{"t_years": 1, "level": -3}]}]),
         "overrides[0].keyframes[0].level: -3 is outside 0-2000 pg/mL for estradiol"),
        (lambda d: d["patient"].update(conditions=["hypogonadism", 3]), "patient.conditions[1]: must be text"),
        (lambda d: d["therapies"][0].update(enabled="yes"), "therapies[0].enabled: must be true or false"),
    ],
)
def test_each_field_problem_is_named(tmp_path, mutate, expected):
    assert expected in _error(tmp_path, _mut(mutate))


def test_bad_pinned_run_names_its_path(tmp_path):
    d = _good()
    bad = _good()
    bad.pop("format_version")
    bad["therapies"][0]["dose"] = 1e6
    d["pinned"] = [{"name": "x", "scenario": bad}]
    assert "pinned[0].scenario.therapies[0].dose: 1e+06 is outside" in _error(tmp_path, d)


# ---- limits on counts (docs/scenario-format.md "Limits"), at load and in check_scenario ----
from bonegui.scenario import ActivitySegment, Keyframe, check_scenario  # noqa: E402
from bonegui.scenario.model import (  # noqa: E402
    MAX_ACTIVITY_SEGMENTS,
    MAX_COURSES_PER_AGENT,
    MAX_KEYFRAMES,
    MAX_PINNED,
    MAX_THERAPIES,
)

_PATCH = Therapy("estradiol_transdermal", 50, "mcg/day", "transdermal", 3.5, 0, 5)


def _courses(agent_ids, n, span=10.0):
    from bonegui.catalogue import catalogue

    out = []
    for k in range(n):
        a = catalogue()[agent_ids[k % len(agent_ids)]]
        out.append(Therapy(a.id, a.usual_dose, a.dose_unit, a.routes[0], a.usual_interval_days,
                           span * k / n, span * k / n + span / n / 2))
    return tuple(out)


_SIX = ("estradiol_transdermal", "progesterone_oral", "estradiol_oral", "anastrozole", "sermorelin", "ipamorelin")


@pytest.mark.parametrize(
    "scenario, message",
    [
        (Scenario(therapies=_courses(_SIX, MAX_THERAPIES + 1)), f"therapies: has {MAX_THERAPIES + 1} therapies; at most {MAX_THERAPIES} are allowed"),
        (Scenario(therapies=_courses(("estradiol_transdermal",), MAX_COURSES_PER_AGENT + 1)),
         f"therapies[{MAX_COURSES_PER_AGENT}]: is course {MAX_COURSES_PER_AGENT + 1} of 'estradiol_transdermal'; "
         f"at most {MAX_COURSES_PER_AGENT} courses per agent are allowed"),
        (Scenario(activity=tuple(ActivitySegment(10.0 * i / (MAX_ACTIVITY_SEGMENTS + 1), "active") for i in range(MAX_ACTIVITY_SEGMENTS + 1))),
         f"activity: has {MAX_ACTIVITY_SEGMENTS + 1} segments; at most {MAX_ACTIVITY_SEGMENTS} are allowed"),
        (Scenario().with_override("igf1", tuple(Keyframe(10.0 * i / MAX_KEYFRAMES, 100.0) for i in range(MAX_KEYFRAMES + 1))),
         f"overrides[0].keyframes: has {MAX_KEYFRAMES + 1} keyframes; at most {MAX_KEYFRAMES} are allowed"),
    ],
)
def test_count_limits_at_load_and_in_check_scenario(tmp_path, scenario, message):
    with pytest.raises(ScenarioError) as e:
        check_scenario(scenario)
    assert str(e.value) == message
    assert _error(tmp_path, scenario_to_dict(scenario)).endswith(f"bad.bonelab.json: {message}")


def test_the_largest_allowed_counts_load():
    s = Scenario(therapies=_courses(_SIX, MAX_THERAPIES),
                 activity=tuple(ActivitySegment(10.0 * i / MAX_ACTIVITY_SEGMENTS, "active") for i in range(MAX_ACTIVITY_SEGMENTS)))
    s = s.with_override("igf1", tuple(Keyframe(10.0 * i / MAX_KEYFRAMES, 100.0) for i in range(MAX_KEYFRAMES)))
    assert check_scenario(s) is s


def test_too_many_pinned_runs(tmp_path):
    d = _good()
    pin = _good()
    pin.pop("format_version")
    d["pinned"] = [{"name": f"run {i}", "scenario": pin} for i in range(MAX_PINNED + 1)]
    assert _error(tmp_path, d).endswith(f"pinned: has {MAX_PINNED + 1} pinned runs; at most {MAX_PINNED} are allowed")


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["therapies"][0].update(enable=False), "therapies[0].enable: is not a therapy field; did you mean 'enabled'?"),
        (lambda d: d["patient"].update(menopuase="surgical"), "patient.menopuase: is not a patient field; did you mean 'menopause'?"),
        (lambda d: d["therapies"][0].update(agent="estradiol_patch"), "therapies[0].agent: unknown agent 'estradiol_patch'; did you mean"),
        (lambda d: d["therapies"][0].pop("dose"), "therapies[0].dose: is missing; expected a number 12.5-200 mcg/day"),
        (lambda d: d["therapies"][2].update(interval_days="weekly"), "therapies[2].interval_days: must be a number, not text; allowed: 1-28 days"),
        (lambda d: d["overrides"].append({"hormone": "igf1", "keyframes": [{"t_years": 1}]}),
         "overrides[0].keyframes[0].level: is missing; expected a number 0-1500 ng/mL"),
        (lambda d: d.update(pinned=[{"name": "x", "scenario": {**_good(), "pinned": []}}]), "pinned[0].scenario.pinned: is not a scenario field"),
        (lambda d: d.update(pinned=[{"name": 3, "scenario": {}}]), "pinned[0].name: must be text, not a number"),
    ],
)
def test_unknown_and_missing_keys_are_named(tmp_path, mutate, expected):
    assert expected in _error(tmp_path, _mut(mutate))
