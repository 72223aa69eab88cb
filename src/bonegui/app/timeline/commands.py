"""The timeline's edits from menus, double-clicks and keys (each one undo step through the
document), and the context menus that offer them: the part of TimelineEditor that turns a
command into a new Scenario. Mixin of TimelineEditor (uses its document, selection, ``_commit``
and ``_say``)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu

from bonegui.app.numbers import fixed
from bonegui.app.timeline.geometry import (
    LANE_DEFAULT_MAX, MIN_SPAN_YEARS, fmt_time, round_level, snap_years, split_hold, with_hold,
)
from bonegui.app.timeline.lane_item import label_font
from bonegui.catalogue import catalogue
from bonegui.scenario import ACTIVITY_LEVELS, HORMONES, ActivitySegment, Keyframe


class TimelineCommands:
    # ---- edits from menus, double-clicks and keys -------------------------------------------
    def keyframes_of(self, hormone: str) -> tuple[tuple[Keyframe, ...], bool]:
        """(the user's keyframes of ``hormone``, whether its curve holds to the end)."""
        ov = self.document.scenario.override_for(hormone)
        return split_hold(ov.keyframes if ov else (), self.document.scenario.span_years)

    def set_keyframes(self, hormone: str, keyframes, hold: bool, text: str, merge_key: str | None = None) -> bool:
        s = self.document.scenario
        return self._commit(s.with_override(hormone, with_hold(keyframes, s.span_years, hold)), text, merge_key)

    def add_keyframe(self, hormone: str, t: float, level: float) -> None:
        """A keyframe at ``t``; the first one of a lane holds its level to the end."""
        real, hold = self.keyframes_of(hormone)
        hold = hold or not real
        label = HORMONES[hormone].label
        new = Keyframe(t, level)
        if self.set_keyframes(hormone, real + (new,), hold, f"Add {label} keyframe"):
            kfs = self.document.scenario.override_for(hormone).keyframes
            j = min(i for i, k in enumerate(kfs) if k == new)
            self.select(("keyframe", hormone, j))
            held = " and holds it to the end" if hold and j == len(kfs) - 2 else ""
            self._say(f"Added {label} {fixed(level, 3, trim=True)} {HORMONES[hormone].unit} at "
                      f"{fmt_time(t, self.age_years)}{held}")

    def override_from_menu(self, hormone: str) -> None:
        """"Draw a hormone": its lane, with a keyframe at the cursor at the level simulated there
        (or a usual one), holding to the end. Then drag it, or double-click to add more."""
        self.set_collapsed(False)
        self.open_hormone_lane(hormone)
        if self.document.scenario.override_for(hormone) is not None:
            self._say(f"{HORMONES[hormone].label} is drawn already: drag its keyframes, double-click to add one")
            return
        t = min(max(snap_years(self._cursor_t, self.snap_divisions()), 0.0), self.span_years - MIN_SPAN_YEARS)
        ref = self._reference_series(hormone)
        level = 0.5 * LANE_DEFAULT_MAX[hormone]
        if ref is not None and len(ref[0]):
            import numpy as np

            level = float(np.interp(t, ref[0], ref[1]))
        self.add_keyframe(hormone, t, round_level(level))
        self.view.setFocus()

    def delete_keyframe(self, hormone: str, j: int) -> None:
        real, hold = self.keyframes_of(hormone)
        self.select(None)
        label = HORMONES[hormone].label
        if j >= len(real):  # the hold: the curve ends at its last keyframe again
            self.set_keyframes(hormone, real, False, f"Stop holding the {label} level")
            return
        real = real[:j] + real[j + 1:]
        self.set_keyframes(hormone, real, hold and bool(real), f"Delete {label} keyframe")

    def set_hold(self, hormone: str, on: bool) -> None:
        real, _hold = self.keyframes_of(hormone)
        label = HORMONES[hormone].label
        self.set_keyframes(hormone, real, on, f"{'Hold' if on else 'Stop holding'} the {label} level to the end")

    def clear_override(self, hormone: str) -> None:
        self.select(None)
        self._commit(self.document.scenario.with_override(hormone, ()),
                     f"Clear {HORMONES[hormone].label} override")

    def set_keyframe_level(self, hormone: str, j: int, level: float) -> None:
        real, hold = self.keyframes_of(hormone)
        real = list(real)
        real[j] = Keyframe(real[j].t_years, level)
        self.set_keyframes(hormone, real, hold, f"Set {HORMONES[hormone].label} keyframe level")

    def split_activity(self, t: float) -> None:
        s = self.document.scenario
        j = self._activity.segment_at(t)
        starts = [seg.start_years for seg in s.activity]
        nxt = starts[j + 1] if j + 1 < len(starts) else s.span_years
        if t - starts[j] < MIN_SPAN_YEARS or nxt - t < MIN_SPAN_YEARS:
            self._say("Cannot split here: each activity segment lasts at least 1 week")
            return
        segs = list(s.activity)
        segs.insert(j + 1, ActivitySegment(t, segs[j].level))
        if self._commit(replace(s, activity=tuple(segs)), "Split activity"):
            self.select(("boundary", j + 1))

    def merge_activity(self, j: int) -> None:
        """Remove segment j (j >= 1): the previous segment's level continues over it."""
        s = self.document.scenario
        if not 0 < j < len(s.activity):
            return
        segs = list(s.activity)
        del segs[j]
        self.select(None)
        self._commit(replace(s, activity=tuple(segs)), "Merge activity")

    def set_activity_level(self, j: int, level: str) -> None:
        s = self.document.scenario
        segs = list(s.activity)
        segs[j] = ActivitySegment(segs[j].start_years, level)
        self._commit(replace(s, activity=tuple(segs)), f"Set activity to {ACTIVITY_LEVELS[level]}")

    def set_therapy_fields(self, i: int, text: str, merge_key: str | None = None, **changes) -> None:
        self._commit(self.document.scenario.with_therapy(i, **changes), text, merge_key)

    def remove_therapy(self, i: int) -> None:
        self.select(None)
        self._commit(self.document.scenario.remove_therapy(i), f"Remove {catalogue()[self.document.scenario.therapies[i].agent].name}")

    # ---- context menus (built by these methods, popped up by the items) ---------------------
    def show_context_menu(self, menu: QMenu, screen_pos: QPointF) -> None:
        self.last_menu = menu
        menu.popup(screen_pos.toPoint())

    def _menu(self) -> QMenu:
        m = QMenu(self)
        m.setFont(label_font())
        return m

    def therapy_menu(self, i: int) -> QMenu:
        t = self.document.scenario.therapies[i]
        a = catalogue()[t.agent]
        m = self._menu()
        m.addAction("Disable therapy" if t.enabled else "Enable therapy").triggered.connect(
            lambda: self.set_therapy_fields(i, f"{'Disable' if t.enabled else 'Enable'} {a.name}", enabled=not t.enabled))
        m.addAction(f"Set dose… ({a.dose_range_text()})").triggered.connect(lambda: self._ask_dose(i))
        m.addAction(f"Usual dose ({fixed(a.usual_dose, trim=True)} {a.dose_unit})").triggered.connect(
            lambda: self.set_therapy_fields(i, f"Usual dose of {a.name}", dose=a.usual_dose))
        m.addSeparator()
        m.addAction("Remove therapy").triggered.connect(lambda: self.remove_therapy(i))
        return m

    def hormone_menu(self, hormone: str, j: int | None, t: float, level: float) -> QMenu:
        spec = HORMONES[hormone]
        m = self._menu()
        if j is not None:
            m.addAction("Delete keyframe").triggered.connect(lambda: self.delete_keyframe(hormone, j))
            m.addAction(f"Set level… ({spec.unit})").triggered.connect(lambda: self._ask_level(hormone, j))
        else:
            m.addAction(f"Add keyframe here ({fixed(level, 3, trim=True)} {spec.unit} at {fixed(t, trim=True)} y)").triggered.connect(
                lambda: self.add_keyframe(hormone, t, level))
        if self.document.scenario.override_for(hormone) is not None:
            real, hold = self.keyframes_of(hormone)
            keep = m.addAction("Hold the last level to the end")
            keep.setCheckable(True)
            keep.setChecked(hold)
            keep.setToolTip("Off: after the last keyframe the hormone follows its physiology again")
            keep.triggered.connect(lambda on: self.set_hold(hormone, on))
        clear = m.addAction(f"Clear {spec.label} override (back to physiology)")
        clear.setEnabled(self.document.scenario.override_for(hormone) is not None)
        clear.triggered.connect(lambda: self.clear_override(hormone))
        return m

    def activity_menu(self, j: int, t: float) -> QMenu:
        segs = self.document.scenario.activity
        m = self._menu()
        sub = m.addMenu("Set level")
        sub.setFont(label_font())
        group = QActionGroup(sub)
        for level, label in ACTIVITY_LEVELS.items():
            act = sub.addAction(label)
            act.setCheckable(True)
            act.setChecked(segs[j].level == level)
            group.addAction(act)
            act.triggered.connect(lambda _=False, lv=level: self.set_activity_level(j, lv))
        m.addAction(f"Split here ({fixed(t, trim=True)} y)").triggered.connect(lambda: self.split_activity(t))
        prev = m.addAction("Merge with previous segment")
        prev.setEnabled(j > 0)
        prev.triggered.connect(lambda: self.merge_activity(j))
        nxt = m.addAction("Merge with next segment")
        nxt.setEnabled(j + 1 < len(segs))
        nxt.triggered.connect(lambda: self.merge_activity(j + 1))
        return m

    def _ask_dose(self, i: int) -> None:
        t = self.document.scenario.therapies[i]
        a = catalogue()[t.agent]
        dose, ok = QInputDialog.getDouble(self, "Set dose", f"{a.name} dose ({a.dose_range_text()})",
                                          t.dose, a.dose_min, a.dose_max, 3)
        if ok:
            self.set_therapy_fields(i, f"Set dose of {a.name}", dose=dose)

    def _ask_level(self, hormone: str, j: int) -> None:
        spec = HORMONES[hormone]
        k = self.document.scenario.override_for(hormone).keyframes[j]
        level, ok = QInputDialog.getDouble(self, "Set level", f"{spec.label} ({spec.unit}, 0-{fixed(spec.max_level, trim=True)})",
                                           k.level, 0.0, spec.max_level, 2)
        if ok:
            self.set_keyframe_level(hormone, j, level)
