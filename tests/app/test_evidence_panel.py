"""Evidence panel: every catalogue agent shows its grade, mechanism, key result, full sources,
and the warning where the evidence runs against the seed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from bonegui.app.protocol.evidence_panel import GRADE_COLOURS, GRADE_MEANINGS, EvidencePanel, grade_letters
from bonegui.catalogue import catalogue, evidence_topics


@pytest.fixture
def panel(qtbot):
    w = EvidencePanel()
    qtbot.addWidget(w)
    w.resize(380, 600)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.mark.parametrize("agent_id", list(catalogue()))
def test_each_agent_shows_its_grade_mechanism_result_and_sources(panel, agent_id):
    a = catalogue()[agent_id]
    panel.show_agent(agent_id)
    assert panel.current == agent_id
    assert panel.grade == a.evidence.grade
    assert panel.grade_label.isVisibleTo(panel)
    assert panel.title_label.text() == a.name
    assert panel.mechanism_label.text() == a.mechanism
    assert panel.summary_label.text() == a.evidence.summary
    sources_html = panel.sources_label.text()
    for src in a.evidence.sources:  # in full, not abbreviated
        assert src.replace("&", "&amp;").replace("<", "&lt;") in sources_html
    if not a.evidence.sources:
        assert "No controlled human study" in sources_html
    assert panel.warning_box.isVisibleTo(panel) == bool(a.evidence.warning)
    if a.evidence.warning:
        assert panel.warning_label.text() == a.evidence.warning
    letters = grade_letters(a.evidence.grade)
    assert letters, f"{agent_id}: grade {a.evidence.grade!r} has no A-D letter"
    assert GRADE_COLOURS[letters[0]] in panel.grade_label.styleSheet()
    for c in letters:
        assert GRADE_MEANINGS[c] in panel.grade_meaning.text()


def test_warnings_against_the_seed_for_anastrozole_and_testosterone(panel):
    panel.show_agent("anastrozole")
    assert panel.warning_box.isVisibleTo(panel)
    assert "estradiol" in panel.warning_label.text().lower()
    assert "harm" in panel.direction_label.text()
    panel.show_agent("testosterone_cypionate")
    assert "TRAVERSE" in panel.warning_label.text()


def test_grade_is_prominent(panel):
    panel.show_agent("estradiol_transdermal")
    body = [w for w in panel.findChildren(QLabel) if w is not panel.grade_label and w.isVisibleTo(panel)]
    assert panel.grade_label.font().pointSizeF() >= 1.8 * max(w.font().pointSizeF() for w in body if
                                                               w is not panel.title_label)
    assert panel.grade_label.font().bold()


def test_loading_topic_and_clear(panel):
    ev = evidence_topics()["mechanical_loading"]
    panel.show_topic("mechanical_loading")
    assert panel.grade == ev.grade
    assert panel.mechanism_label.text()  # a mechanism sentence for loading too
    assert "LIFTMOR" in panel.summary_label.text()
    panel.clear()
    assert panel.grade == ""
    assert not panel.grade_label.isVisibleTo(panel)
    assert not panel.warning_box.isVisibleTo(panel)
    panel.show_agent("no_such_agent")  # unknown ids clear instead of failing
    assert panel.current == ""


def test_fonts_at_least_11_pt(panel):
    for agent_id in catalogue():
        panel.show_agent(agent_id)
        small = [w.text()[:30] for w in panel.findChildren(QLabel) if w.isVisibleTo(panel) and w.text()
                 and w.font().pointSizeF() < 11]
        assert small == [], agent_id


def test_grade_letters():
    assert grade_letters("A/B") == ["A", "B"]
    assert grade_letters("c") == ["C"]
    assert grade_letters("?") == []
