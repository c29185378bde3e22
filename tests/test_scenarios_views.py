"""Plots and dashboards of the what-if chapter: what they show matches the pure functions.

The widgets are driven from Python (set a control, read the shown number); expectations come
from calling casekit.scenarios directly, or from hand arithmetic.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import casekit as ck
from casekit.plots import scenarios as sp
from casekit.widgets import scenarios as ws

from test_scenarios import P_EX, R_EX, make_base, random_base


def _number(html: str) -> float:
    """The value inside <span class='casekit-result'>, as a float (¥ and commas removed)."""
    m = re.search(r"casekit-result[^>]*>([^<]*)<", html)
    assert m, html
    return float(m.group(1).replace("¥", "").replace(",", ""))


@pytest.fixture(scope="module")
def base():
    return random_base(n=300, seed=2)


@pytest.fixture(scope="module")
def result(base):
    scs = [ck.Scenario("care", target="key", retention_uplift=0.3, uplift_kind="churn",
                       cost_per_customer=50),
           ck.Scenario("costly", target="small", retention_uplift=0.1, uplift_kind="churn",
                       cost_per_customer=500)]
    return ck.what_if(base, scs, horizon=24, runs=100, seed=1,
                      planning_retention=np.clip(base.truth["true_retention"] + 0.004, 0, 1))


# --------------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------------


def test_fan_chart_draws_the_expected_counts_and_bands(result):
    fig = sp.retention_fan(result, "care")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    ot = result.over_time("care")
    lines = {ln.get_label(): ln.get_ydata() for ln in ax.lines}
    assert np.allclose(lines["care"], ot.loc[ot.scenario == "care", "retained"])
    assert len(ax.collections) >= 2                       # one band per line
    fig_d = sp.retention_fan(result, "care", delta=True)
    y = fig_d.axes[0].lines[0].get_ydata()
    assert np.allclose(y, ot.loc[ot.scenario == "care", "delta_retained"])
    assert y[0] == 0 and y[-1] > 0
    with pytest.raises(ValueError, match="not in the result"):
        sp.retention_fan(result, "nope")


def test_delta_npv_bars_lengths_are_the_summary(result):
    fig = sp.delta_npv_bars(result)
    widths = [p.get_width() for p in fig.axes[0].containers[0]]
    s = result.summary()
    assert widths == pytest.approx(s.loc[["care", "costly"], "delta_npv"].tolist())


def test_payback_curve_and_other_figures(base, result):
    fig = sp.payback_curve(result, "care")
    assert np.allclose(fig.axes[0].lines[0].get_ydata(), result.cum_delta["care"])
    proj = ck.project_tiers(P_EX, [10, 30, 60, 0], 8)
    fig = sp.tier_projection(proj)
    assert len(fig.axes[0].collections) == 4
    cmp = ck.compare_allocations(base, 20_000, horizon=24, ceiling=0.3, uplift_kind="churn")
    fig = sp.allocation_comparison(cmp)
    assert len(fig.axes) == 2
    fig = sp.reichheld_bars(ck.reichheld_check(base))
    bars = [p.get_width() for p in fig.axes[0].containers[0]]     # the BarContainer
    assert bars == pytest.approx(ck.reichheld_check(base)["profit_change"].tolist())
    with pytest.raises(TypeError):
        sp.tier_projection([1, 2, 3])


# --------------------------------------------------------------------------------------------
# the retention lab
# --------------------------------------------------------------------------------------------


def _lab_expected(base, target, uplift, kind, cost, years, discount):
    mask = ws._LabWorld(base).masks[target]
    sc = ck.Scenario("programme", target=mask, retention_uplift=uplift, uplift_kind=kind,
                     cost_per_customer=cost)
    return ck.what_if(base, sc, horizon=12 * years, discount=discount).summary().loc[
        "programme"]


def test_retention_lab_shows_the_closed_form_and_reacts(base):
    box = ws.retention_lab(base, target="tier:key", uplift=0.2, kind="churn", cost=100,
                           horizon_years=2, discount=0.1)
    assert isinstance(box.slider, type(box.children[0])) and box.children[0] is box.slider
    exp = _lab_expected(base, "tier:key", 0.2, "churn", 100, 2, 0.1)
    assert _number(box.number.value) == pytest.approx(round(exp["delta_npv"]), abs=0.5)
    before = box.number.value
    box.slider.value = 0.4                                  # more churn prevented
    exp2 = _lab_expected(base, "tier:key", 0.4, "churn", 100, 2, 0.1)
    assert _number(box.number.value) == pytest.approx(round(exp2["delta_npv"]), abs=0.5)
    assert box.number.value != before and exp2["delta_npv"] > exp["delta_npv"]
    box.cost.value = 1000                                   # dearer: lower ΔNPV
    assert _number(box.number.value) < round(exp2["delta_npv"])
    box.target.value = "tier:normal"
    box.horizon.value = 3
    box.discount.value = 0.05
    exp3 = _lab_expected(base, "tier:normal", 0.4, "churn", 1000, 3, 0.05)
    assert _number(box.number.value) == pytest.approx(round(exp3["delta_npv"]), abs=0.5)
    assert isinstance(box.figure, Figure)
    assert f"targeted {int(exp3['customers_targeted']):,} " in box.number.value


def test_retention_lab_errors_are_shown_not_raised(base):
    box = ws.retention_lab(base, kind="points", uplift=0.01)
    box.slider.value = 0.5                                  # 50 points: above 1
    assert "above 1" in box.number.value and "casekit-result" in box.number.value


def test_retention_lab_monte_carlo_button_adds_bands(base):
    box = ws.retention_lab(base, uplift=0.3, runs=100)
    assert box.result.runs == 0
    box.simulate()
    assert box.result.runs == 100
    s = box.result.summary().loc["programme"]
    assert f"¥{s['delta_npv_p5']:,.0f}" in box.number.value
    assert "delta_retained_p95" in box.result.over_time("programme").columns


def test_retention_lab_switches_worlds():
    tel = make_base([0.95, 0.99, 0.97], [50.0, 80.0, 20.0], tier=["key", "normal", "small"])
    tob = make_base([0.5, 0.5], [30.0, 10.0], period_unit="week", periods=52,
                    tier=["key", "small"],
                    extra={"true_order_rate": [0.8, 0.5], "true_dropout": [0.01, 0.02],
                           "true_order_value": [200.0, 80.0], "true_alive": [True, True]})
    box = ws.retention_lab({"telecom": tel, "tobacco": tob}, target="tier:key", uplift=0.5,
                           cost=0.0, horizon_years=1)
    first = _number(box.number.value)
    box.world.value = "tobacco"
    assert box.result.horizon == 52
    assert _number(box.number.value) != first and _number(box.number.value) > 0


def test_retention_lab_names_the_two_worlds_in_the_language_and_keeps_other_names():
    from casekit import labels
    tel = make_base([0.95, 0.99, 0.97], [50.0, 80.0, 20.0], tier=["key", "normal", "small"])
    labels.set_language("zh")
    box = ws.retention_lab({"telecom": tel, "my_class": tel}, target="tier:key")
    assert box.world.options == (("电信", "telecom"), ("my_class", "my_class"))
    assert box.world.value == "telecom"


# --------------------------------------------------------------------------------------------
# the migration explorer
# --------------------------------------------------------------------------------------------


def _migration():
    return ck.Migration(P=P_EX.rename_axis(index="from", columns="to"), transitions=P_EX * 0,
                        counts=pd.Series([10, 30, 60, 0], index=P_EX.index),
                        rewards=R_EX, tiers=pd.DataFrame(), window=3, period_unit="month")


def test_migration_explorer_equity_matches_closed_form():
    box = ws.migration_explorer(_migration(), steps=10, discount=0.10)
    d = 1.1 ** 0.25 - 1
    V = ck.customer_equity(P_EX, R_EX, d)
    total = float((pd.Series([10, 30, 60, 0], index=P_EX.index) * V).sum())
    assert _number(box.number.value) == pytest.approx(round(total), abs=0.5)
    assert box.children[0] is box.slider
    box.slider.value = 0.05                                 # move normal customers up
    V2 = ck.customer_equity(ck.shift_up(P_EX, "normal", 0.05), R_EX, d)
    total2 = float((pd.Series([10, 30, 60, 0], index=P_EX.index) * V2).sum())
    assert _number(box.number.value) == pytest.approx(round(total2), abs=0.5)
    assert total2 > total
    proj = box.projection
    assert proj.shape == (11, 4) and proj.iloc[0].tolist() == [10, 30, 60, 0]


def test_migration_explorer_cells_edit_the_matrix_and_reject_bad_rows():
    box = ws.migration_explorer(_migration(), steps=5)
    box.cells[("small", "small")].value = 0.95              # small customers churn less
    assert box.P.loc["small", "lost"] == pytest.approx(0.0)
    box.cells[("key", "key")].value = 0.99                  # row would sum to 1.14
    assert "more than 1" in box.number.value
    box.reset.click()
    assert box.P.loc["key", "key"] == pytest.approx(0.80)
    assert box.P.loc["small", "lost"] == pytest.approx(0.10)
