"""Glossary: the seed's "Meaning ∞" terms plus the app's own (resources/glossary.json).

Three uses:
- ``tooltip_for(term)`` -> rich-text tooltip for one term (other panels may call it:
  ``label.setToolTip(tooltip_for("RANKL/OPG ratio"))``);
- ``tooltip_for_text(text)`` -> a tooltip explaining every glossary term found in a label's text
  (plot titles and axis labels get theirs this way, whatever their exact wording);
- ``GlossaryDialog``: a searchable list (Help → Glossary).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from bonegui.glossary_format import SEED_SOURCE, Entry, entries  # noqa: F401  (the file format is floor 1)

@lru_cache(maxsize=1)
def _index() -> dict[str, Entry]:
    idx: dict[str, Entry] = {}
    for e in entries():
        for n in e.names:
            idx.setdefault(n.lower(), e)
    return idx


def lookup(term: str) -> Entry | None:
    """The entry whose term or alias is ``term`` (case-insensitive), or None."""
    return _index().get(term.strip().lower())


def _is_acronym(name: str) -> bool:
    # short upper-case names (GH, AR, LH, E2, OPG) match case-sensitively, so "ar" in "bar" or
    # "gh" in "high" never count
    return len(name) <= 4 and name.upper() == name


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    names = sorted({n for e in entries() for n in e.names}, key=len, reverse=True)
    parts = []
    for n in names:
        body = re.escape(n)
        parts.append(body if _is_acronym(n) else f"(?i:{body})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])")


def terms_in(text: str) -> list[Entry]:
    """Glossary entries mentioned in ``text``, in order of first mention, longest names first
    (so "RANKL/OPG ratio" wins over "RANKL")."""
    found: list[Entry] = []
    for m in _pattern().finditer(text or ""):
        e = lookup(m.group(0))
        if e is not None and e not in found:
            found.append(e)
    return found


def link_terms(escaped: str, style: str = "color:#0b5394; text-decoration:none") -> str:
    """Wrap the first mention of each glossary term in already HTML-escaped text in a
    ``<a href="glossary:TERM">`` link (a QLabel's linkActivated opens the glossary there)."""
    seen: set[str] = set()

    def repl(m: re.Match) -> str:
        e = lookup(m.group(0))
        if e is None or e.term in seen:
            return m.group(0)
        seen.add(e.term)
        return f"<a href='glossary:{html.escape(e.term)}' style='{style}'>{m.group(0)}</a>"

    return _pattern().sub(repl, escaped)


def _entry_html(e: Entry) -> str:
    note = f"<br><i>{html.escape(e.note)}</i>" if e.note else ""
    return (f"<b>{html.escape(e.term)}</b>: {html.escape(e.definition)}{note}"
            f"<br><span style='color:#555'>{html.escape(e.source_text)}</span>")


def tooltip_for(term: str) -> str:
    """Rich-text tooltip for one glossary term (or alias); "" when the term is unknown."""
    e = lookup(term)
    if e is None:
        return ""
    return f"<div style='max-width:420px'>{_entry_html(e)}</div>"


def tooltip_for_text(text: str, limit: int = 3) -> str:
    """A tooltip defining up to ``limit`` glossary terms mentioned in ``text``; "" if none."""
    found = terms_in(text)[:limit]
    if not found:
        return ""
    return "<div style='max-width:420px'>" + "<hr>".join(_entry_html(e) for e in found) + "</div>"


# ---------------------------------------------------------------------------- plot tooltips
def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text or "")


def install_plot_tooltips(plot_items: dict, legends: dict | None = None) -> int:
    """Set glossary tooltips on the titles, axis labels and legend entries of pyqtgraph
    PlotItems, or on plot row headers (``window.plots.headers``: items with ``set_glossary``;
    ``legends``: extra LegendItems by plot). Returns how
    many tooltips were set. Call again after the plots relabel (e.g. presentation mode)."""
    n = 0
    for extra in (legends or {}).values():
        for _sample, lab in getattr(extra, "items", []):
            tip = tooltip_for_text(_plain(getattr(lab, "text", "") or ""))
            if tip:
                lab.setToolTip(tip)
                n += 1
    for item in plot_items.values():
        set_glossary = getattr(item, "set_glossary", None)
        if callable(set_glossary):  # a plot row's header (bonegui.app.plots.header.RowHeader)
            tip = tooltip_for_text(_plain(getattr(item, "terms", "")))
            if tip:
                set_glossary(tip)
                n += 1
            continue
        targets = []
        title = getattr(item, "titleLabel", None)
        if title is not None:
            targets.append((title, getattr(title, "text", "") or ""))
        for name in ("left", "bottom", "right"):
            ax = item.getAxis(name) if hasattr(item, "getAxis") else None
            if ax is None or not ax.isVisible():
                continue
            label = getattr(ax, "label", None)
            if label is not None:
                targets.append((label, label.toPlainText()))
                targets.append((ax, label.toPlainText()))
        legend = getattr(item, "legend", None)
        if legend is not None:
            for sample, lab in getattr(legend, "items", []):
                targets.append((lab, getattr(lab, "text", "") or ""))
        for gitem, text in targets:
            tip = tooltip_for_text(_plain(text))
            if tip:
                gitem.setToolTip(tip)
                n += 1
    return n


_IDENTIFIER = re.compile(r"^[a-z0-9_]+$")


def install_widget_tooltips(root: QWidget | None) -> int:
    """Glossary tooltips for another panel's fixed labels, without touching its code: form-row
    labels (QLabels with a buddy), check boxes and QTreeWidget rows (column 0) whose text names
    a glossary term. Never overwrites a tooltip the panel set itself, except a bare series
    identifier (``rankl_opg_ratio``), which is kept at the end. Returns how many were set."""
    if root is None:
        return 0
    n = 0
    for lab in root.findChildren(QLabel):
        if lab.buddy() is not None and not lab.toolTip():
            tip = tooltip_for_text(_plain(lab.text()).replace("&", ""))
            if tip:
                lab.setToolTip(tip)
                n += 1
    for box in root.findChildren(QAbstractButton):
        if isinstance(box, (QCheckBox, QRadioButton)) and not box.toolTip():
            tip = tooltip_for_text(box.text().replace("&", ""))
            if tip:
                box.setToolTip(tip)
                n += 1
    trees = root.findChildren(QTreeWidget) + ([root] if isinstance(root, QTreeWidget) else [])
    for tree in trees:
        it = QTreeWidgetItemIterator(tree)
        while it.value() is not None:
            item = it.value()
            old = item.toolTip(0)
            if not old or _IDENTIFIER.match(old):
                tip = tooltip_for_text(item.text(0).strip(), limit=2)
                if tip:
                    extra = f"<br><span style='color:#555'>series: {html.escape(old)}</span>" if old else ""
                    item.setToolTip(0, tip[: -len("</div>")] + extra + "</div>")
                    n += 1
            it += 1
    return n


# ---------------------------------------------------------------------------- dialog
class GlossaryDialog(QDialog):
    """Searchable glossary: type to filter terms (names, aliases and definitions)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Glossary")
        self.resize(860, 560)
        f = self.font()
        f.setPointSizeF(max(12.0, f.pointSizeF()))  # readable at a projector
        self.setFont(f)
        self.search = QLineEdit(placeholderText="Search terms and definitions…", clearButtonEnabled=True)
        self.list = QListWidget()
        self.list.setMinimumWidth(240)
        self.view = QTextBrowser()
        self.view.setOpenExternalLinks(False)
        self.count = QLabel()
        for e in entries():
            it = QListWidgetItem(e.term)
            it.setData(Qt.ItemDataRole.UserRole, e)
            if e.source == SEED_SOURCE:
                it.setToolTip("Term defined in the protocol text")
            self.list.addItem(it)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.view, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addLayout(row, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(buttons)
        lay.addLayout(bottom)
        self.search.textChanged.connect(self._on_search)
        self.list.currentItemChanged.connect(self._on_current)
        self._on_search("")

    def _on_search(self, text: str) -> None:
        q = text.strip().lower()
        shown = 0
        first = None
        for i in range(self.list.count()):
            it = self.list.item(i)
            e: Entry = it.data(Qt.ItemDataRole.UserRole)
            hit = not q or any(q in n.lower() for n in e.names) or q in e.definition.lower()
            it.setHidden(not hit)
            if hit:
                shown += 1
                # prefer an entry whose name matches over one that only mentions the text
                if first is None or (q and any(n.lower().startswith(q) for n in e.names)
                                     and not any(n.lower().startswith(q) for n in first.data(Qt.ItemDataRole.UserRole).names)):
                    first = it
        self.count.setText(f"{shown} of {self.list.count()} terms")
        if first is not None:
            self.list.setCurrentItem(first)
        else:
            self.view.setHtml("<p>No term matches.</p>")

    def _on_current(self, item: QListWidgetItem | None, _prev=None) -> None:
        if item is None:
            return
        e: Entry = item.data(Qt.ItemDataRole.UserRole)
        aka = f"<p><i>Also: {html.escape(', '.join(e.aliases))}</i></p>" if e.aliases else ""
        note = f"<p>{html.escape(e.note)}</p>" if e.note else ""
        self.view.setHtml(
            f"<h2>{html.escape(e.term)}</h2>{aka}<p>{html.escape(e.definition)}</p>{note}"
            f"<p style='color:#555; font-size:small'>{html.escape(e.source_text)}</p>")

    def show_term(self, term: str) -> None:
        self.search.setText(term)
