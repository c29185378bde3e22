"""Chapter 01 views: the tables behind the pictures, the pictures, and the world explorer.

Tables are checked on hand-made bases whose answers are worked out by hand, and on generated
bases against direct numpy computations; the widget is driven from Python (move the slider,
switch the world) and its shown number compared with a direct computation.
"""

from __future__ import annotations

import re
import warnings

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import casekit as ck
from casekit import labels
from casekit.base import CustomerBase, Params
from casekit.plots import worlds as wp
from casekit.widgets import worlds as ww

from pictures import assert_same_picture


def toy_base(unit: str = "month") -> CustomerBase:
    """Four customers over 4 periods; customer 3 never active.

    customer 0 (contract a): periods 1–4, revenue 10 each, margin 1
    customer 1 (contract a): periods 1–2, revenue 30, 10; margin −5, −5
    customer 2 (contract b): periods 1 and 3, revenue 50, 50; margin 2, 2
    customer 3 (contract b): no activity
    """
    customers = pd.DataFrame({
        "customer_id": np.arange(4, dtype="int32"),
        "segment": pd.Categorical(["x", "x", "y", "y"], categories=["x", "y"]),
        "region": pd.Categorical(["urban", "rural", "urban", "rural"],
                                 categories=["urban", "rural"]),
        "contract": pd.Categorical(["a", "a", "b", "b"], categories=["a", "b"]),
    })
    activity = pd.DataFrame({
        "customer_id": np.array([0, 0, 0, 0, 1, 1, 2, 2], dtype="int32"),
        "period": np.array([1, 2, 3, 4, 1, 2, 1, 3], dtype="int16"),
        "revenue": [10.0, 10, 10, 10, 30, 10, 50, 50],
        "margin": [1.0, 1, 1, 1, -5, -5, 2, 2],
    })
    truth = pd.DataFrame({"customer_id": np.arange(4, dtype="int32")})
    return CustomerBase(customers, activity, truth, Params("toy", 0, 4, 4, unit, {}))


# ------------------------------------------------------------------------------------------
# tables on a hand-made base
# ------------------------------------------------------------------------------------------


def test_world_summary_by_hand():
    s = wp.world_summary(toy_base())
    # totals: 40, 40, 100, 0 → 180; 4 customers × 4 months
    assert s["customers"] == 4 and s["periods"] == 4
    assert s["revenue_per_customer_period"] == pytest.approx(180 / 16)
    # top 20 % of 4 customers = 0.8 customer: 0.8 × 100 / 180
    assert s["top_share"] == pytest.approx(0.8 * 100 / 180)
    # Gini, mean absolute difference form: Σ|xi − xj| / (2 n² mean)
    x = np.array([40.0, 40, 100, 0])
    g = np.abs(x[:, None] - x[None, :]).sum() / (2 * 16 * x.mean())
    assert s["gini"] == pytest.approx(g)
    assert s["unprofitable_share"] == pytest.approx(0.25)          # customer 1: −10
    assert s["active_share"] == pytest.approx(0.25)                # only customer 0 in month 4
    weekly = wp.world_summary(toy_base("week"))                    # last 4 weeks = all weeks
    assert weekly["active_share"] == pytest.approx(0.75)


def test_survival_table_by_hand():
    t = wp.survival_table(toy_base(), by="contract")
    a = t[t["group"] == "a"].set_index("period")["share_active"]
    b = t[t["group"] == "b"].set_index("period")["share_active"]
    # contract a: last activity 4 and 2 → still a customer after t: 1, 1, 1, .5, .5
    assert a.tolist() == [1.0, 1.0, 1.0, 0.5, 0.5]
    # contract b: last activity 3 and none → .5, .5, .5, 0 from period 1
    assert b.tolist() == [1.0, 0.5, 0.5, 0.5, 0.0]
    assert set(t["customers"]) == {2}
    one = wp.survival_table(toy_base(), by=None)
    assert one["group"].unique().tolist() == ["all"]
    with pytest.raises(ValueError, match="plan.*columns present"):
        wp.survival_table(toy_base(), by="plan")
    with pytest.raises(TypeError, match="CustomerBase"):
        wp.survival_table(pd.DataFrame())


def test_weekly_order_table_by_hand():
    t = wp.weekly_order_table(toy_base("week"), by="segment")
    x = t[t["group"] == "x"].set_index("period")
    y = t[t["group"] == "y"].set_index("period")
    assert x["ordering"].tolist() == [2, 2, 1, 1]
    assert x["share_ordering"].tolist() == [1.0, 1.0, 0.5, 0.5]
    assert y["ordering"].tolist() == [1, 0, 1, 0]
    assert y["revenue"].tolist() == [50.0, 0.0, 50.0, 0.0]
    assert (t["retailers"] == 2).all()


def test_revenue_per_active_period_by_hand():
    v = wp.revenue_per_active_period(toy_base())
    # customer 0: 40 over 4 periods; 1: 40 over 2; 2: 100 over periods 1..3; 3: nothing
    assert v.tolist() == [10.0, 20.0, pytest.approx(100 / 3), 0.0]


# ------------------------------------------------------------------------------------------
# tables on generated worlds, against direct computations
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tob():
    return ck.tobacco(retailers=800, weeks=20, seed=3)


@pytest.fixture(scope="module")
def tel():
    return ck.telecom(customers=800, months=12, seed=3)


def test_world_summary_matches_direct_computation(tob):
    s = wp.world_summary(tob)
    c = tob.customers
    rev = np.sort(c["total_revenue"].to_numpy())[::-1]
    assert s["top_share"] == pytest.approx(rev[:160].sum() / rev.sum(), rel=1e-9)   # 0.2 × 800
    assert s["unprofitable_share"] == pytest.approx((c["total_margin"] < 0).mean())
    assert s["active_share"] == pytest.approx((c["last_order_week"] >= 17).mean())
    assert s["revenue_per_customer_period"] == pytest.approx(rev.sum() / (800 * 20))


def test_price_class_shares_match_sums(tob):
    s = wp.price_class_shares(tob, by="region")
    a = tob.activity
    urban = tob.customers["region"].to_numpy()[a["customer_id"].to_numpy()] == "urban"
    cols = [f"cartons_class{c}" for c in range(1, 6)]
    direct = a.loc[urban, cols].sum() / a.loc[urban, cols].to_numpy().sum()
    assert np.allclose(s.loc["urban"].to_numpy(), direct.to_numpy())
    assert np.allclose(s.sum(axis=1), 1.0)
    assert list(s.index) == ["urban", "rural", "all"]
    assert s.loc["all"].idxmax() == "class_3"


def test_survival_by_contract_on_telecom(tel):
    t = wp.survival_table(tel, by="contract")
    c = tel.customers
    T = tel.params.periods
    for g, sub in t.groupby("group"):
        members = c[c["contract"].astype(str) == g]
        end = sub.loc[sub["period"] == T, "share_active"].iloc[0]
        # billed in the last month: not churned, or churned at the end of month T
        billed = (members["churn_month"] == 0) | (members["churn_month"] >= T)
        assert end == pytest.approx(billed.mean())
        assert sub.loc[sub["period"] == T - 1, "share_active"].iloc[0] >= end
        assert (np.diff(sub["share_active"].to_numpy()) <= 1e-12).all()   # never rises
    ends = t[t["period"] == T].set_index("group")["share_active"]
    assert ends["24_month"] > ends["month_to_month"]


def test_weekly_order_table_matches_activity(tob):
    t = wp.weekly_order_table(tob, by=None)
    counts = tob.activity.groupby("period").size()
    assert (t["ordering"].to_numpy() == counts.reindex(range(1, 21), fill_value=0).to_numpy()).all()
    assert np.allclose(t["share_ordering"], t["ordering"] / 800)


# ------------------------------------------------------------------------------------------
# pictures
# ------------------------------------------------------------------------------------------


def test_every_picture_is_a_figure(tob, tel):
    figs = [wp.world_composition(tob), wp.world_composition(tel), wp.revenue_distribution(tob),
            wp.revenue_distribution(tel, by=None),
            wp.concentration_curves({"telecom": tel, "tobacco": tob}),
            wp.concentration_curves([tob]), wp.retention_by_contract(tel),
            wp.weekly_orders(tob), wp.price_class_mix(tob), wp.order_frequency(tob)]
    for f in figs:
        assert isinstance(f, Figure)
        assert f.axes[0].get_title()


def test_pictures_show_the_table_numbers(tob, tel):
    fig = wp.retention_by_contract(tel)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    t = wp.survival_table(tel)
    end = t[t["period"] == tel.params.periods].set_index("group")["share_active"]
    assert len(legend) == 3
    for g, share in end.items():
        assert any(f"{share:.0%}" in text for text in legend)
    fig = wp.concentration_curves({"tobacco": tob})
    text = fig.axes[0].get_legend().get_texts()[0].get_text()
    assert f"{ck.top_share(ck.customer_values(tob), 0.2):.0%}" in text
    fig = wp.weekly_orders(tob, by="format_class")
    assert len(fig.axes[0].get_lines()) == 3


def test_tobacco_only_pictures_refuse_telecom(tel):
    with pytest.raises(ValueError, match="cartons_class"):
        wp.price_class_mix(tel)


# ------------------------------------------------------------------------------------------
# the world explorer
# ------------------------------------------------------------------------------------------


def shown(box) -> float:
    m = re.search(r"class='casekit-result'>([\d.]+)%<", box.number.value)
    assert m, box.number.value
    return float(m.group(1)) / 100


def test_explorer_shows_the_top_share_and_reacts():
    box = ww.world_explorer(world="tobacco", size=600, seed=1)
    assert isinstance(box.children[0], widgets.FloatSlider) and box.slider is box.concentration
    base = ww.explore_world("tobacco", 600, 1, 1.0)
    direct = np.sort(base.customers["total_revenue"].to_numpy())[::-1]
    assert shown(box) == pytest.approx(direct[:120].sum() / direct.sum(), abs=5e-4)
    default = shown(box)
    box.concentration.value = 2.0                      # heavier tail → more concentrated
    high = shown(box)
    assert high > default + 0.03
    assert box.summary["top_share"] == pytest.approx(high, abs=5e-4)
    assert box.base.params.concentration == 2.0
    box.concentration.value = 0.0
    low = shown(box)
    assert low < default
    box.concentration.value = 1.0
    assert shown(box) == pytest.approx(default)        # cached: the same base again
    box.world.value = "telecom"
    tel = ww.explore_world("telecom", 600, 1, 1.0)
    assert shown(box) == pytest.approx(wp.world_summary(tel)["top_share"], abs=5e-4)
    assert box.base.world == "telecom"
    box.seed.value = 2
    assert box.base.seed == 2
    box.size.value = 300
    assert len(box.base.customers) == 300
    assert "casekit-result" in box.number.value


def test_explorer_speaks_chinese():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # no CJK font here: plots stay English
        labels.set_language("zh")
    box = ww.world_explorer(size=200)
    assert "前 20% 的客户贡献" in box.number.value
    assert box.concentration.description == "价值集中度"


def test_explore_world_rejects_unknown_world():
    with pytest.raises(ValueError, match="world='bank'"):
        ww.explore_world("bank", 100, 0, 1.0)


# ------------------------------------------------------------------------------------------
# the explorer's live figure: a move redraws only the moving parts when the axes stay, and
# always shows the picture a freshly built explorer shows at that setting
# ------------------------------------------------------------------------------------------




def test_explorer_small_move_blits_and_matches_a_fresh_explorer():
    box = ww.world_explorer(world="tobacco", size=600, seed=1)
    assert box.plot is box.live.image and bytes(box.plot.value).startswith(b"\x89PNG")
    hist, curve = box.live.figure.axes
    limits = hist.get_xlim(), hist.get_ylim()
    draws = box.live.full_draws
    before = bytes(box.plot.value)
    bars = list(hist.patches)
    box.concentration.value = 1.2                  # a new world, on the same rounded axes
    assert (hist.get_xlim(), hist.get_ylim()) == limits
    assert box.live.full_draws == draws
    assert bytes(box.plot.value) != before
    assert hist.patches[:] == bars                 # the bars were moved, not drawn anew ...
    # ... to where ax.hist puts them: the heights are the per-bin counts of the new world
    v = wp.revenue_per_active_period(box.base)
    v = v[v > 0]
    edges = np.geomspace(v.min() * 0.999, v.max() * 1.001, 41)
    assert bars[0].get_x() == pytest.approx(edges[0])
    counts = np.zeros(40)
    for k in range(3):
        counts += [b.get_height() for b in bars[40 * k:40 * (k + 1)]]
    assert counts == pytest.approx(np.histogram(v, edges)[0])
    fresh = ww.world_explorer(world="tobacco", size=600, seed=1, concentration=1.2)
    assert_same_picture(box.plot.value, fresh.plot.value)
    # nothing left over from the first world: 3 segments × 40 bins, one curve and its point
    assert len(hist.patches) == 3 * 40 and len(hist.containers) == 3
    assert len(curve.lines) == 2 + 2               # + the diagonal and the 20 % line
    share = f"{box.summary['top_share']:.0%}"
    assert curve.get_legend().get_texts()[0].get_text().endswith(share)


def test_explorer_axes_follow_a_large_move():
    box = ww.world_explorer(world="tobacco", size=600, seed=1)
    hist = box.live.figure.axes[0]
    box.concentration.value = 0.0                   # retailers of a format alike: narrower
    v = wp.revenue_per_active_period(box.base)
    v = v[v > 0]
    low, high = hist.get_xlim()
    assert low <= v.min() and v.max() <= high and high / low <= 1000
    fresh = ww.world_explorer(world="tobacco", size=600, seed=1, concentration=0.0)
    assert_same_picture(box.plot.value, fresh.plot.value)
    box.world.value = "telecom"
    fresh = ww.world_explorer(world="telecom", size=600, seed=1, concentration=0.0)
    assert_same_picture(box.plot.value, fresh.plot.value)


def test_revenue_distribution_legend_names_median_and_missing(tob):
    fig = wp.revenue_distribution(tob)
    ax = fig.axes[0]
    v = wp.revenue_per_active_period(tob)
    legend = ax.get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts[-1] == f"median ¥{float(v[v > 0].median()):,.0f}"
    zero = int((v <= 0).sum())
    assert legend.get_title().get_text() == (f"{zero} without revenue (not shown)" if zero
                                              else "")
    tops = {}                                       # stacked bars: tops add up to all with revenue
    for p in ax.patches:
        x = round(p.get_x(), 9)
        tops[x] = max(tops.get(x, 0.0), p.get_y() + p.get_height())
    assert sum(tops.values()) == pytest.approx(int((v > 0).sum()))
