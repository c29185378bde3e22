"""Dashboards for identifying key customers: the Pareto explorer and the whale explorer.

Thin views: each reads its controls, calls :mod:`casekit.identify`, writes the main number into
``<span class="casekit-result">`` and redraws a figure from :mod:`casekit.plots`. The
per-customer values of each world and measure are computed once and cached, so moving a slider
only re-sorts and redraws. Controls and ``update()`` are attributes of the returned box, so
tests set values in Python and read ``box.number.value``.
"""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as widgets
import numpy as np
import pandas as pd
from .. import identify as idf
from .. import labels
from ..base import CustomerBase
from ..plots import identify as idplots
from ..plots import new_figure
from ._checks import number_in
from ._live import LiveFigure, stable_range

__all__ = ["pareto_explorer", "whale_explorer"]

labels.register({
    "world": ("world", "数据集"),
    "measure": ("measure", "指标"),
    "top_cutoff": ("top share of customers", "头部客户占比"),
    "abc_a_cutoff": ("A up to (value share)", "A 类累计价值占比"),
    "abc_b_cutoff": ("B up to (value share)", "B 类累计价值占比"),
    "hold": ("hold", "贡献了"),
    "of_total": ("of the total", "的总量"),
    "at_customers": ("at", "位于"),
})

_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="440px")


def _worlds(worlds: Any) -> dict[str, CustomerBase]:
    """The bases to choose from: a dict name → base, one base, or None for the default worlds."""
    if isinstance(worlds, CustomerBase):
        return {worlds.world: worlds}
    if isinstance(worlds, Mapping):
        if not worlds:
            raise ValueError("worlds: empty; give {name: CustomerBase}")
        for k, v in worlds.items():
            if not isinstance(v, CustomerBase):
                raise TypeError(f"worlds[{k!r}]: expected a CustomerBase, got {type(v).__name__}")
        return dict(worlds)
    if worlds is None:
        from ..generate.classpack import WORLD_GENERATORS, generate_world

        out = {name: generate_world(name, seed=0) for name in sorted(WORLD_GENERATORS)}
        if not out:
            raise ValueError("worlds: no default worlds are available; pass a CustomerBase")
        return out
    raise TypeError(f"worlds: expected a CustomerBase or a dict of them, got "
                    f"{type(worlds).__name__}")


def _choices(keys) -> list[tuple[str, Any]]:
    """Dropdown options: the label a student reads (English or Chinese), the code as value."""
    return [(labels.label(str(k)), k) for k in keys]


def _measures(base: CustomerBase) -> list[str]:
    act = base.activity
    return [c for c in act.columns if c not in ("customer_id", "period")
            and pd.api.types.is_numeric_dtype(act[c].dtype)
            and not pd.api.types.is_bool_dtype(act[c].dtype)]


#: The slider ranges of the Pareto explorer (top share of customers, ABC cut-offs a and b).
_TOP_RANGE = (0.05, 0.50)
_A_RANGE = (0.50, 0.95)
_B_RANGE = (0.55, 0.99)


def _error(message: str) -> str:
    return ("<span class='casekit-result'>—</span> "
            f"<span style='color:#D55E00'>{html.escape(message)}</span>")


def pareto_explorer(worlds: Any = None, measure: str = "revenue", *, top: float = 0.2,
                    a: float = 0.80, b: float = 0.95) -> widgets.VBox:
    """Explore the 80/20 rule: world, measure and cut-offs → top share, Gini, ABC classes.

    Controls (attributes of the returned box): ``top`` (the first control, a slider: share of
    customers counted as the top), ``a`` and ``b`` (ABC cut-offs), ``world`` and ``measure``
    (dropdowns); outputs ``number`` (HTML: the top share in ``casekit-result``, the Gini
    coefficient and ABC sizes), ``table`` (ABC summary) and ``plot``; ``update()`` recomputes.
    ``box.slider`` is ``box.top``.

    Parameters
    ----------
    worlds : CustomerBase or dict, optional
        One base, ``{name: base}`` to choose from, or None: every world generated with seed 0.
    measure : str
        Starting measure (a column the world has).
    top : float
        Starting share of customers counted as the top.
    a, b : float
        Starting ABC cut-offs (a < b).

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    bases = _worlds(worlds)
    first = next(iter(bases.values()))
    number_in("top", top, *_TOP_RANGE)
    number_in("a", a, *_A_RANGE)
    number_in("b", b, *_B_RANGE)
    if not a < b:                                      # as casekit.abc_classes says it
        raise ValueError(f"a={a!r}, b={b!r}: need a < b (A is reached before B)")
    options = _measures(first)
    if measure not in options:
        idf.customer_values(first, measure)              # the function's own error first
        raise ValueError(f"measure={measure!r} cannot be shown; choose one of {options}")
    top_s = widgets.FloatSlider(value=top, min=_TOP_RANGE[0], max=_TOP_RANGE[1], step=0.05,
                                description=labels.label("top_cutoff"), readout_format=".0%",
                                continuous_update=False, style=_STYLE, layout=_WIDE)
    a_s = widgets.FloatSlider(value=a, min=_A_RANGE[0], max=_A_RANGE[1], step=0.05,
                              description=labels.label("abc_a_cutoff"), readout_format=".0%",
                              continuous_update=False, style=_STYLE, layout=_WIDE)
    b_s = widgets.FloatSlider(value=b, min=_B_RANGE[0], max=_B_RANGE[1], step=0.01,
                              description=labels.label("abc_b_cutoff"), readout_format=".0%",
                              continuous_update=False, style=_STYLE, layout=_WIDE)
    world = widgets.Dropdown(options=_choices(bases), value=next(iter(bases)),
                             description=labels.label("world"), style=_STYLE)
    measure_dd = widgets.Dropdown(options=_choices(options), value=measure,
                                  description=labels.label("measure"), style=_STYLE)
    number = widgets.HTML()
    table = widgets.HTML()
    live = LiveFigure()
    box = widgets.VBox([top_s, a_s, b_s, widgets.HBox([world, measure_dd]), number, table,
                        live.image])
    cache: dict[tuple[str, str], pd.Series] = {}
    drawn: dict[str, Any] = {"key": None}      # which (world, measure) the figure shows

    def values() -> pd.Series:
        key = (world.value, measure_dd.value)
        if key not in cache:      # stored largest first: later sorts are O(n) checks
            v = idf.customer_values(bases[world.value], measure_dd.value)
            cache[key] = v.sort_values(ascending=False)
        return cache[key]

    def on_world(_change=None) -> None:
        opts = _measures(bases[world.value])
        keep = measure_dd.value if measure_dd.value in opts else opts[0]
        # new options reset the value to the first one (also inside hold_trait_notifications,
        # which lost the measure shown): set both unobserved, then update once
        measure_dd.unobserve(update, names="value")
        measure_dd.options = _choices(opts)
        measure_dd.value = keep
        measure_dd.observe(update, names="value")
        update()

    def update(_change=None) -> None:
        v = values()
        m = measure_dd.value
        try:
            if a_s.value >= b_s.value:
                raise ValueError(f"a = {a_s.value:.0%} must be below b = {b_s.value:.0%}")
            summary = idf.abc_summary(v, a_s.value, b_s.value)
            share = idf.top_share(v, top_s.value)
            g = idf.gini(v)
        except ValueError as exc:
            number.value = _error(str(exc))
            table.value = ""
            live.clear()
            return
        na = int(summary.loc[summary["abc"] == "A", "customers"].iloc[0])
        number.value = (
            f"<b>{labels.label('top_customers')} {top_s.value:.0%}</b> "
            f"{labels.label('hold')} <span class='casekit-result'>{share:.1%}</span> "
            f"{labels.label('of_total')} ({html.escape(labels.label(m))}) · "
            f"{labels.label('gini')} {g:.2f} · A: {na:,} ({na / len(v):.1%})")
        shown = summary.assign(abc=summary["abc"].astype(str))
        table.value = shown.rename(columns=labels.label).to_html(
            index=False, float_format=lambda x: f"{x:,.3f}")
        draw(v)

    def draw(v: pd.Series) -> None:
        """The curve is drawn once per (world, measure); a cut-off move redraws the marks."""
        key = (world.value, measure_dd.value, labels.get_language())
        values_desc = v.to_numpy(dtype=float)
        if drawn["key"] != key:               # Gini is in the text above: no Lorenz panel
            fig, ax = new_figure(figsize=(6.5, 4.0))
            marks, cum = idplots.pareto_panel(fig, ax, values_desc, a=a_s.value, b=b_s.value,
                                              top=top_s.value)
            drawn.update(key=key, ax=ax, cum=cum)
            live.show(fig, animated=marks)
            return
        live.replace(list(live.animated), idplots.pareto_marks(
            drawn["ax"], values_desc, drawn["cum"], a=a_s.value, b=b_s.value, top=top_s.value))
        live.redraw()

    for control in (top_s, a_s, b_s, measure_dd):
        control.observe(update, names="value")
    world.observe(on_world, names="value")
    update()
    box.top, box.a, box.b, box.world, box.measure = top_s, a_s, b_s, world, measure_dd
    box.slider, box.number, box.table, box.update = top_s, number, table, update
    box.plot, box.live = live.image, live
    return box


def whale_explorer(worlds: Any = None, measure: str = "margin", *,
                   cost_to_serve: float = 0.0) -> widgets.VBox:
    """The whale curve with a cost-to-serve slider: how a fixed service cost per customer-period
    turns small customers into loss-makers and raises the whale.

    Controls: ``cost`` (the first control, a slider: extra RMB per customer-period with
    activity, subtracted from ``measure``) and ``world`` (dropdown). Outputs ``number`` (HTML:
    the peak in ``casekit-result``, where it is, the unprofitable share and the 80/20/30
    reading) and ``plot``; ``update()`` recomputes. ``box.slider`` is ``box.cost``.

    Parameters
    ----------
    worlds : CustomerBase or dict, optional
        One base, ``{name: base}`` to choose from, or None: every world generated with seed 0.
    measure : str
        The profit measure (default margin).
    cost_to_serve : float
        Starting extra cost per customer-period (RMB).

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    bases = _worlds(worlds)
    cache: dict[str, tuple[pd.Series, pd.Series]] = {}

    def data(name: str) -> tuple[pd.Series, pd.Series]:
        if name not in cache:
            base = bases[name]
            cache[name] = (idf.customer_values(base, measure),
                           idf.customer_values(base, agg="count"))
        return cache[name]

    def slider_max(name: str) -> float:
        profit, periods = data(name)
        per_row = float(profit.sum()) / max(float(periods.sum()), 1.0)
        if per_row <= 0:
            return 1.0
        step = 10 ** np.floor(np.log10(per_row))
        return float(np.floor(per_row / step) * step) or per_row

    def nice_step(top: float) -> float:      # a power of ten, so round costs (RMB 5) are reachable
        return float(10 ** np.floor(np.log10(top / 50)))

    first = next(iter(bases))
    hi = slider_max(first)
    number_in("cost_to_serve", cost_to_serve, 0.0, hi)
    cost = widgets.FloatSlider(value=cost_to_serve, min=0.0, max=hi, step=nice_step(hi),
                               description=labels.label("whale_cost_to_serve"),
                               readout_format=",.2f", continuous_update=False, style=_STYLE,
                               layout=_WIDE)
    world = widgets.Dropdown(options=_choices(bases), value=first,
                             description=labels.label("world"), style=_STYLE)
    number = widgets.HTML()
    live = LiveFigure()
    box = widgets.VBox([cost, world, number, live.image])
    drawn: dict[str, Any] = {"key": None}      # which world the figure's axes belong to

    def update(_change=None) -> None:
        profit, periods = data(world.value)
        try:
            profit_desc, total = idf.whale_values(profit, measure, periods * cost.value)
            s = idf.whale_summary(profit_desc)          # already sorted: no second sort
        except ValueError as exc:
            number.value = _error(str(exc))
            live.clear()
            return
        bottom = s["bottom_share"]
        number.value = (
            f"<b>{labels.label('peak_share')}</b>: <span class='casekit-result'>"
            f"{s['peak_share']:.1%}</span> {labels.label('of_total')} "
            f"({labels.label('at_customers')} {s['peak_customer_share']:.0%}) · "
            f"{labels.label('unprofitable_share')} {s['unprofitable_share']:.1%} · "
            f"{labels.label('top_customers')} 20% {labels.label('make')} {s['top_share']:.0%}"
            f" · {labels.label('bottom_customers')} 30% "
            f"{labels.label('lose' if bottom < 0 else 'make')} {abs(bottom):.0%}")
        draw(profit_desc, total, s)

    def draw(profit_desc: np.ndarray, total: float, summary: pd.Series) -> None:
        """Axes, labels and ticks are drawn once per world; a cost move redraws the curve and
        its marks on the same axes, so the whale is seen to rise against a fixed scale. The y
        axis grows when the curve needs more room and shrinks back only when the curve would
        fill less than 30 % of it (:func:`stable_range`); only these moves redraw the whole
        figure."""
        key = (world.value, labels.get_language())
        if drawn["key"] != key:
            fig, ax = new_figure(figsize=(7.0, 4.0))
            idplots.whale_axes(fig, ax)
            drawn.update(key=key, ax=ax, fig=fig)
            live.figure = None
        ax = drawn["ax"]
        marks, (low, high) = idplots.whale_marks(ax, profit_desc, total, summary=summary)
        if live.figure is None:
            ax.set_ylim(*stable_range(low, high, headroom=1.0))       # marks add 12 %
            live.show(drawn["fig"], animated=marks)
            return
        live.move(marks, ax=ax, ylim=stable_range(low, high, ax.get_ylim(), headroom=1.0))

    def on_world(_change=None) -> None:
        top = slider_max(world.value)
        with cost.hold_trait_notifications():
            cost.max = top
            cost.step = nice_step(top)
            cost.value = min(cost.value, top)
        update()

    cost.observe(update, names="value")
    world.observe(on_world, names="value")
    update()
    box.cost, box.world, box.slider = cost, world, cost
    box.number, box.update = number, update
    box.plot, box.live = live.image, live
    return box
