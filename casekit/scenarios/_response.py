"""The world's response (true retention, margin, revenue and growth per customer) and the
horizon/discount/growth setting every valuation shares."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase, require_columns
from ..periods import per_period_discount, per_period_growth, periods_per_year
from ..validate import check_number, check_whole


def _geom(a: np.ndarray, n: float) -> np.ndarray:
    """Σ_{t=0}^{n-1} a^t elementwise (n may be inf when every |a| < 1)."""
    a = np.asarray(a, dtype=float)
    if math.isinf(n):
        if np.any(a >= 1):
            raise ValueError("an infinite horizon needs retention < 1 or a discount rate > 0; "
                             "give a finite horizon or a positive discount")
        return 1.0 / (1.0 - a)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (1.0 - a ** n) / (1.0 - a)
    near = np.abs(1.0 - a) < 1e-10
    if np.any(near):
        out = np.where(near, float(n), out)
    return out


def _life_factor(r: np.ndarray, g: np.ndarray, v: float, H: float, gp: float) -> np.ndarray:
    """Σ_{k=0}^{H-1} (r v)^k · g^min(k, gp): discounted presence × growth, per customer.

    Growth lasts gp periods, then the margin is flat. H may be inf (gp finite or not).
    """
    rv = r * v
    with np.errstate(over="ignore", invalid="ignore"):
        if math.isinf(gp):
            out = _geom(g * rv, H)
        else:
            k1 = min(H, gp + 1)
            out = _geom(g * rv, k1)
            if H > k1:
                out = out + g ** gp * rv ** k1 * _geom(rv, H - k1)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"growth_years: margins growing for {gp:,.0f} periods over a horizon "
                         f"of {H:,.0f} periods overflow (a value beyond 1e308 RMB); give fewer "
                         "growth_years or a shorter horizon")
    return out


@dataclass
class _World:
    """The world's response for the active customers, at one horizon and discount rate."""

    resp: pd.DataFrame           # true_response, all customers
    active: np.ndarray           # bool, all customers
    r: np.ndarray                # per-period retention (active customers)
    m: np.ndarray                # margin per period now
    rev: np.ndarray              # revenue per period now
    g: np.ndarray                # margin growth factor per period (1 for loss-makers)
    gp: float                    # periods the growth lasts
    ppy: int
    discount: float              # annual
    v: float                     # per-period discount factor
    H: float                     # horizon in periods (inf allowed where documented)


def _world(base: CustomerBase, horizon: Any, discount: Any, growth: bool, growth_years: Any,
           infinite: bool = False, resp: pd.DataFrame | None = None) -> _World:
    if resp is None:
        resp = true_response(base, growth=growth)
    ppy = resp.attrs["periods_per_year"]
    if horizon is None:
        H: float = math.inf if infinite else 5 * ppy
    else:
        H = check_whole("horizon", horizon, low=1)
    if discount is None:
        discount = base.params.values.get("discount_rate")
        if discount is None:
            raise ValueError("discount=None and the base has no params.discount_rate; give an "
                             "annual discount rate, e.g. discount=0.10")
    discount = check_number("discount", discount, low=0.0, high=1.0,
                       allowed="[0, 1] (an annual rate, 0.10 = 10 % a year)")
    if math.isinf(H) and discount == 0:
        raise ValueError("discount=0 with an infinite horizon: give a horizon or a discount > 0")
    if growth_years is None:
        growth_years = base.params.values.get("growth_years", 1.0)
    if isinstance(growth_years, (int, float)) and math.isinf(growth_years):
        if math.isinf(H):
            raise ValueError("growth_years=inf needs a finite horizon")
        gp = math.inf
    else:
        gp = float(round(check_number("growth_years", growth_years, low=0.0) * ppy))
    active = resp["active"].to_numpy(dtype=bool)
    if not active.any():
        raise ValueError("base: no customer is still active at the end of observation")
    act = resp[active]
    m = act["margin"].to_numpy()
    g = np.where(m > 0, per_period_growth(act["growth"].to_numpy(), ppy), 1.0)
    return _World(resp=resp, active=active, r=act["retention"].to_numpy(), m=m,
                  rev=act["revenue"].to_numpy(), g=g, gp=gp, ppy=ppy, discount=discount,
                  v=per_period_discount(discount, ppy), H=H)


# --------------------------------------------------------------------------------------------
# the world's response: per-period retention, margin, revenue and growth from base.truth
# --------------------------------------------------------------------------------------------


def true_response(base: CustomerBase, growth: bool = True) -> pd.DataFrame:
    """Per customer, the world's true per-period retention, margin, revenue and growth.

    Read from ``base.truth`` (one row per customer, in ``base.customers`` order):

    * ``retention`` — probability of still being a customer one period later.
      Telecom: ``true_retention`` (monthly). Tobacco (no contract): a retailer orders in a
      week with probability q = ``true_order_rate`` and after each order closes its licence
      with probability p = ``true_dropout``, so it survives a week with probability
      **r = 1 − q·p** (no order, or an order and no closure). (Were orders a Poisson stream
      with λ a week, it would be E[(1 − p)^N] = exp(−λp) — nearly the same for small λp.)
    * ``margin`` — ``true_margin``, expected margin per period now (RMB; may be negative).
    * ``revenue`` — ``true_revenue`` if the world has it; tobacco: λ × ``true_order_value``;
      otherwise margin plus the customer's observed mean cost per active period
      (revenue − margin in ``activity``).
    * ``growth`` — ``true_growth`` (annual growth rate of margin; 0 when ``growth=False`` or
      absent).
    * ``annual_retention`` — r^(periods per year), the yearly view of the same rate.
    * ``active`` — still a customer at the end of observation: not ``customers.churned``
      (telecom), ``truth.true_alive`` (tobacco); True when the world records neither.

    Parameters
    ----------
    base : CustomerBase
        A base with the world's ``truth``.
    growth : bool
        Include ``true_growth`` (False: growth 0).

    Returns
    -------
    DataFrame
        One row per customer, the columns above; ``attrs["periods_per_year"]``.

    Notes
    -----
    The tobacco survival r = 1 − q·p follows from the tobacco generator's order and
    dropout model (a stated assumption of the simulated world, see ``ck.tobacco_params()``).

    >>> resp = true_response(base)                # doctest: +SKIP
    >>> resp[["retention", "margin"]].describe()  # doctest: +SKIP
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"base: expected a casekit CustomerBase, got {type(base).__name__}")
    ppy = periods_per_year(base.params.period_unit)
    truth = base.truth
    require_columns(truth, ["customer_id", "true_margin"], "base.truth")
    ids = base.customers["customer_id"].to_numpy()
    t = truth.set_index("customer_id")
    if not np.array_equal(t.index.to_numpy(), ids):          # align truth on customers
        if not t.index.is_unique:
            raise ValueError("base.truth: customer_id is not unique")
        pos = t.index.get_indexer(ids)
        if (pos < 0).any():
            raise ValueError("base.truth has no row for customer_id(s) "
                             f"{ids[pos < 0][:5].tolist()}")
        t = t.iloc[pos]
    if "true_retention" in t.columns:
        r = t["true_retention"].to_numpy(dtype=float)
        source = "true_retention"
    elif {"true_order_rate", "true_dropout"} <= set(t.columns):
        r = 1.0 - (t["true_order_rate"].to_numpy(dtype=float)
                   * t["true_dropout"].to_numpy(dtype=float))
        source = "1 - true_order_rate*true_dropout"
    else:
        raise ValueError("base.truth: need 'true_retention' (contractual worlds) or "
                         "'true_order_rate' and 'true_dropout' (ordering worlds); columns "
                         f"present: {list(truth.columns)}")
    if np.any(~np.isfinite(r) | (r < 0) | (r > 1)):
        raise ValueError("base.truth: retention outside [0, 1] for some customers")
    m = t["true_margin"].to_numpy(dtype=float)
    if "true_revenue" in t.columns:
        rev = t["true_revenue"].to_numpy(dtype=float)
    elif {"true_order_rate", "true_order_value"} <= set(t.columns):
        rev = (t["true_order_rate"].to_numpy(dtype=float)
               * t["true_order_value"].to_numpy(dtype=float))
    else:
        act = base.activity
        if {"revenue", "margin"} <= set(act.columns) and len(act):
            pos = pd.Index(ids).get_indexer(act["customer_id"].to_numpy())
            ok = pos >= 0
            cost = act["revenue"].to_numpy(dtype=float) - act["margin"].to_numpy(dtype=float)
            tot = np.bincount(pos[ok], weights=cost[ok], minlength=len(ids))
            cnt = np.bincount(pos[ok], minlength=len(ids))
            rev = m + np.divide(tot, cnt, out=np.zeros(len(ids)), where=cnt > 0)
        else:
            rev = m.copy()
    g = (t["true_growth"].to_numpy(dtype=float) if growth and "true_growth" in t.columns
         else np.zeros(len(ids)))
    if np.any(g <= -1):
        raise ValueError("base.truth: true_growth <= -1 for some customers (margin would vanish)")
    if "true_alive" in t.columns:
        active = t["true_alive"].to_numpy(dtype=bool)
    elif "churned" in base.customers.columns:
        active = ~base.customers["churned"].to_numpy(dtype=bool)
    else:
        active = np.ones(len(ids), dtype=bool)
    out = pd.DataFrame({"customer_id": ids, "retention": r, "margin": m, "revenue": rev,
                        "growth": g, "annual_retention": r ** ppy, "active": active})
    out.attrs.update(retention_source=source, period_unit=base.params.period_unit,
                     periods_per_year=ppy)
    return out
