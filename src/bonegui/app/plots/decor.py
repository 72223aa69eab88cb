"""What surrounds the curves of the plot area (a mixin of PlotArea): y ranges in round steps,
the reference bands by life stage, the row headers (title, unit, legend), the BMD rows' g/cm2
side axes and the WHO band labels."""

from __future__ import annotations

import math

import numpy as np

from bonegui.app.numbers import significant
from bonegui.app.plots.bands import STAGE_COLOURS, STAGE_LABELS
from bonegui.app.plots.cohort_band import COHORT_ROWS, LEGEND_SWATCH, band_label
from bonegui.app.plots.header import Entry
from bonegui.app.plots.series import BMD_SITES, HORMONE_BANDS, ROW_BY_KEY
from bonegui.model.tissue import tscore_to_bmd_map


class PlotDecor:
    """Needs PlotArea's rows, curves and state; see PlotArea for the API."""

    def _update_y_ranges(self, shown: dict[str, list[np.ndarray]]) -> None:
        for key, ys in shown.items():
            spec = ROW_BY_KEY[key]
            lo, hi = self._y_always(spec)
            for y in ys:
                finite = y[np.isfinite(y)]
                if len(finite):
                    lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
            lo, hi = _round_range(lo, hi, log=spec.kind == "hormone")
            if self._interactive and key in self._y_ranges:  # only grow during a drag
                plo, phi = self._y_ranges[key]
                lo, hi = min(lo, plo), max(hi, phi)
            if self._y_ranges.get(key) != (lo, hi):
                self._y_ranges[key] = (lo, hi)
                self.rows[key].plot.setYRange(lo, hi, padding=0)
                if spec.kind == "tscore":
                    self._place_band_labels()

    def _y_always(self, spec) -> tuple[float, float]:
        if spec.kind != "hormone":
            return spec.y_always
        bands = HORMONE_BANDS[spec.series[0].name]
        stages = {stage for _t0, _t1, stage in self._stages}
        if "postmenopausal" in stages:
            stages.add("premenopausal")  # its outline is drawn too
        limits = [v for stage in stages for v in bands[stage].lower_upper()]
        return math.log10(min(limits)), math.log10(max(limits))

    def _update_bands(self) -> None:
        """Hormone rows: the band of each life stage over the years it holds."""
        span = self._span_years
        for row in self.rows.values():
            if row.spec.kind != "hormone":
                continue
            bands = HORMONE_BANDS[row.spec.series[0].name]
            rects, outlines = [], []
            pre = bands["premenopausal"]
            for t0, t1, stage in self._stages:
                b = bands[stage]
                x0, x1 = None if t0 <= 0 else t0, None if t1 >= span else t1
                rects.append((x0, x1, math.log10(b.lower), math.log10(b.upper), STAGE_COLOURS[stage]))
                if stage == "postmenopausal" and pre.lower_upper() != b.lower_upper():
                    outlines.append((x0, x1, math.log10(pre.lower), math.log10(pre.upper),
                                     STAGE_COLOURS["premenopausal"]))
            row.bands.set_rects(rects, outlines)
        self._update_headers()

    def _update_headers(self) -> None:
        # what the headers depend on; a frame that changes none of it leaves them (and their
        # tooltips) alone
        state = (self._theme.name, tuple(self._stages), bool(self._overlays),
                 tuple(sorted(k for k, v in self._rough.items() if v)),
                 self._cohort_people if self._cohort is not None else 0)
        if state == getattr(self, "_header_state", None):
            return
        self._header_state = state
        t = self._theme
        for key, row in self.rows.items():
            entries = []
            if row.spec.kind == "hormone":
                s = row.spec.series[0]
                if self._overlays:  # one curve needs no legend; beside pinned ones it does
                    entries.append(Entry("line", "current run", s.colour, t.line_width))
                seen = []
                for _t0, _t1, stage in self._stages:
                    if stage not in seen:
                        seen.append(stage)
                if "postmenopausal" in seen and "premenopausal" not in seen:
                    seen.insert(0, "premenopausal")  # drawn as the dashed outline
                for stage in seen:
                    entries.append(Entry("swatch", STAGE_LABELS[stage], STAGE_COLOURS[stage]))
                bands = HORMONE_BANDS[s.name]
                tip = "\n".join(f"{STAGE_LABELS[st]}: {significant(bands[st].lower)}–{significant(bands[st].upper)} "
                                f"{bands[st].unit}" for st in seen)
                row.header.setToolTip(f"{row.spec.title} ({row.spec.unit}), log scale. Reference bands:\n{tip}\n"
                                      f"{bands[seen[0]].source}\n\n{self._rough_note(key)}"
                                      "Double-click: show only this plot; again: all plots")
            else:
                entries = [Entry("line", s.label, s.colour, t.line_width) for s in row.spec.series]
                if self._cohort is not None and key in COHORT_ROWS:
                    # one entry: the band, with the median's dotted line through its sample
                    entries.append(Entry("band", band_label(self._cohort_people), LEGEND_SWATCH, t.pin_line_width))
                    row.header.setToolTip(f"{row.spec.title} ({row.spec.unit}). The shaded bands hold 90 % of a "
                                          f"virtual cohort of {self._cohort_people} people like this patient "
                                          "(5th to 95th percentile, one per series in its colour); the dotted "
                                          "lines are their medians; the solid lines the typical patient.\n\n"
                                          "Double-click: show only this plot; again: all plots")
                elif key in COHORT_ROWS:
                    row.header.setToolTip(f"{row.spec.title}: double-click to show only this plot; "
                                          "double-click again for all plots")
            row.header.set_entries(entries)

    def _rough_note(self, key: str) -> str:
        if any(self._rough.get((key, s.name), False) for s in ROW_BY_KEY[key].series):
            return "The thin band is the day-to-day swing of the doses; the line is its 4-week mean.\n\n"
        return ""

    def _update_side_axes(self) -> None:
        r = self._result if self._result is not None else self._display
        age0 = float(r.age_years[0]) - float(r.t_years[0]) if r is not None and len(r) and "age_years" in r.names \
            else None
        for row in self.rows.values():
            row.plot.getAxis("bottom").set_age0(age0)
        # the model's T-score -> g/cm² map for the site and sex; no values before the first result
        axes = (self.rows["bmd"].plot.getAxis("right"), self._hip_axis)
        for axis, (t_name, b_name, site) in zip(axes, BMD_SITES):
            if r is not None and len(r) and t_name in r.names and b_name in r.names:
                axis.set_map(*tscore_to_bmd_map(site, self._patient.sex))

    def _place_band_labels(self) -> None:
        """WHO class names at the right edge of the visible time, inside their band; a label
        whose band is too thin on screen for it is hidden (never squeezed over its neighbour).
        Within its band a label sits in the middle, else at the band's top or bottom edge,
        whichever the curves under it leave free (a T-score near 0 ran through "Normal")."""
        row = self.rows["bmd"]
        if "bmd" not in self._shown:
            return
        (x0, x1), (y0, y1) = row.vb.viewRange()
        px_per_unit = row.vb.height() / max(y1 - y0, 1e-9)
        px_per_year = row.vb.width() / max(x1 - x0, 1e-9)
        for label, lo, hi in row.band_labels:
            vis_lo, vis_hi = max(lo, y0), min(hi, y1)
            h = label.boundingRect().height()
            w = label.boundingRect().width()
            fits = (vis_hi - vis_lo) * px_per_unit >= h + 2 and w <= 0.5 * row.vb.width()
            label.setVisible(fits)
            if fits:
                under = self._curve_range(x1 - w / px_per_year, x1)
                label.setPos(x1, _free_spot(vis_lo, vis_hi, (h + 2) / px_per_unit, under))

    def _curve_range(self, t0: float, t1: float) -> tuple[float, float] | None:
        """Lowest and highest value the BMD row's curves take between t0 and t1 (years)."""
        lows, highs = [], []
        for curve in self._curves.get("bmd", {}).values():
            if not curve.isVisible():
                continue
            x, y = curve.full_xy
            if x is None or not len(x):
                continue
            i0, i1 = np.searchsorted(x, (t0, t1))
            part = y[max(0, i0 - 1): i1 + 1]
            part = part[np.isfinite(part)]
            if part.size:
                lows.append(float(part.min()))
                highs.append(float(part.max()))
        return (min(lows), max(highs)) if lows else None


def _free_spot(lo: float, hi: float, height: float, under: tuple[float, float] | None) -> float:
    """The centre for a label ``height`` tall in the band [lo, hi]: the middle, or else the top
    or the bottom, the first that does not cover the curves' range ``under``; the middle when
    none is free (the band is then the curves' own)."""
    half = 0.5 * height
    middle = 0.5 * (lo + hi)
    if under is None:
        return middle
    c_lo, c_hi = under
    for y in (middle, hi - half, lo + half):  # the band holds the label (_place_band_labels)
        if y + half < c_lo or y - half > c_hi:
            return y
    return middle


def _round_range(lo: float, hi: float, log: bool) -> tuple[float, float]:
    """Pad by 6 % and round outwards to a 1-2-5 grid of about a tenth of the range, so a range
    moves in steps (the axes redraw their ticks only when it does)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return 0.0, 1.0
    if hi <= lo:
        hi = lo + (0.1 if log else 1.0)
    pad = 0.06 * (hi - lo)
    lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / 10.0
    step = 10.0 ** math.floor(math.log10(raw))
    step *= next((m for m in (1.0, 2.0, 5.0) if raw <= m * step * 1.0000001), 10.0)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step
