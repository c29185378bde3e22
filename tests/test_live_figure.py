"""The dashboards' live figures: a slider move redraws only the moving parts (blitting), and
the picture it shows is pixel for pixel the one a dashboard built at that setting shows."""

from __future__ import annotations


import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle, StepPatch

import casekit as ck
from casekit.labels import label
from casekit.widgets._live import LiveFigure, nice_ceiling

from pictures import assert_same_picture, pixels




@pytest.fixture(scope="module")
def telecom():
    return ck.telecom(customers=3000, seed=1)


def test_blitted_frame_equals_a_full_redraw():
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title("static title")
    line, = ax.plot([0, 1], [0, 1])
    live = LiveFigure()
    live.show(fig, animated=[line])
    first = live.image.value
    assert bytes(first).startswith(b"\x89PNG")
    line.set_ydata([1, 0])
    draws = live.full_draws
    live.redraw()                             # background pasted, only the line drawn
    assert live.full_draws == draws
    blitted = live.image.value
    assert (pixels(blitted) != pixels(first)).any()     # the line moved
    live.redraw(full=True)
    assert_same_picture(blitted, live.image.value)


def test_replace_removes_the_old_artists():
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    live = LiveFigure()
    old = ax.text(0.5, 0.5, "old")
    live.show(fig, animated=[old])
    new = ax.text(0.2, 0.2, "new")
    live.replace([old], [new])
    assert old not in ax.texts and new in ax.texts and live.animated == [new]


def test_redraw_before_show_is_an_error():
    with pytest.raises(RuntimeError, match="show"):
        LiveFigure().redraw()


@pytest.mark.parametrize("value, expected", [
    (1.0, 1.0), (1.01, 1.25), (1.3, 1.5), (2.2, 2.5), (7.0, 8.0), (9.0, 10.0),
    (0.031, 0.04), (120.0, 125.0), (1e-3, 1e-3)])
def test_nice_ceiling(value, expected):
    assert nice_ceiling(value) == pytest.approx(expected)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_nice_ceiling_rejects_non_positive(bad):
    with pytest.raises(ValueError, match="positive"):
        nice_ceiling(bad)


def test_pareto_explorer_moves_blit_and_match_a_fresh_dashboard(telecom):
    box = ck.widgets.pareto_explorer({"t": telecom})
    draws = box.live.full_draws
    box.top.value = 0.3
    box.a.value = 0.7
    assert box.live.full_draws == draws                  # no full redraw for a cut-off move
    fresh = ck.widgets.pareto_explorer({"t": telecom}, top=0.3, a=0.7)
    assert_same_picture(box.plot.value, fresh.plot.value)


def test_whale_explorer_cost_move_matches_a_fresh_dashboard(telecom):
    box = ck.widgets.whale_explorer({"t": telecom})
    draws = box.live.full_draws
    box.cost.value = 5 * box.cost.step        # the whale grows but stays inside the y axis
    assert box.live.full_draws == draws
    fresh = ck.widgets.whale_explorer({"t": telecom}, cost_to_serve=box.cost.value)
    assert box.live.figure.axes[0].get_ylim() == fresh.live.figure.axes[0].get_ylim()
    assert_same_picture(box.plot.value, fresh.plot.value)


def test_whale_explorer_axis_grows_when_the_whale_outgrows_it(telecom):
    box = ck.widgets.whale_explorer({"t": telecom})
    low, high = box.live.figure.axes[0].get_ylim()
    box.cost.value = 0.9 * box.cost.max       # most customers now lose money: a tall whale
    peak = float(box.number.value.split("casekit-result'>")[1].split("%")[0]) / 100
    new_high = box.live.figure.axes[0].get_ylim()[1]
    assert new_high > high and new_high >= peak


def assert_blit_is_faithful(box) -> None:
    """The frame a move produced by blitting equals a full redraw of the same figure."""
    blitted = bytes(box.plot.value)
    box.live.redraw(full=True)
    assert_same_picture(blitted, box.plot.value)


def test_ahp_builder_move_redraws_only_the_bars():
    box = ck.widgets.ahp_builder()
    draws = box.live.full_draws
    box.slider.value = 3                      # contribution 4× law-abiding instead of 3×
    assert box.live.full_draws == draws
    assert_blit_is_faithful(box)
    # one bar per criterion, first criterion on top, as long as its weight
    bars = [a for a in box.live.animated if isinstance(a, Rectangle)]
    widths = [bar.get_width() for bar in sorted(bars, key=lambda r: -r.get_y())]
    np.testing.assert_allclose(widths, box.result.weights.to_numpy())
    assert box.result.weights.idxmax() == "contribution"


def test_grading_dashboard_move_redraws_only_the_outlines():
    base = ck.tobacco(retailers=600, seed=2)
    box = ck.widgets.grading_dashboard(base)
    box.separate.value = False                # pooled grading: region shares move with weights
    draws = box.live.full_draws
    box.sliders[0].value = 0.2
    assert_blit_is_faithful(box)
    assert box.live.full_draws == draws + 1   # the one full redraw is the check's own
    shares = ck.plots.grade_counts(box.grades, base.customers["region"].astype(str))
    shares = shares / shares.sum(axis=0)
    drawn = [a for a in box.live.animated if isinstance(a, StepPatch) and not a.get_fill()]
    got = {a.get_label(): a.get_data().values for a in drawn}
    for region in shares.columns:
        np.testing.assert_allclose(got[label(region)], shares[region].to_numpy())


def test_retention_lab_move_matches_a_fresh_lab(telecom):
    lab = ck.widgets.retention_lab(telecom, target="tier:key", uplift=0.20, cost=200)
    draws = lab.live.full_draws
    lab.uplift.value = 0.22                   # a little more: the fan fits the same axis
    assert lab.live.full_draws == draws
    assert_blit_is_faithful(lab)
    # the drawn line is the expected extra customers of the result shown in the text
    over = lab.result.over_time("programme")
    expected = over.loc[over["scenario"] == "programme", "delta_retained"].to_numpy()
    line, = [a for a in lab.live.animated if a.get_label() == label("scn_expected")]
    np.testing.assert_allclose(line.get_ydata(), expected)


def test_migration_explorer_move_redraws_only_the_areas(telecom):
    box = ck.widgets.migration_explorer(ck.migration_model(telecom))
    draws = box.live.full_draws
    box.shift.value = 0.02                    # 2 points more of normal customers move up
    assert box.live.full_draws == draws
    assert_blit_is_faithful(box)
    areas = [a for a in box.live.animated if isinstance(a, PolyCollection)]
    assert len(areas) == box.projection.shape[1]
    # the top edge of the stack is the projected total of customers after each step
    top = areas[-1].get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(box.projection.sum(axis=1).max())


def test_whale_explorer_after_the_axis_grew_matches_a_fresh_dashboard(telecom):
    """A move that changes the y axis lays the figure out again: same picture as a new one."""
    box = ck.widgets.whale_explorer({"t": telecom})
    box.cost.value = 0.9 * box.cost.max
    fresh = ck.widgets.whale_explorer({"t": telecom}, cost_to_serve=box.cost.value)
    assert box.live.figure.axes[0].get_ylim() == fresh.live.figure.axes[0].get_ylim()
    assert_same_picture(box.plot.value, fresh.plot.value)
