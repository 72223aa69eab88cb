"""Glossary: every seed "Meaning ∞" term and the app's own terms are defined."""

import json
from pathlib import Path

import pytest

from bonegui.app.dialogs.glossary import entries, lookup, terms_in, tooltip_for, tooltip_for_text

# every term the seed text defines with "Meaning ∞"
SEED_TERMS = (
    "bone remodeling", "growth hormone", "bone health", "estrogen", "osteoclast activity",
    "hormonal optimization", "osteoclast", "bone loss", "aromatase", "CJC-1295", "ipamorelin",
    "systems biology", "sex steroids", "androgen receptor", "bone mineral density", "osteoporosis",
    "bone formation", "osteoblast",
)
APP_TERMS = (
    "RANKL", "OPG", "RANKL/OPG ratio", "T-score", "CTX", "P1NP", "WHO class", "aromatisation", "LH",
    "IGF-1", "estradiol", "testosterone", "progesterone", "gonadorelin", "anastrozole", "sermorelin",
    "HPG axis", "BMD",
)


def test_every_entry_has_a_definition_and_a_source():
    raw = json.loads((Path(__file__).resolve().parents[1] / "resources" / "glossary.json").read_text("utf-8"))
    assert len(raw["entries"]) == len(entries()) >= 40
    for e in entries():
        assert len(e.definition) > 40, e.term
        assert e.source.strip(), e.term
    names = [n.lower() for e in entries() for n in e.names]
    assert len(names) == len(set(names)), "a name or alias is used twice"


@pytest.mark.parametrize("term", SEED_TERMS + APP_TERMS)
def test_required_term_is_defined(term):
    assert lookup(term) is not None, term
    assert term.lower() in tooltip_for(term).lower() or lookup(term).term.lower() in tooltip_for(term).lower()


def test_seed_definitions_are_marked_and_optimization_is_neutral():
    assert lookup("osteoclast").source == "seed"
    opt = lookup("hormonal optimization")
    assert opt.source != "seed" and "beyond mere reference range" not in opt.definition
    assert "not a defined medical diagnosis" in opt.definition


def test_terms_in_labels_prefer_the_longest_name_and_respect_acronyms():
    assert [e.term for e in terms_in("RANKL/OPG ratio")] == ["RANKL/OPG ratio"]
    assert [e.term for e in terms_in("Spine BMD and T-score")] == ["Lumbar spine", "Bone mineral density", "T-score"]
    assert terms_in("a high bar") == []  # "gh" and "ar" inside words are not GH / AR
    assert "CTX" in tooltip_for_text("Turnover: CTX") and tooltip_for_text("Hormones") == ""
