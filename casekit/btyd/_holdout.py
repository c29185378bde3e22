"""Calibration and holdout: fit on the past, check on the future the model never saw.

The standard diagnostics of the buy-till-you-die literature (Fader, Hardie & Lee 2005a,
figures 2–4; Fader, Hardie & Shang 2010): total and per-customer holdout purchases, mean
holdout purchases by calibration frequency, period-by-period tracking of the cohort's
purchases (incremental and cumulative), and frequency/recency matrices of the expected
purchases and of P(alive). The plots in ``casekit.plots`` draw these tables.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ._data import summary_from_activity

__all__ = ["calibration_holdout", "holdout_predictions", "compare_models",
           "holdout_by_frequency", "tracking_table", "frequency_recency_matrix"]


def calibration_holdout(activity: pd.DataFrame | CustomerBase, calibration_end: float, *,
                        observation_end: float | None = None, customer: str = "customer_id",
                        period: str = "period", amount: str | None = "revenue",
                        time_unit: str | None = None, litt: bool = False) -> pd.DataFrame:
    """Split a purchase log at ``calibration_end``: a calibration summary plus holdout truth.

    Parameters
    ----------
    activity : DataFrame or CustomerBase
        The purchase log (a base gives its time unit and ``observation_end``).
    calibration_end : float
        Last period of the calibration window (periods ``<=`` it are calibration).
    observation_end : float, optional
        Last period of the holdout (default: the base's periods, else the log's last).
    customer, period, amount, time_unit, litt
        As in :func:`summary_from_activity`.

    Returns
    -------
    pandas.DataFrame
        One row per customer whose first purchase is in the calibration window: the
        calibration ``frequency``, ``recency``, ``T`` (and ``monetary``, ``litt``), then
        ``frequency_holdout`` (purchase periods in the holdout) and ``<amount>_holdout``.
        ``attrs``: ``calibration_end``, ``observation_end``, ``holdout_length`` (periods),
        ``time_unit`` and ``holdout_by_period`` (purchasing customers per holdout period).

    References
    ----------
    Fader, Hardie & Lee (2005a), "Counting your customers the easy way", Marketing Science
    24(2), 275–284: the calibration/holdout split (CDNOW, 39 + 39 weeks) that the
    diagnostics of this module follow.
    """
    if isinstance(activity, CustomerBase):
        base = activity
        time_unit = time_unit or base.params.period_unit
        observation_end = base.params.periods if observation_end is None else observation_end
        activity = base.activity
    if not isinstance(activity, pd.DataFrame):
        raise TypeError(f"activity: expected a DataFrame or a CustomerBase, got "
                        f"{type(activity).__name__}")
    if period not in activity.columns or customer not in activity.columns:
        raise ValueError(f"activity: columns {customer!r} and {period!r} needed; columns "
                         f"present: {list(activity.columns)}")
    if isinstance(calibration_end, bool) or not isinstance(calibration_end, (int, float,
                                                                              np.number)):
        raise TypeError(f"calibration_end={calibration_end!r}: expected a period number")
    first, last = float(activity[period].min()), float(activity[period].max())
    end = last if observation_end is None else float(observation_end)
    if not first <= calibration_end < end:
        raise ValueError(f"calibration_end={calibration_end!r} is out of range; allowed: from "
                         f"the first period ({first:g}) up to before the end of observation "
                         f"({end:g}), so that both windows hold time")
    cal = activity[activity[period] <= calibration_end]
    hold = activity[(activity[period] > calibration_end) & (activity[period] <= end)]
    summary = summary_from_activity(cal, customer=customer, period=period, amount=amount,
                                    observation_end=calibration_end, time_unit=time_unit,
                                    litt=litt)
    ids = summary[customer].to_numpy()
    per = hold.drop_duplicates([customer, period])
    per = per[per[customer].isin(ids)]
    counts = per.groupby(customer, observed=True).size()
    summary["frequency_holdout"] = counts.reindex(ids).fillna(0).to_numpy().astype(np.int64)
    if amount is not None:
        spent = hold[hold[customer].isin(ids)].groupby(customer, observed=True)[amount].sum()
        summary[f"{amount}_holdout"] = spent.reindex(ids).fillna(0.0).to_numpy()
    by_period = per.groupby(period, observed=True).size()
    periods = np.arange(np.floor(calibration_end) + 1, np.floor(end) + 1)
    summary.attrs.update({
        "calibration_end": float(calibration_end), "observation_end": end,
        "holdout_length": end - float(calibration_end), "time_unit": time_unit,
        "holdout_by_period": {float(p): int(by_period.get(p, 0)) for p in periods}})
    return summary


def _prepared(model: Any, data: pd.DataFrame) -> Any:
    """The model, fitted on the calibration summary if it is not fitted yet."""
    if getattr(model, "log_likelihood", None) is None and \
            any(getattr(model, k, None) is None for k in getattr(model, "PARAMS", ())):
        model.fit(data)
    return model


def holdout_predictions(model: Any, data: pd.DataFrame) -> np.ndarray:
    """Expected purchases of each customer over the holdout, by a fitted model.

    Parameters
    ----------
    model : BetaGeo, ParetoNBD, MBGCNBD or BetaGeoBetaBinom
        Fitted (on the calibration summary), or unfitted: then it is fitted on ``data``.
    data : DataFrame
        From :func:`calibration_holdout`.

    Returns
    -------
    numpy.ndarray
        E[purchases in the holdout | calibration history], one per row of ``data``.

    References
    ----------
    The model's own conditional expectation, e.g. Fader, Hardie & Lee (2005a), eq. 10 for
    the BG/NBD (see each model's References).
    """
    length = data.attrs.get("holdout_length")
    if length is None:
        raise ValueError("data: not from calibration_holdout (attrs['holdout_length'] missing)")
    model = _prepared(model, data)
    return model.expected_purchases(length, data["frequency"], data["recency"], data["T"])


def compare_models(models: Mapping[str, Any], data: pd.DataFrame) -> pd.DataFrame:
    """One row per model: fit on the calibration, error on the holdout.

    Columns: ``log_likelihood``, ``parameters``, ``bic`` (calibration; lower is better),
    ``likelihood_of`` (what the likelihood is a probability of), ``holdout_mae`` (mean
    absolute error of per-customer holdout purchases), ``predicted_total``,
    ``actual_total`` and ``total_error`` (predicted / actual − 1).

    The log-likelihood and BIC compare two models only when they have the same
    ``likelihood_of``: the BG/NBD, Pareto/NBD and MBG/CNBD-k give a density of the purchase
    times (``"purchase_times"``), the BG/BB the probability of a yes/no history per period
    (``"period_indicators"``) — a number on another scale, so a BG/BB BIC lower or higher
    than a BG/NBD BIC says nothing about which model is better. The holdout columns compare
    every model.

    Parameters
    ----------
    models : mapping name → model
        Fitted on ``data``'s calibration columns, or unfitted (then fitted here).
    data : DataFrame
        From :func:`calibration_holdout`.

    Returns
    -------
    pandas.DataFrame
        Indexed by model name, sorted as given.

    References
    ----------
    Schwarz (1978), "Estimating the dimension of a model", Annals of Statistics 6(2),
    461–464 (BIC = k·ln n − 2·ln L). Fader, Hardie & Lee (2005a), "Counting your
    customers the easy way", Marketing Science 24(2), 275–284 (holdout checks).
    """
    if not isinstance(models, Mapping) or not models:
        raise TypeError("models: expected a non-empty dict {name: model}")
    actual = data["frequency_holdout"].to_numpy(float)
    rows = []
    for name, model in models.items():
        pred = holdout_predictions(model, data)
        rows.append({"model": name, "log_likelihood": model.log_likelihood,
                     "parameters": model.n_params, "bic": model.bic,
                     "likelihood_of": model.LIKELIHOOD_OF,
                     "holdout_mae": float(np.mean(np.abs(pred - actual))),
                     "predicted_total": float(pred.sum()), "actual_total": float(actual.sum()),
                     "total_error": float(pred.sum() / actual.sum() - 1)})
    return pd.DataFrame(rows).set_index("model")


def holdout_by_frequency(models: Mapping[str, Any], data: pd.DataFrame,
                         max_frequency: int = 7) -> pd.DataFrame:
    """Mean holdout purchases by calibration frequency (0, 1, …, ``max_frequency``+):
    actual and predicted by each model (FHL 2005a, figure 4).

    Parameters
    ----------
    models : mapping name → model
        Fitted on ``data``'s calibration columns, or unfitted (then fitted here).
    data : DataFrame
        From :func:`calibration_holdout`.
    max_frequency : int
        The last class, which pools max_frequency or more calibration purchases.

    Returns
    -------
    pandas.DataFrame
        Indexed by frequency class: ``customers``, ``actual`` and one column per model.

    References
    ----------
    Fader, Hardie & Lee (2005a), "Counting your customers the easy way", Marketing Science
    24(2), 275–284.
    """
    x = data["frequency"].to_numpy()
    group = np.minimum(x, max_frequency).astype(int)
    frame = pd.DataFrame({"frequency": group, "customers": 1,
                          "actual": data["frequency_holdout"].to_numpy(float)})
    for name, model in models.items():
        frame[name] = holdout_predictions(model, data)
    out = frame.groupby("frequency").agg({"customers": "sum", "actual": "mean",
                                          **{n: "mean" for n in models}})
    out.index = [str(i) if i < max_frequency else f"{max_frequency}+" for i in out.index]
    out.index.name = "frequency"
    return out


def tracking_table(models: Mapping[str, Any], data: pd.DataFrame) -> pd.DataFrame:
    """Period-by-period purchases of the calibration cohort over the holdout.

    Returns one row per holdout period: ``actual`` (customers who bought in it) and, per
    model, the expected number Σ_i [E_i(k) − E_i(k−1)] (k periods into the holdout), and
    the cumulative sums as ``cumulative_actual`` and ``cumulative_<model>``.

    Parameters
    ----------
    models : mapping name → model
        Fitted on ``data``'s calibration columns, or unfitted (then fitted here).
    data : DataFrame
        From :func:`calibration_holdout`.

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, ``actual``, one per model, and their cumulative sums.

    References
    ----------
    Fader, Hardie & Lee (2005a), "Counting your customers the easy way", Marketing Science
    24(2), 275–284 (the weekly and cumulative tracking plots).
    """
    by_period = data.attrs.get("holdout_by_period")
    if by_period is None:
        raise ValueError("data: not from calibration_holdout (attrs['holdout_by_period'] "
                         "missing)")
    periods = np.array(sorted(by_period), dtype=float)
    start = data.attrs["calibration_end"]
    out = pd.DataFrame({"period": periods, "actual": [by_period[p] for p in periods]})
    f, r, T = data["frequency"], data["recency"], data["T"]
    for name, model in models.items():
        model = _prepared(model, data)
        cum = [0.0] + [float(model.expected_purchases(p - start, f, r, T).sum())
                       for p in periods]
        out[name] = np.diff(cum)
    for col in ["actual", *models]:
        out[f"cumulative_{col}"] = out[col].cumsum()
    out.attrs["models"] = list(models)
    return out


def frequency_recency_matrix(model: Any, T: float, *, kind: str = "expected",
                             horizon: float = 1.0, max_frequency: int | None = None
                             ) -> pd.DataFrame:
    """A model's view of every (frequency, recency) history at one T.

    Parameters
    ----------
    model : fitted purchase model
    T : float
        Time since the first purchase (whole periods for BG/BB).
    kind : {"expected", "alive"}
        Expected purchases over ``horizon``, or the probability of being alive.
    horizon : float
        For ``kind="expected"``.
    max_frequency : int, optional
        Largest frequency shown (default: T for whole periods, else 2T rounded).

    Returns
    -------
    pandas.DataFrame
        Rows frequency 0..max, columns recency 0..T (whole periods); NaN where the history
        is impossible (repeat purchases need recency > 0; at most one purchase a period
        for the BG/BB).

    References
    ----------
    Fader, Hardie & Lee (2005b), "RFM and CLV: using iso-value curves for customer base
    analysis", J. Marketing Research 42(4), 415–430 (expectations by frequency and recency).
    """
    if kind not in ("expected", "alive"):
        raise ValueError(f"kind={kind!r}: choose 'expected' or 'alive'")
    if isinstance(T, bool) or not np.isfinite(T) or T < 1:
        raise ValueError(f"T={T!r}: expected a time since the first purchase >= 1")
    discrete = type(model).__name__ == "BetaGeoBetaBinom"
    top = int(T) if max_frequency is None else int(max_frequency)
    if max_frequency is not None and (max_frequency < 0 or int(max_frequency) != max_frequency):
        raise ValueError(f"max_frequency={max_frequency!r}: expected a whole number >= 0")
    recency = np.arange(0, int(np.floor(T)) + 1, dtype=float)
    freq = np.arange(0, top + 1, dtype=float)
    X, R = np.meshgrid(freq, recency, indexing="ij")
    ok = (X == 0) == (R == 0)
    if discrete:
        ok &= X <= R
    x, r = X[ok], R[ok]
    t = np.full(len(x), float(T))
    if kind == "alive":
        vals = model.probability_alive(x, r, t)
    else:
        vals = model.expected_purchases(horizon, x, r, t)
    grid = np.full(X.shape, np.nan)
    grid[ok] = vals
    out = pd.DataFrame(grid, index=pd.Index(freq.astype(int), name="frequency"),
                       columns=pd.Index(recency.astype(int), name="recency"))
    out.attrs.update({"kind": kind, "T": float(T), "horizon": float(horizon)})
    return out
