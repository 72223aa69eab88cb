"""The start state comes from the patient's own past: no artefact on day 0."""

import numpy as np
import pytest

from bonegui.model.simulate import simulate
from bonegui.scenario import Patient, Scenario


@pytest.mark.parametrize("age", [38.0, 58.0, 72.0])
def test_menopause_none_keeps_the_status_at_start_with_the_matching_past(age):
    """'none' means no menopause happens within the scenario: a woman already past her final
    period starts postmenopausal, with the same bone as the natural course, not with the bone
    of a woman who never had a menopause and then loses it from day 0."""
    runs = {
        mp: simulate(Scenario(patient=Patient(sex="female", age_years=age, menopause=mp), span_years=3))
        for mp in ("none", "natural")
    }
    none, natural = runs["none"], runs["natural"]
    assert none.tscore_spine[0] == pytest.approx(natural.tscore_spine[0], abs=0.05)
    assert none.ctx_rel[0] == pytest.approx(natural.ctx_rel[0], rel=0.05)


def test_postmenopausal_start_has_no_day_zero_jump():
    r = simulate(Scenario(patient=Patient(sex="female", age_years=70, menopause="none"), span_years=2))
    # turnover at the start is already the postmenopausal one: it drifts, it does not jump
    first_month = r.ctx_rel[:30]
    assert np.ptp(first_month) < 0.05 * first_month[0]
