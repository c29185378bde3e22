"""The two worlds in numbers (chapter 01): five small tables about a customer base.

Pure pandas, no drawing: they are what the chapter's pictures (:mod:`casekit.plots.worlds`)
and the world explorer show, so a test or a student can check every number on a figure:

* :func:`world_summary` — size, revenue per customer and period, top-20 % share, Gini,
  unprofitable share, share still active at the end;
* :func:`survival_table` — share of each group still a customer, period by period;
* :func:`weekly_order_table` — retailers ordering each week, by group;
* :func:`price_class_shares` — the carton mix over price classes 1–5, by group;
* :func:`revenue_per_active_period` — revenue per customer and period while a customer.

Everything comes from the observed tables (``customers``, ``activity``), nothing from
``truth``.

>>> import casekit as ck
>>> base = ck.tobacco(retailers=200, weeks=12, seed=1)
>>> s = world_summary(base)
>>> bool(0 < s["top_share"] < 1)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import CustomerBase
from .identify import customer_values, gini, top_share
from .validate import check_base, check_column

__all__ = ["world_summary", "survival_table", "weekly_order_table", "price_class_shares",
           "revenue_per_active_period", "PRICE_CLASS_COLUMNS"]

#: The tobacco world's carton counts by price class (1 = dearest … 5 = cheapest).
PRICE_CLASS_COLUMNS = [f"cartons_class{c}" for c in range(1, 6)]
#: How many of the last periods count as "the end" when asking who is still active.
_END_WINDOW = {"month": 1, "week": 4}


def _check_tobacco(base: CustomerBase, what: str) -> None:
    if not set(PRICE_CLASS_COLUMNS) <= set(base.activity.columns):
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

    Parameters
    ----------
    base : CustomerBase
        A generated or loaded base.
    top : float
        The share of customers for ``top_share``, in (0, 1] (default 0.2).

    Returns
    -------
    pandas.Series
        The figures listed above.

    >>> import casekit as ck
    >>> s = world_summary(ck.tobacco(retailers=100, weeks=8, seed=0))
    >>> int(s["customers"]), int(s["periods"])
    (100, 8)
    """
    base = check_base(base)
    n = len(base.customers)
    T = int(base.params.periods)
    revenue = customer_values(base, "revenue")
    margin = customer_values(base, "margin")
    window = _END_WINDOW.get(base.params.period_unit, 1)
    last = _last_period(base).to_numpy()
    total = float(revenue.sum())
    return pd.Series({
        "customers": float(n),
        "periods": float(T),
        "revenue_per_customer_period": total / (n * T) if n else 0.0,
        "top_share": top_share(revenue, top) if total > 0 else float("nan"),
        "gini": gini(revenue) if total > 0 else float("nan"),
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

    Parameters
    ----------
    base : CustomerBase
        A generated or loaded base.
    by : str or None
        A column of ``customers`` to group by (default ``"contract"``); None: one group.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``period``, ``customers``, ``share_active``.

    >>> import casekit as ck
    >>> t = survival_table(ck.telecom(customers=300, months=6, seed=1))
    >>> float(t.loc[t["period"] == 0, "share_active"].min())
    1.0
    """
    base = check_base(base)
    c = base.customers
    if by is not None:
        check_column(c, by, "customers")
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

    Parameters
    ----------
    base : CustomerBase
        A generated or loaded base.
    by : str or None
        A column of ``customers`` to group by (default ``"format_class"``); None: one group.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``period``, ``retailers``, ``ordering``, ``share_ordering``, ``revenue``.

    >>> import casekit as ck
    >>> t = weekly_order_table(ck.tobacco(retailers=100, weeks=4, seed=0), by=None)
    >>> list(t["period"])
    [1, 2, 3, 4]
    """
    base = check_base(base)
    c, a = base.customers, base.activity
    if by is not None:
        check_column(c, by, "customers")
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

    Parameters
    ----------
    base : CustomerBase
        A tobacco base.
    by : str or None
        A column of ``customers`` to group by (default ``"region"``); None: one group.

    Returns
    -------
    pandas.DataFrame
        One row per group, then ``all``; columns ``class_1`` … ``class_5``, each row summing
        to 1.

    >>> import casekit as ck
    >>> s = price_class_shares(ck.tobacco(retailers=300, weeks=8, seed=0))
    >>> s.loc["all"].idxmax()
    'class_3'
    """
    base = check_base(base)
    _check_tobacco(base, "price_class_shares")
    a = base.activity
    cartons = a[PRICE_CLASS_COLUMNS].astype("int64")
    cartons.columns = [f"class_{c}" for c in range(1, 6)]
    rows = {}
    if by is not None:
        c = base.customers
        check_column(c, by, "customers")
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

    Parameters
    ----------
    base : CustomerBase
        A generated or loaded base.

    Returns
    -------
    pandas.Series
        RMB per period of the customer's active span, indexed by customer_id.

    >>> import casekit as ck
    >>> v = revenue_per_active_period(ck.tobacco(retailers=50, weeks=8, seed=0))
    >>> len(v)
    50
    """
    base = check_base(base)
    a = base.activity
    g = a.groupby("customer_id", sort=True)
    span = (g["period"].max() - g["period"].min() + 1).astype(float)
    rev = g["revenue"].sum() / span
    ids = base.customers["customer_id"].to_numpy()
    out = rev.reindex(ids, fill_value=0.0).astype(float)
    out.index = pd.Index(ids, name="customer_id")
    return out.rename("revenue_per_period")
