"""PK kernels: closed-form dose trains equal the superposition of analytic single doses."""

import numpy as np
import pytest

from bonegui.model.pk_kernels import (
    DoseTrain,
    bateman,
    bolus_train,
    bolus_train_integral,
    doses_in_window,
    first_order_train,
    first_order_train_integral,
    window_means,
    zero_order_input,
    zero_order_input_integral,
)

T = np.linspace(-3.0, 80.0, 4151)


@pytest.mark.parametrize("ka,ke,tau,t0,stop", [
    (1.0, np.log(2) / 5.9, 7.0, 0.0, 50.0),   # weekly depot injections
    (12.0, np.log(2) / 2.08, 1.0, 2.5, 30.0),  # daily oral anastrozole, starting mid-day
    (0.3, 2.0, 3.5, 1.0, 41.0),              # flip-flop (ka < ke)
    (0.5, 0.5000000001, 2.0, 0.0, 20.0),     # ka == ke limit
])
def test_train_is_sum_of_single_doses(ka, ke, tau, t0, stop):
    tr = DoseTrain(t0, tau, stop, amount=3.0)
    expected = sum(3.0 * bateman(T - td, ka, ke) for td in tr.dose_times())
    np.testing.assert_allclose(first_order_train(tr, T, ka, ke), expected, rtol=1e-9, atol=1e-12)


def test_doses_stop_before_stop_time():
    tr = DoseTrain(1.0, 7.0, 29.0)
    np.testing.assert_array_equal(tr.dose_times(), [1.0, 8.0, 15.0, 22.0])
    tr2 = DoseTrain(0.0, 7.0, 28.0)
    assert tr2.n_doses == 4  # the dose that would fall exactly on the stop time is not given


def test_single_dose_matches_textbook_bateman():
    ka, ke = 1.3, 0.2
    tr = DoseTrain(0.0, 100.0, 1.0, amount=2.0)
    t = np.linspace(0, 40, 401)
    analytic = 2.0 * ka / (ka - ke) * (np.exp(-ke * t) - np.exp(-ka * t))
    np.testing.assert_allclose(first_order_train(tr, t, ka, ke), analytic, rtol=1e-12, atol=1e-14)
    # peak time of the Bateman curve
    tmax = np.log(ka / ke) / (ka - ke)
    assert abs(t[np.argmax(analytic)] - tmax) < 0.1


def test_bolus_and_zero_order():
    ke = 0.3
    tr = DoseTrain(0.0, 2.0, 10.0)
    expected = sum(np.where(T >= td, np.exp(-ke * np.clip(T - td, 0, None)), 0.0) for td in tr.dose_times())
    np.testing.assert_allclose(bolus_train(tr, T, ke), expected, rtol=1e-9, atol=1e-12)
    z = zero_order_input(np.array([0.0, 5.0, 200.0, 1000.0]), 10.0, 900.0, rate=2.0, ke=ke)
    assert z[0] == 0.0 and z[1] == 0.0
    assert z[2] == pytest.approx(2.0 / ke, rel=1e-9)  # steady state = rate / ke
    assert z[3] == pytest.approx(2.0 / ke * np.exp(-ke * 100.0), rel=1e-9)


@pytest.mark.parametrize("integral,curve", [
    (lambda tr, x: first_order_train_integral(tr, x, 2.0, 0.4), lambda tr, x: first_order_train(tr, x, 2.0, 0.4)),
    (lambda tr, x: bolus_train_integral(tr, x, 0.4), lambda tr, x: bolus_train(tr, x, 0.4)),
])
def test_integrals_are_exact_window_means(integral, curve):
    tr = DoseTrain(0.3, 1.7, 20.0, amount=1.5)
    t = np.arange(0.0, 30.0, 1.0)
    means = window_means(lambda x: integral(tr, x), t, 1.0)
    fine = np.linspace(-0.5, 30.5, 31 * 20000, endpoint=False) + 1.0 / 40000
    num = curve(tr, fine).reshape(31, 20000).mean(axis=1)[: len(t)]
    np.testing.assert_allclose(means, num, rtol=2e-4, atol=1e-6)


def test_zero_order_integral():
    t = np.arange(0.0, 40.0)
    means = window_means(lambda x: zero_order_input_integral(x, 3.2, 25.7, 4.0, 0.9), t, 1.0)
    fine = np.linspace(-0.5, 39.5, 40 * 20000, endpoint=False) + 1.0 / 40000
    num = zero_order_input(fine, 3.2, 25.7, 4.0, 0.9).reshape(40, 20000).mean(axis=1)
    np.testing.assert_allclose(means, num, rtol=2e-4, atol=1e-6)


def test_doses_in_window_counts():
    tr = DoseTrain(0.0, 0.25, 2.0)  # four doses a day for two days
    counts = doses_in_window(tr, np.arange(-1.0, 4.0), 1.0)
    np.testing.assert_array_equal(counts, [0, 4, 4, 0, 0])


def test_equal_rates_integral_is_exact():
    k = 0.7
    tr = DoseTrain(0.0, 1.5, 12.0)
    t = np.arange(0.0, 20.0)
    means = window_means(lambda x: first_order_train_integral(tr, x, k, k), t, 1.0)
    fine = np.linspace(-0.5, 19.5, 20 * 20000, endpoint=False) + 1.0 / 40000
    num = first_order_train(tr, fine, k, k).reshape(20, 20000).mean(axis=1)
    np.testing.assert_allclose(means, num, rtol=2e-4, atol=1e-6)


@pytest.mark.parametrize("t0", [7.3, 7.5, 0.0, -4.0, 45.0])
def test_window_means_skip_the_edges_before_a_train_starts_without_changing_a_number(t0):
    """``start`` only saves work: edges before the first dose have integral 0 exactly (the
    train starts between two edges, on one, before the grid or after its end)."""
    tr = DoseTrain(t0, 3.5, 30.0, amount=2.0)
    t = np.arange(0.0, 40.0)
    for integral in (lambda x: first_order_train_integral(tr, x, 2.0, 0.4),
                     lambda x: first_order_train_integral(tr, x, 0.4, 0.4)):
        whole = window_means(integral, t, 1.0)
        skipped = window_means(integral, t, 1.0, start=tr.t0 - 1e-6 * tr.tau)
        np.testing.assert_array_equal(skipped, whole)
        assert not skipped.any() if t0 > 40.0 else skipped.any()


def test_window_means_on_an_irregular_grid_evaluate_every_window():
    t = np.array([0.0, 1.0, 2.5, 3.0])
    means = window_means(lambda x: zero_order_input_integral(x, 0.0, 10.0, 1.0, 0.5), t, 1.0, start=0.0)
    direct = (zero_order_input_integral(t + 0.5, 0.0, 10.0, 1.0, 0.5)
              - zero_order_input_integral(t - 0.5, 0.0, 10.0, 1.0, 0.5))
    np.testing.assert_allclose(means, direct, rtol=1e-15)


@pytest.mark.parametrize("ka,ke,tau,t0,stop", [
    (1.0, np.log(2) / 5.9, 7.0, 0.0, 50.0),   # weekly depot injections
    (12.0, np.log(2) / 2.08, 1.0, 2.5, 30.0),  # daily oral, starting mid-day
    (0.3, 2.0, 3.5, 1.0, 41.0),              # flip-flop (ka < ke)
    (900.0, 0.1, 1.0, 3.0, 20.0),            # earlier doses' absorption fully over (k tau > 700)
])
def test_the_compiled_train_integral_agrees_with_the_numpy_form(ka, ke, tau, t0, stop, monkeypatch):
    from bonegui.model import jit

    if jit.compiled(lambda: None) is None:
        pytest.skip("numba is not installed here")
    tr = DoseTrain(t0, tau, stop, amount=3.0)
    compiled = first_order_train_integral(tr, T, ka, ke)
    monkeypatch.setattr(jit, "compiled", lambda fn: None)
    numpy_form = first_order_train_integral(tr, T, ka, ke)
    np.testing.assert_allclose(compiled, numpy_form, rtol=1e-13, atol=1e-300)
    assert compiled[0] == 0.0 and compiled[-1] > 0.0
