"""Plots and widgets of the identify chapter: the figures carry the right numbers, and the
dashboards answer their controls (set in Python, no browser)."""

from __future__ import annotations

import re

import ipywidgets as widgets
import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import casekit as ck
from casekit.labels import label

from test_identify import toy_base

matplotlib.use("Agg")


def _texts(fig: Figure) -> str:
    return " | ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def _result(box) -> str:
    m = re.search(r"<span class='casekit-result'>([^<]*)</span>", box.number.value)
    assert m, box.number.value
    return m.group(1)


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def test_pareto_curve_shows_top_share_and_gini():
    fig = ck.plots.pareto_curve([50, 30, 12, 5, 3])
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    # top 20% of 5 customers = the largest, 50 of 100
    assert any("20% → 50%" in t.get_text() for t in fig.axes[0].texts)
    # ascending 3, 5, 12, 30, 50: Σ i·x = 3 + 10 + 36 + 120 + 250 = 419
    # G = 2·419 / (5·100) − 6/5 = 1.676 − 1.2 = 0.476
    assert f"{label('gini')} = 0.48" in _texts(fig)
    assert fig.axes[0].get_title() == label("pareto_curve")
    # ABC bands: A 2 of 5, B 2, C 1 → 40%, 40%, 20%
    band_texts = [t.get_text() for t in fig.axes[0].texts if "\n" in t.get_text()]
    assert [t.split("\n")[1] for t in band_texts] == ["40%", "40%", "20%"]


def test_pareto_curve_thins_long_curves():
    fig = ck.plots.pareto_curve(np.arange(1, 50_001, dtype=float), max_points=500)
    line = fig.axes[0].lines[0]
    assert len(line.get_xdata()) <= 501
    assert line.get_ydata()[-1] == pytest.approx(1.0)


def test_whale_curve_figure_shows_the_kanthal_peak():
    fig = ck.plots.whale_curve([112.5, 112.5] + [0.0] * 7 + [-125.0])
    text = _texts(fig)
    assert f"{label('peak_share')}: 225%" in text
    # top 20% make 225%; bottom 30% lose 125%
    assert "225%" in text and f"{label('lose')} 125%" in text
    assert max(fig.axes[0].lines[0].get_ydata()) == pytest.approx(2.25)


def test_pyramid_figure_has_one_band_per_tier():
    vals = pd.Series(np.arange(10, 0, -1, dtype=float))
    fig = ck.plots.pyramid(vals)
    ax = fig.axes[0]
    assert len(ax.patches) == 3
    text = _texts(fig)
    # key: 1 of 10 customers, value 10 of 55 = 18%, time 60%
    assert f"{label('customer_share')} 10% · {label('value_share')} 18% · " \
           f"{label('time_share')} 60%" in text


def test_rfm_heatmap_counts_every_customer_once():
    act = pd.DataFrame({"customer_id": np.repeat(np.arange(50), 2),
                        "period": np.tile([1, 2], 50) + np.repeat(np.arange(50) % 5, 2),
                        "revenue": np.arange(100, dtype=float)})
    fig = ck.plots.rfm_heatmap(act)
    grid = fig.axes[0].images[0].get_array()
    assert grid.sum() == 50
    # monetary view: every non-empty cell shows a mean spend
    fig = ck.plots.rfm_heatmap(ck.rfm(act), value="monetary")
    assert fig.axes[0].images[0].get_array().max() > 0
    with pytest.raises(ValueError, match="value="):
        ck.plots.rfm_heatmap(act, value="profit")


def test_value_matrix_figure_labels_quadrant_shares():
    cur = pd.Series([1.0, 1.0, 5.0, 5.0])
    pot = pd.Series([1.0, 5.0, 1.0, 5.0])
    fig = ck.plots.value_matrix(cur, pot, highlight={1}, scale="linear")
    labels_shown = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert f"{label('maintain')} (25%)" in labels_shown
    assert label("elastic_customer") in labels_shown
    # four quadrant groups + the highlight ring
    assert len(fig.axes[0].collections) == 5


# ---------------------------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------------------------


def test_pareto_explorer_answers_its_controls():
    box = ck.widgets.pareto_explorer({"toy": toy_base()})
    assert isinstance(box.children[0], widgets.FloatSlider) and box.slider is box.top
    # revenue 110, 40, 15, 3, 0 (total 168): top 20% = 1 customer = 110/168 = 65.5%
    assert _result(box) == "65.5%"
    box.top.value = 0.4                       # 2 customers: 150/168 = 89.3%
    assert _result(box) == "89.3%"
    # A: before-shares 0, .655 → A = 2 customers; lower the A cut-off to 60% → A = 1
    assert "A: 2 (40.0%)" in box.number.value
    box.a.value = 0.6
    assert "A: 1 (20.0%)" in box.number.value
    # margin has a loss-maker: the dashboard explains instead of failing
    box.measure.value = "margin"
    assert _result(box) == "—" and "whale_curve" in box.number.value
    box.measure.value = "revenue"
    assert _result(box) == "89.3%"


def test_pareto_explorer_switches_worlds():
    other = toy_base()
    other.activity["revenue"] = 1.0            # all equal per row → c0 4, c1 2, c2 3, c3 2
    box = ck.widgets.pareto_explorer({"toy": toy_base(), "flat": other})
    box.world.value = "flat"
    # top 20% = c0 with 4 of 11 rows = 36.4%
    assert _result(box) == "36.4%"


def test_whale_explorer_cost_slider_raises_the_whale():
    box = ck.widgets.whale_explorer({"toy": toy_base()})
    assert isinstance(box.children[0], widgets.FloatSlider) and box.slider is box.cost
    # margins 45, 8, 1.5, 0, −9: total 45.5; peak 54.5 / 45.5 = 119.78%
    assert _result(box) == "119.8%"
    # 1 RMB per customer-month: 43, 4, −0.5, 0, −12 → total 34.5, peak 47/34.5 = 136.23%
    box.cost.value = 1.0
    assert _result(box) == "136.2%"
    assert "40.0%" in box.number.value          # 2 of 5 now lose money
    # slider range: mean margin per customer-month 45.5 / 11 = 4.14 → max 4; step a power of
    # ten near max/50 = 0.08 → 0.01, so whole-yuan costs can be set exactly
    assert box.cost.max == pytest.approx(4.0)
    assert box.cost.step == pytest.approx(0.01)


def test_whale_explorer_reports_a_non_positive_total():
    base = toy_base()
    base.activity["margin"] = -1.0
    box = ck.widgets.whale_explorer(base)
    assert _result(box) == "—" and "≤ 0" in box.number.value


def test_widgets_reject_bad_worlds():
    with pytest.raises(TypeError, match="CustomerBase"):
        ck.widgets.pareto_explorer({"x": 1})
    with pytest.raises(ValueError, match="empty"):
        ck.widgets.whale_explorer({})


def test_pareto_curve_without_lorenz_has_one_panel():
    fig = ck.plots.pareto_curve([50, 30, 12, 5, 3], lorenz=False)
    assert len(fig.axes) == 1
    assert any("20% → 50%" in t.get_text() for t in fig.axes[0].texts)
