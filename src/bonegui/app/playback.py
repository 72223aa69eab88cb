"""Playback: move the time cursor through the simulated years at 0.5x to 16x years per second.

``Playback`` is the clock (no widgets); ``PlaybackBar`` is the toolbar with play/pause, reset,
step, the speed and the time/age label. While a playback is under way (playing, or paused after
playing) the plots reveal the curves only up to the cursor, so a class watches the story unfold;
Reset shows the whole run again.

Space plays and pauses, unless the keyboard focus is in a control that uses Space itself (a
text field, a spin box, a list, a check box, a button, a combo box): ``SpaceGuard`` lets those
have it. The bar's buttons keep their widths when Play turns into Pause, so nothing shifts.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox, QLabel, QLineEdit,
    QGraphicsView, QPlainTextEdit, QStyle, QTextEdit, QToolBar, QWidget,
)

from bonegui.app.numbers import duration, significant

#: controls that use Space themselves: typing, ticking, pressing, choosing, moving in a list
SPACE_USERS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QAbstractItemView, QAbstractButton,
               QComboBox)


class SpaceGuard(QObject):
    """Application event filter: a Space shortcut is overridden (the key goes to the focused
    control) while the focus is in one of SPACE_USERS. Qt asks each shortcut key first with a
    ShortcutOverride event to the focus widget; accepting it delivers the key press there."""

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802 (Qt API)
        if ev.type() == QEvent.Type.ShortcutOverride and ev.key() == Qt.Key.Key_Space \
                and not ev.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            focus = QApplication.focusWidget()
            if isinstance(focus, SPACE_USERS):
                ev.accept()
            elif isinstance(focus, QGraphicsView):
                # the plots and the timeline: their scene's focus item would take the key
                ev.ignore()
                return True
        return False

#: simulated years per second of wall-clock time
SPEEDS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
TICK_MS = 30  # ~33 cursor updates a second; the plots draw at most 40 frames a second anyway
STEPS_PER_SPAN = 50  # Step advances by a fiftieth of the span


class Playback(QObject):
    """The playback clock. ``t_years`` runs from 0 to ``span_years`` at ``speed`` years/s."""

    tChanged = Signal(float)
    playingChanged = Signal(bool)
    #: True while a playback is under way (playing, or paused mid-way); False after reset
    activeChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._t = 0.0
        self._span = 10.0
        self._speed = 1.0
        self._playing = False
        self._active = False
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    # ---- state
    @property
    def t_years(self) -> float:
        return self._t

    @property
    def span_years(self) -> float:
        return self._span

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def active(self) -> bool:
        return self._active

    # ---- control
    def set_span(self, span_years: float) -> None:
        self._span = max(float(span_years), 1e-6)
        if self._t > self._span:
            self.set_t(self._span)

    def set_speed(self, years_per_second: float) -> None:
        if not SPEEDS[0] <= years_per_second <= SPEEDS[-1]:
            raise ValueError(f"speed: {significant(years_per_second)} is outside {significant(SPEEDS[0])}-{significant(SPEEDS[-1])} years per second")
        self._speed = float(years_per_second)

    def set_t(self, t_years: float) -> None:
        t = min(max(float(t_years), 0.0), self._span)
        if t != self._t:
            self._t = t
            self.tChanged.emit(t)

    def play(self) -> None:
        if self._playing:
            return
        if self._t >= self._span:  # at the end: start over
            self.set_t(0.0)
        self._set_active(True)
        self._playing = True
        self._last = time.perf_counter()
        self._timer.start()
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if not self._playing:
            return
        self._playing = False
        self._timer.stop()
        self.playingChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self._playing else self.play()

    def reset(self) -> None:
        """Stop, cursor back to the start, whole curves shown again."""
        self.pause()
        self.set_t(0.0)
        self._set_active(False)

    def step(self) -> None:
        """Advance one step (a fiftieth of the span), pausing playback."""
        self.pause()
        self._set_active(True)
        self.set_t(self._t + self._span / STEPS_PER_SPAN)

    def _set_active(self, on: bool) -> None:
        if on != self._active:
            self._active = on
            self.activeChanged.emit(on)

    def _tick(self) -> None:
        now = time.perf_counter()
        dt, self._last = now - self._last, now
        self.set_t(self._t + dt * self._speed)
        if self._t >= self._span:
            self.pause()


class PlaybackBar(QToolBar):
    """Play/pause (Space), reset (Home), step (Ctrl+Right), speed, and the time label."""

    def __init__(self, playback: Playback, parent: QWidget | None = None) -> None:
        super().__init__("Playback", parent)
        self.setObjectName("playback_toolbar")
        self.playback = playback
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        icon = self.style().standardIcon  # drawn by Qt: no font needs the media glyphs
        self.play_action = QAction(icon(QStyle.StandardPixmap.SP_MediaPlay), "Play", self)
        self.play_action.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.play_action.setToolTip("Play / pause (Space)")
        self.play_action.triggered.connect(playback.toggle)
        self.reset_action = QAction(icon(QStyle.StandardPixmap.SP_MediaSkipBackward), "Reset", self)
        self.reset_action.setShortcut(QKeySequence(Qt.Key.Key_Home))
        self.reset_action.setToolTip("Back to the start, show the whole run (Home)")
        self.reset_action.triggered.connect(playback.reset)
        self.step_action = QAction(icon(QStyle.StandardPixmap.SP_MediaSeekForward), "Step", self)
        self.step_action.setShortcut(QKeySequence("Ctrl+Right"))
        self.step_action.setToolTip("Advance a fiftieth of the span (Ctrl+Right)")
        self.step_action.triggered.connect(playback.step)
        for a in (self.play_action, self.reset_action, self.step_action):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(a)
        # Reset and Step show their (standard media) icons only: the bar fits beside the plots
        # bar in a 1024-px window; their names are in the tooltips and the F1 list
        for a in (self.reset_action, self.step_action):
            btn = self.widgetForAction(a)
            if btn is not None:
                btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
                btn.setAccessibleName(a.text())
        self.space_guard = SpaceGuard(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.space_guard)  # removed with the bar (QObject child)
        self._fix_play_width()
        self.addSeparator()
        self.addWidget(QLabel(" Speed "))
        self.speed_box = QComboBox()
        self.speed_box.setToolTip("Simulated years per second")
        for s in SPEEDS:
            self.speed_box.addItem(f"{significant(s)} y/s", s)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.currentIndexChanged.connect(self._on_speed)
        self.addWidget(self.speed_box)
        self.addSeparator()
        self.time_label = QLabel()
        self.time_label.setAccessibleName("Time at the cursor")
        self.addWidget(self.time_label)
        self._age0 = None
        playback.playingChanged.connect(self._on_playing)
        playback.tChanged.connect(self._on_t)
        self._on_t(playback.t_years)

    def _fix_play_width(self) -> None:
        """"Play" and "Pause" in one width: the buttons after it never move."""
        play = self.widgetForAction(self.play_action)
        if play is None:
            return
        text = play.text()
        play.setMinimumWidth(0)
        widths = []
        for t in ("Pause", "Play"):
            play.setText(t)
            widths.append(play.sizeHint().width())
        play.setText(text)
        play.setMinimumWidth(max(widths))

    def set_start_age(self, age_years: float | None) -> None:
        self._age0 = age_years
        self._on_t(self.playback.t_years)

    def _on_speed(self, index: int) -> None:
        self.playback.set_speed(float(self.speed_box.itemData(index)))

    def _on_playing(self, playing: bool) -> None:
        self.play_action.setText("Pause" if playing else "Play")
        pix = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_action.setIcon(self.style().standardIcon(pix))

    def _on_t(self, t: float) -> None:
        text = f" {duration(t)}"
        if self._age0 is not None:
            text += f" · age {duration(self._age0 + t)}"
        self.time_label.setText(text)
        # as wide as the widest time this span can show: the label never pushes the bar about
        widest = f" 10 y 11 mo · age {int(self._age0 or 45) + 10} y 11 mo"
        self.time_label.setMinimumWidth(QFontMetrics(self.time_label.font()).horizontalAdvance(widest) + 8)

    def changeEvent(self, ev) -> None:  # noqa: N802 (Qt API): presentation mode changes the font
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.FontChange:
            self._on_t(self.playback.t_years)
            self._fix_play_width()
