"""The cursor readout: every series of the Result at the cursor time (Result.at), with units.

Numbers are plain (15200, never 1.52e+04) with three significant figures; times read "5 y 1 mo".
Hormones say where they sit against the reference band of the patient's sex and life stage at
that time (bands.py). Quantities in the model's own units (bone cell densities, RANKL and OPG in
pM of the Pivonka model) mean nothing as numbers to a class, so they are shown relative to the
model's reference state (a healthy young adult = 1), the pM value in the row's tooltip.

With the Cohort switch on (bonegui.app.simulation.cohort), a "People like her" group shows, at the cursor,
the share of the virtual cohort in each WHO class (summing to 100 %) and the median person's
10-year hip and major fracture risks (bonegui.model.fracture: an estimate, not FRAX; from 50 y
on, where the method is defined). The group is hidden while the switch is off.

"Doses at the cursor" lists the therapies active at the cursor with their dose; a dose above the
agent's usual range says so ("supraphysiologic", issue 13), the usual weekly range in its tooltip.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from bonegui.app.numbers import duration, fixed, reading, significant
from bonegui.app.plots.bands import STAGE_LABELS, band_at, life_stages
from bonegui.scenario import Patient
from bonegui.model.result import SERIES_UNITS, Result
from bonegui.model.tissue import who_class

#: (group, [(series, label)]) in reading order; series not listed go to "Other"
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Time", (("t_years", "Years from start"), ("age_years", "Age"))),
    ("Hormones", (
        ("estradiol_pg_ml", "Estradiol"), ("testosterone_ng_dl", "Testosterone"),
        ("igf1_ng_ml", "IGF-1"), ("progesterone_ng_ml", "Progesterone"),
        ("lh_rel", "LH"), ("gh_rel", "GH"),
    )),
    ("Loading", (("loading_rel", "Loading"),)),
    ("Signals", (("rankl_pm", "RANKL"), ("opg_pm", "OPG"), ("rankl_opg_ratio", "RANKL/OPG ratio"))),
    ("Bone cells", (
        ("obp_pm", "Pre-osteoblasts"), ("oba_pm", "Active osteoblasts"),
        ("oca_pm", "Active osteoclasts"), ("formation_rel", "Formation"), ("resorption_rel", "Resorption"),
    )),
    ("Markers", (("ctx_rel", "CTX"), ("p1np_rel", "P1NP"))),
    ("Bone density", (
        ("bmd_spine_g_cm2", "Spine BMD"), ("tscore_spine", "Spine T-score"),
        ("bmd_hip_g_cm2", "Hip BMD"), ("tscore_hip", "Hip T-score"),
    )),
)

SHORT_UNITS = {"1 (relative to young adult)": "× ref.", "1 (relative to habitual)": "× habitual",
               "1 (relative to reference)": "× ref.", "1 (relative to young-adult reference)": "× ref.",
               "g/cm2": "g/cm²", "y": "years"}


def model_references() -> dict[str, float]:
    """The model's reference state in its own units (pM) for the series shown relative to it;
    empty if the model does not expose it (the rows then show pM)."""
    try:
        from bonegui.model import bone
        from bonegui.model.simulate import X_REF

        sig = bone.signals(*X_REF)
        return {"obp_pm": float(X_REF[0]), "oba_pm": float(X_REF[1]), "oca_pm": float(X_REF[2]),
                "rankl_pm": float(sig.rankl_pm), "opg_pm": float(sig.opg_pm)}
    except (ImportError, AttributeError, TypeError, IndexError, ValueError):
        return {}


RELATIVE_NOTE = "relative to the model's reference state (a healthy young adult = 1)"


DOSE_GROUP = "Doses at the cursor"
FLAG_COLOUR = "#8a4b00"  # the dark amber of the protocol panel's dose warning

#: the cohort group: (key, label) in reading order
COHORT_GROUP = "People like her (cohort)"
COHORT_ROWS: tuple[tuple[str, str], ...] = (
    ("normal", "Normal"), ("osteopenia", "Osteopenia"), ("osteoporosis", "Osteoporosis"),
    ("hip_fracture", "Hip fracture, 10 y"), ("major_fracture", "Major fracture, 10 y"),
)
WHO_TIPS = {"normal": "T-score ≥ −1 at the lower of spine and hip (WHO)",
            "osteopenia": "T-score between −2.5 and −1 at the lower of spine and hip (WHO)",
            "osteoporosis": "T-score ≤ −2.5 at the lower of spine and hip (WHO)"}
RISK_UNIT = "median"
#: the note under the risks, a row of its own so a narrow readout never cuts it
RISK_NOTE = "Fracture risk: an estimate, not FRAX"
RISK_TIP = ("The median person's 10-year probability (bonegui.model.fracture: age, sex and the model's "
            "BMD on published incidence and gradient-of-risk tables; docs/fracture-risk.md). An estimate "
            "with stated limits, not FRAX. Defined from 50 to 90 years of age.")


def who_percentages(frac_osteopenia: float, frac_osteoporosis: float) -> tuple[int, int, int]:
    """Whole percentages (normal, osteopenia, osteoporosis) that sum to 100 (largest remainder)."""
    shares = [max(0.0, 1.0 - frac_osteopenia - frac_osteoporosis), frac_osteopenia, frac_osteoporosis]
    raw = [100.0 * v / max(sum(shares), 1e-12) for v in shares]
    out = [int(math.floor(v)) for v in raw]
    for i in sorted(range(3), key=lambda i: raw[i] - out[i], reverse=True)[:100 - sum(out)]:
        out[i] += 1
    return out[0], out[1], out[2]


def cohort_at(cohort, t_years: float) -> dict[str, float]:
    """The cohort's WHO shares (fractions) and median 10-year risks (fractions, NaN outside
    50-90 y) at the output step nearest ``t_years``."""
    t = np.asarray(cohort["t_years"])
    i = int(np.clip(np.searchsorted(t, t_years), 0, len(t) - 1))
    if i > 0 and abs(t[i - 1] - t_years) < abs(t[i] - t_years):
        i -= 1
    op, opo = float(cohort["frac_osteopenia"][i]), float(cohort["frac_osteoporosis"][i])
    return {"normal": max(0.0, 1.0 - op - opo), "osteopenia": op, "osteoporosis": opo,
            "hip_fracture": float(cohort["hip_fracture_10y_p50"][i]),
            "major_fracture": float(cohort["major_fracture_10y_p50"][i])}


def format_value(name: str, value: float, reference: float | None = None) -> str:
    if name.startswith("tscore_"):
        return fixed(value, 2, sign=True)
    if name in ("t_years", "age_years"):
        return duration(value)
    if reference:
        return reading(value / reference)
    return reading(value)


class ReadoutPanel(QTreeWidget):
    """Grouped table: quantity, value, unit. ``values`` holds the numbers last shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels(["At the cursor", "Value", "Unit"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        # focusable: arrow keys walk the rows, a screen reader reads them
        self.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Readout at the cursor")
        self.setAccessibleDescription("Every simulated quantity at the time cursor, with its unit")
        h = self.header()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.values: dict[str, float] = {}
        self._rows: dict[str, QTreeWidgetItem] = {}
        #: the cohort at the cursor (fractions; empty while the Cohort switch is off)
        self.cohort_values: dict[str, float] = {}
        self._cohort = None
        self._cohort_people = 0
        self._cohort_t = 0.0
        self._cohort_head: QTreeWidgetItem | None = None
        self._cohort_rows: dict[str, QTreeWidgetItem] = {}
        self._stages = life_stages(Patient(), 10.0)
        self._references = model_references()
        #: (start_years, stop_years, label, dose text, flag) of the enabled therapies
        self._therapies: list[tuple[float, float, str, str, str]] = []
        self._tips: list[str] = []
        self._dose_head: QTreeWidgetItem | None = None
        self._dose_rows: list[QTreeWidgetItem] = []
        self._t = 0.0
        self._build(tuple(SERIES_UNITS))

    def needed_width(self) -> int:
        """Wide enough for every row's longest texts (a cut "in ra…" reads as nothing): the
        width the window gives the readout's dock."""
        fm = self.fontMetrics()
        items = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        # a row spanning the columns (a group's name, the cohort's note) needs no column of its own
        labels = [it.text(0) for it in items if not it.isFirstColumnSpanned()]
        spanned = max((fm.horizontalAdvance(it.text(0)) for it in items if it.isFirstColumnSpanned()), default=0)
        col0 = max(fm.horizontalAdvance(t) for t in labels) + self.indentation() + 16
        col1 = fm.horizontalAdvance("-0.000123") + 16
        col2 = fm.horizontalAdvance("ng/dL · in range") + 16
        return max(col0 + col1 + col2, spanned + self.indentation() + 16) \
            + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def sizeHint(self):  # noqa: N802 (Qt API)
        hint = super().sizeHint()
        hint.setWidth(self.needed_width())
        return hint

    def _build(self, names: tuple[str, ...]) -> None:
        self.clear()  # deletes every item: drop the references to them
        self._rows = {}
        self._dose_head, self._dose_rows = None, []
        self._cohort_head = None
        self._cohort_rows = {}
        listed = set()
        for group, members in GROUPS:
            present = [(n, lab) for n, lab in members if n in names]
            if not present:
                continue
            head = QTreeWidgetItem(self, [group])
            f = head.font(0)
            f.setBold(True)
            head.setFont(0, f)
            head.setFirstColumnSpanned(True)
            for n, lab in present:
                self._add_row(n, lab)
                listed.add(n)
            if group == "Time":  # the cohort's answer comes first: it must not scroll out of view
                self._build_cohort()
        if self._cohort_head is None or not self._cohort_rows:
            self._build_cohort()
        self._build_doses()
        others = [n for n in names if n not in listed]
        if others:
            QTreeWidgetItem(self, ["Other"]).setFirstColumnSpanned(True)
            for n in others:
                self._add_row(n, n)

    def _build_cohort(self) -> None:
        head = QTreeWidgetItem(self, [COHORT_GROUP])
        f = head.font(0)
        f.setBold(True)
        head.setFont(0, f)
        head.setFirstColumnSpanned(True)
        head.setToolTip(0, "A virtual cohort around the patient (View → Cohort): the share of them in "
                           "each WHO class at the cursor, and the median person's fracture risk")
        self._cohort_head = head
        self._cohort_rows = {}
        for key, label in COHORT_ROWS:
            item = QTreeWidgetItem(self, ["   " + label, "–", ""])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for col in (0, 1, 2):
                item.setToolTip(col, RISK_TIP if key.endswith("fracture") else WHO_TIPS[key])
            self._cohort_rows[key] = item
        note = QTreeWidgetItem(self, ["   " + RISK_NOTE])
        note.setFirstColumnSpanned(True)
        f = note.font(0)
        f.setItalic(True)
        note.setFont(0, f)
        note.setToolTip(0, RISK_TIP)
        self._cohort_rows["note"] = note
        self._fill_cohort()

    def set_therapies(self, scenario) -> None:
        """The scenario's enabled therapies, for "Doses at the cursor"."""
        from bonegui.app.protocol.summary import agent_name, dose_flag, usual_range_text

        self._therapies = [(t.start_years, t.stop_years, agent_name(t.agent),
                            f"{significant(t.dose)} {t.dose_unit}", dose_flag(t))
                           for t in scenario.therapies if t.enabled]
        self._tips = [usual_range_text(t.agent) for t in scenario.therapies if t.enabled]
        self._build_doses()

    def dose_texts(self) -> list[tuple[str, str, str]]:
        """(label, dose, flag) of the dose rows on show (tests)."""
        return [(it.text(0).strip(), it.text(1), it.text(2)) for it in self._dose_rows if not it.isHidden()]

    def _build_doses(self) -> None:
        """The group's rows are made once and then only refilled, shown or hidden (removing
        tree items while the window repaints is how Qt trees crash)."""
        if self._dose_head is None:
            head = self._dose_head = QTreeWidgetItem(self, [DOSE_GROUP])
            f = head.font(0)
            f.setBold(True)
            head.setFont(0, f)
            head.setFirstColumnSpanned(True)
            self._dose_rows = []
        while len(self._dose_rows) < len(self._therapies):
            # made with its tree as parent (and after the group's last row): the tree owns it.
            # A parentless item inserted later stays owned by its Python wrapper, and the tree
            # deletes it too when the window goes: the garbage collector then crashed
            item = QTreeWidgetItem(self, self._dose_rows[-1] if self._dose_rows else self._dose_head)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._dose_rows.append(item)
        for item, (_t0, _t1, label, dose, flag), tip in zip(self._dose_rows, self._therapies, self._tips):
            item.setText(0, "   " + label)
            item.setText(1, dose)
            item.setText(2, flag or "usual range")
            f = item.font(2)
            f.setBold(bool(flag))
            item.setFont(2, f)
            item.setForeground(2, QBrush(QColor(FLAG_COLOUR)) if flag else QBrush())
            for col in (0, 1, 2):
                item.setToolTip(col, f"{label} {dose}: {flag + ', ' if flag else ''}{tip}; a model, not dosing advice")
        self._fill_doses()

    def _fill_doses(self) -> None:
        any_on = False
        for i, item in enumerate(self._dose_rows):
            on = i < len(self._therapies) and self._therapies[i][0] <= self._t < self._therapies[i][1]
            item.setHidden(not on)
            any_on |= on
        if self._dose_head is not None:
            self._dose_head.setHidden(not any_on)

    def _add_row(self, name: str, label: str) -> None:
        unit = SERIES_UNITS.get(name, "")
        if name in self._references:
            unit = "× ref."
        item = QTreeWidgetItem(self, ["   " + label, "–", SHORT_UNITS.get(unit, unit)])
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(0, name)
        if name in self._references:
            item.setToolTip(2, f"{RELATIVE_NOTE}; reference {reading(self._references[name])} pM")
        self._rows[name] = item

    def set_sex(self, sex: str) -> None:
        """The reference bands of a patient of ``sex`` (a woman before the menopause)."""
        self.set_stages(life_stages(Patient(sex=sex), 10.0))

    def set_stages(self, stages) -> None:
        """The patient's life stages (bands.life_stages): which band a hormone is read against."""
        self._stages = list(stages)

    def show_cohort_at(self, cohort, t_years: float, people: int | None = None) -> None:
        """The cohort group at ``t_years`` (None hides it: the Cohort switch is off)."""
        self._cohort = cohort
        self._cohort_t = float(t_years)
        self._cohort_people = int(people if people is not None else (cohort.n if cohort is not None else 0))
        self._fill_cohort()

    def cohort_texts(self) -> dict[str, tuple[str, str]]:
        """key -> (value, unit) of the cohort rows on show (tests, the layout report); the note
        under the risks is "note" -> (its text, "")."""
        return {k: (it.text(0).strip(), "") if k == "note" else (it.text(1), it.text(2))
                for k, it in self._cohort_rows.items() if not it.isHidden()}

    def _fill_cohort(self) -> None:
        if self._cohort_head is None:
            return
        c = self._cohort
        self._cohort_head.setHidden(c is None)
        if c is None:
            self.cohort_values = {}
            for item in self._cohort_rows.values():
                item.setHidden(True)
            return
        v = self.cohort_values = cohort_at(c, self._cohort_t)
        shares = dict(zip(("normal", "osteopenia", "osteoporosis"), who_percentages(v["osteopenia"], v["osteoporosis"])))
        for key, item in self._cohort_rows.items():
            if key == "note":
                item.setHidden(not math.isfinite(v["hip_fracture"]))
            elif key in shares:
                item.setHidden(False)
                item.setText(1, f"{shares[key]} %")
                item.setText(2, f"of {self._cohort_people}")
            else:
                risk = v[key]
                item.setHidden(not math.isfinite(risk))  # before 50 y: the method is not defined
                item.setText(1, f"{fixed(100.0 * risk, 1)} %" if math.isfinite(risk) else "–")
                item.setText(2, RISK_UNIT)

    def show_at(self, result: Result | None, t_years: float) -> None:
        """Fill the table with ``result.at(t_years)``; a blank table without a result."""
        self._t = float(t_years)
        self._fill_doses()
        if self._cohort is not None and t_years != self._cohort_t:
            self.show_cohort_at(self._cohort, t_years, self._cohort_people)
        if result is None or not len(result):
            self.values = {}
            for item in self._rows.values():
                item.setText(1, "–")
            return
        if set(result.names) - set(self._rows):
            self._build(result.names)
        self.values = result.at(t_years)
        for name, item in self._rows.items():
            v = self.values.get(name)
            item.setText(1, "–" if v is None else format_value(name, v, self._references.get(name)))
            if v is None:
                continue
            if name in self._references:
                item.setToolTip(1, f"{reading(v)} pM in the model's units; {RELATIVE_NOTE}")
            if name.startswith("tscore_"):
                unit = f"SD ({who_class(v)})"
                item.setText(2, unit)
            band = band_at(name, self._stages, t_years)
            if band is not None:
                stage, r = band
                item.setText(2, f"{r.unit} · {r.where(v)}")
                item.setToolTip(2, f"Reference band, {STAGE_LABELS[stage]}: {significant(r.lower)}–"
                                   f"{significant(r.upper)} {r.unit}. {r.source}")
