"""Identify key customers (识别核心客户): Pareto/ABC, Lorenz/Gini, whale curve, pyramid, RFM,
value matrix, elastic customers, the telecom key-account evaluation, and a check against truth.

Every method takes the per-customer values it needs in any of these forms:

* a :class:`pandas.Series` indexed by customer id (one value per customer);
* a :class:`pandas.DataFrame` with a ``customer_id`` column and the measure column (several
  rows per customer, e.g. an ``activity`` table, are summed);
* a numpy array or list (customers are then numbered 0..n-1);
* a :class:`casekit.CustomerBase`: the measure (``"revenue"``, ``"margin"`` or any numeric
  column of ``activity``) is aggregated per customer over the observed periods, and customers
  without activity count with value 0.

Ties are always broken the same way: by customer id, ascending. Results are DataFrames with
English snake_case columns; category values (``"key"``, ``"champions"``, ``"maintain"``) are
translated for display with :func:`casekit.labels.label`.

Example
-------
>>> import casekit as ck
>>> ck.top_share([50, 30, 10, 5, 5], 0.2)        # the top customer of five holds half
0.5
>>> ck.gini([1, 1, 1, 1])
0.0
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import labels
from .base import CustomerBase

__all__ = [
    "customer_values", "pareto_table", "top_share", "abc_classes", "abc_summary",
    "lorenz_curve", "gini", "whale_curve", "whale_summary", "pyramid_tiers", "pyramid",
    "PYRAMID_STRATEGY", "rfm", "RFM_SEGMENTS", "value_trend", "value_matrix",
    "elastic_customers", "key_account_evaluation", "TELECOM_CRITERIA", "compare_to_truth",
    "precision_recall_table", "SELECTION_METHODS",
]

labels.register({
    # Pareto / ABC / Lorenz
    "abc_class": ("ABC class", "ABC 分类"),
    "A": ("A", "A 类"),
    "B": ("B", "B 类"),
    "C": ("C", "C 类"),
    "lorenz_curve": ("Lorenz curve", "洛伦兹曲线"),
    "gini": ("Gini coefficient", "基尼系数"),
    "equality_line": ("perfect equality", "绝对平均线"),
    "customers_ranked_desc": ("share of customers, largest first", "客户占比（从大到小）"),
    "customers_ranked_asc": ("share of customers, smallest first", "客户占比（从小到大）"),
    "cum_value_share": ("cumulative share of value", "累计价值占比"),
    # whale curve
    "cum_profit_share": ("cumulative profit, % of total", "累计利润占总利润的百分比"),
    "customers_ranked_profit": ("share of customers, most profitable first",
                                "客户占比（按利润从高到低）"),
    "whale_cost_to_serve": ("extra cost to serve per customer-period (RMB)",
                            "每客户每期追加服务成本（元）"),
    "peak_share": ("peak of the whale", "鲸鱼曲线峰值"),
    "unprofitable_share": ("unprofitable customers", "亏损客户占比"),
    "top_customers": ("top", "前"),
    "bottom_customers": ("bottom", "后"),
    "make": ("make", "创造"),
    "lose": ("lose", "亏损"),
    "total_profit": ("total profit", "总利润"),
    # pyramid
    "time_share": ("share of sales time", "销售时间占比"),
    "strategy": ("strategy", "对策"),
    "strategy_key": ("Build relationships with their top management; aim for partnership or "
                     "a strategic alliance.",
                     "与其企业高层建立并精心维护各种关系，争取建立合作伙伴或战略联盟关系。"),
    "strategy_normal": ("Widen your difference from competitors, reach their key people and "
                        "try to move them up to key customers.",
                        "扩大与竞争者的差别，争取接近关键人物，设法将其转变为重点客户。"),
    "strategy_small": ("Serve through low-cost channels (web, phone); watch for growth and move "
                       "them up when they grow.",
                       "通过低成本渠道（网络、电话）服务；关注其成长，成长后向上提升。"),
    "strategy_prospect": ("Win a first (or larger) deal with active steps, then move them to "
                          "normal customers.",
                          "采取积极措施做成第一笔生意，设法将其转变为普通客户。"),
    "strategy_unattractive": ("Pursue only if their potential is large; otherwise serve at "
                              "lowest cost.",
                              "只有当其潜力很大时才值得争取；否则以最低成本服务。"),
    # RFM
    "rfm_recency": ("recency (periods since last purchase)", "最近一次消费（距今期数）"),
    "rfm_frequency": ("frequency (periods with purchases)", "消费频率（有消费的期数）"),
    "rfm_monetary": ("monetary (RMB)", "消费金额（元）"),
    "r_score": ("R score", "R 得分"),
    "f_score": ("F score", "F 得分"),
    "m_score": ("M score", "M 得分"),
    "rfm_score": ("RFM score", "RFM 总分"),
    "rfm_heatmap": ("RFM: customers by R and F score", "RFM：按 R、F 得分的客户分布"),
    "champions": ("champions", "冠军客户"),
    "loyal": ("loyal", "忠诚客户"),
    "potential_loyalist": ("potential loyalist", "潜力客户"),
    "new_customer": ("new customer", "新客户"),
    "need_attention": ("need attention", "需要关注"),
    "about_to_sleep": ("about to sleep", "即将沉睡"),
    "at_risk": ("at risk", "流失风险"),
    "hibernating": ("hibernating", "沉睡客户"),
    # value matrix / elastic
    "current_value": ("current value", "当前价值"),
    "potential_value": ("potential value", "潜在价值"),
    "value_matrix": ("Current × potential value", "当前价值 × 潜在价值矩阵"),
    "maintain": ("maintain and invest", "维持这个客户群"),
    "cultivate": ("cultivate", "培养这个客户群"),
    "keep_efficiently": ("keep efficiently", "高效维持"),
    "reconsider": ("think before investing", "在投入资源之前慎重考虑"),
    "elastic_customer": ("elastic customer", "弹性客户"),
    # key-account evaluation
    "growth_potential": ("growth potential", "增长潜力"),
    "structural_position": ("structural position", "结构地位"),
    "evaluation_score": ("evaluation score", "评价得分"),
    # against the truth
    "precision": ("precision", "查准率"),
    "recall": ("recall", "查全率"),
})


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


def _check_fraction(name: str, value: Any) -> float:
    """A share of customers or of value in (0, 1]."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name}={value!r}: expected a number (a fraction)")
    v = float(value)
    if not 0 < v <= 1:
        raise ValueError(f"{name}={value!r} is out of range; allowed: (0, 1]")
    return v


def _curve_at(cum: np.ndarray, x: float) -> float:
    """Cumulative curve value at customer share x, linear between customers.

    ``cum[i]`` is the cumulative value after the (i+1)-th customer; the curve starts at 0.
    """
    n = len(cum)
    k = x * n
    i = int(np.floor(k + 1e-9))
    frac = k - i
    before = 0.0 if i == 0 else float(cum[i - 1])
    if i >= n or frac <= 1e-9:
        return before if i <= n else float(cum[-1])
    return before + frac * (float(cum[i]) - before)


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


def pareto_table(values: Any, measure: str = "revenue", *, agg: str = "sum") -> pd.DataFrame:
    """Customers ranked by value, largest first, with their cumulative shares (the 80/20 table).

    Columns: ``rank`` (1 = largest), ``customer_id``, ``value``, ``share`` = value / total,
    ``cum_share`` = share of the total held by the customers ranked 1..rank, and
    ``cum_customer_share`` = rank / n. Values must be non-negative (revenue, volume).
    Source: the Pareto principle as applied to customers (Koch 1998; brief §1).

    >>> pareto_table([10, 30, 60])[["rank", "customer_id", "cum_share"]]
       rank  customer_id  cum_share
    0     1            2        0.6
    1     2            1        0.9
    2     3            0        1.0
    """
    s = _pareto_values(values, measure, agg)
    total = float(s.sum())
    ids, x = _ranked(s)
    n = len(x)
    rank = np.arange(1, n + 1)
    return pd.DataFrame({
        "rank": rank, "customer_id": ids, "value": x, "share": x / total,
        "cum_share": np.minimum(np.cumsum(x) / total, 1.0), "cum_customer_share": rank / n,
    })


def top_share(values: Any, top: float = 0.2, measure: str = "revenue", *,
              agg: str = "sum") -> float:
    """Share of the total value held by the top ``top`` fraction of customers.

    Formula: with values sorted largest first and n customers, k = top·n; the answer is
    (x_1 + … + x_⌊k⌋ + (k − ⌊k⌋)·x_⌊k⌋+1) / Σx — the Pareto curve read at ``top``, linear
    between customers. The 80/20 rule says this is about 0.8 at top = 0.2.

    >>> top_share([40, 30, 20, 10], 0.5)           # (40 + 30) / 100
    0.7
    """
    top = _check_fraction("top", top)
    x = _desc(_pareto_values(values, measure, agg).to_numpy())
    return _curve_at(np.cumsum(x) / x.sum(), top)


def abc_classes(values: Any, a: float = 0.80, b: float = 0.95, measure: str = "revenue", *,
                agg: str = "sum") -> pd.DataFrame:
    """ABC classes: A = the fewest top customers reaching share ``a`` of value, B up to ``b``, C.

    Rule (documented choice): walk down the Pareto table; a customer is **A** while the
    cumulative share *before* it is below ``a`` (so the customer who crosses 80% is still A
    and A is never empty), **B** while it is below ``b``, otherwise **C**. The result is
    :func:`pareto_table` with an ``abc`` column (category A, B, C). Textbook: A ≈ 80% of value,
    B the next 15%, C the last 5%.

    >>> abc_classes([50, 30, 12, 5, 3])["abc"].tolist()   # before: 0, .50, .80, .92, .97
    ['A', 'A', 'B', 'B', 'C']
    """
    a, b = _check_ab(a, b)
    table = pareto_table(values, measure, agg=agg)
    codes = _abc_codes(table["value"].to_numpy(), a, b)
    table["abc"] = pd.Categorical.from_codes(codes, categories=["A", "B", "C"])
    return table


def _check_ab(a: float, b: float) -> tuple[float, float]:
    a = _check_fraction("a", a)
    b = _check_fraction("b", b)
    if not a < b:
        raise ValueError(f"a={a!r}, b={b!r}: need a < b (A is reached before B)")
    return a, b


def _abc_codes(x_ranked: np.ndarray, a: float, b: float) -> np.ndarray:
    """0 = A, 1 = B, 2 = C for values sorted largest first (see :func:`abc_classes`)."""
    total = x_ranked.sum()
    before = (np.cumsum(x_ranked) - x_ranked) / total
    eps = 1e-12
    return np.where(before < a - eps, 0, np.where(before < b - eps, 1, 2)).astype(np.int8)


def abc_summary(values: Any, a: float = 0.80, b: float = 0.95, measure: str = "revenue", *,
                agg: str = "sum") -> pd.DataFrame:
    """One row per ABC class: customers, share of customers, value and share of value.

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
    return pd.DataFrame({"abc": pd.Categorical(["A", "B", "C"]), "customers": count,
                         "customer_share": count / len(x), "value": value,
                         "value_share": value / x.sum()})


def lorenz_curve(values: Any, measure: str = "revenue", *, agg: str = "sum") -> pd.DataFrame:
    """The Lorenz curve: cumulative share of value held by the poorest share of customers.

    Customers are sorted smallest first; the n + 1 points are (i/n, (x_1 + … + x_i) / Σx),
    i = 0..n, from (0, 0) to (1, 1). The further it sags below the diagonal, the more unequal
    the customers (Lorenz 1905). It is the Pareto curve turned around.

    >>> lorenz_curve([3, 1])["value_share"].tolist()
    [0.0, 0.25, 1.0]
    """
    x = np.sort(_pareto_values(values, measure, agg).to_numpy())
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

    >>> gini([0, 0, 0, 1])        # one customer has everything: (n − 1)/n
    0.75
    """
    return _gini_sorted(_desc(_pareto_values(values, measure, agg).to_numpy())[::-1])


def _gini_sorted(x: np.ndarray) -> float:
    """Gini of non-negative values sorted ascending (positive total)."""
    n = len(x)
    total = float(x.sum())
    i = np.arange(1, n + 1, dtype="float64")
    g = 2.0 * float(np.einsum("i,i->", i, x)) / (n * total) - (n + 1.0) / n   # no BLAS threads
    return float(min(max(g, 0.0), (n - 1.0) / n))


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


def _whale_values(profit: Any, measure: str = "margin",
                  cost_to_serve: Any = 0.0) -> tuple[np.ndarray, float]:
    """Profits largest first and their total (the curve without customer ids)."""
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

    >>> whale_summary([5, -1, 2])[["peak_share", "unprofitable_share"]].round(3).tolist()
    [1.167, 0.333]
    """
    top = _check_fraction("top", top)
    bottom = _check_fraction("bottom", bottom)
    x, total = _whale_values(profit, measure, cost_to_serve)
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
        "top_share": _curve_at(share, top),
        "bottom_share": 1.0 - _curve_at(share, 1.0 - bottom),
        "eaten_share": losses / gains if gains > 0 else float("nan"),
    }, name="whale_summary")


# =============================================================================================
# Customer pyramid
# =============================================================================================

#: The course's strategy per pyramid class (服务重点客户, seed 001): label keys for the text.
PYRAMID_STRATEGY = {"key": "strategy_key", "normal": "strategy_normal",
                    "small": "strategy_small", "prospect": "strategy_prospect",
                    "unattractive": "strategy_unattractive"}


def _check_shares(name: str, shares: Any, k: int = 3) -> np.ndarray:
    try:
        arr = np.asarray(shares, dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"{name}={shares!r}: expected {k} numbers") from None
    if arr.shape != (k,):
        raise ValueError(f"{name}={shares!r}: expected {k} shares (top, middle, bottom)")
    if not np.isfinite(arr).all() or (arr < 0).any() or abs(arr.sum() - 1.0) > 1e-6:
        raise ValueError(f"{name}={shares!r}: shares must be >= 0 and sum to 1 "
                         f"(they sum to {arr.sum():g})")
    return arr


def pyramid_tiers(values: Any, shares: Sequence[float] = (0.10, 0.30, 0.60),
                  measure: str = "revenue", *, agg: str = "sum", potential: Any = None,
                  potential_threshold: float | None = None) -> pd.DataFrame:
    """Each customer's tier in the customer pyramid (金字塔形的客户结构), by value rank.

    The top ``shares[0]`` of customers by value are ``key`` (重点客户), the next ``shares[1]``
    ``normal`` (普通客户), the rest ``small``. Tier sizes are round(share · n) (cumulative, so
    they add up to n). With ``potential`` (a Series per customer, e.g. growth, or a column of
    ``base.customers``) the bottom tier splits into ``prospect`` (potential ≥ threshold,
    default the median potential of the bottom tier: worth an active first step) and
    ``unattractive`` (pursue only if their potential is large) — our reading of the course's
    four classes for a base where everybody has bought at least once.

    Returns ``customer_id``, ``value``, ``rank`` and ``tier`` (ordered category, low → high),
    sorted by rank.
    """
    sh = _check_shares("shares", shares)
    s = _values(values, measure, agg)
    x_all = s.to_numpy()
    ids = s.index.to_numpy()
    order = _order(x_all, ids)
    n = len(x_all)
    k1, k2 = (int(v) for v in np.round(np.cumsum(sh)[:2] * n))
    code = np.full(n, 2, dtype=np.int8)                 # 2 key, 1 normal, 0 small
    code[k1:k2] = 1
    code[k2:] = 0
    out = pd.DataFrame({"customer_id": ids[order], "value": x_all[order],
                        "rank": np.arange(1, n + 1)})
    if potential is None:
        out["tier"] = pd.Categorical.from_codes(code, categories=["small", "normal", "key"],
                                                ordered=True)
        return out
    p = _aligned(_potential_series(values, potential), pd.Index(out["customer_id"].to_numpy()),
                 "potential")
    bottom = code == 0
    thr = (float(np.median(p[bottom])) if bottom.any() else 0.0) \
        if potential_threshold is None else float(potential_threshold)
    code4 = np.where(code == 2, 3, np.where(code == 1, 2, np.where(p >= thr, 1, 0)))
    out["potential"] = p
    out["tier"] = pd.Categorical.from_codes(
        code4, categories=["unattractive", "prospect", "normal", "key"], ordered=True)
    return out


def pyramid(values: Any, shares: Sequence[float] = (0.10, 0.30, 0.60),
            time: Sequence[float] = (0.60, 0.30, 0.10), measure: str = "revenue", *,
            agg: str = "sum", potential: Any = None,
            potential_threshold: float | None = None) -> pd.DataFrame:
    """The customer pyramid as a table: tiers, their value share, sales time and strategy.

    One row per tier, top first: ``tier``, ``customers``, ``customer_share``, ``value``,
    ``value_share``, ``time_share`` (the course: key 60%, normal 30%, the rest 10% of sales
    time; with ``potential`` the bottom 10% is split between prospects and unattractive in
    proportion to their numbers), ``time_per_customer`` = time_share / customer_share (how
    many times the average attention a customer of the tier gets: key 6×, normal 1×, small
    ≈ 0.17×) and ``strategy`` (text in the current language, :data:`PYRAMID_STRATEGY`).
    Source: the course deck 服务重点客户 (seed 001); tiers as in :func:`pyramid_tiers`.
    """
    tm = _check_shares("time", time)
    tiers = pyramid_tiers(values, shares, measure, agg=agg, potential=potential,
                          potential_threshold=potential_threshold)
    n = len(tiers)
    total = float(tiers["value"].sum())
    g = tiers.groupby("tier", observed=False)
    out = pd.DataFrame({"customers": g.size(), "value": g["value"].sum()}).iloc[::-1]
    out["customer_share"] = out["customers"] / n
    out["value_share"] = out["value"] / total if total != 0 else np.nan
    cats = list(out.index)
    if len(cats) == 3:
        out["time_share"] = tm
    else:
        bottom = out.loc[["prospect", "unattractive"], "customers"]
        split = bottom / bottom.sum() if bottom.sum() else pd.Series([0.5, 0.5], bottom.index)
        out["time_share"] = [tm[0], tm[1], tm[2] * split["prospect"],
                             tm[2] * split["unattractive"]]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["time_per_customer"] = out["time_share"] / out["customer_share"]
    out["strategy"] = [labels.label(PYRAMID_STRATEGY[c]) for c in cats]
    out = out.reset_index()
    return out[["tier", "customers", "customer_share", "value", "value_share", "time_share",
                "time_per_customer", "strategy"]]


# =============================================================================================
# RFM
# =============================================================================================

#: Named RFM segments on the R × F grid (rows R = 1..5, columns F = 1..5). Rule:
#: R ≥ 4: F ≥ 4 champions, F 2–3 potential loyalist, F 1 new customer;
#: R = 3: F ≥ 4 loyal, F 2–3 need attention, F 1 about to sleep;
#: R ≤ 2: F ≥ 3 at risk, F ≤ 2 hibernating.
RFM_SEGMENTS = ("champions", "loyal", "potential_loyalist", "new_customer", "need_attention",
                "about_to_sleep", "at_risk", "hibernating")

_RF_GRID = np.array([
    # F:  1              2                     3                     4            5
    ["hibernating", "hibernating", "at_risk", "at_risk", "at_risk"],                   # R=1
    ["hibernating", "hibernating", "at_risk", "at_risk", "at_risk"],                   # R=2
    ["about_to_sleep", "need_attention", "need_attention", "loyal", "loyal"],          # R=3
    ["new_customer", "potential_loyalist", "potential_loyalist", "champions", "champions"],  # 4
    ["new_customer", "potential_loyalist", "potential_loyalist", "champions", "champions"],  # 5
])


_RF_CODES = np.vectorize(RFM_SEGMENTS.index)(_RF_GRID).astype(np.int8)

#: The 125 cell codes "111" … "555", in order (category of ``rfm_cell``).
_RFM_CELLS = [f"{r}{f}{m}" for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)]


def _quintile_scores(x: np.ndarray, ids: np.ndarray, ties: str) -> np.ndarray:
    """Scores 1..5, 5 for the largest x (see :func:`rfm` for the two tie rules)."""
    n = len(x)
    if ties == "first":
        order = _order(x, ids, descending=False)
        r = np.empty(n, dtype=np.int64)
        r[order] = np.arange(n)                          # 0 = worst
        return (5 * r // n + 1).astype(np.int8)
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    r_max = np.cumsum(counts)[inverse]                      # customers with value ≤ x
    return ((5 * r_max + n - 1) // n).astype(np.int8)       # ⌈5·r/n⌉


def rfm(activity: Any, customer: str = "customer_id", period: str = "period",
        amount: str = "revenue", now: int | None = None, *, monetary: str = "sum",
        ties: str = "together") -> pd.DataFrame:
    """RFM analysis: recency, frequency, monetary; quintile scores 1–5 (5 = best), segments.

    From ``activity`` (one row per customer × period with a purchase; a CustomerBase uses its
    ``activity`` and ``now = base.params.periods``). Only customers with activity appear.

    * ``recency`` = now − last period with activity (0 = bought in the latest period);
      ``now`` defaults to the latest period in the data;
    * ``frequency`` = number of rows (periods with a purchase);
    * ``monetary`` = total ``amount`` (``monetary="sum"``) or per purchase (``"mean"``).

    Scores (Hughes 1994, independent quintiles): each measure is ranked across customers,
    worst first (most recent, most frequent, largest spend = best), and the ranking is cut
    into fifths. Period data have many ties (in a weekly order book most retailers ordered
    last week), and equal values cannot be cut into fifths, so the tie rule matters:

    * ``ties="together"`` (default): a customer's score is ⌈5·F⌉, F = the share of customers
      whose value is no better than its own. Equal values always share a score, the best
      value always scores 5, and with distinct values each score holds n/5 customers (±1);
      with many ties the counts are unbalanced (a large tie at the bottom may leave no 1).
    * ``ties="first"``: customers are ordered by value, then by customer id ascending; rank
      r = 0..n−1 scores ⌊5·r/n⌋ + 1. Each score holds n/5 customers (±1) exactly, but equal
      values can get different scores, decided by their ids.

    Also ``rfm_cell`` (e.g. ``"545"``, a category of the 125 codes), ``rfm_score`` =
    R + F + M (3..15) and ``segment`` by the R × F rule in :data:`RFM_SEGMENTS`.
    """
    if monetary not in ("sum", "mean"):
        raise ValueError(f"monetary={monetary!r} is not allowed; choose 'sum' or 'mean'")
    if ties not in ("first", "together"):
        raise ValueError(f"ties={ties!r} is not allowed; choose 'first' or 'together'")
    if isinstance(activity, CustomerBase):
        if now is None:
            now = int(activity.params.periods)
        activity = activity.activity
    if not isinstance(activity, pd.DataFrame):
        raise TypeError(f"activity: expected a DataFrame (customer, period, amount) or a "
                        f"CustomerBase, got {type(activity).__name__}")
    for col in (customer, period, amount):
        _check_frame_column(activity, col, "activity")
    if len(activity) == 0:
        raise ValueError("activity: no rows (empty data)")
    amt = _check_numeric(activity[amount], f"activity[{amount!r}]")
    per = activity[period]
    if not pd.api.types.is_integer_dtype(per.dtype):
        raise TypeError(f"activity[{period!r}]: expected whole-number periods, got {per.dtype}")
    last_seen = int(per.max())
    if now is None:
        now = last_seen
    elif isinstance(now, bool) or not isinstance(now, (int, np.integer)):
        raise TypeError(f"now={now!r}: expected a whole-number period")
    elif now < last_seen:
        raise ValueError(f"now={now!r} is before the latest period in the data ({last_seen})")
    frame = pd.DataFrame({"p": per.to_numpy(), "a": amt.to_numpy()})
    g = frame.groupby(activity[customer].to_numpy(), sort=True).agg(
        last=("p", "max"), freq=("p", "size"), money=("a", monetary))
    ids = g.index.to_numpy()
    rec = (int(now) - g["last"].to_numpy()).astype("int64")
    f = g["freq"].to_numpy().astype("int64")
    m = g["money"].to_numpy()
    r_s = _quintile_scores(-rec.astype("float64"), ids, ties)
    f_s = _quintile_scores(f.astype("float64"), ids, ties)
    m_s = _quintile_scores(m, ids, ties)
    cell = pd.Categorical.from_codes((r_s.astype(np.int16) - 1) * 25 + (f_s - 1) * 5 + (m_s - 1),
                                     categories=_RFM_CELLS)
    seg = _RF_CODES[r_s - 1, f_s - 1]
    return pd.DataFrame({
        "customer_id": ids, "recency": rec, "frequency": f, "monetary": m,
        "r_score": r_s, "f_score": f_s, "m_score": m_s, "rfm_cell": cell,
        "rfm_score": (r_s.astype(np.int16) + f_s + m_s).astype(np.int8),
        "segment": pd.Categorical.from_codes(seg, categories=list(RFM_SEGMENTS)),
    })


# =============================================================================================
# Value matrix and elastic customers
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


def _split_value(x: np.ndarray, split: Any, name: str) -> float:
    if split == "median":
        return float(np.median(x))
    if split == "mean":
        return float(np.mean(x))
    if isinstance(split, (int, float, np.integer, np.floating)) and not isinstance(split, bool):
        return float(split)
    raise ValueError(f"split for {name}={split!r}: use 'median', 'mean' or a number")


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


def elastic_customers(current: Any, potential: Any = None, clv: pd.Series | None = None, *,
                      potential_threshold: float | str = "median", measure: str = "margin",
                      ahead: int | None = None) -> pd.DataFrame:
    """Flag elastic customers (弹性客户): unprofitable now, but with high potential or CLV > 0.

    Rule: ``elastic`` = (current < 0) and (potential ≥ threshold, default the median potential
    of all customers, *or* clv > 0 when ``clv`` is given). Do not simply drop unprofitable
    customers: these are the ones whose value can still turn (Liu Dongchang, seed 003).
    Inputs as in :func:`value_matrix`; ``clv`` is a Series per customer (an estimate, or the
    truth in a teaching experiment).

    Returns ``customer_id``, ``current``, ``potential``, ``unprofitable``, ``high_potential``,
    ``positive_clv`` (when clv is given) and ``elastic``.
    """
    cur, p = _matrix_inputs(current, potential, measure, ahead)
    c = cur.to_numpy()
    thr = _split_value(p, potential_threshold, "potential")
    out = pd.DataFrame({"customer_id": cur.index.to_numpy(), "current": c, "potential": p,
                        "unprofitable": c < 0, "high_potential": p >= thr})
    reason = out["high_potential"].to_numpy()
    if clv is not None:
        out["clv"] = _aligned(clv, cur.index, "clv")
        out["positive_clv"] = out["clv"].to_numpy() > 0
        reason = reason | out["positive_clv"].to_numpy()
    out["elastic"] = out["unprofitable"].to_numpy() & reason
    return out


# =============================================================================================
# Key-account evaluation (telecom framework, seed 000)
# =============================================================================================

#: The telecom evaluation framework as criteria: column → (group, direction). Direction +1:
#: more is better for the firm; −1: less is better. Two columns are computed from activity when
#: a CustomerBase lacks them: ``volume`` (total revenue, the purchase volume) and
#: ``revenue_trend`` (the customer's own revenue trend relative to its level, our observable
#: stand-in for "change of its market share"). The rest are telecom profile columns:
#: industry growth, alternative sources (bargaining power, less is better), switching cost
#: (more ties the customer to us) and monthly cost to serve (less is better).
TELECOM_CRITERIA: dict[str, tuple[str, int]] = {
    "industry_growth": ("growth_potential", +1),
    "revenue_trend": ("growth_potential", +1),
    "volume": ("structural_position", +1),
    "alternatives": ("structural_position", -1),
    "switching_cost": ("structural_position", +1),
    "cost_to_serve": ("structural_position", -1),
}

_DERIVED = ("volume", "revenue_trend")


def _with_derived(base: CustomerBase, needed: Iterable[str]) -> pd.DataFrame:
    """``base.customers`` plus the derived criteria in ``needed`` that it lacks."""
    frame = base.customers
    add = {}
    if "volume" in needed and "volume" not in frame.columns:
        add["volume"] = customer_values(base, "revenue").to_numpy()
    if "revenue_trend" in needed and "revenue_trend" not in frame.columns:
        vt = value_trend(base, "revenue")
        cur, pot = vt["current"].to_numpy(), vt["potential"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            add["revenue_trend"] = np.where(cur > 0, pot / cur, 0.0)
    return frame.assign(**add) if add else frame


def key_account_evaluation(data: Any, criteria: Mapping[str, tuple[str, int]] | None = None,
                           weights: Mapping[str, float] | None = None,
                           group_weights: Mapping[str, float] | None = None, *,
                           method: str = "rank", top: float = 0.10) -> pd.DataFrame:
    """Score customers on the telecom key-account framework and pick the top ``top`` share.

    The framework (course deck 核心客户的管理, seed 000): **growth potential** (增长潜力: growth
    of the customer's industry and segment, change of its market share) and **structural
    position** (结构地位: purchase volume, alternative sources, transaction cost, switching
    cost, cost to serve). Each criterion (a column of ``data``) is put on [0, 1] with
    :func:`casekit.evaluate.normalise` (``method="rank"`` by default — volumes are heavy-tailed
    and min–max would squeeze all but the largest accounts near 0; ``"minmax"`` is the
    textbook form), 1 = best for the firm (direction −1 flips it). Within each group the
    criteria are combined with ``weights`` (default equal) by
    :func:`casekit.evaluate.weighted_score`; the score is Σ group_weight × group score (default
    equal group weights). Each set of weights is rescaled to sum to 1.

    ``data`` is a DataFrame with ``customer_id`` and the criteria columns, or a CustomerBase
    (its ``customers``, plus ``volume`` and ``revenue_trend`` from activity, see
    :data:`TELECOM_CRITERIA`). ``criteria`` maps column → (group, direction); by default the
    columns of :data:`TELECOM_CRITERIA` that are present (at least one per group).

    Returns ``customer_id``, the normalised criteria, one column per group, ``score``, ``rank``
    (1 = best, ties by customer id) and ``key`` (the top ``top`` share, rounded).
    """
    from .evaluate import normalise, weighted_score

    top = _check_fraction("top", top)
    if method not in ("rank", "minmax"):
        raise ValueError(f"method={method!r} is not allowed; choose 'rank' or 'minmax'")
    if isinstance(data, CustomerBase):
        wanted = TELECOM_CRITERIA if criteria is None else criteria
        frame = _with_derived(data, [c for c in _DERIVED if c in wanted])
    elif isinstance(data, pd.DataFrame):
        frame = data
    else:
        raise TypeError(f"data: expected a DataFrame of customers or a CustomerBase, got "
                        f"{type(data).__name__}")
    _check_frame_column(frame, "customer_id", "data")
    if len(frame) == 0:
        raise ValueError("data: no customers (empty data)")
    if criteria is None:
        criteria = {c: v for c, v in TELECOM_CRITERIA.items() if c in frame.columns}
        groups = {g for g, _ in criteria.values()}
        if groups != {"growth_potential", "structural_position"}:
            raise ValueError("key_account_evaluation: the default telecom criteria need at least "
                             "one column per group; present: "
                             f"{sorted(criteria)}; expected some of {sorted(TELECOM_CRITERIA)}. "
                             "Pass criteria={column: (group, ±1)} for other data")
    if not criteria:
        raise ValueError("criteria: empty; give {column: (group, direction)}")
    for col, spec in criteria.items():
        _check_frame_column(frame, col, "data")
        if (not isinstance(spec, tuple) or len(spec) != 2 or spec[1] not in (1, -1)):
            raise ValueError(f"criteria[{col!r}]={spec!r}: expected (group, +1 or -1)")
        _check_numeric(frame[col], f"data[{col!r}]")
    w = {c: 1.0 for c in criteria} if weights is None else dict(weights)
    unknown = set(w) - set(criteria)
    if unknown:
        raise ValueError(f"weights: {sorted(unknown)} are not criteria; criteria: "
                         f"{list(criteria)}")
    for c, v in w.items():
        if not (np.isfinite(v) and v >= 0):
            raise ValueError(f"weights[{c!r}]={v!r}: weights must be >= 0")
    group_names = list(dict.fromkeys(g for g, _ in criteria.values()))
    gw = {g: 1.0 for g in group_names} if group_weights is None else dict(group_weights)
    if set(gw) != set(group_names):
        raise ValueError(f"group_weights: expected weights for {group_names}, got {sorted(gw)}")
    if any(not (np.isfinite(v) and v >= 0) for v in gw.values()) or sum(gw.values()) <= 0:
        raise ValueError(f"group_weights={gw!r}: weights must be >= 0 with a positive sum")
    cols = list(criteria)
    norm = normalise(frame[cols].astype("float64").reset_index(drop=True), method=method,
                     higher_is_better={c: criteria[c][1] > 0 for c in cols})
    out = pd.DataFrame({"customer_id": frame["customer_id"].to_numpy()})
    out[cols] = norm.to_numpy()
    gsum = sum(gw.values())
    score = np.zeros(len(frame))
    for g in group_names:
        members = [c for c in cols if criteria[c][0] == g]
        wsum = sum(w.get(c, 0.0) for c in members)
        if wsum <= 0:
            raise ValueError(f"weights: the criteria of group {g!r} ({members}) have zero weight")
        gscore = weighted_score(norm[members], {c: w.get(c, 0.0) / wsum for c in members})
        out[g] = gscore.to_numpy()
        score += gw[g] / gsum * gscore.to_numpy()
    out["score"] = score
    order = _order(score, out["customer_id"].to_numpy())
    rank = np.empty(len(score), dtype=np.int64)
    rank[order] = np.arange(1, len(score) + 1)
    out["rank"] = rank
    out["key"] = rank <= int(round(top * len(score)))
    return out


# =============================================================================================
# Against the truth
# =============================================================================================


def _as_id_set(sel: Any, name: str) -> set:
    if isinstance(sel, pd.Series) and pd.api.types.is_bool_dtype(sel.dtype):
        return set(sel.index[sel.to_numpy()].tolist())
    if isinstance(sel, pd.DataFrame):
        raise TypeError(f"selections[{name!r}]: expected ids or a boolean Series by customer id, "
                        "got a DataFrame")
    if isinstance(sel, (set, frozenset, list, tuple, np.ndarray, pd.Index, pd.Series)):
        return set(np.asarray(list(sel)).tolist())
    raise TypeError(f"selections[{name!r}]: expected a set/list of customer ids or a boolean "
                    f"Series, got {type(sel).__name__}")


def compare_to_truth(selections: Mapping[str, Any], truth_top: Any) -> pd.DataFrame:
    """Precision and recall of each method's chosen key customers against the true key tier.

    ``selections`` maps a method name to its chosen customers (ids, or a boolean Series indexed
    by customer id). ``truth_top`` is the true key customers (ids, a boolean Series, or a
    CustomerBase: ``truth.true_tier == "key"``). Per method: ``selected``, ``true_key``,
    ``hits`` = |chosen ∩ true|, ``precision`` = hits / selected (how many chosen are truly
    key), ``recall`` = hits / true_key (how many true key customers were found) and ``f1`` =
    their harmonic mean.

    >>> t = compare_to_truth({"m": {1, 2, 3, 4}}, {1, 2, 5})   # 2 hits of 4 chosen, 3 true
    >>> t.loc["m", ["hits", "precision", "recall"]].round(3).tolist()
    [2.0, 0.5, 0.667]
    """
    if isinstance(truth_top, CustomerBase):
        tr = truth_top.truth
        _check_frame_column(tr, "true_tier", "base.truth")
        truth = set(tr.loc[(tr["true_tier"] == "key").to_numpy(), "customer_id"].tolist())
    else:
        truth = _as_id_set(truth_top, "truth_top")
    if not truth:
        raise ValueError("truth_top: no true key customers to compare with")
    if not isinstance(selections, Mapping) or not selections:
        raise ValueError("selections: expected a non-empty dict {method name: chosen ids}")
    rows = []
    for name, sel in selections.items():
        chosen = _as_id_set(sel, name)
        hits = len(chosen & truth)
        p = hits / len(chosen) if chosen else float("nan")
        r = hits / len(truth)
        f1 = 2 * p * r / (p + r) if chosen and (p + r) > 0 else 0.0
        rows.append({"method": name, "selected": len(chosen), "true_key": len(truth),
                     "hits": hits, "precision": p, "recall": r, "f1": f1})
    return pd.DataFrame(rows).set_index("method")


def _top_ids(score: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    return ids[_order(score, ids)[:k]]


def _sel_top(measure: str) -> Callable[[CustomerBase, float], np.ndarray]:
    def select(base: CustomerBase, top: float) -> np.ndarray:
        s = customer_values(base, measure)
        k = int(round(top * len(s)))
        return _top_ids(s.to_numpy(), s.index.to_numpy(), k)
    select.__doc__ = f"The top share of customers by total {measure}."
    return select


def _sel_abc(base: CustomerBase, top: float) -> np.ndarray:
    """ABC class A by revenue (its size is set by the 80% cut-off, not by ``top``)."""
    t = abc_classes(base, measure="revenue")
    return t.loc[t["abc"] == "A", "customer_id"].to_numpy()


def _sel_rfm(base: CustomerBase, top: float) -> np.ndarray:
    """The top share by RFM total score (ties: monetary, then customer id)."""
    t = rfm(base)
    k = int(round(top * len(base.customers)))
    order = np.lexsort((t["customer_id"].to_numpy(), -t["monetary"].to_numpy(),
                        -t["rfm_score"].to_numpy()))
    return t["customer_id"].to_numpy()[order[:k]]


def _sel_matrix(base: CustomerBase, top: float) -> np.ndarray:
    """Value-matrix quadrant 'maintain' (high current and high potential margin)."""
    t = value_matrix(base)
    return t.loc[t["quadrant"] == "maintain", "customer_id"].to_numpy()


def _sel_key_account(base: CustomerBase, top: float) -> np.ndarray:
    """The top share by the telecom key-account evaluation score."""
    t = key_account_evaluation(base, top=top)
    return t.loc[t["key"], "customer_id"].to_numpy()


#: Ready-made selection methods for :func:`precision_recall_table`: name → f(base, top) → ids.
SELECTION_METHODS: dict[str, Callable[[CustomerBase, float], np.ndarray]] = {
    "top_revenue": _sel_top("revenue"),
    "top_margin": _sel_top("margin"),
    "abc_class_a": _sel_abc,
    "rfm_score": _sel_rfm,
    "value_matrix_maintain": _sel_matrix,
    "key_account_evaluation": _sel_key_account,
}


def precision_recall_table(base: CustomerBase,
                           methods: Iterable[str] | Mapping[str, Callable] | None = None, *,
                           top: float | None = None) -> pd.DataFrame:
    """Run several key-customer methods on a base and score each against the true key tier.

    ``methods``: names from :data:`SELECTION_METHODS` (default: all that the base supports —
    ``key_account_evaluation`` needs the telecom criteria columns), or a dict name →
    function(base, top) returning chosen customer ids. ``top`` is the share of customers a
    ranking method picks; default the true key share (10% in both worlds), so precision and
    recall are comparable. Returns :func:`compare_to_truth`'s table, one row per method.
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"base: expected a CustomerBase, got {type(base).__name__}")
    tr = base.truth
    _check_frame_column(tr, "true_tier", "base.truth")
    if top is None:
        top = float((tr["true_tier"] == "key").mean())
    top = _check_fraction("top", top)
    if methods is None:
        chosen = dict(SELECTION_METHODS)
        cols = set(base.customers.columns) | set(_DERIVED)
        groups = {g for c, (g, _) in TELECOM_CRITERIA.items() if c in cols}
        if len(groups) < 2:
            chosen.pop("key_account_evaluation")
    elif isinstance(methods, Mapping):
        chosen = dict(methods)
    else:
        chosen = {}
        for name in methods:
            if name not in SELECTION_METHODS:
                raise ValueError(f"methods: unknown method {name!r}; choose from "
                                 f"{list(SELECTION_METHODS)} or pass a dict of functions")
            chosen[name] = SELECTION_METHODS[name]
    selections = {name: f(base, top) for name, f in chosen.items()}
    return compare_to_truth(selections, base)
