"""Plain-pandas helpers for computing expected answers (kept independent of casekit's methods)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import CustomerBase


def totals(base: CustomerBase, column: str) -> pd.Series:
    """Sum of ``activity[column]`` per customer, over every customer (0 without activity)."""
    ids = base.customers["customer_id"].to_numpy()
    s = base.activity.groupby("customer_id", observed=True)[column].sum()
    return s.reindex(ids, fill_value=0.0).astype(float).rename_axis("customer_id")


def descending(values: pd.Series) -> pd.Series:
    """Values sorted largest first; ties broken by the smaller customer_id first."""
    frame = pd.DataFrame({"id": values.index.to_numpy(), "v": values.to_numpy()})
    frame = frame.sort_values(["v", "id"], ascending=[False, True], kind="mergesort")
    return pd.Series(frame["v"].to_numpy(), index=pd.Index(frame["id"].to_numpy(),
                                                            name=values.index.name))


def ascending(values: pd.Series) -> pd.Series:
    """Values sorted smallest first; ties broken by the smaller customer_id first."""
    frame = pd.DataFrame({"id": values.index.to_numpy(), "v": values.to_numpy()})
    frame = frame.sort_values(["v", "id"], ascending=[True, True], kind="mergesort")
    return pd.Series(frame["v"].to_numpy(), index=pd.Index(frame["id"].to_numpy(),
                                                            name=values.index.name))


def top_count(n: int, share: float) -> int:
    """How many customers make the top ``share`` of ``n``: ceil(share · n), at least 1."""
    return max(1, int(np.ceil(share * n - 1e-9)))


def active_in(base: CustomerBase, period: int) -> np.ndarray:
    """The customer ids with an activity row in ``period``."""
    act = base.activity
    return np.unique(act.loc[act["period"] == period, "customer_id"].to_numpy())


def churn_between(base: CustomerBase, period: int) -> float:
    """Share of customers active in ``period`` who have no activity in ``period + 1``."""
    now, nxt = active_in(base, period), active_in(base, period + 1)
    if len(now) == 0:
        return float("nan")
    return float(1.0 - np.isin(now, nxt).mean())


def curve_at(cum_share: np.ndarray, x: float) -> float:
    """A cumulative-share curve read at customer share ``x`` (linear between customers).

    ``cum_share[i]`` is the cumulative share after the (i+1)-th customer; the curve starts at
    (0, 0). Same reading as the course's Pareto curve: top 20% of 1,000 customers = 200.
    """
    n = len(cum_share)
    k = x * n
    i = int(np.floor(k + 1e-9))
    before = 0.0 if i == 0 else float(cum_share[i - 1])
    if i >= n:
        return float(cum_share[-1])
    frac = k - i
    return before + frac * (float(cum_share[i]) - before) if frac > 1e-9 else before


def cum_share(values: pd.Series, ascending_order: bool = False) -> np.ndarray:
    """Cumulative share of the total, customers sorted largest first (or smallest first)."""
    ranked = ascending(values) if ascending_order else descending(values)
    return np.cumsum(ranked.to_numpy()) / float(values.sum())
