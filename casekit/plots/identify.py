"""Pictures for identifying key customers: Pareto/Lorenz, whale curve, pyramid, RFM, value matrix.

Each function takes the same inputs as its namesake in :mod:`casekit.identify` (a Series, a
DataFrame, an array or a CustomerBase), calls it, and returns a matplotlib Figure. Curves of
many customers are thinned to at most ``max_points`` points for drawing (the numbers written
on the figure come from the full data).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import identify as idf
from ..labels import plot_label
from ..validate import check_fraction
from ._style import PALETTE, finish, new_figure, percent_axis, whole_in

__all__ = ["pareto_curve", "whale_curve", "pyramid", "rfm_heatmap", "value_matrix"]

_ABC_COLOURS = {"A": PALETTE[0], "B": PALETTE[1], "C": PALETTE[5]}
_TIER_COLOURS = {"key": PALETTE[0], "normal": PALETTE[2], "small": PALETTE[5],
                 "prospect": PALETTE[1], "unattractive": "#999999"}
_QUADRANT_COLOURS = {"maintain": PALETTE[0], "cultivate": PALETTE[2],
                     "keep_efficiently": PALETTE[1], "reconsider": "#999999"}


#: The most points a curve or scatter is drawn with (more show nothing new and draw slowly).
MAX_POINTS = 1_000_000


def _thin(n: int, max_points: int, keep: Sequence[int] = ()) -> np.ndarray:
    """Indices 0..n−1 thinned to about ``max_points``, always keeping the ends and ``keep``."""
    max_points = whole_in("max_points", max_points, 2, MAX_POINTS)
    if n <= max_points:
        return np.arange(n)
    idx = np.unique(np.concatenate([np.linspace(0, n - 1, max_points).round().astype(int),
                                    np.asarray(list(keep), dtype=int)]))
    return idx


def pareto_curve(values: Any, measure: str = "revenue", *, a: float = 0.80, b: float = 0.95,
                 top: float = 0.2, agg: str = "sum", lorenz: bool = True,
                 max_points: int = 2000) -> Figure:
    """The Pareto curve with ABC bands and the top-``top`` reading and, with ``lorenz=True``
    (default), a second panel with the Lorenz curve and the Gini coefficient.

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values, as :func:`casekit.identify.pareto_table` takes them.
    measure : str
        The column aggregated per customer from a base or frame.
    a, b : float
        The cumulative value shares closing classes A and B (:func:`casekit.abc_classes`).
    top : float
        The share of top customers whose value share is read off the curve.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.
    lorenz : bool
        Add the Lorenz-curve panel with the Gini coefficient.
    max_points : int
        The most points each curve is drawn with.

    Returns
    -------
    matplotlib.figure.Figure
    """
    top = check_fraction("top", top)
    values_desc = idf.pareto_values(values, measure, agg=agg)
    idf.abc_class_counts(values_desc, a, b)              # checks a and b before drawing
    n = len(values_desc)
    if lorenz:
        fig, (ax1, ax2) = new_figure(1, 2, figsize=(10.0, 4.0))
    else:
        fig, ax1 = new_figure(figsize=(6.5, 4.0))
    idx = _thin(n + 1, max_points)
    pareto_panel(fig, ax1, values_desc, a=a, b=b, top=top, max_points=max_points)
    if not lorenz:
        return fig
    ascending = values_desc[::-1]                         # the Lorenz order, no second sort
    g = idf.gini(values_desc)
    lx = np.arange(n + 1) / n
    ly = np.concatenate([[0.0], np.cumsum(ascending) / ascending.sum()])
    ax2.plot([0, 1], [0, 1], color="#999999", lw=1, ls=":", label=plot_label("equality_line"))
    ax2.plot(lx[idx], ly[idx], color=PALETTE[0], lw=2, label=plot_label("lorenz_curve"))
    ax2.fill_between(lx[idx], ly[idx], lx[idx], color=PALETTE[0], alpha=0.12)
    ax2.text(0.05, 0.8, f"{plot_label('gini')} = {g:.2f}", fontsize=11)
    ax2.set_xlim(0, 1)
    ax2.set_ylim(0, 1)
    percent_axis(ax2, "x")
    percent_axis(ax2, "y")
    return finish(fig, ax2, title="lorenz_curve", xlabel="customers_ranked_asc",
                  ylabel="cum_value_share", legend=True)


def pareto_panel(fig: Figure, ax, values_desc: np.ndarray, *, a: float, b: float, top: float,
                 max_points: int = 2000) -> tuple[list, np.ndarray]:
    """Draw the Pareto curve of ``values_desc`` (sorted largest first) on ``ax`` with its ABC
    bands and top-``top`` reading. Returns the marks' artists and the curve's y values
    (0 then the cumulative shares), which :func:`pareto_marks` takes to redraw the marks."""
    n = len(values_desc)
    x = np.arange(n + 1) / n
    y = np.concatenate([[0.0], np.cumsum(values_desc) / values_desc.sum()])
    idx = _thin(n + 1, max_points)
    ax.plot(x[idx], y[idx], color=PALETTE[0], lw=2)
    marks = pareto_marks(ax, values_desc, y, a=a, b=b, top=top)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    finish(fig, ax, title="pareto_curve", xlabel="customers_ranked_desc",
           ylabel="cum_value_share")
    return marks, y


def pareto_marks(ax, values_desc: np.ndarray, cum_share: np.ndarray, *, a: float, b: float,
                 top: float) -> list:
    """Draw the ABC bands and the top-``top`` reading on a Pareto-curve axes; return the
    artists (a dashboard replaces just these when a cut-off slider moves).

    ``values_desc``: values sorted largest first; ``cum_share``: the curve's y values
    (0 then the cumulative shares, length n + 1).
    """
    n = len(values_desc)
    share = idf.curve_at(cum_share[1:], top)
    artists = []
    start = 0.0
    counts = idf.abc_class_counts(values_desc, a, b)
    for cls, cnt in zip(["A", "B", "C"], counts):
        end = start + cnt / n
        if cnt:
            artists.append(ax.axvspan(start, end, color=_ABC_COLOURS[cls], alpha=0.12, lw=0))
            artists.append(ax.text((start + end) / 2, 0.04, f"{plot_label(cls)}\n{cnt / n:.0%}",
                                   ha="center", va="bottom", fontsize=9))
        start = end
    artists += ax.plot([top, top, 0], [0, share, share], color=PALETTE[3], ls="--", lw=1)
    artists.append(ax.annotate(f"{plot_label('top_customers')} {top:.0%} → {share:.0%}",
                               (top, share), xytext=(8, -14), textcoords="offset points",
                               color=PALETTE[3]))
    return artists


def whale_curve(profit: Any, measure: str = "margin", *,
                cost_to_serve: float | pd.Series = 0.0, top: float = 0.2, bottom: float = 0.3,
                max_points: int = 2000) -> Figure:
    """The whale curve with its peak, the 100% line, the unprofitable tail and the 80/20/30
    reading.

    Parameters
    ----------
    profit : Series, DataFrame, array_like or CustomerBase
        Per-customer profit (losses allowed), as :func:`casekit.whale_summary` takes it.
    measure : str
        The column aggregated from a base or frame (default margin).
    cost_to_serve : float or Series
        Extra cost per customer-period subtracted from profit.
    top, bottom : float
        The shares of most and least profitable customers read off the curve.
    max_points : int
        The most points the curve is drawn with.

    Returns
    -------
    matplotlib.figure.Figure
    """
    profit_desc, total = idf.whale_values(profit, measure, cost_to_serve)
    fig, ax = new_figure(figsize=(7.0, 4.0))
    _artists, (low, high) = whale_marks(ax, profit_desc, total, top=top, bottom=bottom,
                                        max_points=max_points)
    whale_axes(fig, ax)
    ax.set_ylim(low, high)
    return fig


def whale_axes(fig: Figure, ax) -> None:
    """The parts of a whale-curve figure that do not depend on the data: axes, labels, the
    100% line."""
    ax.axhline(1.0, color="#999999", lw=1, ls=":")
    ax.set_xlim(0, 1)
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    finish(fig, ax, title="whale_curve", xlabel="customers_ranked_profit",
           ylabel="cum_profit_share")


def whale_marks(ax, profit_desc: np.ndarray, total: float, *, top: float = 0.2,
                bottom: float = 0.3, max_points: int = 2000,
                summary: pd.Series | None = None) -> tuple[list, tuple[float, float]]:
    """Draw the whale curve itself, its peak, the unprofitable tail and the 80/20/30 reading
    on ``ax``. Returns the artists (a dashboard replaces just these when the cost slider
    moves) and the y range they need. ``summary``: :func:`casekit.whale_summary` of
    ``profit_desc`` with the same ``top`` and ``bottom``, when the caller has it already."""
    if summary is None:
        summary = idf.whale_summary(profit_desc, top=top, bottom=bottom)
    n = len(profit_desc)
    x = np.arange(n + 1) / n
    y = np.concatenate([[0.0], np.cumsum(profit_desc) / total])
    peak_i = int(np.argmax(y))
    idx = _thin(n + 1, max_points, keep=[peak_i])
    artists = list(ax.plot(x[idx], y[idx], color=PALETTE[0], lw=2))
    px = summary["peak_customer_share"]
    if summary["unprofitable_share"] > 0:
        artists.append(ax.axvspan(1.0 - summary["unprofitable_share"], 1.0, color=PALETTE[3],
                                  alpha=0.10, lw=0))
        narrow = summary["unprofitable_share"] < 0.25      # label would stick out: right-align
        artists.append(ax.text(0.995 if narrow else 1.0 - summary["unprofitable_share"] / 2,
                               0.05, f"{plot_label('unprofitable_share')}\n"
                               f"{summary['unprofitable_share']:.0%}",
                               ha="right" if narrow else "center", va="bottom", fontsize=9,
                               color=PALETTE[3]))
    artists += ax.plot([px], [summary["peak_share"]], "o", color=PALETTE[3])
    right = px > 0.6
    artists.append(ax.annotate(f"{plot_label('peak_share')}: {summary['peak_share']:.0%}",
                               (px, summary["peak_share"]), xytext=(-10 if right else 10, 6),
                               textcoords="offset points", ha="right" if right else "left"))
    bottom_share = summary["bottom_share"]
    artists.append(ax.text(
        0.02, 0.02 if right else 0.9,
        f"{plot_label('top_customers')} {top:.0%} {plot_label('make')} "
        f"{summary['top_share']:.0%} · {plot_label('bottom_customers')} {bottom:.0%} "
        f"{plot_label('lose' if bottom_share < 0 else 'make')} {abs(bottom_share):.0%}",
        transform=ax.transAxes, ha="left", va="bottom", fontsize=9))
    limits = (min(0.0, float(y.min())) - 0.02, max(1.1, float(y.max()) * 1.12))
    return artists, limits

def pyramid(values: Any, shares: Sequence[float] = (0.10, 0.30, 0.60),
            time: Sequence[float] = (0.60, 0.30, 0.10), measure: str = "revenue", *,
            agg: str = "sum", potential: Any = None,
            potential_threshold: float | None = None) -> Figure:
    """The customer pyramid: one band per tier (width = share of customers), labelled with its
    share of customers, of value and of sales time.

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values, as :func:`casekit.identify.pyramid` takes them.
    shares : (float, float, float)
        The shares of customers in the key, normal and small tiers (top first).
    time : (float, float, float)
        The shares of sales time each tier gets.
    measure : str
        The column aggregated per customer from a base or frame.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.
    potential : Series or array_like, optional
        Per-customer potential value; with it, prospects and unattractive customers are split
        out (see :func:`casekit.identify.pyramid`).
    potential_threshold : float, optional
        The potential separating prospects (default the small tier's median).

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = idf.pyramid(values, shares, time, measure, agg=agg, potential=potential,
                        potential_threshold=potential_threshold)
    fig, ax = new_figure(figsize=(8.0, 4.0))
    k = len(table)
    # band i (top = 0) is a trapezoid between heights k−i−1 and k−i, widening to the base
    edges = np.linspace(0.12, 1.0, k + 1)
    for i, row in enumerate(table.itertuples(index=False)):
        y0, top_w, bot_w = k - i - 1, edges[i] / 2, edges[i + 1] / 2
        ax.fill([-bot_w, bot_w, top_w, -top_w], [y0, y0, y0 + 0.94, y0 + 0.94],
                color=_TIER_COLOURS.get(str(row.tier), PALETTE[4]), alpha=0.9, lw=0)
        ax.text(0, y0 + 0.47, plot_label(str(row.tier)), ha="center", va="center",
                fontsize=10, color="white", fontweight="bold")
        ax.text(0.56, y0 + 0.47,
                f"{plot_label('customer_share')} {row.customer_share:.0%} · "
                f"{plot_label('value_share')} {row.value_share:.0%} · "
                f"{plot_label('time_share')} {row.time_share:.0%}",
                ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.52, 1.9)
    ax.set_ylim(0, k)
    ax.set_xticks([])
    ax.set_yticks([])
    fig = finish(fig, ax, title="customer_pyramid")
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return fig


def rfm_heatmap(data: Any, value: str = "customers", **rfm_kwargs: Any) -> Figure:
    """Customers on the R × F grid (rows R 5 → 1, columns F 1 → 5), each cell annotated; with
    ``value="monetary"`` the cell shows the mean monetary value instead of the count.

    ``data`` is an :func:`casekit.identify.rfm` table, or anything ``rfm`` accepts (extra
    keyword arguments go to it).

    Parameters
    ----------
    data : DataFrame or CustomerBase
        An RFM table, or activity for :func:`casekit.identify.rfm`.
    value : {"customers", "monetary"}
        What a cell shows: the number of customers or their mean monetary value.
    **rfm_kwargs
        Passed to :func:`casekit.identify.rfm` when ``data`` is not an RFM table.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if value not in ("customers", "monetary"):
        raise ValueError(f"value={value!r} is not allowed; choose 'customers' or 'monetary'")
    if isinstance(data, pd.DataFrame) and {"r_score", "f_score", "monetary"} <= set(data.columns):
        table = data
    else:
        table = idf.rfm(data, **rfm_kwargs)
    grid = np.zeros((5, 5))
    if value == "customers":
        np.add.at(grid, (table["r_score"].to_numpy() - 1, table["f_score"].to_numpy() - 1), 1)
    else:
        s = table.groupby(["r_score", "f_score"])["monetary"].mean()
        for (r, f), v in s.items():
            grid[int(r) - 1, int(f) - 1] = v
    shown = grid[::-1]                                   # R = 5 at the top
    fig, ax = new_figure(figsize=(6.0, 4.6))
    im = ax.imshow(shown, cmap="Blues", aspect="auto")
    hi = shown.max() if shown.max() > 0 else 1.0
    for i in range(5):
        for j in range(5):
            v = shown[i, j]
            txt = f"{v:,.0f}"
            seg = idf.RFM_GRID[4 - i, j]
            ax.text(j, i, f"{txt}\n{plot_label(seg)}", ha="center", va="center", fontsize=7,
                    color="white" if v > 0.6 * hi else "black")
    ax.set_xticks(range(5), [str(f) for f in range(1, 6)])
    ax.set_yticks(range(5), [str(r) for r in range(5, 0, -1)])
    fig.colorbar(im, ax=ax, label=plot_label("customers" if value == "customers"
                                             else "rfm_monetary"))
    fig = finish(fig, ax, title="rfm_heatmap", xlabel="f_score", ylabel="r_score")
    ax.grid(False)
    return fig


def value_matrix(current: Any, potential: Any = None, *,
                 split: str | float | tuple = "median", measure: str = "margin",
                 ahead: int | None = None, highlight: Any = None, scale: str = "symlog",
                 max_points: int = 5000, seed: int = 0) -> Figure:
    """Scatter of current × potential value coloured by quadrant, with the split lines and the
    quadrant names; ``highlight`` (customer ids or a boolean Series, e.g. elastic customers)
    are ringed in black. ``scale="symlog"`` (default) keeps heavy tails and negative values
    readable; more than ``max_points`` customers are subsampled (seeded) for drawing.

    Parameters
    ----------
    current, potential, split, measure, ahead
        As in :func:`casekit.identify.value_matrix`: current value (or a base), potential
        value, where the high/low lines fall, the measure and the periods ahead.
    highlight : ids or boolean Series, optional
        Customers ringed in black.
    scale : {"symlog", "linear"}
        The scale of both axes.
    max_points : int
        The most customers drawn; more are subsampled.
    seed : int
        Seed of that subsample.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if scale not in ("symlog", "linear"):
        raise ValueError(f"scale={scale!r} is not allowed; choose 'symlog' or 'linear'")
    max_points = whole_in("max_points", max_points, 1, MAX_POINTS)
    vm = idf.value_matrix(current, potential, split=split, measure=measure, ahead=ahead)
    hc = vm.loc[vm["high_current"], "current"]
    hp = vm.loc[vm["high_potential"], "potential"]
    tc = float(hc.min()) if len(hc) else float(vm["current"].max())
    tp = float(hp.min()) if len(hp) else float(vm["potential"].max())
    shown = vm
    if len(vm) > max_points:
        pick = np.random.default_rng(seed).choice(len(vm), max_points, replace=False)
        shown = vm.iloc[np.sort(pick)]
    fig, ax = new_figure(figsize=(8.5, 5.0))
    for q in vm["quadrant"].cat.categories:
        part = shown[shown["quadrant"] == q]
        ax.scatter(part["current"], part["potential"], s=10, alpha=0.6,
                   color=_QUADRANT_COLOURS[q],
                   label=f"{plot_label(q)} ({(vm['quadrant'] == q).mean():.0%})")
    if highlight is not None:
        ids = idf.selected_ids(highlight, "highlight")
        part = shown[shown["customer_id"].isin(ids)]
        ax.scatter(part["current"], part["potential"], s=28, facecolors="none",
                   edgecolors="black", lw=0.8, label=plot_label("elastic_customer"))
    ax.axvline(tc, color="#555555", lw=1, ls="--")
    ax.axhline(tp, color="#555555", lw=1, ls="--")
    if scale == "symlog":
        for axis, col in (("x", "current"), ("y", "potential")):
            mag = np.abs(vm[col].to_numpy())
            med = float(np.median(mag[mag > 0])) if (mag > 0).any() else 1.0
            lin = float(10 ** np.floor(np.log10(med)))     # a power of ten: ticks do not crowd
            (ax.set_xscale if axis == "x" else ax.set_yscale)("symlog", linthresh=lin)
    fig = finish(fig, ax, title="value_matrix", xlabel="current_value",
                 ylabel="potential_value")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
