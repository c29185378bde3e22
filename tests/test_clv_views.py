"""Plots and widgets of the CLV chapters: driven from Python, checked against the pure functions."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import casekit as ck
from casekit import plots, widgets

from pictures import assert_same_picture


def _shown(html: str) -> str:
    m = re.search(r"<span class='casekit-result'>(.*?)</span>", html)
    assert m, html
    return m.group(1)


def _rmb(text: str) -> float:
    return float(text.replace("¥", "").replace(",", ""))


def test_clv_calculator_shows_clv_and_responds_to_first_slider():
    w = widgets.clv_calculator(margin=50, retention=0.9, discount=0.01, horizon=0,
                               acquisition_cost=200, timing="start")
    assert isinstance(w.children[0], (ck.widgets.clv.widgets.FloatSlider,
                                      ck.widgets.clv.widgets.IntSlider))
    # 50·1.01/0.11 − 200 = 259.09
    assert _rmb(_shown(w.number.value)) == pytest.approx(50 * 1.01 / 0.11 - 200, abs=0.01)
    before = w.number.value
    w.margin.value = 80
    assert w.number.value != before
    assert _rmb(_shown(w.number.value)) == pytest.approx(80 * 1.01 / 0.11 - 200, abs=0.01)
    w.horizon.value = 12
    w.timing.value = "end_at_risk"
    assert _rmb(_shown(w.number.value)) == pytest.approx(
        ck.clv(80, 0.9, 0.01, 12, "end_at_risk", 200), abs=0.01)
    assert "<table" in w.table.value


def test_clv_calculator_churn_wording_keeps_the_value():
    w = widgets.clv_calculator(retention=0.9)
    value = _shown(w.number.value)
    w.wording.value = "churn"
    assert w.retention.value == pytest.approx(0.1)
    assert _shown(w.number.value) == value            # same customer, other words
    w.retention.value = 0.2                            # churn 20 % → retention 0.8
    assert _rmb(_shown(w.number.value)) == pytest.approx(ck.clv(50, 0.8, 0.01, None, "start",
                                                                200), abs=0.01)


def test_sbg_explorer():
    w = widgets.sbg_explorer(alpha=0.704, beta=1.182)
    # r(1) = β/(α+β) = 1.182/1.886 = 62.7 %
    assert _shown(w.number.value) == "62.7%"
    w.alpha.value = 2.0
    assert _shown(w.number.value) == f"{1.182 / 3.182:.1%}"


def test_probabilistic_clv_view_defaults_to_cdnow():
    w = widgets.probabilistic_clv_view()
    bg = ck.BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    gg = ck.GammaGamma(p=6.25, q=3.74, gamma=15.44)
    x, tx, T = 2, 20.0, 39.0
    d = 1.1 ** (1 / 52) - 1
    expected = gg.expected_spend([x], [w.monetary.value])[0] * \
        bg.discounted_expected_purchases(52, d, [x], [tx], [T])[0]
    assert _rmb(_shown(w.number.value)) == pytest.approx(expected, abs=0.01)
    before = w.number.value
    w.frequency.value = 5
    assert w.number.value != before


def test_plots_return_figures():
    t = ck.cash_flow_table(100, 0.8, 0.1, 10, acquisition_cost=150)
    figs = [plots.cash_flow_plot(t), plots.timing_plot(100, 0.8, 0.1, 6),
            plots.sbg_plot(ck.ShiftedBetaGeometric(alpha=0.7, beta=1.2),
                           survivors=[1000, 631, 468, 382], fitted_periods=3)]
    res = pd.DataFrame({"clv": [1.0, 50.0, 300.0], "true_clv": [2.0, 40.0, 250.0],
                        "segment": ["a", "b", "b"]})
    figs.append(plots.clv_vs_truth_plot(res))
    bg = ck.BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    summ = pd.DataFrame({"frequency": [0, 1, 2, 8], "recency": [0, 3.0, 10.0, 30.0],
                         "T": [30.0, 30.0, 35.0, 38.0]})
    figs += [plots.frequency_fit_plot(bg, summ), plots.probability_alive_plot(bg)]
    for f in figs:
        assert isinstance(f, Figure) and f.axes and f.axes[0].get_title()


def test_frequency_fit_expected_counts_add_up():
    bg = ck.BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    T = np.linspace(27, 39, 200)
    e = bg.expected_frequency_counts(T, 7)
    assert e["expected"].sum() == pytest.approx(200)
    assert (e["expected"] >= -1e-9).all()


# ------------------------------------------------------------------------------------------
# live figures: a move redraws only the moving parts, and shows what a fresh dashboard shows
# ------------------------------------------------------------------------------------------




def test_clv_calculator_small_moves_blit_and_match_a_fresh_calculator():
    w = widgets.clv_calculator(margin=50, retention=0.9)
    ax = w.live.figure.axes[0]
    limits = ax.get_xlim(), ax.get_ylim()
    draws = w.live.full_draws
    before = bytes(w.plot.value)
    bars = list(ax.patches)
    w.margin.value = 49
    w.discount.value = 0.012
    assert ax.patches[:] == bars                          # the same bars, moved in place
    cf = ck.cash_flow_table(49, 0.9, 0.012, 24, acquisition_cost=200)
    assert [b.get_height() for b in bars] == pytest.approx(cf["present_value"].tolist())
    assert (ax.get_xlim(), ax.get_ylim()) == limits       # a nice axis: small moves keep it
    assert w.live.full_draws == draws
    assert bytes(w.plot.value) != before
    fresh = widgets.clv_calculator(margin=49, retention=0.9, discount=0.012)
    assert_same_picture(w.plot.value, fresh.plot.value)
    # one bar per shown period (24 when the horizon is 0), none left over from earlier moves
    assert len(ax.patches) == 24 and len(ax.containers) == 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "cumulative value (RMB)", "break-even", "present value (RMB)"]


def test_clv_calculator_y_axis_stays_while_the_chart_shrinks():
    w = widgets.clv_calculator(margin=50, retention=0.9)
    ax = w.live.figure.axes[0]
    low, high = ax.get_ylim()
    draws = w.live.full_draws
    for r in (0.89, 0.88, 0.87, 0.86, 0.85):          # CLV falls step by step
        w.retention.value = r
    assert ax.get_ylim() == (low, high) and w.live.full_draws == draws
    cf = ck.cash_flow_table(50, 0.85, 0.01, 24, acquisition_cost=200)
    top = cf["cumulative_value"].max()
    assert 0.4 * high <= top < high                    # still fits, still fills the axis
    w.retention.value = 0.5                            # CLV below zero: the axis is refitted
    assert ax.get_ylim()[1] < 0.4 * high and w.live.full_draws == draws + 1


def test_clv_calculator_axis_follows_large_moves():
    w = widgets.clv_calculator(margin=50, retention=0.9, horizon=0)
    ax = w.live.figure.axes[0]
    assert ax.get_xlim()[1] == pytest.approx(1.05 * 25)   # 24 bars: up to 25 (+ 5 %)
    w.horizon.value = 12                                   # half the bars: the x axis stays
    assert ax.get_xlim()[1] == pytest.approx(1.05 * 25) and len(ax.patches) == 12
    w.horizon.value = 6                                    # a quarter: the axis shrinks
    assert ax.get_xlim()[1] == pytest.approx(1.05 * 8) and len(ax.patches) == 6
    w.margin.value = 400                                   # CLV ~ ¥1,500: the y axis grows
    cf = ck.cash_flow_table(400, 0.9, 0.01, 6, acquisition_cost=200)
    low, high = ax.get_ylim()
    assert low <= -200 and high >= cf["cumulative_value"].max()
    assert high < 2 * cf["cumulative_value"].max()          # ... but not far beyond it
    fresh = widgets.clv_calculator(margin=400, retention=0.9, horizon=6)
    assert_same_picture(w.plot.value, fresh.plot.value)


def test_clv_calculator_wording_toggle_does_not_redraw():
    w = widgets.clv_calculator(retention=0.9)
    image = w.plot.value
    w.wording.value = "churn"
    assert w.plot.value is image                           # same customer, same picture


@pytest.mark.parametrize("alpha", [0.75, 3.0, 9.5])
def test_sbg_explorer_moves_blit_and_match_a_fresh_explorer(alpha):
    w = widgets.sbg_explorer(alpha=0.704, beta=1.182)
    draws = w.live.full_draws
    w.alpha.value = alpha
    assert w.live.full_draws == draws                      # both panels keep 0–100 %
    fresh = widgets.sbg_explorer(alpha=alpha, beta=1.182)
    assert_same_picture(w.plot.value, fresh.plot.value)
    ax1, ax2 = w.live.figure.axes
    assert len(ax1.lines) == 1 and len(ax2.lines) == 1
    # the retention panel shows r(t) = (β + t − 1) / (α + β + t − 1)
    t, r = ax2.lines[0].get_data()
    assert r[0] == pytest.approx(1.182 / (alpha + 1.182))
    assert r[-1] == pytest.approx((1.182 + 11) / (alpha + 1.182 + 11))


def test_probabilistic_clv_view_moves():
    w = widgets.probabilistic_clv_view()
    image, draws = w.plot.value, w.live.full_draws
    w.recency.value = 10                       # the curves do not depend on t_x: no redraw
    w.monetary.value = 80
    assert w.plot.value is image
    w.frequency.value = 5                      # the middle curve is now x = 5
    assert w.live.full_draws == draws and w.plot.value is not image
    ax = w.live.figure.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["x = 1", "x = 5", "x = 10"]
    fresh = widgets.probabilistic_clv_view()
    fresh.recency.value, fresh.frequency.value = 10, 5
    assert_same_picture(w.plot.value, fresh.plot.value)
    assert ax.get_xlim() == (0, 40)            # T = 39 → a nice 40
    w.T.value = 40                             # still fits: the curves just reach further
    assert ax.get_xlim() == (0, 40) and w.live.full_draws == draws
    fresh = widgets.probabilistic_clv_view(T=40)
    fresh.recency.value, fresh.frequency.value = 10, 5
    assert_same_picture(w.plot.value, fresh.plot.value)
    w.T.value = 70                             # a longer observation: a longer x axis
    assert ax.get_xlim() == (0, 80)
    fresh = widgets.probabilistic_clv_view(T=70)
    fresh.recency.value, fresh.frequency.value = 10, 5
    assert_same_picture(w.plot.value, fresh.plot.value)


def test_public_plots_draw_what_the_marks_draw():
    t = ck.cash_flow_table(100, 0.8, 0.1, 10, acquisition_cost=150)
    ax = plots.cash_flow_plot(t).axes[0]
    assert len(ax.patches) == 10
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx(t["present_value"].tolist())
    assert [x.get_text() for x in ax.get_legend().get_texts()] == [
        "cumulative value (RMB)", "break-even", "present value (RMB)"]
    fig = plots.sbg_plot(ck.ShiftedBetaGeometric(alpha=0.7, beta=1.2),
                         survivors=[1000, 631, 468, 382], fitted_periods=3)
    assert [x.get_text() for x in fig.axes[0].get_legend().get_texts()] == [
        "model", "actual", "fitted on"]


def test_probabilistic_clv_view_caption_follows_the_language():
    from casekit import labels

    labels._state["warned"] = True          # no font warning on font-less machines
    try:
        labels.set_language("zh")
        zh = widgets.probabilistic_clv_view().number.value
        labels.set_language("en")
        en = widgets.probabilistic_clv_view().number.value
    finally:
        labels.set_language("en")
    assert zh.startswith("<b>客户终身价值（52 周）</b>: ") and "CLV" not in zh
    assert en.startswith("<b>CLV (52 weeks)</b>: ")
    assert _shown(zh) == _shown(en)


def test_sbg_plot_axis_is_chinese_without_the_widgets_imported():
    # "share_remaining" was registered only by casekit.widgets.start: a student who plots
    # before importing the widgets got the English caption in the Chinese edition
    import subprocess
    import sys

    code = ("import sys, numpy as np, matplotlib; matplotlib.use('Agg')\n"
            "from casekit import labels\n"
            "labels._state['warned'] = True\n"
            "labels.set_language('zh'); labels._state['plot_language'] = 'zh'\n"
            "from casekit.plots import clv\n"
            "from casekit import ShiftedBetaGeometric\n"
            "m = ShiftedBetaGeometric(alpha=0.7, beta=1.2)\n"
            "fig = clv.sbg_plot(m, periods=5)\n"
            "assert 'casekit.widgets.start' not in sys.modules\n"
            "print(fig.axes[0].get_ylabel())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "留存占比"
