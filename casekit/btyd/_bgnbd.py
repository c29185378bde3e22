"""The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005a).

When there is no contract (a tobacco retailer simply orders, or does not, each week) we never
see a customer leave. The BG/NBD model explains a purchase history with two hidden traits:

- while "alive", a customer buys at rate λ per time unit (Poisson); λ ~ Gamma(r, α);
- after each purchase the customer may drop out for good with probability p; p ~ Beta(a, b).

From each customer's *frequency* (repeat purchases), *recency* (time of the last purchase
after the first) and *T* (time since the first purchase) it gives the probability the
customer is still alive and the expected number of future purchases.

References
----------
Fader, Hardie & Lee (2005a), "Counting your customers the easy way: an alternative to the
Pareto/NBD model", Marketing Science 24(2), 275–284. CDNOW estimates (weeks): r = 0.243,
α = 4.414, a = 0.793, b = 2.426 (:data:`CDNOW_BGNBD`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from ..validate import check_array, check_same_length, check_vector, show_values
from ._data import _rfm
from ._fit import (MaximumLikelihoodModel, ModelFitError, compress_rows, distinct_counts,
                   warm_start_from_sample)

__all__ = ["BetaGeo", "CDNOW_BGNBD"]

#: BG/NBD on the CDNOW calibration data (2,357 customers, weeks): Fader, Hardie & Lee
#: (2005a), Marketing Science 24(2), p. 281.
CDNOW_BGNBD: dict[str, float] = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def _fit_inputs(frequency: Any, recency: Any, T: Any, weights: Any, time_unit: str | None):
    """(x, t_x, T, weights, time_unit) from arrays or a summary DataFrame."""
    if isinstance(frequency, pd.DataFrame):
        frame = frequency
        missing = [c for c in ("frequency", "recency", "T") if c not in frame.columns]
        if missing:
            raise ValueError(f"summary: column(s) {missing} missing; columns present: "
                             f"{list(frame.columns)}")
        time_unit = time_unit or frame.attrs.get("time_unit")
        if weights is None and "weights" in frame.columns:
            weights = frame["weights"]
        frequency, recency, T = frame["frequency"], frame["recency"], frame["T"]
    elif recency is None or T is None:
        raise TypeError("fit(frequency, recency, T): give all three (or a summary DataFrame)")
    x, tx, t = _rfm(frequency, recency, T)
    w = _weights(weights, len(x))
    return x, tx, t, w, time_unit


def _weights(weights: Any, n: int) -> np.ndarray:
    """Validated customer counts per row (ones when not given)."""
    if weights is None:
        return np.ones(n)
    w = check_vector("weights", weights)
    check_same_length(rows=np.empty(n), weights=w)
    if (w < 0).any():
        raise ValueError(f"weights: {int((w < 0).sum())} negative value(s); a weight is the "
                         "number of customers a row stands for (>= 0)")
    if w.sum() <= 0:
        raise ValueError("weights: all zero; no customer to fit")
    return w


def _bg_loglik_terms(params: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray,
                     grad: bool = False, weights: np.ndarray | None = None,
                     x_index: tuple | None = None):
    """Per-history log-likelihood (and its gradient w.r.t. the log-parameters).

    L = Γ(r+x)α^r/Γ(r) · [B(a, b+x)/B(a, b)·(α+T)^−(r+x) + 1{x>0}·B(a+1, b+x−1)/B(a, b)·(α+t_x)^−(r+x)]
    (FHL 2005a, eq. 6), as a log-sum-exp of the two terms.

    Every log Γ, log B and ψ depends on x alone: computed once per distinct x
    (``x_index`` = (distinct x, index of each row)) and gathered, so a row costs a few
    logarithms. With ``weights`` and ``grad`` the function returns the weighted totals
    (Σ w·ll, Σ w·∂ll) instead of per-row arrays (what a fit needs).
    """
    r, al, a, b = params
    ux, inv = x_index if x_index is not None else np.unique(x, return_inverse=True)
    rep_u = ux > 0
    xs_u = np.where(rep_u, ux, 1.0)
    lbeta = special.betaln(a, b)
    u1 = special.gammaln(r + ux) - special.gammaln(r) + r * np.log(al)
    u2 = special.betaln(a, b + ux) - lbeta
    u3 = np.where(rep_u, special.betaln(a + 1, b + xs_u - 1) - lbeta, -np.inf)
    rx = r + x
    lT, ltx = np.log(al + T), np.log(al + tx)
    A2 = u2[inv] - rx * lT
    A3 = u3[inv] - rx * ltx
    L = np.logaddexp(A2, A3)
    ll = u1[inv] + L
    if not grad:
        return ll
    w2 = np.exp(A2 - L)
    w3 = 1.0 - w2
    psi = special.digamma
    p_ab, p_abx = psi(a + b), psi(a + b + ux)
    c_r = psi(r + ux) - psi(r) + np.log(al)
    c_a2 = p_ab - p_abx
    c_a3 = 1.0 / a + p_ab - p_abx
    c_b2 = psi(b + ux) - p_abx - psi(b) + p_ab
    c_b3 = np.where(rep_u, psi(b + xs_u - 1) - p_abx - psi(b) + p_ab, 0.0)
    d_r = c_r[inv] - w2 * lT - w3 * ltx
    d_al = r / al - rx * (w2 / (al + T) + w3 / (al + tx))
    d_a = w2 * c_a2[inv] + w3 * c_a3[inv]
    d_b = w2 * c_b2[inv] + w3 * c_b3[inv]
    scale = np.array([r, al, a, b])
    if weights is not None:
        totals = np.array([(weights * d).sum() for d in (d_r, d_al, d_a, d_b)])
        return (weights * ll).sum(), totals * scale
    return ll, np.stack([d_r * r, d_al * al, d_a * a, d_b * b])


class BetaGeo(MaximumLikelihoodModel):
    """The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005a), fitted by maximum likelihood.

    Likelihood of one customer with x repeat purchases, last at t_x, observed for T::

        L = Γ(r+x)·α^r / Γ(r) · [ B(a, b+x)/B(a, b) · (α+T)^−(r+x)
                                  + 1{x>0} · B(a+1, b+x−1)/B(a, b) · (α+t_x)^−(r+x) ]

    maximised over log r, log α, log a, log b (so every parameter stays positive) with the
    analytic gradient (L-BFGS-B); identical histories are counted once with a weight, so a
    weekly log of a million customers fits in seconds. Standard errors come from the
    observed information (numerical Hessian of the analytic gradient) by the delta method.

    Parameters
    ----------
    r, alpha : float, optional
        Shape and scale of the Gamma distribution of purchase rates λ (α in time units).
    a, b : float, optional
        Beta distribution of the dropout probability p after each purchase.
        Give all four to use the model without fitting, or none and call :meth:`fit`.
    time_unit : str, optional
        What one time unit is (e.g. ``"week"``).

    Attributes
    ----------
    r, alpha, a, b : float or None
        The parameters (estimated by :meth:`fit`, or given).
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
    Fader, Hardie & Lee (2005a), Marketing Science 24(2), 275–284: the model, eq. 6 (the
    likelihood), 9 and 10 (predictions); CDNOW estimates p. 281.

    >>> import numpy as np
    >>> m = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)   # CDNOW, weeks
    >>> round(float(m.expected_purchases_new(52)), 3)        # repeat purchases in a year
    1.446
    """

    PARAMS = ("r", "alpha", "a", "b")
    MODEL = "BG/NBD"

    def __init__(self, r: float | None = None, alpha: float | None = None,
                 a: float | None = None, b: float | None = None,
                 time_unit: str | None = None) -> None:
        self._init_params((r, alpha, a, b))
        self.time_unit = time_unit

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, frequency: Any, recency: Any = None, T: Any = None,
            time_unit: str | None = None, weights: Any = None) -> "BetaGeo":
        """Fit r, α, a, b by maximum likelihood; returns self.

        Parameters
        ----------
        frequency, recency, T : array-like
            One value per customer, or pass the DataFrame from
            :func:`summary_from_activity` as the only argument (its time unit is kept).
        time_unit : str, optional
            What one time unit is (e.g. ``"week"``).
        weights : array-like, optional
            Number of customers each row stands for (compressed data); default 1 each.

        Returns
        -------
        BetaGeo
            self, fitted. Raises :class:`casekit.ModelFitError` naming the likely cause when
            the data cannot identify the model (no or too few repeat buyers, parameters
            running off to infinity) or no start reaches a valid optimum.
        """
        x, tx, t, w, time_unit = _fit_inputs(frequency, recency, T, weights, time_unit)
        n = float(w.sum())
        repeaters = float(w[x > 0].sum())
        if n < 20:
            raise ModelFitError(f"only {n:g} customers: too few to fit four parameters; the "
                                "BG/NBD needs at least a few hundred histories to be reliable")
        if repeaters == 0:
            raise ModelFitError("all-zero frequency: nobody made a repeat purchase, so the "
                                "buying rate and the dropout cannot be told apart. Observe "
                                "longer, or check that `frequency` counts repeat purchases")
        if repeaters < 10:
            raise ModelFitError(f"too few repeat buyers ({repeaters:g} of {n:g} customers): "
                                "the dropout process is not identified; observe longer or pool "
                                "more customers")
        if (t <= 0).all():
            raise ModelFitError("T is 0 for every customer: no time was observed after the "
                                "first purchases")
        (ux, utx, uT), counts, inverse = compress_rows(x, tx, t)
        uw = np.bincount(inverse, weights=w, minlength=len(ux))

        x_index = distinct_counts(ux)

        def fun(lp: np.ndarray):
            ll, g = _bg_loglik_terms(np.exp(lp), ux, utx, uT, grad=True, weights=uw,
                                     x_index=x_index)
            return -ll / n, -g / n

        rate = max(float((w * x).sum() / n), 1e-3) / max(float((w * t).sum() / n), 1e-9)
        starts = [np.log([1.0, 1.0 / rate, 1.0, 3.0]), np.log([0.3, 0.3 / rate, 0.8, 2.5]),
                  np.log([3.0, 3.0 / rate, 2.0, 8.0])]
        starts, metric, stop_after = warm_start_from_sample(BetaGeo, (ux, utx, uT), uw, starts)
        self._maximise(fun, starts, n, stop_after=stop_after, metric=metric, hint=(
            f"{repeaters:g} of {n:g} customers are repeat buyers. Likely causes: dropout "
            "parameters a, b running off (no visible dropout, or dropout so fast nobody "
            "repeats), or r and α running off together (buying rates look the same for "
            "everybody); check that T and recency are in the same time unit"))
        self.time_unit = time_unit or self.time_unit
        self.n_customers = int(round(n))
        return self

    def log_likelihood_terms(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Log-likelihood of each customer's history under the current parameters (eq. 6).

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
        return _bg_loglik_terms(np.array(self._need_fit()), x, tx, t)

    # -- predictions -----------------------------------------------------------------------
    def expected_purchases_new(self, t: Any) -> Any:
        """E[X(t)]: expected repeat purchases in a time t after a customer's first purchase.

        (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))]   (FHL 2005a, eq. 9)

        Parameters
        ----------
        t : float or array-like
            Time since the first purchase (>= 0), in the model's time unit.

        Returns
        -------
        float or numpy.ndarray
            E[X(t)]: a float for one t, an array for several.
        """
        r, al, a, b = self._need_fit()
        t = check_vector("t", t)
        if (t < 0).any():
            raise ValueError("t must be >= 0")
        z = t / (al + t)
        out = (a + b - 1) / (a - 1) * (
            1 - np.exp(r * np.log(al / (al + t))) * special.hyp2f1(r, b, a + b - 1, z))
        return out if out.size > 1 else float(out[0])

    def probability_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """P(alive | x, t_x, T) = 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).

        Parameters
        ----------
        frequency, recency, T : array-like
            Repeat purchases x, time of the last one t_x and time observed T, per customer.

        Returns
        -------
        numpy.ndarray
            The probability that each customer is still alive at T.
        """
        r, al, a, b = self._need_fit()
        x, tx, t = _rfm(frequency, recency, T)
        rep = x > 0
        log_ratio = np.where(rep, np.log(a) - np.log(np.where(rep, b + x - 1, 1.0))
                             + (r + x) * (np.log(al + t) - np.log(al + tx)), -np.inf)
        return special.expit(-log_ratio)

    def expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """E[Y(t) | x, t_x, T]: expected purchases in the next t time units (FHL 2005a, eq. 10).

        (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
        · P(alive | x, t_x, T).

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
        r, al, a, b = self._need_fit()
        x, tx, T_ = _rfm(frequency, recency, T)
        t = np.broadcast_to(check_vector("t", t), x.shape) if np.ndim(t) else np.full(x.shape,
                                                                                  float(t))
        if (t < 0).any():
            raise ValueError("t must be >= 0")
        z = t / (al + T_ + t)
        core = (a + b + x - 1) / (a - 1) * (
            1 - np.exp((r + x) * np.log((al + T_) / (al + T_ + t)))
            * special.hyp2f1(r + x, b + x, a + b + x - 1, z))
        return core * self.probability_alive(x, tx, T_)

    def probability_of_purchases(self, x: Any, t: Any) -> np.ndarray:
        """P(X(t) = x): probability a new customer makes x repeat purchases in time t.

        FHL 2005a, eq. 8.

        Parameters
        ----------
        x : int or array-like
            Numbers of repeat purchases (whole numbers >= 0).
        t : float or array-like
            Times since the first purchase (>= 0); broadcast against ``x``.

        Returns
        -------
        numpy.ndarray
            P(X(t) = x), of the broadcast shape.
        """
        r, al, a, b = self._need_fit()
        x = check_array("x", x)
        t = check_array("t", t)
        bad = ~np.isfinite(x) | (x < 0) | (x != np.round(x))
        if bad.any():
            raise ValueError(f"x={show_values(x, bad)}: the number of repeat purchases must be a whole "
                             "number >= 0")
        if (~np.isfinite(t) | (t < 0)).any():
            raise ValueError(f"t={show_values(t, ~np.isfinite(t) | (t < 0))}: the time since the "
                             "first purchase must be a finite number >= 0")
        try:
            x, t = np.broadcast_arrays(x, t)
        except ValueError:
            raise ValueError(f"x has shape {x.shape} and t has shape {t.shape}: they do not "
                             "broadcast against each other") from None
        lb = special.betaln(a, b)
        log_nb = (special.gammaln(r + x) - special.gammaln(r) - special.gammaln(x + 1)
                  + r * np.log(al / (al + t)) + x * np.log(np.where(t > 0, t / (al + t), 1.0)))
        log_nb = np.where((t == 0) & (x > 0), -np.inf, log_nb)
        first = np.exp(special.betaln(a, b + x) - lb + log_nb)
        # 1 − (α/(α+t))^r Σ_{j<x} Γ(r+j)/(Γ(r) j!) (t/(α+t))^j, via the NBD cdf
        p_nb = al / (al + t)
        # P(NBD ≤ x−1) = I_p(r, x) (regularised incomplete beta), valid for non-integer r
        cdf_below = np.where(x > 0, special.betainc(r, np.maximum(x, 1), p_nb), 0.0)
        xs = np.where(x > 0, x, 1.0)
        second = np.where(x > 0, np.exp(special.betaln(a + 1, b + xs - 1) - lb)
                          * (1 - cdf_below), 0.0)
        return first + second

    def expected_frequency_counts(self, T: Any, max_frequency: int = 7) -> pd.DataFrame:
        """Expected number of customers with 0, 1, …, max_frequency+ repeat purchases.

        Each customer contributes P(X(T_i) = x) for their own T_i; compare with the actual
        counts to check the fit (the classic calibration plot of FHL 2005a).

        Parameters
        ----------
        T : array-like
            Each customer's time since the first purchase.
        max_frequency : int
            The last class, which counts max_frequency or more repeat purchases.

        Returns
        -------
        pandas.DataFrame
            Columns ``frequency`` (class label) and ``expected`` (customers).
        """
        t = check_vector("T", T)
        ks = np.arange(max_frequency)
        probs = self.probability_of_purchases(ks[:, None], t[None, :])   # (k, n)
        expected = probs.sum(axis=1)
        expected = np.append(expected, len(t) - expected.sum())
        labels_ = [str(k) for k in ks] + [f"{max_frequency}+"]
        return pd.DataFrame({"frequency": labels_, "expected": expected})

    def discounted_expected_purchases(self, horizon: int, discount: float, frequency: Any,
                                      recency: Any, T: Any) -> np.ndarray:
        """Σ_{k=1..horizon} [E(Y(k)) − E(Y(k−1))] / (1+discount)^k, per customer.

        Expected purchases in each future time unit k, discounted at the end of that unit;
        With E(Y(k)) from eq. 10 of FHL 2005a.

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
        ks = np.arange(int(horizon) + 1, dtype=float)
        cum = np.stack([self.expected_purchases(k, ux, utx, uT) if k > 0 else np.zeros(len(ux))
                        for k in ks], axis=1)                       # (unique, horizon+1)
        per_unit = np.diff(cum, axis=1)
        factors = (1.0 + discount) ** -ks[1:]
        value_u = (per_unit * factors).sum(axis=1)
        return value_u[idx]


    def discounted_expected_purchases_infinite(self, discount: float, frequency: Any,
                                               recency: Any, T: Any,
                                               nodes: int = 48) -> np.ndarray:
        """Expected purchases over the whole future, each discounted at its own time.

        Given λ and p and alive now, purchases come at rate λ until the customer drops out
        after one of them (probability p each), so with continuous discounting e^(−κt),
        κ = ln(1 + discount per time unit), E[Σ_j e^(−κ τ_j)] = Σ_j (1−p)^(j−1) (λ/(λ+κ))^j
        = λ/(κ + pλ). Averaged over the posterior of the alive (λ ~ Gamma(r+x, α+T),
        p ~ Beta(a, b+x)) and weighted by P(alive)::

            DET = P(alive) · E_λ[ (λ/κ) · 2F1(1, a; a+b+x; −λ/κ) ]

        (the inner expectation over p in closed form, the outer one by generalised
        Gauss–Laguerre quadrature with ``nodes`` points). Derived here for teaching; it is
        the BG/NBD counterpart of Fader, Hardie & Lee's (2005b) DET for the Pareto/NBD.

        Parameters
        ----------
        discount : float
            Discount rate per time unit (> 0).
        frequency, recency, T : array-like
            Repeat purchases x, time of the last one t_x and time observed T, per customer.
        nodes : int
            Quadrature points.

        Returns
        -------
        numpy.ndarray
            Discounted expected purchases over the whole future, one per customer.
        """
        r, al, a, b = self._need_fit()
        if not np.isfinite(discount) or discount <= 0:
            raise ValueError(f"discount={discount!r}: an infinite horizon needs a discount "
                             "rate per time unit > 0")
        x, tx, t = _rfm(frequency, recency, T)
        kappa = np.log1p(discount)
        alive = self.probability_alive(x, tx, t)
        out = np.empty(len(x))
        for xv in np.unique(x):
            sel = x == xv
            shape = r + xv
            u, w = special.roots_genlaguerre(nodes, shape - 1)
            w = w / w.sum()
            lam = u[None, :] / (al + t[sel])[:, None]              # (customers, nodes)
            z = lam / kappa
            inner = z * special.hyp2f1(1.0, a, a + b + xv, -z)
            out[sel] = (inner * w).sum(axis=1)
        return alive * out
