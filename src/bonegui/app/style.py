"""Fonts, colours and the two themes (classroom default and projector "presentation").

Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which stays
distinguishable for the common colour-vision deficiencies. Sizes are in points so they scale
with the screen's DPI; the floor is 11 pt everywhere (readable from the back of a room) and
16 pt in presentation mode (a projector at 1024x768 still shows the tick labels).
"""

from __future__ import annotations

import gc

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

# Okabe-Ito colours, by name
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
#: Okabe-Ito's orange darkened for lines: #E69F00 is 2.25:1 on white, this 4.1:1 (every line
#: colour is at least 3:1 on the plots' white, WCAG 1.4.11; tests/app/test_plots.py checks them)
DARK_ORANGE = "#B07000"
#: the line colours of the plots and the timeline lanes (each at least 3:1 on white)
LINE_COLOURS = (BLUE, VERMILLION, REDDISH_PURPLE, BLUISH_GREEN, DARK_ORANGE)

#: One colour per hormone (timeline override hormone -> colour), in the plots and in the timeline
#: lanes alike, so estradiol is the same colour wherever it is drawn.
HORMONE_COLOURS = {
    "estradiol": REDDISH_PURPLE,
    "testosterone": BLUE,
    "igf1": BLUISH_GREEN,
    "progesterone": DARK_ORANGE,
}
#: the hip's g/cm² axis: the hip curve's colour
HIP_AXIS_COLOUR = DARK_ORANGE

#: therapy blocks in the timeline, by catalogue group (RGB)
THERAPY_GROUP_COLOURS = {
    "male_trt": (52, 101, 164),
    "female_hrt": (173, 56, 130),
    "gh_peptide": (46, 139, 87),
    "other": (204, 121, 0),
}
#: activity segments in the timeline, by level (RGB)
ACTIVITY_COLOURS = {
    "bed_rest": (214, 96, 77),
    "sedentary": (170, 170, 170),
    "active": (120, 180, 95),
    "high_intensity": (40, 125, 65),
}

#: Dash patterns of up to four pinned runs (compare runs), in pin order; drawn in each series'
#: own colour so a pinned estradiol curve is still "the estradiol colour", only dashed.
PIN_DASHES: tuple[Qt.PenStyle, ...] = (
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
    Qt.PenStyle.DashDotDotLine,
)

#: WHO densitometric classes (WHO 1994 technical report 843): T-score bands and fill colours.
WHO_BAND_COLOURS = {
    "normal": (0, 158, 115, 40),  # bluish green
    "osteopenia": (240, 228, 66, 70),  # yellow
    "osteoporosis": (213, 94, 0, 45),  # vermillion
}
#: reference bands of the hormone rows: premenopausal women and men, postmenopausal women
REFERENCE_BAND_COLOUR = (86, 180, 233, 55)  # sky blue, transparent
POSTMENOPAUSAL_BAND_COLOUR = (204, 121, 167, 45)  # reddish purple, transparent


def contrast_ratio(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio of two "#RRGGBB" colours (1 to 21)."""
    def luminance(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        channels = [int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = luminance(colour), luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@dataclass(frozen=True)
class Theme:
    name: str
    font_pt: int  # widgets, menus, readout
    tick_pt: int  # axis tick labels
    label_pt: int  # axis labels, legends
    title_pt: int  # plot titles
    line_width: float  # current run
    pin_line_width: float  # pinned runs
    background: str
    foreground: str
    grid_alpha: float
    cursor_width: float
    #: smallest data area a plot row is given (px); the window shows as many rows as fit
    min_row_px: int


DEFAULT = Theme(
    name="default", font_pt=11, tick_pt=11, label_pt=11, title_pt=12,
    line_width=2.0, pin_line_width=1.6, background="#FFFFFF", foreground="#1A1A1A",
    grid_alpha=0.15, cursor_width=2.0, min_row_px=120,
)
#: projector: large type, thick lines, pure black on white for the washed-out contrast of a beamer
PRESENTATION = Theme(
    name="presentation", font_pt=16, tick_pt=16, label_pt=16, title_pt=18,
    line_width=4.0, pin_line_width=3.0, background="#FFFFFF", foreground="#000000",
    grid_alpha=0.25, cursor_width=3.0, min_row_px=150,
)


def theme(presentation: bool) -> Theme:
    return PRESENTATION if presentation else DEFAULT


def configure_pyqtgraph() -> None:
    """Global pyqtgraph options: no OpenGL (fragile on classroom PCs and offscreen), antialiasing
    on while idle (the plots toggle it off during drags), white background for projectors."""
    pg.setConfigOptions(useOpenGL=False, antialias=True, background=DEFAULT.background,
                        foreground=DEFAULT.foreground)


def font(points: int, bold: bool = False) -> QFont:
    f = QFont(QApplication.font())
    f.setPointSize(points)
    f.setBold(bold)
    return f


def apply_app_style(app: QApplication, presentation: bool = False) -> None:
    """Application font and a light, high-contrast palette (also in dark desktop themes, since
    the plots are white and a projector washes out dark greys)."""
    t = theme(presentation)
    app.setStyle("Fusion")
    f = QFont(app.font())
    f.setPointSize(t.font_pt)
    app.setFont(f)
    pal = QPalette()
    fg, bg = QColor(t.foreground), QColor("#F4F4F4")
    pal.setColor(QPalette.ColorRole.Window, bg)
    pal.setColor(QPalette.ColorRole.WindowText, fg)
    pal.setColor(QPalette.ColorRole.Base, QColor("#FFFFFF"))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#EEF3F8"))
    pal.setColor(QPalette.ColorRole.Text, fg)
    pal.setColor(QPalette.ColorRole.Button, QColor("#E8E8E8"))
    pal.setColor(QPalette.ColorRole.ButtonText, fg)
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("#FFFFE0"))
    pal.setColor(QPalette.ColorRole.ToolTipText, fg)
    pal.setColor(QPalette.ColorRole.Highlight, QColor(BLUE))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#5A5A5A"))
    # setColor(role, ...) sets every colour group; disabled fields must still look disabled
    grey = QColor("#8A8A8A")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, grey)
    app.setPalette(pal)
    # a widget with a style sheet keeps the font it resolved when the sheet was polished: leaving
    # presentation mode left the error banner and the evidence warning at 16 pt. Re-polish them.
    # gc first: a Python wrapper that outlived its C++ widget (held in a reference cycle) and
    # whose address Qt has reused would be handed out by allWidgets() and crash on use
    gc.collect()
    for w in app.allWidgets():
        try:
            sheet = w.styleSheet()
        except RuntimeError:  # a stale wrapper that shiboken knows is dead
            continue
        if sheet:
            w.setStyleSheet("")
            w.setStyleSheet(sheet)
