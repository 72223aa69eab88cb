"""Every shipped case file loads; malformed case files give messages naming the field."""

import json

import pytest

from bonegui.resources_access import list_json, read_json
from bonegui.validation import CaseError, load_case, load_cases
from bonegui.validation.quantities import QUANTITIES

EXPECTED = [f"C{i}" for i in range(1, 21)]


def test_every_calibration_row_is_a_case_in_order():
    assert [c.id for c in load_cases()] == EXPECTED
    assert [f.name for f in list_json("validation")] == sorted(f"{c}.json" for c in EXPECTED)


@pytest.mark.parametrize("case_id", EXPECTED)
def test_case_file_loads_with_target_tolerance_source(case_id):
    case = load_case(json.dumps(read_json("validation", f"{case_id}.json")), case_id)
    assert case.id == case_id and case.source and case.situation
    assert case.parts
    for p in case.parts:
        assert p.label and p.target_text
        assert p.target is not None or p.tolerance.rule in ("above", "below")
        if p.tolerance.rule == "within":
            assert p.target is not None and p.tolerance.limit >= 0
    for m in case.measures.values():
        if m.quantity is not None:
            assert m.quantity["kind"] in QUANTITIES
            assert m.quantity.get("series", "bmd_spine_g_cm2")
        # every treated arm is compared with an existing scenario
        if m.comparator is not None:
            assert m.comparator in case.scenarios


def test_comparator_cases_have_treated_and_untreated_scenarios():
    cases = {c.id: c for c in load_cases()}
    for cid in ("C3", "C4", "C5", "C8"):
        assert {"treated", "untreated"} <= set(cases[cid].scenarios)
        assert cases[cid].scenarios["untreated"].therapies == ()
    assert cases["C3"].scenarios["treated"].therapies[0].agent == "estradiol_oral"
    assert cases["C4"].scenarios["treated"].therapies[0].agent == "testosterone_gel"
    assert cases["C8"].scenarios["treated"].activity[0].level == "high_intensity"
    assert cases["C8"].scenarios["untreated"].patient.habitual_activity == "sedentary"


def _minimal() -> dict:
    return {
        "id": "X1", "situation": "s", "source": "src",
        "scenarios": {"untreated": {"format_version": 1, "span_years": 1.0, "patient": {"sex": "female", "age_years": 50.0}}},
        "measures": {"m": {"scenario": "untreated", "quantity": {"kind": "pct_change", "series": "bmd_hip_g_cm2", "from_years": 0, "to_years": 1}}},
        "parts": [{"id": "p", "label": "l", "measure": "m", "target": -1.0, "target_text": "-1 %"}],
    }


def test_minimal_case_loads():
    c = load_case(json.dumps(_minimal()), "x.json")
    assert c.parts[0].target == (-1.0, -1.0) and c.parts[0].unit == "%"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["parts"][0].update(measure="nope"), "x.json: parts[0].measure: unknown measure 'nope'"),
        (lambda d: d["measures"]["m"].update(scenario="treated"), "measures.m.scenario: unknown scenario 'treated'"),
        (lambda d: d["measures"]["m"]["quantity"].update(kind="peak"), "measures.m.quantity.kind: 'peak' is not one of"),
        (lambda d: d["measures"]["m"]["quantity"].pop("to_years"), "measures.m.quantity.to_years: is missing"),
        (lambda d: d["parts"][0].update(target=None), "parts[0].target: rule 'default' needs a target"),
        (lambda d: d["parts"][0].update(tolerance={"rule": "loose"}), "parts[0].tolerance.rule: 'loose' is not one of"),
        (lambda d: d["scenarios"]["untreated"]["patient"].update(age_years=5.0), "scenarios.untreated.patient.age_years: 5 is outside"),
        (lambda d: d.update(notes="one note"), "x.json: notes: must be a list, not text"),
        (lambda d: d.update(measures=[]), "x.json: measures: must be an object, not a list"),
        (lambda d: d.update(situaton="s"), "x.json: situaton: is not a case field; did you mean 'situation'?"),
        (lambda d: d["parts"][0].update(target=float("nan")), "x.json: parts[0].target: NaN is not a finite number"),
        (lambda d: d["parts"][0].update(unit=5), "parts[0].unit: must be text"),
    ],
)
def test_bad_case_names_the_field(mutate, message):
    d = _minimal()
    mutate(d)
    with pytest.raises(CaseError) as e:
        load_case(json.dumps(d), "x.json")
    assert message in str(e.value)


def test_invalid_json_is_a_case_error():
    with pytest.raises(CaseError, match="x.json: not valid JSON"):
        load_case("{", "x.json")
