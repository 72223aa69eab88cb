"""The patient profile: who is simulated, and for how long.

Every field shows its allowed range (the constants in ``bonegui.scenario.model``) and commits
one undo step through the document; a refused value stays in the field with the reason below it.
"""

from __future__ import annotations

from dataclasses import replace as dc_replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QVBoxLayout, QWidget

from bonegui.app.numbers import significant
from bonegui.app.protocol.binding import bind, show_values, signals_blocked
from bonegui.app.protocol.fields import Field, add_field, commit_edit, range_spin
from bonegui.scenario import ACTIVITY_LEVELS, Scenario
from bonegui.scenario.model import AGE_RANGE_YEARS, FINAL_PERIOD_AGE_RANGE_YEARS, SPAN_RANGE_YEARS, TSCORE_RANGE

SEX_LABELS = {"female": "Female", "male": "Male"}
MENOPAUSE_LABELS = {"none": "None", "natural": "Natural", "surgical": "Surgical"}
CONDITION_LABELS = {"hypogonadism": "Hypogonadism", "gh_deficiency": "GH deficiency"}
#: what each choice means; "None" keeps the status at the start (model/endocrine.ovarian_activity)
MENOPAUSE_TIP = ("None: no menopause happens during the run; she keeps her status at the start "
                 "(already postmenopausal if she is past her age at the final period: 51 y unless set under Natural).\n"
                 "Natural: estradiol falls around the final period (age set below).\n"
                 "Surgical: bilateral oophorectomy at a year of the scenario.")


def _range_hint(lo: float, hi: float) -> str:
    return f"{significant(lo)}-{significant(hi)}"


def _combo(items: dict[str, str]) -> QComboBox:
    c = QComboBox()
    for key, label in items.items():
        c.addItem(label, key)
    return c


class PatientForm(QWidget):
    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._refreshing = False
        self.form = form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(form)

        self.sex = _combo(SEX_LABELS)
        self.sex_field = add_field(form, "Sex", self.sex)
        self.age = range_spin(*AGE_RANGE_YEARS, unit="y", step=1.0, decimals=1)
        self.age_field = add_field(form, "Age at start", self.age, hint=_range_hint(*AGE_RANGE_YEARS))
        self.span = range_spin(*SPAN_RANGE_YEARS, unit="y", step=1.0, decimals=2)
        self.span_field = add_field(form, "Years simulated", self.span, hint=_range_hint(*SPAN_RANGE_YEARS))
        self.menopause = _combo(MENOPAUSE_LABELS)
        self.menopause.setToolTip(MENOPAUSE_TIP)
        self.menopause_field = add_field(form, "Menopause", self.menopause)
        self.final_period = range_spin(*FINAL_PERIOD_AGE_RANGE_YEARS, unit="y", step=1.0, decimals=1)
        self.final_period_field = add_field(form, "Age at final period", self.final_period,
                                            hint=_range_hint(*FINAL_PERIOD_AGE_RANGE_YEARS))
        self.surgery = range_spin(0.0, 10.0, unit="y", step=0.5, decimals=2)
        self.surgery_field = add_field(form, "Oophorectomy at year", self.surgery, "Surgery, years from start")

        self.conditions = {key: QCheckBox(label) for key, label in CONDITION_LABELS.items()}
        cond_box = QWidget()
        cond_row = QVBoxLayout(cond_box)
        cond_row.setContentsMargins(0, 0, 0, 0)
        for cb in self.conditions.values():
            cond_row.addWidget(cb)
        self.conditions_field = Field(cond_box)
        form.addRow("Conditions", self.conditions_field)

        self.habitual = _combo(dict(ACTIVITY_LEVELS))
        self.habitual.setToolTip("The loading the skeleton is adapted to; activity changes are relative to it")
        self.habitual_field = add_field(form, "Habitual activity", self.habitual)

        self.tscore_measured = QCheckBox("measured")
        self.tscore_measured.setToolTip("Unticked: the typical T-score for this age and sex")
        self.tscore = range_spin(*TSCORE_RANGE, step=0.1, decimals=1)
        self.tscore.setValue(-1.0)  # offered when "measured" is ticked
        self.tscore_field = add_field(form, "Baseline T-score", self.tscore, hint=_range_hint(*TSCORE_RANGE),
                                      lead=self.tscore_measured)

        self.fields = {
            "sex": self.sex_field, "age_years": self.age_field, "span_years": self.span_field,
            "menopause": self.menopause_field, "final_period_age_years": self.final_period_field,
            "surgery_years": self.surgery_field, "conditions": self.conditions_field,
            "habitual_activity": self.habitual_field, "baseline_tscore": self.tscore_field,
        }

        bind(self.sex, self._on_sex)
        bind(self.age, self._edit_patient, "age_years", "age at start")
        bind(self.span, self._on_span)
        bind(self.menopause, self._on_menopause)
        bind(self.final_period, self._edit_patient, "final_period_age_years", "age at final period")
        bind(self.surgery, self._edit_patient, "surgery_years", "surgery time")
        for key, cb in self.conditions.items():
            bind(cb, self._on_condition, key)
        bind(self.habitual, self._on_habitual)
        bind(self.tscore_measured, self._on_tscore_measured)
        bind(self.tscore, self._on_tscore)

        document.scenarioChanged.connect(self.refresh)
        self.refresh(document.scenario)

    # ---- document -> widgets ------------------------------------------------------------------
    def refresh(self, s: Scenario) -> None:
        self._refreshing = True
        try:
            p = s.patient
            for f in self.fields.values():
                f.clear_error()
            with signals_blocked(self.surgery):
                self.surgery.set_allowed(0.0, s.span_years, unit="y", step=0.5, decimals=2)
            self.surgery_field.set_hint(_range_hint(0.0, s.span_years))
            show_values(
                (self.sex, p.sex), (self.age, p.age_years), (self.span, s.span_years),
                (self.menopause, p.menopause), (self.final_period, p.final_period_age_years),
                (self.surgery, p.surgery_years), (self.habitual, p.habitual_activity),
                *((cb, key in p.conditions) for key, cb in self.conditions.items()),
                (self.tscore_measured, p.baseline_tscore is not None),
                *(((self.tscore, p.baseline_tscore),) if p.baseline_tscore is not None else ()),
            )
            female = p.sex == "female"
            self.menopause.setEnabled(female)
            self.menopause.setToolTip(MENOPAUSE_TIP if female else "Menopause applies to women only")
            # only the menopause detail that applies is shown (fewer rows to scan at a projector)
            self.form.setRowVisible(self.final_period_field, female and p.menopause == "natural")
            self.form.setRowVisible(self.surgery_field, female and p.menopause == "surgical")
            self.final_period.setEnabled(female and p.menopause == "natural")
            self.surgery.setEnabled(female and p.menopause == "surgical")
            self.tscore.setEnabled(p.baseline_tscore is not None)
        finally:
            self._refreshing = False

    # ---- widgets -> document ------------------------------------------------------------------
    def _commit(self, new: Scenario, text: str, key: str, label: str, merge: bool = True) -> str | None:
        if self._refreshing:
            return None
        path = "span_years" if key == "span_years" else f"patient.{key}"
        return commit_edit(self.document, new, text, path if merge else None, self.fields[key], label, path)

    def _edit_patient(self, key: str, what: str, value) -> str | None:
        s = self.document.scenario
        return self._commit(s.with_patient(**{key: value}), f"Change {what}", key, what[0].upper() + what[1:])

    def _on_sex(self, sex: str) -> None:
        s = self.document.scenario
        changes = {"sex": sex}
        if sex == "male" and s.patient.menopause != "none":
            changes["menopause"] = "none"  # menopause is for women only; keep the case valid
        self._commit(s.with_patient(**changes), "Change sex", "sex", "Sex", merge=False)

    def _on_span(self, value: float) -> None:
        s = self.document.scenario
        self._commit(dc_replace(s, span_years=value), "Change years simulated", "span_years", "Years simulated")

    def _on_menopause(self, menopause: str) -> None:
        self._commit(self.document.scenario.with_patient(menopause=menopause),
                     "Change menopause", "menopause", "Menopause", merge=False)

    def _on_condition(self, key: str, on: bool) -> None:
        p = self.document.scenario.patient
        conds = tuple(c for c in CONDITION_LABELS if (c in p.conditions or c == key) and (on or c != key))
        self._commit(self.document.scenario.with_patient(conditions=conds),
                     f"{'Add' if on else 'Remove'} {CONDITION_LABELS[key].lower()}", "conditions", "Conditions",
                     merge=False)

    def _on_habitual(self, level: str) -> None:
        self._commit(self.document.scenario.with_patient(habitual_activity=level),
                     "Change habitual activity", "habitual_activity", "Habitual activity", merge=False)

    def _on_tscore_measured(self, on: bool) -> None:
        value = round(self.tscore.value(), 1) if on else None
        if on and not (TSCORE_RANGE[0] <= value <= TSCORE_RANGE[1]):
            value = -1.0
        self._commit(self.document.scenario.with_patient(baseline_tscore=value),
                     "Set baseline T-score" if on else "Clear baseline T-score", "baseline_tscore",
                     "Baseline T-score", merge=False)

    def _on_tscore(self, value: float) -> None:
        if self.tscore_measured.isChecked():
            self._edit_patient("baseline_tscore", "baseline T-score", value)


def patient_summary(s: Scenario) -> str:
    """e.g. 'Male, 55 y, hypogonadism, sedentary; 10 y simulated'."""
    p = s.patient
    parts = [SEX_LABELS.get(p.sex, p.sex), f"{significant(p.age_years)} y"]
    if p.sex == "female" and p.menopause == "natural":
        parts.append(f"menopause at {significant(p.final_period_age_years)} y")
    elif p.sex == "female" and p.menopause == "surgical":
        parts.append(f"oophorectomy at year {significant(p.surgery_years)}")
    parts += [CONDITION_LABELS[c].lower() if c != "gh_deficiency" else "GH deficiency" for c in p.conditions]
    parts.append(ACTIVITY_LEVELS.get(p.habitual_activity, p.habitual_activity).lower())
    if p.baseline_tscore is not None:
        parts.append(f"T-score {significant(p.baseline_tscore)}")
    return f"{', '.join(parts)}; {significant(s.span_years)} y simulated"
