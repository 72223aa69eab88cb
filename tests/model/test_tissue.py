"""Tissue layer helpers: T-scores against the cited tables, WHO classes, marker laws."""

import pytest

from bonegui.model.parameters import BMD_REFERENCE
from bonegui.model.tissue import bmd_from_tscore, ctx_rel, p1np_rel, tscore, who_class


def test_tscore_uses_the_site_and_sex_reference():
    assert float(tscore(0.942, "hip", "female")) == pytest.approx(0.0)
    assert float(tscore(0.942 - 2.5 * 0.122, "hip", "female")) == pytest.approx(-2.5)
    assert float(tscore(1.041, "hip", "male")) == pytest.approx(0.0)
    assert bmd_from_tscore(-1.0, "spine", "male") == pytest.approx(1.057 - 0.110)
    for key, ref in BMD_REFERENCE.items():
        assert "NHANES" in ref.source, key


@pytest.mark.parametrize("t, cls", [(0.5, "normal"), (-1.0, "normal"), (-1.01, "osteopenia"), (-2.49, "osteopenia"), (-2.5, "osteoporosis"), (-4.0, "osteoporosis")])
def test_who_classes(t, cls):
    assert who_class(t) == cls


def test_marker_exponents_after_jorg_2022():
    assert float(p1np_rel(2.0)) == pytest.approx(2.0**1.453)
    assert float(ctx_rel(2.0)) == pytest.approx(2.0**1.161)
    assert float(ctx_rel(1.0)) == 1.0 and float(p1np_rel(1.0)) == 1.0
