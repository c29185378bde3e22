"""Selection frameworks for key accounts: the BCG-style classification matrix
(波士顿矩阵法, 客户分类矩阵图), fuzzy judgement (模糊判定法), strategic fit / business
contribution / cooperation stability (战略匹配度/业务贡献度/合作稳定性), seed 003's
target-selection guidelines and its three kinds of relationship customers."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..evaluate import fuzzy_evaluate, triangular_membership
from ._lifecycle import stage_signals
from ._stages import _require_telecom, accounts

#: The four cells of the BCG-style matrix: (high value?, high growth?) → code.
MATRIX_CELLS = {(True, True): "star", (True, False): "cash_cow",
                (False, True): "question_mark", (False, False): "dog"}

#: Industries the kit's telecom operator targets in its strategy (for strategic fit).
TARGET_INDUSTRIES = ("finance", "government", "healthcare", "education", "manufacturing")


def _account_frame(base: CustomerBase) -> pd.DataFrame:
    acc = accounts(base).set_index("customer_id")
    sig = stage_signals(base)
    months = acc["months_active"].clip(lower=1)
    return pd.DataFrame({"monthly_margin": acc["total_margin"] / months,
                         "monthly_revenue": acc["total_revenue"] / months,
                         "growth": sig["bill_trend"], "tenure_months": acc["tenure_months"],
                         "complaints": acc["complaints"], "lines": acc["lines"],
                         "industry": acc["industry"].astype(str),
                         "industry_growth": acc["industry_growth"],
                         "contract": acc["contract"].astype(str),
                         "satisfaction": acc["satisfaction"], "churned": acc["churned"]})


def classification_matrix(base: CustomerBase, value: str = "monthly_margin",
                          growth: str = "growth") -> pd.DataFrame:
    """The BCG-style customer classification matrix (波士顿矩阵法 / 客户分类矩阵图).

    Each active account is placed by its current value (``value``, default monthly margin)
    and its growth (``growth``, default the annualised bill trend), split at the medians of
    the active accounts: star (high value, high growth), cash cow (high, low), question mark
    (low, high), dog (low, low).

    Parameters
    ----------
    base : CustomerBase
    value, growth : str
        Columns of the account frame: monthly_margin, monthly_revenue, growth,
        industry_growth, lines, tenure_months.

    Returns
    -------
    DataFrame indexed by customer_id: value, growth, cell.

    References
    ----------
    Seed 000 (核心客户的选择: 波士顿矩阵法、模糊判定法、客户分类矩阵图); the matrix adapts the
    Boston Consulting Group's growth-share matrix (Henderson 1970) to customers. The seed names
    the method only; splitting at the medians is the kit's choice.
    """
    _require_telecom(base, "classification_matrix")
    f = _account_frame(base)
    allowed = ("monthly_margin", "monthly_revenue", "growth", "industry_growth", "lines",
               "tenure_months")
    for name, col in (("value", value), ("growth", growth)):
        if col not in allowed:
            raise ValueError(f"classification_matrix({name}={col!r}): allowed {allowed}")
    f = f[~f["churned"].astype(bool)]
    v, g = f[value].astype(float), f[growth].astype(float)
    hv, hg = v >= v.median(), g >= g.median()
    return pd.DataFrame({"value": v, "growth": g,
                         "cell": [MATRIX_CELLS[(bool(a), bool(b))] for a, b in zip(hv, hg)]})


def fit_scores(base: CustomerBase, targets: Sequence[str] = TARGET_INDUSTRIES) -> pd.DataFrame:
    """Strategic fit, business contribution and cooperation stability, each in [0, 1].

    * 战略匹配度 strategic fit: ½·[industry in ``targets``] + ½·(industry growth rank);
    * 业务贡献度 business contribution: rank of the monthly margin among active accounts;
    * 合作稳定性 cooperation stability: mean of the ranks of tenure and satisfaction, less
      0.1 per complaint (floored at 0).

    Ranks are percentile ranks (``rank(pct=True)``) among the active accounts.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    targets : sequence of str
        The firm's target industries (default :data:`TARGET_INDUSTRIES`).

    Returns
    -------
    DataFrame indexed by customer_id: strategic_fit, contribution, stability.

    References
    ----------
    Seed 004 (大客户选择标准: 战略匹配度、业务贡献度、合作稳定性). The seed defines the criteria
    in words; these scores are the kit's operational reading.
    """
    _require_telecom(base, "fit_scores")
    f = _account_frame(base)
    f = f[~f["churned"].astype(bool)]
    fit = 0.5 * f["industry"].isin([str(t) for t in targets]) + 0.5 * f["industry_growth"].rank(
        pct=True)
    contrib = f["monthly_margin"].rank(pct=True)
    stab = (0.5 * f["tenure_months"].rank(pct=True) + 0.5 * f["satisfaction"].rank(pct=True)
            - 0.1 * f["complaints"]).clip(lower=0.0)
    return pd.DataFrame({"strategic_fit": fit.astype(float), "contribution": contrib,
                         "stability": stab})


def fuzzy_accounts(base: CustomerBase, weights: Mapping[str, float] | None = None
                   ) -> pd.DataFrame:
    """Fuzzy judgement of the accounts (模糊判定法) on the three criteria of :func:`fit_scores`.

    Scores become memberships in four grades by :func:`casekit.triangular_membership`, and
    :func:`casekit.fuzzy_evaluate` (weighted average, M(·,+)) gives each account's grade.

    Parameters
    ----------
    weights : dict, optional
        Weights of strategic_fit, contribution, stability (default 0.3, 0.5, 0.2).

    Returns
    -------
    DataFrame indexed by customer_id: B over the grades, grade, score.

    References
    ----------
    Course deck 客户关系管理课题11总结 (seed 000): fuzzy judgement (模糊判定法).

    汪培庄 (Wang Peizhuang) (1983). *模糊集合论及其应用*. 上海科学技术出版社.
    """
    w = dict(weights) if weights is not None else {"strategic_fit": 0.3, "contribution": 0.5,
                                                   "stability": 0.2}
    scores = fit_scores(base)
    if set(w) != set(scores.columns):
        raise ValueError(f"fuzzy_accounts(weights={weights!r}): give exactly the criteria "
                         f"{list(scores.columns)}")
    m = triangular_membership(scores)
    res = fuzzy_evaluate(pd.Series(w)[list(scores.columns)], m)
    out = res.table()
    out.index = scores.index
    return out


def relationship_kinds(base: CustomerBase) -> pd.Series:
    """Seed 003's three kinds: good customers (好客户), big customers who are not good
    (大客户不等于好客户), small customers who may be good (小客户有可能是好客户); others
    ``ordinary``.

    * ``big_not_good``: revenue in the top quarter of active accounts but margin ≤ 0 or at
      least 3 complaints;
    * ``good``: margin in the top half, at most 1 complaint, satisfaction ≥ 4;
    * ``small_may_be_good``: revenue below the median, margin > 0 and bills growing (trend
      above 5 % a year) or industry growth above 5 %.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.

    Returns
    -------
    Series of codes indexed by customer_id (active accounts).

    References
    ----------
    Seed 003, 3.2 选择什么样的客户: 3.2.1 什么样的客户是好客户; 3.2.2 大客户不等于好客户;
    3.2.3 小客户有可能是好客户.
    """
    _require_telecom(base, "relationship_kinds")
    f = _account_frame(base)
    f = f[~f["churned"].astype(bool)]
    rev, mar = f["monthly_revenue"], f["monthly_margin"]
    big_bad = (rev >= rev.quantile(0.75)) & ((mar <= 0) | (f["complaints"] >= 3))
    good = (mar >= mar.median()) & (f["complaints"] <= 1) & (f["satisfaction"] >= 4)
    small = (rev < rev.median()) & (mar > 0) & ((f["growth"] > 0.05)
                                                 | (f["industry_growth"] > 0.05))
    kind = np.select([big_bad.to_numpy(), good.to_numpy(), small.to_numpy()],
                     ["big_not_good", "good", "small_may_be_good"], default="ordinary")
    return pd.Series(kind, index=f.index, name="kind")


def target_guidelines(base: CustomerBase, targets: Sequence[str] = TARGET_INDUSTRIES
                      ) -> pd.DataFrame:
    """Seed 003's five target-selection guidelines (目标客户选择的指导思想), one column each.

    1. ``positioning`` 与企业定位一致: the account's industry is a target industry;
    2. ``good_type`` 好客户类型: :func:`relationship_kinds` says ``good``;
    3. ``potential`` 有潜力: bills growing or industry growth above 5 %;
    4. ``matched`` 门当户对: lines between 10 and 2,000 — an account our team can serve well
       (the bounds are the kit's assumption);
    5. ``like_loyal`` 与忠诚客户相似: same industry and contract type as at least one account
       of tenure ≥ 60 months and satisfaction ≥ 4.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    targets : sequence of str
        The firm's target industries (default :data:`TARGET_INDUSTRIES`).

    Returns
    -------
    DataFrame indexed by customer_id: the five booleans and ``met`` (how many).

    References
    ----------
    Seed 003, 3.3 目标客户选择的指导思想 (1)–(5).
    """
    f = _account_frame(base)
    f = f[~f["churned"].astype(bool)]
    kinds = relationship_kinds(base)
    loyal = f[(f["tenure_months"] >= 60) & (f["satisfaction"] >= 4)]
    pairs = set(zip(loyal["industry"], loyal["contract"]))
    out = pd.DataFrame({
        "positioning": f["industry"].isin([str(t) for t in targets]),
        "good_type": kinds.reindex(f.index).eq("good"),
        "potential": (f["growth"] > 0.05) | (f["industry_growth"] > 0.05),
        "matched": f["lines"].between(10, 2000),
        "like_loyal": [(i, c) in pairs for i, c in zip(f["industry"], f["contract"])]})
    out["met"] = out.sum(axis=1).astype(int)
    return out
