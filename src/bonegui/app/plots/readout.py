"""The cursor readout: every series of the Result at the cursor time (Result.at), with units."""

from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from bonegui.app.numbers import fixed, significant
from bonegui.app.plots.series import HORMONE_RANGES
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


def format_value(name: str, value: float) -> str:
    if name.startswith("tscore_"):
        return fixed(value, 2, sign=True)
    if name in ("t_years", "age_years"):
        return fixed(value, 2)
    return significant(value, 3)


class ReadoutPanel(QTreeWidget):
    """Grouped table: quantity, value, unit. ``values`` holds the numbers last shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels(["At the cursor", "Value", "Unit"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        h = self.header()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.values: dict[str, float] = {}
        self._rows: dict[str, QTreeWidgetItem] = {}
        self._sex = "female"
        self._build(tuple(SERIES_UNITS))

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
        item = QTreeWidgetItem(self, ["   " + label, "–", SHORT_UNITS.get(unit, unit)])
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(0, name)
        self._rows[name] = item

    def set_sex(self, sex: str) -> None:
        self._sex = sex

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
            item.setText(1, "–" if v is None else format_value(name, v))
            if v is None:
                continue
            if name.startswith("tscore_"):
                unit = f"SD ({who_class(v)})"
                item.setText(2, unit)
            ranges: Mapping | None = HORMONE_RANGES.get(name)
            if ranges is not None:
                r = ranges[self._sex]
                where = "low" if v < r.lower else "high" if v > r.upper else "normal"
                item.setText(2, f"{r.unit} · {where}")
                item.setToolTip(2, f"Normal adult range {significant(r.lower)}–{significant(r.upper)} {r.unit}: {r.source}")
