"""The window's four plots by key, with their names: the one list that lessons (``look_at``),
the export menu and the plots themselves read. Floor 1 (no Qt), so the lesson format can check
a lesson file without the window.

``PLOT_TITLES``: the short title drawn on each plot (its legend shares the title row);
``PLOT_NAMES``: the name in sentences and menus ("look at the RANKL/OPG and bone cells plot").
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

#: key -> (title on the plot, name in text), top to bottom as the window stacks them
_PLOTS = (
    ("hormones", "Hormones", "Hormones"),
    ("cells", "Bone cells", "RANKL/OPG and bone cells"),
    ("bmd", "Bone density", "Bone density (BMD and T-score)"),
    ("markers", "Turnover markers", "Turnover markers (CTX, P1NP)"),
)

PLOT_KEYS: tuple[str, ...] = tuple(key for key, _title, _name in _PLOTS)
PLOT_TITLES: Mapping[str, str] = MappingProxyType({key: title for key, title, _name in _PLOTS})
PLOT_NAMES: Mapping[str, str] = MappingProxyType({key: name for key, _title, name in _PLOTS})
