"""The tobacco-retail world: shape, calibration, truth and reproducibility.

Every expectation is derived independently of the generator's code path:

* calibration targets come from the domain brief (price classes, "class 3 sells most, then
  class 4", "urban stores sell more class 1–2", weekly ordering) or from the parameters through
  a textbook identity (the Gamma Laplace transform E[1 − e^(−fλ)] = 1 − (α/(α+f))^r);
* the true CLV is checked against a brute-force sum and against a Monte Carlo simulation of
  the future written here from the process description, not with generator code;
* distributions of latent traits are checked with Kolmogorov–Smirnov tests against scipy.

Tolerances are stated next to each assertion (usually several standard errors).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import casekit as ck
from casekit.base import world_spec

# the module (casekit.generate.tobacco the attribute is the function of the same name)
tob = importlib.import_module("casekit.generate.tobacco")
ROOT = Path(__file__).resolve().parents[1]
CLASS_COLS = [f"cartons_class{c}" for c in range(1, 6)]
PRICE_COLS = [f"price_class{c}" for c in range(1, 6)]


@pytest.fixture(scope="module")
def base():
    """The class-size world shipped in datasets/tobacco (1,500 retailers × 52 weeks)."""
    return ck.tobacco(retailers=1500, weeks=52, seed=0)


@pytest.fixture(scope="module")
def big():
    """A larger world for tighter calibration checks."""
    return ck.tobacco(retailers=8000, weeks=52, seed=11)


def exposure(b) -> np.ndarray:
    """Weeks each retailer could order: licence start .. closure week (or the last week)."""
    T = b.params.periods
    start = np.maximum(b.customers["licensed_week"].to_numpy(), 1)
    drop = b.truth["true_dropout_week"].to_numpy()
    end = np.where(drop > 0, drop, T)
    return (end - start + 1).clip(min=0)


# ------------------------------------------------------------------------------------------
# shape and contract
# ------------------------------------------------------------------------------------------


def test_contract_columns_and_types(base):
    c, a, t = base.customers, base.activity, base.truth
    spec = world_spec("tobacco")
    for table in ("customers", "activity", "truth"):
        frame = getattr(base, table)
        assert list(frame.columns) == [col.name for col in spec.columns[table]]
        for col in spec.columns[table]:
            assert col.meaning, f"{table}.{col.name} has no meaning"
            assert frame[col.name].dtype == col.pandas_dtype(), (table, col.name)
    assert c["customer_id"].dtype == np.int32
    assert (c["customer_id"].to_numpy() == np.arange(1500)).all()
    assert (t["customer_id"].to_numpy() == np.arange(1500)).all()
    assert a["period"].dtype == np.int16 and a["customer_id"].dtype == np.int32
    assert a["period"].between(1, 52).all()
    assert not a.duplicated(["customer_id", "period"]).any()      # one row per retailer-week
    key = a["customer_id"].to_numpy().astype(np.int64) * 1000 + a["period"].to_numpy()
    assert (np.diff(key) > 0).all()                               # sorted customer-major
    assert list(c["region"].cat.categories) == ["urban", "rural"]
    assert list(t["true_tier"].cat.categories) == ["small", "normal", "key"]
    assert t["true_tier"].cat.ordered
    assert base.params.period_unit == "week" and base.params.discount_rate == 0.10
    for col in CLASS_COLS + ["cartons"]:
        assert a[col].dtype == np.int16


def test_formats_and_classes(base):
    c = base.customers
    assert set(c["format"].cat.categories) == set(ck.TOBACCO_FORMATS)
    assert len(ck.TOBACCO_FORMATS) == 7
    expected = {"supermarket_chain": "supermarket_department",
                "department_store": "supermarket_department",
                "catering_entertainment": "catering_leisure", "leisure_resort": "catering_leisure",
                "grocery": "grocery_convenience", "convenience_store": "grocery_convenience",
                "tobacco_liquor_shop": "grocery_convenience"}
    got = c.groupby("format", observed=True)["format_class"].agg(lambda s: set(s.astype(str)))
    assert {f: s for f, s in got.items()} == {f: {k} for f, k in expected.items()}
    assert (c["segment"].astype(str) == c["format_class"].astype(str)).all()
    # every format present at class size; grocery is the bulk (share = 1 − the six others)
    share = c["format"].value_counts(normalize=True)
    assert (share > 0).all()
    assert abs(share["grocery"] - 0.52) < 0.05                    # 1 − 0.48, 3.5 SE at n=1500
    assert abs((c["region"] == "urban").mean() - 0.60) < 0.04     # urban_share, 3 SE
    # district belongs to the region
    urban_district = c["district"].astype(str).str.startswith("district_")
    assert (urban_district == (c["region"] == "urban")).all()
    # an account manager works in one district and serves at most retailers_per_manager
    per = c.groupby("account_manager")["district"].nunique()
    assert (per == 1).all()
    assert c["account_manager"].value_counts().max() <= 250
    # scale: within each format about 20 % large, 40 % medium, 40 % small
    frac = pd.crosstab(c["format"], c["scale"], normalize="index")
    big_formats = c["format"].value_counts()
    for f in big_formats[big_formats >= 100].index:
        assert abs(frac.loc[f, "large"] - 0.2) < 0.02
        assert abs(frac.loc[f, "medium"] - 0.4) < 0.02


# ------------------------------------------------------------------------------------------
# prices, price classes, revenue and margin
# ------------------------------------------------------------------------------------------


def test_prices_within_class_bands(base):
    c = base.customers
    bands = [(100, np.inf), (70, 100), (30, 70), (0, 30), (0, 30)]    # the brief's classes
    for col, (lo, hi) in zip(PRICE_COLS, bands):
        assert (c[col] >= lo).all() and (c[col] < hi).all(), col
        assert (np.round(c[col], 2) == c[col]).all()                   # whole cents
    assert (c["price_class4"] >= c["price_class5"]).all()              # 16.5 split
    assert (c["price_class4"] >= 16.5).all() and (c["price_class5"] < 16.5).all()


def test_revenue_and_margin_are_sums_over_cartons(base):
    a = base.activity
    c = base.customers.set_index("customer_id")
    price = c.loc[a["customer_id"], PRICE_COLS].to_numpy()
    cartons = a[CLASS_COLS].to_numpy().astype(float)
    assert (a[CLASS_COLS].to_numpy() >= 0).all()
    assert (a["cartons"].to_numpy() == cartons.sum(axis=1)).all()
    assert (a["cartons"] >= 1).all()                                   # an order has cartons
    revenue = (cartons * price).sum(axis=1)
    assert np.abs(a["revenue"].to_numpy() - revenue).max() <= 0.005 + 1e-9   # rounding to cents
    rates = np.array([0.30, 0.26, 0.22, 0.18, 0.14])                   # documented class rates
    cost = np.where(c.loc[a["customer_id"], "region"].to_numpy() == "urban", 8.0, 20.0)
    margin = (cartons * price * rates).sum(axis=1) - cost
    assert np.abs(a["margin"].to_numpy() - margin).max() <= 0.005 + 1e-9


def test_price_class_mix(big):
    """Class 3 sells most, then class 4; urban stores sell more class 1–2 (domain brief)."""
    a = big.activity
    region = big.customers["region"].to_numpy()[a["customer_id"].to_numpy()]
    total = a[CLASS_COLS].sum()
    share = total / total.sum()
    order = share.sort_values(ascending=False).index.tolist()
    assert order[:2] == ["cartons_class3", "cartons_class4"]
    assert share["cartons_class3"] > 0.30                              # clearly the largest
    prem = {}
    for r in ("urban", "rural"):
        sub = a.loc[region == r, CLASS_COLS].sum()
        s = sub / sub.sum()
        assert s.idxmax() == "cartons_class3", r
        prem[r] = s["cartons_class1"] + s["cartons_class2"]
    # defaults: class 1–2 share 20 % (urban) vs 10 % (rural) for a neutral grocery, tilted
    # up by formats and size; the urban share must be clearly higher
    assert 0.15 < prem["urban"] < 0.40 and 0.05 < prem["rural"] < 0.25
    assert prem["urban"] - prem["rural"] > 0.07


# ------------------------------------------------------------------------------------------
# the ordering process
# ------------------------------------------------------------------------------------------


def test_weekly_order_rate_matches_gamma_laplace_transform(big):
    """Orders per open week ≈ E[1 − exp(−fλ)] = 1 − (α/(α+f))^r over the retailers' factors."""
    c, t = big.customers, big.truth
    v = big.params.values
    fmt_factor = {f: tob.FORMAT_TABLE[f][1] for f in ck.TOBACCO_FORMATS}
    f = c["format"].astype(str).map(fmt_factor).to_numpy() * np.where(
        c["region"] == "urban", 1.0, v["rural_order_factor"])
    r, alpha = v["order_r"], v["order_alpha"]
    expected_q = 1.0 - (alpha / (alpha + f)) ** r
    w = exposure(big)
    observed = c["orders"].sum() / w.sum()
    expected = (expected_q * w).sum() / w.sum()
    # SE of a weighted mean of heterogeneous q over 8000 retailers ≈ 0.2/√8000 ≈ 0.0025
    assert abs(observed - expected) < 0.012
    # the calibration target: most open retailers order most weeks
    assert 0.70 < observed < 0.85
    freq = c["orders"] / np.maximum(w, 1)
    settled = w >= 26
    assert (freq[settled] >= 0.75).mean() > 0.5
    # not every retailer orders every week
    assert (freq[settled] < 1.0).mean() > 0.6
    # the truth agrees with the simulated behaviour: orders / exposure ≈ q, pooled
    assert abs(observed - (t["true_order_rate"] * w).sum() / w.sum()) < 0.01


def test_order_frequency_is_gamma_heterogeneous(big):
    """Per-retailer order frequency varies far more than a homogeneous Bernoulli would."""
    c = big.customers
    w = exposure(big)
    keep = w >= 40
    freq = (c["orders"] / w)[keep]
    qbar = freq.mean()
    binomial_var = (qbar * (1 - qbar) / w[keep]).mean()
    assert freq.var() > 4 * binomial_var


def test_latent_traits_follow_the_documented_distributions():
    """With format effects off, λ ~ Gamma(r, α), p ~ Beta(a, b), ν ~ Gamma(q, γ) exactly."""
    kw = dict(format_effect=0.0, rural_order_factor=1.0, rural_value_factor=1.0,
              growth_mean=0.0, growth_sd=0.0, new_licence_share=0.0)
    b = ck.tobacco(retailers=4000, weeks=4, seed=3, **kw)
    v, t = b.params.values, b.truth
    lam = -np.log1p(-t["true_order_rate"].to_numpy())
    lam_law = stats.gamma(v["order_r"], scale=1 / v["order_alpha"])
    assert stats.kstest(lam, lam_law.cdf).pvalue > 0.001
    p_law = stats.beta(v["dropout_a"], v["dropout_b"])
    assert stats.kstest(t["true_dropout"], p_law.cdf).pvalue > 0.001
    nu = v["spend_p"] / t["true_order_value"].to_numpy()               # V = p/ν when η = 0
    nu_law = stats.gamma(v["spend_q"], scale=1 / v["spend_gamma"])
    assert stats.kstest(nu, nu_law.cdf).pvalue > 0.001
    # independence of order rate and spend (the Gamma-Gamma assumption) at the default ρ = 0
    rho = stats.spearmanr(lam, nu).statistic
    assert abs(rho) < 0.06                                              # ~4 SE at n = 4000


def test_value_frequency_correlation_knob():
    b = ck.tobacco(retailers=3000, weeks=4, seed=3, value_frequency_correlation=0.8,
                   format_effect=0.0, rural_order_factor=1.0, rural_value_factor=1.0)
    rho = stats.spearmanr(b.truth["true_order_rate"], b.truth["true_order_value"]).statistic
    assert rho > 0.5


def test_concentration_knob_keeps_the_mean_and_changes_the_spread():
    """concentration c: ν ~ Gamma(q_c, γ_c), q_c = 1 + (q−1)/c², γ_c = γ(q_c−1)/(q−1)."""
    kw = dict(format_effect=0.0, rural_order_factor=1.0, rural_value_factor=1.0,
              growth_mean=0.0, growth_sd=0.0, new_licence_share=0.0)
    v = ck.tobacco_params().values
    q, g, p = v["spend_q"], v["spend_gamma"], v["spend_p"]
    mean = p * g / (q - 1)                                   # RMB 1,200 at defaults
    wide = ck.tobacco(retailers=4000, weeks=4, seed=3, concentration=2.0, **kw)
    q2 = 1 + (q - 1) / 4
    nu = p / wide.truth["true_order_value"].to_numpy()
    assert stats.kstest(nu, stats.gamma(q2, scale=1 / (g * (q2 - 1) / (q - 1))).cdf).pvalue > 0.001
    flat = ck.tobacco(retailers=300, weeks=4, seed=3, concentration=0.0, **kw)
    assert np.allclose(flat.truth["true_order_value"], mean)    # all alike, same mean
    narrow = ck.tobacco(retailers=4000, weeks=4, seed=3, concentration=0.5, **kw)
    # the mean order value is kept (SE of a mean of 4000 with CV ≈ 0.35: ≈ 0.6 %)
    assert abs(narrow.truth["true_order_value"].mean() / mean - 1) < 0.03
    shares = []
    for c in (0.5, 1.0, 2.0):
        rev = np.sort(ck.tobacco(retailers=3000, seed=5, concentration=c)
                      .customers["total_revenue"].to_numpy())[::-1]
        shares.append(rev[:600].sum() / rev.sum())
    assert shares[0] < shares[1] < shares[2]


def test_dropout_is_visible_and_consistent(big):
    c, t, a = big.customers, big.truth, big.activity
    T = big.params.periods
    dropped = t["true_dropout_week"].to_numpy() > 0
    # about 8–10 % of licences close within a year at defaults
    assert 0.04 < dropped.mean() < 0.15
    assert (~t["true_alive"].to_numpy() == dropped).all()
    # the week of closure is the last order; nothing is ordered afterwards
    last = c["last_order_week"].to_numpy()
    assert (last[dropped] == t["true_dropout_week"].to_numpy()[dropped]).all()
    # closures are recorded later, never before they happen
    closed = c["licence_closed"].to_numpy()
    assert not (closed & ~dropped).any()
    assert 0.3 < closed.sum() / dropped.sum() < 1.0
    # dropouts per order ≈ order-weighted mean p (Poisson SE of ~700 events ≈ 4 %)
    n_orders = c["orders"].to_numpy()
    expected = (t["true_dropout"].to_numpy() * n_orders).sum()
    assert abs(dropped.sum() / expected - 1.0) < 0.15
    # violations predict closure (compliance–dropout correlation 0.4)
    viol = c["licence_violations"].to_numpy() > 0
    assert t["true_dropout"][viol].mean() > t["true_dropout"][~viol].mean()
    # alive retailers kept ordering: their last order is usually recent
    alive_last = c["last_order_week"].to_numpy()[~dropped & (n_orders > 0)]
    assert np.median(alive_last) >= T - 2


def test_order_values_follow_the_truth(big):
    """Revenue per order averages V(t); the within-retailer spread matches Gamma shape p."""
    a, t = big.activity, big.truth.set_index("customer_id")
    v = big.params.values
    T = big.params.periods
    rho = np.exp(-1.0 / (52 * v["growth_time_years"]))
    ids = a["customer_id"].to_numpy()
    v_inf = t["true_order_value_potential"].to_numpy()[ids]
    v_T = t["true_order_value"].to_numpy()[ids]
    v_t = v_inf - (v_inf - v_T) * rho ** (a["period"].to_numpy() - T)
    assert abs(a["revenue"].sum() / v_t.sum() - 1.0) < 0.01
    mu = t["true_margin_rate"].to_numpy()[ids]
    cost = np.where(big.customers["region"].to_numpy()[ids] == "urban", 8.0, 20.0)
    assert abs(a["margin"].sum() / (mu * v_t - cost).sum() - 1.0) < 0.015
    # within a retailer, order value / V(t) ~ Gamma(p, p): coefficient of variation 1/√p;
    # carton rounding adds a little, so allow +0.05
    ratio = pd.Series(a["revenue"].to_numpy() / v_t).groupby(ids)
    cv = (ratio.std() / ratio.mean())[ratio.size() >= 30]
    assert 1 / np.sqrt(v["spend_p"]) - 0.02 < cv.median() < 1 / np.sqrt(v["spend_p"]) + 0.05


def test_observed_summary_matches_activity(base):
    c, a = base.customers.set_index("customer_id"), base.activity
    g = a.groupby("customer_id")
    assert (g.size().reindex(c.index, fill_value=0) == c["orders"]).all()
    for col, total in (("revenue", "total_revenue"), ("margin", "total_margin")):
        assert np.allclose(g[col].sum().reindex(c.index, fill_value=0), c[total], atol=0.005)
    assert (g["cartons"].sum().reindex(c.index, fill_value=0) == c["total_cartons"]).all()
    assert (g["period"].min().reindex(c.index, fill_value=0) == c["first_order_week"]).all()
    assert (g["period"].max().reindex(c.index, fill_value=0) == c["last_order_week"]).all()
    new = c["licensed_week"] > 0
    assert new.mean() < 0.1
    ordered_new = new & (c["orders"] > 0)
    assert (c.loc[ordered_new, "first_order_week"] >= c.loc[ordered_new, "licensed_week"]).all()
    assert (c["late_payments"] <= c["orders"]).all()
    assert c["order_honesty"].between(0, 1).all() and c["e_settlement_share"].between(0, 1).all()
    assert (c["e_settlement_share"][c["region"] == "urban"].mean()
            > c["e_settlement_share"][c["region"] == "rural"].mean())
    assert c["location_score"].between(0, 100).all() and (c["foot_traffic"] >= 0).all()


def test_revenue_concentration(big):
    """Orders differ a lot between retailers: the top 20 % bring about half or more of revenue."""
    rev = np.sort(big.customers["total_revenue"].to_numpy())[::-1]
    top = rev[: len(rev) // 5].sum() / rev.sum()
    assert 0.45 < top < 0.75
    flatter = ck.tobacco(retailers=4000, seed=11, spend_q=30.0, spend_gamma=29 * 1200 / 8)
    rev2 = np.sort(flatter.customers["total_revenue"].to_numpy())[::-1]
    assert rev2[: len(rev2) // 5].sum() / rev2.sum() < top


# ------------------------------------------------------------------------------------------
# truth
# ------------------------------------------------------------------------------------------


def _clv_parts(b):
    t, c, v = b.truth, b.customers, b.params.values
    q = t["true_order_rate"].to_numpy()
    p = t["true_dropout"].to_numpy()
    mu = t["true_margin_rate"].to_numpy()
    v_T = t["true_order_value"].to_numpy()
    v_inf = t["true_order_value_potential"].to_numpy()
    cost = np.where(c["region"] == "urban", v["delivery_cost_urban"], v["delivery_cost_rural"])
    rho = np.exp(-1.0 / (52 * v["growth_time_years"]))
    delta = (1 + v["discount_rate"]) ** (-1 / 52)
    return q, p, mu, v_T, v_inf, cost, rho, delta


def test_true_clv_equals_brute_force_sum(base):
    """Σ_k δ^k s^(k−1) q (μ V(T+k) − c), summed week by week for 200 years."""
    t = base.truth
    q, p, mu, v_T, v_inf, cost, rho, delta = _clv_parts(base)
    alive = t["true_alive"].to_numpy()
    total = np.zeros(len(t))
    surv = np.ones(len(t))
    for k in range(1, 52 * 200 + 1):
        value_k = v_inf - (v_inf - v_T) * rho ** k
        total += delta ** k * surv * q * (mu * value_k - cost)
        surv *= 1 - q * p
    expected = np.where(alive, total, 0.0)
    # The truth is saved in cents: true_order_value V(T) is known to ±0.005, which moves the
    # CLV by at most q·μ·0.005·Σ(δρ)^k ≤ 0.005·q·μ/(1 − δρ); the CLV itself to ±0.005.
    # Truncating after 200 years leaves at most δ^10400 ≈ 5e-9 of the value.
    tol = 0.005 + 0.005 * q * mu / (1 - delta * rho) + 1e-8 * expected
    assert (np.abs(t["true_clv"].to_numpy() - expected) <= tol).all()
    # per-period margin and growth
    assert np.allclose(t["true_margin"], q * (mu * v_T - cost), rtol=0, atol=0.006)
    v_next = v_inf - (v_inf - v_T) * rho ** 52
    assert np.allclose(t["true_growth"], v_next / v_T - 1, rtol=0, atol=1e-4)
    assert (t.loc[~t["true_alive"], "true_clv"] == 0).all()


def test_true_clv_matches_monte_carlo_of_the_future(base):
    """Simulate each retailer's future weeks (order? then close?) and average the margin.

    Week by week for 80 years (the rest is worth < 0.05 % at 10 % a year): the licence is
    open at the start of week k if no earlier order closed it; an open retailer orders with
    probability q and the order earns μ·V(k) − c on average (the Gamma noise of the order
    value averages out, so the expected value is used); it then closes with probability p.
    """
    t = base.truth
    q, p, mu, v_T, v_inf, cost, rho, delta = _clv_parts(base)
    alive = np.flatnonzero(t["true_alive"].to_numpy())
    clv = t["true_clv"].to_numpy()
    picks = [alive[np.argmax(clv[alive])], alive[np.argsort(clv[alive])[len(alive) // 2]],
             alive[np.argmax(p[alive])]]
    rng = np.random.default_rng(2024)
    weeks = np.arange(1, 52 * 80 + 1)
    paths = 2000
    for i in picks:
        order = rng.random((paths, weeks.size), dtype=np.float32) < q[i]
        close = order & (rng.random((paths, weeks.size), dtype=np.float32) < p[i])
        first_close = np.where(close.any(axis=1), close.argmax(axis=1), weeks.size)
        open_ = np.arange(weeks.size)[None, :] <= first_close[:, None]
        cash = delta ** weeks * (mu[i] * (v_inf[i] - (v_inf[i] - v_T[i]) * rho ** weeks) - cost[i])
        pv = (order & open_) @ cash
        se = pv.std() / np.sqrt(paths)
        assert abs(pv.mean() - clv[i]) < 4 * se + 1e-3 * clv[i], (i, pv.mean(), clv[i], se)


def test_true_tier_is_the_course_pyramid(base):
    t = base.truth
    counts = t["true_tier"].value_counts()
    assert counts["key"] == 150 and counts["normal"] == 450 and counts["small"] == 900
    clv = {tier: t.loc[t["true_tier"] == tier, "true_clv"] for tier in ("key", "normal", "small")}
    assert clv["key"].min() >= clv["normal"].max()
    assert clv["normal"].min() >= clv["small"].max()
    for col in ("true_compliance", "true_integrity", "true_influence"):
        assert t[col].between(0, 1).all()
    # observed readings follow the latent scores
    c = base.customers
    assert stats.spearmanr(t["true_influence"], c["location_score"]).statistic > 0.6
    assert stats.spearmanr(t["true_influence"], c["foot_traffic"]).statistic > 0.3
    assert stats.spearmanr(t["true_compliance"], c["licence_violations"]).statistic < -0.1
    assert stats.spearmanr(t["true_integrity"], c["order_honesty"]).statistic > 0.1


# ------------------------------------------------------------------------------------------
# reproducibility, streams, validation
# ------------------------------------------------------------------------------------------


def test_reproducible_across_processes(tmp_path):
    here = ck.tobacco(retailers=400, weeks=20, seed=5, spend_q=2.5)
    here.save(tmp_path / "here")
    code = ("import casekit as ck, sys; "
            "ck.tobacco(retailers=400, weeks=20, seed=5, spend_q=2.5).save(sys.argv[1])")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "there")], check=True,
                   cwd=ROOT, timeout=120)
    for name in ("customers.csv", "activity.csv", "truth.csv", "params.json", "schema.json"):
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "there" / name).read_bytes()
    again = ck.load(tmp_path / "there")
    assert again.equals(here)
    # regenerating from the saved parameters gives the same base
    p = again.params
    assert ck.tobacco(retailers=p.size, weeks=p.periods, seed=p.seed, **p.values).equals(here)
    other = ck.tobacco(retailers=400, weeks=20, seed=6, spend_q=2.5)
    assert not other.activity.equals(here.activity)


def test_components_have_their_own_streams():
    ref = ck.tobacco(retailers=500, weeks=30, seed=9)
    # a parameter of one component leaves the others untouched
    late = ck.tobacco(retailers=500, weeks=30, seed=9, late_payment_rate=0.2)
    assert late.activity.equals(ref.activity)
    assert not late.customers["late_payments"].equals(ref.customers["late_payments"])
    cost = ck.tobacco(retailers=500, weeks=30, seed=9, delivery_cost_urban=30.0)
    assert cost.activity[CLASS_COLS + ["revenue"]].equals(ref.activity[CLASS_COLS + ["revenue"]])
    assert not cost.activity["margin"].equals(ref.activity["margin"])
    assert cost.truth["true_order_rate"].equals(ref.truth["true_order_rate"])


def test_progress_bar_does_not_change_results(capsys):
    quiet = ck.tobacco(retailers=300, weeks=10, seed=2)
    loud = ck.tobacco(retailers=300, weeks=10, seed=2, progress=True)
    assert loud.equals(quiet)
    assert "tobacco" in capsys.readouterr().err


def test_block_size_changes_nothing(monkeypatch):
    """Blocks bound memory only: every week's streams are consumed in retailer order, block
    after block, so a different block size gives the same base byte for byte (and the rows
    of three blocks land at the right offsets)."""
    from casekit.generate import _tobacco_periods as weeks
    ref = ck.tobacco(retailers=300, weeks=10, seed=4)
    monkeypatch.setattr(weeks, "_BLOCK", 100)
    small_blocks = ck.tobacco(retailers=300, weeks=10, seed=4)
    assert small_blocks.equals(ref)
    a, c = small_blocks.activity, small_blocks.customers
    assert len(a) == c["orders"].sum() > 0
    assert (np.diff(a["customer_id"].to_numpy()) >= 0).all()


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(retailers=0), ValueError, ["retailers", "0"]),
    (dict(retailers=-5), ValueError, ["retailers", "-5"]),
    (dict(retailers=2.5), TypeError, ["retailers", "2.5"]),
    (dict(weeks=0), ValueError, ["weeks", "0"]),
    (dict(seed=-1), ValueError, ["seed", "-1"]),
    (dict(seed=1.5), TypeError, ["seed", "1.5"]),
    (dict(seed="7"), TypeError, ["seed", "'7'"]),
    (dict(urban_share=1.5), ValueError, ["urban_share", "1.5", "[0, 1]"]),
    (dict(new_licence_share=-0.1), ValueError, ["new_licence_share", "-0.1"]),
    (dict(discount_rate=2.0), ValueError, ["discount_rate", "2.0"]),
    (dict(spend_q=1.0), ValueError, ["spend_q", "1.0"]),
    (dict(concentration=2.5), ValueError, ["concentration", "2.5", "[0, 2]"]),
    (dict(order_r=0.0), ValueError, ["order_r", "0.0"]),
    (dict(dropout_b="many"), TypeError, ["dropout_b", "'many'"]),
    (dict(share_convenience_store=0.6, share_tobacco_liquor_shop=0.5), ValueError,
     ["share_convenience_store", "share_tobacco_liquor_shop", "add up"]),
    (dict(customers=100), TypeError, ["customers", "unknown"]),
    (dict(progress="yes"), TypeError, ["progress"]),
])
def test_bad_parameters_raise_clear_errors(kwargs, error, words):
    with pytest.raises(error) as info:
        ck.tobacco(**kwargs)
    for w in words:
        assert w in str(info.value), (w, str(info.value))


def test_params_are_documented():
    p = ck.tobacco_params()
    assert p.world == "tobacco" and p.size == 1500 and p.periods == 52 and p.seed == 0
    desc = p.describe()
    assert len(desc) == len(p.values) >= 30
    assert (desc["unit"].str.len() > 0).all() and (desc["meaning"].str.len() > 0).all()
    assert (desc["source"].str.len() > 0).all()
    assert desc.set_index("parameter").loc["discount_rate", "value"] == 0.10
    with pytest.raises(TypeError, match="colour"):
        ck.tobacco_params(colour="red")


def test_tiny_worlds_work():
    one = ck.tobacco(retailers=1, weeks=1, seed=0)
    assert len(one.customers) == 1 and len(one.truth) == 1
    assert one.truth["true_tier"].iloc[0] == "small"
    none = ck.tobacco(retailers=50, weeks=3, seed=1, order_r=0.05, order_alpha=1e4)
    assert len(none.activity) == 0 and (none.customers["first_order_week"] == 0).all()


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 120), weeks=st.integers(1, 30), seed=st.integers(0, 2**31 - 1),
       q=st.floats(1.2, 10.0), urban=st.floats(0.0, 1.0))
def test_invariants_hold_for_any_small_world(n, weeks, seed, q, urban):
    b = ck.tobacco(retailers=n, weeks=weeks, seed=seed, spend_q=q, urban_share=urban)
    a, c, t = b.activity, b.customers, b.truth
    assert len(c) == len(t) == n
    assert a["period"].between(1, weeks).all()
    assert (a["cartons"] >= 1).all()
    price = c[PRICE_COLS].to_numpy()[a["customer_id"].to_numpy()]
    rev = (a[CLASS_COLS].to_numpy() * price).sum(axis=1)
    assert np.abs(a["revenue"].to_numpy() - rev).max(initial=0) <= 0.005 + 1e-9
    assert (c["orders"].sum() == len(a))
    assert np.isfinite(t["true_clv"]).all() and (t["true_clv"][~t["true_alive"]] == 0).all()
    if urban == 0.0:
        assert (c["region"] == "rural").all()
    if urban == 1.0:
        assert (c["region"] == "urban").all()


def test_shipped_dataset_regenerates():
    folder = ROOT / "datasets" / "tobacco"
    if not (folder / "params.json").exists():
        pytest.skip("datasets/tobacco not generated yet")
    shipped = ck.load(folder)
    p = shipped.params
    assert (p.size, p.periods) == (1500, 52)
    assert ck.tobacco(retailers=p.size, weeks=p.periods, seed=p.seed, **p.values).equals(shipped)
