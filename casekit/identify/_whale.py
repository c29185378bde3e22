"""The whale curve: cumulative profit by customers ranked most profitable first."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..validate import check_fraction
from ._values import _aligned, curve_at, _desc, _ranked, _values, customer_values


# =============================================================================================
# Whale curve
# =============================================================================================


def _profit(profit: Any, measure: str, cost_to_serve: Any) -> pd.Series:
    s = _values(profit, measure, "sum", what="profit")
    if isinstance(cost_to_serve, pd.Series):
        c = _aligned(cost_to_serve, s.index, "cost_to_serve")
        if (c < 0).any():
            raise ValueError("cost_to_serve: values must be >= 0 RMB; "
                             f"{int((c < 0).sum())} are negative")
        return s - c
    if isinstance(cost_to_serve, bool) or not isinstance(
            cost_to_serve, (int, float, np.integer, np.floating)):
        raise TypeError(f"cost_to_serve={cost_to_serve!r}: expected a number (RMB) or a Series "
                        "per customer")
    c = float(cost_to_serve)
    if not np.isfinite(c) or c < 0:
        raise ValueError(f"cost_to_serve={cost_to_serve!r} is out of range; allowed: >= 0 RMB")
    if c == 0:
        return s
    if isinstance(profit, CustomerBase):
        periods = customer_values(profit, agg="count")
        return s - c * periods
    return s - c


def _whale_profit(profit: Any, measure: str, cost_to_serve: Any) -> tuple[pd.Series, float]:
    s = _profit(profit, measure, cost_to_serve)
    total = float(s.sum())
    if total <= 0:
        raise ValueError(f"profit: the total is {total:,.2f} RMB (≤ 0); the whale curve shows "
                         "cumulative profit as a % of a positive total — lower cost_to_serve or "
                         "check the measure")
    return s, total


def whale_values(profit: Any, measure: str = "margin",
                  cost_to_serve: Any = 0.0) -> tuple[np.ndarray, float]:
    """Profits largest first and their total: the whale curve's points without customer ids.

    Parameters
    ----------
    profit, measure, cost_to_serve
        As for :func:`whale_curve` (the total must be positive).

    Returns
    -------
    (ndarray, float)
        Per-customer profit, largest first, and the total profit.

    References
    ----------
    Kaplan, R. S. & Cooper, R. (1998). *Cost & Effect*. Harvard Business School Press (the
    whale curve of cumulative customer profitability).

    >>> p, total = whale_values([10.0, -5.0, 40.0])
    >>> p.tolist(), total
    ([40.0, 10.0, -5.0], 45.0)
    """
    s, total = _whale_profit(profit, measure, cost_to_serve)
    return _desc(s.to_numpy()), total


def whale_curve(profit: Any, measure: str = "margin", *,
                cost_to_serve: float | pd.Series = 0.0) -> pd.DataFrame:
    """The whale curve: cumulative profit as a share of total profit, most profitable first.

    Columns: ``rank``, ``customer_id``, ``profit``, ``cum_profit``, ``cum_profit_share``
    (= cum_profit / total profit; rises above 1 and falls back to exactly 1) and
    ``customer_share`` (= rank / n). Its peak is the profit the profitable customers make;
    everything after the peak is what the loss-makers eat (Cooper & Kaplan 1991; Kaplan &
    Narayanan 2001).

    ``cost_to_serve`` (RMB, ≥ 0) is subtracted from each customer's profit before ranking: a
    Series gives it per customer; a number is per customer, or, for a CustomerBase, per
    customer-period with activity (so a customer active in 12 months pays it 12 times). A fixed
    cost to serve makes small customers unprofitable and raises the whale.

    The total profit must be positive (the curve is in % of it).

    Parameters
    ----------
    profit : Series, DataFrame, array_like or CustomerBase
        Per-customer profit (losses allowed).
    measure : str
        The column aggregated from a base or frame (default margin).
    cost_to_serve : float or Series
        Extra cost per customer-period subtracted from profit.

    Returns
    -------
    DataFrame
        One row per customer, most profitable first.

    References
    ----------
    Cooper & Kaplan (1991); Kaplan & Narayanan (2001).

    >>> whale_curve([5, -1, 2]).cum_profit_share.round(3).tolist()   # total 6
    [0.833, 1.167, 1.0]
    """
    s, total = _whale_profit(profit, measure, cost_to_serve)
    ids, x = _ranked(s)
    n = len(x)
    cum = np.cumsum(x)
    rank = np.arange(1, n + 1)
    return pd.DataFrame({"rank": rank, "customer_id": ids, "profit": x,
                         "cum_profit": cum, "cum_profit_share": cum / total,
                         "customer_share": rank / n})


def whale_summary(profit: Any, measure: str = "margin", *,
                  cost_to_serve: float | pd.Series = 0.0, top: float = 0.2,
                  bottom: float = 0.3) -> pd.Series:
    """The numbers of the whale: its peak, the unprofitable share and the 80/20/30 reading.

    Returns a Series with:

    * ``customers``, ``total_profit`` (RMB);
    * ``peak_share``: highest cumulative profit ÷ total (e.g. 2.25 = 225%, Kanthal);
    * ``peak_customer_share``: share of customers at the peak (the profitable ones);
    * ``unprofitable_share``: share of customers with profit < 0;
    * ``top_share``: profit of the top ``top`` (default 20%) ÷ total, read on the curve as in
      :func:`top_share`;
    * ``bottom_share``: profit of the bottom ``bottom`` (default 30%) ÷ total — negative when
      they lose money; Sherden's 80/20/30 rule: the top 20% make 80% of the profit, half of
      which the unprofitable bottom 30% lose again;
    * ``eaten_share``: losses of the unprofitable ÷ profit of the profitable = 1 − 1/peak.

    Parameters
    ----------
    profit : Series, DataFrame, array_like or CustomerBase
        Per-customer profit (losses allowed).
    measure : str
        The column aggregated from a base or frame (default margin).
    cost_to_serve : float or Series
        Extra cost per customer-period subtracted from profit.
    top, bottom : float
        The shares of most and least profitable customers read off the curve.

    Returns
    -------
    pandas.Series
        The figures listed above.

    References
    ----------
    Cooper & Kaplan (1991); Kaplan & Narayanan (2001).

    >>> whale_summary([5, -1, 2])[["peak_share", "unprofitable_share"]].round(3).tolist()
    [1.167, 0.333]
    """
    top = check_fraction("top", top)
    bottom = check_fraction("bottom", bottom)
    x, total = whale_values(profit, measure, cost_to_serve)
    share = np.cumsum(x) / total
    n = len(share)
    peak_i = int(np.argmax(share))
    gains = float(x[x > 0].sum())
    losses = 0.0 - float(x[x < 0].sum())
    return pd.Series({
        "customers": float(n),
        "total_profit": total,
        "peak_share": float(share[peak_i]),
        "peak_customer_share": (peak_i + 1) / n,
        "unprofitable_share": float((x < 0).mean()),
        "top_share": curve_at(share, top),
        "bottom_share": 1.0 - curve_at(share, 1.0 - bottom),
        "eaten_share": losses / gains if gains > 0 else float("nan"),
    }, name="whale_summary")
