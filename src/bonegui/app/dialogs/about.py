"""Help -> About (version, disclaimer, references) and the first-start disclaimer.

Plain text only: no links open a browser, nothing reaches the network.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from bonegui import DISCLAIMER, __version__
from bonegui.app.settings import acknowledge_disclaimer, disclaimer_acknowledged

APP_NAME = "Bone Remodeling Lab"

REFERENCES: tuple[str, ...] = (
    "Pivonka P et al. (2008) Model structure and control of bone remodeling: a theoretical study. Bone 43:249-263.",
    "Lemaire V et al. (2004) Modeling the interactions between osteoblast and osteoclast activities in bone remodeling. J Theor Biol 229:293-309.",
    "Scheiner S, Pivonka P, Hellmich C (2013) Coupling systems biology with multiscale mechanics for the computer simulation of bone remodeling. Comput Methods Appl Mech Eng 254:181-196.",
    "Peterson MC, Riggs MM (2012) Predicting nonlinear changes in bone mineral density over time using a multiscale systems pharmacology model. CPT Pharmacometrics Syst Pharmacol 1:e14.",
    "Jörg DJ et al. (2022) A mechanistic model of bone turnover markers and bone mineral density after menopause. eLife 11:e76228.",
    "Khosla S, Oursler MJ, Monroe DG (2012) Estrogen and the skeleton. Trends Endocrinol Metab 23:576-581.",
    "Greendale GA et al. (2012) Bone mineral density loss in relation to the final menstrual period (SWAN). J Bone Miner Res 27:111-118.",
    "Writing Group for the PEPI Trial (1996) Effects of hormone therapy on bone mineral density. JAMA 276:1389-1396.",
    "Snyder PJ et al. (2017) Effect of testosterone treatment on volumetric bone density and strength in older men with low testosterone. JAMA Intern Med 177:471-479.",
    "Nankin HR (1987) Hormone kinetics after intramuscular testosterone cypionate. Fertil Steril 47:1004-1009.",
    "Teichman SL et al. (2006) Prolonged stimulation of growth hormone and IGF-I secretion by CJC-1295. J Clin Endocrinol Metab 91:799-805.",
    "Watson SL et al. (2018) High-intensity resistance and impact training improves bone in postmenopausal women with low bone mass (LIFTMOR). J Bone Miner Res 33:211-220.",
    "Looker AC et al. (1998) Updated data on proximal femur bone mineral levels of US adults (NHANES III). Osteoporos Int 8:468-489.",
    "WHO Study Group (1994) Assessment of fracture risk and its application to screening for postmenopausal osteoporosis. WHO Technical Report Series 843.",
    "Travison TG et al. (2017) Harmonized reference ranges for circulating testosterone levels in men. J Clin Endocrinol Metab 102:1161-1173.",
    "Okabe M, Ito K (2008) Color Universal Design: how to make figures and presentations that are friendly to colorblind people (colour palette).",
)


def about_html() -> str:
    refs = "".join(f"<li>{r}</li>" for r in REFERENCES)
    return (
        f"<h2>{APP_NAME}</h2><p>Version {__version__}</p>"
        f"<p><b>Educational use only.</b> {DISCLAIMER}</p>"
        "<p>The simulator couples published models of hormones, bone cells and bone density "
        "into one teaching model of mechanisms. Its numbers are calibrated against published "
        "studies (Help &rarr; Model vs evidence) but are not predictions for any person.</p>"
        f"<h3>References</h3><ol>{refs}</ol>"
        "<p>Built with Qt for Python (PySide6, LGPL), pyqtgraph (MIT), NumPy and SciPy (BSD). "
        "It runs entirely offline.</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.resize(720, 620)
        lay = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(about_html())
        lay.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


def show_first_start_disclaimer(parent: QWidget, settings: QSettings) -> QMessageBox | None:
    """Show the educational-use disclaimer once per version (window-modal, so the window is
    visible behind it). Returns the box, or None when already acknowledged."""
    if disclaimer_acknowledged(settings):
        return None
    box = QMessageBox(parent)
    box.setWindowTitle(f"{APP_NAME}: educational use only")
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<b>Welcome to {APP_NAME}.</b>")
    box.setInformativeText(
        f"{DISCLAIMER}<br><br>It shows, for teaching, how hormones act on bone cells and "
        "bone density. Help → About repeats this notice with the references."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText("I understand")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.accepted.connect(_Acknowledge(settings))  # only "I understand" counts, not closing
    box.open()
    return box


class _Acknowledge:
    """Slot object (not a lambda) that records the acknowledgement."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def __call__(self, *_args) -> None:
        acknowledge_disclaimer(self._settings)
