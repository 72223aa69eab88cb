"""The timeline's keyboard: Tab / Shift+Tab select the next / previous item (therapy blocks,
activity changes, keyframes; past the last one the focus moves on), arrows nudge what is
selected by one snap unit (Shift: one day, a finer dose or level), Up/Down step a dose by the
agent's dose step, Delete removes a keyframe or an activity change, Escape cancels a drag.
One method per kind of selection (therapy block, keyframe, activity boundary). Mixin of
TimelineEditor."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QObject, Qt

from bonegui.app.numbers import fixed
from bonegui.app.timeline.geometry import (
    MIN_SPAN_YEARS, clamp, dose_step, drag_therapy_time, fmt_time, nudge_step_years, round_level, snap_years,
    with_reasons,
)
from bonegui.catalogue import catalogue
from bonegui.scenario import HORMONES, ActivitySegment, Keyframe

_HORIZONTAL = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
_VERTICAL = {Qt.Key.Key_Down: -1, Qt.Key.Key_Up: 1}


@dataclass(frozen=True)
class Nudge:
    """One key press on a selection: a direction in time or value, or delete."""

    horiz: int | None  # -1 earlier, +1 later
    vert: int | None  # -1 lower, +1 higher
    delete: bool
    shift: bool  # finer: one day, a finer dose or level
    divisions: float | None  # the snap grid (None: free)

    @property
    def step_years(self) -> float:
        return nudge_step_years(self.divisions)


class TimelineKeys:
    # ---- keyboard ---------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if obj is self.view and ev.type() == QEvent.Type.KeyPress:
            return self.handle_key(ev.key(), ev.modifiers())
        return super().eventFilter(obj, ev)

    def keyPressEvent(self, ev) -> None:
        if not self.handle_key(ev.key(), ev.modifiers()):
            super().keyPressEvent(ev)

    def selectable_items(self) -> list[tuple]:
        """Selection keys in reading order: lanes top to bottom, then time."""
        s = self.document.scenario
        out: list[tuple] = [("therapy", i) for i in range(len(s.therapies))]
        out += [("boundary", j) for j in range(1, len(s.activity))]
        for h in HORMONES:
            if h in self._hormones:
                real, _hold = self.keyframes_of(h)
                out += [("keyframe", h, j) for j in range(len(real))]
        return out

    def select_next(self, step: int) -> bool:
        """Tab (+1) / Shift+Tab (-1): the next item; False past either end (focus moves on)."""
        items = self.selectable_items()
        if not items:
            return False
        i = items.index(self.selection) + step if self.selection in items else (0 if step > 0 else len(items) - 1)
        if not 0 <= i < len(items):
            self.select(None)
            return False
        self.select(items[i])
        self._say(f"Selected {self.describe(items[i])}: arrow keys move it, Up/Down change "
                  f"{'the dose' if items[i][0] == 'therapy' else 'the level' if items[i][0] == 'keyframe' else 'nothing'}"
                  f"{', Delete removes it' if items[i][0] != 'therapy' else ''}")
        return True

    def describe(self, sel: tuple) -> str:
        s = self.document.scenario
        if sel[0] == "therapy":
            t = s.therapies[sel[1]]
            return f"{catalogue()[t.agent].name} from {fmt_time(t.start_years, self.age_years)}"
        if sel[0] == "boundary":
            return f"the activity change at {fmt_time(s.activity[sel[1]].start_years, self.age_years)}"
        k = s.override_for(sel[1]).keyframes[sel[2]]
        return f"the {HORMONES[sel[1]].label} keyframe at {fmt_time(k.t_years, self.age_years)}"

    def handle_key(self, key: int, modifiers) -> bool:
        """Tab / Shift+Tab select, arrows nudge the selected item by one snap unit (Shift: one
        day / finer level), Delete removes a keyframe or an activity change, Escape cancels a drag."""
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self.cancel_drag()
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self._drag is None \
                and not modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            back = key == Qt.Key.Key_Backtab or bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            return self.select_next(-1 if back else 1)
        sel = self.selection
        if sel is None or self._drag is not None:
            return False
        horiz, vert = _HORIZONTAL.get(key), _VERTICAL.get(key)
        delete = key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        if not (horiz or vert or delete):
            return False
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        nudge = Nudge(horiz, vert, delete, shift, None if shift else self.snap_divisions())
        on_selection = {"therapy": self._key_on_therapy, "keyframe": self._key_on_keyframe,
                        "boundary": self._key_on_boundary}.get(sel[0])
        return on_selection(sel, nudge) if on_selection is not None else False

    def _key_on_therapy(self, sel: tuple, n: Nudge) -> bool:
        """Left/Right move the block, Up/Down step the dose."""
        s = self.document.scenario
        i = sel[1]
        t = s.therapies[i]
        a = catalogue()[t.agent]
        if n.horiz:
            new, why = drag_therapy_time(t, "move", n.horiz * n.step_years, s.span_years, n.divisions)
            self.set_therapy_fields(i, f"Move {a.name}", f"nudge-therapy-{i}", start_years=new.start_years,
                                    stop_years=new.stop_years)
            self._say(with_reasons(f"start {fmt_time(new.start_years, self.age_years)}", why))
        elif n.vert:
            dose, why = dose_step(t.dose, a, n.vert)
            self.set_therapy_fields(i, f"Change dose of {a.name}", f"nudge-dose-{i}", dose=dose)
            self._say(with_reasons(f"dose {fixed(dose, 3, trim=True)} {t.dose_unit}", why))
        return True

    def _key_on_keyframe(self, sel: tuple, n: Nudge) -> bool:
        """Left/Right move the keyframe between its neighbours, Up/Down change its level,
        Delete removes it (its hold to the end follows the last keyframe)."""
        h, j = sel[1], sel[2]
        if n.delete:
            self.delete_keyframe(h, j)
            return True
        s = self.document.scenario
        spec = HORMONES[h]
        real, hold = self.keyframes_of(h)
        kfs = list(real)
        k = kfs[j]
        if n.horiz:
            lo = kfs[j - 1].t_years if j > 0 else 0.0
            end = s.span_years - (1.0 / 365.25 if hold else 0.0)
            hi = kfs[j + 1].t_years if j + 1 < len(kfs) else end
            t, why = clamp(snap_years(k.t_years + n.horiz * n.step_years, n.divisions), lo, hi,
                           "stops at the previous keyframe or 0", "stops at the next keyframe or the end")
            kfs[j] = Keyframe(t, k.level)
        else:
            lane_max = self._hormones[h].lane_max
            lv = round_level(k.level + n.vert * lane_max / (200.0 if n.shift else 50.0), n.shift)
            lv, why = clamp(lv, 0.0, spec.max_level, "stops at 0",
                            f"stops at {fixed(spec.max_level, trim=True)} {spec.unit}")
            kfs[j] = Keyframe(k.t_years, lv)
        self.set_keyframes(h, kfs, hold, f"Nudge {spec.label} keyframe", f"nudge-kf-{h}-{j}")
        self._say(with_reasons(f"{spec.label} {fixed(kfs[j].level, 3, trim=True)} {spec.unit} at "
                               f"{fmt_time(kfs[j].t_years, self.age_years)}", why))
        return True

    def _key_on_boundary(self, sel: tuple, n: Nudge) -> bool:
        """Left/Right move the activity change, Delete merges it away."""
        j = sel[1]
        if n.delete:
            self.merge_activity(j)
            return True
        if n.horiz:
            s = self.document.scenario
            segs = list(s.activity)
            lo = segs[j - 1].start_years + MIN_SPAN_YEARS
            hi = (segs[j + 1].start_years if j + 1 < len(segs) else s.span_years) - MIN_SPAN_YEARS
            t, why = clamp(snap_years(segs[j].start_years + n.horiz * n.step_years, n.divisions), lo, hi,
                           "stops: segments last at least 1 week", "stops: segments last at least 1 week")
            segs[j] = ActivitySegment(t, segs[j].level)
            self._commit(replace(s, activity=tuple(segs)), "Move activity change", f"nudge-act-{j}")
            self._say(with_reasons(f"activity change at {fmt_time(t, self.age_years)}", why))
        return True
