"""Guided lessons (menu Lessons): predict, run, explain.

The lesson panel docks beside the plots (never over them): it shows the lesson's introduction
and a summary of its scenario and asks the prediction question *before* the scenario is
loaded, so the plots cannot give the answer away. "Run it" loads the scenario into the document
(asking first about unsaved work), stops any playback so the whole curves show, puts the plots
the lesson names on screen and the cursor where it says, and the panel shows the feedback for
the chosen answer, the explanation and the evidence grade. When runs are pinned, the panel
shows the comparison at the cursor in large type ("spine BMD at 8 y: −4.1 % vs 'TRT'").
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bonegui.app.dialogs.glossary import link_terms
from bonegui.app.numbers import duration, significant
from bonegui.catalogue import catalogue
from bonegui.lesson_format import PLOT_NAMES, Lesson, LessonError, lessons, load_lesson
from bonegui.scenario import HORMONES, Scenario


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _rich(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setWordWrap(True)
    return lab


#: conditions as a student reads them (the file's ids are snake_case)
CONDITION_NAMES = {"hypogonadism": "hypogonadism", "gh_deficiency": "GH deficiency"}


def scenario_summary(s: Scenario) -> str:
    """A few plain lines describing a scenario (patient, therapies, activity, overrides)."""
    p = s.patient
    who = f"{p.sex.capitalize()}, {significant(p.age_years)} years"
    if p.menopause == "natural":
        who += f", final menstrual period at {significant(p.final_period_age_years)}"
    elif p.menopause == "surgical":
        who += f", ovaries removed at year {significant(p.surgery_years)}"
    if p.conditions:
        who += ", " + ", ".join(CONDITION_NAMES.get(c, c.replace("_", " ")) for c in p.conditions)
    if p.baseline_tscore is not None:
        who += f", T-score {significant(p.baseline_tscore)}"
    lines = [f"<b>Patient:</b> {_esc(who)}; followed for {significant(s.span_years)} years"]
    agents = catalogue()
    for t in s.enabled_therapies:
        name = agents[t.agent].name if t.agent in agents else t.agent
        every = "daily" if t.interval_days == 1 else f"every {significant(t.interval_days)} days"
        lines.append(f"<b>Therapy:</b> {_esc(name)} {significant(t.dose)} {_esc(t.dose_unit)} {t.route} {every}, "
                     f"years {significant(t.start_years)}-{significant(t.stop_years)}")
    if len(s.activity) > 1 or s.activity[0].level != p.habitual_activity:
        segs = ", ".join(f"{a.level.replace('_', ' ')} from year {significant(a.start_years)}" for a in s.activity)
        lines.append(f"<b>Activity:</b> {_esc(segs)}")
    for ov in s.overrides:
        spec = HORMONES[ov.hormone]  # "IGF-1 (ng/mL)", not the file's "igf1"
        kf = ", ".join(f"{significant(k.level)} at {significant(k.t_years)} y" for k in ov.keyframes)
        lines.append(f"<b>Drawn {_esc(spec.label)} curve ({_esc(spec.unit)}):</b> {_esc(kf)}")
    if not s.enabled_therapies:
        lines.append("<b>Therapy:</b> none")
    return "<br>".join(lines)


def evidence_label(grade: str) -> str:
    """"Grade A/B", or "Cohort data (no trial grade)" for natural history."""
    return "Cohort data (no trial grade)" if grade == "cohort" else f"Grade {grade}"


class LessonPanel(QWidget):
    """One lesson in a dock beside the plots: the student moves the cursor and reads the plots
    while the question and the explanation stay in view."""

    #: the student answered and the scenario was loaded (argument: the chosen index)
    answered = Signal(int)

    def __init__(self, lesson: Lesson, window, files=None, on_term=None) -> None:
        super().__init__()
        self.lesson = lesson
        self.window = window
        self.files = files
        self.dock: QDockWidget | None = None
        self._on_term = on_term  # callable(term): show the glossary at a term
        self.setWindowTitle(f"Lesson: {lesson.title}")
        self.setAccessibleName(f"Lesson: {lesson.title}")
        f = self.font()
        f.setPointSizeF(max(12.0, f.pointSizeF()))  # readable at a projector
        self.setFont(f)

        title = _rich(f"<h2>{_esc(lesson.title)}</h2>")
        intro = self._linked(_esc(lesson.intro))
        summary = _rich(scenario_summary(lesson.scenario))
        summary.setObjectName("lessonScenario")
        summary.setStyleSheet("QLabel#lessonScenario { background: #f2f5f9; border: 1px solid #c9d3df; padding: 8px; }")

        self.question = QGroupBox("Predict first")
        qlay = QVBoxLayout(self.question)
        prompt = _rich(f"<b>{_esc(lesson.prompt)}</b>")
        qlay.addWidget(prompt)
        self.choice_group = QButtonGroup(self)
        self.choice_buttons: list[QRadioButton] = []
        self.choice_labels: list[QLabel] = []
        for i, c in enumerate(lesson.choices):
            rb = QRadioButton()
            rb.setStyleSheet("QRadioButton { padding: 3px; }")
            self.choice_group.addButton(rb, i)
            self.choice_buttons.append(rb)
            row = QHBoxLayout()
            row.addWidget(rb)
            qlay.addLayout(row)
            # long answers wrap: a radio button cannot, so its text goes in a label beside it
            lab = _rich(_esc(c.text))
            lab.mousePressEvent = lambda _ev, b=rb: b.click()  # clicking the text chooses it
            self.choice_labels.append(lab)
            row.addWidget(lab, 1)
        self.run_button = QPushButton("Run it and check my prediction")
        self.run_button.setEnabled(False)
        self.run_button.setDefault(True)
        self.choice_group.idToggled.connect(lambda _i, on: on and self.run_button.setEnabled(True))
        self.run_button.clicked.connect(self._on_run)

        self.feedback = _rich("")
        self.feedback.setVisible(False)
        # the comparison with pinned runs, in large type for the back of the room
        self.compare = _rich("")
        self.compare.setObjectName("lessonCompare")
        cf = self.compare.font()
        cf.setPointSizeF(max(18.0, 1.5 * f.pointSizeF()))
        cf.setBold(True)
        self.compare.setFont(cf)
        self.compare.setAccessibleName("Comparison with the pinned runs")
        self.compare.setVisible(False)
        self.explanation = self._linked("")
        self.explanation.setVisible(False)

        body = QWidget()
        lay = QVBoxLayout(body)
        for w in (title, intro, summary, self.question, self.run_button, self.feedback, self.compare, self.explanation):
            lay.addWidget(w)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.scroll = scroll
        close = QPushButton("Close the lesson")
        close.clicked.connect(self.close)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        outer.addLayout(bottom)

    def _linked(self, text: str) -> QLabel:
        """A rich-text label whose glossary terms are links (hover: pointer; click: glossary)."""
        lab = _rich(link_terms(text) if text else "")
        lab.setToolTip("Click a blue term to look it up in the glossary")
        lab.linkActivated.connect(self._on_link)
        return lab

    def _on_link(self, href: str) -> None:
        if href.startswith("glossary:") and self._on_term is not None:
            self._on_term(href.removeprefix("glossary:"))

    def choose(self, index: int) -> None:
        self.choice_buttons[index].setChecked(True)

    def show_compare(self, text: str) -> None:
        """The pins' difference at the cursor (CompareRunsController.readoutChanged)."""
        self.compare.setText(_esc(text).replace("\n", "<br>"))
        self.compare.setVisible(bool(text))

    def close(self) -> bool:  # noqa: A003 (Qt API): the dock goes with the panel
        if self.dock is not None:
            self.dock.close()
        return super().close()

    def _on_run(self) -> None:
        index = self.choice_group.checkedId()
        if index < 0:
            return
        if self.files is not None:
            if not self.files.maybe_save("load the lesson's scenario"):
                return
            self.files.replace(self.lesson.scenario, None, ())
        else:
            self.window.document.replace(self.lesson.scenario)
        playback = getattr(self.window, "playback", None)
        if playback is not None:  # a playback under way would hide the curves past its time
            playback.reset()
        choice = getattr(self.window.plots, "choice", None)
        if choice is not None:
            choice.set_plots(self.lesson.look_at)
        if self.lesson.cursor_years is not None and hasattr(self.window.plots, "set_cursor"):
            self.window.plots.set_cursor(self.lesson.cursor_years)
        self.window.status(f"Lesson scenario loaded: {self.lesson.scenario.title}", 5000)
        self._show_answer(index)
        self.answered.emit(index)

    def _show_answer(self, index: int) -> None:
        les = self.lesson
        chosen = les.choices[index]
        for b in self.choice_buttons:
            b.setEnabled(False)
        for i, (lab, c) in enumerate(zip(self.choice_labels, les.choices)):
            if c.correct:
                lab.setText(f"<span style='color:#1b5e20'><b>✔ {_esc(c.text)}</b></span>")
            elif i == index:
                lab.setText(f"<span style='color:#b71c1c'>✘ {_esc(c.text)}</span>")
        self.run_button.setEnabled(False)
        self.run_button.setText("Scenario loaded: look at the plots")
        ok = chosen.correct
        colour, border = ("#e6f4ea", "#2e7d32") if ok else ("#fdecea", "#c62828")
        verdict = "✔ Your prediction was right." if ok else "✘ Not quite."
        extra = "" if ok else f"<br><br><b>The answer:</b> {_esc(les.choices[les.correct_index].text)}"
        feedback = re.sub(r"^(Right|Correct)[.!]\s*", "", chosen.feedback) if ok else chosen.feedback
        self.feedback.setText(f"<b>{verdict}</b> {_esc(feedback)}{extra}")
        self.feedback.setStyleSheet(f"QLabel {{ background: {colour}; border: 2px solid {border}; padding: 8px; }}")
        self.feedback.setVisible(True)
        ev = les.evidence
        plots = ", ".join(PLOT_NAMES[k] for k in les.look_at)
        sources = "".join(f"<li>{_esc(s)}</li>" for s in ev.sources)
        sources_html = f"<ul style='margin-top:2px'>{sources}</ul>" if sources else ""
        cursor = f" (the time cursor is at {duration(les.cursor_years)})" if les.cursor_years is not None else ""
        self.explanation.setText(
            f"<h3>What to look at</h3><p><b>Plots:</b> {_esc(plots)}{cursor}</p>"
            f"<p>{link_terms(_esc(les.explanation))}</p>"
            f"<h3>How strong is the evidence? {_esc(evidence_label(ev.grade))}</h3>"
            f"<p><i>{_esc(ev.grade_meaning)}</i></p><p>{_esc(ev.summary)}</p>{sources_html}"
            "<p style='color:#555'>The simulator is an educational model of mechanisms, not a medical device, "
            "and gives no dosing advice.</p>")
        self.explanation.setVisible(True)
        QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(self.feedback, 0, 40))


class LessonsController:
    """Fills the Lessons menu: the shipped lessons in order, then a teacher's own file."""

    def __init__(self, window, files=None, on_term=None) -> None:
        self.window = window
        self.files = files
        self.on_term = on_term
        self.dialog: LessonPanel | None = None  # the lesson on screen (in window.lesson_dock)
        self.actions: list[QAction] = []

    def populate(self, menu: QMenu) -> None:
        try:
            shipped = lessons()
        except LessonError as e:  # a broken shipped file must not take the window down
            shipped = ()
            self.window.status(f"Lessons unavailable: {e}", 10_000)
        for i, les in enumerate(shipped, 1):
            a = menu.addAction(f"&{i}. {les.title}")
            a.setStatusTip(les.scenario.description or les.title)
            a.triggered.connect(lambda _c=False, lesson=les: self.open_lesson(lesson))
            self.actions.append(a)
        menu.addSeparator()
        own = menu.addAction("Open a lesson &file…")
        own.setStatusTip("Open a lesson a teacher wrote as a JSON file (see docs/lessons.md)")
        own.triggered.connect(lambda _c=False: self.open_lesson_file())
        self.actions.append(own)

    def ask_lesson_path(self) -> str | None:
        from bonegui.app.settings import last_folder, remember_folder, window_settings

        s = window_settings(self.window)
        path, _ = QFileDialog.getOpenFileName(self.window, "Open lesson", last_folder(s), "Lesson files (*.json);;All files (*)")
        remember_folder(s, path)
        return path or None

    def open_lesson_file(self, path: str | None = None) -> LessonPanel | None:
        path = path or self.ask_lesson_path()
        if not path:
            return None
        try:
            lesson = load_lesson(path)
        except LessonError as e:
            if self.files is not None:
                self.files.show_error("Cannot open lesson", str(e))
            else:
                self.window.status(str(e), 10_000)
            return None
        return self.open_lesson(lesson)

    def open_lesson(self, lesson: Lesson) -> LessonPanel:
        """Show ``lesson`` in the lesson dock (replacing the one there)."""
        if self.dialog is not None:
            try:
                self.dialog.close()
            except RuntimeError:  # already deleted by Qt
                pass
        panel = LessonPanel(lesson, self.window, self.files, self.on_term)
        key = id(panel)
        panel.destroyed.connect(lambda *_a: self._forget(key))
        self.dialog = panel
        dock = self._dock()
        panel.dock = dock
        dock.setWindowTitle(f"Lesson: {lesson.title}")
        old = dock.widget()
        dock.setWidget(panel)
        if old is not None and old is not panel:
            old.deleteLater()
        dock.show()
        dock.raise_()
        cohort = getattr(self.window, "cohort", None)
        if lesson.cohort_people is not None and cohort is not None:
            # the lesson's cohort, for this session: what the settings remember stays the user's
            cohort.set_people(lesson.cohort_people, remember=False)
            cohort.set_on(True, remember=False)
        pins = getattr(getattr(self.window, "workshop", None), "pins", None)
        if pins is not None:
            panel.show_compare(pins.readout_text() if self.window.document.pinned else "")
        return panel

    def _dock(self) -> QDockWidget:
        """The lesson dock beside the plots: tabbed with the readout (on the right in a wide
        window, with the protocol builder on the left in a narrow one)."""
        dock = getattr(self.window, "lesson_dock", None)
        if dock is None:
            dock = QDockWidget("Lesson", self.window)
            dock.setObjectName("lesson_dock")
            self.window.lesson_dock = dock
            readout = getattr(self.window, "readout_dock", None)
            if readout is not None and hasattr(self.window, "tabifyDockWidget"):
                self.window.addDockWidget(self.window.dockWidgetArea(readout), dock)
                self.window.tabifyDockWidget(readout, dock)
            else:
                self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            pins = getattr(getattr(self.window, "workshop", None), "pins", None)
            if pins is not None:
                pins.readoutChanged.connect(self._on_compare)
        return dock

    def _on_compare(self, text: str) -> None:
        if self.dialog is not None:
            try:
                self.dialog.show_compare(text)
            except RuntimeError:
                self.dialog = None

    def _forget(self, key: int) -> None:
        if self.dialog is not None and id(self.dialog) == key:
            self.dialog = None


LessonDialog = LessonPanel  # the name the lessons had when they were a dialog
