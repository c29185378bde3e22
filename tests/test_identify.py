"""casekit.identify: each method on small examples worked by hand, a published case, property
tests with hypothesis, and clear errors on bad input.

The expected numbers are derived in the comments next to them, never pasted from the code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casekit as ck
from casekit import identify as idf
from casekit.base import CustomerBase, Params

# ---------------------------------------------------------------------------------------------
# A hand-made base following the data contract
# ---------------------------------------------------------------------------------------------


def toy_base() -> CustomerBase:
    """Five customers over 4 months; customer 4 never bought.

    revenue per month:          margin per month:
      c0: 10 10 10 10 (=40)       c0:  2  2  2  2 (=8)
      c1: 50 60  .  .  (=110)     c1: 20 25  .  . (=45)
      c2:  .  5  5  5  (=15)      c2: -3 ... see below
      c3:  1  .  .  2  (=3)
      c4: no rows (=0)
    """
    rows = [  # customer, period, revenue, margin
        (0, 1, 10.0, 2.0), (0, 2, 10.0, 2.0), (0, 3, 10.0, 2.0), (0, 4, 10.0, 2.0),
        (1, 1, 50.0, 20.0), (1, 2, 60.0, 25.0),
        (2, 2, 5.0, -3.0), (2, 3, 5.0, -3.0), (2, 4, 5.0, -3.0),
        (3, 1, 1.0, 0.5), (3, 4, 2.0, 1.0),
    ]
    act = pd.DataFrame(rows, columns=["customer_id", "period", "revenue", "margin"])
    act = act.astype({"customer_id": "int32", "period": "int16"})
    customers = pd.DataFrame({
        "customer_id": np.arange(5, dtype="int32"),
        "segment": pd.Categorical(["consumer"] * 5),
        "region": pd.Categorical(["urban", "rural", "urban", "rural", "urban"]),
        "industry_growth": [0.02, 0.05, 0.20, 0.01, 0.00],
        "cost_to_serve": [5.0, 30.0, 10.0, 5.0, 1.0],
    })
    truth = pd.DataFrame({
        "customer_id": np.arange(5, dtype="int32"),
        "true_clv": [300.0, 900.0, 100.0, 20.0, 0.0],
        "true_tier": pd.Categorical(["normal", "key", "small", "small", "small"],
                                    categories=["small", "normal", "key"], ordered=True),
    })
    return CustomerBase(customers, act, truth, Params("toy", 0, 5, 4, "month", {}))


# ---------------------------------------------------------------------------------------------
# customer_values: every input form
# ---------------------------------------------------------------------------------------------


def test_customer_values_from_base_sums_and_fills_zero():
    base = toy_base()
    s = ck.customer_values(base, "revenue")
    # c0 4 × 10 = 40; c1 50 + 60 = 110; c2 3 × 5 = 15; c3 1 + 2 = 3; c4 nothing = 0
    assert s.tolist() == [40.0, 110.0, 15.0, 3.0, 0.0]
    assert s.index.name == "customer_id"
    # per active row: c1 110 / 2 = 55; per observed period (4): c1 110 / 4 = 27.5
    assert ck.customer_values(base, "revenue", agg="mean")[1] == 55.0
    assert ck.customer_values(base, "revenue", agg="per_period")[1] == 27.5
    assert ck.customer_values(base, agg="count").tolist() == [4.0, 2.0, 3.0, 2.0, 0.0]


def test_customer_values_from_frames_series_and_arrays():
    act = pd.DataFrame({"customer_id": [7, 3, 7], "revenue": [1.0, 2.0, 4.0]})
    # duplicates are summed per customer: 7 → 1 + 4 = 5
    assert ck.customer_values(act).to_dict() == {3: 2.0, 7: 5.0}
    s = pd.Series([3.0, 1.0], index=["b", "a"])
    assert ck.customer_values(s).to_dict() == {"b": 3.0, "a": 1.0}
    assert ck.customer_values([1, 2]).index.tolist() == [0, 1]


# ---------------------------------------------------------------------------------------------
# Pareto / ABC / Lorenz / Gini
# ---------------------------------------------------------------------------------------------


def test_pareto_table_by_hand():
    t = ck.pareto_table(pd.Series([10.0, 30.0, 60.0], index=[101, 102, 103]))
    # largest first: 60 (id 103), 30, 10; total 100 → cum .6, .9, 1.0
    assert t["customer_id"].tolist() == [103, 102, 101]
    assert t["cum_share"].tolist() == pytest.approx([0.6, 0.9, 1.0])
    assert t["cum_customer_share"].tolist() == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert t["rank"].tolist() == [1, 2, 3]


def test_ties_are_broken_by_customer_id():
    t = ck.pareto_table(pd.Series([5.0, 5.0, 9.0, 5.0], index=[30, 10, 40, 20]))
    # 9 first, then the three 5s in id order 10, 20, 30
    assert t["customer_id"].tolist() == [40, 10, 20, 30]


def test_top_share_by_hand_and_between_customers():
    assert ck.top_share([40, 30, 20, 10], 0.5) == pytest.approx(0.7)      # (40 + 30) / 100
    # 5 customers, top 30% = 1.5 customers: 50 + half of 30 = 65 → 0.65
    assert ck.top_share([50, 30, 10, 5, 5], 0.3) == pytest.approx(0.65)
    assert ck.top_share([50, 30, 10, 5, 5], 1.0) == pytest.approx(1.0)


def test_abc_classes_by_hand():
    t = ck.abc_classes([50, 30, 12, 5, 3])
    # cumulative share *before* each customer: 0, .50, .80, .92, .97
    # A while before < .80 → first two; B while before < .95 → next two; C → last
    assert t["abc"].tolist() == ["A", "A", "B", "B", "C"]
    # one dominant customer: A is that customer alone (before = 0), never empty
    t = ck.abc_classes([90, 5, 5])
    # before: 0, .90, .95 → A, B, C
    assert t["abc"].tolist() == ["A", "B", "C"]


def test_abc_summary_matches_the_classes():
    s = ck.abc_summary([50, 30, 12, 5, 3]).set_index("abc")
    assert s["customers"].tolist() == [2, 2, 1]
    assert s["value_share"].tolist() == pytest.approx([0.80, 0.17, 0.03])   # 80, 12+5, 3
    assert s["customer_share"].sum() == pytest.approx(1.0)


def test_abc_textbook_shape():
    # Textbook ABC: A ≈ 5% of customers → ≈ 80% of value. 100 customers: 5 of value 160 each
    # (= 800) and 95 of value 200/95 each (= 200); total 1000. Before the 5th big one the
    # cumulative share is .64 < .8, before the 6th it is .80 → not A.
    vals = [160.0] * 5 + [200.0 / 95] * 95
    s = ck.abc_summary(vals).set_index("abc")
    assert s.loc["A", "customers"] == 5
    assert s.loc["A", "value_share"] == pytest.approx(0.80)


def test_lorenz_curve_by_hand():
    lc = ck.lorenz_curve([3, 1])
    # smallest first: 1 of 4 = .25, then all
    assert lc["customer_share"].tolist() == [0.0, 0.5, 1.0]
    assert lc["value_share"].tolist() == pytest.approx([0.0, 0.25, 1.0])


def test_gini_by_hand():
    # x = 1, 2, 3, 4: Σ i·x_i = 1 + 4 + 9 + 16 = 30, n = 4, Σx = 10
    # G = 2·30 / (4·10) − 5/4 = 1.5 − 1.25 = 0.25
    # check: Σ_i<j |x_i − x_j| = 1+2+3+1+2+1 = 10, both orders 20; 20 / (2·16·2.5) = 0.25
    assert ck.gini([4, 1, 3, 2]) == pytest.approx(0.25)
    assert ck.gini([7, 7, 7]) == pytest.approx(0.0)
    assert ck.gini([0, 0, 0, 1]) == pytest.approx(0.75)        # (n − 1) / n


def _gini_mean_abs_diff(x):
    x = np.asarray(x, dtype=float)
    return np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())


positive_values = st.lists(st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
                           min_size=1, max_size=60).filter(lambda v: sum(v) > 1e-3)


@settings(max_examples=80, deadline=None)
@given(positive_values)
def test_gini_matches_independent_formulas_and_lies_in_0_1(values):
    g = ck.gini(values)
    assert 0.0 <= g < 1.0
    assert g == pytest.approx(_gini_mean_abs_diff(values), abs=1e-9)
    lc = ck.lorenz_curve(values)
    area = np.trapezoid(lc["value_share"], lc["customer_share"])
    assert g == pytest.approx(1 - 2 * area, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(positive_values, st.floats(0.05, 0.9), st.floats(0.01, 0.099))
def test_abc_partitions_customers_and_shares_are_monotone(values, a, gap):
    b = min(a + gap, 1.0)
    t = ck.abc_classes(values, a=a, b=b)
    assert len(t) == len(values)
    assert sorted(t["customer_id"]) == list(range(len(values)))        # each customer once
    assert (t["abc"] == "A").sum() >= 1
    codes = t["abc"].cat.codes.to_numpy()
    assert (np.diff(codes) >= 0).all()                 # A, then B, then C down the ranking
    cum = t["cum_share"].to_numpy()
    assert (np.diff(cum) >= -1e-12).all() and cum[-1] == pytest.approx(1.0)
    # A is the smallest top set reaching a: without its last member it is below a
    n_a = (t["abc"] == "A").sum()
    assert cum[n_a - 1] >= a - 1e-9 or n_a == len(values)
    assert (cum[n_a - 2] if n_a >= 2 else 0.0) < a


# ---------------------------------------------------------------------------------------------
# Whale curve
# ---------------------------------------------------------------------------------------------


def test_whale_curve_by_hand():
    w = ck.whale_curve(pd.Series([5.0, -1.0, 2.0], index=[1, 2, 3]))
    # most profitable first: 5, 2, −1; cumulative 5, 7, 6; total 6
    assert w["customer_id"].tolist() == [1, 3, 2]
    assert w["cum_profit_share"].tolist() == pytest.approx([5 / 6, 7 / 6, 1.0])


def test_whale_summary_reproduces_kanthal():
    # Kanthal (Cooper & Kaplan 1991): 20% of customers made 225% of profit; about 70% broke
    # even; the last 10% lost 125%. Ten customers, total profit 100:
    profit = [112.5, 112.5] + [0.0] * 7 + [-125.0]
    s = ck.whale_summary(profit)
    assert s["total_profit"] == pytest.approx(100.0)
    assert s["peak_share"] == pytest.approx(2.25)              # 225 / 100
    assert s["peak_customer_share"] == pytest.approx(0.2)      # reached after 2 of 10
    assert s["top_share"] == pytest.approx(2.25)               # top 20% make 225%
    assert s["unprofitable_share"] == pytest.approx(0.1)
    # bottom 30%: two break-even and the loss-maker → (0 + 0 − 125) / 100
    assert s["bottom_share"] == pytest.approx(-1.25)
    assert s["eaten_share"] == pytest.approx(125 / 225)       # losses ÷ profits of the others


def test_whale_cost_to_serve_scalar_series_and_base():
    # a number is per customer for plain values: 5 − 1, 2 − 1, −1 − 1 → total 6 − 3 = 3
    w = ck.whale_curve([5.0, 2.0, -1.0], cost_to_serve=1.0)
    assert w["cum_profit"].iloc[-1] == pytest.approx(3.0)
    # a Series is per customer
    w = ck.whale_curve(pd.Series([5.0, 2.0]), cost_to_serve=pd.Series([4.0, 0.0]))
    assert w["customer_id"].tolist() == [1, 0]                 # 2 − 0 beats 5 − 4
    # for a base, per customer-period with activity: margins c0 8 (4 months), c1 45 (2),
    # c2 −9 (3), c3 1.5 (2), c4 0 (0). Cost 1 → 4, 43, −12, −0.5, 0; total 34.5
    s = ck.whale_summary(toy_base(), cost_to_serve=1.0)
    assert s["total_profit"] == pytest.approx(34.5)
    assert s["peak_share"] == pytest.approx(47 / 34.5)          # 43 + 4
    assert s["unprofitable_share"] == pytest.approx(2 / 5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=1, max_size=50)
       .filter(lambda v: sum(v) > 1.0))
def test_whale_ends_at_one_and_peak_minus_one_is_the_losses(profit):
    w = ck.whale_curve(profit)
    share = w["cum_profit_share"].to_numpy()
    assert share[-1] == pytest.approx(1.0)
    total = sum(profit)
    losses = -sum(p for p in profit if p < 0)
    assert share.max() == pytest.approx(1 + losses / total, rel=1e-9, abs=1e-9)
    assert (np.diff(w["profit"].to_numpy()) <= 0).all()


# ---------------------------------------------------------------------------------------------
# Pyramid
# ---------------------------------------------------------------------------------------------


def test_pyramid_by_hand():
    vals = pd.Series(np.arange(10, 0, -1, dtype=float), index=range(10))   # 10, 9, …, 1
    p = ck.pyramid(vals).set_index("tier")
    # 10% of 10 = 1 key (value 10), 30% = 3 normal (9+8+7 = 24), 6 small (6+…+1 = 21); Σ 55
    assert p.index.tolist() == ["key", "normal", "small"]
    assert p["customers"].tolist() == [1, 3, 6]
    assert p["value_share"].tolist() == pytest.approx([10 / 55, 24 / 55, 21 / 55])
    assert p["time_share"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    # attention per customer: .6/.1 = 6, .3/.3 = 1, .1/.6 = 1/6
    assert p["time_per_customer"].tolist() == pytest.approx([6.0, 1.0, 1 / 6])
    assert p.loc["key", "strategy"] == "strategy_key"        # a code; its text via labels
    assert ck.labels.label(p.loc["key", "strategy"]).startswith("Build relationships")


def test_pyramid_splits_bottom_by_potential():
    vals = pd.Series(np.arange(10, 0, -1, dtype=float), index=range(10))
    pot = pd.Series([0, 0, 0, 0, 9, 1, 8, 2, 7, 3], index=range(10), dtype=float)
    t = ck.pyramid_tiers(vals, potential=pot).set_index("customer_id")
    # bottom 6 = customers 4..9 with potential 9, 1, 8, 2, 7, 3; median 5 → 4, 6, 8 prospects
    assert t.loc[[4, 6, 8], "tier"].eq("prospect").all()
    assert t.loc[[5, 7, 9], "tier"].eq("unattractive").all()
    assert t.loc[0, "tier"] == "key"
    p = ck.pyramid(vals, potential=pot).set_index("tier")
    # the bottom 10% of time split 3 : 3
    assert p.loc["prospect", "time_share"] == pytest.approx(0.05)
    assert list(p.index) == ["key", "normal", "prospect", "unattractive"]


@settings(max_examples=60, deadline=None)
@given(positive_values)
def test_pyramid_tiers_add_up(values):
    n = len(values)
    p = ck.pyramid(values)
    assert p["customers"].sum() == n
    assert p["value_share"].sum() == pytest.approx(1.0)
    # each tier is the rounded share of customers: within one customer of 10/30/60
    assert np.abs(p["customers"].to_numpy() - np.array([0.1, 0.3, 0.6]) * n).max() <= 1.0
    t = ck.pyramid_tiers(values)
    # higher tiers never hold a smaller value than lower tiers
    codes = t["tier"].cat.codes.to_numpy()
    assert (np.diff(codes) <= 0).all()


# ---------------------------------------------------------------------------------------------
# RFM
# ---------------------------------------------------------------------------------------------


def rfm_activity():
    rows = [(1, 1, 10.0), (1, 2, 10.0), (1, 3, 10.0),   # last 3, 3 times, 30
            (2, 5, 100.0),                              # last 5, once, 100
            (3, 4, 20.0), (3, 5, 20.0),                 # last 5, twice, 40
            (4, 1, 5.0),                                # last 1, once, 5
            (5, 2, 1.0), (5, 3, 1.0), (5, 4, 1.0), (5, 5, 1.0)]   # last 5, 4 times, 4
    return pd.DataFrame(rows, columns=["customer_id", "period", "revenue"])


def test_rfm_by_hand():
    r = ck.rfm(rfm_activity(), now=5, ties="first").set_index("customer_id")
    assert r["recency"].tolist() == [2, 0, 0, 4, 0]
    assert r["frequency"].tolist() == [3, 1, 2, 1, 4]
    assert r["monetary"].tolist() == [30.0, 100.0, 40.0, 5.0, 4.0]
    # 5 customers → rank r = 0..4 gives score r + 1.
    # R, worst first: c4 (4), c1 (2), then recency 0 for c2, c3, c5 in id order → 1, 2, 3, 4, 5
    assert r["r_score"].tolist() == [2, 3, 4, 1, 5]
    # F ascending: 1 (c2), 1 (c4), 2 (c3), 3 (c1), 4 (c5)
    assert r["f_score"].tolist() == [4, 1, 3, 2, 5]
    # M ascending: 4 (c5), 5 (c4), 30 (c1), 40 (c3), 100 (c2)
    assert r["m_score"].tolist() == [3, 5, 4, 2, 1]
    assert r["rfm_cell"].tolist() == ["243", "315", "434", "122", "551"]
    assert r["rfm_score"].tolist() == [9, 9, 11, 5, 11]
    # segments by the R × F rule
    assert r["segment"].tolist() == ["at_risk", "about_to_sleep", "potential_loyalist",
                                     "hibernating", "champions"]


def test_rfm_ties_together_share_a_score():
    r = ck.rfm(rfm_activity(), now=5).set_index("customer_id")       # ties="together"
    # R values (−recency) −4, −2, 0, 0, 0: share of customers no better = 1/5, 2/5, 5/5 ×3
    # scores ⌈5·F⌉ = 1, 2, 5, 5, 5
    assert r.loc[[4, 1, 2, 3, 5], "r_score"].tolist() == [1, 2, 5, 5, 5]
    # F values 1, 1, 2, 3, 4 (c2, c4, c3, c1, c5): F = 2/5, 2/5, 3/5, 4/5, 1 → 2, 2, 3, 4, 5
    assert r.loc[[2, 4, 3, 1, 5], "f_score"].tolist() == [2, 2, 3, 4, 5]
    # M has no ties: the same as ties="first"
    assert r["m_score"].tolist() == [3, 5, 4, 2, 1]


def test_rfm_from_base_uses_end_of_observation():
    r = ck.rfm(toy_base()).set_index("customer_id")
    # T = 4; c1 last bought in month 2 → recency 2; c4 has no activity → absent
    assert r.loc[1, "recency"] == 2
    assert 4 not in r.index


def _brute_force_scores(values, ids):
    """Sort (value, id) pairs in Python; score = position·5 // n + 1."""
    pairs = sorted(zip(values, ids))
    n = len(pairs)
    pos = {cid: i for i, (_, cid) in enumerate(pairs)}
    return [pos[c] * 5 // n + 1 for c in ids]


def _brute_force_together(values):
    """⌈5·F⌉ with F = share of customers whose value is ≤ this one (counted in Python)."""
    n = len(values)
    return [-(-5 * sum(w <= v for w in values) // n) for v in values]


rfm_rows = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.integers(1, 200)),
                    min_size=1, max_size=120)


@settings(max_examples=60, deadline=None)
@given(rfm_rows)
def test_rfm_first_scores_are_balanced_quintiles_matching_brute_force(rows):
    act = pd.DataFrame(rows, columns=["customer_id", "period", "revenue"]).astype(
        {"revenue": float})
    r = ck.rfm(act, now=12, ties="first")
    n = len(r)
    for col in ("r_score", "f_score", "m_score"):
        counts = r[col].value_counts().reindex(range(1, 6), fill_value=0)
        assert r[col].between(1, 5).all()
        assert counts.max() - counts.min() <= 1 and counts.sum() == n
    ids = r["customer_id"].tolist()
    assert r["m_score"].tolist() == _brute_force_scores(r["monetary"].tolist(), ids)
    assert r["r_score"].tolist() == _brute_force_scores((-r["recency"]).tolist(), ids)
    assert (r["rfm_score"] == r["r_score"] + r["f_score"] + r["m_score"]).all()
    assert r["segment"].notna().all()


@settings(max_examples=60, deadline=None)
@given(rfm_rows)
def test_rfm_together_equal_values_share_scores(rows):
    act = pd.DataFrame(rows, columns=["customer_id", "period", "revenue"]).astype(
        {"revenue": float})
    r = ck.rfm(act, now=12)
    for col, measure in (("r_score", -r["recency"]), ("f_score", r["frequency"]),
                         ("m_score", r["monetary"])):
        assert r[col].between(1, 5).all()
        assert r[col].tolist() == _brute_force_together(measure.tolist())
        assert r.loc[measure == measure.max(), col].eq(5).all()        # the best scores 5
        if measure.is_unique:                                          # no ties: balanced
            counts = r[col].value_counts().reindex(range(1, 6), fill_value=0)
            assert counts.max() - counts.min() <= 1


# ---------------------------------------------------------------------------------------------
# Value matrix, value trend, elastic customers
# ---------------------------------------------------------------------------------------------


def test_value_matrix_quadrants_by_hand():
    cur = pd.Series([1.0, 1.0, 5.0, 5.0])
    pot = pd.Series([1.0, 5.0, 1.0, 5.0])
    vm = ck.value_matrix(cur, pot)
    # medians 3 and 3: (low, low), (low, high), (high, low), (high, high)
    assert vm["quadrant"].tolist() == ["reconsider", "cultivate", "keep_efficiently", "maintain"]
    # given thresholds: current ≥ 0.5 is high for all → keep_efficiently / maintain
    vm = ck.value_matrix(cur, pot, split=(0.5, 3.0))
    assert vm["quadrant"].tolist() == ["keep_efficiently", "maintain", "keep_efficiently",
                                       "maintain"]


def test_value_trend_matches_polyfit():
    vt = ck.value_trend(toy_base()).set_index("customer_id")
    # c1 margin over months 1..4 with zeros: 20, 25, 0, 0 → mean 11.25
    assert vt.loc[1, "current"] == pytest.approx(11.25)
    slope = np.polyfit([1, 2, 3, 4], [20, 25, 0, 0], 1)[0]
    assert vt.loc[1, "slope"] == pytest.approx(slope)
    # by hand: t − 2.5 = −1.5, −.5, .5, 1.5; Σ (t − t̄)y = −30 − 12.5 = −42.5; Σ (t − t̄)² = 5
    assert vt.loc[1, "slope"] == pytest.approx(-8.5)
    assert vt.loc[1, "potential"] == pytest.approx(-8.5 * 4)          # ahead = T = 4
    assert vt.loc[4, "current"] == 0.0 and vt.loc[4, "slope"] == 0.0


def elastic_base() -> CustomerBase:
    """Six active customers and one churned, 4 months, with seed 003's trait columns.

    Recent (last 2 months) mean margin:  c0 −10, c1 −10, c2 +5, c3 −50, c4 −10, c5 −10,
    c6 churned (−10 in months 1–2). Total over active customers: −85 → default max_loss 0
    (1 % of a non-positive total), so pass max_loss explicitly below.
    """
    rows = []
    recent = {0: -10.0, 1: -10.0, 2: 5.0, 3: -50.0, 4: -10.0, 5: -10.0}
    for c, m in recent.items():
        rows += [(c, t, 100.0, m) for t in (1, 2, 3, 4)]
    rows += [(6, 1, 100.0, -10.0), (6, 2, 100.0, -10.0)]
    act = pd.DataFrame(rows, columns=["customer_id", "period", "revenue", "margin"])
    act = act.astype({"customer_id": "int32", "period": "int16"})
    n = 7
    customers = pd.DataFrame({
        "customer_id": np.arange(n, dtype="int32"),
        "churned": [False] * 6 + [True],
        #                  c0    c1    c2    c3    c4    c5    c6
        "orders_per_month": [9.0, 1.0, 9.0, 9.0, 9.0, 1.0, 9.0],
        "risk_sharing":     [True, False, True, True, True, False, True],
        "price_sensitivity": [5, 1, 5, 5, 5, 5, 5],
        "innovator":        [False, False, False, False, False, False, False],
        "market_influence": [1, 1, 1, 1, 5, 1, 5],
        "payment_days":     [30, 30, 30, 30, 90, 30, 30],
        "cost_to_serve":    [40.0, 30.0, 10.0, 50.0, 20.0, 10.0, 10.0],
        "segment_growth":   [0.0] * n,
        "market_share_change": [0.0, 0.0, 0.0, 0.0, 0.0, 0.2, 0.0],
    })
    truth = pd.DataFrame({"customer_id": np.arange(n, dtype="int32")})
    return CustomerBase(customers, act, truth, Params("toy", 0, n, 4, "month", {}))


def test_elastic_customers_traits_preconditions_strategy_by_hand():
    base = elastic_base()
    e = ck.elastic_customers(base, recent=2, max_loss=20.0).set_index("customer_id")
    # orders ≥ 75th percentile of the six active customers' (1, 1, 9, 9, 9, 9) = 9 → frequent
    assert e["frequent"].tolist() == [True, False, True, True, True, False, True]
    # traits: c0 frequent + risk sharing = 2; c1 price-insensitive = 1; c3 = 2; c4 = 3
    # (frequent, risk sharing, influential); c5 long-term value (growth 0.2 ≥ 0.1) only = 1
    assert e["n_traits"].tolist()[:6] == [2, 1, 2, 2, 3, 1]
    # c2 is profitable, c6 has churned: never elastic; c1 and c5 have one trait only
    assert e["elastic"].tolist() == [True, False, False, True, True, False, False]
    # c3 loses 50 > 20 a month: a cash drain, dropped; c4 pays in 90 days > 60: dropped
    assert e.loc[3, "drop_reason"] == "cash_drain" and e.loc[4, "drop_reason"] == "finances"
    assert e["keep"].tolist() == [True, False, False, False, False, False, False]
    assert e.loc[0, "strategy"] == "switching_barriers"
    assert e.loc[1, "strategy"] == "none" and e.loc[3, "strategy"] == "drop"
    # one trait suffices: c1 and c5 become elastic; c5 has long-term value → partnership
    e1 = ck.elastic_customers(base, recent=2, max_loss=20.0, min_traits=1
                              ).set_index("customer_id")
    assert e1.loc[5, "strategy"] == "partnership" and e1.loc[1, "keep"]
    # lenient finances: c4 (influential) is kept as best effort (尽力维持)
    e2 = ck.elastic_customers(base, recent=2, max_loss=20.0, max_payment_days=120
                              ).set_index("customer_id")
    assert e2.loc[4, "strategy"] == "best_effort"
    # capacity 50 a month: c4 (3 traits, cost 20) is served first, then c0 (cost 40) no
    # longer fits (20 + 40 > 50)
    e3 = ck.elastic_customers(base, recent=2, max_loss=20.0, max_payment_days=120,
                              capacity=50.0).set_index("customer_id")
    assert e3.loc[4, "keep"] and not e3.loc[0, "keep"]
    assert e3.loc[0, "drop_reason"] == "capacity"
    # an estimated CLV replaces the growth reading of trait 1
    clv = pd.Series([1.0, 1.0, 1.0, 1.0, 1.0, -1.0, 1.0])
    e4 = ck.elastic_customers(base, clv, recent=2, max_loss=20.0).set_index("customer_id")
    assert e4.loc[1, "elastic"] and not e4.loc[5, "long_term_value"]


def test_elastic_customers_needs_the_trait_columns():
    with pytest.raises(ValueError, match="orders_per_month"):
        ck.elastic_customers(toy_base())


def test_value_matrix_on_base_uses_per_period_margin():
    vm = ck.value_matrix(toy_base()).set_index("customer_id")
    # c0 margin 8 over T = 4 → 2 per month
    assert vm.loc[0, "current"] == pytest.approx(2.0)
    vm2 = ck.value_matrix(toy_base(), potential="industry_growth").set_index("customer_id")
    assert vm2.loc[2, "potential"] == pytest.approx(0.20)


# ---------------------------------------------------------------------------------------------
# Key-account evaluation
# ---------------------------------------------------------------------------------------------


def test_key_account_evaluation_by_hand():
    df = pd.DataFrame({"customer_id": [0, 1, 2], "needs_fit": [2, 4, 3],
                       "industry_growth": [0.0, 0.1, 0.2],
                       "volume": [100.0, 300.0, 200.0], "cost_to_serve": [5.0, 5.0, 10.0]})
    ev = ck.key_account_evaluation(df, method="minmax", top=1 / 3).set_index("customer_id")
    # seed 000: needs min–max 0, 1, .5; growth 0, .5, 1; volume is bargaining power, so
    # against the firm: 0, 1, .5 flipped → 1, 0, .5; cost (less is better): 1, 1, 0
    # structural = mean(volume, cost) = 1, .5, .25; score = mean of the three groups
    #            = 1/3, 2/3, 1.75/3 → ranks 3, 1, 2; top third = customer 1
    assert ev["score"].tolist() == pytest.approx([1 / 3, 2 / 3, 1.75 / 3])
    assert ev["rank"].tolist() == [3, 1, 2]
    assert ev["key"].tolist() == [False, True, False]
    # doubling the growth group's weight: (needs + 2·growth + structural) / 4
    ev = ck.key_account_evaluation(df, method="minmax",
                                   group_weights={"needs_capability": 1, "growth_potential": 2,
                                                  "structural_position": 1})
    assert ev["score"].tolist() == pytest.approx([0.25, 0.625, 0.6875])
    # rank normalisation (default): ranks 1..3 → 0, .5, 1. needs 0, 1, .5; growth 0, .5, 1;
    # volume 0, 1, .5 flipped 1, 0, .5; cost 5, 5 share rank 1.5 → .25, flipped .75, .75;
    # 10 → 1, flipped 0. structural = .875, .375, .25
    ev = ck.key_account_evaluation(df)
    assert ev["score"].tolist() == pytest.approx([0.875 / 3, 1.875 / 3, 1.75 / 3])


def test_key_account_evaluation_on_base_adds_volume_and_trend():
    crit = {"industry_growth": ("growth_potential", 1), "revenue_trend": ("growth_potential", 1),
            "volume": ("structural_position", -1), "cost_to_serve": ("structural_position", -1)}
    ev = ck.key_account_evaluation(toy_base(), crit, method="minmax").set_index("customer_id")
    # volume = total revenue, a source of bargaining power (against the firm): c1 has the
    # most (110) → normalised 0; c4 none → 1
    assert ev.loc[1, "volume"] == pytest.approx(0.0) and ev.loc[4, "volume"] == 1.0
    # revenue trend relative to level. c0 flat 10 → 0. c1 50, 60, 0, 0: mean 27.5,
    # slope (−75 − 30)/5 = −21, × T = 4 → −84 / 27.5 = −3.05; c2 0, 5, 5, 5: mean 3.75,
    # slope (−2.5 + 2.5 + 7.5)/5 = 1.5 → 6 / 3.75 = 1.6 (the largest) → normalised 1
    assert ev.loc[2, "revenue_trend"] == pytest.approx(1.0)
    assert ev.loc[1, "revenue_trend"] == pytest.approx(0.0)
    assert ev["key"].sum() == round(0.1 * 5)
    assert {"growth_potential", "structural_position", "score"} <= set(ev.columns)
    # the default criteria need every group of the seed's framework
    with pytest.raises(ValueError, match="one column per group"):
        ck.key_account_evaluation(toy_base())


def test_key_account_framework_tracks_its_truth():
    """Each group score follows the truth it is about (accounts of a telecom base): needs and
    growth rank-correlate positively with true fit and true growth; the structural position
    (good for the firm) negatively with the true price pressure (power × intent)."""
    base = ck.telecom(customers=3000, months=12, seed=5)
    ev = ck.key_account_evaluation(base).set_index("customer_id")
    t = base.truth.set_index("customer_id")
    acc = base.customers.set_index("customer_id")["segment"] != "consumer"
    def rho(g, col):
        return ev.loc[acc, g].corr(t.loc[acc, col], method="spearman")
    assert rho("needs_capability", "true_needs_fit") > 0.5
    assert rho("growth_potential", "true_growth") > 0.3
    assert rho("structural_position", "true_price_pressure") < -0.3


# ---------------------------------------------------------------------------------------------
# Against the truth
# ---------------------------------------------------------------------------------------------


def test_compare_to_truth_by_hand():
    t = ck.compare_to_truth({"m": {1, 2, 3, 4},
                             "mask": pd.Series([False, True, True, False, False, True])},
                            {1, 2, 5})
    # m: hits {1, 2} = 2; precision 2/4; recall 2/3; f1 = 2·.5·(2/3)/(.5 + 2/3) = 4/7
    assert t.loc["m", "precision"] == pytest.approx(0.5)
    assert t.loc["m", "recall"] == pytest.approx(2 / 3)
    assert t.loc["m", "f1"] == pytest.approx(4 / 7)
    # mask selects 1, 2, 5: all true
    assert t.loc["mask", "precision"] == 1.0 and t.loc["mask", "recall"] == 1.0


def test_precision_recall_table_on_base():
    base = toy_base()
    t = ck.precision_recall_table(base, ["top_revenue", "top_margin", "abc_class_a"])
    # true key = {1}; top 20% (1 of 5) by revenue = c1 (110) → precision 1, recall 1
    assert t.loc["top_revenue", "hits"] == 1 and t.loc["top_revenue", "precision"] == 1.0
    # ABC A by revenue: total 168; c1 alone is 110/168 = .65 < .8, so A = {c1, c0}
    assert t.loc["abc_class_a", "selected"] == 2
    assert t.loc["abc_class_a", "precision"] == pytest.approx(0.5)
    full = ck.precision_recall_table(base)
    # the toy base lacks seed 000's needs and most structural columns: the framework is left
    # out of the default methods; a telecom base has them all
    assert set(full.index) == set(idf.SELECTION_METHODS) - {"key_account_evaluation"}


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------


def test_errors_are_clear():
    with pytest.raises(ValueError, match="empty"):
        ck.pareto_table([])
    with pytest.raises(ValueError, match="NaN"):
        ck.gini([1.0, np.nan])
    with pytest.raises(ValueError, match="negative.*whale_curve"):
        ck.abc_classes([5.0, -1.0])
    with pytest.raises(ValueError, match="'spend' is missing.*customer_id"):
        ck.pareto_table(pd.DataFrame({"customer_id": [1], "revenue": [1.0]}), measure="spend")
    with pytest.raises(TypeError, match="numbers"):
        ck.gini(pd.Series(["a", "b"]))
    with pytest.raises(ValueError, match="top=1.5 is out of range"):
        ck.top_share([1, 2], 1.5)
    with pytest.raises(ValueError, match="a < b"):
        ck.abc_classes([1, 2], a=0.9, b=0.8)
    with pytest.raises(ValueError, match="total is -1"):
        ck.whale_curve([1.0, -2.0])
    with pytest.raises(ValueError, match="cost_to_serve=-1"):
        ck.whale_curve([1.0], cost_to_serve=-1)
    with pytest.raises(ValueError, match="sum to 1"):
        ck.pyramid([1, 2, 3], shares=(0.2, 0.2, 0.2))
    with pytest.raises(ValueError, match="'revenue' is missing"):
        ck.rfm(pd.DataFrame({"customer_id": [1], "period": [1]}))
    with pytest.raises(ValueError, match="no rows"):
        ck.rfm(pd.DataFrame({"customer_id": [], "period": [], "revenue": []}))
    with pytest.raises(ValueError, match="now=2 is before"):
        ck.rfm(rfm_activity(), now=2)
    with pytest.raises(ValueError, match="potential: needed"):
        ck.value_matrix(pd.Series([1.0, 2.0]))
    with pytest.raises(ValueError, match="potential: no value"):
        ck.value_matrix(pd.Series([1.0, 2.0]), pd.Series([1.0], index=[0]))
    with pytest.raises(ValueError, match="at least one column per group"):
        ck.key_account_evaluation(pd.DataFrame({"customer_id": [1], "volume": [1.0]}))
    with pytest.raises(ValueError, match="weights"):
        ck.key_account_evaluation(pd.DataFrame({"customer_id": [1], "volume": [1.0]}),
                                  criteria={"volume": ("s", 1)}, weights={"volume": -1})
    with pytest.raises(ValueError, match="no true key"):
        ck.compare_to_truth({"m": {1}}, set())
    with pytest.raises(ValueError, match="unknown method"):
        ck.precision_recall_table(toy_base(), ["magic"])
    with pytest.raises(ValueError, match="duplicates"):
        ck.gini(pd.Series([1.0, 2.0], index=[1, 1]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=40).filter(lambda v: sum(v) > 0),
       st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_input_order(values, rnd):
    # many ties (values 0..20): the ranked table must be the same however the rows come in,
    # including when they already come in ranking order (the O(n) fast path)
    s = pd.Series(np.asarray(values, dtype=float), index=np.arange(len(values)) * 7)
    perm = list(range(len(values)))
    rnd.shuffle(perm)
    shuffled = s.iloc[perm]
    ref = ck.pareto_table(s)
    pd.testing.assert_frame_equal(ck.pareto_table(shuffled), ref)
    ranked = pd.Series(ref["value"].to_numpy(), index=ref["customer_id"].to_numpy())
    pd.testing.assert_frame_equal(ck.pareto_table(ranked), ref)
    # brute force: Python's sort on (−value, id)
    expect = [cid for _, cid in sorted(zip((-s).tolist(), s.index.tolist()))]
    assert ref["customer_id"].tolist() == expect


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.floats(-100, 100)), min_size=1, max_size=60),
       st.integers(0, 1))
def test_bincount_and_groupby_paths_agree(rows, shift):
    # compact whole-number ids take the np.bincount path; the same ids as strings the groupby
    act = pd.DataFrame(rows, columns=["customer_id", "revenue"])
    act["customer_id"] += shift * 10**6          # far-apart ids: groupby path as well
    as_text = act.assign(customer_id=act["customer_id"].map("{:09d}".format))
    for agg in ("sum", "mean", "count"):
        fast = ck.customer_values(act, agg=agg)
        slow = ck.customer_values(as_text, agg=agg)
        assert fast.to_numpy() == pytest.approx(slow.to_numpy())
        expect = act.groupby("customer_id")["revenue"].agg(
            {"sum": "sum", "mean": "mean", "count": "size"}[agg])
        assert fast.to_numpy() == pytest.approx(expect.to_numpy().astype(float))


def test_more_bad_inputs():
    with pytest.raises(ValueError, match="pair"):
        ck.value_matrix(pd.Series([1.0, 2.0]), pd.Series([1.0, 2.0]), split=(1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="clv: no value for 6 customer"):
        ck.elastic_customers(elastic_base(), clv=pd.Series([5.0], index=[0]), recent=2)
    with pytest.raises(ValueError, match="cost_to_serve: values must be >= 0"):
        ck.whale_curve([5.0, 1.0], cost_to_serve=pd.Series([1.0, -1.0]))
    with pytest.raises(ValueError, match="potential: no value"):
        ck.pyramid_tiers([3.0, 2.0, 1.0], potential=pd.Series([1.0], index=[2]))
    with pytest.raises(ValueError, match="current: no customers"):
        ck.value_matrix(pd.Series([], dtype=float), pd.Series([], dtype=float))


# --------------------------------------------------------------------------------------------
# the public building blocks the pictures draw
# --------------------------------------------------------------------------------------------


def test_pareto_building_blocks_by_hand():
    v = idf.pareto_values(pd.Series([5.0, 50.0, 30.0, 15.0], index=[3, 1, 2, 4]))
    assert v.tolist() == [50.0, 30.0, 15.0, 5.0]
    # value before each customer: 0, .5, .8, .95 of 100 -> A, A, B (0.8 < .95), C
    assert idf.abc_class_counts(v, 0.80, 0.95).tolist() == [2, 1, 1]
    assert idf.abc_class_counts(v, 0.5, 0.9).tolist() == [1, 2, 1]    # 0 | .5, .8 | .95
    with pytest.raises(ValueError, match="a < b"):
        idf.abc_class_counts(v, 0.9, 0.5)
    cum = np.cumsum(v) / v.sum()                            # .5, .8, .95, 1
    assert idf.curve_at(cum, 0.25) == pytest.approx(0.5)
    assert idf.curve_at(cum, 0.5) == pytest.approx(0.8)
    assert idf.curve_at(cum, 0.625) == pytest.approx(0.875)  # half-way from .8 to .95
    assert idf.curve_at(cum, 1.0) == pytest.approx(1.0)


def test_whale_values_and_selected_ids_by_hand():
    p, total = idf.whale_values(pd.Series([10.0, -5.0, 40.0]))
    assert p.tolist() == [40.0, 10.0, -5.0] and total == 45.0
    p, total = idf.whale_values(pd.Series([10.0, 20.0]), cost_to_serve=pd.Series([2.0, 4.0]))
    assert p.tolist() == [16.0, 8.0] and total == 24.0
    assert idf.selected_ids(pd.Series([True, False, True], index=[7, 8, 9])) == {7, 9}
    assert idf.selected_ids([3, 3, 4]) == {3, 4}
    with pytest.raises(TypeError, match="DataFrame"):
        idf.selected_ids(pd.DataFrame({"a": [1]}))


def test_rfm_grid_names_the_segments():
    assert idf.RFM_GRID.shape == (5, 5)
    assert idf.RFM_GRID[4, 4] == "champions" and idf.RFM_GRID[0, 0] == "hibernating"
    assert set(idf.RFM_GRID.ravel()) <= set(ck.RFM_SEGMENTS)
