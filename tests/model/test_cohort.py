"""The virtual cohort: deterministic, centred on the typical patient, spreading as people differ,
and reporting WHO classes and fracture risk the way the published tables run."""

import numpy as np
import pytest

from bonegui.cli import main
from bonegui.model.cohort import VARIATION, iter_cohort, simulate_cohort
from bonegui.model.simulate import simulate
from bonegui.scenario import Patient, Scenario, load_preset

WOMAN = Scenario(patient=Patient(sex="female", age_years=50.0, menopause="natural", final_period_age_years=51.0),
                 span_years=10.0)


def test_every_variation_has_a_unit_and_a_source():
    for name, c in VARIATION.items():
        assert c.unit and len(c.source) > 20, name


def test_the_same_seed_gives_the_same_file_and_another_seed_another(tmp_path):
    a, b, c = (tmp_path / n for n in ("a.csv", "b.csv", "c.csv"))
    args = ["cohort", "--preset", "female_hrt_seed_protocol", "--years", "3", "--n", "200"]
    assert main(args + ["--seed", "1", "--out", str(a)]) == 0
    assert main(args + ["--seed", "1", "--out", str(b)]) == 0
    assert main(args + ["--seed", "2", "--out", str(c)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_csv_columns_units_and_fractions(tmp_path):
    out = tmp_path / "c.csv"
    assert main(["cohort", "--preset", "woman_menopause_untreated", "--years", "4", "--n", "100", "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0].startswith("# units: y,g/cm2,g/cm2,g/cm2,") and lines[1] == "# dose flags: none"
    header = lines[2].split(",")
    expected = ["t_years"]
    for s in ("bmd_spine_g_cm2", "bmd_hip_g_cm2", "tscore_spine", "tscore_hip", "ctx_rel", "p1np_rel"):
        expected += [f"{s}_p05", f"{s}_p50", f"{s}_p95"]
    expected += ["frac_osteopenia", "frac_osteoporosis", "hip_fracture_10y_p50", "major_fracture_10y_p50"]
    assert header == expected
    data = np.genfromtxt(out, delimiter=",", names=True, skip_header=2)
    for k in ("frac_osteopenia", "frac_osteoporosis"):
        assert np.all((data[k] >= 0) & (data[k] <= 1)), k
    for k in ("hip_fracture_10y_p50", "major_fracture_10y_p50"):  # defined from 50 y (she starts at 49)
        age = data["t_years"] + load_preset("woman_menopause_untreated").patient.age_years
        assert np.all(np.isnan(data[k][age < 50 - 1e-9])) and np.all((data[k][age >= 50] > 0) & (data[k][age >= 50] < 1)), k
    assert np.all(data["bmd_spine_g_cm2_p05"] <= data["bmd_spine_g_cm2_p50"])
    assert np.all(data["bmd_spine_g_cm2_p50"] <= data["bmd_spine_g_cm2_p95"])


@pytest.mark.parametrize("preset_id", ["woman_menopause_untreated", "female_hrt_seed_protocol", "male_trt_seed_protocol"])
def test_the_cohort_median_stays_within_3_percent_of_the_typical_patient(preset_id):
    s = load_preset(preset_id).with_span(8.0)
    c = simulate_cohort(s, n=400, seed=3)
    r = simulate(s, step_days=7.0)
    for site in ("spine", "hip"):
        med, typ = c[f"bmd_{site}_g_cm2_p50"], r[f"bmd_{site}_g_cm2"]
        assert np.max(np.abs(med / typ - 1.0)) < 0.03, site


def test_a_person_without_variation_follows_simulate_on_the_cohort_grid(monkeypatch):
    """The cohort's coarser grid (3.5-day steps, 10-day history) costs under half a percent."""
    import bonegui.model.cohort as co
    from bonegui.model.parameters import Constant

    zero = {k: (Constant(0.0, c.unit, c.source) if k.endswith("_sd") else c) for k, c in co.VARIATION.items()}
    monkeypatch.setattr(co, "VARIATION", zero)
    s = load_preset("female_hrt_seed_protocol").with_span(8.0)
    c = simulate_cohort(s, n=10, seed=1)
    r = simulate(s, step_days=7.0)
    for site in ("spine", "hip"):
        assert np.max(np.abs(c[f"bmd_{site}_g_cm2_p50"] / r[f"bmd_{site}_g_cm2"] - 1.0)) < 0.005, site
    assert np.array_equal(c["bmd_spine_g_cm2_p05"], c["bmd_spine_g_cm2_p95"])


def test_the_spread_grows_with_time_untreated():
    """People lose bone at different rates (menopause, muscle loss): relative to the median the
    band widens, while its width in g/cm2 stays about as in NHANES III (SD ~0.12 in every decade)."""
    c = simulate_cohort(WOMAN.with_span(28.0), n=400, seed=1, step_days=28.0)
    for site in ("spine", "hip"):
        width = c[f"bmd_{site}_g_cm2_p95"] - c[f"bmd_{site}_g_cm2_p05"]
        relative = width / c[f"bmd_{site}_g_cm2_p50"]
        assert relative[-1] > 1.08 * relative[0], site
        assert 0.8 * width[0] < width[-1], site
    sd_hip_late = (c["bmd_hip_g_cm2_p95"][-1] - c["bmd_hip_g_cm2_p05"][-1]) / 3.29
    assert 0.09 < sd_hip_late < 0.16


def test_osteoporosis_and_fracture_risk_rise_with_age_and_fall_with_t_score():
    def at(age, tscore=None, years=1.0):
        s = Scenario(patient=Patient(sex="female", age_years=age, menopause="natural", baseline_tscore=tscore),
                     span_years=years)
        return simulate_cohort(s, n=300, seed=5)

    young, old = at(60.0), at(80.0)
    assert old["frac_osteoporosis"][0] > young["frac_osteoporosis"][0]
    assert old["hip_fracture_10y_p50"][0] > young["hip_fracture_10y_p50"][0]
    assert old["major_fracture_10y_p50"][0] > young["major_fracture_10y_p50"][0]
    good, poor = at(70.0, -1.0), at(70.0, -2.5)
    assert poor["hip_fracture_10y_p50"][0] > 1.5 * good["hip_fracture_10y_p50"][0]
    assert poor["frac_osteoporosis"][0] > good["frac_osteoporosis"][0]
    assert np.all(old["hip_fracture_10y_p50"] < old["major_fracture_10y_p50"])


def test_streamed_statistics_grow_to_the_whole_cohort():
    parts = list(iter_cohort(WOMAN.with_span(2.0), n=200, seed=4, batches=4))
    assert [p.n for p in parts] == [100, 200] or [p.n for p in parts][-1] == 200
    whole = simulate_cohort(WOMAN.with_span(2.0), n=200, seed=4)
    assert np.array_equal(parts[-1]["bmd_spine_g_cm2_p50"], whole["bmd_spine_g_cm2_p50"])


def test_bad_cohort_size_is_one_line(tmp_path, capsys):
    assert main(["cohort", "--preset", "woman_menopause_untreated", "--n", "3", "--out", str(tmp_path / "x.csv")]) == 2
    assert capsys.readouterr().err == "bonegui: --n: 3 is not a whole number of people in 10-5000\n"


def test_python_api_gives_the_same_numbers():
    import bonegui

    s = bonegui.preset("woman_menopause_untreated").with_span(1.0)
    a = bonegui.cohort(s, n=50, seed=9)
    b = simulate_cohort(s, n=50, seed=9)
    assert a.names == b.names and all(np.array_equal(a[k], b[k], equal_nan=True) for k in a.names)
    assert a.units["frac_osteoporosis"].startswith("1")
