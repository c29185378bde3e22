"""The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): dropout at any moment.

While alive a customer buys at rate λ (Poisson), λ ~ Gamma(r, α); the lifetime is
exponential with rate μ, μ ~ Gamma(s, β), so a customer can leave at any time (in the BG/NBD
only right after a purchase). Likelihood of (x, t_x, T) (Fader & Hardie 2005, note 008)::

    L = Γ(r+x)α^r β^s/Γ(r) · [ (α+T)^−(r+x) (β+T)^−s  +  s ∫_{t_x}^{T} (α+y)^−(r+x) (β+y)^−(s+1) dy ]

The integral is F(t_x) − F(T) divided by ρ = r+s+x, with (for α ≥ β; swap the roles of
(α, r+x) and (β, s+1) otherwise) F(y) = 2F1(ρ, s+1; ρ+1; z)(α+y)^−ρ, z = (α−β)/(α+y).
casekit evaluates it *stably*: Euler's transformation 2F1(ρ, s+1; ρ+1; z) =
(1−z)^−s · 2F1(1, r+x; ρ+1; z), whose series has positive terms bounded by z^n (no overflow
for large x), everything in logarithms, and log(F(t_x) − F(T)) = log F(t_x) +
log1p(−F(T)/F(t_x)).

References
----------
Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are they and what will
they do next?", Management Science 33(1), 1–24. Fader, Hardie & Lee (2005), "A note on
implementing the Pareto/NBD model in MATLAB", http://brucehardie.com/notes/008/ — CDNOW
estimates r = 0.553, α = 10.578, s = 0.606, β = 11.669 (BTYD's vignette: 0.5534, 10.5802,
0.6061, 11.6562).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from ..validate import check_vector
from ._bgnbd import _fit_inputs
from ._data import _rfm
from ._fit import (MaximumLikelihoodModel, ModelFitError, compress_rows,
                   warm_start_from_sample)
from ._pnbd_likelihood import Z_SERIES_MAX, PnbdRows, pnbd_fit_objective

__all__ = ["ParetoNBD"]


def _log_F(base: np.ndarray, other: np.ndarray, y: np.ndarray, rho: np.ndarray,
           shape_other: np.ndarray) -> np.ndarray:
    """log of 2F1(ρ, b; ρ+1; z)·(base+y)^−ρ with z = (base−other)/(base+y), b the exponent
    of the other factor (s+1, or r+x when the roles are swapped), via Euler's transformation
    2F1(ρ, b; ρ+1; z) = (1−z)^(1−b) · 2F1(1, ρ+1−b; ρ+1; z), with 1−z = (other+y)/(base+y)."""
    z = (base - other) / (base + y)
    log_1mz = np.log(other + y) - np.log(base + y)
    h = special.hyp2f1(1.0, rho + 1.0 - shape_other, rho + 1.0, z)
    return (1.0 - shape_other) * log_1mz + np.log(h) - rho * np.log(base + y)


def _pnbd_loglik(params: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray,
                 parts: bool = False):
    """Per-row log-likelihood; with ``parts`` also (log first term, log second term)."""
    r, al, s, be = params
    rho = r + s + x
    if al >= be:
        lf_tx = _log_F(al, be, tx, rho, s + 1.0)
        lf_T = _log_F(al, be, T, rho, s + 1.0)
    else:
        lf_tx = _log_F(be, al, tx, rho, r + x)
        lf_T = _log_F(be, al, T, rho, r + x)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_a0 = lf_tx + np.log1p(-np.exp(np.minimum(lf_T - lf_tx, 0.0)))
    log_a0 = np.where(T > tx, log_a0, -np.inf)
    first = -(r + x) * np.log(al + T) - s * np.log(be + T)
    second = np.log(s) - np.log(rho) + log_a0
    head = special.gammaln(r + x) - special.gammaln(r) + r * np.log(al) + s * np.log(be)
    ll = head + np.logaddexp(first, second)
    if parts:
        return ll, first, second
    return ll


class ParetoNBD(MaximumLikelihoodModel):
    """The Pareto/NBD model of repeat buying with dropout at any time.

    Parameters r, α (purchase rate λ ~ Gamma(r, α)) and s, β (dropout rate μ ~ Gamma(s, β)),
    fitted by maximum likelihood on log-parameters (L-BFGS-B with the analytic gradient:
    the hypergeometric term and its derivatives in its parameters are summed from one
    series, see :mod:`casekit.btyd._pnbd_likelihood`). Same inputs and predictions as
    :class:`BetaGeo`.

    Parameters
    ----------
    r, alpha : float, optional
        Gamma distribution of the purchase rates λ.
    s, beta : float, optional
        Gamma distribution of the dropout rates μ. Give all four, or none and call
        :meth:`fit`.
    time_unit : str, optional
        What one time unit is.

    Attributes
    ----------
    r, alpha, s, beta : float or None
        The parameters.
    log_likelihood : float or None
        Maximised log-likelihood (after :meth:`fit`).
    standard_errors : dict or None
        Standard error of each parameter (observed information, delta method).
    n_customers : int or None
        Customers the fit counted (the sum of the weights).
    time_unit : str or None
        What one time unit of the data is.

    References
    ----------
    Schmittlein, Morrison & Colombo (1987), Management Science 33(1), 1–24 (the model);
    Fader, Hardie & Lee (2005), http://brucehardie.com/notes/008/ (likelihood, CDNOW
    estimates); Fader & Hardie (2005), note 009 (conditional expectations).

    >>> m = ParetoNBD(r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562)   # CDNOW, weeks
    >>> round(float(m.probability_alive([26], [30.86], [31])[0]), 4)     # BTYD vignette
    0.9979
    """

    PARAMS = ("r", "alpha", "s", "beta")
    MODEL = "Pareto/NBD"

    def __init__(self, r: float | None = None, alpha: float | None = None,
                 s: float | None = None, beta: float | None = None,
                 time_unit: str | None = None) -> None:
        self._init_params((r, alpha, s, beta))
        self.time_unit = time_unit

    def fit(self, frequency: Any, recency: Any = None, T: Any = None,
            time_unit: str | None = None, weights: Any = None) -> "ParetoNBD":
        """Fit r, α, s, β by maximum likelihood; returns self.

        Parameters
        ----------
        frequency, recency, T : array-like
            One value per customer (or a summary DataFrame as the only argument).
        time_unit : str, optional
            What one time unit is.
        weights : array-like, optional
            Customers each row stands for.

        Returns
        -------
        ParetoNBD
            self, fitted.
        """
        x, tx, t, w, time_unit = _fit_inputs(frequency, recency, T, weights, time_unit)
        n = float(w.sum())
        if n < 20 or w[x > 0].sum() < 10:
            raise ModelFitError(f"too few customers ({n:g}) or repeat buyers "
                                f"({w[x > 0].sum():g}) to fit four parameters")
        if (t <= 0).all():
            raise ModelFitError("T is 0 for every customer: no time was observed")
        (ux, utx, uT), _, inverse = compress_rows(x, tx, t)
        uw = np.bincount(inverse, weights=w, minlength=len(ux))

        rows = PnbdRows(ux, utx, uT, uw)

        def value(lp: np.ndarray) -> float:
            return -(uw * _pnbd_loglik(np.exp(lp), ux, utx, uT)).sum() / n

        def fun(lp: np.ndarray):
            out = pnbd_fit_objective(np.exp(lp), rows)
            if out is None:         # α and β too far apart for the series: step back
                return np.inf, np.zeros(4)
            return -out[0] / n, -out[1] / n

        rate = max(float((w * x).sum() / n), 1e-3) / max(float((w * t).sum() / n), 1e-9)
        scale = float((w * t).sum() / n)
        starts = [np.log([1.0, 1.0 / rate, 1.0, scale]), np.log([0.5, 0.5 / rate, 0.5, scale]),
                  np.log([2.0, 2.0 / rate, 2.0, 2 * scale])]
        # many distinct histories (continuous time): start from a sample's fit
        starts, metric, _ = warm_start_from_sample(ParetoNBD, (ux, utx, uT), uw, starts)
        hint = ("Likely cause: no visible dropout (s, β run off) or purchase rates that do "
                "not vary across customers (r, α run off together)")
        try:
            # one valid optimum suffices (the other starts are fallbacks), as before
            lp = self._maximise(fun, starts, n, stop_after=1, metric=metric, hint=hint)
            near_edge = -np.expm1(-abs(lp[1] - lp[3])) > 0.9 * Z_SERIES_MAX   # 1 − min/max
        except ModelFitError:
            near_edge = True
        if near_edge:
            # α and β far apart (beyond the analytic gradient's series): the closed-form
            # likelihood with a central-difference gradient
            self._maximise(value, starts, n, gradient=False, stop_after=1, hint=hint)
        self.time_unit = time_unit or self.time_unit
        self.n_customers = int(round(n))
        return self

    def log_likelihood_terms(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Log-likelihood of each customer's history under the current parameters.

        Fader, Hardie & Lee (2005), note 008 (evaluated stably, see the module).

        Parameters
        ----------
        frequency, recency, T : array-like
            Repeat purchases x, time of the last one t_x and time observed T, per customer.

        Returns
        -------
        numpy.ndarray
            One log-likelihood per customer.
        """
        x, tx, t = _rfm(frequency, recency, T)
        return _pnbd_loglik(np.array(self._need_fit()), x, tx, t)

    def probability_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """P(alive at T | x, t_x, T) = first term / (first + second) of the likelihood.

        Schmittlein, Morrison & Colombo (1987); Fader & Hardie (2005), note 009.

        Parameters
        ----------
        frequency, recency, T : array-like
            Repeat purchases x, time of the last one t_x and time observed T, per customer.

        Returns
        -------
        numpy.ndarray
            The probability that each customer is still alive at T.
        """
        x, tx, t = _rfm(frequency, recency, T)
        _, first, second = _pnbd_loglik(np.array(self._need_fit()), x, tx, t, parts=True)
        return special.expit(first - second)

    def expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """E[Y(t) | x, t_x, T] = (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)]
        · P(alive) (Schmittlein et al. 1987; Fader & Hardie 2005, eq. 22).

        Parameters
        ----------
        t : float or array-like
            Length of the future window: one number, or one per customer.
        frequency, recency, T : array-like
            Repeat purchases x, time of the last one t_x and time observed T, per customer.

        Returns
        -------
        numpy.ndarray
            Expected purchases of each customer in (T, T+t].
        """
        r, al, s, be = self._need_fit()
        x, tx, T_ = _rfm(frequency, recency, T)
        t = np.broadcast_to(check_vector("t", t), x.shape) if np.ndim(t) else np.full(x.shape,
                                                                                  float(t))
        if (t < 0).any():
            raise ValueError("t must be >= 0")
        if abs(s - 1) < 1e-9:
            core = (r + x) * (be + T_) / (al + T_) * np.log((be + T_ + t) / (be + T_))
        else:
            core = ((r + x) * (be + T_) / ((al + T_) * (s - 1))
                    * -np.expm1((s - 1) * np.log((be + T_) / (be + T_ + t))))
        return core * self.probability_alive(x, tx, T_)

    def expected_purchases_new(self, t: Any) -> Any:
        """E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] for a new customer.

        Schmittlein, Morrison & Colombo (1987); Fader & Hardie (2005), note 009.

        Parameters
        ----------
        t : float or array-like
            Time since the first purchase (>= 0), in the model's time unit.

        Returns
        -------
        float or numpy.ndarray
            E[X(t)]: a float for one t, an array for several.
        """
        r, al, s, be = self._need_fit()
        t = check_vector("t", t)
        if (t < 0).any():
            raise ValueError("t must be >= 0")
        out = r * be / (al * (s - 1)) * -np.expm1((s - 1) * np.log(be / (be + t)))
        return out if out.size > 1 else float(out[0])

    def discounted_expected_purchases(self, horizon: int, discount: float, frequency: Any,
                                      recency: Any, T: Any) -> np.ndarray:
        """Σ_{k=1..horizon} [E(Y(k)) − E(Y(k−1))]/(1+d)^k, per customer (as for BetaGeo).

        Parameters
        ----------
        horizon : int
            Whole time units ahead (>= 1).
        discount : float
            Discount rate *per time unit* (> −1).
        frequency, recency, T : array-like
            Repeat purchases x, time of the last one t_x and time observed T, per customer.

        Returns
        -------
        numpy.ndarray
            Discounted expected purchases, one per customer.
        """
        if isinstance(horizon, bool) or not float(horizon).is_integer() or horizon < 1:
            raise ValueError(f"horizon={horizon!r}: expected a whole number of time units >= 1")
        if not np.isfinite(discount) or discount <= -1:
            raise ValueError(f"discount={discount!r}: expected a rate per time unit > -1")
        x, tx, t = _rfm(frequency, recency, T)
        (ux, utx, uT), _, idx = compress_rows(x, tx, t)
        cum = np.stack([self.expected_purchases(k, ux, utx, uT) if k else np.zeros(len(ux))
                        for k in range(int(horizon) + 1)], axis=1)
        factors = (1.0 + discount) ** -np.arange(1, int(horizon) + 1, dtype=float)
        return (np.diff(cum, axis=1) * factors).sum(axis=1)[idx]

    def discounted_expected_purchases_infinite(self, discount: float, frequency: Any,
                                               recency: Any, T: Any) -> np.ndarray:
        """DET: all future purchases, each discounted continuously at κ = ln(1+d).

        Given λ, μ and alive now: E[Σ e^(−κτ)] = λ/(μ+κ). Over the posterior of the alive
        (λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T)):
        DET = P(alive)·(r+x)/(α+T)·(β+T)^s·κ^(s−1)·U(s, s; κ(β+T)), U the confluent
        hypergeometric function (Fader, Hardie & Lee 2005b, eq. 2).

        Parameters
        ----------
        discount : float
            Discount rate per time unit (> 0).
        frequency, recency, T : array-like
            Repeat purchases x, time of the last one t_x and time observed T, per customer.

        Returns
        -------
        numpy.ndarray
            Discounted expected purchases over the whole future, one per customer.
        """
        r, al, s, be = self._need_fit()
        if not np.isfinite(discount) or discount <= 0:
            raise ValueError(f"discount={discount!r}: an infinite horizon needs a discount "
                             "rate per time unit > 0")
        x, tx, t = _rfm(frequency, recency, T)
        kappa = np.log1p(discount)
        z = kappa * (be + t)
        inner = np.exp(s * np.log(be + t) + (s - 1) * np.log(kappa)) * special.hyperu(s, s, z)
        return self.probability_alive(x, tx, t) * (r + x) / (al + t) * inner
