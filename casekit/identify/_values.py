"""Per-customer values from any input (Series, frame, array, base), ranking and checks."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..base import CustomerBase


# =============================================================================================
# Input handling
# =============================================================================================

_AGGS = ("sum", "mean", "per_period", "count")


def _check_frame_column(frame: pd.DataFrame, column: str, what: str) -> None:
    if column not in frame.columns:
        raise ValueError(f"{what}: column {column!r} is missing; columns present: "
                         f"{list(frame.columns)}")


def _check_numeric(s: pd.Series, what: str) -> pd.Series:
    if not (pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)):
        raise TypeError(f"{what}: expected numbers, got dtype {s.dtype}")
    s = s.astype("float64")
    bad = ~np.isfinite(s.to_numpy())
    if bad.any():
        ids = list(s.index[bad][:5])
        raise ValueError(f"{what}: {int(bad.sum())} value(s) are NaN or infinite (customers "
                         f"{ids}{' …' if bad.sum() > 5 else ''}); fill or drop them first")
    return s


def _group_sums(keys: np.ndarray, columns: Sequence[np.ndarray]) -> pd.DataFrame:
    """Row count and column sums per distinct key, keys ascending (columns n, 0, 1, …).

    Whole-number keys in a compact range (customer ids 0..n−1) are added up with
    ``np.bincount``; other keys with a pandas groupby. Same result either way.
    """
    if (len(keys) and np.issubdtype(keys.dtype, np.integer) and keys.min() >= 0
            and keys.max() <= 4 * len(keys) + 1024):
        counts = np.bincount(keys)
        present = np.flatnonzero(counts)
        out = {"n": counts[present].astype("float64")}
        for i, col in enumerate(columns):
            out[i] = np.bincount(keys, weights=col, minlength=len(counts))[present]
        return pd.DataFrame(out, index=present.astype(keys.dtype))
    frame = pd.DataFrame({"n": np.ones(len(keys)), **dict(enumerate(columns))})
    return frame.groupby(keys, sort=True).sum()


def _aggregate(frame: pd.DataFrame, measure: str, agg: str, customer: str,
               what: str) -> pd.Series:
    """One float per customer of ``frame`` (rows of one customer summed, averaged or counted)."""
    _check_frame_column(frame, customer, what)
    keys = frame[customer].to_numpy()
    if agg == "count":
        sums = _group_sums(keys, [])
        s = sums["n"]
    else:
        _check_frame_column(frame, measure, what)
        col = _check_numeric(frame[measure], f"{what}[{measure!r}]").to_numpy()
        sums = _group_sums(keys, [col])
        s = sums[0] if agg == "sum" else sums[0] / sums["n"]
    s.index = pd.Index(sums.index.to_numpy(), name="customer_id")
    return s.rename(measure).astype("float64")


def customer_values(data: Any, measure: str = "revenue", *, agg: str = "sum",
                    customer: str = "customer_id") -> pd.Series:
    """One number per customer, from a base, an activity-like frame, a Series or an array.

    ``agg`` (used when several rows belong to one customer) is ``"sum"`` (total over the
    observed periods), ``"mean"`` (per active period, i.e. per activity row), ``"per_period"``
    (total divided by the number of observed periods ``base.params.periods``; bases only) or
    ``"count"`` (number of activity rows). For a :class:`CustomerBase` every customer of
    ``base.customers`` appears, with 0 when it has no activity.

    Returns a float Series named ``measure`` with index ``customer_id``.

    Parameters
    ----------
    data : CustomerBase, DataFrame, Series or array_like
        Where the values come from.
    measure : str
        The column aggregated per customer (base or frame).
    agg : {"sum", "mean", "per_period", "count"}
        How rows are aggregated.
    customer : str
        The customer id column of a frame.

    Returns
    -------
    Series
        One value per customer, indexed by customer id.

    >>> customer_values(pd.DataFrame({"customer_id": [1, 1, 2], "revenue": [5.0, 5.0, 3.0]}))
    customer_id
    1    10.0
    2     3.0
    Name: revenue, dtype: float64
    """
    if agg not in _AGGS:
        raise ValueError(f"agg={agg!r} is not allowed; choose one of {_AGGS}")
    if isinstance(data, CustomerBase):
        s = _aggregate(data.activity, measure, "sum" if agg == "per_period" else agg,
                       customer, "base.activity")
        s = s.reindex(data.customers["customer_id"].to_numpy(), fill_value=0.0)
        s.index.name = "customer_id"
        return s / float(data.params.periods) if agg == "per_period" else s
    if agg == "per_period":
        raise ValueError("agg='per_period' needs a CustomerBase (it divides by "
                         "base.params.periods); got " + type(data).__name__)
    if isinstance(data, pd.DataFrame):
        return _aggregate(data, measure, agg, customer, "values")
    if isinstance(data, pd.Series):
        if not data.index.is_unique:
            raise ValueError("values: the Series index (customer ids) has duplicates; pass a "
                             "DataFrame with a customer_id column to add rows up per customer")
        s = _check_numeric(data, "values")
        s.index = pd.Index(s.index.to_numpy(), name="customer_id")
        return s.rename(data.name if data.name is not None else measure)
    if isinstance(data, (np.ndarray, list, tuple)):
        arr = np.asarray(data)
        if arr.ndim != 1:
            raise ValueError(f"values: expected a 1-D array of per-customer values, got shape "
                             f"{arr.shape}")
        return _check_numeric(pd.Series(arr, index=pd.RangeIndex(len(arr), name="customer_id")),
                              "values").rename(measure)
    raise TypeError(f"values: expected a CustomerBase, DataFrame, Series or array, got "
                    f"{type(data).__name__}")


def _values(data: Any, measure: str, agg: str = "sum", *, nonnegative: bool = False,
            what: str = "values", hint: str = "") -> pd.Series:
    s = customer_values(data, measure, agg=agg)
    if len(s) == 0:
        raise ValueError(f"{what}: no customers (empty data)")
    if nonnegative and (s.to_numpy() < 0).any():
        neg = s[s < 0]
        raise ValueError(f"{what}: {len(neg)} customer(s) have negative {s.name} (e.g. customer "
                         f"{neg.index[0]!r}: {neg.iloc[0]:g}); this method needs values >= 0"
                         + (f". {hint}" if hint else ""))
    return s


def _aligned(values: Any, index: pd.Index, name: str) -> np.ndarray:
    """Per-customer ``values`` (a Series by customer id) in the order of ``index``."""
    s = customer_values(values, name)
    missing = index.difference(s.index)
    if len(missing):
        raise ValueError(f"{name}: no value for {len(missing)} customer(s), e.g. "
                         f"{list(missing[:3])}")
    return s.reindex(index).to_numpy()


def _id_rank(ids: np.ndarray) -> np.ndarray:
    """Position of each id in ascending id order (ties in values are broken by this)."""
    try:
        order = np.argsort(ids, kind="stable")
    except TypeError:                         # ids of mixed types: keep the given order
        return np.arange(len(ids))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank


def _is_ranked(values: np.ndarray, ids: np.ndarray, descending: bool) -> bool:
    """True when the rows are already in ranking order (ties by id ascending): O(n) check."""
    if len(values) < 2:
        return True
    d = np.diff(values)
    if not ((d <= 0).all() if descending else (d >= 0).all()):
        return False
    tie = d == 0
    if not tie.any():
        return True
    try:
        return bool((ids[1:][tie] > ids[:-1][tie]).all())
    except TypeError:
        return False


def _order(values: np.ndarray, ids: np.ndarray, descending: bool = True) -> np.ndarray:
    """Indices that sort ``values`` (descending by default), ties by customer id ascending."""
    if _is_ranked(values, ids, descending):
        return np.arange(len(values))
    key = -values if descending else values
    if len(ids) < 2 or bool(pd.Index(ids).is_monotonic_increasing):
        return np.argsort(key, kind="stable")
    return np.lexsort((_id_rank(ids), key))


def _desc(x: np.ndarray) -> np.ndarray:
    """The values largest first (ties need no order: curves and shares do not depend on it)."""
    if len(x) < 2 or (np.diff(x) <= 0).all():
        return x
    return np.sort(x)[::-1]


def _ranked(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(ids, values) of a per-customer Series, largest value first, ties by id."""
    x, ids = s.to_numpy(), s.index.to_numpy()
    order = _order(x, ids)
    return ids[order], x[order]


def curve_at(cum: np.ndarray, x: float) -> float:
    """Cumulative curve value at customer share x, linear between customers.

    The curve through (0, 0) and (i/n, cum[i−1]), i = 1..n, read at x: the share of value
    held by the top x of customers when ``cum`` holds cumulative shares, largest first.

    Parameters
    ----------
    cum : ndarray
        ``cum[i]`` is the cumulative value after the (i+1)-th customer (length n).
    x : float
        A share of customers in [0, 1].

    Returns
    -------
    float

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. *Publications
    of the American Statistical Association*, 9(70), 209–219 (the curve, linear between
    points).

    >>> curve_at(np.array([0.5, 0.8, 1.0, 1.0]), 0.25)      # the top quarter: one customer
    0.5
    >>> curve_at(np.array([0.5, 0.8, 1.0, 1.0]), 0.375)     # half-way to the second
    0.65
    """
    n = len(cum)
    k = x * n
    i = int(np.floor(k + 1e-9))
    frac = k - i
    before = 0.0 if i == 0 else float(cum[i - 1])
    if i >= n or frac <= 1e-9:
        return before if i <= n else float(cum[-1])
    return before + frac * (float(cum[i]) - before)
