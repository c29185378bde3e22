"""Closed-form present values and expected per-period flows of a group of customers."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._response import _geom, _life_factor


# --------------------------------------------------------------------------------------------
# closed-form flows (vectorised over customers; a loop over the H periods)
# --------------------------------------------------------------------------------------------


@dataclass
class _Group:
    """Per-customer arrays of one group of customers under one set of conditions."""

    r: np.ndarray        # retention per period
    m: np.ndarray        # margin per period now
    rev: np.ndarray      # revenue per period now
    g: np.ndarray        # growth factor per period (1 = no growth)
    gp: float = math.inf            # periods the growth lasts
    c: np.ndarray | float = 0.0     # programme cost per period per customer still there
    once: float = 0.0               # one-off cost per customer, paid now
    fixed: float = 0.0              # fixed cost, paid now


def _pv(grp: _Group, H: int, v: float) -> dict[str, np.ndarray]:
    """Closed-form present values per customer (geometric sums), horizon H periods.

    margin PV  = m·v·Σ_{k=0}^{H-1} (r v)^k g^min(k,G)   (margin of period k+1 at its end)
    cost PV    = c·Σ_{k=0}^{H-1} (r v)^k + once          (cost at the start of period k+1)
    where r^k is the chance of being a customer in period k+1.
    """
    factor = v * _life_factor(grp.r, grp.g, v, H, grp.gp)
    cost = np.asarray(grp.c, dtype=float) * _geom(grp.r * v, H) + grp.once
    return {"margin": grp.m * factor, "revenue": grp.rev * factor,
            "cost": np.broadcast_to(cost, grp.r.shape), "retained_end": grp.r ** H}


def _flows(grp: _Group, H: int) -> np.ndarray:
    """Expected flows per period, summed over the group: array (H+1, 4).

    Columns: retained (customers still there after the end of period t: Σ r^t), revenue,
    margin and cost of period t (undiscounted). Row t = 0 is now: everyone there, no flows;
    one-off and fixed costs (paid now) are booked in period 1 with its first per-period cost.
    A loop over the periods, vectorised over customers (faster here than a customers ×
    periods matrix built with cumprod or power, and small in memory).
    """
    n = grp.r.shape[0]
    out = np.zeros((H + 1, 4))
    out[0, 0] = n
    c = np.broadcast_to(np.asarray(grp.c, dtype=float), (n,))
    has_cost = bool(np.any(c))
    S = np.ones(n)                       # r^(t-1): there in period t
    A = np.ones(n)                       # r^(t-1) g^min(t-1, G): there × margin growth
    rg = grp.g * grp.r
    # customers with a tiny retention would drive r^t into subnormal floats, which are
    # ~100x slower to multiply; their presence below 1e-250 is set to exactly 0 instead
    with np.errstate(divide="ignore"):
        risky = np.flatnonzero(H * np.log10(grp.r) < -250)
    tmp = np.empty(n)
    # plain multiply-and-sum, not BLAS dot: OpenBLAS worker threads spin between calls and,
    # on a busy machine, slow this loop tenfold
    for t in range(1, H + 1):
        if has_cost:
            out[t, 3] = np.multiply(c, S, out=tmp).sum()     # paid at the start of period t
        out[t, 1] = np.multiply(A, grp.rev, out=tmp).sum()
        out[t, 2] = np.multiply(A, grp.m, out=tmp).sum()
        S *= grp.r
        A *= rg if t <= grp.gp else grp.r
        if len(risky):
            S[risky] = np.where(S[risky] < 1e-250, 0.0, S[risky])
            A[risky] = np.where(np.abs(A[risky]) < 1e-250, 0.0, A[risky])
        out[t, 0] = S.sum()
    out[1, 3] += grp.once * n + grp.fixed
    return out


_FLOW_COLS = ("retained", "revenue", "margin", "cost")
