"""The MBG/CNBD-k log-likelihood (Reutterer, Platzer & Schröder 2021), used by
:class:`casekit.btyd.MBGCNBD`: a reference version in log space (predictions use its parts)
and a cheaper one for fitting with the same value and gradient.

Likelihood of x repeat purchases, the last at t_x, observed until T (without the
parameter-free term (k−1)·litt − x·log((k−1)!))::

    log Γ(r+kx) − log Γ(r) + r log α − (r+kx) log(α+T) + log B(a, b+x+1) − log B(a, b)
    + log[ a/(b+x)·((α+T)/(α+t_x))^(r+kx) + Σ_{j<k} (r+kx)_j/j! · ((T−t_x)/(α+T))^j ]

References
----------
Reutterer, Platzer & Schröder (2021), "Leveraging purchase regularity for predicting
customer behavior the easy way", Int. J. Research in Marketing 38(1), 194–215.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ._fit import distinct_counts

__all__: list[str] = []


def _mbg_loglik(params: np.ndarray, k: int, x: np.ndarray, tx: np.ndarray, T: np.ndarray,
                grad: bool = False, parts: bool = False, x_index: tuple | None = None,
                weights: np.ndarray | None = None):
    """Per-row log-likelihood *without* the parameter-free term (k−1)·litt − x·log((k−1)!).

    With ``grad``: also the gradient in log-parameters (r, α, a, b). With ``parts``: also
    log S1 (dropped), log S2 (alive) and the weights π_j of the alive sum. With ``weights``
    and ``grad``: the weighted totals (Σ w·ll, Σ w·∂ll) instead of per-row arrays.

    Speed: every term that depends on x alone (log Γ, ψ, log B) is computed once per distinct
    x and gathered (``x_index`` = (distinct x, index of each row), computed when not given);
    the alive sum's terms follow the recursion term_j = term_(j−1)·(r+kx+j−1)/j·Δ/(α+T).
    """
    r, al, a, b = params
    ux, inv = x_index if x_index is not None else np.unique(x, return_inverse=True)
    urk = r + k * ux
    u_head = (special.betaln(a, b + ux + 1) - special.betaln(a, b) + special.gammaln(urk)
              - special.gammaln(r))
    u_s1 = np.log(a) - np.log(b + ux)
    rk = urk[inv]
    log_aT, log_atx = np.log(al + T), np.log(al + tx)
    ll_head = u_head[inv] + r * np.log(al) - rk * log_aT
    log_s1 = u_s1[inv] + rk * (log_aT - log_atx)
    if k > 1:
        with np.errstate(divide="ignore"):
            log_d = np.log(T - tx) - log_aT
        terms = np.empty((k, len(x)))
        terms[0] = 0.0
        for q in range(1, k):
            terms[q] = terms[q - 1] + np.log(rk + (q - 1)) - np.log(q) + log_d
        top = terms.max(axis=0)
        e = np.exp(terms - top)
        tot = e.sum(axis=0)
        log_s2 = top + np.log(tot)
        pi = e / tot
    else:
        log_s2 = 0.0
        pi = None
    log_s = np.logaddexp(log_s1, log_s2)
    ll = ll_head + log_s
    if parts:
        if pi is None:
            pi = np.ones((1, len(x)))
            log_s2 = np.zeros(len(x))
        return ll, log_s1, log_s2, pi.T
    if not grad:
        return ll
    w1 = np.exp(log_s1 - log_s)
    w2 = 1.0 - w1
    psi = special.digamma
    u_dr = psi(urk) - psi(r)
    d_r = u_dr[inv] + np.log(al) - log_aT + w1 * (log_aT - log_atx)
    d_al = r / al - rk / (al + T) + w1 * rk * (1 / (al + T) - 1 / (al + tx))
    if k > 1:
        # ψ(ρ+j) − ψ(ρ) = Σ_{i<j} 1/(ρ+i); Σ_j π_j·j for d/dα of j·log(Δ/(α+T)) = −j/(α+T)
        harmonic = np.zeros(len(x))
        acc = np.zeros(len(x))
        mean_j = np.zeros(len(x))
        for q in range(1, k):
            harmonic += 1.0 / (rk + (q - 1))
            acc += pi[q] * harmonic
            mean_j += pi[q] * q
        d_r = d_r + w2 * acc
        d_al = d_al - w2 * mean_j / (al + T)
    u_da = psi(a + b) - psi(a + b + ux + 1)
    u_db = psi(b + ux + 1) - psi(a + b + ux + 1) - psi(b) + psi(a + b)
    if weights is not None:
        # the x-only parts of d_a and d_b sum per distinct x: Σ_x u(x)·(customers with x)
        w_x = np.bincount(inv, weights=weights, minlength=len(ux))
        ww1 = weights * w1
        totals = np.array([(weights * d_r).sum(), (weights * d_al).sum(),
                           (u_da * w_x).sum() + ww1.sum() / a,
                           (u_db * w_x).sum() - (ww1 / (b + x)).sum()])
        return (weights * ll).sum(), totals * np.array([r, al, a, b])
    d_a = u_da[inv] + w1 / a
    d_b = u_db[inv] - w1 / (b + x)
    return ll, np.stack([d_r * r, d_al * al, d_a * a, d_b * b])


class _FitRows:
    """The distinct histories of a fit and what the likelihood needs of them that does not
    depend on the parameters (computed once, used at every step of the optimiser)."""

    def __init__(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> None:
        self.x, self.tx, self.T, self.w = x, tx, T, w
        self.x_index = distinct_counts(x)
        self.w_x = np.bincount(self.x_index[1], weights=w, minlength=len(self.x_index[0]))
        self.gap = T - tx
        self.total = float(w.sum())


def _mbg_fit_objective(params: np.ndarray, k: int, rows: _FitRows):
    """Σ w·log-likelihood and its gradient in log-parameters, as ``_mbg_loglik(...,
    grad=True, weights=...)`` but cheaper per row: the alive sum
    S2 = Σ_{j<k} (r+kx)_j/j! · d^j, d = (T−t_x)/(α+T), is summed directly (term_j =
    term_(j−1)·(r+kx+j−1)·d/j: no logarithm or exponential per term), and the
    log-sum-exp of S1 and S2 shares one exponential with the weight of S1. Falls back to
    the log-space version when a term could overflow (very large r+kx with large k)."""
    r, al, a, b = params
    ux, inv = rows.x_index
    urk = r + k * ux
    if k > 1 and (k - 1) * np.log(urk[-1] + k) > 600:
        return _mbg_loglik(params, k, rows.x, rows.tx, rows.T, grad=True,
                           x_index=rows.x_index, weights=rows.w)
    w, T, tx = rows.w, rows.T, rows.tx
    rk = urk[inv]
    log_aT, log_atx = np.log(al + T), np.log(al + tx)
    log_s1 = (np.log(a) - np.log(b + ux))[inv] + rk * (log_aT - log_atx)
    if k > 1:
        d = rows.gap / (al + T)
        term = np.ones(len(T))
        s2 = np.ones(len(T))
        harmonic = np.zeros(len(T))
        sum_h = np.zeros(len(T))          # Σ_j term_j · (ψ(rk+j) − ψ(rk))
        sum_j = np.zeros(len(T))          # Σ_j term_j · j
        for q in range(1, k):
            step = rk + (q - 1)
            term = term * step * d / q
            harmonic += 1.0 / step
            s2 += term
            sum_h += term * harmonic
            sum_j += q * term
        log_s2 = np.log(s2)
    else:
        log_s2 = np.zeros(len(T))
    diff = log_s1 - log_s2
    e = np.exp(-np.abs(diff))
    log_s = np.maximum(log_s1, log_s2) + np.log1p(e)
    w1 = np.where(diff > 0, 1.0, e) / (1.0 + e)       # S1 / (S1 + S2)
    u_head = (special.betaln(a, b + ux + 1) - special.betaln(a, b) + special.gammaln(urk)
              - special.gammaln(r))
    w_x, W = rows.w_x, rows.total
    ll = (w_x @ u_head + W * r * np.log(al) - w @ (rk * log_aT) + w @ log_s)
    psi = special.digamma
    ww1 = w * w1
    g_r = (w_x @ (psi(urk) - psi(r)) + W * np.log(al) - w @ log_aT
           + ww1 @ (log_aT - log_atx))
    g_al = W * r / al - w @ (rk / (al + T)) + ww1 @ (rk * (1 / (al + T) - 1 / (al + tx)))
    if k > 1:
        ww2 = (w - ww1) / s2
        g_r += ww2 @ sum_h
        g_al -= ww2 @ (sum_j / (al + T))
    g_a = w_x @ (psi(a + b) - psi(a + b + ux + 1)) + ww1.sum() / a
    g_b = (w_x @ (psi(b + ux + 1) - psi(a + b + ux + 1) - psi(b) + psi(a + b))
           - ww1 @ (1.0 / (b + rows.x)))
    return ll, np.array([g_r * r, g_al * al, g_a * a, g_b * b])
