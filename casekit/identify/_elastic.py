"""Elastic customers (弹性客户, seed 003): traits, preconditions and a strategy per customer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ._values import _aligned

#: The observed columns the six traits and the preconditions read from ``base.customers``.
ELASTIC_COLUMNS = ("orders_per_month", "risk_sharing", "price_sensitivity", "innovator",
                   "market_influence", "payment_days", "cost_to_serve", "segment_growth",
                   "market_share_change")
#: The six traits of seed 003, in its order.
ELASTIC_TRAITS = ("long_term_value", "frequent", "risk_sharing", "price_insensitive",
                  "innovative", "influential")
#: Strategy codes: seed 003's 服务策略 plus "drop" (a precondition fails) and "none".
ELASTIC_STRATEGIES = ("partnership", "best_effort", "switching_barriers", "drop", "none")


def _check_number(name: str, value: Any, low: float, high: float = np.inf,
                  allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    ok = (isinstance(value, (int, float, np.integer, np.floating))
          and not isinstance(value, bool) and np.isfinite(value) and low <= value <= high)
    if not ok:
        rng = f"{low} ≤ {name} ≤ {high}" if np.isfinite(high) else f"a number ≥ {low}"
        raise ValueError(f"{name}={value!r} is not allowed; expected {rng}"
                         + (" or None" if allow_none else ""))
    return float(value)


def _recent_margin(base: CustomerBase, recent: int) -> np.ndarray:
    """Mean margin per billed month over the last ``recent`` months (0 if none)."""
    act = base.activity
    T = int(base.params.periods)
    last = act[act["period"] > T - recent]
    g = last.groupby("customer_id")["margin"].mean()
    return g.reindex(base.customers["customer_id"].to_numpy(), fill_value=0.0).to_numpy()


def elastic_customers(base: CustomerBase, clv: pd.Series | None = None, *, recent: int = 6,
                      min_traits: int = 2, frequency_quantile: float = 0.75,
                      max_loss: float | None = None, capacity: float | None = None,
                      max_payment_days: float = 60.0) -> pd.DataFrame:
    """Find elastic customers (弹性客户) and a strategy for each, as seed 003 defines them.

    Liu Dongchang (seed 003): an elastic customer loses money today but its value can change.
    Only customers **still active** at the end of observation are considered, and only those
    whose **short-term value is negative**: mean margin per billed month over the last
    ``recent`` months < 0. Such a customer is elastic when it shows at least ``min_traits`` of
    the seed's six traits, each read from an observed column of ``base.customers``:

    1. ``long_term_value`` — positive lifetime value despite the loss today: ``clv`` > 0 when
       an (estimated) CLV is given, else its observed growth (segment growth + change of
       market share) is at least 10 % a year;
    2. ``frequent`` — high transaction frequency: ``orders_per_month`` ≥ its
       ``frequency_quantile`` among active customers;
    3. ``risk_sharing`` — shares risk and values outsourcing (the column of that name);
    4. ``price_insensitive`` — ``price_sensitivity`` ≤ 2 (room to raise the price);
    5. ``innovative`` — a technology leader (``innovator``);
    6. ``influential`` — ``market_influence`` ≥ 4.

    The seed's three preconditions then decide whether an elastic customer is kept:

    * **explicit vs implicit value** — a large cash drain is dropped whatever its implicit
      value: monthly loss > ``max_loss`` (default 1 % of the active base's total monthly
      margin over the same months);
    * **sound finances** — ``payment_days`` ≤ ``max_payment_days``;
    * **service capacity** — the kept customers' ``cost_to_serve`` must fit in ``capacity``
      RMB per month (default: no limit); customers with more traits are served first (then
      the smaller loss, then the customer id).

    Strategy per customer (seed 003's 服务策略): ``best_effort`` (尽力维持) for an influential
    or innovative customer; ``partnership`` (结成伙伴关系) for short-term negative, long-term
    positive value; otherwise ``switching_barriers`` (build 战略壁垒 while cultivating it);
    ``drop`` when a precondition fails (``drop_reason``: ``cash_drain``, ``finances``,
    ``capacity``); ``none`` for customers who are not elastic.

    Parameters
    ----------
    base : CustomerBase
        A base whose customers have the columns :data:`ELASTIC_COLUMNS` (the telecom world).
    clv : Series, optional
        (Estimated) lifetime value per customer id; trait 1 reads it when given.
    recent : int
        Months over which the short-term value is averaged (1 ≤ recent ≤ periods).
    min_traits : int
        Traits needed (1–6).
    frequency_quantile : float
        Quantile of ``orders_per_month`` counted as frequent (0–1).
    max_loss : float, optional
        Monthly loss above which a customer is a cash drain (RMB ≥ 0).
    capacity : float, optional
        Monthly cost to serve available for the kept elastic customers (RMB ≥ 0).
    max_payment_days : float
        Longest acceptable average days to pay.

    Returns
    -------
    DataFrame
        One row per customer: ``customer_id``, ``active``, ``current`` (recent mean margin),
        ``unprofitable``, the six trait columns, ``n_traits``, ``elastic``, ``cash_drain``,
        ``sound_finances``, ``within_capacity``, ``keep``, ``strategy``, ``drop_reason``.

    References
    ----------
    Liu Dongchang, 客户关系管理与客户选择 (course seed 003): the six traits, the three
    preconditions (显性价值与隐性价值、服务能力、财务状况) and the strategies.
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"base: expected a CustomerBase, got {type(base).__name__}")
    cust = base.customers
    missing = [c for c in ELASTIC_COLUMNS if c not in cust.columns]
    if missing:
        raise ValueError(f"base: the customers table lacks {missing}, which the elastic-customer "
                         f"traits need (the telecom world has them; world: {base.world!r})")
    T = int(base.params.periods)
    if isinstance(recent, bool) or not isinstance(recent, (int, np.integer)) \
            or not 1 <= recent <= T:
        raise ValueError(f"recent={recent!r} is out of range; allowed: whole number 1..{T}")
    if isinstance(min_traits, bool) or not isinstance(min_traits, (int, np.integer)) \
            or not 1 <= min_traits <= 6:
        raise ValueError(f"min_traits={min_traits!r} is out of range; allowed: whole number 1..6")
    q = _check_number("frequency_quantile", frequency_quantile, 0.0, 1.0)
    max_loss = _check_number("max_loss", max_loss, 0.0, allow_none=True)
    capacity = _check_number("capacity", capacity, 0.0, allow_none=True)
    max_days = _check_number("max_payment_days", max_payment_days, 0.0)

    ids = cust["customer_id"].to_numpy()
    active = ~cust["churned"].to_numpy()
    current = _recent_margin(base, recent)
    unprofitable = active & (current < 0)
    if clv is not None:
        long_term = _aligned(clv, pd.Index(ids), "clv") > 0
    else:
        long_term = (cust["segment_growth"].to_numpy(float)
                     + cust["market_share_change"].to_numpy(float)) >= 0.10
    orders = cust["orders_per_month"].to_numpy(float)
    freq_thr = np.quantile(orders[active], q) if active.any() else np.inf
    traits = {
        "long_term_value": long_term,
        "frequent": orders >= freq_thr,
        "risk_sharing": cust["risk_sharing"].to_numpy(bool),
        "price_insensitive": cust["price_sensitivity"].to_numpy() <= 2,
        "innovative": cust["innovator"].to_numpy(bool),
        "influential": cust["market_influence"].to_numpy() >= 4,
    }
    n_traits = np.sum([traits[t] for t in ELASTIC_TRAITS], axis=0)
    elastic = unprofitable & (n_traits >= min_traits)

    if max_loss is None:
        max_loss = 0.01 * max(float(current[active].sum()), 0.0)
    cash_drain = elastic & (-current > max_loss)
    sound = cust["payment_days"].to_numpy(float) <= max_days
    candidate = elastic & ~cash_drain & sound
    within = _within_capacity(candidate, n_traits, current, ids,
                              cust["cost_to_serve"].to_numpy(float), capacity)
    keep = candidate & within

    strategy = np.full(len(ids), "none", dtype=object)
    strategy[elastic] = "drop"
    strategy[keep] = "switching_barriers"
    strategy[keep & long_term] = "partnership"
    strategy[keep & (traits["influential"] | traits["innovative"])] = "best_effort"
    reason = np.full(len(ids), "", dtype=object)
    reason[elastic & ~within & candidate] = "capacity"
    reason[elastic & ~sound & ~cash_drain] = "finances"
    reason[cash_drain] = "cash_drain"

    out = pd.DataFrame({"customer_id": ids, "active": active, "current": current,
                        "unprofitable": unprofitable})
    for t in ELASTIC_TRAITS:
        out[t] = traits[t]
    out["n_traits"] = n_traits.astype(np.int64)
    out["elastic"] = elastic
    out["cash_drain"] = cash_drain
    out["sound_finances"] = sound
    out["within_capacity"] = within
    out["keep"] = keep
    out["strategy"] = pd.Categorical(strategy, categories=list(ELASTIC_STRATEGIES))
    out["drop_reason"] = reason
    return out


def _within_capacity(candidate: np.ndarray, n_traits: np.ndarray, current: np.ndarray,
                     ids: np.ndarray, cts: np.ndarray, capacity: float | None) -> np.ndarray:
    """True for candidates whose cost to serve fits in ``capacity``, served in order of more
    traits, smaller loss, customer id; True everywhere when there is no limit."""
    if capacity is None:
        return np.ones(len(ids), dtype=bool)
    idx = np.flatnonzero(candidate)
    order = idx[np.lexsort((ids[idx], -current[idx], -n_traits[idx]))]
    fits = np.cumsum(cts[order]) <= capacity
    within = np.zeros(len(ids), dtype=bool)
    within[order[fits]] = True
    return within
