"""The dashboards' live figures: a slider move redraws only the moving parts (blitting), and
the picture it shows is pixel for pixel the one a dashboard built at that setting shows."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

import casekit as ck
from casekit.widgets._live import LiveFigure, nice_ceiling


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def assert_same_picture(a: bytes, b: bytes) -> None:
    pa, pb = pixels(a), pixels(b)
    assert pa.shape == pb.shape
    differing = int((pa != pb).any(axis=-1).sum())
    assert differing == 0, f"{differing} pixels differ"


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
    box.cost.value = 30 * box.cost.step       # the whale grows but stays inside the y axis
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
