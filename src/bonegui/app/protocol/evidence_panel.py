"""Evidence panel: for the selected agent, its mechanism, how strong the human evidence for a
bone effect is (grade A-D, EVIDENCE.md), the key result with its sources in full, and a warning
where the evidence runs against the usual (promotional) claims.

Content comes from the catalogue (``Agent.mechanism``, ``Agent.evidence``) and its evidence
topics (``mechanical_loading``); this widget only lays it out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from bonegui.app.protocol.fields import ensure_min_font, plain_font, scaled_font, set_text_colour
from bonegui.catalogue import Evidence, catalogue, evidence_topics

#: what each grade means (EVIDENCE.md)
GRADE_MEANINGS = {
    "A": "randomised trials with fracture outcomes",
    "B": "randomised trials with BMD (surrogate) outcomes only",
    "C": "human hormone or pharmacokinetic data only; no bone outcome",
    "D": "essentially unstudied for this use",
}
#: badge colours: strength of evidence, not direction (white text on each passes WCAG AA)
GRADE_COLOURS = {"A": "#1b6e35", "B": "#1f5a9e", "C": "#8a5300", "D": "#8e1b28"}
DIRECTION_COLOURS = {"harm": "#a3121f", "benefit": "#1b6e35"}

TOPIC_TEXT = {
    "mechanical_loading": (
        "Mechanical loading (activity)",
        "Lifestyle",
        "Osteocytes sense the strain of loading and lower sclerostin and RANKL, so osteoblasts form "
        "bone where it is loaded. The skeleton adapts to its habitual load: more loading than usual "
        "tips remodeling toward formation, bed rest or immobilisation toward resorption.",
    ),
}

DISCLAIMER = "An educational model of mechanisms, not a medical device; it gives no dosing advice."


def grade_letters(grade: str) -> list[str]:
    """'A/B' -> ['A', 'B']; unknown letters are dropped."""
    return [c for c in grade.upper() if c in GRADE_MEANINGS]


def _heading(text: str, parent: QWidget) -> QLabel:
    h = QLabel(text)
    h.setFont(scaled_font(parent, 1.0, bold=True))
    set_text_colour(h, "#1f3a5f")
    h.setContentsMargins(0, 6, 0, 0)
    return h


def _body(parent: QWidget | None = None) -> QLabel:
    lab = QLabel(parent)
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    lab.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return lab


class EvidencePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ensure_min_font(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll)
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(8, 6, 8, 6)
        self.scroll.setWidget(body)

        self.title_label = _body()
        self.title_label.setFont(scaled_font(self, 1.25, bold=True))
        col.addWidget(self.title_label)
        self.class_label = _body()
        set_text_colour(self.class_label, "#444444")
        col.addWidget(self.class_label)

        grade_row = QHBoxLayout()
        self.grade_label = QLabel()
        self.grade_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grade_label.setFont(scaled_font(self, 2.0, bold=True))
        self.grade_label.setMinimumWidth(72)
        self.grade_label.setAccessibleName("Evidence grade")
        grade_row.addWidget(self.grade_label, 0, Qt.AlignmentFlag.AlignTop)
        self.grade_meaning = _body()
        grade_row.addWidget(self.grade_meaning, 1)
        col.addLayout(grade_row)
        self.direction_label = _body()
        col.addWidget(self.direction_label)

        self.warning_box = QFrame()
        self.warning_box.setObjectName("warningBox")
        self.warning_box.setStyleSheet(
            "#warningBox { background: #fff3cd; border: 2px solid #b26a00; border-radius: 4px; }")
        wcol = QVBoxLayout(self.warning_box)
        wcol.setContentsMargins(8, 6, 8, 6)
        self.warning_title = QLabel("⚠ The evidence runs against the usual claim")
        self.warning_title.setFont(scaled_font(self, 1.0, bold=True))
        self.warning_title.setWordWrap(True)
        set_text_colour(self.warning_title, "#6b3e00")
        wcol.addWidget(self.warning_title)
        self.warning_label = _body()
        set_text_colour(self.warning_label, "#3d2400")
        self.warning_label.setFont(plain_font(self))  # explicit: the box's style sheet drops inherited fonts
        wcol.addWidget(self.warning_label)
        col.addWidget(self.warning_box)

        self._headings = [_heading(t, self) for t in ("Mechanism", "Key human result", "Sources")]
        col.addWidget(self._headings[0])
        self.mechanism_label = _body()
        col.addWidget(self.mechanism_label)
        col.addWidget(self._headings[1])
        self.summary_label = _body()
        col.addWidget(self.summary_label)
        col.addWidget(self._headings[2])
        self.sources_label = _body()
        self.sources_label.setTextFormat(Qt.TextFormat.RichText)
        col.addWidget(self.sources_label)
        self.disclaimer = _body()
        self.disclaimer.setText(DISCLAIMER)
        set_text_colour(self.disclaimer, "#555555")
        f = self.disclaimer.font()
        f.setItalic(True)
        self.disclaimer.setFont(f)
        self.disclaimer.setContentsMargins(0, 8, 0, 0)
        col.addWidget(self.disclaimer)
        col.addStretch(1)

        self.current: str = ""
        self.clear()

    # ---- public -------------------------------------------------------------------------------
    @property
    def grade(self) -> str:
        return self.grade_label.text()

    def clear(self) -> None:
        self.current = ""
        self.title_label.setText("Evidence")
        self.class_label.setText("Select a therapy to see its mechanism and how strong the human evidence is.")
        self._set_content(None, "", "")

    def show_agent(self, agent_id: str) -> None:
        a = catalogue().get(agent_id)
        if a is None:
            self.clear()
            return
        self.current = agent_id
        self.title_label.setText(a.name)
        self.class_label.setText(a.drug_class)
        self._set_content(a.evidence, a.mechanism, a.name)

    def show_topic(self, topic: str) -> None:
        ev = evidence_topics().get(topic)
        if ev is None:
            self.clear()
            return
        title, kind, mechanism = TOPIC_TEXT.get(topic, (topic.replace("_", " ").capitalize(), "", ""))
        self.current = topic
        self.title_label.setText(title)
        self.class_label.setText(kind)
        self._set_content(ev, mechanism, title)

    # ---- layout ---------------------------------------------------------------------------------
    def _set_content(self, ev: Evidence | None, mechanism: str, name: str) -> None:
        shown = ev is not None
        for w in (self.grade_label, self.grade_meaning, self.direction_label, self.mechanism_label,
                  self.summary_label, self.sources_label):
            w.setVisible(shown)
        for h in self._headings:
            h.setVisible(shown)
        if ev is None:
            self.grade_label.setText("")
            self.warning_box.hide()
            return
        letters = grade_letters(ev.grade)
        colour = GRADE_COLOURS.get(letters[0] if letters else "", "#444444")
        self.grade_label.setText(ev.grade)
        self.grade_label.setStyleSheet(
            f"background: {colour}; color: white; border-radius: 6px; padding: 4px 10px;")
        self.grade_label.setToolTip(f"Evidence grade {ev.grade}")
        meaning = "<br>".join(f"<b>{c}</b>: {GRADE_MEANINGS[c]}" for c in letters) or "ungraded"
        self.grade_meaning.setText(f"Evidence grade<br>{meaning}")
        dcol = next((c for k, c in DIRECTION_COLOURS.items() if k in ev.direction.lower()), "#222222")
        self.direction_label.setText(f"<b>Effect on bone:</b> <span style='color:{dcol}'>{ev.direction}</span>")
        self.warning_label.setText(ev.warning)
        self.warning_box.setVisible(bool(ev.warning))
        self.mechanism_label.setText(mechanism)
        self.summary_label.setText(ev.summary)
        if ev.sources:
            items = "".join(f"<li>{_escape(s)}</li>" for s in ev.sources)
            self.sources_label.setText(f"<ol style='margin-left:-20px'>{items}</ol>")
        else:
            self.sources_label.setText(f"No controlled human study of {_escape(name)} with a bone outcome "
                                       "was found in the sources gathered for this app.")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
