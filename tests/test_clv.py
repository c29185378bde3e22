"""Tests for casekit.clv: the CLV formula, cash-flow table, sensitivity, sBG, customer_clv.

Expectations come from hand arithmetic (shown in comments), from published tables
(Fader & Hardie 2007) or from an independent method (long finite sums, Monte Carlo).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casekit as ck
from casekit.base import CustomerBase, Params

clvmod = sys.modules["casekit.clv"]

# Fader & Hardie (2007), % of 1,000 customers surviving, years 0–12
REGULAR = [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1, 22.3, 20.7, 19.4, 18.3, 17.3]
HIGH_END = [100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1, 46.8, 44.5, 42.7, 40.9, 39.4]


# --------------------------------------------------------------------------------------------
# clv: closed forms by hand
# --------------------------------------------------------------------------------------------


def test_closed_forms_hand_worked():
    # m = 100, r = 0.8, d = 0.1 → 1 + d − r = 0.3
    assert ck.clv(100, 0.8, 0.1) == pytest.approx(100 * 1.1 / 0.3)          # 366.67
    assert ck.clv(100, 0.8, 0.1, timing="end_at_risk") == pytest.approx(80 / 0.3)  # 266.67
    assert ck.clv(100, 0.8, 0.1, timing="end") == pytest.approx(100 / 0.3)  # 333.33


def test_finite_sums_hand_worked():
    # start, T = 3: 100 + 100·0.8/1.1 + 100·0.64/1.21 = 100 + 72.7273 + 52.8926 = 225.6198
    assert ck.clv(100, 0.8, 0.1, periods=3) == pytest.approx(225.6198, abs=1e-4)
    # end_at_risk, T = 2: 100·0.8/1.1 + 100·0.64/1.21 = 72.7273 + 52.8926 = 125.6198
    assert ck.clv(100, 0.8, 0.1, periods=2, timing="end_at_risk") == pytest.approx(125.6198,
                                                                                   abs=1e-4)
    # end, T = 2: 100/1.1 + 100·0.8/1.21 = 90.9091 + 66.1157 = 157.0248
    assert ck.clv(100, 0.8, 0.1, periods=2, timing="end") == pytest.approx(157.0248, abs=1e-4)
    # no churn, no discount: T margins
    assert ck.clv(50, 1.0, 0.0, periods=4) == pytest.approx(200.0)
    assert ck.clv(50, 1.0, 0.0, periods=0) == 0.0
    # acquisition cost is paid now: 225.6198 − 100
    assert ck.clv(100, 0.8, 0.1, periods=3, acquisition_cost=100) == pytest.approx(125.6198,
                                                                                   abs=1e-4)


@pytest.mark.parametrize("timing", list(ck.TIMINGS))
def test_long_finite_sum_converges_to_closed_form(timing):
    m, r, d = 37.5, 0.93, 0.012
    brute = sum(
        m * (r ** t if timing == "start" else r ** t if timing == "end_at_risk" else r ** (t - 1))
        / (1 + d) ** t
        for t in (range(0, 3000) if timing == "start" else range(1, 3001)))
    assert ck.clv(m, r, d, periods=3000, timing=timing) == pytest.approx(brute, rel=1e-10)
    assert ck.clv(m, r, d, timing=timing) == pytest.approx(brute, rel=1e-10)


@settings(max_examples=60, deadline=None)
@given(m=st.floats(-500, 500), r=st.floats(0, 1), d=st.floats(-0.5, 0.5),
       T=st.integers(0, 60), timing=st.sampled_from(list(ck.TIMINGS)))
def test_finite_sum_matches_brute_force(m, r, d, T, timing):
    t = np.arange(1, T + 1)
    if timing == "start":
        cash = m * r ** (t - 1) / (1 + d) ** (t - 1)
    elif timing == "end_at_risk":
        cash = m * r ** t / (1 + d) ** t
    else:
        cash = m * r ** (t - 1) / (1 + d) ** t
    assert ck.clv(m, r, d, periods=T, timing=timing) == pytest.approx(cash.sum(), rel=1e-9,
                                                                      abs=1e-8)


def test_timing_relations():
    # "start" = (1+d) × "end"; "end_at_risk" = r × "end" (Fader & Hardie 2012)
    r, d = 0.85, 0.12
    assert ck.clv(10, r, d, timing="start") == pytest.approx(1.12 * ck.clv(10, r, d, timing="end"))
    assert ck.clv(10, r, d, timing="end_at_risk") == pytest.approx(r * ck.clv(10, r, d,
                                                                               timing="end"))


def test_vectorised_broadcasting_and_series():
    out = ck.clv(np.array([100.0, 200.0, 300.0]), np.array([[0.5], [0.9]]), 0.1)
    assert out.shape == (2, 3)
    assert out[1, 2] == pytest.approx(300 * 1.1 / 0.2)
    s = pd.Series([100.0, 50.0], index=["a", "b"])
    res = ck.clv(s, 0.9, 0.1, periods=np.array([1, 2]))
    assert isinstance(res, pd.Series) and list(res.index) == ["a", "b"]
    assert res["b"] == pytest.approx(50 + 50 * 0.9 / 1.1)


def test_million_customers_matches_scalar_formula():
    rng = np.random.default_rng(0)
    m = rng.gamma(2, 30, 1_000_000)
    r = rng.uniform(0.5, 0.99, 1_000_000)
    v = ck.clv(m, r, 0.01, timing="end")
    assert v.shape == (1_000_000,)
    np.testing.assert_allclose(v[:5], m[:5] / (1.01 - r[:5]))


@pytest.mark.parametrize("kwargs, match", [
    (dict(margin=10, retention=1.2, discount=0.1), r"retention=1\.2.*\[0, 1\]"),
    (dict(margin=10, retention=-0.1, discount=0.1), r"retention=-0\.1"),
    (dict(margin=10, retention=0.9, discount=-1.0), r"discount=-1.*> -1"),
    (dict(margin=10, retention=0.9, discount=-2), r"discount"),
    (dict(margin=10, retention=0.9, discount=0.1, periods=-3), r"periods=-3.*negative"),
    (dict(margin=10, retention=0.9, discount=0.1, periods=2.5), r"periods=2\.5.*whole"),
    (dict(margin=[1, 2, 3], retention=[0.9, 0.8], discount=0.1), r"margin has 3.*retention has 2"),
    (dict(margin=[1, np.nan], retention=0.9, discount=0.1), r"margin contains NaN"),
    (dict(margin=10, retention=np.nan, discount=0.1), r"retention contains NaN"),
    (dict(margin=10, retention=0.9, discount=0.1, timing="middle"), r"timing='middle'"),
    (dict(margin=10, retention=1.0, discount=0.0), r"does not converge"),
    (dict(margin=10, retention=0.9, discount=0.1, acquisition_cost=-5), r"acquisition_cost"),
])
def test_bad_inputs_raise_clear_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ck.clv(**kwargs)


def test_bad_types():
    with pytest.raises(TypeError, match="margin"):
        ck.clv("ten", 0.9, 0.1)
    with pytest.raises(TypeError, match="retention"):
        ck.clv(10, None, 0.1)


def test_periodic_discount_rate():
    # (1.1)^(1/12) − 1; compounding 12 months gives back 10 %
    d = ck.periodic_discount_rate(0.10, "month")
    assert (1 + d) ** 12 == pytest.approx(1.10)
    assert ck.periodic_discount_rate(0.10, "week") == pytest.approx(1.1 ** (1 / 52) - 1)
    with pytest.raises(ValueError, match="fortnight"):
        ck.periodic_discount_rate(0.1, "fortnight")


# --------------------------------------------------------------------------------------------
# cash-flow table
# --------------------------------------------------------------------------------------------


def test_cash_flow_table_course_example_1():
    # seed 003, example 1: margins 500, 1000, 1500, 1500, 1500 at year ends, 15 %, −2500
    # 500/1.15 = 434.7826; 1000/1.3225 = 756.1437; 1500/1.520875 = 986.2849;
    # 1500/1.74900625 = 857.6390; 1500/2.0113571875 = 745.7730 → 3780.6232 … − 2500
    t = ck.cash_flow_table([1000, 1500, 2000, 2000, 2000], 1.0, 0.15, cost=500, timing="end",
                           acquisition_cost=2500)
    expected = sum(c / 1.15 ** k for k, c in enumerate([500, 1000, 1500, 1500, 1500], 1)) - 2500
    assert t.attrs["clv"] == pytest.approx(expected)
    assert t.attrs["clv"] == pytest.approx(1280.60, abs=0.01)
    assert list(t["margin"]) == [500, 1000, 1500, 1500, 1500]
    assert t["cumulative_value"].iloc[0] == pytest.approx(500 / 1.15 - 2500)
    assert list(t.columns) == ["period", "paid_at", "survival", "revenue", "cost", "margin",
                               "expected_margin", "discount_factor", "present_value",
                               "cumulative_value"]


@pytest.mark.parametrize("timing", list(ck.TIMINGS))
def test_cash_flow_table_agrees_with_clv(timing):
    t = ck.cash_flow_table(120.0, 0.9, 0.01, periods=36, cost=20.0, timing=timing,
                           acquisition_cost=300.0)
    assert t.attrs["clv"] == pytest.approx(ck.clv(100.0, 0.9, 0.01, 36, timing, 300.0))
    assert t["survival"].iloc[0] == pytest.approx(0.9 if timing == "end_at_risk" else 1.0)


def test_cash_flow_table_with_retention_curve():
    m = ck.ShiftedBetaGeometric(alpha=0.704, beta=1.182)
    r = m.retention(np.arange(1, 11))
    t = ck.cash_flow_table(100.0, r, 0.1, timing="start")
    # survival before period t equals S(t−1) of the sBG model
    np.testing.assert_allclose(t["survival"], m.survival(np.arange(10)))
    assert t.attrs["clv"] == pytest.approx(100 * m.derl(0.1, horizon=10, timing="start"))


def test_cash_flow_table_errors():
    with pytest.raises(ValueError, match="periods=None"):
        ck.cash_flow_table(100, 0.9, 0.1)
    with pytest.raises(ValueError, match="revenue has 3 values but periods=5"):
        ck.cash_flow_table([1, 2, 3], 0.9, 0.1, periods=5)
    with pytest.raises(ValueError, match="retention"):
        ck.cash_flow_table(100, 1.5, 0.1, periods=3)


# --------------------------------------------------------------------------------------------
# sensitivity (Gupta, Lehmann & Stuart 2004)
# --------------------------------------------------------------------------------------------


def test_sensitivity_reproduces_gupta_lehmann_pattern():
    # r = 0.85, d = 0.12: multiple 0.85/0.27 = 3.1481 → CLV 314.81 − 30 = 284.81
    # r·1.01 = 0.8585: 0.8585/0.2615 = 3.2830 → 298.30: +4.73 %
    # margin +1 %: +3.148/284.81 = +1.11 %; acquisition −1 %: +0.30/284.81 = +0.105 %
    s = ck.clv_sensitivity(100, 0.85, 0.12, acquisition_cost=30).set_index("driver")
    assert s.loc["retention", "percent_change"] == pytest.approx(4.734, abs=0.005)
    assert s.loc["margin", "percent_change"] == pytest.approx(1.105, abs=0.005)
    assert s.loc["acquisition_cost", "percent_change"] == pytest.approx(0.105, abs=0.002)


# --------------------------------------------------------------------------------------------
# sBG: Fader & Hardie (2007)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data, alpha, beta, year12", [
    (REGULAR, 0.704, 1.182, 17.0), (HIGH_END, 0.668, 3.806, 37.8)])
def test_sbg_reproduces_fader_hardie(data, alpha, beta, year12):
    counts = np.round(np.array(data[:8]) * 10)          # of 1,000 customers, years 0–7
    m = ck.ShiftedBetaGeometric().fit(counts)
    assert m.alpha == pytest.approx(alpha, abs=0.0015)
    assert m.beta == pytest.approx(beta, abs=0.0015)
    assert 100 * m.survival(12) == pytest.approx(year12, abs=0.05)
    # the projection for years 8–12 stays within 2 points of what happened (the paper: 37.8
    # projected vs 39.4 actual for high end at year 12)
    assert np.abs(100 * m.survival(np.arange(8, 13)) - np.array(data[8:])).max() < 2.0


def test_sbg_retention_rises_and_identities():
    m = ck.ShiftedBetaGeometric(alpha=0.704, beta=1.182)
    r = m.retention(np.arange(1, 20))
    assert np.all(np.diff(r) > 0)
    t = np.arange(1, 30)
    np.testing.assert_allclose(m.survival(t), np.cumprod(m.retention(t)))
    np.testing.assert_allclose(m.churn_probability(t), m.survival(t - 1) - m.survival(t))


def test_sbg_derl_against_sum_and_monte_carlo():
    m = ck.ShiftedBetaGeometric(alpha=0.668, beta=3.806)
    d, n = 0.1, 4
    k = np.arange(0, 4000)
    surv = m.survival(n + k) / m.survival(n)                 # S'(k) of survivors
    brute_start = np.sum(surv / 1.1 ** k)
    assert m.derl(d, n, "start") == pytest.approx(brute_start, rel=1e-8)
    assert m.derl(d, n, "end_at_risk") == pytest.approx(brute_start - 1, rel=1e-8)
    assert m.derl(d, n, "end") == pytest.approx(brute_start / 1.1, rel=1e-8)
    assert m.derl(d, n, "start", horizon=4000) == pytest.approx(brute_start, rel=1e-8)
    # Monte Carlo: draw θ for survivors of n periods, E[Σ_k (1−θ)^k δ^k] = E[1/(1−(1−θ)δ)]
    rng = np.random.default_rng(3)
    theta = rng.beta(0.668, 3.806 + n, 400_000)
    mc = 1 / (1 - (1 - theta) / 1.1)
    se = mc.std() / np.sqrt(mc.size)
    assert abs(m.derl(d, n, "start") - mc.mean()) < 4 * se


def test_sbg_fit_lifetimes_recovers_parameters_with_left_truncation():
    # simulate customers with θ ~ Beta(0.7, 1.2) observed from tenure e for 24 periods
    rng = np.random.default_rng(11)
    n_pop = 120_000
    theta = rng.beta(0.7, 1.2, n_pop)
    life = rng.geometric(theta)                              # T ∈ {1, 2, …}
    entry = rng.integers(0, 36, n_pop)
    alive_at_entry = life > entry
    theta, life, entry = theta[alive_at_entry], life[alive_at_entry], entry[alive_at_entry]
    end = entry + 24
    churned = life <= end
    tenure = np.where(churned, life, end)
    m = ck.ShiftedBetaGeometric().fit_lifetimes(tenure, churned, entry)
    for name, true in (("alpha", 0.7), ("beta", 1.2)):
        est, se = getattr(m, name), m.standard_errors[name]
        assert abs(est - true) < 4 * se, (name, est, se)


def test_sbg_errors():
    with pytest.raises(ValueError, match="increase"):
        ck.ShiftedBetaGeometric().fit([100, 80, 90])
    with pytest.raises(ValueError, match="at least"):
        ck.ShiftedBetaGeometric().fit([100, 80])
    with pytest.raises(ck.ModelFitError, match="nobody churned"):
        ck.ShiftedBetaGeometric().fit([100, 100, 100])
    with pytest.raises(ValueError, match="tenure > entry"):
        ck.ShiftedBetaGeometric().fit_lifetimes([3, 5], [True, True], [3, 1])
    with pytest.raises(RuntimeError, match="not fitted"):
        ck.ShiftedBetaGeometric().survival(3)
    with pytest.raises(ValueError, match="infinite"):
        ck.ShiftedBetaGeometric(alpha=0.7, beta=1.2).derl(0.0)


# --------------------------------------------------------------------------------------------
# customer_clv on a hand-made base
# --------------------------------------------------------------------------------------------


def _hand_base(periods: int = 6) -> CustomerBase:
    """Four monthly customers: 0 active all along at margin 10; 1 leaves after month 2;
    2 active at margin 20 (recent months 30); 3 leaves after month 4."""
    rows = []
    for cid, last, margins in ((0, 6, [10] * 6), (1, 2, [5, 5]), (2, 6, [20, 20, 20, 30, 30, 30]),
                               (3, 4, [8] * 4)):
        for p in range(1, last + 1):
            rows.append((cid, p, margins[p - 1] + 5.0, float(margins[p - 1])))
    act = pd.DataFrame(rows, columns=["customer_id", "period", "revenue", "margin"])
    act["customer_id"] = act["customer_id"].astype("int32")
    act["period"] = act["period"].astype("int16")
    cust = pd.DataFrame({"customer_id": np.arange(4, dtype="int32"),
                         "segment": pd.Categorical(["a", "a", "b", "b"])})
    truth = pd.DataFrame({"customer_id": np.arange(4, dtype="int32"),
                          "true_clv": [1000.0, 0.0, 2000.0, 0.0]})
    params = Params("handmade", 0, 4, periods, "month", {"discount_rate": 0.12})
    return CustomerBase(cust, act, truth, params)


def test_observed_retention_by_hand():
    base = _hand_base()
    r = ck.observed_retention(base, by="segment").set_index("segment")
    # segment a: customer 0 at risk in months 1–5 (5), customer 1 months 1–2 (2), 1 churn
    # → 1 − 1/7; segment b: 5 + 4 = 9 at risk, 1 churn → 1 − 1/9
    assert r.loc["a", "retention"] == pytest.approx(1 - 1 / 7)
    assert r.loc["b", "retention"] == pytest.approx(1 - 1 / 9)


def test_customer_clv_observed_by_hand():
    base = _hand_base()
    res = ck.customer_clv(base, method="observed", margin_window=3)
    d = 1.12 ** (1 / 12) - 1
    # customer 0: m = 10, r = 6/7: 10/(1 + d − 6/7); customer 2: m = 30, r = 8/9
    assert res.loc[0, "clv"] == pytest.approx(10 / (1 + d - 6 / 7))
    assert res.loc[2, "clv"] == pytest.approx(30 / (1 + d - 8 / 9))
    assert res.loc[1, "clv"] == 0 and res.loc[3, "clv"] == 0
    assert res.loc[0, "error"] == pytest.approx(res.loc[0, "clv"] - 1000)
    assert res.attrs["discount_per_period"] == pytest.approx(d)
    h = ck.customer_clv(base, method="observed", horizon=12)
    assert h.loc[0, "clv"] == pytest.approx(ck.clv(10, 6 / 7, d, 12, "end"))
    table = ck.clv_error_table(res)
    assert table.iloc[-1]["group"] == "all"
    assert table.iloc[-1]["bias"] == pytest.approx(res["error"].mean())


def test_customer_clv_errors():
    base = _hand_base()
    with pytest.raises(ValueError, match="method='magic'"):
        ck.customer_clv(base, method="magic")
    with pytest.raises(ValueError, match="horizon"):
        ck.customer_clv(base, method="observed", horizon=0)
    with pytest.raises(TypeError, match="CustomerBase"):
        ck.customer_clv(base.activity)
    with pytest.raises(ValueError, match=r"column\(s\) \['plan'\] missing"):
        ck.customer_clv(base, method="observed", by="plan")


def test_customer_clv_sbg_on_simulated_contractual_base():
    # 20,000 monthly customers with θ ~ Beta(2, 30), constant margin 50: the sBG estimate of
    # the total value of the active ones must be close to the exact expected value. At this
    # size α and β have standard errors of about 4 % and 7 %, which move the total by about
    # ±4 % (checked over repeated simulations), so a 10 % tolerance is ~2.5 standard errors.
    rng = np.random.default_rng(5)
    n, T = 20_000, 24
    theta = rng.beta(2, 30, 4 * n)
    entry = rng.integers(0, 24, 4 * n)
    life = rng.geometric(theta)
    # a base holds only the customers still there when observation begins (life > entry)
    keep = np.flatnonzero(life > entry)[:n]
    theta, entry, life = theta[keep], entry[keep], life[keep]
    last = np.minimum(life - entry, T)
    ids = np.repeat(np.arange(n), last)
    periods = np.concatenate([np.arange(1, k + 1) for k in last])
    act = pd.DataFrame({"customer_id": ids.astype("int32"), "period": periods.astype("int16"),
                        "revenue": 60.0, "margin": 50.0})
    cust = pd.DataFrame({"customer_id": np.arange(n, dtype="int32"),
                         "segment": pd.Categorical(["x"] * n), "tenure_months": entry,
                         "churned": life - entry <= T})   # left at the end of month ≤ T
    d = 1.1 ** (1 / 12) - 1
    active = life - entry > T
    # exact expected value given θ: first month certain, end timing: 50/(1 + d − (1 − θ))
    true = np.where(active, 50 / (1 + d - (1 - theta)), 0.0)
    truth = pd.DataFrame({"customer_id": np.arange(n, dtype="int32"), "true_clv": true})
    base = CustomerBase(cust, act, truth, Params("sim", 0, n, T, "month",
                                                 {"discount_rate": 0.1}))
    res = ck.customer_clv(base, method="sbg")
    assert res["clv"].sum() / true.sum() == pytest.approx(1.0, abs=0.10)
    model = res.attrs["models"]["x"]
    assert abs(model.alpha - 2) < 4 * model.standard_errors["alpha"]
    assert abs(model.beta - 30) < 4 * model.standard_errors["beta"]
