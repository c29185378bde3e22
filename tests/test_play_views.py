"""The views of play_forward: plots draw the Outcome's tables; the decision lab plays a plan."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

import casekit as ck


@pytest.fixture(scope="module")
def played():
    base = ck.telecom(customers=1200, months=12, seed=21)
    sc = ck.Scenario("key care", target="key", retention_uplift=0.3, uplift_kind="churn",
                     cost_per_customer=200.0)
    return base, sc, ck.play_forward(base, ck.Plan(sc), periods=12)


def test_play_paths_draws_over_time(played):
    _, _, out = played
    fig = ck.plots.play_paths(out)
    assert isinstance(fig, Figure)
    left = fig.axes[0]
    table = out.over_time()
    plan = table[table["arm"] == "plan"]
    line = [ln for ln in left.get_lines() if ln.get_linestyle() == "-"][0]
    assert np.allclose(line.get_ydata(), plan["cum_net"])


def test_play_delta_bars_shows_each_tier(played):
    _, _, out = played
    fig = ck.plots.play_delta_bars(out, by="tier")
    heights = sorted(p.get_height() for p in fig.axes[0].patches)
    assert np.allclose(heights, sorted(out.summary(by="tier")["delta_npv"]))


def test_play_against_forecast_marks_realised(played):
    base, sc, out = played
    fc = ck.what_if(base, sc, horizon=12, runs=50)
    fig = ck.plots.play_against_forecast(out, fc)
    xs = [ln.get_xdata()[0] for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) == 1]
    assert out.summary().iloc[0]["delta_npv"] in xs
    with pytest.raises(TypeError, match="Outcome"):
        ck.plots.play_paths(base)


def test_decision_lab_plays_and_reports_errors():
    base = ck.telecom(customers=800, months=12, seed=22)
    box = ck.widgets.decision_lab(base)
    out = box.press()
    assert "casekit-realised" in box.number.value and len(box.plot.value) > 1000
    assert box.plot.layout.display is None
    assert f"{out.summary().iloc[0]['delta_npv']:,.0f}" in box.number.value
    box.hours.value = 1e5                                       # beyond capacity
    assert box.press() is None and "capacity" in box.number.value
    box.hours.value = 0.0
    first = box.press()
    again = box.press(on=True)                                  # the next round
    assert len(again.history) == 2 and again.history[0] is first


def test_decision_lab_captions_are_chinese_and_its_values_stay_codes():
    from casekit import labels
    base = ck.telecom(customers=300, months=12, seed=22)
    labels.set_language("zh")
    box = ck.widgets.decision_lab(base)
    assert [lab for lab, _ in box.target.options] == ["无", "重点客户", "普通客户", "小客户"]
    assert [v for _, v in box.target.options] == ["", "key", "normal", "small"]
    assert [lab for lab, _ in box.split.options][1] == "客户金字塔 60/30/10"
    assert box.split.value == "normal 75 % / small 25 %"     # the plan reads the code
    assert box.seed.options[0] == ("客户群自己的未来", None)
    box.press()
    assert "对比不执行计划的" in box.number.value and " vs " not in box.number.value


def _shown(html_text):
    """The RMB figure inside the .casekit-result span of an HTML widget's value."""
    import re

    m = re.search(r"<span class='casekit-result'>RMB (-?[\d,]+)</span>", html_text)
    assert m, html_text
    return int(m.group(1).replace(",", ""))


def test_decision_lab_shows_the_forecast_before_play_and_moves_with_the_controls():
    base = ck.telecom(customers=800, months=12, seed=22)
    box = ck.widgets.decision_lab(base)
    assert box.number.value == "" and box.outcome is None          # nothing played yet
    assert box.plot.layout.display == "none"                        # no empty picture

    def expected(cut, cost, periods):
        # the programme the controls describe, valued independently with what_if
        sc = ck.Scenario("x", target=box.target.value, retention_uplift=cut,
                         uplift_kind="churn", cost_per_customer=cost)
        return round(ck.what_if(base, sc, horizon=periods).summary().loc["x", "delta_npv"])

    first = _shown(box.forecast.value)
    assert first == expected(0.3, 200.0, 12)
    box.cut.value = 0.6                                             # a bigger churn cut
    second = _shown(box.forecast.value)
    assert second != first and second == expected(0.6, 200.0, 12)
    box.cost.value = 5000.0                                         # a dearer programme
    assert _shown(box.forecast.value) == expected(0.6, 5000.0, 12) < second
    box.periods.value = 24
    assert _shown(box.forecast.value) == expected(0.6, 5000.0, 24)
    box.target.value = ""                                           # no programme: nothing
    assert _shown(box.forecast.value) == 0
    box.hours.value = 40.0                      # hours are not in what_if's forecast
    assert _shown(box.forecast.value) == 0 and box.number.value == ""
