"""What-if retention scenarios (issue 6): closed forms, Monte Carlo, migration, allocation.

Expectations come from hand arithmetic (written out in the tests), from an independent method
(Monte Carlo vs closed form, a long finite sum vs the matrix inverse, a period-by-period loop
vs geometric sums), or from published figures. Bases are hand-made here following the data
contract, so these tests do not depend on the generators.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casekit.base import CustomerBase, Params
from casekit.scenarios import (
    PYRAMID_SHARES, Scenario, allocate_budget, compare_allocations, customer_equity,
    gupta_lehmann, migration_model, project_tiers, reichheld_check, retention_response,
    shift_up, true_response, what_if,
)


# --------------------------------------------------------------------------------------------
# hand-made bases following the data contract
# --------------------------------------------------------------------------------------------


def make_base(retention, margin, *, period_unit="month", growth=None, segment=None, tier=None,
              discount_rate=0.10, periods=24, revenue_factor=1.5, seed=0, extra=None):
    """A CustomerBase with the given truth; activity = a constant bill while active."""
    r = np.asarray(retention, dtype=float)
    m = np.asarray(margin, dtype=float)
    n = len(r)
    ids = np.arange(n, dtype=np.int32)
    seg = segment if segment is not None else np.where(ids % 5 == 0, "key_account", "consumer")
    customers = pd.DataFrame({"customer_id": ids, "segment": pd.Categorical(seg),
                              "region": pd.Categorical(np.where(ids % 2, "urban", "rural"))})
    rng = np.random.default_rng(seed)
    L = np.minimum(rng.geometric(np.clip(1 - r, 1e-9, 1)), periods)
    cid = np.repeat(ids, L)
    per = np.concatenate([np.arange(1, k + 1) for k in L]).astype(np.int16)
    mm = m[cid]
    activity = pd.DataFrame({"customer_id": cid, "period": per,
                             "revenue": mm * revenue_factor, "margin": mm})
    if tier is None:
        rank = pd.Series(m).rank(ascending=False, method="first").to_numpy()
        tier = np.where(rank <= 0.1 * n, "key", np.where(rank <= 0.4 * n, "normal", "small"))
    truth = pd.DataFrame({"customer_id": ids, "true_margin": m,
                          "true_growth": np.zeros(n) if growth is None else np.asarray(growth),
                          "true_clv": m * 10,
                          "true_tier": pd.Categorical(tier, categories=["small", "normal", "key"],
                                                      ordered=True),
                          "true_retention": r})
    for k, v in (extra or {}).items():
        truth[k] = v
    params = Params(world="handmade", seed=seed, size=n, periods=periods,
                    period_unit=period_unit, values={"discount_rate": discount_rate})
    return CustomerBase(customers, activity, truth, params)


def random_base(n=400, seed=1, growth=True):
    rng = np.random.default_rng(seed)
    r = rng.uniform(0.93, 0.995, n)
    m = rng.lognormal(4.0, 0.8, n)
    g = rng.normal(0.03, 0.02, n) if growth else None
    return make_base(r, m, growth=g, seed=seed)


@pytest.fixture(scope="module")
def base():
    return random_base()


# --------------------------------------------------------------------------------------------
# the baseline and exactness
# --------------------------------------------------------------------------------------------


def test_zero_uplift_zero_cost_equals_baseline_exactly(base):
    scs = [Scenario("nothing", target="all"),
           Scenario("nothing key", target="key", uplift_kind="relative"),
           Scenario("nothing churn", target={"segment": "key_account"}, uplift_kind="churn")]
    res = what_if(base, scs, horizon=36, runs=30, seed=3)
    s = res.summary()
    for name in ("nothing", "nothing key", "nothing churn"):
        for col in ("retained_end", "revenue_pv", "margin_pv", "npv", "npv_mc_mean", "npv_p5",
                    "npv_p50", "npv_p95"):
            assert s.loc[name, col] == s.loc["baseline", col], (name, col)
        assert s.loc[name, "delta_npv"] == 0.0
        assert s.loc[name, "cost_pv"] == 0.0
        assert s.loc[name, "delta_npv_p95"] == 0.0
        ot = res.over_time(name)
        mine, base_rows = ot[ot.scenario == name], ot[ot.scenario == "baseline"]
        for col in ("retained", "revenue", "margin", "cost", "retained_p5", "retained_p95"):
            assert np.array_equal(mine[col].to_numpy(), base_rows[col].to_numpy()), col


def test_baseline_matches_direct_sum_over_customers_and_periods(base):
    # independent: an explicit customers × periods table with numpy powers
    H = 24
    res = what_if(base, Scenario("x", target="key", retention_uplift=0.01), horizon=H)
    r = base.truth["true_retention"].to_numpy()
    m = base.truth["true_margin"].to_numpy()
    g = (1 + base.truth["true_growth"].to_numpy()) ** (1 / 12)
    v = 1.10 ** (-1 / 12)
    t = np.arange(1, H + 1)[:, None]
    # there in period t with probability r^(t-1); margin m g^min(t-1, 12) at the end of
    # period t (growth lasts one year by default, then the margin is flat)
    expected_npv = np.sum(m * g ** np.minimum(t - 1, 12) * r ** (t - 1) * v ** t)
    assert res.summary().loc["baseline", "npv"] == pytest.approx(expected_npv, rel=1e-12)
    ot = res.over_time()
    base_ret = ot.loc[ot.scenario == "baseline", "retained"].to_numpy()
    assert base_ret[0] == len(r)
    assert base_ret[1:] == pytest.approx(np.sum(r ** t, axis=1), rel=1e-12)


def test_growth_lasts_growth_years_and_losses_stay_flat():
    # customer 0 earns 100 and grows 20 % a year; customer 1 loses 40 and "grows" 20 %:
    # its loss is held flat. Growth for half a year (6 months), horizon 30 months.
    b = make_base([0.97, 0.9], [100.0, -40.0], growth=[0.2, 0.2])
    res = what_if(b, Scenario("s"), horizon=30, growth_years=0.5)
    g = 1.2 ** (1 / 12)
    v = 1.1 ** (-1 / 12)
    t = np.arange(1, 31)
    expected = (np.sum(100 * g ** np.minimum(t - 1, 6) * 0.97 ** (t - 1) * v ** t)
                + np.sum(-40 * 0.9 ** (t - 1) * v ** t))
    assert res.summary().loc["baseline", "npv"] == pytest.approx(expected, rel=1e-12)
    ot = res.over_time()
    margin = ot.loc[ot.scenario == "baseline", "margin"].to_numpy()[1:]
    assert margin == pytest.approx(100 * g ** np.minimum(t - 1, 6) * 0.97 ** (t - 1)
                                   - 40 * 0.9 ** (t - 1), rel=1e-12)
    # growth switched off: the plain annuity
    flat = what_if(b, Scenario("s"), horizon=30, growth=False).summary().loc["baseline", "npv"]
    assert flat == pytest.approx(np.sum((100 * 0.97 ** (t - 1) - 40 * 0.9 ** (t - 1)) * v ** t))


def test_over_time_cumulative_equals_summary_delta_npv(base):
    # two computations: period-by-period flows (loop) vs geometric closed forms
    sc = Scenario("care", target="key", retention_uplift=0.03, margin_uplift=0.02,
                  cost_per_customer=120, fixed_cost=500)
    res = what_if(base, sc, horizon=48)
    ot = res.over_time("care")
    cum = ot.loc[ot.scenario == "care", "cum_discounted_delta_net"].to_numpy()
    assert cum[-1] == pytest.approx(res.summary().loc["care", "delta_npv"], rel=1e-10)
    # undiscounted cost flows add up: cost per month = 120/12 for each customer still there
    care = ot[ot.scenario == "care"]
    assert care["cost"].iloc[0] == 0.0 and care["cost"].iloc[1] > 500


# --------------------------------------------------------------------------------------------
# a hand-worked small case: ROI and payback
# --------------------------------------------------------------------------------------------


def test_roi_and_payback_hand_worked():
    # Yearly periods so the arithmetic is short. Customer A: retention 0.8, margin 100;
    # customer B: 0.5, 50 (not targeted). Programme on A: +0.1 retention points, RMB 5 a year.
    # A is a customer in year t with probability r^(t-1); margins at year ends, v = 1/1.1.
    b = make_base([0.8, 0.5], [100.0, 50.0], period_unit="year", discount_rate=0.10, periods=3)
    sc = Scenario("A", target=np.array([True, False]), retention_uplift=0.10,
                  cost_per_customer=5.0)
    res = what_if(b, sc, horizon=4)
    s = res.summary().loc["A"]
    v = 1 / 1.1
    base_A = 100 * (v + 0.8 * v ** 2 + 0.64 * v ** 3 + 0.512 * v ** 4)
    new_A = 100 * (v + 0.9 * v ** 2 + 0.81 * v ** 3 + 0.729 * v ** 4)
    cost = 5 * (1 + 0.9 * v + 0.81 * v ** 2 + 0.729 * v ** 3)   # at each start, if still there
    d_npv = new_A - base_A - cost                    # 35.858 - 15.177 = 20.682
    assert d_npv == pytest.approx(20.682, abs=1e-3)
    assert s["cost_pv"] == pytest.approx(cost, rel=1e-12)
    assert s["delta_npv"] == pytest.approx(d_npv, rel=1e-12)
    assert s["roi"] == pytest.approx(d_npv / cost, rel=1e-12)   # 1.5697
    # cumulative discounted net by year: -5 (year 1 margin is certain anyway),
    # -5 + (8.264 - 4.091) = -0.826, then + (12.772 - 3.347) = +8.599 -> payback in year 3
    assert s["payback_periods"] == 3
    # a fixed cost of 10 paid now: -15, -10.83, -1.40, +10.68 -> payback in year 4
    res2 = what_if(b, Scenario("A", target=np.array([True, False]), retention_uplift=0.10,
                               cost_per_customer=5.0, fixed_cost=10.0), horizon=4)
    s2 = res2.summary().loc["A"]
    assert s2["delta_npv"] == pytest.approx(d_npv - 10, rel=1e-12)
    assert s2["payback_periods"] == 4
    # and a fixed cost of 25 is never paid back within 4 years
    res3 = what_if(b, Scenario("A", target=np.array([True, False]), retention_uplift=0.10,
                               cost_per_customer=5.0, fixed_cost=25.0), horizon=4)
    assert math.isnan(res3.summary().loc["A", "payback_periods"])
    # baseline NPV includes B: 50 (v + 0.5 v² + 0.25 v³ + 0.125 v⁴)
    assert res.summary().loc["baseline", "npv"] == pytest.approx(
        base_A + 50 * (v + 0.5 * v ** 2 + 0.25 * v ** 3 + 0.125 * v ** 4), rel=1e-12)


def test_cost_conventions_year_period_once():
    b = make_base([0.9], [100.0], period_unit="month", periods=12)
    v = 1.1 ** (-1 / 12)
    q = 0.9 * v
    H = 12
    annuity = sum(q ** k for k in range(H))          # starts of months 1..12 for those there
    per_year = what_if(b, Scenario("y", cost_per_customer=120.0), horizon=H).summary()
    per_period = what_if(b, Scenario("p", cost_per_customer=10.0, cost_per="period"),
                         horizon=H).summary()
    once = what_if(b, Scenario("o", cost_per_customer=10.0, cost_per="once"),
                   horizon=H).summary()
    assert per_year.loc["y", "cost_pv"] == pytest.approx(10 * annuity, rel=1e-12)
    assert per_period.loc["p", "cost_pv"] == pytest.approx(10 * annuity, rel=1e-12)
    assert once.loc["o", "cost_pv"] == 10.0


def test_uplift_per_year_converts_annual_points_back_to_months():
    b = make_base([0.98, 0.95], [10.0, 10.0])
    sc = Scenario("s", retention_uplift=0.02)             # two points of *annual* retention
    new = sc.apply_retention(np.array([0.98, 0.95]), 12)
    assert new ** 12 == pytest.approx(np.array([0.98, 0.95]) ** 12 + 0.02)
    sc_p = Scenario("s", retention_uplift=0.01, uplift_per="period")
    assert sc_p.apply_retention(np.array([0.98]), 12) == pytest.approx([0.99])
    rel = Scenario("s", retention_uplift=0.10, uplift_kind="relative", uplift_per="period")
    assert rel.apply_retention(np.array([0.5]), 12) == pytest.approx([0.55])
    ch = Scenario("s", retention_uplift=0.5, uplift_kind="churn", uplift_per="period")
    assert ch.apply_retention(np.array([0.8]), 12) == pytest.approx([0.9])   # churn 0.2 -> 0.1
    assert what_if(b, sc, horizon=12).summary().loc["s", "delta_npv"] > 0


# --------------------------------------------------------------------------------------------
# monotonicity (hypothesis)
# --------------------------------------------------------------------------------------------

_BASE = random_base(n=150, seed=7)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(u1=st.floats(0.0, 0.03), du=st.floats(0.001, 0.025), cost=st.floats(0, 500),
       cost_per=st.sampled_from(["year", "once"]),
       kind=st.sampled_from(["points", "relative", "churn"]),
       target=st.sampled_from(["all", "key", "normal", "small"]))
def test_delta_npv_rises_with_uplift(u1, du, cost, cost_per, kind, target):
    a = Scenario("a", target=target, retention_uplift=u1, uplift_kind=kind,
                 cost_per_customer=cost, cost_per=cost_per)
    b = Scenario("b", target=target, retention_uplift=u1 + du, uplift_kind=kind,
                 cost_per_customer=cost, cost_per=cost_per)
    s = what_if(_BASE, [a, b], horizon=24).summary()
    # more retention always brings more margin ...
    assert s.loc["b", "margin_pv"] > s.loc["a", "margin_pv"]
    if cost_per == "once":
        # ... and, when the programme's cost does not depend on how long customers stay,
        # more ΔNPV. (With a cost per year it need not: keeping a customer whose margin is
        # below the yearly programme cost longer loses money — a point worth teaching.)
        assert s.loc["b", "delta_npv"] > s.loc["a", "delta_npv"]


def test_keeping_customers_who_cost_more_than_they_earn_loses_money():
    # margin RMB 10 a month, programme RMB 240 a year (20 a month): a bigger uplift keeps
    # the customer longer and so costs more than it brings
    b = make_base([0.9], [10.0])
    s = what_if(b, [Scenario("a", retention_uplift=0.01, cost_per_customer=240),
                    Scenario("b", retention_uplift=0.05, cost_per_customer=240)],
                horizon=36).summary()
    assert s.loc["b", "delta_npv"] < s.loc["a", "delta_npv"] < 0


@settings(max_examples=25, deadline=None)
@given(u=st.floats(0.0, 0.05), c1=st.floats(0, 1000), dc=st.floats(1, 1000),
       fixed=st.floats(0, 1e4), cost_per=st.sampled_from(["year", "period", "once"]))
def test_delta_npv_falls_with_cost(u, c1, dc, fixed, cost_per):
    a = Scenario("a", target="key", retention_uplift=u, cost_per_customer=c1, fixed_cost=fixed,
                 cost_per=cost_per)
    b = Scenario("b", target="key", retention_uplift=u, cost_per_customer=c1 + dc,
                 fixed_cost=fixed, cost_per=cost_per)
    s = what_if(_BASE, [a, b], horizon=24).summary()
    assert s.loc["b", "delta_npv"] < s.loc["a", "delta_npv"]
    assert s.loc["b", "cost_pv"] > s.loc["a", "cost_pv"]


# --------------------------------------------------------------------------------------------
# Monte Carlo against the closed form
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spend_cv", [0.0, None])
def test_monte_carlo_mean_converges_to_closed_form(base, spend_cv):
    sc = Scenario("care", target="key", retention_uplift=0.03, cost_per_customer=150,
                  fixed_cost=1000)
    res = what_if(base, sc, horizon=36, runs=2000, seed=11, spend_cv=spend_cv)
    s = res.summary()
    for name in ("baseline", "care"):
        se = s.loc[name, "npv_se"]
        assert se > 0
        assert abs(s.loc[name, "npv_mc_mean"] - s.loc[name, "npv"]) < 4 * se, name
        assert s.loc[name, "npv_p5"] < s.loc[name, "npv"] < s.loc[name, "npv_p95"]
    se = s.loc["care", "delta_npv_se"]
    assert abs(s.loc["care", "delta_npv_mc_mean"] - s.loc["care", "delta_npv"]) < 4 * se
    # retained-customer bands bracket the expected count; mean count is close to Σ r^t
    ot = res.over_time("care")
    care = ot[ot.scenario == "care"]
    assert (care["retained_p5"] <= care["retained"] + 1e-9).all()
    assert (care["retained_p95"] >= care["retained"] - 1e-9).all()
    band = res.bands["care"]
    n = len(base.customers)
    # binomial-ish standard error of a mean count over 2000 runs is < sqrt(n/4/2000)
    assert np.all(np.abs(band["retained_mean"] - care["retained"].to_numpy())
                  < 4 * math.sqrt(n / 4 / 2000) + 1e-9)


def test_monte_carlo_in_blocks_of_customers_and_runs(base, monkeypatch):
    # a large base is simulated in blocks of customers and batches of runs; force tiny ones
    import casekit.scenarios._planner as scn     # the block sizes the planner reads
    monkeypatch.setattr(scn, "_MC_TABLE_CELLS", 37 * 25)     # 37 customers per block
    monkeypatch.setattr(scn, "_MC_DRAW_CELLS", 37 * 50)      # 50 runs per batch
    scs = [Scenario("care", target="normal", retention_uplift=0.2, uplift_kind="churn",
                    cost_per_customer=100), Scenario("nothing", target="small")]
    res = what_if(base, scs, horizon=24, runs=600, seed=4)
    s = res.summary()
    for name in ("baseline", "care"):
        assert abs(s.loc[name, "npv_mc_mean"] - s.loc[name, "npv"]) < 4 * s.loc[name, "npv_se"]
    assert s.loc["nothing", "npv_p50"] == s.loc["baseline", "npv_p50"]
    assert s.loc["nothing", "delta_npv_p95"] == 0.0


def test_monte_carlo_lifetimes_are_geometric():
    # one customer, r = 0.9 per period, many runs: P(still there after t) = 0.9^t
    b = make_base([0.9] * 50, [1.0] * 50)
    res = what_if(b, Scenario("x", retention_uplift=0.0), horizon=20, runs=400, seed=5,
                  spend_cv=0.0)
    band = res.bands["baseline"]
    share = band["retained_mean"].to_numpy() / 50
    t = np.arange(21)
    se = np.sqrt(0.9 ** t * (1 - 0.9 ** t) / (50 * 400))
    assert np.all(np.abs(share - 0.9 ** t) <= 4 * se + 1e-12)


def test_monte_carlo_is_seeded():
    b = random_base(n=100, seed=3)
    sc = Scenario("s", target="key", retention_uplift=0.02, cost_per_customer=50)
    a = what_if(b, sc, horizon=12, runs=20, seed=9).summary()
    c = what_if(b, sc, horizon=12, runs=20, seed=9).summary()
    d = what_if(b, sc, horizon=12, runs=20, seed=10).summary()
    pd.testing.assert_frame_equal(a, c)
    assert a.loc["s", "npv_p50"] != d.loc["s", "npv_p50"]


# --------------------------------------------------------------------------------------------
# targets, planning with estimates, the tobacco-like world
# --------------------------------------------------------------------------------------------


def test_target_forms_select_the_right_customers(base):
    n = len(base.customers)
    seg = base.customers["segment"].astype(str).to_numpy()
    tier = base.truth["true_tier"].astype(str).to_numpy()
    margin = base.truth["true_margin"].to_numpy()
    cases = {
        "all": n,
        "key": int((tier == "key").sum()),
        ("key", "normal"): int(np.isin(tier, ["key", "normal"]).sum()),
    }
    for target, expect in cases.items():
        t = list(target) if isinstance(target, tuple) else target
        assert Scenario("s", target=t).mask(base).sum() == expect
    assert Scenario("s", target={"segment": "key_account"}).mask(base).sum() == (
        seg == "key_account").sum()
    top = Scenario("s", target={"quantile": ("true_margin", 0.9, 1.0)}).mask(base)
    assert top.sum() == n // 10
    assert margin[top].min() >= np.sort(margin)[-n // 10]
    by_id = pd.Series(np.arange(n) % 3 == 0, index=pd.Index(np.arange(n)[::-1],
                                                            name="customer_id"))
    m = Scenario("s", target=by_id).mask(base)
    assert m.sum() == by_id.sum() and m[0] and not m[1]          # aligned on customer_id
    f = Scenario("s", target=lambda b: b.truth["true_margin"].to_numpy() > 100).mask(base)
    assert f.sum() == (margin > 100).sum()


def test_planning_with_estimates_and_the_cost_of_deciding():
    # A programme on customer 0 pays only if retention really is high. The estimate says it
    # is (0.95); the truth says 0.5: the plan goes ahead and loses money.
    b = make_base([0.5, 0.9], [100.0, 100.0], period_unit="year", periods=5)
    sc = Scenario("care", target=np.array([True, False]), retention_uplift=0.04,
                  cost_per_customer=5.8, uplift_per="period")
    est = pd.DataFrame({"customer_id": [0, 1], "retention": [0.95, 0.9]})
    res = what_if(b, sc, horizon=5, planning_retention=est)
    s = res.summary()
    v = 1 / 1.1
    # planned: 100·Σ(0.99^(t−1) − 0.95^(t−1))v^t − 5.8·Σ (0.99 v)^(t−1), t = 1..5
    planned = (100 * sum((0.99 ** (t - 1) - 0.95 ** (t - 1)) * v ** t for t in range(1, 6))
               - 5.8 * sum((0.99 * v) ** (t - 1) for t in range(1, 6)))     # ≈ +2.0
    true = (100 * sum((0.54 ** (t - 1) - 0.5 ** (t - 1)) * v ** t for t in range(1, 6))
            - 5.8 * sum((0.54 * v) ** (t - 1) for t in range(1, 6)))        # ≈ −1.0
    assert s.loc["care", "planned_delta_npv"] == pytest.approx(planned, rel=1e-12)
    assert s.loc["care", "delta_npv"] == pytest.approx(true, rel=1e-12)
    assert planned > 0 > true
    dec = res.decision()
    assert bool(dec.loc["care", "go_on_plan"])
    assert dec.loc["care", "cost_of_estimate"] == pytest.approx(-true)
    # planning with the truth itself costs nothing
    same = what_if(b, sc, horizon=5, planning_retention=np.array([0.5, 0.9]))
    assert same.summary().loc["care", "planned_delta_npv"] == same.summary().loc["care",
                                                                               "delta_npv"]
    assert same.decision()["cost_of_estimate"].abs().max() == 0.0


def test_tobacco_like_world_weekly_survival_from_order_rate_and_dropout():
    # retailer 2 has closed already (true_alive False): it is left out of the future
    lam = np.array([0.9, 0.6, 0.3])        # q: chance of an order in a week
    p = np.array([0.01, 0.02, 0.05])
    b = make_base([0.5, 0.5, 0.5], [30.0, 60.0, 10.0], period_unit="week", periods=52,
                  extra={"true_order_rate": lam, "true_dropout": p,
                         "true_order_value": [100.0, 150.0, 80.0],
                         "true_alive": [True, True, False]})
    b.truth = b.truth.drop(columns="true_retention")
    resp = true_response(b)
    # a week passes without closing if no order (1 − q) or an order and no closure q(1 − p)
    direct = (1 - lam) + lam * (1 - p)
    assert resp["retention"].to_numpy() == pytest.approx(direct, rel=1e-12)
    assert resp["revenue"].to_numpy() == pytest.approx(lam * [100.0, 150.0, 80.0])
    assert resp.attrs["periods_per_year"] == 52
    res = what_if(b, Scenario("s", retention_uplift=0.02), horizon=104)
    s = res.summary()
    assert s.loc["s", "delta_npv"] > 0 and s.loc["s", "customers_targeted"] == 2
    r = 1 - lam[:2] * p[:2]
    v = 1.1 ** (-1 / 52)
    expected = np.sum(np.array([30.0, 60.0]) * v * (1 - (r * v) ** 104) / (1 - r * v))
    assert s.loc["baseline", "npv"] == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match="have all left already"):
        what_if(b, Scenario("gone", target=np.array([False, False, True])), horizon=10)


# --------------------------------------------------------------------------------------------
# bad inputs get clear errors
# --------------------------------------------------------------------------------------------


def test_bad_inputs_get_clear_errors(base):
    with pytest.raises(ValueError, match=r"pushes annual retention above 1"):
        what_if(base, Scenario("s", target="key", retention_uplift=0.9), horizon=12)
    with pytest.raises(ValueError, match=r"cost_per_customer=-5.0 is out of range"):
        Scenario("s", cost_per_customer=-5)
    with pytest.raises(ValueError, match=r"fixed_cost=-1.0"):
        Scenario("s", fixed_cost=-1)
    with pytest.raises(ValueError, match=r"empty target"):
        Scenario("s", target=np.zeros(len(base.customers), dtype=bool))
    with pytest.raises(ValueError, match=r"empty target"):
        what_if(base, Scenario("s", target={"segment": "no such segment"}), horizon=12)
    with pytest.raises(ValueError, match=r"horizon=0 is out of range"):
        what_if(base, Scenario("s"), horizon=0)
    with pytest.raises(ValueError, match=r"uplift_kind='pct'"):
        Scenario("s", uplift_kind="pct")
    with pytest.raises(ValueError, match=r"reserved"):
        Scenario("baseline")
    with pytest.raises(ValueError, match=r"repeated: \['a'\]"):
        what_if(base, [Scenario("a"), Scenario("a")], horizon=12)
    with pytest.raises(ValueError, match=r"target column 'colour' is in neither"):
        what_if(base, Scenario("s", target={"colour": "red"}), horizon=12)
    with pytest.raises(ValueError, match=r"'quantile'"):
        Scenario("s", target={"quantile": ("true_clv", 0.9)})
    with pytest.raises(TypeError, match=r"must be boolean"):
        Scenario("s", target=np.arange(3))
    with pytest.raises(ValueError, match=r"has 3 values; the base has"):
        what_if(base, Scenario("s", target=np.array([True, False, True])), horizon=12)
    with pytest.raises(ValueError, match=r"discount=-0.1"):
        what_if(base, Scenario("s"), horizon=12, discount=-0.1)
    with pytest.raises(TypeError, match=r"runs=1.5"):
        what_if(base, Scenario("s"), horizon=12, runs=1.5)
    with pytest.raises(ValueError, match=r"retention_uplift=2.0 is out of range"):
        Scenario("s", retention_uplift=2.0)
    bad = make_base([0.9], [1.0])
    bad.truth = bad.truth.drop(columns="true_retention")
    with pytest.raises(ValueError, match=r"need 'true_retention'.*columns present"):
        what_if(bad, Scenario("s"), horizon=12)


# --------------------------------------------------------------------------------------------
# tier migration (Pfeifer & Carraway 2000)
# --------------------------------------------------------------------------------------------

P_EX = pd.DataFrame([[0.80, 0.10, 0.05, 0.05],
                     [0.05, 0.80, 0.10, 0.05],
                     [0.00, 0.05, 0.85, 0.10],
                     [0.00, 0.00, 0.00, 1.00]],
                    index=["key", "normal", "small", "lost"],
                    columns=["key", "normal", "small", "lost"])
R_EX = pd.Series([1000.0, 300.0, 50.0, 0.0], index=P_EX.index)


def test_markov_closed_form_equals_long_finite_sum():
    d = 0.025
    closed = customer_equity(P_EX, R_EX, d)
    long_sum = customer_equity(P_EX, R_EX, d, periods=3000)
    assert closed.to_numpy() == pytest.approx(long_sum.to_numpy(), rel=1e-10)
    # and the finite sum by explicit matrix powers for a short horizon
    M = P_EX.to_numpy() / (1 + d)
    manual = sum(np.linalg.matrix_power(M, t) @ R_EX.to_numpy() for t in range(6))
    assert customer_equity(P_EX, R_EX, d, periods=5).to_numpy() == pytest.approx(manual)
    # two-state chain by hand: stay with 0.9, reward 100 -> 100/(1 - 0.9/1.1) = 550
    assert customer_equity([[0.9, 0.1], [0, 1]], [100, 0], 0.10).iloc[0] == pytest.approx(550)


def test_project_tiers_by_hand():
    proj = project_tiers(P_EX, {"key": 10, "normal": 30, "small": 60, "lost": 0}, 2)
    # step 1: key 10·0.8 + 30·0.05 = 9.5; normal 1 + 24 + 3 = 28; small 0.5 + 3 + 51 = 54.5
    assert proj.loc[1].tolist() == pytest.approx([9.5, 28.0, 54.5, 8.0])
    assert proj.sum(axis=1).to_numpy() == pytest.approx([100, 100, 100])


def test_shift_up_moves_mass_proportionally():
    Q = shift_up(P_EX, "normal", 0.05)
    # normal row: 0.05 more to key, taken from normal/small/lost (0.8/0.1/0.05 of 0.95)
    assert Q.loc["normal", "key"] == pytest.approx(0.10)
    assert Q.loc["normal", "normal"] == pytest.approx(0.8 * (1 - 0.05 / 0.95))
    assert Q.loc["normal"].sum() == pytest.approx(1.0)
    assert Q.drop(index="normal").equals(P_EX.drop(index="normal").rename_axis(
        index="from", columns="to"))
    keep = shift_up(P_EX, "key", 0.03, to_tier="key")
    assert keep.loc["key", "key"] == pytest.approx(0.83)
    # moving customers up raises the equity of normal customers
    assert customer_equity(Q, R_EX, 0.02)["normal"] > customer_equity(P_EX, R_EX, 0.02)["normal"]
    with pytest.raises(ValueError, match="top tier"):
        shift_up(P_EX, "key", 0.1)
    with pytest.raises(ValueError, match="more than the probability"):
        shift_up(P_EX, "key", 0.5, to_tier="key")         # only 0.2 is below key
    with pytest.raises(ValueError, match="must sum to 1"):
        project_tiers(P_EX * 0.9, [1, 1, 1, 1], 2)


def test_migration_model_counts_transitions_by_hand():
    # 10 customers, window 1 period, shares 10 % / 30 %: per period the best active customer
    # is key, the next 3 normal, the rest small. Customer 9 leaves after period 2.
    rows = []
    values = {1: list(range(10, 0, -1)),                    # customer 0 best ... 9 worst
              2: [1, 10, 9, 8, 7, 6, 5, 4, 3, 2],           # customer 0 drops to the bottom
              3: [1, 10, 9, 8, 7, 6, 5, 4, 3]}              # customer 9 gone
    for p, vals in values.items():
        for c, v in enumerate(vals):
            rows.append((c, p, float(v)))
    act = pd.DataFrame(rows, columns=["customer_id", "period", "margin"])
    mig = migration_model(act, window=1)
    T = mig.transitions
    # period 1 -> 2: customer 0 key -> small; customer 1 normal -> key; 2, 3 stay normal;
    # customer 4 small -> normal; others small -> small (5 of them: 5,6,7,8,9)
    # period 3 has 9 active: round(0.9) = 1 key, round(3.6) = 4 in the top two tiers
    # period 2 -> 3: 1 key->key; 2,3,4 normal->normal; 0 small->small; 5..8 small->small;
    #                9 small -> lost
    assert T.loc["key", "small"] == 1 and T.loc["key", "key"] == 1
    assert T.loc["normal", "key"] == 1 and T.loc["normal", "normal"] == 2 + 3
    assert T.loc["small", "normal"] == 1 and T.loc["small", "lost"] == 1
    assert T.loc["small", "small"] == 5 + 1 + 4
    assert T.to_numpy().sum() == 10 + 10                  # every customer, both steps
    assert mig.P.loc["small"].sum() == pytest.approx(1.0)
    assert mig.P.loc["lost", "lost"] == 1.0
    assert mig.counts.to_dict() == {"key": 1, "normal": 3, "small": 5, "lost": 1}
    assert mig.rewards["key"] == pytest.approx(10.0)   # the best customer always has 10
    assert mig.rewards["lost"] == 0.0


def test_migration_model_on_a_base_and_its_equity(base):
    mig = migration_model(base)                 # quarters of months
    assert mig.window == 3
    assert np.allclose(mig.P.sum(axis=1), 1.0)
    eq = mig.equity(0.10)
    assert eq["key"] > eq["normal"] > eq["small"] > 0 == eq["lost"]


# --------------------------------------------------------------------------------------------
# allocation
# --------------------------------------------------------------------------------------------


def test_retention_response_shape():
    assert retention_response(0, 0.05, 0.01) == 0.0
    assert float(retention_response(100, 0.05, 0.01)) == pytest.approx(0.05 * (1 - math.e ** -1))
    assert float(retention_response(1e6, 0.05, 0.01)) == pytest.approx(0.05)


def test_pyramid_and_equal_split_as_defined(base):
    pyr = allocate_budget(base, 100_000, rule="pyramid", horizon=36)
    for t, share in PYRAMID_SHARES.items():
        assert pyr.loc[t, "budget"] == pytest.approx(100_000 * share)
    eq = allocate_budget(base, 100_000, rule="equal", horizon=36)
    per = eq.loc[["key", "normal", "small"], "spend_per_customer"].to_numpy()
    assert per == pytest.approx(np.full(3, 100_000 / len(base.customers)))


_ALLOC_BASE = random_base(n=200, seed=5, growth=False)


@settings(max_examples=15, deadline=None)
@given(budget=st.floats(0.0, 5e5), rule=st.sampled_from(["pyramid", "equal", "optimal"]),
       ceiling=st.floats(0.0, 0.05), k=st.floats(1e-4, 0.1),
       kind=st.sampled_from(["points", "churn"]))
def test_allocation_never_exceeds_budget(budget, rule, ceiling, k, kind):
    a = allocate_budget(_ALLOC_BASE, budget, rule=rule, ceiling=ceiling, k=k, horizon=24,
                        uplift_kind=kind)
    spent = (a.loc[["key", "normal", "small"], "customers"]
             * a.loc[["key", "normal", "small"], "spend_per_customer"]).sum()
    assert spent <= budget * (1 + 1e-12) + 1e-9
    assert a.loc["total", "budget"] <= budget * (1 + 1e-12) + 1e-9
    assert (a["spend_per_customer"].drop("total") >= 0).all()


def test_optimal_allocation_beats_the_rules_of_thumb(base):
    cmp = compare_allocations(base, 50_000, horizon=36, ceiling=0.04, uplift_kind="points")
    assert cmp.loc["optimal", "delta_npv"] >= cmp.loc["pyramid", "delta_npv"] - 1e-6
    assert cmp.loc["optimal", "delta_npv"] >= cmp.loc["equal", "delta_npv"] - 1e-6
    # brute force over a grid of splits cannot beat the optimiser
    best = -np.inf
    for x in np.linspace(0, 1, 11):
        for y in np.linspace(0, 1 - x, int(round((1 - x) * 10)) + 1):
            a = allocate_budget(base, 50_000, rule={"key": x, "normal": y,
                                                    "small": max(1 - x - y, 0.0)},
                                horizon=36, ceiling=0.04, uplift_kind="points")
            best = max(best, a.loc["total", "delta_npv"])
    assert cmp.loc["optimal", "delta_npv"] >= best - 1e-6 * abs(best)


def test_allocation_errors(base):
    with pytest.raises(ValueError, match="above 1 for tier"):
        allocate_budget(base, 1000, ceiling=0.9, uplift_kind="points")
    with pytest.raises(ValueError, match="shares sum to 1.2"):
        allocate_budget(base, 1000, rule={"key": 0.6, "normal": 0.6})
    with pytest.raises(ValueError, match="budget=-1.0"):
        allocate_budget(base, -1)


# --------------------------------------------------------------------------------------------
# retention economics
# --------------------------------------------------------------------------------------------


def test_reichheld_check_by_hand():
    # one customer, yearly periods, annual retention 0.8, margin 100, discount 10 %, lifetime
    # (first margin certain): before 100/(1.1 − 0.8) = 333.33; after 100/(1.1 − 0.85) = 400
    # -> +20 %, just below Reichheld & Sasser's 25-85 %
    b = make_base([0.8], [100.0], period_unit="year", periods=3)
    rc = reichheld_check(b, by=None)
    row = rc.loc["all"]
    assert row["value_before"] == pytest.approx(100 / 0.3)
    assert row["value_after"] == pytest.approx(400.0)
    assert row["profit_change"] == pytest.approx(0.2)
    assert row["defection_rate"] == pytest.approx(0.2)
    assert row["defection_after"] == pytest.approx(0.15)
    assert not bool(row["within_reported"])
    # loyal customers gain more: retention 0.9 -> 0.95: 0.2/0.15 − 1 = +33 %, in the range
    rc2 = reichheld_check(make_base([0.9], [100.0], period_unit="year"), by=None).loc["all"]
    assert rc2["profit_change"] == pytest.approx(0.2 / 0.15 - 1)
    assert bool(rc2["within_reported"])
    # months: the cut is on the *annual* rate
    bm = make_base([0.98], [10.0], period_unit="month")
    rm = reichheld_check(bm, by=None).loc["all"]
    assert rm["defection_rate"] == pytest.approx(1 - 0.98 ** 12)
    assert rm["defection_after"] == pytest.approx(1 - 0.98 ** 12 - 0.05)


def test_reichheld_proportional_versus_points():
    # annual defection 0.1 and 0.3 (mean 0.2). Proportional: both × (1 − 0.05/0.2) = 0.75
    # -> 0.075 and 0.225; points: 0.05 and 0.25. Values m/(1 + d − R) with m = 100.
    b = make_base([0.9, 0.7], [100.0, 100.0], period_unit="year")
    prop = reichheld_check(b, by=None).loc["all"]
    pts = reichheld_check(b, by=None, how="points").loc["all"]
    before = 100 / 0.2 + 100 / 0.4
    assert prop["value_before"] == pytest.approx(before)
    assert prop["value_after"] == pytest.approx(100 / (1.1 - 0.925) + 100 / (1.1 - 0.775))
    assert pts["value_after"] == pytest.approx(100 / (1.1 - 0.95) + 100 / (1.1 - 0.75))
    assert prop["defection_after"] == pytest.approx(0.15) == pts["defection_after"]
    with pytest.raises(ValueError, match="cannot fall by 0.3"):
        reichheld_check(b, cut=0.3, by=None)


def test_gupta_lehmann_levers():
    b = make_base([0.9, 0.95], [100.0, 50.0], period_unit="year", periods=3)
    gl = gupta_lehmann(b, acquisition_cost=0.0)
    # with free acquisition, value is proportional to margin: +1 % margin -> +1 % value
    assert gl.loc["margin", "value_change"] == pytest.approx(0.01)
    assert gl.loc["acquisition_cost", "value_change"] == pytest.approx(0.0)
    # retention: by hand, E = Σ m/(1.1 − r); N = Σ (1 − R) = 0.15; V = E + N·E/2/0.1
    def value(r):
        E = 100 / (1.1 - r[0]) + 50 / (1.1 - r[1])
        return E + 0.15 * (E / 2) / 0.1
    v0, v1 = value([0.9, 0.95]), value([0.909, 0.9595])
    assert gl.loc["retention", "value_change"] == pytest.approx(v1 / v0 - 1)
    assert gl.loc["retention", "value_change"] > gl.loc["margin", "value_change"]
    gl2 = gupta_lehmann(b, acquisition_cost=100.0)
    assert gl2.loc["acquisition_cost", "value_change"] > 0
    with pytest.raises(ValueError, match="acquisition_cost=None"):
        gupta_lehmann(b)


# --------------------------------------------------------------------------------------------
# the public building blocks the widgets drive
# --------------------------------------------------------------------------------------------


def test_migration_window_rate_total_equity_and_with_matrix():
    from casekit.scenarios import Migration

    P = pd.DataFrame([[0.9, 0.1], [0.0, 1.0]], index=["key", "lost"], columns=["key", "lost"])
    m = Migration(P=P, transitions=P, counts=pd.Series({"key": 10, "lost": 0}),
                  rewards=pd.Series({"key": 100.0, "lost": 0.0}), tiers=pd.DataFrame(),
                  window=3, period_unit="month")
    d = 1.1 ** 0.25 - 1                                     # a quarter at 10 % a year
    assert m.window_rate(0.10) == pytest.approx(d, rel=1e-12)
    # V_key = 100 / (1 − 0.9/(1+d)) (first reward now, Pfeifer & Carraway), 10 key customers
    v = 100 / (1 - 0.9 / (1 + d))
    assert m.equity(0.10)["key"] == pytest.approx(v)
    assert m.total_equity(0.10) == pytest.approx(10 * v)
    P2 = pd.DataFrame([[0.5, 0.5], [0.0, 1.0]], index=P.index, columns=P.columns)
    m2 = m.with_matrix(P2)
    assert m2.equity(0.10)["key"] == pytest.approx(100 / (1 - 0.5 / (1 + d)))
    assert m.P is P and m2.counts is m.counts               # the original is unchanged
    with pytest.raises(ValueError, match="sum to 1"):
        m.with_matrix(pd.DataFrame([[0.5, 0.4], [0.0, 1.0]], index=P.index, columns=P.columns))


def test_retention_planner_is_what_if(base):
    from casekit.scenarios import RetentionPlanner

    sc = Scenario("care", target="key", retention_uplift=0.2, uplift_kind="churn",
                  cost_per_customer=50)
    planner = RetentionPlanner(base, horizon=24, discount=0.1)
    for runs in (0, 20):
        a = planner.run([sc], runs=runs, seed=3).summary()
        b = what_if(base, sc, horizon=24, discount=0.1, runs=runs, seed=3).summary()
        pd.testing.assert_frame_equal(a, b)


def test_estimate_spend_cv_by_hand():
    from casekit.scenarios import estimate_spend_cv

    base = make_base([0.99, 0.99], [10.0, 10.0], periods=6)
    base.activity["revenue"] = 0.0
    act = pd.DataFrame({"customer_id": [0, 0, 0, 0, 1, 1, 1, 1],
                        "period": [1, 2, 3, 4, 1, 2, 3, 4],
                        "revenue": [10.0, 30.0, 10.0, 30.0, 5.0, 5.0, 5.0, 5.0],
                        "margin": 1.0})
    hand = CustomerBase(base.customers, act, base.truth, base.params)
    # customer 0: mean 20, population sd 10 -> cv 0.5; customer 1: cv 0; median 0.25
    assert estimate_spend_cv(hand) == pytest.approx(0.25)
