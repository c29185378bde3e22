"""The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007).

References
----------
Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing 21(1),
76–90. Fader & Hardie (2010), "Customer-base valuation in a contractual setting: the
perils of ignoring heterogeneity", Marketing Science 29(1), 85–93 (DERL).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from scipy import special

from ..validate import check_array, check_rate_above_minus_one
from ..btyd import MaximumLikelihoodModel, ModelFitError
from ._formula import _check_timing, _periods_array

__all__ = ["ShiftedBetaGeometric"]


def _time(t: Any, minimum: int) -> np.ndarray:
    """Periods t as floats, finite and >= minimum (named in the error)."""
    arr = check_array("t", t)
    bad = ~np.isfinite(arr) | (arr < minimum)
    if bad.any():
        v = arr[bad].ravel()[0]
        raise ValueError(f"t={v:g} is out of range; allowed: periods >= {minimum} (t counts "
                         "periods since acquisition)")
    return arr


class ShiftedBetaGeometric(MaximumLikelihoodModel):
    """The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007).

    Each customer has a churn probability θ per period that never changes; θ varies across
    customers as Beta(α, β). A cohort then loses its churn-prone members first, so the
    cohort's retention rate *rises* with tenure even though no individual becomes more loyal::

        P(T = t) = B(α+1, β+t−1) / B(α, β)            churn in period t (t = 1, 2, …)
        S(t)     = B(α, β+t) / B(α, β)                 still a customer after t periods
        r(t)     = S(t)/S(t−1) = (β+t−1)/(α+β+t−1)     retention rate in period t

    Fit it by maximum likelihood from a cohort's survivor counts (:meth:`fit`) or from
    customer-level tenures with left truncation (:meth:`fit_lifetimes`). Source: Fader &
    Hardie (2007), "How to project customer retention", J. Interactive Marketing.

    Parameters
    ----------
    alpha, beta : float, optional
        The Beta(α, β) parameters of the churn probability θ, both > 0; give both or
        neither (None: the model is fitted with :meth:`fit` or :meth:`fit_lifetimes`).

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
    Interactive Marketing*, 21(1), 76–90.

    >>> regular = [1000, 631, 468, 382, 326, 289, 262, 241]   # years 0–7
    >>> m = ShiftedBetaGeometric().fit(regular)
    >>> round(m.alpha, 3), round(m.beta, 3), round(float(m.survival(12)) * 100, 1)
    (0.704, 1.182, 17.0)
    """

    PARAMS = ("alpha", "beta")
    MODEL = "sBG"

    def __init__(self, alpha: float | None = None, beta: float | None = None) -> None:
        if (alpha is None) != (beta is None):
            name, v = ("alpha", alpha) if alpha is None else ("beta", beta)
            raise ValueError(f"{name}={v!r}: sBG parameters must be numbers > 0 (give both "
                             "alpha and beta, or neither and fit)")
        self._init_params((alpha, beta))

    # -- fitting ---------------------------------------------------------------------------
    def _fit_grouped(self, n_lost: np.ndarray, t_lost: np.ndarray, n_alive: np.ndarray,
                     t_alive: np.ndarray, w_entry: np.ndarray, t_entry: np.ndarray):
        total = float(n_lost.sum() + n_alive.sum())
        psi = special.digamma

        def fun(p: np.ndarray):
            a, b = np.exp(p)
            bab = special.betaln(a, b)
            ll = ((n_lost * (special.betaln(a + 1, b + t_lost - 1) - bab)).sum()
                  + (n_alive * (special.betaln(a, b + t_alive) - bab)).sum()
                  - (w_entry * (special.betaln(a, b + t_entry) - bab)).sum())
            # d log B(x, y)/dx = ψ(x) − ψ(x+y), d/dy = ψ(y) − ψ(x+y)
            da0, db0 = psi(a) - psi(a + b), psi(b) - psi(a + b)
            s_l = psi(a + b + t_lost)
            s_a = psi(a + b + t_alive)
            s_e = psi(a + b + t_entry)
            d_a = ((n_lost * (psi(a + 1) - s_l - da0)).sum()
                   + (n_alive * (psi(a) - s_a - da0)).sum()
                   - (w_entry * (psi(a) - s_e - da0)).sum())
            d_b = ((n_lost * (psi(b + t_lost - 1) - s_l - db0)).sum()
                   + (n_alive * (psi(b + t_alive) - s_a - db0)).sum()
                   - (w_entry * (psi(b + t_entry) - s_e - db0)).sum())
            return -ll / total, -np.array([d_a * a, d_b * b]) / total

        self._maximise(fun, [np.array([0.0, 0.0]), np.array([-1.0, 1.0]),
                             np.array([1.0, 2.0])], total, hint=(
            "Likely cause: churn is (almost) the same every period, so there is no "
            "heterogeneity to measure (alpha and beta run off to infinity together; a plain "
            "geometric model r = constant fits as well), or too few periods/customers. Try "
            "more periods of data."))
        return self

    def fit(self, survivors: Sequence[float]) -> "ShiftedBetaGeometric":
        """Fit α, β from the number of a cohort's customers alive at t = 0, 1, …, n.

        ``survivors[0]`` is the cohort size, ``survivors[t]`` those still customers after t
        periods (counts; percentages give the same α, β but standard errors for a cohort of
        100). Log-likelihood: Σ_t (S_(t−1) − S_t)·log P(T=t) + S_n·log S(n).

        Parameters
        ----------
        survivors : sequence of float
            Customers alive at t = 0, 1, …, n (at least three values, never increasing).

        Returns
        -------
        ShiftedBetaGeometric
            The model itself, fitted (α, β and their standard errors set).
        """
        s = check_array("survivors", survivors)
        if s.ndim != 1 or len(s) < 3:
            raise ValueError(f"survivors: need counts for at least t = 0, 1, 2 (got "
                             f"{s.size}); with one period α and β cannot be told apart")
        if (s < 0).any() or s[0] <= 0:
            raise ValueError("survivors: counts must be >= 0 and the cohort size survivors[0] "
                             "> 0")
        if (np.diff(s) > 0).any():
            t = int(np.flatnonzero(np.diff(s) > 0)[0]) + 1
            raise ValueError(f"survivors must not increase (a cohort only loses customers); "
                             f"survivors[{t}]={s[t]:g} > survivors[{t - 1}]={s[t - 1]:g}")
        if s[-1] == s[0]:
            raise ModelFitError("survivors: nobody churned, so churn cannot be estimated")
        if s[-1] == 0 and s[1] == 0:
            raise ModelFitError("survivors: everybody churned in the first period")
        n = len(s) - 1
        t = np.arange(1, n + 1)
        self.n_customers = int(round(s[0]))
        return self._fit_grouped(-np.diff(s), t, np.array([s[-1]]), np.array([n]),
                                 np.array([0.0]), np.array([0]))

    def fit_lifetimes(self, tenure: Any, churned: Any, entry: Any = 0) -> "ShiftedBetaGeometric":
        """Fit α, β from customer-level data, allowing customers observed mid-life.

        ``tenure``: periods completed when last seen (a churned customer churned in period
        ``tenure``); ``churned``: True if the customer left, False if still active (censored);
        ``entry``: periods already completed when observation began (left truncation: the
        customer is known to have survived them). Log-likelihood per customer:
        churned → log P(T=tenure) − log S(entry); active → log S(tenure) − log S(entry).

        Parameters
        ----------
        tenure : array_like of int
            Periods completed when last seen, one per customer.
        churned : array_like of bool
            True if the customer left (in period ``tenure``), False if still active (censored).
        entry : int or array_like of int
            Periods already completed when observation began (0 <= entry <= tenure); default 0.

        Returns
        -------
        ShiftedBetaGeometric
            The model itself, fitted.
        """
        ten = check_array("tenure", tenure)
        ent = np.broadcast_to(check_array("entry", entry), ten.shape)
        ch = np.asarray(churned)
        if ch.shape != ten.shape:
            raise ValueError(f"churned has {ch.size} values but tenure has {ten.size}")
        if ch.dtype != bool:
            if not np.isin(ch, [0, 1]).all():
                raise TypeError("churned: expected True/False (or 1/0) per customer")
            ch = ch.astype(bool)
        if (ten != np.round(ten)).any() or (ent != np.round(ent)).any():
            raise ValueError("tenure and entry must be whole numbers of periods")
        if (ent < 0).any() or (ten < ent).any():
            raise ValueError("need 0 <= entry <= tenure for every customer; "
                             f"{int(((ent < 0) | (ten < ent)).sum())} customer(s) break it")
        if ((ten <= ent) & ch).any():
            raise ValueError("a churned customer must churn after observation began "
                             "(tenure > entry); "
                             f"{int(((ten <= ent) & ch).sum())} customer(s) break it")
        if not ch.any():
            raise ModelFitError("no customer churned, so churn cannot be estimated")
        if ch.all() and (ten == 1).all():
            raise ModelFitError("every customer churned in their first period")
        keys = np.stack([ten, ent, ch.astype(float)], axis=1)
        uniq, counts = np.unique(keys, axis=0, return_counts=True)
        t_u, e_u, c_u = uniq[:, 0], uniq[:, 1], uniq[:, 2].astype(bool)
        self.n_customers = int(ten.size)
        return self._fit_grouped(counts[c_u].astype(float), t_u[c_u], counts[~c_u].astype(float),
                                 t_u[~c_u], counts.astype(float), e_u)

    # -- predictions -----------------------------------------------------------------------
    def survival(self, t: Any) -> Any:
        """S(t) = B(α, β+t)/B(α, β): share of a new cohort still customers after t periods.

        Parameters
        ----------
        t : int or array_like of int
            Periods, whole numbers >= 0.

        Returns
        -------
        float or numpy.ndarray
            S(t), in [0, 1], one per t.
        """
        a, b = self._need_fit()
        t = _time(t, 0)
        return np.exp(special.betaln(a, b + t) - special.betaln(a, b))

    def churn_probability(self, t: Any) -> Any:
        """P(T = t) = B(α+1, β+t−1)/B(α, β): share of a new cohort churning in period t ≥ 1.

        Parameters
        ----------
        t : int or array_like of int
            Periods, whole numbers >= 1.

        Returns
        -------
        float or numpy.ndarray
            P(T = t), in [0, 1], one per t.
        """
        a, b = self._need_fit()
        t = _time(t, 1)
        return np.exp(special.betaln(a + 1, b + t - 1) - special.betaln(a, b))

    def retention(self, t: Any) -> Any:
        """r(t) = (β+t−1)/(α+β+t−1): share of those alive after t−1 periods who stay in t.

        Parameters
        ----------
        t : int or array_like of int
            Periods, whole numbers >= 1.

        Returns
        -------
        float or numpy.ndarray
            r(t), in [0, 1], one per t.
        """
        a, b = self._need_fit()
        t = _time(t, 1)
        return (b + t - 1) / (a + b + t - 1)

    def derl(self, discount: float, tenure: Any = 0, timing: str = "start",
             horizon: int | None = None) -> Any:
        """Discounted expected residual lifetime: the CLV of a customer per RMB 1 of margin.

        For a customer still active after ``tenure`` periods, churn probability is
        Beta(α, β+tenure) among survivors, so with δ = 1/(1+d)::

            timing="start"        Σ_{k≥0} S'(k)·δ^k = 2F1(1, β'; α+β'; δ),  β' = β + tenure
            timing="end_at_risk"  2F1(1, β'; α+β'; δ) − 1
            timing="end"          δ · 2F1(1, β'; α+β'; δ)

        (S' = survival of the survivors; 2F1 = Gauss hypergeometric function). Fader & Hardie
        (2010) write DERL for a customer at a renewal as (β+n−1)/(α+β+n−1)·2F1(1, β+n;
        α+β+n; δ), which is (1+d) × our "end_at_risk" at tenure n−1. Multiply by the margin
        per period to get CLV. ``horizon`` (whole periods) sums only the first ``horizon``
        payments instead: Σ_{k<H} S'(k)·δ^k for "start" (and likewise shifted for the others).

        Parameters
        ----------
        discount : float
            Discount rate per period d, > -1.
        tenure : int or array_like of int
            Periods the customer has already completed (default 0, a new customer).
        timing : {"start", "end", "end_at_risk"}
            As in :func:`clv`.
        horizon : int, optional
            Sum only the first ``horizon`` payments; None (default) for the whole future.

        Returns
        -------
        float or numpy.ndarray
            DERL: present value per RMB 1 of margin per period, one per tenure.

        References
        ----------
        Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting:
        the perils of ignoring heterogeneity. *Marketing Science*, 29(1), 85–93.
        """
        a, b = self._need_fit()
        _check_timing(timing)
        d = check_array("discount", discount)
        check_rate_above_minus_one("discount", d)
        if horizon is not None:
            H = int(_periods_array(horizon))
            ten = check_array("tenure", tenure)
            if (ten < 0).any():
                raise ValueError("tenure must be >= 0 periods")
            k = np.arange(H + 1, dtype=float)
            bp = (b + ten)[..., None]
            surv = np.exp(special.betaln(a, bp + k) - special.betaln(a, bp))  # S'(0..H)
            delta = 1.0 / (1.0 + d)
            if timing == "start":
                out = (surv[..., :H] * delta ** k[:H]).sum(-1)
            elif timing == "end_at_risk":
                out = (surv[..., 1:] * delta ** k[1:]).sum(-1)
            else:
                out = (surv[..., :H] * delta ** k[1:]).sum(-1)
            return float(out) if np.ndim(out) == 0 else out
        if (d < 0).any() or ((d == 0).any() and a <= 1):
            raise ValueError(f"discount={discount!r}: the expected residual lifetime is infinite "
                             f"without discounting when alpha <= 1 (alpha={a:.3g}); use a "
                             "discount rate > 0")
        ten = check_array("tenure", tenure)
        if (ten < 0).any():
            raise ValueError("tenure must be >= 0 periods")
        delta = 1.0 / (1.0 + d)
        bp = b + ten
        f = special.hyp2f1(1.0, bp, a + bp, delta)
        if timing == "start":
            out = f
        elif timing == "end_at_risk":
            out = f - 1.0
        else:
            out = delta * f
        return float(out) if np.ndim(out) == 0 else out
