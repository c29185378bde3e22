"""The customer pyramid: key / normal / small tiers and their strategies."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..validate import check_number
from ._matrix import _potential_series
from ._values import _aligned, _order, _values


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

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values in any form the module accepts (see :mod:`casekit.identify`).
    shares : (float, float, float)
        Shares of customers that are key, normal and small (sum to 1).
    measure : str
        The column aggregated per customer from a base or frame.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.
    potential : Series or array_like, optional
        Potential value per customer; splits the small tier into prospect / unattractive.
    potential_threshold : float, optional
        The potential separating prospects (default the small tier's median).

    Returns
    -------
    DataFrame
        One row per customer, by rank: ``customer_id``, ``value``, ``rank``, ``tier``.

    References
    ----------
    Course deck 服务重点客户 (seed 001): the pyramid's tiers, shares and sales time.

    Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid: creating and
    serving profitable customers. *California Management Review*, 43(4), 118–142.
    """
    sh = _check_shares("shares", shares)
    if potential_threshold is not None:
        if potential is None:
            raise ValueError(f"potential_threshold={potential_threshold!r} needs potential= "
                             "(the potential value per customer it is compared with)")
        potential_threshold = check_number("potential_threshold", potential_threshold)
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
    ≈ 0.17×) and ``strategy``, the code of the tier's strategy (:data:`PYRAMID_STRATEGY`);
    its text in the current language is ``casekit.labels.label(code)``.
    Source: the course deck 服务重点客户 (seed 001); tiers as in :func:`pyramid_tiers`.

    Parameters
    ----------
    values : Series, DataFrame, array_like or CustomerBase
        Per-customer values in any form the module accepts (see :mod:`casekit.identify`).
    shares : (float, float, float)
        As for :func:`pyramid_tiers`.
    time : (float, float, float)
        Shares of sales time for key, normal and small.
    measure : str
        The column aggregated per customer from a base or frame.
    agg : {"sum", "mean", "per_period", "count"}
        How a base's or frame's rows are aggregated per customer.
    potential, potential_threshold
        As for :func:`pyramid_tiers`.

    Returns
    -------
    DataFrame
        One row per tier, top first.

    References
    ----------
    Course deck 服务重点客户 (seed 001): the pyramid's tiers, shares and sales time.

    Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid: creating and
    serving profitable customers. *California Management Review*, 43(4), 118–142.
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
    out["strategy"] = [PYRAMID_STRATEGY[c] for c in cats]
    out = out.reset_index()
    return out[["tier", "customers", "customer_share", "value", "value_share", "time_share",
                "time_per_customer", "strategy"]]
