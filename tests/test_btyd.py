"""Tests for casekit.btyd: summaries, BG/NBD and Gamma-Gamma.

Parameter recovery uses data simulated here, event by event, under the models (true values:
the CDNOW estimates of Fader, Hardie & Lee 2005); tolerances are multiples of the standard
errors the fit reports (observed information), checked against the spread over repeated
simulations. Predictions are checked against Monte Carlo and numerical integration.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special

import casekit as ck

CDNOW = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
GG = dict(p=6.25, q=3.74, gamma=15.44)


def simulate_bgnbd(n, r, alpha, a, b, T, rng):
    """Event-by-event BG/NBD: exponential gaps at rate λ; after each repeat purchase the
    customer drops out with probability p. Returns frequency, recency, T."""
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    T = np.broadcast_to(T, (n,)).astype(float)
    x = np.zeros(n)
    tx = np.zeros(n)
    clock = np.zeros(n)
    alive = np.ones(n, bool)
    while alive.any():
        clock[alive] += rng.exponential(1 / lam[alive])
        buy = alive & (clock <= T)
        x[buy] += 1
        tx[buy] = clock[buy]
        alive = buy & (rng.random(n) > p)
    return x, tx, T, lam, p


@pytest.fixture(scope="module")
def cdnow_like():
    rng = np.random.default_rng(2357)
    n = 10_000
    T = rng.uniform(27, 39, n)                    # CDNOW: first purchases over 12 weeks
    x, tx, T, lam, p = simulate_bgnbd(n, **CDNOW, T=T, rng=rng)
    return x, tx, T


def test_summary_from_activity_by_hand():
    log = pd.DataFrame({"customer_id": [0, 0, 0, 0, 1, 2, 2],
                        "period": [2, 2, 5, 9, 4, 1, 10],
                        "revenue": [10.0, 5.0, 20.0, 40.0, 7.0, 3.0, 9.0]})
    s = ck.summary_from_activity(log, observation_end=10, time_unit="week").set_index(
        "customer_id")
    # customer 0: periods 2 (10+5), 5, 9 → 2 repeats, recency 9−2 = 7, T = 10−2 = 8,
    # monetary = (20 + 40)/2 = 30 (the first purchase is left out)
    assert s.loc[0].tolist() == [2, 7, 8, 30.0]
    assert s.loc[1].tolist() == [0, 0, 6, 0.0]
    assert s.loc[2].tolist() == [1, 9, 9, 9.0]
    out = ck.summary_from_activity(log, observation_end=10, time_unit="week")
    assert out.attrs["time_unit"] == "week"


def test_summary_errors():
    log = pd.DataFrame({"customer_id": [0], "period": [3], "revenue": [1.0]})
    with pytest.raises(ValueError, match="time_unit"):
        ck.summary_from_activity(log)
    with pytest.raises(ValueError, match=r"\['amount'\] missing.*columns present"):
        ck.summary_from_activity(log, amount="amount", time_unit="week")
    with pytest.raises(ValueError, match="observation_end"):
        ck.summary_from_activity(log, observation_end=2, time_unit="week")


def test_bgnbd_recovers_cdnow_parameters(cdnow_like):
    x, tx, T = cdnow_like
    m = ck.BetaGeo().fit(x, tx, T)
    for name, true in CDNOW.items():
        est = getattr(m, name)
        se = m.standard_errors[name]
        assert np.isfinite(se) and se > 0
        assert abs(est - true) < 4 * se, (name, est, true, se)
    # log-likelihood at the optimum beats the truth's (it is the maximum)
    truth_ll = ck.BetaGeo(**CDNOW).log_likelihood_terms(x, tx, T).sum()
    assert m.log_likelihood >= truth_ll


def test_bgnbd_standard_errors_match_repeated_simulation():
    # spread of r̂ over 6 simulated samples of 2,357 customers vs the reported SE
    rng = np.random.default_rng(7)
    est, ses = [], []
    for _ in range(6):
        x, tx, T, *_ = simulate_bgnbd(2357, **CDNOW, T=rng.uniform(27, 39, 2357), rng=rng)
        m = ck.BetaGeo().fit(x, tx, T)
        est.append(m.r)
        ses.append(m.standard_errors["r"])
    ratio = np.std(est, ddof=1) / np.mean(ses)
    assert 0.4 < ratio < 2.2            # 6 draws: the sd itself is uncertain by ~±30 %


def test_probability_of_purchases_sums_to_one_and_matches_simulation():
    m = ck.BetaGeo(**CDNOW)
    probs = m.probability_of_purchases(np.arange(0, 400), 39.0)
    assert probs.sum() == pytest.approx(1.0, abs=1e-6)
    rng = np.random.default_rng(1)
    x, *_ = simulate_bgnbd(200_000, **CDNOW, T=39.0, rng=rng)
    for k in range(4):
        share = np.mean(x == k)
        se = np.sqrt(share * (1 - share) / x.size)
        assert abs(probs[k] - share) < 4 * se


def test_expected_purchases_new_matches_simulation():
    m = ck.BetaGeo(**CDNOW)
    rng = np.random.default_rng(2)
    x, *_ = simulate_bgnbd(100_000, **CDNOW, T=52.0, rng=rng)
    se = x.std() / np.sqrt(x.size)
    assert abs(m.expected_purchases_new(52.0) - x.mean()) < 4 * se


def _posterior_integral(m, x, tx, T, f):
    """∫∫ f(λ, p)·L_alive·prior / ∫∫ L·prior by adaptive quadrature (scipy.integrate.dblquad).

    Independent of the closed forms: it integrates the individual-level likelihood
    (1−p)^x λ^x e^(−λT) [+ p(1−p)^(x−1) λ^x e^(−λ t_x)] against the Gamma × Beta prior.
    Substituting λ = v^(1/r), p = u^(1/a) removes the prior's singularities at 0
    (λ^(r−1) dλ = dv/r, p^(a−1) dp = du/a), so the integrand is smooth.
    """
    r, al, a, b = m.r, m.alpha, m.a, m.b
    c = np.exp(r * np.log(al) - special.gammaln(r) - special.betaln(a, b)) / (a * r)

    def parts(v, u):
        lam, p = v ** (1 / r), u ** (1 / a)
        w = c * np.exp(-al * lam) * (1 - p) ** (b - 1)
        alive = (1 - p) ** x * lam ** x * np.exp(-lam * T) * w
        dead = p * (1 - p) ** (x - 1) * lam ** x * np.exp(-lam * tx) * w if x > 0 else 0.0
        return lam, p, alive, dead

    def lik(v, u):
        _, _, alive, dead = parts(v, u)
        return alive + dead

    def weighted(v, u):
        lam, p, alive, _ = parts(v, u)
        return f(lam, p) * alive

    opts = dict(epsabs=1e-10, epsrel=1e-6)
    top = 15.0 ** r                       # λ up to 15 purchases a week
    den = integrate.dblquad(lik, 0, 1, 0, top, **opts)[0]
    num = integrate.dblquad(weighted, 0, 1, 0, top, **opts)[0]
    return num / den


@pytest.mark.parametrize("x, tx, T", [(0, 0.0, 30.0), (6, 30.0, 32.0)])
def test_conditional_predictions_against_numerical_integration(x, tx, T):
    m = ck.BetaGeo(**CDNOW)
    p_alive = _posterior_integral(m, x, tx, T, lambda lam, p: 1.0)
    assert m.probability_alive([x], [tx], [T])[0] == pytest.approx(p_alive, rel=1e-4)
    # alive with (λ, p): purchases in the next t until dropout: (1 − e^(−λpt))/p
    t = 26.0
    ey = _posterior_integral(m, x, tx, T, lambda lam, p: (1 - np.exp(-lam * p * t)) / p)
    assert m.expected_purchases(t, [x], [tx], [T])[0] == pytest.approx(ey, rel=1e-4)
    # discounted over the whole future at rate κ: λ/(κ + pλ)
    kappa = np.log(1.002)
    det = _posterior_integral(m, x, tx, T, lambda lam, p: lam / (kappa + p * lam))
    got = m.discounted_expected_purchases_infinite(0.002, [x], [tx], [T])[0]
    assert got == pytest.approx(det, rel=1e-4)


def test_finite_horizon_discounting_approaches_infinite():
    m = ck.BetaGeo(**CDNOW)
    x, tx, T = [0, 3, 8], [0.0, 20.0, 36.0], [38.0, 38.0, 38.0]
    finite = m.discounted_expected_purchases(1500, 0.006, x, tx, T)   # 1.006^−1500 ≈ 1e-4
    inf = m.discounted_expected_purchases_infinite(0.006, x, tx, T)
    # finite sum discounts at the end of each week, the infinite one at the purchase time:
    # they differ by about half a week of discounting (0.3 %)
    np.testing.assert_allclose(finite, inf, rtol=6e-3)


def test_gamma_gamma_recovers_parameters():
    rng = np.random.default_rng(15)
    n = 6000
    x = rng.integers(1, 12, n)
    nu = rng.gamma(GG["q"], 1 / GG["gamma"], n)
    # mean of x purchases each Gamma(p, rate ν): Gamma(p·x, rate ν)/x
    mbar = rng.gamma(GG["p"] * x, 1 / nu) / x
    g = ck.GammaGamma().fit(x, mbar)
    for name, true in GG.items():
        est, se = getattr(g, name), g.standard_errors[name]
        assert abs(est - true) < 4 * se, (name, est, true, se)
    # the conditional expectation lies between the customer's mean and the population mean
    e = g.expected_spend([1, 1], [5.0, 200.0])
    assert 5.0 < e[0] < g.mean_spend < e[1] < 200.0


def test_gamma_gamma_expected_spend_by_hand():
    g = ck.GammaGamma(**GG)
    # p(γ + x·m)/(px + q − 1) = 6.25(15.44 + 2·40)/(12.5 + 2.74) = 596.5/15.24 = 39.14
    assert g.expected_spend([2], [40.0])[0] == pytest.approx(6.25 * 95.44 / 15.24)
    assert g.mean_spend == pytest.approx(6.25 * 15.44 / 2.74)


def test_btyd_clv_units_and_margin(cdnow_like):
    x, tx, T = (v[:1500] for v in cdnow_like)
    summary = pd.DataFrame({"customer_id": np.arange(len(x)), "frequency": x, "recency": tx,
                            "T": T, "monetary": np.where(x > 0, 30.0, 0.0)})
    bg, gg = ck.BetaGeo(**CDNOW), ck.GammaGamma(**GG)
    with pytest.raises(ValueError, match="time_unit"):
        ck.btyd_clv(bg, gg, summary, horizon=52, annual_discount=0.1)
    summary.attrs["time_unit"] = "week"
    v = ck.btyd_clv(bg, gg, summary, horizon=52, annual_discount=0.1, margin_rate=0.3)
    d = 1.1 ** (1 / 52) - 1
    disc = bg.discounted_expected_purchases(52, d, x, tx, T)
    spend = gg.expected_spend(x, summary["monetary"])
    np.testing.assert_allclose(v["clv"], 0.3 * spend * disc)
    assert v.attrs["discount_per_unit"] == pytest.approx(d)
    # discounted purchases are fewer than undiscounted ones
    assert (v["discounted_purchases"] <= v["expected_purchases"] + 1e-12).all()


def test_fit_fails_loudly():
    zeros = np.zeros(100)
    with pytest.raises(ck.ModelFitError, match="all-zero frequency"):
        ck.BetaGeo().fit(zeros, zeros, np.full(100, 30.0))
    x = np.zeros(100)
    x[:3] = 1
    with pytest.raises(ck.ModelFitError, match="too few repeat buyers"):
        ck.BetaGeo().fit(x, np.where(x > 0, 5.0, 0), np.full(100, 30.0))
    with pytest.raises(ValueError, match="T < recency"):
        ck.BetaGeo().fit([1, 2], [10.0, 5.0], [8.0, 9.0])
    with pytest.raises(ValueError, match="recency 0"):
        ck.BetaGeo().fit([1], [0.0], [5.0])
    with pytest.raises(ValueError, match="NaN"):
        ck.BetaGeo().fit([1, np.nan], [1.0, 1.0], [5.0, 5.0])
    with pytest.raises(ValueError, match="do not line up"):
        ck.BetaGeo().fit([1, 2], [1.0], [5.0, 5.0])
    with pytest.raises(ValueError, match="positive spend"):
        ck.GammaGamma().fit([1, 2], [10.0, -3.0])
    with pytest.raises(ck.ModelFitError, match="all-zero"):
        ck.GammaGamma().fit([0, 0], [0.0, 0.0])
    with pytest.raises(RuntimeError, match="not fitted"):
        ck.BetaGeo().probability_alive([1], [1.0], [2.0])


def test_no_dropout_signal_is_reported():
    # everybody buys exactly every week and nobody stops: dropout cannot be estimated
    n = 500
    T = np.full(n, 40.0)
    x = np.full(n, 40.0)
    with pytest.raises(ck.ModelFitError, match="ran off|did not converge"):
        ck.BetaGeo().fit(x, T, T)
