"""Maximum-likelihood machinery every casekit model uses (BG/NBD, Gamma-Gamma, BG/BB,
Pareto/NBD, MBG/CNBD-k, sBG): one place for parameters, fitting, standard errors, the
summary table, log-likelihood, AIC and BIC.

How a fit works (:meth:`MaximumLikelihoodModel._maximise`):

1. Parameters are positive, so the optimiser works on their logarithms, inside the box
   ``[-LOG_BOUND, LOG_BOUND]`` (e^±15 ≈ 3·10^6 and 3·10^-7).
2. L-BFGS-B (a gradient-based optimiser with bounds) starts from several points; each
   model supplies the mean negative log-likelihood per customer and, where it can be
   derived, its analytic gradient (otherwise central differences).
3. An optimum counts only if it is *valid*: finite log-likelihood and gradient, the
   gradient is (nearly) zero — judged by the gradient itself, not by the optimiser's flag —
   and no parameter sits on the bound (a run-off, degenerate optimum such as p → 10^16).
4. ... and the Hessian there is positive definite (a flat ridge or a saddle, where some
   parameters are not identified, is rejected too).
5. The best valid optimum is kept; if none is valid, :class:`ModelFitError` says why.
6. Standard errors come from the observed information (Hessian of the negative
   log-likelihood in log-parameters, by central differences of the gradient) and the
   delta method: se(θ) = θ · sqrt([H⁻¹]_jj).

Everything is plain numpy/scipy; no BLAS matrix product is used inside a likelihood, and the
whole fit runs with BLAS limited to one thread (threadpoolctl): L-BFGS-B's own small
vector/matrix steps would otherwise wake OpenBLAS's thread pool, which made a CDNOW-sized
fit take 6 ms or 200 ms at random on a busy machine.

References
----------
Nocedal & Wright (2006), *Numerical Optimization*, ch. 7 (L-BFGS-B); Casella & Berger
(2002), *Statistical Inference*, §10.1 (observed information, delta method). The design
follows lifetimes' ``BaseFitter`` (Davidson-Pilon, MIT licence), written anew here.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
from scipy import optimize
from threadpoolctl import ThreadpoolController

__all__ = ["ModelFitError", "MaximumLikelihoodModel"]

#: The box for log-parameters given to the optimiser.
LOG_BOUND = 15.0
#: An optimum with a log-parameter beyond ±DEGENERATE (e^11.5 ≈ 10^5, e^-11.5 ≈ 10^-5) is
#: degenerate: a parameter running off along a ridge of the likelihood (e.g. a → 0 and
#: b → ∞ together when no dropout is visible), not an estimate.
DEGENERATE = 11.5
#: An optimum is accepted when every component of the gradient of the *mean* negative
#: log-likelihood per customer (in log-parameters) is below this.
GRADIENT_TOLERANCE = 1e-4


_CONTROLLER: ThreadpoolController | None = None


def single_threaded_blas():
    """A context in which BLAS (OpenBLAS/MKL) uses one thread: small fits run steadily."""
    global _CONTROLLER
    if _CONTROLLER is None:                     # numpy and scipy are loaded by now
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas")


class ModelFitError(RuntimeError):
    """A model could not be fitted; the message names the likely cause and what to try."""


def _numeric_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                      step: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of a scalar function."""
    g = np.empty(len(x))
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = step
        g[j] = (f(x + e) - f(x - e)) / (2 * step)
    return g


def _hessian_from_gradient(grad: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                           step: float = 1e-6, at_x: np.ndarray | None = None) -> np.ndarray:
    """Symmetrised forward-difference Jacobian of a gradient: the Hessian.

    Forward differences (k gradient evaluations, ``at_x`` = grad(x) already known) rather
    than central ones (2k): the error is of order step × the third derivative, about 10^-6
    relative — ample for standard errors and for the positive-definiteness check, and a
    large fit's Hessian then costs half as much."""
    k = len(x)
    g0 = grad(x) if at_x is None else at_x
    h = np.empty((k, k))
    for j in range(k):
        e = np.zeros(k)
        e[j] = step
        h[:, j] = (grad(x + e) - g0) / step
    return (h + h.T) / 2


def _hessian_from_function(f: Callable[[np.ndarray], float], x: np.ndarray,
                           step: float = 1e-4) -> np.ndarray:
    """Central-difference Hessian of a scalar function."""
    x = np.asarray(x, dtype=float)
    k = len(x)
    h = np.zeros((k, k))
    e = np.eye(k) * step
    f0 = f(x)
    for i in range(k):
        h[i, i] = (f(x + e[i]) - 2 * f0 + f(x - e[i])) / step**2
        for j in range(i + 1, k):
            h[i, j] = h[j, i] = (f(x + e[i] + e[j]) - f(x + e[i] - e[j]) - f(x - e[i] + e[j])
                                 + f(x - e[i] - e[j])) / (4 * step**2)
    return h


def _delta_se(hess: np.ndarray, log_params: np.ndarray) -> np.ndarray:
    """Standard errors of exp(log_params) by the delta method, given the Hessian of the
    negative log-likelihood in log-parameters (NaN where it is not invertible)."""
    try:
        cov = np.linalg.inv(hess)
    except np.linalg.LinAlgError:
        return np.full(len(log_params), np.nan)
    var = np.diag(cov)
    with np.errstate(invalid="ignore"):
        return np.where(var > 0, np.exp(log_params) * np.sqrt(np.abs(var)), np.nan)


#: Size of the frequency-stratified sample (:func:`frequency_sample`) on which the
#: MBG/CNBD-k chooses k when there are more distinct histories than this. (A warm start
#: from a sample was tried for the Pareto/NBD and for a given k: at 300k continuous
#: customers it did not save time — the last steps of the full fit dominate.)
SAMPLE_ROWS = 50_000


#: Size of the frequency-stratified sample whose fit warm-starts (and preconditions) a fit
#: on more than twice as many distinct histories (:func:`warm_start_from_sample`): only a
#: starting point, so smaller than SAMPLE_ROWS.
WARM_ROWS = 20_000


def frequency_sample(frequency: np.ndarray, size: int) -> np.ndarray:
    """Indices of ``size`` customers taken evenly in order of frequency (a systematic sample
    stratified by frequency: light and heavy buyers in their proportions), deterministic."""
    if len(frequency) and frequency.max() < 32_000:   # whole numbers: a radix sort, O(n)
        order = np.argsort(frequency.astype(np.int16), kind="stable")
    else:
        order = np.argsort(frequency, kind="stable")
    return order[np.linspace(0, len(frequency) - 1, size).round().astype(np.int64)]


def distinct_counts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(x, return_inverse=True)`` for whole numbers >= 0 (purchase counts),
    found by counting instead of sorting when the largest value is not huge."""
    top = float(x.max()) if len(x) else 0.0
    if top > 4 * len(x) + 1024:
        return np.unique(x, return_inverse=True)
    xi = x.astype(np.intp)
    present = np.bincount(xi, minlength=int(top) + 1) > 0
    code = np.cumsum(present) - 1
    return np.flatnonzero(present).astype(float), code[xi]


def warm_start_from_sample(model_type: type, columns: tuple, weights: np.ndarray,
                           starts: list, **fit_kwargs) -> tuple[list, np.ndarray | None, int]:
    """Starts, metric and ``stop_after`` for a fit on ``columns`` (distinct rows).

    With more than 2 × :data:`WARM_ROWS` rows (continuous time: every customer distinct)
    a fresh ``model_type`` is fitted to a frequency-stratified sample of WARM_ROWS rows
    (with its usual starts, two confirming each other); its estimates become the first
    start of the full fit and its Hessian the metric (see :meth:`_maximise`), and one
    valid optimum then suffices. The full fit is still run to convergence on all rows with
    every check: the same optimum, reached in a few full-data steps. Below the threshold:
    the given starts, no metric, two confirming starts."""
    if len(columns[0]) <= 2 * WARM_ROWS:
        return starts, None, 2
    pick = frequency_sample(columns[0], WARM_ROWS)
    sample = model_type(**fit_kwargs).fit(*(c[pick] for c in columns), weights=weights[pick])
    warm = np.log([getattr(sample, name) for name in model_type.PARAMS])
    return [warm] + list(starts), sample.mean_hessian_, 1


def compress_rows(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Distinct rows of the given columns, their counts, and each input row's distinct index.

    The distinct rows come sorted (lexicographically), except when the last column has no
    repeated value: then every row is distinct and they are returned as given.

    The likelihood needs each distinct history once, weighted by how many customers share
    it: a weekly log of a million customers has only thousands of distinct (x, t_x, T).
    """
    n = len(columns[0])
    if n == 0:
        return [c[:0] for c in columns], np.zeros(0), np.zeros(0, dtype=np.intp)
    last = np.sort(columns[-1])
    if (last[1:] != last[:-1]).all():
        # continuous data: the last column alone tells every row apart, so all rows are
        # distinct; one sort of one column decides it (a full lexsort costs three)
        return list(columns), np.ones(n), np.arange(n, dtype=np.intp)
    order = np.lexsort(columns[::-1])
    sorted_cols = [c[order] for c in columns]
    new = np.ones(n, dtype=bool)
    new[1:] = np.zeros(n - 1, dtype=bool)
    for c in sorted_cols:
        new[1:] |= c[1:] != c[:-1]
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, n)).astype(float)
    group_sorted = np.cumsum(new) - 1
    inverse = np.empty(n, dtype=np.intp)
    inverse[order] = group_sorted
    return [c[starts] for c in sorted_cols], counts, inverse


def _lbfgs(safe: Callable, start: np.ndarray, bounds: list,
           metric: np.ndarray | None) -> np.ndarray:
    """L-BFGS-B from ``start``; with ``metric`` (a positive definite Hessian estimate H =
    C·Cᵀ) in the coordinates z with lp = start + σ·C^−T z, where H becomes σ²·I (σ: the
    length of the Newton step at the start in the metric, so the first step is that step)."""
    options = {"maxiter": 3000, "ftol": 1e-14, "gtol": 1e-9, "maxcor": 10}
    chol = None
    if metric is not None and np.all(np.isfinite(metric)):
        try:
            chol = np.linalg.cholesky(metric)
        except np.linalg.LinAlgError:
            chol = None
    if chol is None:
        return optimize.minimize(safe, start, jac=True, method="L-BFGS-B", bounds=bounds,
                                 options=options).x
    to_lp = np.linalg.inv(chol).T                 # lp = start + to_lp @ z
    # L-BFGS-B's first step has length 1; scale z so that it is the Newton step −H⁻¹g
    # (from a warm start a step of one unit in the metric would overshoot far)
    newton = float(np.linalg.norm(to_lp.T @ safe(start)[1]))
    to_lp = to_lp * min(max(newton, 1e-10), 1.0)

    def in_z(z: np.ndarray):
        f, g = safe(start + to_lp @ z)
        return f, to_lp.T @ g

    res = optimize.minimize(in_z, np.zeros(len(start)), jac=True, method="L-BFGS-B",
                            options=options)
    return start + to_lp @ res.x


class MaximumLikelihoodModel:
    """Base of every casekit model fitted by maximum likelihood.

    A subclass declares ``PARAMS`` (names, all > 0) and ``MODEL`` (a name for messages),
    and fits by calling :meth:`_maximise` with its mean negative log-likelihood. After a fit
    the instance has one attribute per parameter and ``log_likelihood``,
    ``standard_errors``, ``n_customers`` (customers the likelihood counts), ``gradient_norm``
    (the largest gradient component at the optimum, per customer) and ``n_valid_starts``.

    Attributes
    ----------
    PARAMS : tuple of str
        Parameter names (all > 0), in order.
    MODEL : str
        The model's name in messages.
    LIKELIHOOD_OF : str
        Code for what the likelihood is a probability of (see below in the class body).
    log_likelihood, standard_errors, n_customers, gradient_norm, n_valid_starts
        Set by a fit, ``None`` before.

    References
    ----------
    Nocedal & Wright (2006), *Numerical Optimization*, ch. 7; Casella & Berger (2002),
    *Statistical Inference*, §10.1 (see the module docstring).
    """

    PARAMS: tuple[str, ...] = ()
    MODEL = "model"
    #: What the likelihood is a probability (density) of — a code. Log-likelihoods, AIC and
    #: BIC compare only between models with the same LIKELIHOOD_OF fitted to the same rows:
    #: "purchase_times" (a density of when purchases happened, continuous time),
    #: "period_indicators" (the probability of a yes/no purchase history per period),
    #: "spend_per_purchase" (a density of mean spends).
    LIKELIHOOD_OF = "purchase_times"

    def _init_params(self, values: Sequence[float | None]) -> None:
        given = [v for v in values if v is not None]
        if given and len(given) != len(self.PARAMS):
            raise ValueError(f"give all {len(self.PARAMS)} parameters "
                             f"{', '.join(self.PARAMS)} (or none, then fit)")
        for name, v in zip(self.PARAMS, values):
            if v is None:
                continue
            if isinstance(v, (bool, str)) or not isinstance(v, (int, float, np.number)):
                raise TypeError(f"{name}={v!r}: {self.MODEL} parameters must be numbers > 0")
            if not np.isfinite(v) or v <= 0:
                raise ValueError(f"{name}={v!r}: {self.MODEL} parameters must be finite "
                                 "numbers > 0")
        for name, v in zip(self.PARAMS, values):
            setattr(self, name, None if v is None else float(v))
        self.log_likelihood: float | None = None
        self.standard_errors: dict[str, float] | None = None
        self.n_customers: int | None = None
        self.gradient_norm: float | None = None
        self.n_valid_starts: int | None = None

    # -- reading the fit -------------------------------------------------------------------
    def _need_fit(self) -> tuple[float, ...]:
        values = tuple(getattr(self, k) for k in self.PARAMS)
        if any(v is None for v in values):
            raise RuntimeError(f"this {type(self).__name__} is not fitted: call .fit(...) or "
                               f"give {', '.join(self.PARAMS)}")
        return values

    @property
    def params(self) -> dict[str, float]:
        """The parameters as a dict, in the order of ``PARAMS``."""
        return dict(zip(self.PARAMS, self._need_fit()))

    @property
    def n_params(self) -> int:
        """Number of estimated parameters (for AIC/BIC)."""
        return len(self.PARAMS)

    @property
    def aic(self) -> float:
        """Akaike's information criterion 2k − 2 log L (lower is better)."""
        if self.log_likelihood is None:
            raise RuntimeError("AIC needs a fitted model (log_likelihood is None)")
        return 2 * self.n_params - 2 * self.log_likelihood

    @property
    def bic(self) -> float:
        """Schwarz's Bayesian information criterion k·ln(n) − 2 log L (lower is better)."""
        if self.log_likelihood is None or not self.n_customers:
            raise RuntimeError("BIC needs a fitted model (log_likelihood is None)")
        return self.n_params * np.log(self.n_customers) - 2 * self.log_likelihood

    def summary(self) -> pd.DataFrame:
        """Parameters with standard errors (delta method, observed information).

        Returns
        -------
        pandas.DataFrame
            Columns ``parameter``, ``estimate``, ``std_error``; ``attrs`` holds the
            log-likelihood, AIC, BIC and the number of customers when the model was fitted.
        """
        values = self._need_fit()
        se = self.standard_errors or {}
        out = pd.DataFrame({"parameter": list(self.PARAMS), "estimate": list(values),
                            "std_error": [se.get(k, np.nan) for k in self.PARAMS]})
        if self.log_likelihood is not None:
            out.attrs.update({"log_likelihood": self.log_likelihood, "aic": self.aic,
                              "bic": self.bic, "n_customers": self.n_customers})
        return out

    def __repr__(self) -> str:
        name = type(self).__name__
        values = [getattr(self, k) for k in self.PARAMS]
        if any(v is None for v in values):
            return f"{name}(not fitted)"
        body = ", ".join(f"{k}={v:.4g}" for k, v in zip(self.PARAMS, values))
        unit = getattr(self, "time_unit", None)
        return f"{name}({body}{f', time_unit={unit!r}' if unit else ''})"

    # -- fitting ---------------------------------------------------------------------------
    def _maximise(self, objective: Callable[[np.ndarray], Any], starts: Sequence[np.ndarray],
                  total_weight: float, *, gradient: bool = True, hint: str = "",
                  stop_after: int = 2, metric: np.ndarray | None = None) -> np.ndarray:
        """Fit by L-BFGS-B from several starts; keep the best *valid* optimum.

        Parameters
        ----------
        objective : callable
            log-parameters → mean negative log-likelihood per customer, or the pair
            (value, gradient) when ``gradient`` is True.
        starts : sequence of arrays
            Starting log-parameters, tried in order.
        total_weight : float
            Customers the mean is taken over (turns the mean into the total).
        gradient : bool
            Whether ``objective`` returns its analytic gradient.
        hint : str
            The likely cause, appended to the error when no start gives a valid optimum.
        stop_after : int
            Stop trying further starts once this many gave a valid optimum (the best of
            them is kept). Two by default: a second valid start confirms the first.
        metric : array, optional
            An estimate of the Hessian of ``objective`` near the optimum (e.g. from a fit on
            a sample; positive definite). The optimiser then works in coordinates in which
            that Hessian is the identity (lp = start + C^−T z, H ≈ C·Cᵀ): from a warm start
            it needs a few steps instead of learning the curvature itself. Same optimum,
            same checks; only the path there changes.

        Returns
        -------
        numpy.ndarray
            The log-parameters at the best valid optimum; the instance's parameters,
            ``log_likelihood``, ``standard_errors`` and diagnostics are set.
        """
        k = len(self.PARAMS)

        def value(lp: np.ndarray) -> float:
            out = objective(lp)
            return float(out[0] if gradient else out)

        if gradient:
            fun = objective
        else:
            def fun(lp: np.ndarray):
                return value(lp), _numeric_gradient(value, lp)

        with single_threaded_blas():
            return self._maximise_steps(fun, value, starts, total_weight, gradient, hint,
                                        stop_after, metric)

    def _maximise_steps(self, fun, value, starts, total_weight, gradient, hint, stop_after,
                        metric=None):
        k = len(self.PARAMS)

        def safe(lp: np.ndarray):
            with np.errstate(all="ignore"):
                f, g = fun(lp)
            f = float(f)
            g = np.asarray(g, dtype=float)
            if not np.isfinite(f) or not np.all(np.isfinite(g)):
                return 1e300, np.zeros(k)       # push the line search back
            return f, g

        bounds = [(-LOG_BOUND, LOG_BOUND)] * k
        best, reasons, valid = None, [], 0
        for s in starts:
            s = np.clip(np.asarray(s, dtype=float), -LOG_BOUND + 1, LOG_BOUND - 1)
            res_x = _lbfgs(safe, s, bounds, metric)
            f, g = safe(res_x)
            why = None
            if f >= 1e299:
                why = "log-likelihood not finite"
            elif np.any(np.abs(res_x) > DEGENERATE):
                off = np.abs(res_x) > DEGENERATE
                why = (f"{', '.join(n for n, o in zip(self.PARAMS, off) if o)} ran off to "
                       f"{', '.join(f'{np.exp(v):.3g}' for v in res_x[off])} (a degenerate "
                       "optimum)")
            elif np.max(np.abs(g)) > GRADIENT_TOLERANCE:
                why = f"gradient not zero (largest component {np.max(np.abs(g)):.2g})"
            better = best is None or f < best[1] - 1e-12
            if why is None and better:      # the Hessian only where it could be kept
                hess = self._hessian(fun, value, res_x, total_weight, gradient, g)
                if not np.all(np.isfinite(hess)) or np.min(np.linalg.eigvalsh(hess)) <= 0:
                    why = ("a flat ridge or saddle (the Hessian is not positive definite: "
                           "some parameters are not identified)")
            if why is not None:
                reasons.append(why)
                continue
            valid += 1
            if better:
                best = (res_x, f, g, hess)
            if valid >= stop_after:
                break
        if best is None:
            raise ModelFitError(
                f"{self.MODEL} fit did not converge from any of {len(starts)} starting "
                f"points ({'; '.join(dict.fromkeys(reasons))}). {hint}".strip())
        lp, f, g, hess = best
        for name, v in zip(self.PARAMS, np.exp(lp)):
            setattr(self, name, float(v))
        self.log_likelihood = float(-f * total_weight)
        self.gradient_norm = float(np.max(np.abs(g)))
        self.n_valid_starts = valid
        se = _delta_se(hess, lp)
        self.standard_errors = dict(zip(self.PARAMS, (float(v) for v in se)))
        self.mean_hessian_ = hess / total_weight
        return lp

    @staticmethod
    def _hessian(fun, value, lp, total_weight, gradient, g=None) -> np.ndarray:
        """Hessian of the total negative log-likelihood in log-parameters (``g``: the mean
        gradient at ``lp``, already computed)."""
        with np.errstate(all="ignore"):
            if gradient:
                return _hessian_from_gradient(lambda x: np.asarray(fun(x)[1]) * total_weight,
                                              lp, at_x=None if g is None else g * total_weight)
            return _hessian_from_function(lambda x: value(x) * total_weight, lp)
