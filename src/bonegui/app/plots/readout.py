"""The cursor readout: every series of the Result at the cursor time (Result.at), with units.

Numbers are plain (15200, never 1.52e+04) with three significant figures; times read "5 y 1 mo".
Hormones say where they sit against the reference band of the patient's sex and life stage at
that time (bands.py). Quantities in the model's own units (bone cell densities, RANKL and OPG in
pM of the Pivonka model) mean nothing as numbers to a class, so they are shown relative to the
model's reference state (a healthy young adult = 1), the pM value in the row's tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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
        self._stages = life_stages(Patient(), 10.0)
        self._references = model_references()
        self._build(tuple(SERIES_UNITS))

    def needed_width(self) -> int:
        """Wide enough for every row's longest texts (a cut "in ra…" reads as nothing): the
        width the window gives the readout's dock."""
        fm = self.fontMetrics()
        labels = [self.topLevelItem(i).text(0) for i in range(self.topLevelItemCount())]
        col0 = max(fm.horizontalAdvance(t) for t in labels) + self.indentation() + 16
        col1 = fm.horizontalAdvance("-0.000123") + 16
        col2 = fm.horizontalAdvance("ng/dL · in range") + 16
        return col0 + col1 + col2 + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def sizeHint(self):  # noqa: N802 (Qt API)
        hint = super().sizeHint()
        hint.setWidth(self.needed_width())
        return hint

    def _build(self, names: tuple[str, ...]) -> None:
        self.clear()
        self._rows = {}
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
        others = [n for n in names if n not in listed]
        if others:
            QTreeWidgetItem(self, ["Other"]).setFirstColumnSpanned(True)
            for n in others:
                self._add_row(n, n)

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

    def show_at(self, result: Result | None, t_years: float) -> None:
        """Fill the table with ``result.at(t_years)``; a blank table without a result."""
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
