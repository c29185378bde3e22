"""The tobacco world, week by week: who orders, who closes, and the orders of any weeks.

:func:`simulate_weeks` runs weeks ``t0 + 1 … t1`` for retailers whose latent profile is known.
The generator (:func:`casekit.tobacco`) calls it with ``t0 = 0``; ``play_forward`` with ``t0``
= the last observed week, with or without a plan. Each random component has one stream per
week (``_draws.stream(seed, name, t)``), drawn for *every* retailer in retailer order, so a
retailer's draws of week t never depend on the horizon or on the other retailers (common
random numbers). A week's draws for retailer i:

* ``orders`` U: orders in week t (licence open, t ≥ licensed_week) when U < q;
* ``licence_closes`` C: after an order, the licence closes when C < p (so the number of orders
  until closure is Geometric(p), as in the BG/NBD story);
* ``late_payment`` L: the order is paid late when L < late_p (诚信度);
* ``order_value`` G ~ Gamma(p_s, 1): order value V(t)·G/p_s (Gamma-Gamma);
* ``cartons`` five uniforms: stochastic rounding of the cartons of each price class.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from . import _draws as dr

#: Retailers per block (memory bound; results never depend on it).
_BLOCK = 1 << 14
WEEK_STREAMS = ("orders", "licence_closes", "late_payment", "order_value", "cartons")
#: Cap on cartons of one class in one order, so the total fits int16.
MAX_CLASS_CARTONS = 6553


def week_rates(prof: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per retailer, the weekly rates used when no plan changes them: order probability
    ``q``, closure probability after an order ``p``, ``late_p``, and ``value_factor`` 1
    (a multiplier of the expected order value), ``extra_growth`` 0 (extra annual growth of
    the order value from the first simulated week on: × (1 + g)^((t − t0)/52))."""
    n = prof["q"].size
    return {"q": prof["q"], "p": prof["p"], "late_p": prof["late_p"],
            "value_factor": np.ones(n), "extra_growth": np.zeros(n)}


def simulate_weeks(prof: Mapping[str, Any], seed: int, t0: int, t1: int,
                   alive0: np.ndarray, margin_bp: np.ndarray, columns: dict[str, Any],
                   rates: Mapping[str, np.ndarray] | None = None, bar: Any = None
                   ) -> dict[str, Any]:
    """Weeks ``t0 + 1 … t1`` of the retailers ``alive0`` (licence open at the end of week t0).

    Returns a dict with ``frame`` (activity rows, retailer-major), ``drop_week`` (int16, the
    week of the order after which the licence closed in t0+1…t1, else 0) and ``late``
    (late-paid orders per retailer in these weeks). ``columns`` maps activity column names to
    dtypes; ``margin_bp`` the class gross-margin rates in basis points.
    """
    n = alive0.size
    P = t1 - t0
    r = dict(week_rates(prof))
    if rates is not None:
        r.update(rates)
    gens = {name: dr.period_streams(seed, name, t0 + 1, t1) for name in WEEK_STREAMS}
    week = np.arange(t0 + 1, t1 + 1)
    q32 = np.asarray(r["q"], dtype=np.float32)
    start = prof["licensed_week"]
    keeps, drop_week = [], np.zeros(n, dtype=np.int16)
    late = np.zeros(n, dtype=np.int64)
    for lo in range(0, n, _BLOCK):                    # pass 1: which weeks, closure, late
        hi = min(lo + _BLOCK, n)
        m = hi - lo
        u = dr.fill_periods(gens["orders"], np.empty((P, m), dtype=np.float32))
        ordered = (u < q32[None, lo:hi]) & (week[:, None] >= start[None, lo:hi])
        ordered &= alive0[None, lo:hi]
        dr.fill_periods(gens["licence_closes"], u)
        closes = ordered & (u < r["p"][None, lo:hi])
        closed = closes.any(axis=0)
        first = closes.argmax(axis=0)
        drop_week[lo:hi] = np.where(closed, week[first], 0)
        keep = ordered & ((week[:, None] <= week[first][None, :]) | ~closed[None, :])
        dr.fill_periods(gens["late_payment"], u)
        late[lo:hi] = (keep & (u < r["late_p"][None, lo:hi])).sum(axis=0)
        keeps.append(np.ascontiguousarray(keep.T))    # retailer × week
        if bar is not None:
            bar.update()
    n_orders = np.concatenate([k.sum(axis=1) for k in keeps]) if keeps else np.zeros(0, int)
    n_rows = int(n_orders.sum())
    out = {name: np.empty(n_rows, dtype=dtype) for name, dtype in columns.items()}
    offset = 0
    for b, lo in enumerate(range(0, n, _BLOCK)):      # pass 2: the orders themselves
        keep = keeps[b]
        keeps[b] = None
        offset = _fill(prof, r, keep, lo, t0, gens, margin_bp, out, offset)
        if bar is not None:
            bar.update()
    return dict(frame=pd.DataFrame(out, copy=False), drop_week=drop_week, late=late)


def _fill(prof, r, keep, lo, t0, gens, margin_bp, out, offset) -> int:
    """Value, cartons, revenue and margin of the orders in ``keep`` (retailers lo..), written
    into rows ``offset …`` of ``out``; returns the next free row."""
    m, P = keep.shape
    gamma = np.empty((P, m))
    uc = np.empty((P, m, 5), dtype=np.float32)
    spend_p = prof["spend_p"]
    for j in range(P):                                # every retailer draws, ordering or not
        gens["order_value"][j].standard_gamma(spend_p, out=gamma[j])
        gens["cartons"][j].random(dtype=np.float32, out=uc[j])
    n_orders = keep.sum(axis=1)
    flat = np.flatnonzero(keep)                      # retailer-major positions in (m, P)
    row, col = flat // P, flat % P
    src = col * m + row                              # the same cells in the (P, m) tables
    n_rows = row.size
    if n_rows == 0:
        return offset
    rows = slice(offset, offset + n_rows)
    period = (col + 1 + t0).astype(np.int16)
    cust = (row + lo).astype(np.int32)
    out["customer_id"][rows] = cust
    out["period"][rows] = period
    rep = lambda a: np.repeat(a[lo:lo + m], n_orders, axis=0)  # noqa: E731  (rows sorted)
    v_t = rep(prof["v_inf"]) - rep(prof["v_gap0"]) * prof["rho_g"] ** period
    value = v_t * gamma.ravel().take(src) / spend_p
    factor = r["value_factor"]
    if np.any(factor != 1.0):
        value *= rep(factor)
    extra = r["extra_growth"]
    if np.any(extra != 0.0):
        value *= np.exp(rep(np.log1p(extra) / 52.0) * (period - float(t0)))
    u = uc.reshape(P * m, 5).take(src, axis=0).T      # 5 × orders
    cartons = np.empty((5, n_rows), dtype=np.int64)
    for c in range(5):
        x = value * rep(prof["cartons_per_rmb_T"][c])              # expected cartons
        x += u[c]                                                  # stochastic rounding:
        np.floor(x, out=x)                                         # floor(x + U)
        cartons[c] = x
    total = cartons.sum(axis=0)
    empty = np.flatnonzero(total == 0)
    if empty.size:                                 # rare: one carton of the largest class
        cartons[prof["cartons_per_rmb_T"][:, cust[empty]].argmax(axis=0), empty] = 1
        total[empty] = 1
    if cartons.max() > MAX_CLASS_CARTONS:
        np.minimum(cartons, MAX_CLASS_CARTONS, out=cartons)
        total = cartons.sum(axis=0)
    revenue = np.zeros(n_rows, dtype=np.int64)     # whole cents: the same on every machine
    gross = np.zeros(n_rows, dtype=np.int64)       # in 1/10,000 of a cent
    for c in range(5):
        out[f"cartons_class{c + 1}"][rows] = cartons[c]
        line = cartons[c] * rep(prof["price_cents_T"][c])
        revenue += line
        gross += line * margin_bp[c]
    margin = (gross + 5_000) // 10_000 - rep(prof["delivery_cents"])     # cents, half up
    out["cartons"][rows] = total
    out["revenue"][rows] = revenue / 100.0
    out["margin"][rows] = margin / 100.0
    return offset + n_rows


def summaries(activity: pd.DataFrame, n: int) -> dict[str, np.ndarray]:
    """Per retailer over the rows of ``activity``: orders, cartons, revenue and margin (sums
    in whole cents, exact), first and last order week (0 = none)."""
    cid = activity["customer_id"].to_numpy()
    period = activity["period"].to_numpy()
    cents = lambda col: np.rint(activity[col].to_numpy() * 100.0).astype(np.int64)  # noqa
    orders = np.bincount(cid, minlength=n)
    out = {"orders": orders.astype(np.int16),
           "tot_cart": np.bincount(cid, weights=activity["cartons"].to_numpy(),
                                   minlength=n).astype(np.int32),
           "tot_rev": _int_sum(cid, cents("revenue"), n) / 100.0,
           "tot_mar": _int_sum(cid, cents("margin"), n) / 100.0,
           "first": np.zeros(n, dtype=np.int16), "last": np.zeros(n, dtype=np.int16)}
    if cid.size:
        starts = np.flatnonzero(np.r_[True, cid[1:] != cid[:-1]])
        ends = np.r_[starts[1:] - 1, cid.size - 1]
        out["first"][cid[starts]] = period[starts]
        out["last"][cid[ends]] = period[ends]
    return out


def _int_sum(cid: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Exact per-retailer sums of int64 values (rows sorted by retailer)."""
    total = np.zeros(n, dtype=np.int64)
    if cid.size:
        starts = np.flatnonzero(np.r_[True, cid[1:] != cid[:-1]])
        total[cid[starts]] = np.add.reduceat(values, starts)
    return total
