"""Monte Carlo building blocks: churn times by the inverse CDF of the geometric distribution."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import CustomerBase


# --------------------------------------------------------------------------------------------
# Monte Carlo: churn times by inverse CDF of the geometric distribution
# --------------------------------------------------------------------------------------------


#: Monte Carlo work sizes: customers × (horizon + 1) per value table (float32), and
#: runs × customers per batch of random draws. Larger bases are done in blocks of customers.
_MC_TABLE_CELLS = 8_000_000
_MC_DRAW_CELLS = 4_000_000


def _churn_rate(r: np.ndarray) -> np.ndarray:
    """λ = −log r as float32 (the rate of the exponential behind the geometric lifetime)."""
    with np.errstate(divide="ignore"):
        lam = -np.log(np.asarray(r, dtype=float))
    return np.where(lam > 0, lam, 1e-30).astype(np.float32)     # r = 1: never leaves


def _lifetimes(E: np.ndarray, lam: np.ndarray, H: int) -> np.ndarray:
    """Retention decisions survived, capped at H: L = ⌊E/λ⌋ with E ~ Exp(1), λ = −log r.

    E = −log U, so this is the inverse CDF of the geometric distribution:
    P(L ≥ t) = P(U ≤ r^t) = r^t. One draw per customer instead of a Bernoulli per period.
    """
    L = E / lam
    np.minimum(L, np.float32(H), out=L)
    return L.astype(np.int32)                 # truncation = floor, L >= 0


def _retained_counts(L: np.ndarray, H: int) -> np.ndarray:
    """Customers still there after t = 0..H decisions per run: #{L >= t}.

    L has shape (customers, runs); returns (runs, H+1).
    """
    runs = L.shape[1]
    idx = L + ((H + 1) * np.arange(runs, dtype=np.int32))[None, :]
    hist = np.bincount(idx.ravel(), minlength=runs * (H + 1)).reshape(runs, H + 1)
    return np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]


def _mc_tables(g: np.ndarray, v: float, H: int, gp: float, with_sd: bool):
    """Value of being present K = 0..H periods, per customer (float32, shape (n, H+1)).

    life[i, K] = Σ_{k<K} v^(k+1) g_i^min(k, G): discounted margin multiple (margin of period
    k+1 at its end, grown for G periods); sd[i, K] = sqrt(Σ_{k<K} (v^(k+1) g_i^min(k,G))²):
    the standard deviation of the discounted sum of K iid unit spend shocks.
    """
    k = np.arange(H)
    expo = np.minimum(k, gp) if np.isfinite(gp) else k
    logt = (((k + 1) * np.log(v))[None, :] + np.log(g)[:, None] * expo[None, :]).astype(
        np.float32)
    life = np.zeros((len(g), H + 1), dtype=np.float32)
    terms = np.exp(logt)
    np.cumsum(terms, axis=1, out=life[:, 1:])
    sd = None
    if with_sd:
        sd = np.zeros((len(g), H + 1), dtype=np.float32)
        np.cumsum(np.square(terms, out=terms), axis=1, out=sd[:, 1:])
        np.sqrt(sd, out=sd)
    return life, sd


def estimate_spend_cv(base: CustomerBase) -> float:
    """Typical period-to-period variation of a customer's revenue (coefficient of variation).

    For each customer with at least four periods between first and last activity, revenue per
    period over that span (periods without a row count as 0 — a week without an order), its
    standard deviation over its mean; the median over customers. 0 when it cannot be measured.
    Activity has one row per customer and period (the data contract).

    Parameters
    ----------
    base : CustomerBase
        Needs ``activity.revenue`` and ``activity.period``.

    Returns
    -------
    float
        median over customers of sd(revenue per period) / mean(revenue per period).

    Notes
    -----
    No source: the median of per-customer coefficients of variation is this kit's assumption
    (a robust summary of how much spend varies).
    """
    act = base.activity
    if not {"revenue", "period"} <= set(act.columns) or len(act) == 0:
        return 0.0
    codes, _ = pd.factorize(act["customer_id"].to_numpy())
    n = int(codes.max()) + 1
    p = act["period"].to_numpy().astype(np.int64)
    x = act["revenue"].to_numpy(dtype=float)
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, codes, p)
    np.maximum.at(last, codes, p)
    span = (last - first + 1).astype(float)
    mean = np.bincount(codes, weights=x, minlength=n) / span
    var = np.maximum(np.bincount(codes, weights=x * x, minlength=n) / span - mean ** 2, 0.0)
    ok = (span >= 4) & (mean > 0)
    if not ok.any():
        return 0.0
    return float(np.median(np.sqrt(var[ok]) / mean[ok]))
