"""The key-account plan (客户计划): account analysis → SWOT → SMART goals → action plan →
revenue plan, where the action plan is a ``ck.Plan`` valued with ``ck.what_if`` (for its
retention programmes) and played forward with ``ck.play_forward``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..play import Plan, play_forward
from ..scenarios import Scenario, what_if
from ._lifecycle import diagnose_stage, stage_signals
from ._smart import SmartCheck, check_smart
from ._stages import _require_telecom, accounts
from ._stakeholders import stakeholder_map, support_score


def account_analysis(base: CustomerBase, customer_id: int) -> pd.Series:
    """The figures of one account's analysis (客户分析): monthly revenue and margin, bill
    trend, complaints, months to contract end, lines, diagnosed stage, support score.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    customer_id : int
        A managed account (segment key_account or sme; see :func:`accounts`).

    Returns
    -------
    Series

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): account analysis (客户分析). Which figures it
    shows is this kit's choice (an assumption).
    """
    _require_telecom(base, "account_analysis")
    acc = accounts(base).set_index("customer_id")
    if int(customer_id) not in acc.index:
        raise ValueError(f"customer_id={customer_id!r} is not a managed account")
    row = acc.loc[int(customer_id)]
    sig = stage_signals(base).loc[int(customer_id)]
    months = max(int(row["months_active"]), 1)
    return pd.Series({
        "monthly_revenue": float(row["total_revenue"]) / months,
        "monthly_margin": float(row["total_margin"]) / months,
        "bill_trend": float(sig["bill_trend"]), "complaints_6m": int(sig["complaints_6m"]),
        "contract_months_left": int(row["contract_months_left"]), "lines": int(row["lines"]),
        "net_lines": int(sig["net_lines"]), "satisfaction": int(row["satisfaction"]),
        "alternatives": int(row["alternatives"]),
        "stage": str(diagnose_stage(base).loc[int(customer_id)]),
        "support": support_score(base, customer_id)}, name=int(customer_id))


def swot(base: CustomerBase, customer_id: int) -> pd.DataFrame:
    """A data-driven SWOT of our position in the account (优势、弱点、机遇、威胁).

    Rules: strengths — positive margin, satisfaction ≥ 4, a champion among the contacts,
    a contract running 12+ months; weaknesses — negative margin, complaints in 6 months,
    a blocker among the contacts, satisfaction ≤ 2; opportunities — bills or industry
    growing > 5 %, lines added; threats — 3+ alternatives, contract ending within 6 months,
    bills falling > 5 %, lines removed. The seed lists what to weigh (市场变化, 竞争者,
    关键人物关系, 客户关系所处阶段); these rules are the kit's simplification.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    customer_id : int
        A managed account (segment key_account or sme; see :func:`accounts`).

    Returns
    -------
    DataFrame: quadrant (strength, weakness, opportunity, threat), item (a code), figure.

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): SWOT. Humphrey, A. (2005). SWOT analysis for management
    consulting. *SRI Alumni Newsletter*. The rules are this kit's simplification (an
    assumption).
    """
    a = account_analysis(base, customer_id)
    m = stakeholder_map(base, customer_id)
    ind = float(accounts(base).set_index("customer_id").loc[int(customer_id),
                                                           "industry_growth"])
    items = [
        ("strength", "profitable", a["monthly_margin"], a["monthly_margin"] > 0),
        ("strength", "satisfied", a["satisfaction"], a["satisfaction"] >= 4),
        ("strength", "champion_in_account", int((m["quadrant"] == "champion").sum()),
         (m["quadrant"] == "champion").any()),
        ("strength", "long_contract", a["contract_months_left"], a["contract_months_left"] >= 12),
        ("weakness", "loss_making", a["monthly_margin"], a["monthly_margin"] < 0),
        ("weakness", "recent_complaints", a["complaints_6m"], a["complaints_6m"] > 0),
        ("weakness", "blocker_in_account", int((m["quadrant"] == "blocker").sum()),
         (m["quadrant"] == "blocker").any()),
        ("weakness", "unsatisfied", a["satisfaction"], a["satisfaction"] <= 2),
        ("opportunity", "bills_growing", a["bill_trend"], a["bill_trend"] > 0.05),
        ("opportunity", "industry_growing", ind, ind > 0.05),
        ("opportunity", "lines_added", a["net_lines"], a["net_lines"] > 0),
        ("threat", "many_alternatives", a["alternatives"], a["alternatives"] >= 3),
        ("threat", "contract_ending", a["contract_months_left"],
         0 < a["contract_months_left"] <= 6),
        ("threat", "bills_falling", a["bill_trend"], a["bill_trend"] < -0.05),
        ("threat", "lines_removed", a["net_lines"], a["net_lines"] < 0)]
    rows = [(q, i, float(f)) for q, i, f, on in items if bool(on)]
    return pd.DataFrame(rows, columns=["quadrant", "item", "figure"])


@dataclass(frozen=True)
class AccountPlan:
    """A key-account plan: analysis, SWOT, goals checked, the action plan's value and the
    revenue plan (monthly revenue and margin of the account with and without the plan).

    Attributes
    ----------
    customer_id : int
        The account.
    analysis : pandas.Series
        See :func:`account_analysis`.
    swot : pandas.DataFrame
        See :func:`swot`.
    goals : tuple of SmartCheck
        Each goal sentence checked with :func:`check_smart`.
    plan : Plan
        The action plan played forward.
    value : pandas.DataFrame or None
        :func:`casekit.what_if` summary of the plan's Scenario actions; None when it has
        none.
    revenue_plan : pandas.DataFrame
        One row per played month: revenue and margin with and without the plan and their
        cumulative present values (RMB).
    cost_pv : float
        Present value of the plan's cost for this account (RMB).
    """

    customer_id: int
    analysis: pd.Series
    swot: pd.DataFrame
    goals: tuple[SmartCheck, ...]
    plan: Plan
    value: pd.DataFrame | None
    revenue_plan: pd.DataFrame
    cost_pv: float

    @property
    def delta_npv(self) -> float:
        """ΔNPV of the plan for this account over the played periods (RMB): PV of the extra
        margin less the PV of the plan's cost for the account."""
        r = self.revenue_plan
        return float(r["margin_pv_plan"].iloc[-1] - r["margin_pv_no_plan"].iloc[-1]
                     - self.cost_pv)


def account_plan(base: CustomerBase, customer_id: int, goals: Sequence[str], plan: Plan,
                 periods: int = 12) -> AccountPlan:
    """Build one account's plan: analysis → SWOT → SMART goals → action plan → revenue plan.

    Parameters
    ----------
    base : CustomerBase
    customer_id : int
        The account.
    goals : sequence of str
        The goals, one sentence each (checked with :func:`check_smart`).
    plan : Plan
        The action plan; its :class:`casekit.Scenario` actions are also valued with
        :func:`casekit.what_if` (closed form, 5 years).
    periods : int
        Months played forward for the revenue plan.

    Returns
    -------
    AccountPlan
        ``revenue_plan`` has one row per played month: revenue and margin of the account
        with and without the plan and their cumulative PVs (margin_pv_plan,
        margin_pv_no_plan); ``cost_pv`` the PV of the plan's cost for the account; together
        they give :attr:`AccountPlan.delta_npv`.

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): analysis, SWOT, SMART goals, action plan and revenue
    plan. Discounting as :func:`casekit.what_if`.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"account_plan(plan=...): expected a ck.Plan, got {type(plan).__name__}")
    if isinstance(goals, str) or not all(isinstance(g, str) for g in goals):
        raise TypeError("account_plan(goals=...): expected a list of sentences (str)")
    analysis = account_analysis(base, customer_id)
    checks = tuple(check_smart(g) for g in goals)
    scen = [a for a in plan.actions if isinstance(a, Scenario)] if hasattr(plan, "actions") \
        else []
    value = what_if(base, scen).summary() if scen else None
    out = play_forward(base, plan, periods=periods)
    T = int(base.params.periods)
    cid = int(customer_id)
    d = (1.0 + float(base.params.discount_rate)) ** (-1.0 / 12.0)
    t = np.arange(T + 1, T + periods + 1)
    def monthly(frame: pd.DataFrame, col: str) -> np.ndarray:
        f = frame[frame["customer_id"] == cid]
        return f.groupby("period")[col].sum().reindex(t, fill_value=0.0).to_numpy()
    pa, na = out.plan_activity, out.no_plan_activity
    pos = int(pd.Index(base.customers["customer_id"]).get_loc(cid))
    cost_total = float(out.plan_arm.per_customer["cost_pv"].iloc[pos]
                       - out.no.per_customer["cost_pv"].iloc[pos])
    rp = pd.DataFrame({"period": t, "revenue_plan": monthly(pa, "revenue"),
                       "revenue_no_plan": monthly(na, "revenue"),
                       "margin_plan": monthly(pa, "margin"),
                       "margin_no_plan": monthly(na, "margin")})
    disc = d ** (t - T)
    rp["margin_pv_plan"] = np.cumsum(rp["margin_plan"] * disc)
    rp["margin_pv_no_plan"] = np.cumsum(rp["margin_no_plan"] * disc)
    return AccountPlan(cid, analysis, swot(base, customer_id), checks, plan, value, rp,
                       cost_total)
