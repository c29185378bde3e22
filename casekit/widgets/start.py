"""The first widget of the course (notebook 00): how a slider drives a number and a plot.

The pattern every casekit widget follows: controls → a pure function → a number and a figure.
Here the pure function is the expected customer lifetime under a constant monthly retention
rate r: survival after t months is r^t, and the expected lifetime is 1 / (1 − r) months
(the mean of a geometric distribution).

The figure is built once and shown as an image (:class:`casekit.widgets._live.LiveFigure`); a
slider move replaces only the curve and redraws it on the kept axes, so the slider feels
instant.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import labels
from ..plots import finish, new_figure, percent_axis
from ..validate import check_size
from ._live import LiveFigure

__all__ = ["retention_demo", "expected_lifetime"]

labels.register({
    "monthly_retention": ("monthly retention r", "月保留率 r"),
    "expected_lifetime": ("expected lifetime", "预期客户寿命"),
    "months": ("months", "个月"),
    "survival_curve": ("Share of customers still with us", "仍在网客户占比"),
    "months_since_start": ("months since start", "自开始以来的月数"),
    "share_remaining": ("share remaining", "留存占比"),
})


def expected_lifetime(retention: float) -> float:
    """Expected lifetime in periods of a customer retained with probability ``retention``.

    Formula: E[lifetime] = 1 / (1 − r), counting the first period (geometric distribution).
    Example: r = 0.9 → 10 periods.

    Parameters
    ----------
    retention : float
        Retention rate per period, in [0, 1).

    Returns
    -------
    float
        The expected number of periods.
    """
    retention = _fraction("retention", retention, 0.0, 1.0, "[0, 1)")
    if retention >= 1.0:
        raise ValueError(f"retention={retention!r} is out of range; allowed: [0, 1)")
    return 1.0 / (1.0 - retention)


def _fraction(name: str, value: Any, low: float, high: float, allowed: str) -> float:
    """``value`` as a float in [low, high], or a clear TypeError/ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}={value!r}: expected a number in {allowed}")
    value = float(value)
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name}={value!r} is out of range; allowed: {allowed}")
    return value


#: The retention demo's slider range (monthly retention).
RETENTION_RANGE = (0.50, 0.99)

#: Memory one month of the survival curve needs in the figure (numpy arrays of t and r^t and
#: matplotlib's copies of the line's path), for the bound on ``months``.
_BYTES_PER_MONTH = 200


def _survival_axes(fig, ax) -> None:
    """What stays when the slider moves: the 0–100 % axis, title and labels."""
    ax.set_ylim(0, 1.02)
    percent_axis(ax)
    finish(fig, ax, title="survival_curve", xlabel="months_since_start",
           ylabel="share_remaining")


def _survival_marks(ax, retention: float, months: int) -> list:
    """What the slider moves: the survival curve r^t, t = 0 … months."""
    t = np.arange(months + 1)
    return ax.plot(t, retention ** t, color="#0072B2", lw=2)


def retention_demo(retention: float = 0.90, months: int = 36) -> widgets.VBox:
    """A slider for the monthly retention rate, the expected lifetime it implies, and a plot.

    The returned box has ``.slider``, ``.number`` (an HTML widget), ``.plot`` (the Image
    widget showing the figure), ``.live`` (its :class:`LiveFigure`), ``.figure`` (the Figure
    shown; a move redraws its curve in place) and ``.update()``; tests move the slider in
    Python and read ``.number.value`` and ``.figure``.

    ``retention`` must lie in the slider's range :data:`RETENTION_RANGE` (0.50–0.99) and
    ``months`` be a whole number >= 1 whose curve fits in memory
    (:data:`casekit._memory.MEMORY_BUDGET`); anything else raises a ValueError or TypeError
    naming it, instead of the slider quietly showing another value.

    Parameters
    ----------
    retention : float
        Starting monthly retention rate.
    months : int
        Months the survival curve is drawn for.

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    lo, hi = RETENTION_RANGE
    retention = _fraction("retention", retention, lo, hi, f"[{lo:.2f}, {hi:.2f}] (the slider)")
    months = check_size("months", months, _BYTES_PER_MONTH)
    slider = widgets.FloatSlider(value=retention, min=lo, max=hi, step=0.01,
                                 description=labels.label("monthly_retention"),
                                 readout_format=".2f", continuous_update=False,
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width="420px"))
    number = widgets.HTML()
    live = LiveFigure()
    box = widgets.VBox([slider, number, live.image])
    drawn: dict = {"key": None}

    def update(_change=None) -> None:
        r = slider.value
        life = expected_lifetime(r)
        number.value = (f"<b>{labels.label('expected_lifetime')}</b>: "
                        f"<span class='casekit-result'>{life:.1f}</span> "
                        f"{labels.label('months')} (1 / (1 − {r:.2f}))")
        draw(r)

    def draw(r: float) -> None:
        """The axes are built once (per language); a move replaces the curve only: the axis
        limits do not depend on r (0–100 %, months 0 … ``months``)."""
        key = labels.get_language()
        if drawn["key"] != key:
            fig, ax = new_figure(figsize=(6.0, 3.2))
            _survival_axes(fig, ax)
            drawn.update(key=key, ax=ax)
            live.show(fig, animated=_survival_marks(ax, r, months))
            box.figure = fig
            return
        live.replace(list(live.animated), _survival_marks(drawn["ax"], r, months))
        live.redraw()

    box.slider, box.number, box.update = slider, number, update
    box.plot, box.live = live.image, live
    slider.observe(update, names="value")
    update()
    return box
