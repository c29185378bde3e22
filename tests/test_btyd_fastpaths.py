"""The speed paths of the BTYD fits compute the same thing as their plain versions.

Each fast path is checked against an independent way to get the same numbers: numpy's
``unique``/``lexsort`` for the row compression, the log-space reference likelihood and
central finite differences for the MBG/CNBD-k objective and its gradient.
"""

from __future__ import annotations

import numpy as np
import pytest

from casekit.btyd._fit import compress_rows, distinct_counts
from casekit.btyd._mbg_likelihood import _FitRows, _mbg_fit_objective, _mbg_loglik


def _histories(n: int, seed: int = 3):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 30, n).astype(float)
    T = rng.uniform(5, 40, n)
    tx = np.where(x > 0, T * rng.uniform(0.1, 1, n), 0.0)
    tx[:5] = np.where(x[:5] > 0, T[:5], 0.0)           # last purchase at the very end
    return x, tx, T


def test_distinct_counts_equals_numpy_unique():
    x = np.random.default_rng(1).integers(0, 50, 5000).astype(float)
    x[x == 7] = 0                                      # a gap in the values
    got, want = distinct_counts(x), np.unique(x, return_inverse=True)
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])
    huge = np.array([0.0, 1e9, 3.0, 1e9])              # falls back to sorting
    np.testing.assert_array_equal(distinct_counts(huge)[1], [0, 2, 1, 2])


@pytest.mark.parametrize("continuous", [True, False])
def test_compress_rows_reconstructs_every_row(continuous):
    x, tx, T = _histories(3000)
    if not continuous:
        tx, T = np.ceil(tx), np.ceil(T)
    (ux, utx, uT), counts, inverse = compress_rows(x, tx, T)
    np.testing.assert_array_equal(np.c_[ux, utx, uT][inverse], np.c_[x, tx, T])
    distinct = np.unique(np.c_[x, tx, T], axis=0)
    assert len(ux) == len(distinct)
    np.testing.assert_array_equal(counts, np.bincount(inverse))
    if continuous:                                     # every T differs: nothing merges
        assert len(ux) == len(x)
    else:
        assert len(ux) < len(x)


@pytest.mark.parametrize("k", [1, 2, 5, 12])
def test_fast_mbg_objective_equals_reference_and_finite_differences(k):
    x, tx, T = _histories(500)
    w = np.random.default_rng(4).integers(1, 5, len(x)).astype(float)
    params = np.array([1.3, 4.0, 0.7, 2.5])
    rows = _FitRows(x, tx, T, w)
    ll, grad = _mbg_fit_objective(params, k, rows)
    assert ll == pytest.approx((w * _mbg_loglik(params, k, x, tx, T)).sum(), rel=1e-12)

    def total(lp):
        return (w * _mbg_loglik(np.exp(lp), k, x, tx, T)).sum()
    lp, h = np.log(params), 1e-6
    numeric = [(total(lp + h * e) - total(lp - h * e)) / (2 * h) for e in np.eye(4)]
    np.testing.assert_allclose(grad, numeric, rtol=1e-6)


@pytest.mark.parametrize("params", [[0.55, 10.58, 0.61, 11.67], [0.55, 3.0, 0.61, 40.0],
                                    [2.0, 40.0, 0.3, 2.0], [1.0, 5.0, 1.0, 5.0]])
def test_pareto_nbd_series_objective_equals_closed_form_and_its_derivatives(params):
    """The series (value and gradient) against scipy's hyp2f1 closed form and central
    differences of it, with α above, below and equal to β."""
    from casekit.btyd._paretonbd import _pnbd_loglik
    from casekit.btyd._pnbd_likelihood import PnbdRows, pnbd_fit_objective

    x, tx, T = _histories(400, seed=7)
    x = np.append(x, [0.0, 200.0])                     # no repeat; a huge frequency
    tx, T = np.append(tx, [0.0, 38.0]), np.append(T, [39.0, 39.0])
    w = np.ones(len(x))
    p = np.array(params)
    ll, grad = pnbd_fit_objective(p, PnbdRows(x, tx, T, w))

    def total(lp):
        return _pnbd_loglik(np.exp(lp), x, tx, T).sum()
    assert ll == pytest.approx(total(np.log(p)), rel=1e-12)
    lp, h = np.log(p), 1e-5
    numeric = [(total(lp + h * e) - total(lp - h * e)) / (2 * h) for e in np.eye(4)]
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-6)


def test_pareto_nbd_objective_declines_alpha_beta_too_far_apart():
    from casekit.btyd._pnbd_likelihood import PnbdRows, pnbd_fit_objective
    x, tx, T = _histories(50)
    assert pnbd_fit_objective(np.array([0.5, 100.0, 0.5, 1.0]),
                              PnbdRows(x, tx, T, np.ones(50))) is None


def _pareto_histories(n: int, seed: int = 11):
    """Pareto/NBD histories: Poisson purchases until an exponential death or T."""
    rng = np.random.default_rng(seed)
    lam, mu = rng.gamma(0.55, 1 / 10.6, n), rng.gamma(0.6, 1 / 11.7, n)
    T = rng.uniform(27, 39, n)
    death = rng.exponential(1 / mu)
    x, tx = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > min(death[i], T[i]):
                break
            x[i], tx[i] = x[i] + 1, t
    return x, tx, T


@pytest.mark.parametrize("model", ["ParetoNBD", "BetaGeo", "MBGCNBD k=1", "MBGCNBD k=2"])
def test_large_fits_from_a_sample_reach_the_direct_optimum(model, monkeypatch):
    """Above 2 × WARM_ROWS distinct histories a fit starts from a sample's fit,
    preconditioned by its Hessian: the optimum must be the direct fit's."""
    import casekit as ck
    import casekit.btyd._fit as fitmod

    x, tx, T = _pareto_histories(4000)
    if model.startswith("MBGCNBD"):
        k = int(model[-1])

        def make():
            return ck.MBGCNBD(k=k)
        litt = np.where(x > 0, np.log(np.maximum(tx, 1e-3) / np.maximum(x, 1)) * x, 0.0)
        fit = {"litt": litt}
    else:
        def make():
            return getattr(ck, model)()
        fit = {}
    direct = make().fit(x, tx, T, **fit)
    monkeypatch.setattr(fitmod, "WARM_ROWS", 1000)
    warm = make().fit(x, tx, T, **fit)
    assert warm.n_valid_starts == 1 and direct.n_valid_starts >= 1
    for name in warm.PARAMS:
        assert getattr(warm, name) == pytest.approx(getattr(direct, name), rel=1e-6)
    assert warm.log_likelihood == pytest.approx(direct.log_likelihood, rel=1e-10)


def test_compare_models_marks_likelihoods_on_different_scales():
    """BG/BB's likelihood is a probability of yes/no periods, the BG/NBD's a density of
    purchase times: the table must say so, so that nobody compares their BICs."""
    import casekit as ck
    base = ck.load("datasets/tobacco")
    data = ck.calibration_holdout(base, 26)
    table = ck.compare_models({"BG/NBD": ck.BetaGeo(), "BG/BB": ck.BetaGeoBetaBinom()}, data)
    assert table.loc["BG/NBD", "likelihood_of"] == "purchase_times"
    assert table.loc["BG/BB", "likelihood_of"] == "period_indicators"
    assert "likelihood_of" in ck.compare_models.__doc__
