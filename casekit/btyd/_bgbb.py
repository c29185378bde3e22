"""The BG/BB model for discrete purchase opportunities (Fader, Hardie & Shang 2010).

Some customers can buy only at discrete moments: a charity's yearly appeal, a weekly order
round of a tobacco wholesaler. In each period an "alive" customer buys with probability p
(p ~ Beta(α, β) across customers); at the start of each period the customer may die with
probability θ (θ ~ Beta(γ, δ)) and never come back.

A customer is summarised by x (repeat purchases in n opportunities after the first purchase),
t_x (the opportunity of the last of them, 0 if none) and n. Likelihood (FHS 2010, eq. 5)::

    L = B(α+x, β+n−x)/B(α, β) · B(γ, δ+n)/B(γ, δ)
        + Σ_{k=t_x}^{n−1} B(α+x, β+k−x)/B(α, β) · B(γ+1, δ+k)/B(γ, δ)

References
----------
Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time noncontractual
setting", Marketing Science 29(6), 1086–1108. Donations data (11,104 donors, 1995 cohort,
6 yearly opportunities): α = 1.204, β = 0.750, γ = 0.657, δ = 2.783.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import integrate, special

from ..validate import check_same_length, check_vector
from ._bgnbd import _weights
from ._fit import MaximumLikelihoodModel, ModelFitError, compress_rows

__all__ = ["BetaGeoBetaBinom"]


def _discrete_rfm(frequency: Any, recency: Any, n_periods: Any):
    """Validated whole-period x, t_x, n."""
    x, tx, n = (check_vector("frequency", frequency), check_vector("recency", recency),
                check_vector("n_periods", n_periods))
    check_same_length(frequency=x, recency=tx, n_periods=n)
    for name, v in (("frequency", x), ("recency", tx), ("n_periods", n)):
        if (v < 0).any() or (v != np.round(v)).any():
            bad = v[(v < 0) | (v != np.round(v))][0]
            raise ValueError(f"{name}={bad:g}: the BG/BB counts whole purchase opportunities "
                             "(integers >= 0); use BetaGeo or ParetoNBD for continuous time")
    if (x > tx).any():
        raise ValueError(f"frequency > recency for {int((x > tx).sum())} customer(s): x repeat "
                         "purchases need at least x opportunities up to the last one")
    if (tx > n).any():
        raise ValueError(f"recency > n_periods for {int((tx > n).sum())} customer(s): the last "
                         "purchase cannot come after the last opportunity")
    if ((x == 0) != (tx == 0)).any():
        raise ValueError("recency must be 0 exactly when frequency is 0")
    return x, tx, n


class _Tables:
    """log Γ and ψ of (parameter + j), j = 0..K+1: every B(·,·) in the likelihood is one."""

    def __init__(self, params: np.ndarray, K: int, grad: bool) -> None:
        al, be, ga, de = params
        j = np.arange(K + 2, dtype=float)
        lg = special.gammaln
        self.A, self.B, self.AB = lg(al + j), lg(be + j), lg(al + be + j)
        self.G, self.D, self.GD = lg(ga + j), lg(de + j), lg(ga + de + j)
        self.const = self.A[0] + self.B[0] - self.AB[0] + self.G[0] + self.D[0] - self.GD[0]
        if grad:
            ps = special.digamma
            self.pA, self.pB, self.pAB = ps(al + j), ps(be + j), ps(al + be + j)
            self.pG, self.pD, self.pGD = ps(ga + j), ps(de + j), ps(ga + de + j)
            self.c = np.array([self.pA[0] - self.pAB[0], self.pB[0] - self.pAB[0],
                               self.pG[0] - self.pGD[0], self.pD[0] - self.pGD[0]])


def _bgbb_loglik(params: np.ndarray, x: np.ndarray, tx: np.ndarray, n: np.ndarray,
                 grad: bool = False):
    """Per-row log-likelihood (and gradient in log-parameters).

    The sum over k depends on the row only through its limits, so the terms
    g(x, k) = log[B(α+x, β+k−x)B(γ+1, δ+k)] are tabulated once for every (x, k) and summed
    from the right (reverse cumulative sums, scaled per x by the largest term): a row's
    sum is R[x, t_x] − R[x, n]. Cost: O(K²) for the table, O(rows) for the rest.
    """
    xi, ti, ni = x.astype(np.intp), tx.astype(np.intp), n.astype(np.intp)
    K = int(ni.max()) if len(ni) else 0
    tab = _Tables(params, K, grad)
    X = np.arange(K + 1)[:, None]
    k = np.arange(K)[None, :]
    kx = k - X
    valid = kx >= 0
    kxs = np.where(valid, kx, 0)
    g = np.where(valid, tab.A[X] + tab.B[kxs] - tab.AB[k] + tab.G[1] + tab.D[k] - tab.GD[k + 1]
                 - tab.const, -np.inf)
    M = np.where(valid.any(axis=1), np.max(g, axis=1, initial=-np.inf), 0.0)[:, None]
    E = np.exp(g - M)

    def tail(a: np.ndarray) -> np.ndarray:        # R[:, k] = Σ_{j >= k} a[:, j]; R[:, K] = 0
        out = np.zeros((a.shape[0], a.shape[1] + 1))
        out[:, :-1] = np.cumsum(a[:, ::-1], axis=1)[:, ::-1]
        return out

    R = tail(E)
    S = np.maximum(R[xi, ti] - R[xi, ni], 0.0)
    Mx = M[xi, 0]
    T0 = (tab.A[xi] + tab.B[ni - xi] - tab.AB[ni] + tab.G[0] + tab.D[ni] - tab.GD[ni]
          - tab.const)
    with np.errstate(divide="ignore"):
        logS = Mx + np.log(S)
    ll = np.logaddexp(T0, logS)
    if not grad:
        return ll
    d_grid = [np.where(valid, tab.pA[X] - tab.pAB[k], 0.0) - tab.c[0],
              np.where(valid, tab.pB[kxs] - tab.pAB[k], 0.0) - tab.c[1],
              np.where(valid, tab.pG[1] - tab.pGD[k + 1], 0.0) - tab.c[2],
              np.where(valid, tab.pD[k] - tab.pGD[k + 1], 0.0) - tab.c[3]]
    d_T0 = [tab.pA[xi] - tab.pAB[ni] - tab.c[0], tab.pB[ni - xi] - tab.pAB[ni] - tab.c[1],
            tab.pG[0] - tab.pGD[ni] - tab.c[2], tab.pD[ni] - tab.pGD[ni] - tab.c[3]]
    w0 = np.exp(T0 - ll)
    w1 = np.exp(Mx - ll)
    out = []
    for dg, d0, p in zip(d_grid, d_T0, params):
        Rd = tail(E * dg)
        out.append((w0 * d0 + w1 * (Rd[xi, ti] - Rd[xi, ni])) * p)
    return ll, np.stack(out)


class BetaGeoBetaBinom(MaximumLikelihoodModel):
    """The BG/BB model (Fader, Hardie & Shang 2010): discrete opportunities, buy or not.

    Parameters α, β (purchase probability p ~ Beta(α, β)) and γ, δ (death probability per
    period θ ~ Beta(γ, δ)), fitted by maximum likelihood on log-parameters with the analytic
    gradient. Histories are (frequency x, recency t_x, n_periods n) in whole periods; the
    summary of a weekly log (:func:`summary_from_activity`) gives them directly, with
    n = T. ``weights`` counts the customers sharing a history (compressed data).

    Parameters
    ----------
    alpha, beta : float, optional
        Beta distribution of the purchase probability p per period while alive.
    gamma, delta : float, optional
        Beta distribution of the death probability θ per period. Give all four, or none
        and call :meth:`fit`.
    time_unit : str, optional
        What one period is (e.g. ``"week"``).

    Attributes
    ----------
    alpha, beta, gamma, delta : float or None
        The parameters.
    log_likelihood : float or None
        Maximised log-likelihood (after :meth:`fit`).
    standard_errors : dict or None
        Standard error of each parameter (observed information, delta method).
    n_customers : int or None
        Customers the fit counted (the sum of the weights).
    time_unit : str or None
        What one period is.

    Notes
    -----
    Its likelihood is the probability of a yes/no history per period, not a density of
    purchase times: its log-likelihood and BIC do not compare with the BG/NBD's or the
    Pareto/NBD's (``LIKELIHOOD_OF = "period_indicators"``).

    References
    ----------
    Fader, Hardie & Shang (2010), Marketing Science 29(6), 1086–1108: eq. 5 (likelihood),
    Table 6 (P(alive)), the donations estimates.

    >>> m = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)  # donations
    >>> round(float(m.probability_alive([6], [6], [6])[0]), 2)    # FHS 2010, Table 6
    0.93
    """

    PARAMS = ("alpha", "beta", "gamma", "delta")
    MODEL = "BG/BB"
    LIKELIHOOD_OF = "period_indicators"

    def __init__(self, alpha: float | None = None, beta: float | None = None,
                 gamma: float | None = None, delta: float | None = None,
                 time_unit: str | None = None) -> None:
        self._init_params((alpha, beta, gamma, delta))
        self.time_unit = time_unit

    def fit(self, frequency: Any, recency: Any = None, n_periods: Any = None,
            weights: Any = None, time_unit: str | None = None) -> "BetaGeoBetaBinom":
        """Fit α, β, γ, δ by maximum likelihood; returns self.

        Parameters
        ----------
        frequency, recency, n_periods : array-like of whole numbers
            Per row; or a summary DataFrame as the only argument (columns ``frequency``,
            ``recency`` and ``n_periods``, or ``T`` as the number of opportunities, or
            ``periods``; a ``weights`` column is used when present).
        weights : array-like, optional
            Customers each row stands for.
        time_unit : str, optional
            What one opportunity is (e.g. ``"week"``).

        Returns
        -------
        BetaGeoBetaBinom
            self, fitted; raises :class:`ModelFitError` when the data cannot identify it.
        """
        if isinstance(frequency, pd.DataFrame):
            frame = frequency
            col = next((c for c in ("n_periods", "T", "periods") if c in frame.columns), None)
            missing = [c for c in ("frequency", "recency") if c not in frame.columns]
            if missing or col is None:
                raise ValueError(f"summary: need columns frequency, recency and n_periods (or "
                                 f"T); columns present: {list(frame.columns)}")
            time_unit = time_unit or frame.attrs.get("time_unit")
            if weights is None and "weights" in frame.columns:
                weights = frame["weights"]
            frequency, recency, n_periods = frame["frequency"], frame["recency"], frame[col]
        elif recency is None or n_periods is None:
            raise TypeError("fit(frequency, recency, n_periods): give all three (or a summary "
                            "DataFrame)")
        x, tx, n = _discrete_rfm(frequency, recency, n_periods)
        w = _weights(weights, len(x))
        total = float(w.sum())
        if total < 20:
            raise ModelFitError(f"only {total:g} customers: too few to fit four parameters")
        if w[x > 0].sum() < 10:
            raise ModelFitError(f"too few repeat buyers ({w[x > 0].sum():g}): the purchase and "
                                "death processes cannot be told apart")
        if (n == 0).all():
            raise ModelFitError("n_periods is 0 for every customer: no opportunity observed")
        (ux, utx, un), _, inverse = compress_rows(x, tx, n)
        uw = np.bincount(inverse, weights=w, minlength=len(ux))

        def fun(lp: np.ndarray):
            ll, g = _bgbb_loglik(np.exp(lp), ux, utx, un, grad=True)
            return -(uw * ll).sum() / total, -(g * uw).sum(axis=1) / total

        starts = [np.log([1.0, 1.0, 1.0, 1.0]), np.log([1.0, 0.5, 0.5, 3.0]),
                  np.log([3.0, 3.0, 2.0, 10.0])]
        self._maximise(fun, starts, total, hint=(
            "Likely cause: nobody seems to die (γ, δ run off) or purchase probabilities do "
            "not vary across customers (α, β run off together)"))
        self.n_customers = int(round(total))
        self.time_unit = time_unit or self.time_unit
        return self

    def log_likelihood_terms(self, frequency: Any, recency: Any, n_periods: Any) -> np.ndarray:
        """Log-likelihood of each history under the current parameters (FHS 2010, eq. 5).

        Parameters
        ----------
        frequency, recency, n_periods : array-like of whole numbers
            Repeat purchases x, opportunity of the last one t_x, opportunities n, per customer.

        Returns
        -------
        numpy.ndarray
            One log-likelihood per customer.
        """
        x, tx, n = _discrete_rfm(frequency, recency, n_periods)
        return _bgbb_loglik(np.array(self._need_fit()), x, tx, n)

    # -- predictions -----------------------------------------------------------------------
    def _lbeta_parts(self, x, n):
        al, be, ga, de = self._need_fit()
        lb_ab, lb_gd = special.betaln(al, be), special.betaln(ga, de)
        return al, be, ga, de, lb_ab, lb_gd

    def probability_alive(self, frequency: Any, recency: Any, n_periods: Any,
                          future: int = 1) -> np.ndarray:
        """P(alive at opportunity n + ``future`` | x, t_x, n) (FHS 2010, eq. 11).

        = B(α+x, β+n−x)/B(α, β) · B(γ, δ+n+future)/B(γ, δ) / L(x, t_x, n). With
        ``future=1`` (default): alive for the next opportunity, as in FHS's Table 6.

        Parameters
        ----------
        frequency, recency, n_periods : array-like of whole numbers
            Repeat purchases x, opportunity of the last one t_x, opportunities n, per customer.
        future : int
            Opportunities after n at which to be alive (>= 0).

        Returns
        -------
        numpy.ndarray
            The probability that each customer is alive then.
        """
        x, tx, n = _discrete_rfm(frequency, recency, n_periods)
        al, be, ga, de, lb_ab, lb_gd = self._lbeta_parts(x, n)
        if isinstance(future, bool) or int(future) != future or future < 0:
            raise ValueError(f"future={future!r}: expected a whole number of periods >= 0")
        ll = _bgbb_loglik(np.array([al, be, ga, de]), x, tx, n)
        return np.exp(special.betaln(al + x, be + n - x) - lb_ab
                      + special.betaln(ga, de + n + future) - lb_gd - ll)

    def expected_purchases(self, t: Any, frequency: Any, recency: Any,
                           n_periods: Any) -> np.ndarray:
        """E[purchases in the next t opportunities | x, t_x, n] (FHS 2010, eq. 13)::

            1/L · B(α+x+1, β+n−x)/B(α, β) · δ/(γ−1) · Γ(γ+δ)/Γ(1+δ)
                · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+t)/Γ(γ+δ+n+t)]

        Parameters
        ----------
        t : int or array-like
            Future opportunities: one number, or one per customer.
        frequency, recency, n_periods : array-like of whole numbers
            Repeat purchases x, opportunity of the last one t_x, opportunities n, per customer.

        Returns
        -------
        numpy.ndarray
            Expected purchases of each customer in opportunities n+1 … n+t.
        """
        x, tx, n = _discrete_rfm(frequency, recency, n_periods)
        al, be, ga, de, lb_ab, lb_gd = self._lbeta_parts(x, n)
        t = np.broadcast_to(check_vector("t", t), x.shape) if np.ndim(t) else np.full(x.shape,
                                                                                  float(t))
        if (t < 0).any():
            raise ValueError("t must be >= 0 opportunities")
        ll = _bgbb_loglik(np.array([al, be, ga, de]), x, tx, n)
        lg = special.gammaln
        head = special.betaln(al + x + 1, be + n - x) - lb_ab - ll + lg(ga + de) - lg(1 + de)
        a1 = lg(1 + de + n) - lg(ga + de + n)
        a2 = lg(1 + de + n + t) - lg(ga + de + n + t)
        if abs(ga - 1) < 1e-10:                        # the limit γ → 1: δ·Σ 1/(δ+n+j)
            bracket = de * (special.digamma(1 + de + n + t) - special.digamma(1 + de + n))
            return np.exp(head) * bracket * np.exp(a1 - (lg(1 + de + n) - lg(ga + de + n)))
        bracket = np.exp(a1) - np.exp(a2)
        return np.exp(head) * de / (ga - 1) * bracket

    def expected_purchases_new(self, n: Any) -> Any:
        """E[X(n)]: expected repeat purchases of a new customer in n opportunities (eq. 9).

        α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))]

        Parameters
        ----------
        n : int or array-like
            Opportunities after the first purchase.

        Returns
        -------
        float or numpy.ndarray
            E[X(n)]: a float for one n, an array for several.
        """
        al, be, ga, de = self._need_fit()
        n = check_vector("n", n)
        lg = special.gammaln
        ratio = np.exp(lg(ga + de) + lg(1 + de + n) - lg(ga + de + n) - lg(1 + de))
        out = al / (al + be) * de / (ga - 1) * (1 - ratio)
        return out if out.size > 1 else float(out[0])

    def probability_of_purchases(self, x: Any, n: Any) -> np.ndarray:
        """P(X(n) = x): a new customer makes x repeat purchases in n opportunities (eq. 7).

        C(n,x)·B(α+x, β+n−x)/B(α,β)·B(γ, δ+n)/B(γ,δ)
        + Σ_{i=x}^{n−1} C(i,x)·B(α+x, β+i−x)/B(α,β)·B(γ+1, δ+i)/B(γ,δ)

        Parameters
        ----------
        x, n : int or array-like
            Repeat purchases and opportunities (whole numbers >= 0); broadcast together.

        Returns
        -------
        numpy.ndarray
            P(X(n) = x), of the broadcast shape.
        """
        al, be, ga, de = self._need_fit()
        x = np.asarray(check_vector("x", x) if np.ndim(x) else float(x), dtype=float)
        n = np.asarray(check_vector("n", n) if np.ndim(n) else float(n), dtype=float)
        for name, v in (("x", x), ("n", n)):
            if (v < 0).any() or (v != np.round(v)).any():
                raise ValueError(f"{name} must be whole numbers >= 0 (got {v.ravel()[0]:g})")
        x, n = np.broadcast_arrays(x, n)
        lb_ab, lb_gd = special.betaln(al, be), special.betaln(ga, de)
        lcomb = special.gammaln(n + 1) - special.gammaln(x + 1) - special.gammaln(n - x + 1)
        first = np.where(x <= n, np.exp(lcomb + special.betaln(al + x, be + n - x) - lb_ab
                                        + special.betaln(ga, de + n) - lb_gd), 0.0)
        K = int(n.max()) if n.size else 0
        i = np.arange(K)[None, :]
        xf, nf = x.reshape(-1, 1), n.reshape(-1, 1)
        use = (i >= xf) & (i < nf)
        ii = np.where(use, i, xf)
        terms = np.exp(special.gammaln(ii + 1) - special.gammaln(xf + 1)
                       - special.gammaln(ii - xf + 1) + special.betaln(al + xf, be + ii - xf)
                       - lb_ab + special.betaln(ga + 1, de + ii) - lb_gd)
        second = np.where(use, terms, 0.0).sum(axis=1).reshape(x.shape)
        return first + second

    def discounted_expected_purchases(self, horizon: int, discount: float, frequency: Any,
                                      recency: Any, n_periods: Any) -> np.ndarray:
        """Σ_{t=1..horizon} P(purchase at opportunity n+t | history)/(1+d)^t, per customer.

        With the cumulative expectations of FHS 2010, eq. 13.

        Parameters
        ----------
        horizon : int
            Whole periods ahead (>= 1).
        discount : float
            Discount rate *per period* (> −1).
        frequency, recency, n_periods : array-like of whole numbers
            Repeat purchases x, opportunity of the last one t_x, opportunities n, per customer.

        Returns
        -------
        numpy.ndarray
            Discounted expected purchases, one per customer.
        """
        if isinstance(horizon, bool) or not float(horizon).is_integer() or horizon < 1:
            raise ValueError(f"horizon={horizon!r}: expected a whole number of periods >= 1")
        if not np.isfinite(discount) or discount <= -1:
            raise ValueError(f"discount={discount!r}: expected a rate per period > -1")
        x, tx, n = _discrete_rfm(frequency, recency, n_periods)
        (ux, utx, un), _, idx = compress_rows(x, tx, n)
        cum = np.stack([self.expected_purchases(k, ux, utx, un) if k else np.zeros(len(ux))
                        for k in range(int(horizon) + 1)], axis=1)
        per = np.diff(cum, axis=1)
        factors = (1.0 + discount) ** -np.arange(1, int(horizon) + 1, dtype=float)
        return (per * factors).sum(axis=1)[idx]

    def discounted_expected_purchases_infinite(self, discount: float, frequency: Any,
                                               recency: Any, n_periods: Any) -> np.ndarray:
        """DERT: discounted expected residual transactions (FHS 2010, eq. 14)::

            B(α+x+1, β+n−x)/B(α, β) · B(γ, δ+n+1)/((1+d)·B(γ, δ))
                · 2F1(1, δ+n+1; γ+δ+n+1; 1/(1+d)) / L(x, t_x, n)

        The 2F1 factor depends on n only. We evaluate it as the integral it stands for,
        B(γ, δ+n+1)/(1+d) · 2F1(…) = ∫ θ^(γ−1) (1−θ)^(δ+n) / (d+θ) dθ (Euler's integral;
        the posterior expectation of (1−θ)/(d+θ)), by adaptive quadrature with the algebraic
        weight: scipy's ``hyp2f1`` returns inf or nan for weekly discount rates and large δ
        (z = 1/(1+d) near 1 with c − a − b = γ − 1 < 0).

        Parameters
        ----------
        discount : float
            Discount rate per period (> 0).
        frequency, recency, n_periods : array-like of whole numbers
            Repeat purchases x, opportunity of the last one t_x, opportunities n, per customer.

        Returns
        -------
        numpy.ndarray
            DERT, one per customer.
        """
        if not np.isfinite(discount) or discount <= 0:
            raise ValueError(f"discount={discount!r}: an infinite horizon needs a discount "
                             "rate per period > 0")
        x, tx, n = _discrete_rfm(frequency, recency, n_periods)
        al, be, ga, de, lb_ab, lb_gd = self._lbeta_parts(x, n)
        ll = _bgbb_loglik(np.array([al, be, ga, de]), x, tx, n)
        un, where = np.unique(n, return_inverse=True)
        log_tail = np.log([_residual_integral(ga, de + k, float(discount)) for k in un])
        return np.exp(special.betaln(al + x + 1, be + n - x) - lb_ab - lb_gd - ll
                      + log_tail[where.ravel()])


def _residual_integral(gamma: float, m: float, d: float) -> float:
    """∫_0^1 θ^(γ−1) (1−θ)^m / (d+θ) dθ, by QUADPACK's QAWS (algebraic end weights)."""
    value, _err = integrate.quad(lambda th: 1.0 / (d + th), 0.0, 1.0, weight="alg",
                                 wvar=(gamma - 1.0, m), epsabs=0.0, epsrel=1e-11,
                                 limit=200)
    return value
