"""The catalogue and glossary files are read like user files: a malformed entry is one line
naming the file, the field path and what is allowed."""

import json
from pathlib import Path

import pytest

from bonegui.catalogue import CatalogueError, catalogue, catalogue_from_json
from bonegui.glossary_format import GlossaryError, entries, entries_from_json

RES = Path(__file__).resolve().parents[1] / "resources"


def _cat() -> dict:
    return json.loads((RES / "catalogue.json").read_text(encoding="utf-8"))


def test_the_shipped_catalogue_reads_the_same_through_the_strict_reader():
    agents, topics = catalogue_from_json((RES / "catalogue.json").read_text(encoding="utf-8"))
    assert dict(agents) == dict(catalogue()) and "mechanical_loading" in topics


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["agents"][1].update(dose_max="lots"), "agents[1].dose_max: must be a number, not text; allowed: 0-1e+09"),
        (lambda d: d["agents"][0].update(dose_min=500.0), "agents[0].usual_dose: needs 0 < dose_min <= usual_dose <= dose_max (the dose range); found 500, 100, 600"),
        (lambda d: d["agents"][0].update(group="male"), "agents[0].group: 'male' is not one of: male_trt, female_hrt, gh_peptide, other"),
        (lambda d: d["agents"][0].update(routs=["IM"]), "agents[0].routs: is not an agent field; did you mean 'routes'?"),
        (lambda d: d["agents"][0]["evidence"].pop("grade"), "agents[0].evidence.grade: is missing; expected non-empty text"),
        (lambda d: d["agents"][0]["pk"]["half_life"].update(value=float("inf")), "agents[0].pk.half_life.value: Infinity is not a finite number"),
        (lambda d: d["agents"].append(dict(d["agents"][0])), "agents[11].id: 'testosterone_cypionate' is used twice"),
        (lambda d: d.update(catalogue_version=2), "catalogue_version: 2 is not allowed; use 1"),
    ],
)
def test_malformed_catalogue_entries(mutate, message):
    d = _cat()
    mutate(d)
    with pytest.raises(CatalogueError) as e:
        catalogue_from_json(json.dumps(d), "my-catalogue.json")
    assert str(e.value) == f"my-catalogue.json: {message}"


def _glossary() -> dict:
    return json.loads((RES / "glossary.json").read_text(encoding="utf-8"))


def test_the_shipped_glossary_reads_through_the_strict_reader():
    assert entries_from_json((RES / "glossary.json").read_text(encoding="utf-8")) == entries()


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["entries"][3].update(definition=" "), "entries[3].definition: must not be empty"),
        (lambda d: d["entries"][0].update(alias=["x"]), "entries[0].alias: is not a glossary entry field; did you mean 'aliases'?"),
        (lambda d: d["entries"][0].update(aliases="x"), "entries[0].aliases: must be a list, not text"),
        (lambda d: d["entries"][2].pop("source"), "entries[2].source: is missing; expected non-empty text"),
        (lambda d: d.update(entries={}), "entries: must be a list, not an object"),
    ],
)
def test_malformed_glossary_entries(mutate, message):
    d = _glossary()
    mutate(d)
    with pytest.raises(GlossaryError) as e:
        entries_from_json(json.dumps(d), "glossary.json")
    assert str(e.value) == f"glossary.json: {message}"
