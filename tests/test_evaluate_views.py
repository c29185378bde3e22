"""Tests for the evaluate plots and widgets: figures are built, widgets react to their controls.

Widgets are driven from Python (set a slider, read ``.number.value``); what they show is
checked against the pure functions called directly, and against hand-worked values.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import casekit as ck
from casekit import labels
from casekit.plots import evaluate as pe
from casekit.widgets import evaluate as we


def _result_text(html: str) -> str:
    m = re.search(r"<span class='casekit-result'>(.*?)</span>", html)
    assert m, f"no casekit-result span in {html!r}"
    return m.group(1)


# --------------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------------


def _texts(fig: Figure) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts + [ax.title])


def test_ahp_weights_figure_shows_cr_and_verdict():
    ok = pe.ahp_weights(ck.ahp([[1, 3], [1 / 3, 1]]))
    assert isinstance(ok, Figure)
    assert "CR = 0.000" in _texts(ok) and "consistent (CR < 0.10)" in _texts(ok)
    bad = pe.ahp_weights(ck.ahp([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]]))
    assert "inconsistent" in _texts(bad)
    bars = bad.axes[0].patches
    assert sorted(round(p.get_width(), 3) for p in bars) == [0.333, 0.333, 0.333]
    with pytest.raises(TypeError, match="casekit.ahp"):
        pe.ahp_weights({"a": 1.0})


def test_grade_counts_by_hand():
    grades = pd.Series([1, 3, 3, 2, 3, 1])
    region = pd.Series(["urban", "urban", "rural", "rural", "rural", "urban"])
    table = pe.grade_counts(grades, region)
    # urban holds grades 1, 3, 1; rural 3, 2, 3
    assert table.loc[:, "urban"].tolist() == [2, 0, 1]
    assert table.loc[:, "rural"].tolist() == [0, 1, 2]
    assert list(table.index) == [1, 2, 3]
    assert pe.grade_counts(pd.Series([2, 4]))["all_retailers"].tolist() == [0, 1, 0, 1]


def test_grade_distribution_from_a_grading_frame():
    frame = pd.DataFrame({"grade": [1, 2, 2, 3], "region": ["urban", "rural", "urban",
                                                            "rural"]})
    fig = pe.grade_distribution(frame, "region")
    assert isinstance(fig, Figure)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert sorted(legend) == ["rural", "urban"]
    with pytest.raises(ValueError, match="no such column"):
        pe.grade_distribution(frame, "district")
    with pytest.raises(ValueError, match="no column 'grade'"):
        pe.grade_distribution(frame.drop(columns="grade"))
    with pytest.raises(ValueError, match="no grades"):
        pe.grade_distribution(pd.Series([], dtype=int))


def test_grade_transitions_heatmap():
    before, after = pd.Series([1, 1, 2, 2]), pd.Series([1, 2, 2, 2])
    fig = pe.grade_transitions(before, after)
    image = fig.axes[0].images[0].get_array()
    # rows: grade before; 1 → (½, ½), 2 → (0, 1)
    assert np.asarray(image).tolist() == [[0.5, 0.5], [0.0, 1.0]]
    assert "50%" in _texts(fig)
    same = pe.grade_transitions(ck.transition_matrix(before, after))
    assert np.asarray(same.axes[0].images[0].get_array()).tolist() == [[0.5, 0.5], [0.0, 1.0]]
    with pytest.raises(TypeError, match="transition matrix"):
        pe.grade_transitions([1, 2])


def test_figures_follow_the_language():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)    # no CJK font: English plots
        labels.set_language("zh")
    lang = labels._state["plot_language"]
    fig = pe.grade_distribution(pd.Series([1, 2, 3]))
    expected = "各档位客户数" if lang == "zh" else "Retailers per grade"
    assert fig.axes[0].get_title() == expected


# --------------------------------------------------------------------------------------------
# AHP builder
# --------------------------------------------------------------------------------------------


def test_saaty_scale_positions():
    assert [we.saaty_value(p) for p in (-8, -2, 0, 2, 8)] == pytest.approx([1 / 9, 1 / 3, 1,
                                                                            3, 9])
    for p in range(-8, 9):
        assert we.saaty_position(we.saaty_value(p)) == p
    with pytest.raises(ValueError):
        we.saaty_value(9)


def test_ahp_builder_shows_live_weights_and_cr():
    box = we.ahp_builder(show_plot=False)
    assert isinstance(box.children[1].children[0], type(box.slider))      # sliders first
    # the starting judgements 3, 3, 5, 1, 2, 2 → the same result as calling ahp directly
    direct = ck.ahp(ck.pairwise_matrix(list(box.result.weights.index), [3, 3, 5, 1, 2, 2]))
    text = _result_text(box.number.value)
    assert f"contribution {direct.weights['contribution']:.3f}" in text
    assert f"CR {direct.cr:.3f}" in text
    assert "CR < 0.10" in box.warning.value
    before = text
    # contribution vs law-abiding: now law-abiding 6× as important → contradicts the rest
    box.slider.value = -5
    after = _result_text(box.number.value)
    assert after != before
    assert box.result.weights["law_abiding"] > direct.weights["law_abiding"]
    assert box.result.cr >= 0.10 and "CR ≥ 0.10" in box.warning.value
    assert "law-abiding 6× as important as contribution" in box.captions[0].value


def test_ahp_builder_equal_start_and_plot():
    box = we.ahp_builder(["a", "b", "c"])
    assert _result_text(box.number.value) == "a 0.333 · b 0.333 · c 0.333 · CR 0.000"
    assert box.plot.value[:4] == b"\x89PNG"
    box.slider.value = 2                       # a 3× as important as b; b = c, a = c
    w = box.result.weights
    assert w["a"] > w["c"] > w["b"]        # geometric means 3^(1/3) > 1 > 3^(-1/3)
    with pytest.raises(ValueError, match="two criteria"):
        we.ahp_builder(["only"])


# --------------------------------------------------------------------------------------------
# grading dashboard
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_world():
    return ck.tobacco(retailers=500, weeks=26, seed=5)


def test_grading_dashboard_matches_the_pipeline(small_world):
    box = we.grading_dashboard(small_world, show_plot=False)
    assert _result_text(box.number.value) == "0.0%"
    # at the starting weights the dashboard's grades are tobacco_grading's
    direct = ck.tobacco_grading(small_world)
    assert box.grades.tolist() == direct["grade"].tolist()
    box.slider.value = 1.0                    # contribution weight up: .4 → 1 (of 1.6)
    changed = float(_result_text(box.number.value).rstrip("%")) / 100
    assert changed > 0
    w = {"contribution": 1.0 / 1.6, "law_abiding": 0.2 / 1.6, "integrity": 0.2 / 1.6,
         "influence": 0.2 / 1.6}
    direct = ck.tobacco_grading(small_world, weights=w)
    assert box.grades.tolist() == direct["grade"].tolist()
    ref = ck.tobacco_grading(small_world)["grade"].to_numpy()
    assert changed == pytest.approx(np.mean(direct["grade"].to_numpy() != ref), abs=1e-3)


def test_grading_dashboard_urban_rural_switch(small_world):
    box = we.grading_dashboard(small_world, show_plot=False)
    rural = (small_world.customers["region"] == "rural").to_numpy()
    assert abs(box.grades[rural].mean() - box.grades[~rural].mean()) < 1.0  # each on own scale
    box.separate.value = False               # graded together (within format class only)
    direct = ck.tobacco_grading(small_world, by=("format_class",))
    assert box.grades.tolist() == direct["grade"].tolist()
    # rural retailers sell less: graded together they sit lower
    assert box.grades[rural].mean() < box.grades[~rural].mean() - 1.0


def test_grading_dashboard_plot_and_weights(small_world):
    box = we.grading_dashboard(small_world, weights={"contribution": 0.7, "integrity": 0.3})
    assert [s.value for s in box.sliders] == [0.7, 0.0, 0.3, 0.0]
    assert box.plot.value[:4] == b"\x89PNG"
    for s in box.sliders:
        s.value = 0.0                        # all zero: equal weights, no error
    assert "0.25" in box.used.value
    with pytest.raises(ValueError, match="not criteria"):
        we.grading_dashboard(small_world, weights={"reach": 1.0})


def test_grading_dashboard_shows_what_the_grades_receive(small_world):
    box = we.grading_dashboard(small_world, show_plot=False)
    hours = 20.0 * small_world.customers["account_manager"].nunique()
    grades = box.grades.to_numpy()
    for premium_from in (box.premium_from.value, 28):
        box.premium_from.value = premium_from
        plan = box.service
        # by hand: premium (1 h) first, best grades first, while hours last; then standard
        # (0.25 h) for grades 16 .. premium_from − 1 with the hours left
        want_premium = int((grades >= premium_from).sum())
        premium = min(want_premium, int(hours))
        left = hours - premium
        want_standard = int(((grades >= 16) & (grades < premium_from)).sum())
        standard = min(want_standard, int(left / 0.25)) if premium == want_premium else 0
        assert (plan["package"] == "premium").sum() == premium
        assert (plan["package"] == "standard").sum() == standard
        assert f"{premium} premium, {standard} standard" in box.service_text.value
