"""The telecom world, month by month: complaints, churn and the activity rows of any months.

:func:`simulate_months` runs months ``t0 + 1 … t1`` for customers whose latent profile is
known. The generator (:func:`casekit.telecom`) calls it with ``t0 = 0``; ``play_forward``
calls it with ``t0`` = the last observed month, for the same customers, with or without a
plan. Both read the same random numbers:

* every random component has **one stream per month** (``_draws.stream(seed, name, t)``),
  drawn for *every* customer in customer order — so customer i's month-t draw is the i-th
  value of that month's stream, whatever the horizon and whoever else is still active;
* a month's draws: one uniform for complaints (Poisson by the inverse CDF), one uniform for
  churn (the customer stays at the end of month t when U < r_t), and three standard normals
  for the bill, data and voice noise.

So the first N months of a longer generation equal an N-month generation, byte for byte, and
months N+1 … are what ``play_forward`` produces; a plan that changes one customer's
retention changes only that customer's rows (common random numbers).

The process of month t (unchanged from the generator's story)::

    K_t ~ Poisson(λ)                       complaints
    r_t = k_t · s^K_t                      retention at the end of month t
    k_t = 1 − θ·c  while t < contract_months_left (the contract binds in month t + 1)
          1 − θ    otherwise
    s   = 1 − p                            p: chance a complaint makes the customer leave

and the customer stays when U_t < r_t (U_t uniform), which has probability r_t.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from . import _draws as dr

#: Customers per block: the month tables of a block (months × customers) stay small.
_BLOCK = 1 << 14
#: The month-stream names, one stream per month each.
MONTH_STREAMS = ("complaints", "churn", "bill_noise", "data_noise", "voice_noise")
#: Lognormal month-to-month noise (σ) of the bill, the data use and the voice minutes.
NOISE_SIGMA = {"bill": 0.10, "data": 0.25, "voice": 0.20}


def month_rates(prof: Mapping[str, np.ndarray], v: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Per customer, the monthly rates the simulation uses when no plan changes them.

    ``keep_bound`` = 1 − θ·c (while the contract binds), ``keep_free`` = 1 − θ,
    ``complaint_keep`` s = 1 − p, ``log_growth`` = ln(1 + g)/12 (the volume index of month t
    is exp(log_growth·(t − 1))), ``extra_log_growth`` = 0 (a plan's extra growth from the
    first simulated month on: the volume index is multiplied by exp(extra·(t − t0))),
    ``margin_uplift`` = 0 (a share of the expected margin added
    as revenue).
    """
    theta = prof["theta"]
    return {"keep_bound": 1.0 - theta * v["contract_churn_factor"],
            "keep_free": 1.0 - theta,
            "complaint_keep": 1.0 - prof["leave_p"],
            "log_growth": np.log1p(prof["growth"]) / 12.0,
            "extra_log_growth": np.zeros(theta.size),
            "margin_uplift": np.zeros(theta.size)}


def expected_parts(prof: Mapping[str, np.ndarray], v: Mapping[str, Any]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(G, F): gross margin at volume index 1 and the fixed monthly cost, per customer.

    The expected margin of month t is G·v_t − F (v_t the volume index); see ``true_margin``.
    """
    lines = prof["lines"].astype(float)
    gross = lines * (prof["price"] - prof["gb_line"] * v["cost_per_gb"]
                     - prof["min_line"] * v["cost_per_minute"])
    fixed = (prof["cts"].astype(float) + lines * v["line_cost"]
             + prof["lam"] * v["complaint_cost"])
    return gross, fixed


def simulate_months(prof: Mapping[str, np.ndarray], v: Mapping[str, Any], seed: int, t0: int,
                    t1: int, alive0: np.ndarray, rates: Mapping[str, np.ndarray] | None = None,
                    bar: Any = None) -> dict[str, Any]:
    """Months ``t0 + 1 … t1`` of the customers ``alive0`` (active at the end of month t0).

    Parameters
    ----------
    prof : dict
        The latent profile (``telecom._profile``), one value per customer.
    v : dict
        The world's parameter values.
    seed : int
        The world's seed (the month streams derive from it).
    t0, t1 : int
        The months already past and the last month to simulate (0 ≤ t0 < t1).
    alive0 : bool array
        Customers active at the end of month t0 (the others get no rows).
    rates : dict, optional
        Per-customer rates replacing :func:`month_rates` (a plan's effect).
    bar : progress bar, optional

    Returns
    -------
    dict with ``frame`` (activity rows of these months, customer-major), ``churn_month``
    (int16, the month a customer left in t0+1…t1, else 0) and ``months_active`` (rows per
    customer).
    """
    n = alive0.size
    P = t1 - t0
    r = dict(month_rates(prof, v))
    if rates is not None:
        r.update(rates)
    gens = {name: dr.period_streams(seed, name, t0 + 1, t1) for name in MONTH_STREAMS}
    month = np.arange(t0 + 1, t1 + 1, dtype=np.int16)
    months_left = prof["months_left"].astype(np.int16)
    lam = prof["lam"]

    # pass 1: complaints and churn, block by block (the activity size is then known)
    complaints = []                                   # per block: months × customers
    churn_month = np.zeros(n, dtype=np.int16)
    count = np.zeros(n, dtype=np.int64)
    for lo in range(0, n, _BLOCK):
        hi = min(lo + _BLOCK, n)
        m = hi - lo
        u = dr.fill_periods(gens["complaints"], np.empty((P, m), dtype=np.float32))
        k = dr.poisson_from_uniform(u, lam[lo:hi][None, :])
        complaints.append(k)
        dr.fill_periods(gens["churn"], u)
        keep = np.where(month[:, None] < months_left[None, lo:hi],
                        r["keep_bound"][lo:hi][None, :], r["keep_free"][lo:hi][None, :])
        hit = k > 0
        if hit.any():
            s = np.broadcast_to(r["complaint_keep"][lo:hi][None, :], k.shape)
            keep[hit] *= s[hit] ** k[hit]
        leave = u >= keep
        left = leave.any(axis=0)
        first = leave.argmax(axis=0)
        a0 = alive0[lo:hi]
        churn_month[lo:hi] = np.where(a0 & left, t0 + 1 + first, 0)
        count[lo:hi] = np.where(a0, np.where(left, first + 1, P), 0)
        if bar is not None:
            bar.update()

    frame = _rows(prof, v, r, complaints, count, month, gens, t0)
    return dict(frame=frame, churn_month=churn_month, months_active=count.astype(np.int16))


def _cents(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Round to 2 decimals (RMB cents, GB hundredths): x·100, round half to even, ÷100."""
    x *= 100.0
    np.rint(x, out=x)
    return np.divide(x, 100.0, out=x if out is None else out)


def _level(z: np.ndarray, sigma: float, log_g: np.ndarray, per_line: np.ndarray,
           out: np.ndarray) -> np.ndarray:
    """``out`` = per_line × exp(σZ − σ²/2 + ln volume index) (Z float32, summed in float32)."""
    z *= sigma
    np.subtract(log_g, 0.5 * sigma * sigma, out=out)     # out serves as scratch here
    z += out                                             # the float32 sum
    np.exp(z, dtype=np.float64, out=out)
    out *= per_line
    return out


def _rows(prof, v, r, complaints, count, month, gens, t0) -> pd.DataFrame:
    """Pass 2: one activity row per customer-month while active (customer-major order)."""
    n = count.size
    P = month.size
    ends = np.cumsum(count)
    rows = int(ends[-1]) if n else 0
    cid = np.repeat(np.arange(n, dtype=np.int32), count)
    period = np.empty(rows, dtype=np.int16)
    k_out = np.empty(rows, dtype=np.int8)
    revenue = np.empty(rows)
    data_gb = np.empty(rows, dtype=np.float32)
    minutes = np.empty(rows, dtype=np.int32)
    service = np.empty(rows)
    margin = np.empty(rows)
    lines = prof["lines"].astype(float)
    bill_line = prof["price"] * lines
    gb_line = prof["gb_line"] * lines
    min_line = prof["min_line"] * lines
    line_cost = lines * v["line_cost"]
    cts = prof["cts"].astype(np.float64)
    cost_per_gb = np.float64(v["cost_per_gb"])
    log_growth = r["log_growth"]
    uplift = r["margin_uplift"]
    extra = r["extra_log_growth"] if np.any(r["extra_log_growth"] != 0) else None
    gross, fixed = expected_parts(prof, v) if np.any(uplift != 0) else (None, None)
    local_period = np.arange(P)
    for b, lo in enumerate(range(0, n, _BLOCK)):
        hi = min(lo + _BLOCK, n)
        m = hi - lo
        cnt = count[lo:hi]
        r0 = int(ends[lo - 1]) if lo else 0
        r1 = int(ends[hi - 1])
        z = {name: dr.fill_periods(gens[name], np.empty((P, m), dtype=np.float32), "normal")
             for name in ("bill_noise", "data_noise", "voice_noise")}
        if r1 == r0:
            continue
        # the active customer-months, customer-major, as positions in the (month × customer)
        # tables of the block: one gather per column instead of a masked transposed copy
        flat = np.flatnonzero(local_period[None, :] < cnt[:, None])
        month_of = flat % P
        src = month_of * m + flat // P
        p_b = period[r0:r1]
        p_b[:] = month[month_of]
        k_b = k_out[r0:r1]
        k_b[:] = complaints[b].ravel().take(src)

        def each_row(x: np.ndarray) -> np.ndarray:
            return np.repeat(x[lo:hi], cnt)

        log_g = each_row(log_growth)
        log_g *= p_b - 1.0                                     # ln(volume index) per row
        if extra is not None:
            log_g += each_row(extra) * (p_b - float(t0))
        rev = _level(z["bill_noise"].ravel().take(src), NOISE_SIGMA["bill"], log_g,
                     each_row(bill_line), revenue[r0:r1])
        if gross is not None:                                  # a plan's margin uplift
            up = each_row(uplift)
            rev += up * (each_row(gross) * np.exp(log_g) - each_row(fixed))
        _cents(rev)
        buf = np.empty(r1 - r0)
        gb = _cents(_level(z["data_noise"].ravel().take(src), NOISE_SIGMA["data"], log_g,
                           each_row(gb_line), buf), out=data_gb[r0:r1])
        mins = minutes[r0:r1]
        mins[:] = np.rint(_level(z["voice_noise"].ravel().take(src), NOISE_SIGMA["voice"], log_g,
                                 each_row(min_line), buf))
        # service cost, summed in this order: data, voice, lines, complaints
        cost = np.multiply(gb, cost_per_gb, out=service[r0:r1])
        cost += mins * v["cost_per_minute"]
        cost += each_row(line_cost)
        cost += k_b * v["complaint_cost"]
        _cents(cost)
        mar = np.subtract(rev, cost, out=margin[r0:r1])
        mar -= each_row(cts)
        _cents(mar)
    return pd.DataFrame({"customer_id": cid, "period": period, "revenue": revenue,
                         "data_gb": data_gb, "voice_minutes": minutes, "complaints": k_out,
                         "service_cost": service, "margin": margin}, copy=False)


def summaries(activity: pd.DataFrame, n: int) -> dict[str, np.ndarray]:
    """Per customer: total revenue, total margin and complaints over the rows of ``activity``.

    ``np.bincount`` adds each customer's rows in row order, so the totals of a base and of the
    same base continued are computed the same way (byte-equal when the rows are).
    """
    cid = activity["customer_id"].to_numpy()
    return {"total_revenue": np.bincount(cid, weights=activity["revenue"].to_numpy(),
                                         minlength=n),
            "total_margin": np.bincount(cid, weights=activity["margin"].to_numpy(),
                                        minlength=n),
            "total_complaints": np.bincount(cid, weights=activity["complaints"].to_numpy(),
                                            minlength=n).astype(np.int64)}
