"""Diagnosing each account's relationship stage from observable signals, scored against the
true stage the simulator knows (a confusion table)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ._details import account_complaints, account_events
from ._stages import MATURE_MONTHS, NEW_MONTHS, STAGES, _require_telecom, accounts, true_stage

#: Signal thresholds of :func:`diagnose_stage` (documented there).
TREND_UP = 0.05          # bills growing more than 5 % a year
TREND_DOWN = -0.05
COMPLAINTS_AT_RISK = 2   # complaints in the last 6 months that signal a relationship to defend
CONTRACT_ENDING = 6      # months: a contract ending this soon needs defending too


def stage_signals(base: CustomerBase) -> pd.DataFrame:
    """The observable signals of every account: bill trend, recent complaints, months to
    contract end, net lines added, tenure, churned.

    ``bill_trend`` is the annualised slope of log monthly revenue over the account's last 12
    active months (least squares), ``complaints_6m`` the complaints of the last 6 observed
    months, ``net_lines`` the lines added minus removed (:func:`contract_events`).

    Parameters
    ----------
    base : CustomerBase
        A telecom base.

    Returns
    -------
    DataFrame indexed by customer_id.

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): the relationship stages (客户关系周期).
    Which signals to read is this kit's assumption; the trend is an ordinary
    least-squares slope of log revenue.
    """
    _require_telecom(base, "stage_signals")
    acc = accounts(base).set_index("customer_id")
    act = base.activity[base.activity["customer_id"].isin(acc.index)]
    T = int(base.params.periods)
    last = act[act.groupby("customer_id")["period"].transform("max") - act["period"] < 12]
    def slope(g: pd.DataFrame) -> float:
        if len(g) < 3:
            return 0.0
        y = np.log(np.maximum(g["revenue"].to_numpy(dtype=float), 1.0))
        return float(np.polyfit(g["period"].to_numpy(dtype=float), y, 1)[0] * 12)
    trend = last.groupby("customer_id")[["period", "revenue"]].apply(slope)
    recent = act[act["period"] > T - 6].groupby("customer_id")["complaints"].sum()
    ev = account_events(base)
    net = ev.groupby("customer_id")["lines"].sum()
    out = pd.DataFrame({
        "bill_trend": trend.reindex(acc.index, fill_value=0.0),
        "complaints_6m": recent.reindex(acc.index, fill_value=0).astype(int),
        "contract_months_left": acc["contract_months_left"].astype(int),
        "net_lines": net.reindex(acc.index, fill_value=0).astype(int),
        "tenure_months": acc["tenure_months"].astype(int),
        "churned": acc["churned"].astype(bool)})
    out.index.name = "customer_id"
    return out


def diagnose_stage(base: CustomerBase) -> pd.Series:
    """The relationship stage an account manager would diagnose from observable signals.

    First match wins: churned → 暂停期; tenure < 12 months → 突破期; at least
    ``COMPLAINTS_AT_RISK`` complaints in 6 months, or a contract ending within
    ``CONTRACT_ENDING`` months with a falling bill → 防御期; bills growing faster than 5 % a
    year or lines added on balance → 成长期; bills falling faster than 5 % a year or lines
    removed on balance → 冬眠期; tenure < 48 months → 巩固期; otherwise 收获期.

    Parameters
    ----------
    base : CustomerBase

    Returns
    -------
    Series
        Diagnosed stage code per account (categorical in :data:`STAGES` order).

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): the relationship stages (客户关系周期).
    The signal rules and their thresholds are this kit's assumptions (a teaching rule
    of thumb).
    """
    s = stage_signals(base)
    ending = (s["contract_months_left"] > 0) & (s["contract_months_left"] <= CONTRACT_ENDING)
    conds = [s["churned"], s["tenure_months"] < NEW_MONTHS,
             (s["complaints_6m"] >= COMPLAINTS_AT_RISK) | (ending & (s["bill_trend"] < 0)),
             (s["bill_trend"] > TREND_UP) | (s["net_lines"] > 0),
             (s["bill_trend"] < TREND_DOWN) | (s["net_lines"] < 0),
             s["tenure_months"] < MATURE_MONTHS]
    choices = ["suspension", "breakthrough", "defence", "growth", "dormancy", "consolidation"]
    stage = np.select([c.to_numpy(dtype=bool) for c in conds], choices, default="harvest")
    return pd.Series(pd.Categorical(stage, categories=STAGES), index=s.index,
                     name="diagnosed_stage")


def stage_confusion(base: CustomerBase, diagnosed: pd.Series | None = None) -> pd.DataFrame:
    """The confusion table: true stage (rows) × diagnosed stage (columns), account counts.

    Parameters
    ----------
    base : CustomerBase
    diagnosed : Series, optional
        A diagnosis per customer_id (default :func:`diagnose_stage`); a student's own rule.

    Returns
    -------
    DataFrame
        7 × 7 counts; ``stage_accuracy`` gives the share on the diagonal.

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): the relationship stages (客户关系周期).
    """
    truth = true_stage(base)
    if diagnosed is None:
        diagnosed = diagnose_stage(base)
    if not isinstance(diagnosed, pd.Series):
        raise TypeError(f"stage_confusion(diagnosed=...): expected a Series indexed by "
                        f"customer_id, got {type(diagnosed).__name__}")
    bad = set(map(str, diagnosed.dropna().unique())) - set(STAGES)
    if bad:
        raise ValueError(f"stage_confusion(diagnosed=...): unknown stage(s) {sorted(bad)}; "
                         f"allowed {STAGES}")
    d = diagnosed.reindex(truth.index).astype(str)
    table = pd.crosstab(pd.Categorical(truth.astype(str), categories=STAGES),
                        pd.Categorical(d, categories=STAGES), dropna=False)
    table.index.name, table.columns.name = "true_stage", "diagnosed_stage"
    return table


def stage_accuracy(confusion: pd.DataFrame) -> float:
    """Share of accounts whose diagnosed stage is the true one (the diagonal of the table).

    Parameters
    ----------
    confusion : pandas.DataFrame
        What :func:`stage_confusion` returned (true stage × diagnosed stage, counts).

    Returns
    -------
    float
        In [0, 1]; NaN for an empty table.

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): the relationship stages (客户关系周期).
    Accuracy is the share on the diagonal of the confusion table (no further
    assumption).
    """
    total = float(confusion.to_numpy().sum())
    return float(np.trace(confusion.to_numpy()) / total) if total else float("nan")
