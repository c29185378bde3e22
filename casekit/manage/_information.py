"""The four levels of customer information (信息的四个层次) and what each costs to obtain."""

from __future__ import annotations

import pandas as pd

from ..base import CustomerBase
from ._details import account_details
from ._stages import _require_telecom

#: Seed 001's four levels: source, what they reveal, and the kit's assumed cost to obtain
#: (hours of the account manager, and outside fees in RMB). The seed gives the order only
#: ("信息获得的难度与成本同其信息的价值成正比"); the hours and fees are the kit's assumptions.
INFO_LEVELS = pd.DataFrame([
    (1, "public", "公开信息: 年度报告、广告、产品介绍、技术刊物、产品目录",
     "industry, size (lines), region", 1.0, 0.0),
    (2, "paid_reports", "行业分析报告、行业刊物、行业会议会刊",
     "industry growth, the account's market", 4.0, 3000.0),
    (3, "contacts", "客户企业中的联系人、合作方: 项目、需求和预算",
     "contacts and their roles, complaints, service requests, contract events", 16.0, 0.0),
    (4, "top_management", "客户企业高层: 确切的需求、评估标准、采购决策人",
     "influence and attitude of each contact, the decision criteria", 40.0, 2000.0),
], columns=["level", "code", "source", "reveals", "hours", "fees"]).set_index("level")


def information_cost(base: CustomerBase, level: int) -> float:
    """RMB cost of reaching information ``level`` for one account: the hours of all levels up
    to it at the world's account-manager hour cost (``am_hour_cost``) plus their fees.

    Parameters
    ----------
    base : CustomerBase
        A telecom base (for the hour cost).
    level : int
        1 … 4.

    Returns
    -------
    float
        Σ_{l ≤ level} (hours_l · am_hour_cost + fees_l).

    References
    ----------
    Seed 001: 获取信息难度与成本同价值的关系 — difficulty and cost rise with the level.
    """
    _require_telecom(base, "information_cost")
    if isinstance(level, bool) or level not in (1, 2, 3, 4):
        raise ValueError(f"information_cost(level={level!r}): allowed 1, 2, 3 or 4")
    rate = float(base.params.values["am_hour_cost"])
    rows = INFO_LEVELS.loc[:level]
    return float((rows["hours"] * rate + rows["fees"]).sum())


def information_levels(base: CustomerBase) -> pd.DataFrame:
    """The four levels with their cumulative cost in RMB on this base.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.

    Returns
    -------
    DataFrame
        INFO_LEVELS plus ``cost`` (this level alone) and ``cumulative_cost``.

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): four levels of customer information, cost rising
    with value. The RMB costs are this kit's assumptions.
    """
    _require_telecom(base, "information_levels")
    rate = float(base.params.values["am_hour_cost"])
    out = INFO_LEVELS.copy()
    out["cost"] = out["hours"] * rate + out["fees"]
    out["cumulative_cost"] = out["cost"].cumsum()
    return out


def known_at_level(base: CustomerBase, customer_id: int, level: int) -> dict:
    """What an account manager knows about one account after reaching ``level``.

    Level 1: the profile (industry, lines, region); 2: + industry growth; 3: + contacts with
    their roles (not their attitude), complaints, contract events; 4: + each contact's
    influence and attitude.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    customer_id : int
        A managed account (segment key_account or sme; see :func:`accounts`).
    level : int
        The information level reached, 1 to 4.

    Returns
    -------
    dict
        ``profile`` (Series) and, from the level on, ``contacts``, ``complaints``, ``events``.

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): four levels of customer information. What each
    level reveals is this kit's reading of the deck (an assumption).
    """
    if isinstance(level, bool) or level not in (1, 2, 3, 4):
        raise ValueError(f"known_at_level(level={level!r}): allowed 1, 2, 3 or 4")
    d = account_details(base, customer_id)
    cols = ["segment", "industry", "lines", "region"] + (["industry_growth"] if level >= 2
                                                         else [])
    out: dict = {"profile": d.profile[cols]}
    if level >= 3:
        c = d.contacts[["contact", "title", "role"] + (["influence", "attitude"]
                                                        if level >= 4 else [])]
        out.update(contacts=c, complaints=d.complaints, events=d.events)
    return out
