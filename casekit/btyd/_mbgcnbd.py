"""The MBG/CNBD-k model for regular buyers (Reutterer, Platzer & Schröder 2021).

A retailer that orders about every second week is not a Poisson buyer: its gaps are far
more regular than exponential. The MBG/CNBD-k lets the time between purchases be Erlang-k
(the sum of k exponential stages, rate λ each): k = 1 is Poisson timing (then the model is
the MBG/NBD), larger k more regular buying (coefficient of variation 1/√k). λ ~ Gamma(r, α)
across customers; after every purchase, the first one included ("modified" BG), a customer
drops out with probability p ~ Beta(a, b).

Likelihood of x repeat purchases, the last at t_x, observed until T, with litt = Σ log of
the inter-purchase times (derived here from the model; it is the form BTYDplus uses)::

    log L = (k−1)·litt − x·log((k−1)!) + log B(a, b+x+1) − log B(a, b)
            + log Γ(r+kx) − log Γ(r) + r log α − (r+kx) log(α+T)
            + log[ a/(b+x)·((α+T)/(α+t_x))^(r+kx)                      (dropped after t_x)
                   + Σ_{j<k} (r+kx)_j/j! · ((T−t_x)/(α+T))^j ]         (alive, next gap > T−t_x)

For a fixed k the first line does not depend on r, α, a, b, so the fit compresses on
(x, t_x, T) and uses the analytic gradient; k is chosen by the likelihood (climbing from
k = 1 while it improves), or given.

References
----------
Reutterer, Platzer & Schröder (2021), "Leveraging purchase regularity for predicting
customer behavior the easy way", Int. J. Research in Marketing 38(1), 194–215. Platzer &
Reutterer (2016), "Ticking away the moments: timing regularity helps to better predict
customer activity", Marketing Science 35(5), 779–799. Wheat & Morrison (1990), "Estimating
purchase regularity with two interpurchase times", J. Marketing Research 27(1), 87–93.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from ..validate import check_same_length, check_vector
from ..base import CustomerBase
from ._bgnbd import _fit_inputs
from ._data import _rfm
from ._fit import (SAMPLE_ROWS, MaximumLikelihoodModel, ModelFitError, compress_rows,
                   frequency_sample, warm_start_from_sample)
from ._mbg_likelihood import _FitRows, _mbg_fit_objective, _mbg_loglik

__all__ = ["MBGCNBD", "estimate_regularity"]

#: The largest k the automatic choice tries.
K_MAX = 40

#: Above this many distinct histories, k is chosen on a sample of this size stratified by
#: frequency; the full data are then fitted once at that k (see :meth:`MBGCNBD.fit`).
PROFILE_ROWS = SAMPLE_ROWS


def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k={k!r}: the Erlang order must be a whole number >= 1 (1 = Poisson "
                         "timing, larger = more regular)")
    return int(k)


class MBGCNBD(MaximumLikelihoodModel):
    """The MBG/CNBD-k model (Reutterer, Platzer & Schröder 2021): regular buyers.

    Parameters r, α (rate λ ~ Gamma(r, α) of each of the k Erlang stages), a, b (dropout
    after each purchase, p ~ Beta(a, b)) and the regularity k. Give ``k`` to fix it; leave
    it out to choose it by maximum likelihood. Fitting with k > 1 needs the ``litt`` column
    of :func:`summary_from_activity` (``litt=True``).

    Parameters
    ----------
    r, alpha : float, optional
        Gamma distribution of the rate λ of each Erlang stage.
    a, b : float, optional
        Beta distribution of the dropout probability after each purchase.
    k : int, optional
        Regularity (Erlang order): 1 = Poisson timing. Required with the parameters;
        estimated by :meth:`fit` when left out.
    time_unit : str, optional
        What one time unit is.

    Attributes
    ----------
    r, alpha, a, b : float or None
        The parameters.
    k : int or None
        The regularity used (given or estimated).
    k_estimated : bool
        Whether k was chosen by the likelihood (then it counts as a fifth parameter in BIC).
    k_log_likelihoods : dict
        Log-likelihood of every k tried.
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
    Reutterer, Platzer & Schröder (2021), Int. J. Research in Marketing 38(1), 194–215 (the
    model and its likelihood); Platzer & Reutterer (2016), Marketing Science 35(5),
    779–799.

    >>> m = MBGCNBD(r=1.0, alpha=2.0, a=0.5, b=3.0, k=1)       # k = 1: the MBG/NBD
    >>> # x = 0: 1/(1 + a/b·((α+T)/α)^r) = 1/(1 + 0.5/3·(12/2)) = 1/2
    >>> round(float(m.probability_alive([0], [0.0], [10.0])[0]), 4)
    0.5
    """

    PARAMS = ("r", "alpha", "a", "b")
    MODEL = "MBG/CNBD-k"

    def __init__(self, r: float | None = None, alpha: float | None = None,
                 a: float | None = None, b: float | None = None, k: int | None = None,
                 time_unit: str | None = None) -> None:
        self._init_params((r, alpha, a, b))
        self.k = None if k is None else _check_k(k)
        if self.r is not None and self.k is None:
            raise ValueError("give k with the parameters r, alpha, a, b")
        self.k_estimated = False
        self.time_unit = time_unit
        self.k_log_likelihoods: dict[int, float] = {}

    @property
    def n_params(self) -> int:
        """Four parameters, five when k was estimated."""
        return 5 if self.k_estimated else 4

    @property
    def params(self) -> dict[str, float]:
        """r, alpha, a, b and k."""
        return {**dict(zip(self.PARAMS, self._need_fit())), "k": self.k}

    def __repr__(self) -> str:
        if any(getattr(self, k) is None for k in self.PARAMS):
            return "MBGCNBD(not fitted)"
        body = ", ".join(f"{k}={getattr(self, k):.4g}" for k in self.PARAMS)
        unit = f", time_unit={self.time_unit!r}" if self.time_unit else ""
        return f"MBGCNBD({body}, k={self.k}{unit})"

    def fit(self, frequency: Any, recency: Any = None, T: Any = None, litt: Any = None,
            k: int | None = None, time_unit: str | None = None,
            weights: Any = None) -> "MBGCNBD":
        """Fit r, α, a, b (and k unless given) by maximum likelihood; returns self.

        Parameters
        ----------
        frequency, recency, T : array-like
            Per customer, or a summary DataFrame as the only argument (with ``litt``).
        litt : array-like, optional
            Sum of log inter-purchase times per customer; needed unless k = 1.
        k : int, optional
            Fix the regularity (default: the constructor's ``k``, else estimated).
        time_unit : str, optional
            What one time unit is.
        weights : array-like, optional
            Customers each row stands for.

        Returns
        -------
        MBGCNBD
            self, fitted; ``k_log_likelihoods`` holds the log-likelihood of every k tried.

        Notes
        -----
        k is estimated by profiling: fit r, α, a, b for k = 1, 2, … while the likelihood
        improves, and keep the best k. On large data (more than :data:`PROFILE_ROWS`
        distinct histories) the profile is run on a systematic sample of that many
        customers taken in order of frequency (so every frequency stratum is represented),
        and the full data are fitted once at the chosen k, starting from the sample's
        estimates; ``k_log_likelihoods`` then refers to the sample (``k_profile_rows`` says
        how many rows). Between neighbouring k the log-likelihood differs by thousands at
        that sample size for regular buyers, so the sample chooses the same k as the full
        data would; each k tried on the full data would cost one full fit.
        """
        if isinstance(frequency, pd.DataFrame) and litt is None and "litt" in frequency:
            litt = frequency["litt"]
        x, tx, t, w, time_unit = _fit_inputs(frequency, recency, T, weights, time_unit)
        k = self.k if k is None else _check_k(k)
        n = float(w.sum())
        if litt is None:
            if k != 1:
                raise ValueError("litt: the MBG/CNBD-k with k > 1 needs the sum of log "
                                 "inter-purchase times per customer; use "
                                 "summary_from_activity(..., litt=True), or give k=1")
            lt = np.zeros(len(x))
        else:
            lt = check_vector("litt", litt)
            check_same_length(frequency=x, litt=lt)
        if n < 20 or w[x > 0].sum() < 10:
            raise ModelFitError(f"too few customers ({n:g}) or repeat buyers "
                                f"({w[x > 0].sum():g}) to fit the MBG/CNBD-k")
        (ux, utx, uT), _, inverse = compress_rows(x, tx, t)
        uw = np.bincount(inverse, weights=w, minlength=len(ux))
        rows = _FitRows(ux, utx, uT, uw)
        sum_litt = float((w * lt).sum())
        sum_x = float((w * x).sum())
        rate = max(sum_x / n, 1e-3) / max(float((w * t).sum() / n), 1e-9)

        def fit_k(kk: int, starts: list[np.ndarray], stop_after: int = 2,
                  metric: np.ndarray | None = None) -> tuple[float, np.ndarray]:
            def fun(lp: np.ndarray):
                ll, g = _mbg_fit_objective(np.exp(lp), kk, rows)
                return -ll / n, -g / n
            lp = self._maximise(fun, starts, n, stop_after=stop_after, metric=metric, hint=(
                "Likely cause: no visible dropout (a, b run off) or identical buying rates "
                "(r, α run off together)"))
            const = (kk - 1) * sum_litt - sum_x * special.gammaln(kk)
            self.log_likelihood += const
            return self.log_likelihood, lp

        def starts_for(kk: int) -> list[np.ndarray]:
            return [np.log([1.0, kk / rate, 1.0, 3.0]), np.log([0.5, 0.5 * kk / rate, 0.5, 2.0]),
                    np.log([3.0, 3.0 * kk / rate, 2.0, 8.0])]

        self.k_profile_rows = len(x)
        if k is None and len(ux) > PROFILE_ROWS:
            pick = frequency_sample(x, PROFILE_ROWS)
            sample = MBGCNBD().fit(x[pick], tx[pick], t[pick], lt[pick], weights=w[pick])
            warm = np.log([sample.r, sample.alpha, sample.a, sample.b])
            # the sample's curvature preconditions the full fit (a few steps from the warm start)
            fit_k(sample.k, [warm] + starts_for(sample.k), 1, metric=sample.mean_hessian_)
            self.k, self.k_estimated = sample.k, True
            self.k_failures = sample.k_failures
            self.k_log_likelihoods = dict(sample.k_log_likelihoods)
            self.k_profile_rows = PROFILE_ROWS
        elif k is not None:
            # for a given k, litt only adds a constant: the sample is fitted without it
            starts, metric, stop_after = warm_start_from_sample(
                MBGCNBD, (ux, utx, uT, np.zeros(len(ux))), uw, starts_for(k), k=k)
            fit_k(k, starts, stop_after, metric=metric)
            self.k, self.k_estimated = k, False
            self.k_log_likelihoods = {k: self.log_likelihood}
        else:
            results: dict[int, tuple[float, np.ndarray]] = {}
            failed: list[str] = []
            for kk in range(1, K_MAX + 1):
                # climb k while the likelihood improves; a k whose fit is degenerate (e.g.
                # no dropout visible under Poisson timing) is skipped, not fatal
                warm = [] if kk - 1 not in results else \
                    [results[kk - 1][1] + np.log([1.0, kk / (kk - 1), 1.0, 1.0])]
                try:
                    results[kk] = fit_k(kk, warm + starts_for(kk))
                except ModelFitError as err:
                    failed.append(f"k={kk}: {err}")
                    if len(failed) >= 3 and results:
                        break
                    if len(failed) >= 6:
                        raise ModelFitError("MBG/CNBD-k: no k from 1 to 6 gives a valid fit; "
                                            + failed[0]) from None
                    continue
                best_so_far = max(v[0] for q, v in results.items() if q < kk) \
                    if len(results) > 1 else -np.inf
                if results[kk][0] <= best_so_far:
                    break
            best_k = max(results, key=lambda q: results[q][0])
            ll, lp = results[best_k]
            for name, v in zip(self.PARAMS, np.exp(lp)):
                setattr(self, name, float(v))
            if best_k != max(results):          # refit to restore its standard errors
                fit_k(best_k, [lp], 1)
            self.k_failures = failed
            self.k, self.k_estimated = best_k, True
            self.k_log_likelihoods = {q: v[0] for q, v in sorted(results.items())}
            self.log_likelihood = ll
        self.time_unit = time_unit or self.time_unit
        self.n_customers = int(round(n))
        return self

    def _need_k(self) -> tuple[float, float, float, float, int]:
        r, al, a, b = self._need_fit()
        return r, al, a, b, int(self.k)

    def probability_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """P(alive at T | x, t_x, T) = S2/(S1 + S2) in the likelihood's bracket.

        Parameters
        ----------
        frequency, recency, T : array-like
            Repeat purchases x, time of the last one t_x and time observed T, per customer.

        Returns
        -------
        numpy.ndarray
            The probability of being alive at T, one per customer.
        """
        r, al, a, b, k = self._need_k()
        x, tx, t = _rfm(frequency, recency, T)
        _, log_s1, log_s2, _ = _mbg_loglik(np.array([r, al, a, b]), k, x, tx, t, parts=True)
        return special.expit(log_s2 - log_s1)

    def _alive_expectation(self, x: np.ndarray, T: np.ndarray, pi: np.ndarray,
                           times: np.ndarray, nodes: int = 64) -> np.ndarray:
        """E[purchases in the next ``times`` | alive], rows × len(times) (the approximation
        of :meth:`expected_purchases`), by Gauss–Jacobi quadrature over p ~ Beta(a, b+x+1)
        of the closed form over λ' ~ Gamma(ρ_j, k(α+T)): (1 − (1 + p·t/(k(α+T)))^(−ρ_j))/p.
        (The hypergeometric closed form overflows for regular buyers' large ρ_j.)"""
        r, al, a, b, k = self._need_k()
        out = np.zeros((len(x), len(times[0]) if times.ndim == 2 else len(times)))
        for xv in np.unique(x):
            sel = x == xv
            u, w = special.roots_jacobi(nodes, b + xv, a - 1)      # weight (1−u)^(b+x)(1+u)^(a−1)
            p = (1 + u) / 2
            w = w / w.sum()
            tt = times[sel] if times.ndim == 2 else np.broadcast_to(times, (sel.sum(),
                                                                            len(times)))
            ratio = tt[:, :, None] / (k * (al + T[sel]))[:, None, None] * p
            log1 = np.log1p(ratio)
            for j in range(k):
                g = -np.expm1(-(r + k * xv + j) * log1) / p
                out[sel] += pi[sel, j][:, None] * (g * w).sum(axis=2)
        return out

    def expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """E[purchases in (T, T+t] | x, t_x, T] — an approximation, stated here.

        Given alive, λ's posterior is a mixture over j < k of Gamma(r+kx+j, α+T) (weights
        π_j from the likelihood's alive sum) and p's is Beta(a, b+x+1). The future is then
        treated as Poisson at the long-run purchase rate λ/k with dropout after each
        purchase: given p, E = (1 − (1 + p·t/(k(α+T)))^−(r+kx+j))/p, averaged over p by
        Gauss–Jacobi quadrature and over j with π_j, times P(alive). It ignores where in its
        current gap the customer is (the Erlang phase), like BTYDplus's approximation.

        Parameters
        ----------
        t : float or array-like
            Length of the future window: one number, or one per customer.
        frequency, recency, T : array-like
            Repeat purchases x, time of the last one t_x and time observed T, per customer.

        Returns
        -------
        numpy.ndarray
            Expected purchases in (T, T+t], one per customer.
        """
        r, al, a, b, k = self._need_k()
        x, tx, T_ = _rfm(frequency, recency, T)
        t = np.broadcast_to(check_vector("t", t), x.shape) if np.ndim(t) else np.full(x.shape,
                                                                                  float(t))
        if (t < 0).any():
            raise ValueError("t must be >= 0")
        _, log_s1, log_s2, pi = _mbg_loglik(np.array([r, al, a, b]), k, x, tx, T_,
                                            parts=True)
        inner = self._alive_expectation(x, T_, pi, np.asarray(t, dtype=float)[:, None])[:, 0]
        return inner * special.expit(log_s2 - log_s1)

    def expected_purchases_new(self, t: Any) -> Any:
        """E[X(t)] for a new customer, under the same long-run-rate approximation::

            b/(a−1) · [1 − (kα/(kα+t))^r · 2F1(r, b+1; a+b; t/(kα+t))]

        (the MBG/NBD's E[X(t)] of Batislam, Denizel & Filiztekin 2007 with α → kα).

        Parameters
        ----------
        t : float or array-like
            Time since the first purchase (>= 0).

        Returns
        -------
        float or numpy.ndarray
            E[X(t)]: a float for one t, an array for several.
        """
        r, al, a, b, k = self._need_k()
        t = check_vector("t", t)
        z = t / (k * al + t)
        out = b / (a - 1) * (1 - np.exp(r * np.log(k * al / (k * al + t)))
                             * special.hyp2f1(r, b + 1, a + b, z))
        return out if out.size > 1 else float(out[0])

    def discounted_expected_purchases(self, horizon: int, discount: float, frequency: Any,
                                      recency: Any, T: Any) -> np.ndarray:
        """Σ_{k=1..horizon} [E(Y(k)) − E(Y(k−1))]/(1+d)^k, per customer.

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
        r, al, a, b, k = self._need_k()
        x, tx, t = _rfm(frequency, recency, T)
        (ux, utx, uT), _, idx = compress_rows(x, tx, t)
        _, log_s1, log_s2, pi = _mbg_loglik(np.array([r, al, a, b]), k, ux, utx, uT,
                                            parts=True)
        times = np.arange(int(horizon) + 1, dtype=float)
        cum = self._alive_expectation(ux, uT, pi, times)            # E(0..H) given alive
        factors = (1.0 + discount) ** -times[1:]
        value = (np.diff(cum, axis=1) * factors).sum(axis=1)
        return (special.expit(log_s2 - log_s1) * value)[idx]

    def discounted_expected_purchases_infinite(self, discount: float, frequency: Any,
                                               recency: Any, T: Any,
                                               nodes: int = 32) -> np.ndarray:
        """All future purchases, each discounted continuously (κ = ln(1+d)), under the same
        approximation: integrating by parts, ∫ e^(−κt) dE(t) = κ∫ e^(−κt) E(t) dt, evaluated
        by Gauss–Laguerre quadrature over t (E(t) as in :meth:`expected_purchases`).

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
        r, al, a, b, k = self._need_k()
        if not np.isfinite(discount) or discount <= 0:
            raise ValueError(f"discount={discount!r}: an infinite horizon needs a discount "
                             "rate per time unit > 0")
        x, tx, t = _rfm(frequency, recency, T)
        kappa = np.log1p(discount)
        _, log_s1, log_s2, pi = _mbg_loglik(np.array([r, al, a, b]), k, x, tx, t, parts=True)
        u, w = special.roots_laguerre(nodes)
        (ux, utx, uT), _, idx = compress_rows(x, tx, t)
        upi = np.zeros((len(ux), pi.shape[1]))
        upi[idx] = pi
        inner = (self._alive_expectation(ux, uT, upi, u / kappa) * (w / w.sum())).sum(axis=1)
        return special.expit(log_s2 - log_s1) * inner[idx]


def estimate_regularity(activity: pd.DataFrame | CustomerBase, customer: str = "customer_id",
                        period: str = "period", min_purchases: int = 3) -> float:
    """The regularity k of inter-purchase times: about 1 for Poisson timing, larger for
    regular buyers.

    For each customer with at least ``min_purchases`` purchase periods, take the last two
    inter-purchase times t1, t2 and M = t1/(t1 + t2). If gaps are Erlang-k, M ~ Beta(k, k),
    whose variance is 1/(4(2k+1)); so k = (1/(4·Var M) − 1)/2. Exponential gaps (k = 1) give
    M uniform, Var M = 1/12.

    Parameters
    ----------
    activity : DataFrame or CustomerBase
        The purchase log (several rows of a customer in one period count once).
    customer, period : str
        Column names.
    min_purchases : int
        Customers with fewer purchase periods are left out (at least 3).

    Returns
    -------
    float
        The estimate of k (``nan`` when fewer than 10 customers qualify).

    References
    ----------
    Wheat & Morrison (1990), "Estimating purchase regularity with two interpurchase times",
    J. Marketing Research 27(1), 87–93.
    """
    if isinstance(activity, CustomerBase):
        activity = activity.activity
    if not isinstance(activity, pd.DataFrame):
        raise TypeError(f"activity: expected a DataFrame or a CustomerBase, got "
                        f"{type(activity).__name__}")
    missing = [c for c in (customer, period) if c not in activity.columns]
    if missing:
        raise ValueError(f"activity: column(s) {missing} missing; columns present: "
                         f"{list(activity.columns)}")
    if isinstance(min_purchases, bool) or not isinstance(min_purchases, (int, np.integer)) \
            or min_purchases < 3:
        raise ValueError(f"min_purchases={min_purchases!r}: need a whole number >= 3 (two "
                         "inter-purchase times)")
    if not pd.api.types.is_numeric_dtype(activity[period]):
        raise TypeError(f"activity[{period!r}] must be numeric time")
    log = activity[[customer, period]].drop_duplicates().sort_values([customer, period])
    log = log[log.groupby(customer, observed=True)[period].transform("size") >= min_purchases]
    tail = log.groupby(customer, observed=True).tail(3)
    t = tail[period].to_numpy(float).reshape(-1, 3) if len(tail) else np.zeros((0, 3))
    gaps = np.diff(t, axis=1)
    if len(gaps) < 10:
        return float("nan")
    m = gaps[:, 0] / gaps.sum(axis=1)
    return float((1.0 / (4.0 * np.var(m)) - 1.0) / 2.0)
