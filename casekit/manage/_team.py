"""The key-account team and organisation (客户经理, 团队, 多级大客户管理): the pyramid's time
allocation as hours of a named team, and which level of the organisation manages an account."""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..play import AccountHours
from ..scenarios import PYRAMID_SHARES
from ._stages import _require_telecom, accounts

#: Roles of a key-account team and their share of time spent with customers.
TEAM_ROLES = {"account_manager": ("account manager", "客户经理", 0.6),
              "solution_engineer": ("solution engineer", "解决方案经理", 0.4),
              "service_rep": ("service representative", "客户服务代表", 0.5),
              "director": ("key-account director", "大客户总监", 0.2)}

#: Management levels (多级大客户管理) by account size in lines (the kit's thresholds).
MANAGEMENT_LEVELS = (("group_hq", "集团总部级", 300), ("province", "省公司级", 30), ("city", "市公司级", 0))


def _check_team(team: Mapping[str, str], hours_per_month: float) -> dict[str, str]:
    if not isinstance(team, Mapping) or not team:
        raise ValueError(f"team={team!r}: expected a dict {{name: role}} with at least one "
                         "member")
    bad = {n: r for n, r in team.items() if r not in TEAM_ROLES}
    if bad:
        raise ValueError(f"team: unknown role(s) {bad}; allowed {list(TEAM_ROLES)}")
    if isinstance(hours_per_month, bool) or not np.isfinite(hours_per_month) or \
            hours_per_month <= 0:
        raise ValueError(f"hours_per_month={hours_per_month!r}: expected a positive number")
    return dict(team)


def team_hours(team: Mapping[str, str], hours_per_month: float = 160.0) -> pd.DataFrame:
    """Each member's customer hours a month: working hours × the role's customer share.

    Parameters
    ----------
    team : dict
        member name → role (a key of :data:`TEAM_ROLES`).
    hours_per_month : float
        Working hours of one member a month.

    Returns
    -------
    DataFrame indexed by member: role, customer_hours.

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): the pyramid's shares of sales time. The roles'
    customer shares are this kit's assumptions.
    """
    team = _check_team(team, hours_per_month)
    return pd.DataFrame({"role": list(team.values()),
                         "customer_hours": [hours_per_month * TEAM_ROLES[r][2]
                                            for r in team.values()]},
                        index=pd.Index(list(team), name="member"))


def pyramid_allocation(base: CustomerBase, team: Mapping[str, str],
                       hours_per_month: float = 160.0,
                       shares: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The pyramid's time allocation (seed 001: 10 % of customers get 60 % of the time,
    30 % get 30 %, 60 % get 10 %) as hours of a named team, per tier.

    Parameters
    ----------
    base : CustomerBase
    team : dict
        member → role.
    hours_per_month : float
    shares : dict, optional
        Share of the team's hours per tier (default :data:`casekit.PYRAMID_SHARES`).

    Returns
    -------
    DataFrame indexed by tier (key, normal, small): customers (active), share, hours (a
    month), hours_per_customer, and one column per member (that member's hours on the tier).

    References
    ----------
    Seed 001: 金字塔形的客户结构图 — 客户的百分数 10% 30% 60%, 投入时间的百分数 60% 30% 10%.
    """
    hours = team_hours(team, hours_per_month)
    sh = dict(shares) if shares is not None else dict(PYRAMID_SHARES)
    if set(sh) != {"key", "normal", "small"} or abs(sum(sh.values()) - 1.0) > 1e-9:
        raise ValueError(f"shares={shares!r}: expected shares of 'key', 'normal', 'small' "
                         "adding up to 1")
    tiers = base.truth["true_tier"].astype(str).to_numpy()
    active = ~base.customers["churned"].to_numpy(dtype=bool)
    total = float(hours["customer_hours"].sum())
    rows = {}
    for t in ("key", "normal", "small"):
        n = int(((tiers == t) & active).sum())
        rows[t] = {"customers": n, "share": sh[t], "hours": total * sh[t],
                   "hours_per_customer": total * sh[t] / n if n else 0.0}
    out = pd.DataFrame.from_dict(rows, orient="index")
    for member, h in hours["customer_hours"].items():
        out[member] = h * out["share"]
    out.index.name = "tier"
    return out


def team_action(base: CustomerBase, team: Mapping[str, str], hours_per_month: float = 160.0,
                shares: Mapping[str, float] | None = None, name: str = "team hours"
                ) -> AccountHours:
    """The team's allocation as a :class:`casekit.AccountHours` action for ``ck.Plan``.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    team : dict
        member → role.
    hours_per_month : float
        Working hours of each member a month (default 160).
    shares : dict, optional
        Share of the team's hours per tier (default :data:`casekit.PYRAMID_SHARES`).
    name : str
        The action's name in the plan's tables.

    Returns
    -------
    AccountHours
        ``{tier: hours a month}`` as :func:`pyramid_allocation` gives them.

    References
    ----------
    As for :class:`casekit.AccountHours` (the response is the play model's stated
    assumption).
    """
    alloc = pyramid_allocation(base, team, hours_per_month, shares)
    return AccountHours({t: float(h) for t, h in alloc["hours"].items()}, name=name)


def management_level(base: CustomerBase) -> pd.Series:
    """Which level of the organisation manages each account (多级大客户管理): group HQ for
    accounts of at least 300 lines, the provincial company from 30, the city company
    below (thresholds are the kit's assumption).

    Parameters
    ----------
    base : CustomerBase
        A telecom base.

    Returns
    -------
    Series of codes indexed by customer_id.
    """
    _require_telecom(base, "management_level")
    acc = accounts(base)
    lines = acc["lines"].to_numpy()
    code = np.select([lines >= MANAGEMENT_LEVELS[0][2], lines >= MANAGEMENT_LEVELS[1][2]],
                     [MANAGEMENT_LEVELS[0][0], MANAGEMENT_LEVELS[1][0]], default=MANAGEMENT_LEVELS[2][0])
    return pd.Series(code, index=pd.Index(acc["customer_id"].to_numpy(), name="customer_id"),
                     name="level")
