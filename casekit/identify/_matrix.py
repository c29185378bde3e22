"""The current × potential value matrix and value trends."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ._values import (
    _aligned, _check_frame_column, _check_numeric, _group_sums, _values, customer_values,
)


# =============================================================================================
# Value matrix
# =============================================================================================


def value_trend(base: CustomerBase, measure: str = "margin", *,
                ahead: int | None = None) -> pd.DataFrame:
    """Current value per period and its linear trend, per customer of a base.

    Over the full observation window t = 1..T (T = ``base.params.periods``), a period without
    activity counts as 0 (a churned subscriber, a week without an order). Per customer:
    ``current`` = mean value per period ȳ; ``slope`` = Σ (t − t̄)(y_t − ȳ) / Σ (t − t̄)² (least
    squares, RMB per period per period); ``potential`` = slope · ``ahead`` — the change in
    value per period the trend promises ``ahead`` periods on (default T). A simple, observable
    stand-in for growth potential; the truth (``true_growth``) is what it tries to guess.

    Parameters
    ----------
    base : CustomerBase
    measure : str
        The activity column (default margin).
    ahead : int, optional
        Periods ahead the potential is read at.

    Returns
    -------
    DataFrame
        One row per customer: ``customer_id``, ``current``, ``slope``, ``potential``.

    References
    ----------
    Course deck 客户终身价值 (seed 003): current and potential value. The slope is the ordinary
    least-squares slope of y on t; reading potential off a linear trend is this kit's
    assumption (a teaching stand-in for growth potential).
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"value_trend: expected a CustomerBase, got {type(base).__name__}")
    T = int(base.params.periods)
    if ahead is None:
        ahead = T
    if isinstance(ahead, bool) or not isinstance(ahead, (int, np.integer)) or ahead < 1:
        raise ValueError(f"ahead={ahead!r} is out of range; allowed: whole number >= 1")
    act = base.activity
    _check_frame_column(act, measure, "base.activity")
    y = _check_numeric(act[measure], f"base.activity[{measure!r}]").to_numpy()
    t = act["period"].to_numpy().astype("float64")
    tbar = (T + 1) / 2.0
    sxx = float(((np.arange(1, T + 1) - tbar) ** 2).sum())
    sums = _group_sums(act["customer_id"].to_numpy(), [y, (t - tbar) * y])
    ids = base.customers["customer_id"].to_numpy()
    sums = sums.reindex(ids, fill_value=0.0)
    current = sums[0].to_numpy() / T
    slope = sums[1].to_numpy() / sxx if sxx > 0 else np.zeros(len(ids))
    return pd.DataFrame({"customer_id": ids, "current": current, "slope": slope,
                         "potential": slope * ahead})


def _potential_series(data: Any, potential: Any, measure: str = "margin",
                      ahead: int | None = None) -> pd.Series:
    if isinstance(potential, pd.Series):
        return customer_values(potential, "potential")
    if isinstance(data, CustomerBase):
        if potential is None or potential == "trend":
            vt = value_trend(data, measure, ahead=ahead)
            return pd.Series(vt["potential"].to_numpy(),
                             index=pd.Index(vt["customer_id"].to_numpy(), name="customer_id"),
                             name="potential")
        if isinstance(potential, str):
            cust = data.customers
            _check_frame_column(cust, potential, "base.customers")
            return customer_values(cust, potential)
    if potential is None:
        raise ValueError("potential: needed when the values are not a CustomerBase — pass a "
                         "Series of potential value per customer")
    raise TypeError(f"potential={potential!r}: expected a Series per customer, 'trend' or a "
                    "column name of base.customers")


def _split_value(x: np.ndarray, split: Any, name: str, param: str = "split") -> float:
    if isinstance(split, str) and split == "median":
        return float(np.median(x))
    if isinstance(split, str) and split == "mean":
        return float(np.mean(x))
    if isinstance(split, (int, float, np.integer, np.floating)) and not isinstance(split, bool):
        if not np.isfinite(float(split)):
            raise ValueError(f"{param} for {name}={split!r}: must be a finite number, "
                             "'median' or 'mean'")
        return float(split)
    raise ValueError(f"{param} for {name}={split!r}: use 'median', 'mean' or a number")


def _matrix_inputs(current: Any, potential: Any, measure: str,
                   ahead: int | None) -> tuple[pd.Series, np.ndarray]:
    """Current value per customer (per period for a base) and potential in the same order."""
    agg = "per_period" if isinstance(current, CustomerBase) else "sum"
    cur = _values(current, measure, agg, what="current")
    pot = _aligned(_potential_series(current, potential, measure, ahead), cur.index, "potential")
    return cur, pot


def value_matrix(current: Any, potential: Any = None, *,
                 split: str | float | tuple = "median", measure: str = "margin",
                 ahead: int | None = None) -> pd.DataFrame:
    """Current value × potential value matrix (当前价值 × 潜在价值): four quadrants.

    * high current, high potential → ``maintain`` (维持: maintain and invest);
    * low current, high potential → ``cultivate`` (培养);
    * high current, low potential → ``keep_efficiently`` (keep, without new investment);
    * low current, low potential → ``reconsider`` (在投入资源之前慎重考虑).

    "High" means ≥ the threshold. ``split`` is ``"median"`` (default), ``"mean"``, or a pair
    ``(current_threshold, potential_threshold)`` (each a number or "median"/"mean").
    With a CustomerBase, ``current`` is the mean ``measure`` per period and ``potential``
    defaults to the trend of :func:`value_trend` (or name a column of ``base.customers``, or
    pass a Series). Source: course deck 客户终身价值 (seed 003).

    Returns ``customer_id``, ``current``, ``potential``, ``high_current``,
    ``high_potential`` and ``quadrant`` (category).

    Parameters
    ----------
    current : Series, DataFrame, array_like or CustomerBase
        Current value per customer (a base: :func:`value_trend`).
    potential : Series or array_like, optional
        Potential value per customer (default from :func:`value_trend`).
    split : "median", float or (float, float)
        Where high and low are separated on each axis.
    measure : str
        The measure of a base.
    ahead : int, optional
        As for :func:`value_trend`.

    Returns
    -------
    DataFrame
        One row per customer with ``quadrant``.

    References
    ----------
    Course deck 客户终身价值 (seed 003): the current value × potential value matrix.
    """
    cur, p = _matrix_inputs(current, potential, measure, ahead)
    c = cur.to_numpy()
    if isinstance(split, tuple) and len(split) != 2:
        raise ValueError(f"split={split!r}: a pair (current threshold, potential threshold)")
    sc, sp = split if isinstance(split, tuple) else (split, split)
    tc, tp = _split_value(c, sc, "current"), _split_value(p, sp, "potential")
    hc, hp = c >= tc, p >= tp
    code = np.where(hc & hp, 0, np.where(~hc & hp, 1, np.where(hc, 2, 3)))
    return pd.DataFrame({
        "customer_id": cur.index.to_numpy(), "current": c, "potential": p,
        "high_current": hc, "high_potential": hp,
        "quadrant": pd.Categorical.from_codes(
            code, categories=["maintain", "cultivate", "keep_efficiently", "reconsider"]),
    })
