"""Protocol builder (the left dock): set up a teaching case in seconds.

Top to bottom: the case and its presets, the patient profile, therapies from the catalogue
(grouped as in the seed), lifestyle/loading changes, and below a splitter the evidence panel
for the selected agent. All state lives in the ScenarioDocument: every part reads
``document.scenario``, edits with ``document.commit`` and refreshes on ``scenarioChanged``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from bonegui.app.protocol.evidence_panel import EvidencePanel
from bonegui.app.protocol.activity_section import LOADING_TOPIC, ActivitySection
from bonegui.app.protocol.fields import ensure_min_font
from bonegui.app.protocol.patient_form import PatientForm, patient_summary
from bonegui.app.protocol.preset_bar import PresetBar
from bonegui.app.protocol.section import Section
from bonegui.app.protocol.summary import activity_summary, agent_name
from bonegui.app.protocol.therapy_section import TherapySection
from bonegui.scenario import Scenario

MIN_WIDTH_PX = 340


def therapies_summary(s: Scenario) -> str:
    n, off = len(s.therapies), sum(not t.enabled for t in s.therapies)
    if not n:
        return "No therapies"
    names = ", ".join(dict.fromkeys(agent_name(t.agent) for t in s.therapies))
    return f"{n} {'therapy' if n == 1 else 'therapies'}{f' ({off} off)' if off else ''}: {names}"


class ProtocolPanel(QWidget):
    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setObjectName("ProtocolPanel")
        ensure_min_font(self)
        self.setMinimumWidth(MIN_WIDTH_PX)

        # parented at once so they are built with the panel's (projector-sized) font
        self.preset_bar = PresetBar(document, self)
        self.patient_form = PatientForm(document, self)
        self.therapies = TherapySection(document, self)
        self.activity = ActivitySection(document, self)
        self.evidence_panel = EvidencePanel(self)
        for menu in (self.preset_bar.menu, self.therapies.add_menu):
            menu.setFont(self.font())  # popups do not inherit the panel's font

        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(4, 4, 4, 4)
        self.sections = {
            "case": Section("Case", self.preset_bar),
            "patient": Section("Patient", self.patient_form),
            "therapies": Section("Therapies", self.therapies),
            "activity": Section("Lifestyle / loading", self.activity),
        }
        for sec in self.sections.values():
            col.addWidget(sec)
        col.addStretch(1)
        # Folded, the patient is one summary line, so the therapies are on screen after a preset
        # loads; one click (or Space on the header) unfolds it.
        self.sections["patient"].set_expanded(False)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)

        self.evidence_section = Section("Evidence", self.evidence_panel)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.evidence_section)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setHandleWidth(8)
        self.evidence_section.header.toggled.connect(self._on_evidence_toggled)
        self.splitter.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.splitter)

        self.therapies.agentSelected.connect(self._show_agent)
        self.activity.topicSelected.connect(self.evidence_panel.show_topic)
        self.therapies.activityChangeRequested.connect(self._add_activity_change)
        # coming back to a list shows its evidence again
        self.therapies.list.installEventFilter(self)
        self.activity.list.installEventFilter(self)
        self._show_agent(self._selected_agent())
        document.scenarioChanged.connect(self._update_summaries)
        self._update_summaries(document.scenario)

    # ---- convenience for the window and tests -------------------------------------------------
    @property
    def therapy_list(self):
        return self.therapies.list

    def _selected_agent(self) -> str:
        i = self.therapies.selected_index
        return self.document.scenario.therapies[i].agent if i is not None else ""

    def _show_agent(self, agent_id: str) -> None:
        if agent_id:
            self.evidence_panel.show_agent(agent_id)
        elif not self.evidence_panel.current.startswith(LOADING_TOPIC):
            self.evidence_panel.clear()

    def _on_evidence_toggled(self, expanded: bool) -> None:
        """Folding the evidence gives its height to the builder (and unfolding takes it back)."""
        total = sum(self.splitter.sizes())
        if expanded:
            self.splitter.setSizes([total * 3 // 5, total - total * 3 // 5])
        else:
            low = self.evidence_section.sizeHint().height()
            self.splitter.setSizes([total - low, low])

    def _update_summaries(self, s: Scenario) -> None:
        self.sections["case"].set_summary(s.title)
        self.sections["patient"].set_summary(patient_summary(s))
        self.sections["therapies"].set_summary(therapies_summary(s))
        self.sections["activity"].set_summary(
            "; ".join(activity_summary(seg, i) for i, seg in enumerate(s.activity)))

    def _add_activity_change(self, level: str) -> None:
        self.sections["activity"].set_expanded(True)
        self.activity.add_change(level)
        self.activity.list.setFocus()
        self.scroll.ensureWidgetVisible(self.activity)
        self.evidence_panel.show_topic(LOADING_TOPIC)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            if watched is self.therapies.list and self._selected_agent():
                self.evidence_panel.show_agent(self._selected_agent())
            elif watched is self.activity.list:
                self.evidence_panel.show_topic(LOADING_TOPIC)
        return super().eventFilter(watched, event)


def _preview() -> int:  # pragma: no cover - manual look: python -m bonegui.app.protocol.panel [preset-id]
    import sys

    from PySide6.QtWidgets import QApplication

    from bonegui.app.document import ScenarioDocument
    from bonegui.scenario import load_preset

    app = QApplication.instance() or QApplication(sys.argv)
    doc = ScenarioDocument(load_preset(sys.argv[1]) if len(sys.argv) > 1 else None)
    panel = ProtocolPanel(doc)
    panel.resize(380, 900)
    panel.show()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_preview())
