"""Pareto / ABC classes, the Lorenz curve and the Gini coefficient."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..validate import check_fraction
from ._values import curve_at, _desc, _ranked, _values


# =============================================================================================
# Pareto / ABC / Lorenz / Gini
# =============================================================================================

_PARETO_HINT = "For profit with losses use whale_curve(); for Pareto use revenue."


def _pareto_values(values: Any, measure: str, agg: str) -> pd.Series:
    s = _values(values, measure, agg, nonnegative=True, hint=_PARETO_HINT)
    total = float(s.sum())
    if total <= 0:
        raise ValueError(f"values: the total {s.name} is {total:g}; shares need a positive total")
    return s


def _for_shares(x: np.ndarray) -> np.ndarray:
    """``x`` itself, or ``x / max(x)`` when its total overflows float64 (values near 1e308):
    shares do not depend on the scale, so they stay finite instead of becoming NaN."""
    if np.isfinite(x.sum()):
        return x
    return x / x.max()


def pareto_table(values: Any, measure: str = "revenue", *, agg: str = "sum") -> pd.DataFrame:
    """Customers ranked by value, largest first, with their cumulative shares (the 80/20 table).

    Columns: ``rank`` (1 = largest), ``customer_id``, ``value``, ``share`` = value / total,
    ``cum_share`` = share of the total held by the customers ranked 1..rank, and
    ``cum_customer_share`` = rank / n. Values must be non-negative (revenue, volume).
    Source: the Pareto principle as applied to customers (Koch 1998; brief §1).

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values in any form the module accepts (see :mod:`casekit.identify`).
    measure : str
        The column aggregated per customer from a base or frame.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.

    Returns
    -------
    DataFrame
        One row per customer, largest value first.

    References
    ----------
    Koch (1998), *The 80/20 Principle*.

    >>> pareto_table([10, 30, 60])[["rank", "customer_id", "cum_share"]]
       rank  customer_id  cum_share
    0     1            2        0.6
    1     2            1        0.9
    2     3            0        1.0
    """
    s = _pareto_values(values, measure, agg)
    ids, x = _ranked(s)
    xs = _for_shares(x)
    total = float(xs.sum())
    n = len(x)
    rank = np.arange(1, n + 1)
    return pd.DataFrame({
        "rank": rank, "customer_id": ids, "value": x, "share": xs / total,
        "cum_share": np.minimum(np.cumsum(xs) / total, 1.0), "cum_customer_share": rank / n,
    })


def top_share(values: Any, top: float = 0.2, measure: str = "revenue", *,
              agg: str = "sum") -> float:
    """Share of the total value held by the top ``top`` fraction of customers.

    Formula: with values sorted largest first and n customers, k = top·n; the answer is
    (x_1 + … + x_⌊k⌋ + (k − ⌊k⌋)·x_⌊k⌋+1) / Σx — the Pareto curve read at ``top``, linear
    between customers. The 80/20 rule says this is about 0.8 at top = 0.2.

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values in any form the module accepts (see :mod:`casekit.identify`).
    top : float
        The share of customers, in (0, 1].
    measure : str
        The column aggregated per customer from a base or frame.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.

    Returns
    -------
    float

    References
    ----------
    Juran, J. M. (1951). *Quality Control Handbook*. McGraw-Hill (the Pareto principle,
    "the vital few").

    Course deck 客户的选择 / 客户终身价值 (seed 003): the 80/20 rule (二八法则).

    >>> top_share([40, 30, 20, 10], 0.5)           # (40 + 30) / 100
    0.7
    """
    top = check_fraction("top", top)
    x = _for_shares(_desc(_pareto_values(values, measure, agg).to_numpy()))
    return curve_at(np.cumsum(x) / x.sum(), top)


def abc_classes(values: Any, a: float = 0.80, b: float = 0.95, measure: str = "revenue", *,
                agg: str = "sum") -> pd.DataFrame:
    """ABC classes: A = the fewest top customers reaching share ``a`` of value, B up to ``b``, C.

    Rule (documented choice): walk down the Pareto table; a customer is **A** while the
    cumulative share *before* it is below ``a`` (so the customer who crosses 80% is still A
    and A is never empty), **B** while it is below ``b``, otherwise **C**. The result is
    :func:`pareto_table` with an ``abc`` column (category A, B, C). Textbook: A ≈ 80% of value,
    B the next 15%, C the last 5%.

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values in any form the module accepts (see :mod:`casekit.identify`).
    a, b : float
        The cumulative value shares closing classes A and B, 0 < a < b <= 1.
    measure : str
        The column aggregated per customer from a base or frame.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.

    Returns
    -------
    DataFrame
        The Pareto table with an ``abc`` column.

    References
    ----------
    Dickie, H. F. (1951). ABC inventory analysis shoots for dollars, not pennies. *Factory
    Management and Maintenance*, 109(7), 92–94.

    Course deck 客户的选择 / 客户终身价值 (seed 003): the 80/20 rule (二八法则).

    >>> abc_classes([50, 30, 12, 5, 3])["abc"].tolist()   # before: 0, .50, .80, .92, .97
    ['A', 'A', 'B', 'B', 'C']
    """
    a, b = _check_ab(a, b)
    table = pareto_table(values, measure, agg=agg)
    codes = _abc_codes(table["value"].to_numpy(), a, b)
    table["abc"] = pd.Categorical.from_codes(codes, categories=["A", "B", "C"])
    return table


def _check_ab(a: float, b: float) -> tuple[float, float]:
    a = check_fraction("a", a)
    b = check_fraction("b", b)
    if not a < b:
        raise ValueError(f"a={a!r}, b={b!r}: need a < b (A is reached before B)")
    return a, b


def _abc_codes(x_ranked: np.ndarray, a: float, b: float) -> np.ndarray:
    """0 = A, 1 = B, 2 = C for values sorted largest first (see :func:`abc_classes`)."""
    x_ranked = _for_shares(x_ranked)
    total = x_ranked.sum()
    before = (np.cumsum(x_ranked) - x_ranked) / total
    eps = 1e-12
    return np.where(before < a - eps, 0, np.where(before < b - eps, 1, 2)).astype(np.int8)


def pareto_values(values: Any, measure: str = "revenue", *, agg: str = "sum") -> np.ndarray:
    """The customers' values sorted largest first: the points of the Pareto curve.

    Values must be non-negative with a positive total (as for :func:`pareto_table`).

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values in any form the module accepts.
    measure : str
        The measure aggregated per customer from a base or frame.
    agg : str
        How a base's or frame's rows are aggregated (``"sum"``, ``"mean"``, …).

    Returns
    -------
    ndarray
        One value per customer, largest first.

    References
    ----------
    Juran, J. M. (1951). *Quality Control Handbook*. McGraw-Hill (the Pareto principle,
    "the vital few").

    Course deck 客户的选择 / 客户终身价值 (seed 003): the 80/20 rule (二八法则).

    >>> pareto_values([5, 50, 30]).tolist()
    [50.0, 30.0, 5.0]
    """
    return _desc(_pareto_values(values, measure, agg).to_numpy())


def abc_class_counts(values_desc: Any, a: float = 0.80, b: float = 0.95) -> np.ndarray:
    """How many customers fall in the A, B and C classes of values sorted largest first.

    The classes of :func:`abc_classes`: a customer is A while the value *before* it is below
    ``a`` of the total, B while below ``b``, else C.

    Parameters
    ----------
    values_desc : array_like
        Values sorted largest first (:func:`pareto_values`).
    a, b : float
        The cumulative-share cut-offs, 0 < a < b <= 1.

    Returns
    -------
    ndarray
        [customers in A, in B, in C].

    References
    ----------
    Dickie, H. F. (1951). ABC inventory analysis shoots for dollars, not pennies. *Factory
    Management and Maintenance*, 109(7), 92–94.

    Course deck 客户的选择 / 客户终身价值 (seed 003): the 80/20 rule (二八法则).

    >>> abc_class_counts([50, 30, 15, 5]).tolist()      # before: 0, .5, .8, .95
    [2, 1, 1]
    """
    a, b = _check_ab(a, b)
    x = np.asarray(values_desc, dtype=float)
    return np.bincount(_abc_codes(x, a, b), minlength=3)


def abc_summary(values: Any, a: float = 0.80, b: float = 0.95, measure: str = "revenue", *,
                agg: str = "sum") -> pd.DataFrame:
    """One row per ABC class: customers, share of customers, value and share of value.

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values in any form the module accepts (see :mod:`casekit.identify`).
    a, b : float
        As for :func:`abc_classes`.
    measure : str
        The column aggregated per customer from a base or frame.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.

    Returns
    -------
    DataFrame
        Rows A, B, C.

    References
    ----------
    Dickie, H. F. (1951). ABC inventory analysis shoots for dollars, not pennies. *Factory
    Management and Maintenance*, 109(7), 92–94.

    Course deck 客户的选择 / 客户终身价值 (seed 003): the 80/20 rule (二八法则).

    >>> abc_summary([50, 30, 12, 5, 3])[["abc", "customers", "value_share"]]
      abc  customers  value_share
    0   A          2         0.80
    1   B          2         0.17
    2   C          1         0.03
    """
    a, b = _check_ab(a, b)
    x = _desc(_pareto_values(values, measure, agg).to_numpy())
    codes = _abc_codes(x, a, b)
    count = np.bincount(codes, minlength=3)
    value = np.bincount(codes, weights=x, minlength=3)
    scaled = np.bincount(codes, weights=_for_shares(x), minlength=3)
    return pd.DataFrame({"abc": pd.Categorical(["A", "B", "C"]), "customers": count,
                         "customer_share": count / len(x), "value": value,
                         "value_share": scaled / scaled.sum()})


def lorenz_curve(values: Any, measure: str = "revenue", *, agg: str = "sum") -> pd.DataFrame:
    """The Lorenz curve: cumulative share of value held by the poorest share of customers.

    Customers are sorted smallest first; the n + 1 points are (i/n, (x_1 + … + x_i) / Σx),
    i = 0..n, from (0, 0) to (1, 1). The further it sags below the diagonal, the more unequal
    the customers (Lorenz 1905). It is the Pareto curve turned around.

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values in any form the module accepts (see :mod:`casekit.identify`).
    measure : str
        The column aggregated per customer from a base or frame.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.

    Returns
    -------
    DataFrame
        The n + 1 points: ``customer_share``, ``value_share``.

    References
    ----------
    Lorenz (1905), "Methods of measuring the concentration of wealth".

    >>> lorenz_curve([3, 1])["value_share"].tolist()
    [0.0, 0.25, 1.0]
    """
    x = _for_shares(np.sort(_pareto_values(values, measure, agg).to_numpy()))
    total = float(x.sum())
    n = len(x)
    return pd.DataFrame({"customer_share": np.arange(n + 1) / n,
                         "value_share": np.concatenate([[0.0], np.minimum(np.cumsum(x) / total,
                                                                          1.0)])})


def gini(values: Any, measure: str = "revenue", *, agg: str = "sum") -> float:
    """Gini coefficient of the customers' values: 0 = all equal, near 1 = one customer has all.

    Formula (Lorenz-area form, values sorted ascending x_1 ≤ … ≤ x_n, i = 1..n)::

        G = 2·Σ i·x_i / (n·Σ x_i) − (n + 1)/n

    which equals the mean absolute difference form Σ_i Σ_j |x_i − x_j| / (2·n²·mean) and
    1 − 2·(area under the Lorenz curve, trapezoids). It lies in [0, (n − 1)/n] ⊂ [0, 1)
    (Gini 1912). Values must be non-negative.

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values in any form the module accepts (see :mod:`casekit.identify`).
    measure : str
        The column aggregated per customer from a base or frame.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.

    Returns
    -------
    float

    References
    ----------
    Gini (1912), *Variabilità e mutabilità*.

    >>> gini([0, 0, 0, 1])        # one customer has everything: (n − 1)/n
    0.75
    """
    return _gini_sorted(_for_shares(_desc(_pareto_values(values, measure, agg).to_numpy())[::-1]))


def _gini_sorted(x: np.ndarray) -> float:
    """Gini of non-negative values sorted ascending (positive total)."""
    n = len(x)
    total = float(x.sum())
    i = np.arange(1, n + 1, dtype="float64")
    g = 2.0 * float(np.einsum("i,i->", i, x)) / (n * total) - (n + 1.0) / n   # no BLAS threads
    return float(min(max(g, 0.0), (n - 1.0) / n))
