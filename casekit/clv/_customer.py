"""Per-customer CLV of a customer base, next to the truth: the module above the formula
(``_formula``), the contractual sBG (``_sbg``) and the non-contractual models (``casekit.btyd``).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..validate import check_array, check_rate_above_minus_one
from ..base import CustomerBase, require_columns
from ..btyd import (BetaGeo, BetaGeoBetaBinom, GammaGamma, MBGCNBD, ModelFitError, ParetoNBD,
                    btyd_clv, estimate_regularity, summary_from_activity)
from ..periods import periodic_discount_rate
from ._formula import _periods_array, clv
from ._sbg import ShiftedBetaGeometric

__all__ = ["observed_retention", "customer_clv", "clv_error_table", "choose_clv_method",
           "CLV_METHODS"]


def _annual_discount(base: CustomerBase, discount: float | None) -> float:
    if discount is None:
        try:
            discount = base.params.discount_rate
        except AttributeError:
            raise ValueError("discount=None and the base has no parameter 'discount_rate'; give "
                             "the annual discount rate, e.g. discount=0.10") from None
    d = check_array("discount", discount)
    if d.ndim != 0:
        raise TypeError("discount: expected one annual rate")
    check_rate_above_minus_one("discount", d)
    return float(d)


def _lifetimes(base: CustomerBase, tenure: str | None) -> pd.DataFrame:
    """Per customer: last active period, churned flag, entry tenure and total tenure."""
    act = base.activity
    require_columns(act, ["customer_id", "period"], "activity")
    T = int(base.params.periods)
    ids = base.customers["customer_id"].to_numpy()
    last = act.groupby("customer_id", observed=True)["period"].max()
    last = last.reindex(ids).to_numpy(dtype=float)
    if tenure is None:
        entry = np.zeros(len(ids))
    else:
        require_columns(base.customers, [tenure], "customers")
        entry = base.customers[tenure].to_numpy(dtype=float)
    seen = ~np.isnan(last)
    last = np.nan_to_num(last)
    if "churned" in base.customers.columns and \
            pd.api.types.is_bool_dtype(base.customers["churned"]):
        # the world records who left, including those who left right after the last period
        churned = seen & base.customers["churned"].to_numpy()
        at_risk = last
    else:
        # no record: a customer billed in the last period is taken to have renewed
        churned = seen & (last < T)
        at_risk = np.where(churned, last, np.maximum(T - 1, 0))
    return pd.DataFrame({"customer_id": ids, "last_period": last.astype(int), "seen": seen,
                         "churned": churned, "entry": entry, "tenure": entry + last,
                         "at_risk": at_risk * seen})


def observed_retention(base: CustomerBase, by: Sequence[str] | str | None = "segment"
                       ) -> pd.DataFrame:
    """Observed retention rate per period, pooled within groups of customers.

    Each active customer-period is a chance to leave: retention = 1 − (customers who left) /
    (customer-periods at risk). Who left is read from a boolean ``churned`` column of
    ``customers`` when the world records it (then the last period is at risk too);
    otherwise a customer without activity in the last period left, and the last period is
    not at risk (we cannot see whether anyone renews after it). Columns: the ``by``
    columns, ``customers``, ``at_risk``, ``churned``, ``retention``.

    Parameters
    ----------
    base : CustomerBase
        The customers observed.
    by : str or sequence of str or None
        Columns of ``customers`` to pool within (default ``"segment"``; None: everyone).

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``customers``, ``at_risk``, ``churned``,
        ``retention`` (per period).

    References
    ----------
    Course deck 客户终身价值 (seed 003): CLV as the net present value of a customer's cash flows.
    One constant retention per group is this kit's assumption; leavers over periods at risk is
    the maximum-likelihood estimate of a constant per-period churn probability.
    """
    life = _lifetimes(base, None)
    groups = [by] if isinstance(by, str) else list(by or [])
    require_columns(base.customers, groups, "customers")
    frame = pd.DataFrame({"at_risk": life["at_risk"], "churned": life["churned"],
                          "customers": 1})
    for g in groups:
        frame[g] = base.customers[g].to_numpy()
    if groups:
        out = frame.groupby(groups, observed=True)[["customers", "at_risk", "churned"]].sum()
        out = out.reset_index()
    else:
        out = frame[["customers", "at_risk", "churned"]].sum().to_frame().T
    out["churned"] = out["churned"].astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["retention"] = 1.0 - out["churned"] / out["at_risk"]
    out.attrs["period_unit"] = base.params.period_unit
    return out


def _recent_margin(base: CustomerBase, window: int) -> pd.Series:
    act = base.activity
    require_columns(act, ["customer_id", "period", "margin"], "activity")
    last = act.groupby("customer_id", observed=True)["period"].transform("max")
    recent = act.loc[act["period"] > last - window]
    return recent.groupby("customer_id", observed=True)["margin"].mean()


def _contractual(base, method, d, horizon, by, margin_window, tenure):
    life = _lifetimes(base, tenure)
    m = _recent_margin(base, margin_window).reindex(life["customer_id"]).to_numpy()
    groups = [by] if isinstance(by, str) else list(by or [])
    require_columns(base.customers, groups, "customers")
    key = (base.customers[groups].astype(str).agg(" / ".join, axis=1).to_numpy()
           if groups else np.full(len(life), "all"))
    retention = np.full(len(life), np.nan)
    value_per_rmb = np.zeros(len(life))
    models: dict[str, Any] = {}
    active = life["seen"].to_numpy() & ~life["churned"].to_numpy()
    if method == "observed":
        rates = observed_retention(base, groups or None)
        names = (rates[groups].astype(str).agg(" / ".join, axis=1).to_numpy() if groups
                 else np.array(["all"]))
        lookup = dict(zip(names, rates["retention"].to_numpy()))
        retention = np.array([lookup[k] for k in key]) if len(lookup) > 1 else \
            np.full(len(life), next(iter(lookup.values())))
        models = {k: float(v) for k, v in lookup.items()}
        value_per_rmb = clv(1.0, np.clip(retention, 0, 1), d, horizon, timing="end")
    else:
        pooled = None
        for k in np.unique(key):
            sel = key == k
            sub = life.loc[sel]
            try:
                model = ShiftedBetaGeometric().fit_lifetimes(sub["tenure"], sub["churned"],
                                                             sub["entry"])
            except ModelFitError:
                if pooled is None:
                    pooled = ShiftedBetaGeometric().fit_lifetimes(
                        life["tenure"][life["seen"]], life["churned"][life["seen"]],
                        life["entry"][life["seen"]])
                model = pooled           # too few churners in the group: use everyone
            models[k] = model
            ten = sub["tenure"].to_numpy()
            retention[sel] = model.retention(ten + 1)
            value_per_rmb[sel] = model.derl(d, ten, timing="end", horizon=horizon)
    estimate = np.where(active, np.nan_to_num(m) * value_per_rmb, 0.0)
    out = pd.DataFrame({"customer_id": life["customer_id"].to_numpy(),
                        "group": pd.Categorical(key), "active": active,
                        "tenure": life["tenure"].to_numpy().astype(int), "margin": m,
                        "retention": retention, "clv": estimate})
    return out, models


_PURCHASE_MODELS = {"bgnbd": BetaGeo, "paretonbd": ParetoNBD, "mbgcnbd": MBGCNBD,
                    "bgbb": BetaGeoBetaBinom}

#: Every method :func:`customer_clv` accepts, with what it assumes about the data.
CLV_METHODS: dict[str, str] = {
    "observed": "contractual; retention = the group's observed retention rate",
    "sbg": "contractual; retention from a shifted-beta-geometric model of tenures",
    "bgnbd": "non-contractual, continuous time, Poisson purchases, dropout after a purchase "
             "(BG/NBD)",
    "paretonbd": "non-contractual, continuous time, Poisson purchases, dropout at any time "
                 "(Pareto/NBD)",
    "mbgcnbd": "non-contractual, regular purchases (Erlang-k gaps) (MBG/CNBD-k)",
    "bgbb": "non-contractual, discrete opportunities: buy or not in each period (BG/BB)",
}

#: Thresholds of :func:`choose_clv_method`: a period counts as a discrete opportunity when
#: the median customer buys in at least this share of the periods after the first purchase.
DISCRETE_SHARE = 0.3
#: ... and timing counts as regular when the regularity k (Wheat & Morrison) is at least this.
REGULAR_K = 2.0


def choose_clv_method(base: CustomerBase) -> tuple[str, str]:
    """Which CLV model fits how this base's data arise, and why (the 2 × 2 of the field).

    1. Contractual or not: a boolean ``churned`` column in ``customers`` means departures
       are observed (a contract ends) → ``"sbg"``.
    2. Non-contractual and discrete: purchases are recorded per period (at most one a
       period) and the median customer buys in at least :data:`DISCRETE_SHARE` of the
       periods after the first → each period is a buy-or-not opportunity → ``"bgbb"``
       (Fader, Hardie & Shang 2010).
    3. Otherwise continuous time: regular inter-purchase times (:func:`estimate_regularity`
       ≥ :data:`REGULAR_K`) → ``"mbgcnbd"`` (Reutterer, Platzer & Schröder 2021), Poisson-like
       timing → ``"bgnbd"`` (Fader, Hardie & Lee 2005).

    Parameters
    ----------
    base : CustomerBase

    Returns
    -------
    (str, str)
        The method name and the reason in words, with the figures it rests on.

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2009). Probability models for customer-base analysis.
    *Journal of Interactive Marketing*, 23(1), 61–69 (contractual or not × discrete or
    continuous).

    Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
    discrete-time noncontractual setting. *Marketing Science*, 29(6), 1086–1108.

    Reutterer, T., Platzer, M. & Schröder, N. (2021). Leveraging purchase regularity for
    predicting customer behavior the easy way. *International Journal of Research in
    Marketing*, 38(1), 194–215.

    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
    way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"base: expected a casekit CustomerBase, got {type(base).__name__}")
    churned = base.customers.get("churned")
    if churned is not None and pd.api.types.is_bool_dtype(churned):
        return "sbg", (f"contractual: departures are recorded ({int(churned.sum())} of "
                       f"{len(churned)} customers left), so retention is observed; sBG on "
                       "tenures")
    summary = summary_from_activity(base, amount=None)
    share = (summary["frequency"] / summary["T"].where(summary["T"] > 0)).median()
    if np.isfinite(share) and share >= DISCRETE_SHARE:
        return "bgbb", (f"non-contractual and discrete: purchases are recorded per "
                        f"{base.params.period_unit} and the median customer buys in "
                        f"{share:.0%} of them (>= {DISCRETE_SHARE:.0%}), so each "
                        f"{base.params.period_unit} is a buy-or-not opportunity; BG/BB")
    k = estimate_regularity(base)
    if np.isfinite(k) and k >= REGULAR_K:
        return "mbgcnbd", (f"non-contractual, continuous time, regular buyers: regularity "
                           f"k = {k:.1f} (>= {REGULAR_K:g}; 1 = Poisson); MBG/CNBD-k")
    return "bgnbd", (f"non-contractual, continuous time, Poisson-like timing (regularity "
                     f"k = {k:.1f} < {REGULAR_K:g}); BG/NBD")


def _noncontractual(base, d_annual, horizon, method):
    summary = summary_from_activity(base, amount="revenue", litt=method == "mbgcnbd")
    purchases = _PURCHASE_MODELS[method]().fit(summary)
    spend = GammaGamma().fit(summary)
    act = base.activity
    totals = act.groupby("customer_id", observed=True)[["revenue", "margin"]].sum()
    totals = totals.reindex(summary["customer_id"])
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = (totals["margin"] / totals["revenue"]).fillna(0.0).to_numpy()
    value = btyd_clv(purchases, spend, summary, horizon=horizon, annual_discount=d_annual,
                     margin_rate=rate)
    value["margin_rate"] = rate
    ids = base.customers[["customer_id"]]
    out = ids.merge(summary[["customer_id", "frequency", "recency", "T"]], how="left") \
             .merge(value, how="left", on="customer_id")
    out["clv"] = out["clv"].fillna(0.0)
    return out, {method: purchases, "gamma_gamma": spend}


def customer_clv(base: CustomerBase, method: str = "auto", discount: float | None = None,
                 horizon: int | None = None, *, by: Sequence[str] | str | None = "segment",
                 margin_window: int = 3, tenure: str | None = "auto") -> pd.DataFrame:
    """Estimated CLV of every customer of a base, next to the truth.

    Methods (:data:`CLV_METHODS`; ``"auto"`` picks one by the data's nature with
    :func:`choose_clv_method` and records why in ``result.attrs["method_reason"]``):

    - ``"observed"`` (contractual): margin m = the customer's mean margin over the last
      ``margin_window`` active periods; retention r = the observed retention of the
      customer's group (``by``, see :func:`observed_retention`); CLV = m/(1+d−r) for a
      customer still active (cash at period ends, the next period certain — the worlds'
      ``true_clv`` convention), 0 for one who left.
    - ``"sbg"`` (contractual): as above, but retention comes from a shifted-beta-geometric
      model fitted per group on tenures (left-truncated at the tenure when observation
      began, column ``tenure``), so a long-standing customer gets the higher retention of a
      survivor: CLV = m × DERL (:meth:`ShiftedBetaGeometric.derl`, timing "end").
    - ``"bgnbd"``, ``"paretonbd"``, ``"mbgcnbd"``, ``"bgbb"`` (non-contractual): the
      purchase model on order timing (BG/NBD, Pareto/NBD, MBG/CNBD-k, BG/BB) + Gamma-Gamma on
      order value (revenue), times each customer's observed margin share of revenue
      (:func:`casekit.btyd_clv`).

    ``discount``: the *annual* rate (default ``base.params.discount_rate``), converted to
    the base's ``period_unit`` with :func:`periodic_discount_rate`. ``horizon``: periods in
    that unit (None = the whole future, like ``true_clv``). The result has one row per
    customer with the inputs used, ``clv`` (estimate), ``true_clv`` and ``error`` = clv −
    true_clv when the base has a truth; ``result.attrs`` records the method, rates, unit and
    the fitted models. See :func:`clv_error_table`.

    Parameters
    ----------
    base : CustomerBase
        The customers valued.
    method : str
        ``"auto"`` (default) or one of :data:`CLV_METHODS`.
    discount : float, optional
        Annual discount rate; default ``base.params.discount_rate``.
    horizon : int, optional
        Periods ahead, in the base's unit; None (default) for the whole future.
    by : str or sequence of str or None
        Columns of ``customers`` grouping the retention estimate (default ``"segment"``;
        None: one group). Contractual methods only.
    margin_window : int
        Last active periods averaged for the margin m (>= 1; default 3).
    tenure : str or None
        Column of ``customers`` with the periods completed when observation began;
        ``"auto"`` (default) takes ``tenure_months`` or ``tenure`` if present, None ignores
        tenure (every customer starts at 0).

    Returns
    -------
    pandas.DataFrame
        One row per customer: the inputs used, ``clv`` (RMB) and, with a truth, ``true_clv``
        and ``error``.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9–24 (the margin multiple r/(1+d−r)).

    Fader, P. S. & Hardie, B. G. S. (2012). Reconciling and clarifying CLV formulas. Note,
    brucehardie.com/notes/024 (the three timing conventions).

    Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
    Interactive Marketing*, 21(1), 76–90.

    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
    way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves
    for customer base analysis. *Journal of Marketing Research*, 42(4), 415–430 (Gamma-Gamma).
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"base: expected a casekit CustomerBase, got {type(base).__name__}")
    methods = ("auto", *CLV_METHODS)
    if not isinstance(method, str) or method not in methods:
        raise ValueError(f"method={method!r} is not a method; choose one of {methods}")
    if method == "auto":
        method, reason = choose_clv_method(base)
    else:
        reason = f"chosen by the caller: {CLV_METHODS[method]}"
    d_annual = _annual_discount(base, discount)
    unit = base.params.period_unit
    d = periodic_discount_rate(d_annual, unit)
    if horizon is not None:
        _periods_array(horizon)
        if np.ndim(horizon) != 0 or horizon < 1:
            raise ValueError(f"horizon={horizon!r}: expected one whole number of {unit}s >= 1 "
                             "(or None for the whole future)")
        horizon = int(horizon)
    if not isinstance(margin_window, (int, np.integer)) or margin_window < 1:
        raise ValueError(f"margin_window={margin_window!r}: expected a whole number >= 1")
    if tenure == "auto":
        tenure = next((c for c in ("tenure_months", "tenure") if c in base.customers.columns),
                      None)
    if method in _PURCHASE_MODELS:
        out, models = _noncontractual(base, d_annual, horizon, method)
    else:
        out, models = _contractual(base, method, d, horizon, by, margin_window, tenure)
    if "segment" in base.customers.columns and "segment" not in out.columns:
        out.insert(1, "segment", base.customers["segment"].to_numpy())
    if "true_clv" in base.truth.columns:
        truth = base.truth.set_index("customer_id")["true_clv"]
        out["true_clv"] = truth.reindex(out["customer_id"]).to_numpy()
        out["error"] = out["clv"] - out["true_clv"]
    out.attrs.update({"method": method, "method_reason": reason, "annual_discount": d_annual, "discount_per_period": d,
                      "period_unit": unit, "horizon": horizon, "timing": "end",
                      "models": models, "world": base.world})
    return out


def clv_error_table(result: pd.DataFrame, by: str | None = "segment") -> pd.DataFrame:
    """How close the estimated CLVs came to the truth: one row per group and one for all.

    Columns: ``customers``, ``mean_true``, ``mean_estimate``, ``bias`` (mean error),
    ``mae`` (mean absolute error), ``relative_bias`` (total estimate / total truth − 1),
    ``rank_correlation`` (Spearman: does the estimate order customers right?) and
    ``top10_overlap`` (share of the true top-10% customers the estimate also puts in its
    top 10% — what matters for picking key customers).

    Parameters
    ----------
    result : pandas.DataFrame
        What :func:`customer_clv` returned (with ``true_clv``).
    by : str or None
        Column of ``result`` to group by (default ``"segment"``; None: only the total).

    Returns
    -------
    pandas.DataFrame
        One row per group and one for all, with the columns above.

    References
    ----------
    Spearman, C. (1904). The proof and measurement of association between two things.
    *American Journal of Psychology*, 15(1), 72–101 (the rank correlation).
    """
    require_columns(result, ["clv", "true_clv"], "result")

    def one(frame: pd.DataFrame) -> dict[str, float]:
        est, tru = frame["clv"].to_numpy(), frame["true_clv"].to_numpy()
        k = max(1, int(round(0.1 * len(frame))))
        top_t = set(np.argsort(-tru, kind="stable")[:k])
        top_e = set(np.argsort(-est, kind="stable")[:k])
        rank = (pd.Series(est).rank().corr(pd.Series(tru).rank())
                if len(frame) > 2 else np.nan)
        return {"customers": len(frame), "mean_true": tru.mean(), "mean_estimate": est.mean(),
                "bias": (est - tru).mean(), "mae": np.abs(est - tru).mean(),
                "relative_bias": est.sum() / tru.sum() - 1 if tru.sum() else np.nan,
                "rank_correlation": rank, "top10_overlap": len(top_t & top_e) / k}

    rows = []
    if by is not None and by in result.columns:
        for g, frame in result.groupby(by, observed=True, sort=True):
            rows.append({"group": str(g), **one(frame)})
    rows.append({"group": "all", **one(result)})
    return pd.DataFrame(rows)
