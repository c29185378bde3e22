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
