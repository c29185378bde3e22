"""Elastic customers (弹性客户, seed 003): traits, preconditions and a strategy per customer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ._values import _aligned

#: The observed columns the six traits and the preconditions read from ``base.customers``
#: (the telecom world's; the tobacco world's are :data:`TOBACCO_ELASTIC_COLUMNS`).
ELASTIC_COLUMNS = ("orders_per_month", "risk_sharing", "price_sensitivity", "innovator",
                   "market_influence", "payment_days", "cost_to_serve", "segment_growth",
                   "market_share_change")
#: The tobacco world's readings: the same trait columns, growth from ``growth_outlook``,
#: frequency from ``orders`` per open week, finances from ``late_payments`` per order.
TOBACCO_ELASTIC_COLUMNS = ("orders", "licensed_week", "licence_closed", "last_order_week",
                           "late_payments", "risk_sharing", "price_sensitivity", "innovator",
                           "market_influence", "cost_to_serve", "growth_outlook")
#: Default ``recent`` window per period unit: six months, or half a year of weeks.
_RECENT_DEFAULT = {"month": 6, "week": 26}
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


def _telecom_readings(base: CustomerBase, recent: int, max_payment_days: float
                      ) -> dict[str, np.ndarray]:
    """Activity, short-term value, growth, frequency, finances and cost to serve per customer
    from the telecom world's columns (monthly bills)."""
    cust = base.customers
    return {
        "active": ~cust["churned"].to_numpy(bool),
        "current": _recent_margin(base, recent),
        "growth": (cust["segment_growth"].to_numpy(float)
                   + cust["market_share_change"].to_numpy(float)),
        "frequency": cust["orders_per_month"].to_numpy(float),
        "sound": cust["payment_days"].to_numpy(float) <= max_payment_days,
        "cost": cust["cost_to_serve"].to_numpy(float),
    }


def _tobacco_readings(base: CustomerBase, recent: int, max_late_share: float
                      ) -> dict[str, np.ndarray]:
    """The same from the tobacco world's columns (weekly orders).

    Active: licence not recorded closed and an order in the last ``recent`` weeks (a closed
    shop's weeks without orders must not count as a loss). Short-term value: margin of the
    last ``recent`` weeks per week the licence was in effect, minus the weekly cost to serve.
    Frequency: orders per week the licence was in effect. Finances: late-paid share of orders.
    """
    cust = base.customers
    T = int(base.params.periods)
    ids = cust["customer_id"].to_numpy()
    lic = np.maximum(cust["licensed_week"].to_numpy(np.int64), 1)   # first week it may order
    open_weeks = np.clip(T - lic + 1, 0, None)
    recent_weeks = np.clip(T - np.maximum(lic, T - recent + 1) + 1, 0, None)
    act = base.activity
    last = act[act["period"] > T - recent]
    margin = last.groupby("customer_id")["margin"].sum().reindex(ids, fill_value=0.0)
    active = (~cust["licence_closed"].to_numpy(bool)
              & (cust["last_order_week"].to_numpy(np.int64) > T - recent))
    cost = cust["cost_to_serve"].to_numpy(float)
    per_week = np.divide(margin.to_numpy(float), recent_weeks,
                         out=np.zeros(len(ids)), where=recent_weeks > 0)
    orders = cust["orders"].to_numpy(float)
    late = cust["late_payments"].to_numpy(float)
    return {
        "active": active,
        "current": np.where(active, per_week - cost, 0.0),
        "growth": cust["growth_outlook"].to_numpy(float),
        "frequency": np.divide(orders, open_weeks, out=np.zeros(len(ids)),
                               where=open_weeks > 0),
        "sound": late <= max_late_share * orders,
        "cost": cost,
    }


def _readings(base: CustomerBase, recent: int, max_payment_days: float,
              max_late_share: float) -> dict[str, np.ndarray]:
    """The readings of the world whose columns the base has (telecom's first)."""
    cols = set(base.customers.columns)
    if cols.issuperset(ELASTIC_COLUMNS):
        return _telecom_readings(base, recent, max_payment_days)
    if cols.issuperset(TOBACCO_ELASTIC_COLUMNS):
        return _tobacco_readings(base, recent, max_late_share)
    missing = [c for c in ELASTIC_COLUMNS if c not in cols]
    missing_t = [c for c in TOBACCO_ELASTIC_COLUMNS if c not in cols]
    raise ValueError(f"base: the customers table lacks {missing} (the telecom world's "
                     f"readings of the elastic-customer traits) and {missing_t} (the tobacco "
                     f"world's); world: {base.world!r}")


def elastic_customers(base: CustomerBase, clv: pd.Series | None = None, *,
                      recent: int | None = None, min_traits: int = 2,
                      frequency_quantile: float = 0.75, max_loss: float | None = None,
                      capacity: float | None = None, max_payment_days: float = 60.0,
                      max_late_share: float = 0.10) -> pd.DataFrame:
    """Find elastic customers (弹性客户) and a strategy for each, as seed 003 defines them.

    Liu Dongchang (seed 003): an elastic customer loses money today but its value can change.
    Only customers **still active** at the end of observation are considered, and only those
    whose **short-term value is negative** over the last ``recent`` periods. Such a customer
    is elastic when it shows at least ``min_traits`` of the seed's six traits, each read from
    an observed column of ``base.customers``:

    1. ``long_term_value`` — positive lifetime value despite the loss today: ``clv`` > 0 when
       an (estimated) CLV is given, else its observed growth is at least 10 % a year;
    2. ``frequent`` — high transaction frequency: at least its ``frequency_quantile`` among
       active customers;
    3. ``risk_sharing`` — shares risk and values outsourcing (the column of that name);
    4. ``price_insensitive`` — ``price_sensitivity`` ≤ 2 (room to raise the price);
    5. ``innovative`` — a technology leader (``innovator``);
    6. ``influential`` — ``market_influence`` ≥ 4.

    Each world reads activity, short-term value, growth, frequency and finances its own way:

    ================  =====================================  ===================================
    reading           telecom (months)                       tobacco (weeks)
    ================  =====================================  ===================================
    active            not ``churned``                        licence not recorded closed and an
                                                             order in the last ``recent`` weeks
    short-term value  mean margin per billed month, last     margin of the last ``recent`` weeks
                      ``recent`` months (cost to serve is    per week the licence was in effect
                      in the margin)                         − ``cost_to_serve`` (per week)
    growth            ``segment_growth`` +                   ``growth_outlook``
                      ``market_share_change``
    frequency         ``orders_per_month``                   ``orders`` per week the licence
                                                             was in effect
    sound finances    ``payment_days`` ≤                     ``late_payments`` ≤
                      ``max_payment_days``                   ``max_late_share`` × ``orders``
    ================  =====================================  ===================================

    The seed's three preconditions then decide whether an elastic customer is kept:

    * **explicit vs implicit value** — a large cash drain is dropped whatever its implicit
      value: loss per period > ``max_loss`` (default 1 % of the active base's total
      short-term value per period);
    * **sound finances** — as in the table above;
    * **service capacity** — the kept customers' ``cost_to_serve`` must fit in ``capacity``
      RMB per period (default: no limit); customers with more traits are served first (then
      the smaller loss, then the customer id).

    Strategy per customer (seed 003's 服务策略): ``best_effort`` (尽力维持) for an influential
    or innovative customer; ``partnership`` (结成伙伴关系) for short-term negative, long-term
    positive value; otherwise ``switching_barriers`` (build 战略壁垒 while cultivating it);
    ``drop`` when a precondition fails (``drop_reason``: ``cash_drain``, ``finances``,
    ``capacity``); ``none`` for customers who are not elastic.

    Parameters
    ----------
    base : CustomerBase
        A base whose customers have the columns :data:`ELASTIC_COLUMNS` (the telecom world)
        or :data:`TOBACCO_ELASTIC_COLUMNS` (the tobacco world).
    clv : Series, optional
        (Estimated) lifetime value per customer id; trait 1 reads it when given (for the
        tobacco world, pass a CLV net of the cost to serve).
    recent : int, optional
        Periods over which the short-term value is averaged (1 ≤ recent ≤ periods); default
        6 months (telecom) or 26 weeks (tobacco).
    min_traits : int
        Traits needed (1–6).
    frequency_quantile : float
        Quantile of the order frequency counted as frequent (0–1).
    max_loss : float, optional
        Loss per period above which a customer is a cash drain (RMB ≥ 0).
    capacity : float, optional
        Cost to serve per period available for the kept elastic customers (RMB ≥ 0).
    max_payment_days : float
        Telecom: longest acceptable average days to pay.
    max_late_share : float
        Tobacco: largest acceptable share of orders paid late (0–1).

    Returns
    -------
    DataFrame
        One row per customer: ``customer_id``, ``active``, ``current`` (short-term value per
        period), ``unprofitable``, the six trait columns, ``n_traits``, ``elastic``,
        ``cash_drain``, ``sound_finances``, ``within_capacity``, ``keep``, ``strategy``,
        ``drop_reason``.

    References
    ----------
    Liu Dongchang, 客户关系管理与客户选择 (course seed 003): the six traits, the three
    preconditions (显性价值与隐性价值、服务能力、财务状况) and the strategies. The thresholds
    (10 % growth, ratings ≤ 2 and ≥ 4, the 1 % cash-drain default) are the course's choices.
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"base: expected a CustomerBase, got {type(base).__name__}")
    cust = base.customers
    T = int(base.params.periods)
    if recent is None:
        recent = min(_RECENT_DEFAULT.get(base.params.period_unit, 6), T)
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
    max_late = _check_number("max_late_share", max_late_share, 0.0, 1.0)
    r = _readings(base, int(recent), max_days, max_late)

    ids = cust["customer_id"].to_numpy()
    active, current = r["active"], r["current"]
    unprofitable = active & (current < 0)
    if clv is not None:
        long_term = _aligned(clv, pd.Index(ids), "clv") > 0
    else:
        long_term = r["growth"] >= 0.10
    orders = r["frequency"]
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
    sound = r["sound"]
    candidate = elastic & ~cash_drain & sound
    within = _within_capacity(candidate, n_traits, current, ids, r["cost"], capacity)
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
