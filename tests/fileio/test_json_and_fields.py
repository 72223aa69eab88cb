"""Strict JSON and field specs: each trap gives one exact line naming the field and what is
allowed (the issue-14 cases first)."""

import json
import subprocess
import sys

import pytest

from bonegui.fileio import MAX_MESSAGE_CHARS, ScenarioError, parse_json_text
from bonegui.fileio.jsontext import MAX_DEPTH, nesting_depth, parse_json_tree
from bonegui.fileio.spec import Field, ListOf, Number, Obj, Text, read
from bonegui.fileio.text import listing, shorten
from bonegui.scenario import Scenario, scenario_from_json, scenario_to_dict


def _scenario_text(**patient) -> str:
    d = scenario_to_dict(Scenario())
    d["patient"].update(patient)
    return json.dumps(d)


def _err(text: str) -> str:
    with pytest.raises(ScenarioError) as e:
        scenario_from_json(text, "f.json")
    msg = str(e.value)
    assert "\n" not in msg and len(msg) <= len("f.json: ") + MAX_MESSAGE_CHARS, msg
    return msg


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('"age_years": 45.0', '"age_years": 1' + "0" * 400,
         "patient.age_years: 10000000...0000 has 401 digits, too many to be a real value; allowed: 18-95 years"),
        ('"age_years": 45.0', '"age_years": 1' + "0" * 5000,
         "patient.age_years: 10000000...0000 has 5001 digits, too many to be a real value; allowed: 18-95 years"),
        ('"age_years": 45.0', '"age_years": 0.' + "5" * 5000,
         "patient.age_years: 0.555555...5555 is a number of 5002 characters, too long to be a real value; allowed: 18-95 years"),
        ('"format_version": 1', '"format_version": 1e999', "format_version: 1e999 is not a finite number; allowed: 1"),
        ('"format_version": 1', '"format_version": NaN', "format_version: NaN is not a finite number; allowed: 1"),
        ('"span_years": 10.0', '"span_years": -Infinity', "span_years: -Infinity is not a finite number; allowed: 0.05-60 years"),
        ('"menopause": "none"', '"menopuase": "surgical"', "patient.menopuase: is not a patient field; did you mean 'menopause'?"),
        ('"sex": "female"', '"sex": "female", "sex": "male"', "patient.sex: is given twice in the same object; keep one"),
        ('"title": "Untitled scenario"', '"title": "Lesson \\ud83e"',
         "title: holds a lone surrogate (\\ud83e, half of an emoji or other character), which cannot be saved; retype that text"),
        ('"conditions": []', '"conditions": ["\\udc00x"]',
         "patient.conditions[0]: holds a lone surrogate (\\udc00, half of an emoji or other character), which cannot be saved; retype that text"),
        ('"patient": {', '"\\ud83e": 1, "patient": {',
         "'\\ud83e': holds a lone surrogate (\\ud83e, half of an emoji or other character), which cannot be saved; retype that text"),
        ('"span_years": 10.0', '"spam_years": 10.0', "spam_years: is not a scenario field; did you mean 'span_years'?"),
        ('"span_years": 10.0, ', '', "span_years: is missing; expected a number 0.05-60 years"),
        ('"age_years": 45.0', '"age_years": "sixty"', "patient.age_years: must be a number, not text; allowed: 18-95 years"),
        ('"sex": "female"', '"sex": {"a": 1}', "patient.sex: must be text, not an object; allowed: female, male"),
        ('"conditions": []', '"conditions": [["hypogonadism"]]',
         "patient.conditions[0]: must be text, not a list; allowed: hypogonadism, gh_deficiency"),
        ('"overrides": []', '"overrides": {}', "overrides: must be a list, not an object"),
    ],
)
def test_issue_14_inputs_get_one_line_naming_field_and_allowed(old, new, message):
    text = json.dumps(scenario_to_dict(Scenario()))
    assert old in text
    assert _err(text.replace(old, new, 1)) == f"f.json: {message}"


def test_deep_nesting_is_refused_before_parsing():
    for text in ("[" * 100_000, "{\"a\":" * 50_000, "[" * 33 + "]" * 33):
        msg = _err(text)
        assert "levels are allowed" in msg, msg
    assert _err("[" * 100_000) == f"f.json: nests lists or objects 100000 deep; at most {MAX_DEPTH} levels are allowed"
    assert parse_json_text("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


def test_brackets_inside_strings_do_not_count():
    assert nesting_depth('{"a": "[[[[[[[[[[{{{{{{", "b": [1, "]]]]"]}') == 2
    assert nesting_depth('["\\"[[[[", [[]]]') == 3


def test_the_depth_scan_finishes_on_hostile_text():
    """Escaped quotes and unterminated strings cannot make the string pattern backtrack (a
    quadratic scan would take hours on these; the child's timeout only guards against a hang)."""
    code = ("from bonegui.fileio.jsontext import nesting_depth\n"
            "for text in ('\"' + '\\\\\"' * 500_000, '\"' * 1_000_001, '[\"' + '\\\\' * 999_999):\n"
            "    nesting_depth(text)\n"
            "print('done')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "done", out.stderr


def test_numbers_and_duplicates_anywhere_in_free_form_text():
    with pytest.raises(ScenarioError) as e:
        parse_json_text('{"a": [1, {"b": Infinity}]}')
    assert str(e.value) == "a[1].b: Infinity is not a finite number"
    with pytest.raises(ScenarioError) as e:
        parse_json_text('{"a": [{"x": 1, "y": 2, "x": 3}]}')
    assert str(e.value) == "a[0].x: is given twice in the same object; keep one"
    with pytest.raises(ScenarioError) as e:
        parse_json_text('{"a": 1' + "2" * 30 + "}")
    assert str(e.value) == "a: 12222222...2222 has 31 digits, too many to be a real value"
    assert parse_json_text('{"big": 123456789012345678, "small": -1e-300}') == {"big": 123456789012345678, "small": -1e-300}


def test_giant_values_are_shortened_in_messages():
    big = "x" * 1_000_000
    msg = _err(_scenario_text(sex=big))
    assert msg == "f.json: patient.sex: 'xxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxx' is not one of: female, male"
    msg = _err(json.dumps(scenario_to_dict(Scenario())).replace('"patient": {', f'"patient": {{"{big}": 1, ', 1))
    assert msg.startswith("f.json: patient.'xxxxxxxxxxxxxxxxxxxx...xxxxxxx': is not a patient field; allowed here: sex, ")
    assert len(msg) <= len("f.json: ") + MAX_MESSAGE_CHARS


def test_error_text_is_always_one_printable_line():
    e = ScenarioError("a\nb", "bad\r\nthing \udcff", "file\udcffname.json")
    assert str(e) == "file\\udcffname.json: a b: bad  thing \\udcff"
    str(e).encode("utf-8")  # printable on any UTF-8 stream
    long = ScenarioError("f" * 500, "p" * 500)
    assert len(str(long)) == MAX_MESSAGE_CHARS and str(long).endswith("...")


def test_shorten_and_listing():
    assert shorten("short") == "'short'"
    assert shorten("a" * 100) == "'" + "a" * 26 + "..." + "a" * 10 + "'"
    assert shorten(10**30) == "10000000...0000"
    assert shorten(1e300) == "1e+300"
    assert listing(["a", "b"]) == "a, b"
    assert listing([f"item{i:03d}" for i in range(40)], 60) == "item000, item001, item002, item003, item004, ... (40 in all)"


_SPEC = Obj(
    {
        "name": Field(Text(nonempty=True)),
        "level": Field(Number(0, 10, "mg")),
        "kind": Field(Text(("alpha", "beta")), default="alpha"),
        "tags": Field(ListOf(Text(), 3, noun="tags"), default=[]),
        "count": Field(Number(1, 5, integer=True), default=1),
    },
    noun="thing field",
)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"level": 1}, "name: is missing; expected non-empty text"),
        ({"name": "x"}, "level: is missing; expected a number 0-10 mg"),
        ({"name": " ", "level": 1}, "name: must not be empty"),
        ({"name": "x", "level": 11}, "level: 11 is outside 0-10 mg"),
        ({"name": "x", "level": True}, "level: must be a number, not true/false; allowed: 0-10 mg"),
        ({"name": "x", "level": 1, "kind": "gamma"}, "kind: 'gamma' is not one of: alpha, beta"),
        ({"name": "x", "level": 1, "tags": ["a"] * 4}, "tags: has 4 tags; at most 3 are allowed"),
        ({"name": "x", "level": 1, "count": 2.5}, "count: 2.5 is not a whole number; allowed: 1-5"),
        ({"name": "x", "level": 1, "levle": 2}, "levle: is not a thing field; did you mean 'level'?"),
        ({"name": "x", "level": 1, "zzz": 2}, "zzz: is not a thing field; allowed here: name, level, kind, tags, count"),
        ([], "(top level): must be an object, not a list"),
    ],
)
def test_field_spec_messages(data, message):
    with pytest.raises(ScenarioError) as e:
        read(_SPEC, data)
    assert str(e.value) == message


def test_field_spec_fills_defaults_and_converts():
    assert read(_SPEC, {"name": "x", "level": 2}) == {"name": "x", "level": 2.0, "kind": "alpha", "tags": [], "count": 1}


def test_tree_keeps_bad_numbers_for_the_field_reader():
    tree = parse_json_tree('{"level": 1e999, "name": "x"}')
    with pytest.raises(ScenarioError) as e:
        read(_SPEC, tree)
    assert str(e.value) == "level: 1e999 is not a finite number; allowed: 0-10 mg"
