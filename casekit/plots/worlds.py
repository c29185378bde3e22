"""Chapter 01 pictures: meet the two worlds (telecom and tobacco retail).

Five small tables come first (pure pandas, no drawing), then one function per picture. The
tables are what the pictures and the world explorer show, so a test or a student can check
every number on a figure directly:

* :func:`world_summary` — size, revenue per customer and period, top-20 % share, Gini,
  unprofitable share, share still active at the end;
* :func:`survival_table` — share of each group still a customer, period by period;
* :func:`weekly_order_table` — retailers ordering each week, by group;
* :func:`price_class_shares` — the carton mix over price classes 1–5, by group;
* :func:`revenue_per_active_period` — revenue per customer and period while a customer.

>>> import casekit as ck
>>> base = ck.tobacco(retailers=200, weeks=12, seed=1)
>>> s = world_summary(base)
>>> bool(0 < s["top_share"] < 1)
True
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import identify as idf
from .. import labels
from ..base import CustomerBase
from ..labels import plot_label
from ._style import PALETTE, finish, new_figure, percent_axis

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

_CLASS_COLS = [f"cartons_class{c}" for c in range(1, 6)]
_CLASS_COLOURS = (PALETTE[3], PALETTE[1], PALETTE[0], PALETTE[5], "#999999")
#: How many of the last periods count as "the end" when asking who is still active.
_END_WINDOW = {"month": 1, "week": 4}


def _check_base(base: Any, what: str = "base") -> CustomerBase:
    if not isinstance(base, CustomerBase):
        raise TypeError(f"{what}: expected a CustomerBase (e.g. ck.telecom() or ck.tobacco()), "
                        f"got {type(base).__name__}")
    return base


def _check_column(frame: pd.DataFrame, column: str, table: str) -> None:
    if column not in frame.columns:
        raise ValueError(f"column {column!r} is not in base.{table}; columns present: "
                         f"{list(frame.columns)}")


def _check_tobacco(base: CustomerBase, what: str) -> None:
    if not set(_CLASS_COLS) <= set(base.activity.columns):
        raise ValueError(f"{what} needs cartons by price class (cartons_class1..5 in "
                         f"base.activity), as in the tobacco world; this is the {base.world!r} "
                         "world")


def _last_period(base: CustomerBase) -> pd.Series:
    """Last period with activity per customer (0 = none), indexed like base.customers."""
    act = base.activity
    last = act.groupby("customer_id", sort=True)["period"].max()
    ids = base.customers["customer_id"].to_numpy()
    return last.reindex(ids, fill_value=0).astype(np.int64)


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def world_summary(base: CustomerBase, top: float = 0.2) -> pd.Series:
    """Key numbers of a customer base, as the world explorer shows them.

    - ``customers``: number of customers; ``periods``: periods observed;
    - ``revenue_per_customer_period``: total revenue / (customers × periods) (RMB; telecom:
      ARPU per customer-month, tobacco: order value per retailer-week including weeks without
      an order);
    - ``top_share``: share of total revenue of the top ``top`` customers
      (:func:`casekit.identify.top_share`); ``gini``: Gini coefficient of total revenue;
    - ``unprofitable_share``: share of customers whose total margin is below 0;
    - ``active_share``: share with activity in the last period (telecom: a bill in the last
      month) or, for weekly data, in the last four weeks (a retailer who has not ordered for a
      month has probably stopped).

    Formula of each: see above; everything from the observed tables, nothing from ``truth``.

    >>> import casekit as ck
    >>> s = world_summary(ck.tobacco(retailers=100, weeks=8, seed=0))
    >>> int(s["customers"]), int(s["periods"])
    (100, 8)
    """
    base = _check_base(base)
    n = len(base.customers)
    T = int(base.params.periods)
    revenue = idf.customer_values(base, "revenue")
    margin = idf.customer_values(base, "margin")
    window = _END_WINDOW.get(base.params.period_unit, 1)
    last = _last_period(base).to_numpy()
    total = float(revenue.sum())
    return pd.Series({
        "customers": float(n),
        "periods": float(T),
        "revenue_per_customer_period": total / (n * T) if n else 0.0,
        "top_share": idf.top_share(revenue, top) if total > 0 else float("nan"),
        "gini": idf.gini(revenue) if total > 0 else float("nan"),
        "unprofitable_share": float((margin.to_numpy() < 0).mean()) if n else 0.0,
        "active_share": float((last > T - window).mean()) if n else 0.0,
    }, name=base.world)


def survival_table(base: CustomerBase, by: str | None = "contract") -> pd.DataFrame:
    """Share of each group still a customer after each period: S(t) = #(last activity ≥ t) / n.

    "Still a customer in period t" means the customer has activity in period t or later. In
    the telecom world (a bill every month while subscribed) this is exactly "has not churned
    before month t"; in the tobacco world it is "has not stopped ordering", which near the end
    of the window understates the open licences (they may simply not have ordered yet).

    Returns columns ``group``, ``period`` (0..T), ``customers`` (group size) and
    ``share_active``. ``by=None`` gives one group, ``"all"``.

    >>> import casekit as ck
    >>> t = survival_table(ck.telecom(customers=300, months=6, seed=1))
    >>> float(t.loc[t["period"] == 0, "share_active"].min())
    1.0
    """
    base = _check_base(base)
    c = base.customers
    if by is not None:
        _check_column(c, by, "customers")
        groups = c[by].astype(str).to_numpy()
    else:
        groups = np.full(len(c), "all")
    last = _last_period(base).to_numpy()
    T = int(base.params.periods)
    periods = np.arange(T + 1)
    rows = []
    order = list(c[by].cat.categories) if by is not None and isinstance(
        c[by].dtype, pd.CategoricalDtype) else sorted(set(groups))
    for g in order:
        mask = groups == str(g)
        n = int(mask.sum())
        if n == 0:
            continue
        # customers with last activity ≥ t, for every t: one sort, one searchsorted
        lg = np.sort(last[mask])
        still = n - np.searchsorted(lg, np.maximum(periods, 1), side="left")
        share = np.where(periods == 0, 1.0, still / n)
        rows.append(pd.DataFrame({"group": str(g), "period": periods, "customers": n,
                                  "share_active": share}))
    return pd.concat(rows, ignore_index=True)


def weekly_order_table(base: CustomerBase, by: str | None = "format_class") -> pd.DataFrame:
    """Per period and group: retailers ordering, their share of the group, and revenue.

    share_ordering(t) = (retailers of the group with an order in week t) / (retailers of the
    group). Returns columns ``group``, ``period``, ``retailers`` (group size), ``ordering``,
    ``share_ordering``, ``revenue``. Works for any base (telecom: customers billed).

    >>> import casekit as ck
    >>> t = weekly_order_table(ck.tobacco(retailers=100, weeks=4, seed=0), by=None)
    >>> list(t["period"])
    [1, 2, 3, 4]
    """
    base = _check_base(base)
    c, a = base.customers, base.activity
    if by is not None:
        _check_column(c, by, "customers")
        g_all = c[by].astype(str)
        order = (list(c[by].cat.categories) if isinstance(c[by].dtype, pd.CategoricalDtype)
                 else sorted(g_all.unique()))
    else:
        g_all = pd.Series("all", index=c.index)
        order = ["all"]
    g_all = pd.Series(g_all.to_numpy(), index=c["customer_id"].to_numpy())
    sizes = g_all.value_counts()
    T = int(base.params.periods)
    grp = g_all.reindex(a["customer_id"].to_numpy()).to_numpy()
    frame = pd.DataFrame({"group": grp, "period": a["period"].to_numpy(),
                          "revenue": a["revenue"].to_numpy()})
    agg = frame.groupby(["group", "period"]).agg(ordering=("revenue", "size"),
                                                 revenue=("revenue", "sum"))
    full = pd.MultiIndex.from_product([[g for g in order if g in sizes.index],
                                       np.arange(1, T + 1)], names=["group", "period"])
    out = agg.reindex(full, fill_value=0).reset_index()
    out["retailers"] = out["group"].map(sizes).astype(int)
    out["share_ordering"] = out["ordering"] / out["retailers"]
    out["ordering"] = out["ordering"].astype(int)
    return out[["group", "period", "retailers", "ordering", "share_ordering", "revenue"]]


def price_class_shares(base: CustomerBase, by: str | None = "region") -> pd.DataFrame:
    """Share of cartons in price classes 1–5 per group (rows: groups, then "all").

    share_c = Σ cartons of class c / Σ cartons, over the group's orders. Tobacco world only.

    >>> import casekit as ck
    >>> s = price_class_shares(ck.tobacco(retailers=300, weeks=8, seed=0))
    >>> s.loc["all"].idxmax()
    'class_3'
    """
    base = _check_base(base)
    _check_tobacco(base, "price_class_shares")
    a = base.activity
    cartons = a[_CLASS_COLS].astype("int64")
    cartons.columns = [f"class_{c}" for c in range(1, 6)]
    rows = {}
    if by is not None:
        c = base.customers
        _check_column(c, by, "customers")
        groups = c[by].astype(str).to_numpy()[a["customer_id"].to_numpy()]
        order = (list(c[by].cat.categories) if isinstance(c[by].dtype, pd.CategoricalDtype)
                 else sorted(set(groups)))
        sums = cartons.groupby(groups).sum()
        for g in order:
            if g in sums.index:
                rows[str(g)] = sums.loc[g]
    rows["all"] = cartons.sum()
    table = pd.DataFrame(rows).T.astype(float)
    return table.div(table.sum(axis=1).replace(0, np.nan), axis=0)


def revenue_per_active_period(base: CustomerBase) -> pd.Series:
    """Per customer: total revenue / (last period − first period with activity + 1), 0 if none.

    >>> import casekit as ck
    >>> v = revenue_per_active_period(ck.tobacco(retailers=50, weeks=8, seed=0))
    >>> len(v)
    50
    """
    base = _check_base(base)
    a = base.activity
    g = a.groupby("customer_id", sort=True)
    span = (g["period"].max() - g["period"].min() + 1).astype(float)
    rev = g["revenue"].sum() / span
    ids = base.customers["customer_id"].to_numpy()
    out = rev.reindex(ids, fill_value=0.0).astype(float)
    out.index = pd.Index(ids, name="customer_id")
    return out.rename("revenue_per_period")


# --------------------------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------------------------


def _group_column(base: CustomerBase) -> str:
    return "format" if "format" in base.customers.columns else "segment"


def world_composition(base: CustomerBase, by: str | None = None) -> Figure:
    """Customers per segment (telecom) or retail format (tobacco), split urban/rural."""
    base = _check_base(base)
    c = base.customers
    by = by or _group_column(base)
    _check_column(c, by, "customers")
    _check_column(c, "region", "customers")
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
    """
    base = _check_base(base)
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


def _revenue_histogram(base: CustomerBase, by: str | None, bins: int):
    """What :func:`revenue_distribution` shows: revenue per customer and period ``v``, the
    bin edges (log spaced over the positive values), the positive values of each group shown
    (empty groups left out), their labels and colours, the median and the count without
    revenue. ``edges`` is None when no customer has revenue."""
    v = revenue_per_active_period(base)
    positive = v[v > 0]
    zero = int((v <= 0).sum())
    if len(positive) == 0:
        return None, [], [], [], float("nan"), zero
    lo, hi = float(positive.min()), float(positive.max())
    edges = np.geomspace(lo * 0.999, hi * 1.001 if hi > lo else lo * 1.01, bins + 1)
    if by is None:
        return edges, [positive.to_numpy()], [None], [PALETTE[0]], float(positive.median()), zero
    _check_column(base.customers, by, "customers")
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
    artists.append(ax.axvline(med, color="black", lw=1, ls="--", label=f"median ¥{med:,.0f}"))
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
    median.set_label(f"median ¥{med:,.0f}")
    legend.get_texts()[-1].set_text(f"median ¥{med:,.0f}")
    if zero:
        legend.get_title().set_text(f"{zero} without revenue (not shown)")
    return True


def _as_bases(bases: Any) -> dict:
    if isinstance(bases, CustomerBase):
        bases = {bases.world: bases}
    elif not isinstance(bases, Mapping):
        bases = {b.world: b for b in bases}
    if not bases:
        raise ValueError("bases: give at least one CustomerBase")
    return dict(bases)


def concentration_curves(bases: CustomerBase | Mapping[str, CustomerBase] | Sequence[CustomerBase],
                         top: float = 0.2, max_points: int = 1000) -> Figure:
    """Pareto curves of revenue for one or several bases on one axis, with the top-20 % reading.

    Curve: customers sorted by total revenue, largest first; x = share of customers, y =
    cumulative share of revenue. The number written for each base is
    :func:`casekit.identify.top_share` at ``top``.
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
        base = _check_base(base, f"bases[{name!r}]")
        v = np.sort(idf.customer_values(base, "revenue").to_numpy())[::-1]
        if v.sum() <= 0:
            continue
        n = len(v)
        x = np.arange(n + 1) / n
        y = np.concatenate([[0.0], np.cumsum(v) / v.sum()])
        idx = np.unique(np.linspace(0, n, min(n + 1, max_points)).round().astype(int))
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
    """
    base = _check_base(base)
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
    :func:`weekly_order_table`)."""
    base = _check_base(base)
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
    """Stacked bars: the share of cartons in price classes 1–5 per group and overall."""
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
    """
    base = _check_base(base)
    c = base.customers
    _check_column(c, "orders", "customers")
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
