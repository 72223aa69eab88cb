"""Gonadorelin's pituitary desensitisation: the linear sweep gives the numbers of the original
edges x courses implementation (kept here as the reference) on random course lists."""

import numpy as np
import pytest

from bonegui.model import endocrine_params as P
from bonegui.model.pharmacology import gnrh_exposure_fraction, pituitary_desensitisation
from bonegui.model.units import DAYS_PER_YEAR
from bonegui.scenario import Therapy


def _reference(therapies, t):
    """The implementation before issue 14 (quadratic: every piece sums every course and masks
    the whole grid)."""
    gn = [th for th in therapies if th.agent == "gonadorelin"]
    t = np.asarray(t, dtype=np.float64)
    if not gn:
        return np.zeros_like(t)
    edges = sorted({0.0, *(th.start_years * DAYS_PER_YEAR for th in gn), *(th.stop_years * DAYS_PER_YEAR for th in gn)})
    f50, h, dmax = P.GNRH_EXPOSURE_HALF.value, P.GNRH_DESENS_HILL.value, P.GNRH_DESENS_MAX.value
    out = np.zeros_like(t)
    d0 = 0.0
    for i, ts in enumerate(edges):
        te = edges[i + 1] if i + 1 < len(edges) else np.inf
        f = min(1.0, sum(gnrh_exposure_fraction(th) for th in gn
                         if th.start_years * DAYS_PER_YEAR <= ts < th.stop_years * DAYS_PER_YEAR))
        dss = dmax * f**h / (f**h + f50**h) * (1.0 + f50**h)
        tau = P.GNRH_DESENS_ON_TAU.value if dss > d0 else P.GNRH_DESENS_OFF_TAU.value
        sel = (t >= ts) & (t < te)
        out[sel] = dss + (d0 - dss) * np.exp(-(t[sel] - ts) / tau)
        if np.isfinite(te):
            d0 = dss + (d0 - dss) * np.exp(-(te - ts) / tau)
    return out


def _random_courses(rng, n, span):
    out = []
    for _ in range(n):
        start = float(rng.uniform(0, span * 0.95))
        length = rng.uniform(0.005, 0.3) if rng.random() < 0.5 else rng.uniform(0.0, span)
        stop = float(min(span, start + length))
        route = str(rng.choice(["SC", "SC infusion"]))
        interval = float(rng.choice([0.05, 0.09, 0.5, 1.0, 3.5, 7.0]))
        out.append(Therapy("gonadorelin", 100.0, "mcg", route, interval, start, stop))
    # shared edges and back-to-back courses exercise ties
    if n >= 2:
        out.append(Therapy("gonadorelin", 100.0, "mcg", "SC", 1.0, out[0].stop_years, min(span, out[0].stop_years + 0.5)))
        out.append(Therapy("gonadorelin", 100.0, "mcg", "SC infusion", 1.0, out[1].start_years, out[1].stop_years))
    out.append(Therapy("testosterone_cypionate", 100.0, "mg", "IM", 7.0, 0.0, span))  # ignored
    return out


@pytest.mark.parametrize("seed", range(40))
def test_sweep_matches_the_reference_implementation(seed):
    rng = np.random.default_rng(seed)
    span = float(rng.choice([0.1, 1.0, 5.0, 20.0]))
    courses = _random_courses(rng, int(rng.integers(0, 30)), span)
    t = np.arange(0.0, span * DAYS_PER_YEAR + 1.0, float(rng.choice([1.0, 1 / 24, 5.0])))
    # times exactly at starts and stops: each belongs to the piece that starts there
    t = np.sort(np.concatenate([t, [x * DAYS_PER_YEAR for c in courses for x in (c.start_years, c.stop_years)]]))
    if seed % 5 == 0:  # an irregular, unsorted grid with times before 0
        t = rng.permutation(np.concatenate([t, rng.uniform(-10, span * DAYS_PER_YEAR + 10, 50)]))
    new, old = pituitary_desensitisation(courses, t), _reference(courses, t)
    np.testing.assert_allclose(new, old, rtol=0, atol=1e-12)
    assert np.all((new >= 0) & (new <= P.GNRH_DESENS_MAX.value + 1e-12))


def test_no_gonadorelin_is_zero():
    t = np.arange(10.0)
    assert not pituitary_desensitisation([Therapy("anastrozole", 0.5, "mg", "oral", 3.5, 0, 1)], t).any()
