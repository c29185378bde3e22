"""CRM effect evaluation (seed 004, 效果评估): did the key-account programme work?

Two estimates of the same effect: **before/after** (the treated accounts' next months against
their last observed months — what a manager usually reports) and **against a control** (the
same accounts played forward without the programme, on the same random numbers — what the
programme caused). The difference between the two is what the world would have done anyway.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..play import Plan, play_forward


def programme_effect(base: CustomerBase, plan: Plan, treated, periods: int = 12
                     ) -> pd.DataFrame:
    """Before/after and against-control estimates of a programme's effect on the treated.

    Parameters
    ----------
    base : CustomerBase
    plan : Plan
        The programme (e.g. ``ck.Plan(ck.AccountHours(...))``).
    treated : sequence of int
        The customer ids the programme reaches (the accounts evaluated).
    periods : int
        Periods played and compared (the last ``periods`` observed are "before").

    Returns
    -------
    DataFrame indexed by measure (revenue, margin, kept): before, after, control,
    before_after (after − before), effect (after − control), bias (before_after − effect).

    Notes
    -----
    "kept" counts treated accounts still there at the end (before: active in the last
    observed period). Sums are undiscounted.

    References
    ----------
    Seed 004, 客户关系管理系统应用与效果评估. Control-group evaluation: see e.g. Shadish, Cook &
    Campbell (2002), *Experimental and Quasi-Experimental Designs*.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"programme_effect(plan=...): expected a ck.Plan, got "
                        f"{type(plan).__name__}")
    ids = np.asarray(list(treated), dtype=np.int64) if not isinstance(treated, (int, str)) \
        else None
    if ids is None or len(ids) == 0:
        raise ValueError(f"programme_effect(treated={treated!r}): expected a non-empty list of "
                         "customer ids")
    known = base.customers["customer_id"].to_numpy()
    unknown = np.setdiff1d(ids, known)
    if len(unknown):
        raise ValueError(f"programme_effect(treated=...): unknown customer_id(s) "
                         f"{unknown[:5].tolist()}")
    T = int(base.params.periods)
    out = play_forward(base, plan, periods=periods)
    pos = pd.Index(known).get_indexer(ids)
    act = base.activity
    before = act[act["customer_id"].isin(ids) & (act["period"] > T - periods)]
    a, b = out.no.per_customer.iloc[pos], out.plan_arm.per_customer.iloc[pos]
    last = act.loc[act["period"] == T, "customer_id"]
    rows = {
        "revenue": (before["revenue"].sum(), b["revenue"].sum(), a["revenue"].sum()),
        "margin": (before["margin"].sum(), b["margin"].sum(), a["margin"].sum()),
        "kept": (float(np.isin(ids, last).sum()), float(b["kept"].sum()),
                 float(a["kept"].sum()))}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["before", "after", "control"])
    frame["before_after"] = frame["after"] - frame["before"]
    frame["effect"] = frame["after"] - frame["control"]
    frame["bias"] = frame["before_after"] - frame["effect"]
    frame.index.name = "measure"
    return frame
