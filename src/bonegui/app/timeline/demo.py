"""A multi-lane scenario for previews, screenshots and tests of the timeline editor."""

from __future__ import annotations

from bonegui.scenario import ActivitySegment, Keyframe, Patient, Scenario, Therapy


def demo_scenario() -> Scenario:
    """Perimenopausal woman (48 y, FMP at 51): patch + progesterone, a disabled low-dose
    testosterone block, an estradiol override with 3 keyframes, sedentary then active."""
    return Scenario(
        title="Timeline demo",
        description="Three therapies, an estradiol override and two activity segments",
        patient=Patient(sex="female", age_years=48.0, menopause="natural", final_period_age_years=51.0),
        therapies=(
            Therapy("estradiol_transdermal", 50.0, "mcg/day", "transdermal", 3.5, 1.0, 8.0),
            Therapy("progesterone_oral", 100.0, "mg", "oral", 1.0, 1.0, 8.0),
            Therapy("testosterone_low_dose_female", 5.0, "mg/day", "transdermal", 1.0, 3.0, 6.0, enabled=False),
        ),
        activity=(ActivitySegment(0.0, "sedentary"), ActivitySegment(4.0, "active")),
        overrides=(),
        span_years=10.0,
    ).with_override("estradiol", (Keyframe(2.0, 120.0), Keyframe(3.0, 40.0), Keyframe(5.0, 15.0)))
