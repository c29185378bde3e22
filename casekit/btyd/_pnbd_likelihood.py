"""The Pareto/NBD log-likelihood with its analytic gradient, for fitting.

The likelihood of (x, t_x, T) is (Fader & Hardie 2005, note 008)::

    L = Γ(r+x)α^r β^s/Γ(r) · [ (α+T)^−(r+x) (β+T)^−s  +  s/ρ · (F(t_x) − F(T)) ],
    F(y) = (1−z)^(1−B) · h(z) · (m+y)^−ρ,   h(z) = 2F1(1, b; c; z),  z = (m−n)/(m+y),

with ρ = r+s+x, m = max(α, β), n = min(α, β), and (b, B) = (r+x, s+1) when α ≥ β,
(s+1, r+x) otherwise; c = ρ+1 (Euler's transformation of the note's 2F1, as in
:mod:`casekit.btyd._paretonbd`). scipy's ``hyp2f1`` gives h but not its derivatives in b
and c, so a fit would need finite differences (nine likelihood evaluations a step). Here h
is summed from its series, whose terms t_j = t_(j−1)·(b+j−1)/(c+j−1)·z are positive and
below z^j (b < c); the same loop sums the derivatives::

    ∂h/∂b = Σ t_j Σ_{i<j} 1/(b+i),   ∂h/∂c = −Σ t_j Σ_{i<j} 1/(c+i),   ∂h/∂z = Σ j·t_j / z,

so one evaluation gives the log-likelihood and its exact gradient. The series converges
like z^j; when some z is close to 1 (one of α, β far below the other: slow convergence)
the evaluation falls back to the closed form with a central-difference gradient.

References
----------
Fader, Hardie & Lee (2005), "A note on implementing the Pareto/NBD model in MATLAB",
http://brucehardie.com/notes/008/; Abramowitz & Stegun (1964), 15.1.1 (the series) and
15.3.4 (Euler's/Pfaff's transformations).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ._fit import distinct_counts

__all__: list[str] = []

#: Above this z the series is too slow (z^j < 1e-16 needs j > 1,800): closed form instead.
Z_SERIES_MAX = 0.98


class PnbdRows:
    """The distinct histories of a fit, with what does not depend on the parameters."""

    def __init__(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> None:
        self.x, self.tx, self.T, self.w = x, tx, T, w
        self.x_index = distinct_counts(x)
        self.w_x = np.bincount(self.x_index[1], weights=w, minlength=len(self.x_index[0]))
        self.total = float(w.sum())
        self.open = T > tx                     # rows with the "died before T" term


def _h_series(b: np.ndarray, c: np.ndarray, z: np.ndarray):
    """h = 2F1(1, b; c; z) and h_b, h_c, z·h_z, summed until every term is < 1e-16·h.

    The loop runs on the rows still converging (rows with small z leave early)."""
    n = len(z)
    out = np.empty((4, n))
    idx = np.arange(n)
    t, harm_b, harm_c = np.ones(n), np.zeros(n), np.zeros(n)
    h, hb, hc, hz = np.ones(n), np.zeros(n), np.zeros(n), np.zeros(n)
    bb, cc, zz = b, c, z
    j = 0
    while True:
        for _ in range(8):
            bj, cj = bb + j, cc + j
            j += 1
            harm_b += 1.0 / bj
            harm_c += 1.0 / cj
            t *= bj / cj * zz
            h += t
            hb += t * harm_b
            hc -= t * harm_c
            hz += j * t
        done = t * (j + 1) <= 1e-16 * h
        if done.all():
            out[:, idx] = (h, hb, hc, hz)
            return out
        if done.any():                     # finished rows leave the loop
            out[:, idx[done]] = (h[done], hb[done], hc[done], hz[done])
            keep = ~done
            idx, t, harm_b, harm_c = idx[keep], t[keep], harm_b[keep], harm_c[keep]
            h, hb, hc, hz = h[keep], hb[keep], hc[keep], hz[keep]
            bb, cc, zz = bb[keep], cc[keep], zz[keep]


def _log_F_and_grad(y, r, al, s, be, x):
    """log F(y) and its derivatives in (r, α, s, β), per row."""
    rho = r + s + x
    if al >= be:
        m, nn, B, b = al, be, s + 1.0, r + x
        dB, db = (0.0, 0.0, 1.0, 0.0), (1.0, 0.0, 0.0, 0.0)
    else:
        m, nn, B, b = be, al, r + x, s + 1.0
        dB, db = (1.0, 0.0, 0.0, 0.0), (0.0, 0.0, 1.0, 0.0)
    b = np.broadcast_to(b, x.shape).astype(float)
    c = rho + 1.0
    z = (m - nn) / (m + y)
    log_m, log_n = np.log(m + y), np.log(nn + y)
    log_1mz = log_n - log_m
    h, hb, hc, hz = _h_series(b, c, z)
    log_F = (1.0 - B) * log_1mz + np.log(h) - rho * log_m
    # derivatives of z, log(m+y), log(1−z) in α and β
    if al >= be:
        dz = ((be + y) / (al + y) ** 2, -1.0 / (al + y))            # (∂/∂α, ∂/∂β)
        dlm = (1.0 / (al + y), 0.0)
        dl1mz = (-1.0 / (al + y), 1.0 / (be + y))
    else:
        dz = (-1.0 / (be + y), (al + y) / (be + y) ** 2)
        dlm = (0.0, 1.0 / (be + y))
        dl1mz = (1.0 / (al + y), -1.0 / (be + y))
    with np.errstate(invalid="ignore", divide="ignore"):
        hz_over_z = np.where(z > 0, hz / np.where(z > 0, z, 1.0), b / c)   # ∂h/∂z
    grads = []
    for p in range(4):                     # r, α, s, β
        d_rho = 1.0 if p in (0, 2) else 0.0
        g = -dB[p] * log_1mz + (db[p] * hb + d_rho * hc) / h - d_rho * log_m
        if p in (1, 3):
            q = 0 if p == 1 else 1
            g = g + (1.0 - B) * dl1mz[q] + hz_over_z * dz[q] / h - rho * dlm[q]
        grads.append(g)
    return log_F, grads


def pnbd_fit_objective(params: np.ndarray, rows: PnbdRows):
    """Σ w·log-likelihood and its gradient in log-parameters (r, α, s, β), or ``None``
    when some z exceeds :data:`Z_SERIES_MAX` (the caller then uses the closed form)."""
    r, al, s, be = params
    if abs(al - be) / max(al, be) > Z_SERIES_MAX:
        return None
    ux, inv = rows.x_index
    w, T, x = rows.w, rows.T, rows.x
    op = rows.open
    x_o, tx_o, T_o = x[op], rows.tx[op], T[op]
    lf_tx, g_tx = _log_F_and_grad(tx_o, r, al, s, be, x_o)
    lf_T, g_T = _log_F_and_grad(T_o, r, al, s, be, x_o)
    ratio = np.exp(np.minimum(lf_T - lf_tx, 0.0))               # F(T)/F(t_x) < 1
    rho_o = r + s + x_o
    log_a0 = lf_tx + np.log1p(-ratio)
    first = -(r + x) * np.log(al + T) - s * np.log(be + T)
    second = np.full(len(x), -np.inf)
    second[op] = np.log(s) - np.log(rho_o) + log_a0
    top = np.maximum(first, second)
    e = np.exp(np.minimum(first, second) - top)
    p_second = np.where(second > first, 1.0, e) / (1.0 + e)
    W = rows.total
    ll = (rows.w_x @ (special.gammaln(r + ux) - special.gammaln(r))
          + W * (r * np.log(al) + s * np.log(be)) + w @ (top + np.log1p(e)))
    wp1 = w * (1.0 - p_second)
    wp2 = (w * p_second)[op]
    # ∂ log(F(t_x) − F(T)) = (∂log F(t_x) − q·∂log F(T)) / (1 − q)
    d_second = [(gt - ratio * gT) / (1.0 - ratio) for gt, gT in zip(g_tx, g_T)]
    d_second[0] = d_second[0] - 1.0 / rho_o
    d_second[2] = d_second[2] - 1.0 / rho_o + 1.0 / s
    g_r = (rows.w_x @ (special.digamma(r + ux) - special.digamma(r)) + W * np.log(al)
           - wp1 @ np.log(al + T) + wp2 @ d_second[0])
    g_al = W * r / al - wp1 @ ((r + x) / (al + T)) + wp2 @ d_second[1]
    g_s = W * np.log(be) - wp1 @ np.log(be + T) + wp2 @ d_second[2]
    g_be = W * s / be - s * (wp1 @ (1.0 / (be + T))) + wp2 @ d_second[3]
    return ll, np.array([g_r * r, g_al * al, g_s * s, g_be * be])
