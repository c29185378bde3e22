"""The world explorer (chapter 01): generate a world and see who its customers are.

A thin view. It reads the controls (value concentration, world, number of customers, seed),
calls the generator (:func:`casekit.telecom` or :func:`casekit.tobacco`, with
``concentration=`` — both worlds have that parameter with the same meaning: 0 = customers of a
segment alike, 1 = default, 2 = extreme), summarises the base with
:func:`casekit.world_summary` and draws two pictures side by side: revenue per customer
and period (log scale) and the revenue concentration curve. Generated bases are cached by their
controls, so going back to a setting is instant.

The two pictures are panels of one live figure (:class:`casekit.widgets._live.LiveFigure`),
built once: a move moves the histogram's bars in place and draws a new concentration curve
(the ``*_marks`` / ``*_update`` functions of casekit.plots.worlds) and, when the axes keep
their limits, redraws only them. The histogram's axes are rounded out (revenue to whole
decades, the count up to 1, 2 or 5 × 10^k) so that small moves usually keep them.
"""

from __future__ import annotations

import html
import math
import numbers
from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import labels
from ..base import CustomerBase
from ..generate.classpack import WORLD_GENERATORS, generate_world
from ..plots import new_figure
from ..plots import worlds as wplots
from ..worlds import world_summary
from ._live import LiveFigure

__all__ = ["world_explorer", "explore_world"]

labels.register({
    "worlds_concentration_control": ("value concentration", "价值集中度"),
    "worlds_world": ("world", "数据集"),
    "worlds_size": ("customers", "客户数"),
    "worlds_top_share_caption": ("the top 20 % of customers bring", "前 20% 的客户贡献"),
    "worlds_of_revenue": ("of revenue", "的收入"),
    "worlds_gini": ("Gini", "基尼系数"),
    "worlds_revenue_pcp": ("revenue per customer and period", "每客户每期收入"),
    "worlds_unprofitable": ("unprofitable customers", "亏损客户"),
    "worlds_active_end": ("active at the end", "期末仍活跃"),
})

_STYLE = {"description_width": "initial"}
_WORLDS = tuple(sorted(WORLD_GENERATORS))


def explore_world(world: str = "tobacco", size: int = 1500, seed: int = 0,
                  concentration: float = 1.0) -> CustomerBase:
    """The base the explorer shows: :func:`casekit.generate_world` with ``size`` customers
    and the world's default number of periods (telecom 24 months, tobacco 52 weeks), at the
    given ``concentration`` and ``seed``.

    Parameters
    ----------
    world : {"telecom", "tobacco"}
        The world to generate.
    size, seed : int
        Number of customers and seed.
    concentration : float
        Value concentration, 0 (alike within a segment) to 2 (extreme); 1 = default.

    Returns
    -------
    CustomerBase

    >>> explore_world("tobacco", 100, 0, 1.0).params.size
    100
    """
    if world not in _WORLDS:
        raise ValueError(f"world={world!r} is not a casekit world; choose one of {_WORLDS}")
    return generate_world(world, size, seed=seed, concentration=concentration)


def world_explorer(world: str = "tobacco", size: int = 1500, seed: int = 0,
                   concentration: float = 1.0) -> widgets.VBox:
    """Choose world, size, seed and value concentration → key numbers and two pictures.

    Controls (attributes of the returned box): ``concentration`` (the first control, a
    slider 0–2; ``box.slider`` is the same), ``world`` (toggle telecom/tobacco), ``size``
    (slider, 200–5,000 customers), ``seed`` (whole number). Outputs: ``number`` (HTML: the
    top-20 % revenue share in ``<span class="casekit-result">``, then Gini, revenue per
    customer and period, unprofitable and active shares), ``plot`` (the Image widget showing
    both pictures), ``live`` (its :class:`LiveFigure`), ``summary`` (the last
    :func:`casekit.world_summary` Series) and ``base`` (the last base). ``update()``
    recomputes.

    Each argument must be one its control can show — ``world`` telecom or tobacco, ``size``
    a whole number in :data:`SIZE_RANGE`, ``seed`` a whole number in [0, 2**31), and
    ``concentration`` in [0, 2] — else a ValueError or TypeError names it (a slider would
    quietly show another value).

    Parameters
    ----------
    world : {"telecom", "tobacco"}
        Starting world.
    size, seed : int
        Starting number of customers and seed.
    concentration : float
        Starting value concentration, 0 (alike within a segment) to 2 (extreme); 1 = default.

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    _check_arguments(world, size, seed, concentration)
    conc = widgets.FloatSlider(value=concentration, min=0.0, max=2.0, step=0.1,
                               description=labels.label("worlds_concentration_control"),
                               readout_format=".1f", continuous_update=False, style=_STYLE,
                               layout=widgets.Layout(width="420px"))
    world_t = widgets.ToggleButtons(options=[(labels.label(w), w) for w in _WORLDS],
                                    value=world,
                                    description=labels.label("worlds_world"), style=_STYLE)
    size_s = widgets.IntSlider(value=size, min=SIZE_RANGE[0], max=SIZE_RANGE[1], step=100,
                               description=labels.label("worlds_size"),
                               continuous_update=False, style=_STYLE,
                               layout=widgets.Layout(width="420px"))
    seed_t = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1,
                                    description=labels.label("seed"), style=_STYLE,
                                    layout=widgets.Layout(width="200px"))
    number = widgets.HTML()
    live = LiveFigure()
    box = widgets.VBox([conc, widgets.HBox([world_t]), widgets.HBox([size_s, seed_t]), number,
                        live.image])
    cache: dict[tuple, CustomerBase] = {}
    drawn: dict = {"key": None}

    def current() -> CustomerBase:
        key = (world_t.value, int(size_s.value), int(seed_t.value), round(conc.value, 6))
        if key not in cache:
            if len(cache) > 8:
                cache.pop(next(iter(cache)))
            cache[key] = explore_world(*key)
        return cache[key]

    def update(_change=None) -> None:
        try:
            base = current()
        except (ValueError, TypeError) as exc:
            number.value = ("<span class='casekit-result'>—</span> <span style='color:#D55E00'>"
                            f"{html.escape(str(exc))}</span>")
            live.clear()
            return
        s = world_summary(base)
        box.base, box.summary = base, s
        unit = labels.label(base.params.period_unit)
        number.value = (
            f"<b>{labels.label('worlds_top_share_caption')}</b> "
            f"<span class='casekit-result'>{s['top_share']:.1%}</span> "
            f"{labels.label('worlds_of_revenue')} · {labels.label('worlds_gini')} "
            f"{s['gini']:.2f} · {labels.label('worlds_revenue_pcp')} "
            f"{labels.money(s['revenue_per_customer_period'])} / {unit} · "
            f"{labels.label('worlds_unprofitable')} {s['unprofitable_share']:.1%} · "
            f"{labels.label('worlds_active_end')} {s['active_share']:.1%}")
        draw(base)

    def draw(base: CustomerBase) -> None:
        key = labels.get_language()
        if drawn["key"] != key:
            fig, (ax1, ax2) = new_figure(1, 2, figsize=(11.0, 4.0))
            wplots.revenue_distribution_axes(fig, ax1)
            wplots.concentration_axes(fig, ax2)
            marks = _marks(ax1, ax2, base)
            _fit_histogram(ax1)
            drawn.update(key=key, axes=(ax1, ax2))
            live.show(fig, animated=marks)
            return
        ax1, ax2 = drawn["axes"]
        live.redraw_marks([ax1, ax2], lambda: _marks(ax1, ax2, base),
                      update=lambda: _update(live, ax1, ax2, base),
                      fit=lambda: _fit_histogram(ax1))

    for control in (conc, world_t, size_s, seed_t):
        control.observe(update, names="value")
    box.concentration, box.slider, box.world, box.size, box.seed = (conc, conc, world_t,
                                                                     size_s, seed_t)
    box.number, box.update = number, update
    box.plot, box.live = live.image, live
    update()
    return box


#: The customers (retailers) the explorer's size slider offers.
SIZE_RANGE = (200, 5000)


def _check_arguments(world: Any, size: Any, seed: Any, concentration: Any) -> None:
    if world not in _WORLDS:
        raise ValueError(f"world={world!r} is not a casekit world; choose one of {_WORLDS}")
    for name, value, low, high in (("size", size, *SIZE_RANGE), ("seed", seed, 0, 2**31 - 1)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name}={value!r}: expected a whole number in [{low}, {high:,}]")
        if not low <= value <= high:
            raise ValueError(f"{name}={value:,} is out of range; allowed: [{low}, {high:,}] "
                             f"(the explorer's {name} control)")
    if isinstance(concentration, bool) or not isinstance(concentration, numbers.Real):
        raise TypeError(f"concentration={concentration!r}: expected a number in [0, 2]")
    if not (math.isfinite(concentration) and 0.0 <= concentration <= 2.0):
        raise ValueError(f"concentration={concentration!r} is out of range; allowed: [0, 2] "
                         "(the explorer's slider)")


def _round_up(value: float) -> float:
    """``value`` rounded up to 1, 2 or 5 × 10^k: coarser than :func:`nice_ceiling`, as every
    move of the explorer draws a new world whose tallest bar varies by chance."""
    steps = np.array([1.0, 2.0, 5.0, 10.0]) * 10.0 ** np.floor(np.log10(value))
    return float(steps[steps >= value * (1 - 1e-12)].min())


def _fit_histogram(ax) -> None:
    """Round the histogram's axes out: revenue to whole decades, the count up to 1, 2 or 5 ×
    10^k with room for the legend (as ``ymargin`` 0.4 in the plot)."""
    bars = [p for p in ax.patches if p.get_height() > 0]
    if not bars:
        return
    left = min(p.get_x() for p in bars)
    right = max(p.get_x() + p.get_width() for p in bars)
    top = max(p.get_y() + p.get_height() for p in bars)
    ax.set_xlim(10.0 ** np.floor(np.log10(left)), 10.0 ** np.ceil(np.log10(right)))
    ax.set_ylim(0, _round_up(1.4 * top))


def _marks(ax1, ax2, base: CustomerBase) -> list:
    """The explorer's moving parts: the histogram and the concentration curve."""
    return wplots.revenue_distribution_marks(ax1, base) + wplots.concentration_marks(ax2, base)


def _update(live: LiveFigure, ax1, ax2, base: CustomerBase) -> bool:
    """Move the histogram's bars in place (``ax.hist`` again would build a few hundred new
    bars, the slow part of a move) and draw a new concentration curve; False, changing
    nothing, if the histogram needs new bars."""
    current = list(live.animated)
    if not wplots.revenue_distribution_update([a for a in current if a.axes is ax1], base):
        return False
    live.replace([a for a in current if a.axes is ax2], [])
    live.animate(wplots.concentration_marks(ax2, base))
    return True
