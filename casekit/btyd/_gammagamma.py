"""The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005b; Fader & Hardie 2013).

References
----------
Fader, Hardie & Lee (2005b), "RFM and CLV: using iso-value curves for customer base
analysis", J. Marketing Research 42(4), 415–430. Fader & Hardie (2013), "The Gamma-Gamma
model of monetary value", http://brucehardie.com/notes/025/ — CDNOW estimates p = 6.25,
q = 3.74, γ = 15.44 (:data:`CDNOW_GAMMA_GAMMA`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from ..validate import check_same_length, check_vector
from ._fit import MaximumLikelihoodModel, ModelFitError, compress_rows

__all__ = ["GammaGamma", "CDNOW_GAMMA_GAMMA"]

#: Gamma-Gamma on CDNOW's 946 repeat buyers (Fader & Hardie 2013, note 025).
CDNOW_GAMMA_GAMMA: dict[str, float] = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def _gg_loglik(params: np.ndarray, x: np.ndarray, m: np.ndarray, log_x: np.ndarray,
               log_m: np.ndarray, grad: bool = False, weights: np.ndarray | None = None,
               x_index: tuple | None = None):
    """Per-row log-likelihood of the mean spend m̄ of x purchases, and its gradient in
    log-parameters::

        log L = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m̄ + px ln x
                − (px+q) ln(γ + x m̄)

    The log Γ and ψ terms depend on x alone (computed per distinct x, ``x_index``); with
    ``weights`` and ``grad`` the weighted totals are returned.
    """
    p, q, g = params
    ux, inv = x_index if x_index is not None else np.unique(x, return_inverse=True)
    upx = p * ux
    u_head = special.gammaln(upx + q) - special.gammaln(upx) + upx * np.log(ux)
    px = p * x
    log_gxm = np.log(g + x * m)
    ll = (u_head[inv] - special.gammaln(q) + q * np.log(g) + (px - 1) * log_m
          - (px + q) * log_gxm)
    if not grad:
        return ll
    psi_u = special.digamma(upx + q)
    c_p = (psi_u - special.digamma(upx) + np.log(ux)) * ux
    d_p = c_p[inv] + x * (log_m - log_gxm)
    d_q = psi_u[inv] - special.digamma(q) + np.log(g) - log_gxm
    d_g = q / g - (px + q) / (g + x * m)
    if weights is not None:
        totals = np.array([(weights * d).sum() for d in (d_p, d_q, d_g)])
        return (weights * ll).sum(), totals * np.array([p, q, g])
    return ll, np.stack([d_p * p, d_q * q, d_g * g])


class GammaGamma(MaximumLikelihoodModel):
    """The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005b; Fader & Hardie 2013).

    A customer's purchase values are Gamma(p, ν); ν varies across customers as Gamma(q, γ).
    The average m̄ of a customer's x purchases has likelihood::

        Γ(px+q)/(Γ(px)Γ(q)) · γ^q · m̄^(px−1) · x^(px) / (γ + x·m̄)^(px+q)

    fitted over log p, log q, log γ on customers with at least one repeat purchase, with the
    analytic gradient (L-BFGS-B, several starts, optima on the bound rejected: see
    :class:`MaximumLikelihoodModel`). The expected spend per purchase given the history
    shrinks m̄ towards the population mean pγ/(q−1)::

        E[M | m̄, x] = p(γ + x·m̄) / (px + q − 1)

    The model assumes spend is independent of purchase frequency: check it with
    ``frequency_monetary_correlation`` (near 0 is good). Spend must be positive: fit it to
    order value (revenue) and apply a margin rate, not to margins that can be negative.

    Parameters
    ----------
    p : float, optional
        Shape of the Gamma distribution of one purchase's value.
    q, gamma : float, optional
        Gamma distribution of the scale ν across customers. Give all three, or none and
        call :meth:`fit`.

    Attributes
    ----------
    p, q, gamma : float or None
        The parameters.
    frequency_monetary_correlation : float or None
        Correlation of frequency and mean spend in the fitted data (the model assumes 0).
    log_likelihood : float or None
        Maximised log-likelihood (after :meth:`fit`).
    standard_errors : dict or None
        Standard error of each parameter (observed information, delta method).
    n_customers : int or None
        Customers the fit counted (the sum of the weights).

    References
    ----------
    Fader, Hardie & Lee (2005b), "RFM and CLV: using iso-value curves for customer base
    analysis", J. Marketing Research 42(4), 415–430; Fader & Hardie (2013), "The
    Gamma-Gamma model of monetary value", http://brucehardie.com/notes/025/.

    >>> m = GammaGamma(p=6.25, q=3.74, gamma=15.44)     # CDNOW
    >>> round(m.mean_spend, 2)                          # pγ/(q−1)
    35.22
    """

    PARAMS = ("p", "q", "gamma")
    MODEL = "Gamma-Gamma"
    LIKELIHOOD_OF = "spend_per_purchase"

    def __init__(self, p: float | None = None, q: float | None = None,
                 gamma: float | None = None) -> None:
        self._init_params((p, q, gamma))
        self.frequency_monetary_correlation: float | None = None

    @property
    def mean_spend(self) -> float:
        """Population mean spend per purchase pγ/(q−1) (infinite when q ≤ 1)."""
        p, q, g = self._need_fit()
        return p * g / (q - 1) if q > 1 else float("inf")

    def fit(self, frequency: Any, monetary: Any = None, weights: Any = None) -> "GammaGamma":
        """Fit p, q, γ by maximum likelihood from repeat buyers' frequency and mean spend.

        Parameters
        ----------
        frequency, monetary : array-like
            Repeat purchases and their mean value, one per customer (or the summary
            DataFrame as the only argument). Customers with frequency 0 are ignored (they
            have no repeat purchase to average).
        weights : array-like, optional
            Customers each row stands for.

        Returns
        -------
        GammaGamma
            self, fitted.
        """
        if isinstance(frequency, pd.DataFrame):
            frame = frequency
            missing = [c for c in ("frequency", "monetary") if c not in frame.columns]
            if missing:
                raise ValueError(f"summary: column(s) {missing} missing; columns present: "
                                 f"{list(frame.columns)}")
            frequency, monetary = frame["frequency"], frame["monetary"]
        elif monetary is None:
            raise TypeError("fit(frequency, monetary): give both (or a summary DataFrame)")
        x, m = check_vector("frequency", frequency), check_vector("monetary", monetary)
        check_same_length(frequency=x, monetary=m)
        w = np.ones(len(x)) if weights is None else check_vector("weights", weights)
        check_same_length(frequency=x, weights=w)
        if (x < 0).any() or (x != np.round(x)).any():
            raise ValueError("frequency must be whole numbers >= 0")
        use = (x > 0) & (w > 0)
        if (m[use] <= 0).any():
            raise ValueError(f"monetary <= 0 for {int((m[use] <= 0).sum())} repeat buyer(s): "
                             "the Gamma-Gamma model needs positive spend; fit it to order "
                             "value (revenue), then multiply by a margin rate")
        x, m, w = x[use], m[use], w[use]
        if len(x) == 0:
            raise ModelFitError("all-zero frequency: no repeat buyer, so there is no mean "
                                "repeat spend to model")
        if w.sum() < 10:
            raise ModelFitError(f"too few repeat buyers ({w.sum():g}) to fit three parameters")
        if np.ptp(m) == 0:
            raise ModelFitError("every repeat buyer has the same mean spend: there is no "
                                "variation for the model to explain")
        (ux, um), _, inverse = compress_rows(x, m)
        uw = np.bincount(inverse, weights=w, minlength=len(ux))
        total = float(uw.sum())
        log_ux, log_um = np.log(ux), np.log(um)

        x_index = np.unique(ux, return_inverse=True)

        def fun(lp: np.ndarray):
            ll, g = _gg_loglik(np.exp(lp), ux, um, log_ux, log_um, grad=True, weights=uw,
                               x_index=x_index)
            return -ll / total, -g / total

        scale = float((w * m).sum() / w.sum())
        # the individual spend's shape p from the within-customer spread is unknown here;
        # start from moderate shapes and the mean spend as the scale
        starts = [np.log([1.0, 2.0, scale]), np.log([5.0, 4.0, 2.0 * scale]),
                  np.log([0.5, 1.5, scale / 2]), np.log([20.0, 10.0, 5.0 * scale])]
        self._maximise(fun, starts, total, hint=(
            "Likely cause: spend barely varies across customers (q and γ run off together) "
            "or a few extreme values; check the monetary column"))
        self.n_customers = int(round(total))
        self.frequency_monetary_correlation = float(np.corrcoef(x, m)[0, 1]) \
            if np.ptp(x) > 0 else float("nan")
        return self

    def log_likelihood_terms(self, frequency: Any, monetary: Any) -> np.ndarray:
        """Log-likelihood of each repeat buyer's mean spend under the current parameters.

        The density of the mean spend m̄ of x purchases (Fader & Hardie 2013, note 025).

        Parameters
        ----------
        frequency : array-like
            Repeat purchases x of each customer (> 0: repeat buyers only).
        monetary : array-like
            Mean spend m̄ of those purchases (> 0).

        Returns
        -------
        numpy.ndarray
            One log-likelihood per customer.
        """
        x, m = check_vector("frequency", frequency), check_vector("monetary", monetary)
        check_same_length(frequency=x, monetary=m)
        if (x <= 0).any() or (m <= 0).any():
            raise ValueError("log_likelihood_terms: frequency and monetary must be > 0 (repeat "
                             "buyers only)")
        return _gg_loglik(np.array(self._need_fit()), x, m, np.log(x), np.log(m))

    def expected_spend(self, frequency: Any, monetary: Any) -> np.ndarray:
        """E[spend per purchase | x, m̄] = p(γ + x·m̄)/(px + q − 1); the mean for x = 0.

        Fader & Hardie (2013), eq. (3); Fader, Hardie & Lee (2005b).

        Parameters
        ----------
        frequency : array-like
            Repeat purchases x of each customer (>= 0).
        monetary : array-like
            Mean spend m̄ of those purchases (ignored where x = 0).

        Returns
        -------
        numpy.ndarray
            Expected spend per purchase, one per customer.
        """
        p, q, g = self._need_fit()
        x, m = check_vector("frequency", frequency), check_vector("monetary", monetary)
        check_same_length(frequency=x, monetary=m)
        if (x < 0).any():
            raise ValueError("frequency must be >= 0")
        m = np.where(x > 0, m, 0.0)
        return p * (g + x * m) / (p * x + q - 1)
