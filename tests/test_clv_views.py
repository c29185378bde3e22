"""Plots and widgets of the CLV chapters: driven from Python, checked against the pure functions."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import casekit as ck
from casekit import plots, widgets


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
