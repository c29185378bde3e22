"""Chapter 01 pictures: meet the two worlds (telecom and tobacco retail).

One function per picture. The numbers they draw come from the tables of :mod:`casekit.worlds`
(:func:`casekit.world_summary`, :func:`casekit.survival_table`, …), re-exported here so
``ck.plots.world_summary`` keeps working.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import identify as idf
from .. import labels
from ..base import CustomerBase
from ..labels import plot_label
from ..validate import check_base, check_column
from ..worlds import (price_class_shares, revenue_per_active_period, survival_table,
                      weekly_order_table, world_summary)
from ._style import PALETTE, finish, new_figure, percent_axis, whole_in

__all__ = ["world_summary", "survival_table", "weekly_order_table", "price_class_shares",
           "revenue_per_active_period",
           "world_composition", "revenue_distribution", "concentration_curves",
           "retention_by_contract", "weekly_orders", "price_class_mix", "order_frequency"]

labels.register({
    "tobacco": ("tobacco retail", "卷烟零售"),
    "worlds_composition": ("Who the customers are", "客户构成"),
    "worlds_revenue_distribution": ("Revenue per customer and period", "每客户每期收入分布"),
    "worlds_revenue_per_period": ("revenue per customer per period (RMB, log scale)",
                                  "每客户每期收入（元，对数刻度）"),
    "worlds_concentration": ("Revenue concentration", "收入集中度"),
    "worlds_customers_ranked": ("customers ranked by revenue (largest first)",
                                "按收入排序的客户（从大到小）"),
    "worlds_cum_revenue_share": ("cumulative share of revenue", "累计收入占比"),
    "worlds_survival": ("Share still a customer, by contract", "按合约的在网客户占比"),
    "worlds_share_active": ("share still a customer", "仍为客户的占比"),
    "worlds_weekly_orders": ("Retailers ordering each week", "每周订货的零售客户"),
    "worlds_share_ordering": ("share of retailers ordering", "订货客户占比"),
    "worlds_price_class_mix": ("Cartons by price class", "各价类卷烟销量（条）结构"),
    "worlds_share_of_cartons": ("share of cartons", "销量占比"),
    "worlds_order_frequency": ("How often retailers order", "零售客户的订货频率"),
    "worlds_weeks_with_order": ("share of weeks with an order (since licensed)",
                                "有订货的周数占比（自持证起）"),
    "worlds_identical_retailers": ("if all retailers were alike", "若所有客户完全相同"),
    "worlds_number_of_customers": ("number of customers", "客户数"),
    "worlds_top20": ("top 20 %", "前 20%"),
    "class_1": ("class 1 (≥ ¥100)", "一类烟（≥100元）"),
    "class_2": ("class 2 (¥70–100)", "二类烟（70–100元）"),
    "class_3": ("class 3 (¥30–70)", "三类烟（30–70元）"),
    "class_4": ("class 4 (¥16.5–30)", "四类烟（16.5–30元）"),
    "class_5": ("class 5 (< ¥16.5)", "五类烟（<16.5元）"),
})

_CLASS_COLOURS = (PALETTE[3], PALETTE[1], PALETTE[0], PALETTE[5], "#999999")


# --------------------------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------------------------


def _group_column(base: CustomerBase) -> str:
    return "format" if "format" in base.customers.columns else "segment"


def world_composition(base: CustomerBase, by: str | None = None) -> Figure:
    """Customers per segment (telecom) or retail format (tobacco), split urban/rural.

    Parameters
    ----------
    base : CustomerBase
        A world (telecom or tobacco).
    by : str, optional
        A column of ``customers`` to count by (default: segment, or retail format for
        tobacco).

    Returns
    -------
    matplotlib.figure.Figure
    """
    base = check_base(base)
    c = base.customers
    by = by or _group_column(base)
    check_column(c, by, "customers")
    check_column(c, "region", "customers")
    table = pd.crosstab(c[by], c["region"]).reindex(
        columns=[r for r in ("urban", "rural") if r in set(c["region"].astype(str))]
        + [r for r in c["region"].astype(str).unique() if r not in ("urban", "rural")])
    table = table.loc[table.sum(axis=1).sort_values().index]
    fig, ax = new_figure(figsize=(7.0, 0.45 * len(table) + 1.6))
    left = np.zeros(len(table))
    names = [plot_label(str(i)) for i in table.index]
    total = table.to_numpy().sum()
    for j, region in enumerate(table.columns):
        vals = table[region].to_numpy()
        ax.barh(names, vals, left=left, color=PALETTE[j], label=plot_label(str(region)))
        left += vals
    for y, v in enumerate(left):
        ax.text(v, y, f"  {int(v):,} ({v / total:.0%})", va="center", fontsize=9)
    ax.set_xlim(0, left.max() * 1.3)
    return finish(fig, ax, title="worlds_composition", xlabel="worlds_number_of_customers",
                  legend=True)


def revenue_distribution(base: CustomerBase, by: str | None = "segment",
                         bins: int = 40) -> Figure:
    """Histogram of revenue per customer per period on a log scale, stacked by group.

    Revenue per period = total revenue / (last − first period with activity + 1): telecom,
    the average monthly bill while subscribed; tobacco, order value per week while trading
    (weeks without an order count as 0). Customers without revenue are left out of the log
    axis (their number is written in the legend).

    Parameters
    ----------
    base : CustomerBase
        A world (telecom or tobacco).
    by : str or None
        A column of ``customers`` to group by (default ``"segment"``); None: one group.
    bins : int
        Number of bins on the log revenue axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    base = check_base(base)
    fig, ax = new_figure(figsize=(7.0, 4.0))
    if not (revenue_per_active_period(base) > 0).any():      # no log axis to draw on
        ax.text(0.5, 0.5, "no revenue", ha="center", transform=ax.transAxes)
        return finish(fig, ax, title="worlds_revenue_distribution")
    revenue_distribution_axes(fig, ax)
    revenue_distribution_marks(ax, base, by=by, bins=bins)
    return fig


def revenue_distribution_axes(fig: Figure, ax) -> None:
    """The parts of :func:`revenue_distribution` that do not depend on the base: the log
    revenue axis, room above the bars for the legend, title and axis labels."""
    ax.set_xscale("log")
    ax.set_ymargin(0.4)
    finish(fig, ax, title="worlds_revenue_distribution", xlabel="worlds_revenue_per_period",
           ylabel="worlds_number_of_customers")


#: The most bars a histogram is drawn with (a screen shows no more).
MAX_BINS = 10_000


def _revenue_histogram(base: CustomerBase, by: str | None, bins: int):
    """What :func:`revenue_distribution` shows: revenue per customer and period ``v``, the
    bin edges (log spaced over the positive values), the positive values of each group shown
    (empty groups left out), their labels and colours, the median and the count without
    revenue. ``edges`` is None when no customer has revenue."""
    bins = whole_in("bins", bins, 1, MAX_BINS)
    v = revenue_per_active_period(base)
    positive = v[v > 0]
    zero = int((v <= 0).sum())
    if len(positive) == 0:
        return None, [], [], [], float("nan"), zero
    lo, hi = float(positive.min()), float(positive.max())
    edges = np.geomspace(lo * 0.999, hi * 1.001 if hi > lo else lo * 1.01, bins + 1)
    if by is None:
        return edges, [positive.to_numpy()], [None], [PALETTE[0]], float(positive.median()), zero
    check_column(base.customers, by, "customers")
    groups = base.customers.set_index("customer_id").loc[positive.index, by]
    order = (list(groups.cat.categories) if isinstance(groups.dtype, pd.CategoricalDtype)
             else sorted(groups.unique()))
    data = [positive[groups.to_numpy() == g].to_numpy() for g in order]
    keep = [i for i, d in enumerate(data) if len(d)]
    return (edges, [data[i] for i in keep], [plot_label(str(order[i])) for i in keep],
            [PALETTE[i % len(PALETTE)] for i in keep], float(positive.median()), zero)


def revenue_distribution_marks(ax, base: CustomerBase, by: str | None = "segment",
                               bins: int = 40) -> list:
    """Draw the stacked histogram of :func:`revenue_distribution`, its median line and the
    legend (groups, the median, the count of customers without revenue) on ``ax`` (a log-x
    axes); return these artists: the bars (group by group), the median line, the legend
    (the world explorer moves or replaces just them when the world changes, see
    :func:`revenue_distribution_update`)."""
    edges, data, names, colours, med, zero = _revenue_histogram(base, by, bins)
    if edges is None:
        return [ax.text(0.5, 0.5, "no revenue", ha="center", transform=ax.transAxes)]
    if by is not None:
        *_, bars = ax.hist(data, bins=edges, stacked=True, color=colours, label=names)
    else:
        *_, bars = ax.hist(data[0], bins=edges, color=colours[0])
    containers = bars if isinstance(bars, list) else [bars]
    artists = [patch for container in containers for patch in container]
    artists.append(ax.axvline(med, color="black", lw=1, ls="--",
                              label=f"{plot_label('median')} ¥{med:,.0f}"))
    title = f"{zero} without revenue (not shown)" if zero else None
    # upper right: above the bars (the y axis leaves 40 % room), and cheaper than "best"
    legend = ax.legend(frameon=False, fontsize=9, title=title, title_fontsize=8,
                       loc="upper right")
    # Empty bins draw nothing: hide them, so a redraw skips them. Only now, as the legend
    # copies each group's look (visible too) from the group's first bar.
    for patch in artists[:-1]:
        patch.set_visible(patch.get_height() != 0)
    return artists + [legend]


def revenue_distribution_update(marks: list, base: CustomerBase, by: str | None = "segment",
                                bins: int = 40) -> bool:
    """Move the artists ``marks`` (from :func:`revenue_distribution_marks`) to show ``base``,
    in place: cheaper than drawing new bars. The bars get the places and heights ``ax.hist``
    would give them (same bins, stacked). Returns False, changing nothing, when ``base``
    needs other artists (other groups, customers without revenue appearing or going, no
    revenue at all); then draw new marks."""
    edges, data, names, colours, med, zero = _revenue_histogram(base, by, bins)
    bars = [a for a in marks if isinstance(a, Rectangle)]
    if edges is None or len(marks) != len(bars) + 2 or len(bars) != len(data) * bins:
        return False
    median, legend = marks[-2:]
    shown = [t.get_text() for t in legend.get_texts()[:-1]]
    if (shown != [n for n in names if n is not None]
            or bool(zero) != bool(legend.get_title().get_text())):
        return False
    tops = np.array([np.histogram(d, edges)[0] for d in data], dtype=float).cumsum(axis=0)
    width = np.diff(edges)
    left = (edges[:-1] + 0.5 * width) - width / 2          # as Axes.bar centres them
    bottom = np.zeros(bins)
    for k, top in enumerate(tops):
        for bar, x, w, b, h in zip(bars[k * bins:(k + 1) * bins], left, width, bottom,
                                   top - bottom):
            bar.set_bounds(x, b, w, h)
            bar.set_visible(h != 0)
        bottom = top
    median.set_xdata([med, med])
    median.set_label(f"{plot_label('median')} ¥{med:,.0f}")
    legend.get_texts()[-1].set_text(f"{plot_label('median')} ¥{med:,.0f}")
    if zero:
        legend.get_title().set_text(f"{zero} without revenue (not shown)")
    return True


def _as_bases(bases: Any) -> dict:
    if isinstance(bases, CustomerBase):
        bases = {bases.world: bases}
    elif not isinstance(bases, Mapping):
        if isinstance(bases, (str, bytes)) or not isinstance(bases, Iterable):
            raise TypeError(f"bases={bases!r}: expected a CustomerBase, a dict {{name: "
                            "CustomerBase}} or a list of them")
        bases = {check_base(b, "bases[...]").world: b for b in bases}
    if not bases:
        raise ValueError("bases: give at least one CustomerBase")
    return dict(bases)


def concentration_curves(bases: CustomerBase | Mapping[str, CustomerBase] | Sequence[CustomerBase],
                         top: float = 0.2, max_points: int = 1000) -> Figure:
    """Pareto curves of revenue for one or several bases on one axis, with the top-20 % reading.

    Curve: customers sorted by total revenue, largest first; x = share of customers, y =
    cumulative share of revenue. The number written for each base is
    :func:`casekit.identify.top_share` at ``top``.

    Parameters
    ----------
    bases : CustomerBase, dict or sequence of CustomerBase
        One base, ``{name: base}``, or several bases (named by their world).
    top : float
        The share of customers whose revenue share is written for each base.
    max_points : int
        The most points each curve is drawn with.

    Returns
    -------
    matplotlib.figure.Figure
    """
    bases = _as_bases(bases)
    fig, ax = new_figure(figsize=(6.5, 4.2))
    concentration_axes(fig, ax, top=top)
    concentration_marks(ax, bases, top=top, max_points=max_points)
    return fig


def concentration_axes(fig: Figure, ax, top: float = 0.2) -> None:
    """The parts of :func:`concentration_curves` that do not depend on the bases: the
    equality diagonal, the line at ``top``, the 0–100 % axes and labels."""
    ax.plot([0, 1], [0, 1], color="#999999", lw=1, ls=":")
    ax.axvline(top, color=PALETTE[3], lw=1, ls="--")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    finish(fig, ax, title="worlds_concentration", xlabel="worlds_customers_ranked",
           ylabel="worlds_cum_revenue_share")


def concentration_marks(ax, bases: Any, top: float = 0.2, max_points: int = 1000) -> list:
    """Draw each base's concentration curve, its top-``top`` point and the legend on ``ax``;
    return these artists (the world explorer replaces just them when the world changes)."""
    artists, curves = [], []
    for i, (name, base) in enumerate(_as_bases(bases).items()):
        base = check_base(base, f"bases[{name!r}]")
        v = np.sort(idf.customer_values(base, "revenue").to_numpy())[::-1]
        if v.sum() <= 0:
            continue
        n = len(v)
        x = np.arange(n + 1) / n
        y = np.concatenate([[0.0], np.cumsum(v) / v.sum()])
        idx = np.unique(np.linspace(0, n, min(n + 1, whole_in("max_points", max_points, 2,
                                                                10**6))).round().astype(int))
        share = idf.top_share(v, top)
        colour = PALETTE[i % len(PALETTE)]
        curves += ax.plot(x[idx], y[idx], color=colour, lw=2,
                          label=f"{plot_label(str(name))}: {plot_label('worlds_top20')} → "
                                f"{share:.0%}")
        artists += curves[-1:] + ax.plot([top], [share], "o", color=colour)
    # lower right: below the diagonal, where no concentration curve goes
    return artists + [ax.legend(handles=curves, frameon=False, loc="lower right")]


def retention_by_contract(base: CustomerBase, by: str = "contract") -> Figure:
    """Share of customers still with the firm, month by month, one curve per group.

    Uses :func:`survival_table`. For the telecom world the curves separate by contract: 24-month
    customers stay longest, month-to-month customers leave fastest.

    Parameters
    ----------
    base : CustomerBase
        A world (telecom or tobacco).
    by : str or None
        A column of ``customers`` to group by (default ``"contract"``); None: one group.

    Returns
    -------
    matplotlib.figure.Figure
    """
    base = check_base(base)
    table = survival_table(base, by=by)
    fig, ax = new_figure(figsize=(7.0, 4.0))
    for i, (g, sub) in enumerate(table.groupby("group", sort=False)):
        n = int(sub["customers"].iloc[0])
        end = float(sub["share_active"].iloc[-1])
        ax.step(sub["period"], sub["share_active"], where="post", lw=2,
                color=PALETTE[i % len(PALETTE)],
                label=f"{plot_label(str(g))} (n = {n:,}): {end:.0%}")
    ax.set_ylim(max(0.0, float(table["share_active"].min()) - 0.1), 1.01)
    ax.set_xlim(0, int(table["period"].max()))
    percent_axis(ax)
    return finish(fig, ax, title="worlds_survival", xlabel=base.params.period_unit,
                  ylabel="worlds_share_active", legend=True)


def weekly_orders(base: CustomerBase, by: str | None = "format_class") -> Figure:
    """Share of retailers placing an order each week, one line per group (from
    :func:`weekly_order_table`).

    Parameters
    ----------
    base : CustomerBase
        A world (telecom or tobacco).
    by : str or None
        A column of ``customers`` to group by (default ``"format_class"``); None: one group.

    Returns
    -------
    matplotlib.figure.Figure
    """
    base = check_base(base)
    table = weekly_order_table(base, by=by)
    fig, ax = new_figure(figsize=(7.0, 4.0))
    for i, (g, sub) in enumerate(table.groupby("group", sort=False)):
        mean = float(sub["share_ordering"].mean())
        ax.plot(sub["period"], sub["share_ordering"], lw=1.8, color=PALETTE[i % len(PALETTE)],
                label=f"{plot_label(str(g))}: {mean:.0%}")
    ax.set_ylim(0, 1.02)
    percent_axis(ax)
    return finish(fig, ax, title="worlds_weekly_orders", xlabel=base.params.period_unit,
                  ylabel="worlds_share_ordering", legend=True)


def price_class_mix(base: CustomerBase, by: str | None = "region") -> Figure:
    """Stacked bars: the share of cartons in price classes 1–5 per group and overall.

    Parameters
    ----------
    base : CustomerBase
        The tobacco world (cartons by price class).
    by : str or None
        A column of ``customers`` to group by (default ``"region"``); None: overall only.

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = price_class_shares(base, by=by)
    fig, ax = new_figure(figsize=(7.5, 0.55 * len(table) + 1.8))
    names = [plot_label(str(i)) for i in table.index][::-1]
    left = np.zeros(len(table))
    for j, col in enumerate(table.columns):
        vals = table[col].to_numpy()[::-1]
        ax.barh(names, vals, left=left, color=_CLASS_COLOURS[j], label=plot_label(col))
        for y, (l0, w) in enumerate(zip(left, vals)):
            if w >= 0.06:
                ax.text(l0 + w / 2, y, f"{w:.0%}", ha="center", va="center", fontsize=8,
                        color="white" if j in (0, 2) else "black")
        left += vals
    ax.set_xlim(0, 1)
    percent_axis(ax, "x")
    fig = finish(fig, ax, title="worlds_price_class_mix", xlabel="worlds_share_of_cartons")
    ax.legend(frameon=False, ncol=3, fontsize=8, loc="upper center",
              bbox_to_anchor=(0.5, -0.25))
    return fig


def order_frequency(base: CustomerBase, min_weeks: int = 13, bins: int = 20) -> Figure:
    """Histogram of each retailer's share of weeks with an order, next to identical retailers.

    share_i = orders_i / weeks since the licence (or week 1), for retailers observed at least
    ``min_weeks`` weeks. The outline shows what the same histogram would look like if every
    retailer ordered with the same weekly probability (the overall mean; binomial): the real
    spread is much wider — order propensity differs between retailers (gamma heterogeneity),
    which is what the BG/NBD model assumes.

    Parameters
    ----------
    base : CustomerBase
        The tobacco world (``orders`` per retailer).
    min_weeks : int
        Leave out retailers observed for fewer weeks.
    bins : int
        Number of bins over shares 0..1.

    Returns
    -------
    matplotlib.figure.Figure
    """
    base = check_base(base)
    min_weeks = whole_in("min_weeks", min_weeks, 1, 10**6)
    bins = whole_in("bins", bins, 1, MAX_BINS)
    c = base.customers
    check_column(c, "orders", "customers")
    T = int(base.params.periods)
    start = (np.maximum(c["licensed_week"].to_numpy(), 1) if "licensed_week" in c.columns
             else np.ones(len(c), dtype=int))
    weeks = T - start + 1
    keep = weeks >= min_weeks
    share = c["orders"].to_numpy()[keep] / weeks[keep]
    fig, ax = new_figure(figsize=(7.0, 4.0))
    edges = np.linspace(0, 1, bins + 1)
    ax.hist(share, bins=edges, color=PALETTE[0], alpha=0.85, label=plot_label("retailers"))
    if keep.any():
        p = float(share.mean())
        rng = np.random.default_rng(0)
        same = rng.binomial(weeks[keep], p) / weeks[keep]
        ax.hist(same, bins=edges, histtype="step", color=PALETTE[3], lw=2,
                label=plot_label("worlds_identical_retailers"))
        ax.axvline(p, color="black", lw=1, ls="--")
    percent_axis(ax, "x")
    return finish(fig, ax, title="worlds_order_frequency", xlabel="worlds_weeks_with_order",
                  ylabel="worlds_number_of_customers", legend=True)
