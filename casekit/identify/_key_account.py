"""The telecom key-account evaluation (seed 000): weighted criteria scores."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..validate import check_fraction
from ._matrix import value_trend
from ._values import _check_frame_column, _check_numeric, _order, customer_values


# =============================================================================================
# Key-account evaluation (telecom framework, seed 000)
# =============================================================================================

#: The telecom evaluation framework of seed 000 as criteria: column → (group, direction).
#: Direction +1: more is better for the firm; −1: less is better.
#:
#: 1. ``needs_capability`` (相对于公司能力的客户需求): ``needs_fit``, the account team's rating
#:    of how much better than competitors our capability meets the customer's needs;
#: 2. ``growth_potential`` (增长潜力): the growth of the customer's industry and of its
#:    segment, and the change of its market share;
#: 3. ``structural_position`` (结构地位): the customer's inherent bargaining power and its
#:    intent to use it to push prices down. More power counts *against* the firm, so each of
#:    the five sources enters with the sign of "less power": purchase volume −1 (``volume``,
#:    total revenue, computed from activity), alternative sources −1, transaction cost
#:    (交易代价: a costly buying process weakens the customer) +1, switching cost +1, cost to
#:    serve −1; the intent is read from ``price_negotiations`` (−1).
TELECOM_CRITERIA: dict[str, tuple[str, int]] = {
    "needs_fit": ("needs_capability", +1),
    "industry_growth": ("growth_potential", +1),
    "segment_growth": ("growth_potential", +1),
    "market_share_change": ("growth_potential", +1),
    "volume": ("structural_position", -1),
    "alternatives": ("structural_position", -1),
    "transaction_cost": ("structural_position", +1),
    "switching_cost": ("structural_position", +1),
    "cost_to_serve": ("structural_position", -1),
    "price_negotiations": ("structural_position", -1),
}
#: The groups of :data:`TELECOM_CRITERIA`, in the seed's order.
TELECOM_GROUPS = ("needs_capability", "growth_potential", "structural_position")

_DERIVED = ("volume", "revenue_trend")


def _with_derived(base: CustomerBase, needed: Iterable[str]) -> pd.DataFrame:
    """``base.customers`` plus the derived criteria in ``needed`` that it lacks."""
    frame = base.customers
    add = {}
    if "volume" in needed and "volume" not in frame.columns:
        add["volume"] = customer_values(base, "revenue").to_numpy()
    if "revenue_trend" in needed and "revenue_trend" not in frame.columns:
        vt = value_trend(base, "revenue")
        cur, pot = vt["current"].to_numpy(), vt["potential"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            add["revenue_trend"] = np.where(cur > 0, pot / cur, 0.0)
    return frame.assign(**add) if add else frame


def key_account_evaluation(data: Any, criteria: Mapping[str, tuple[str, int]] | None = None,
                           weights: Mapping[str, float] | None = None,
                           group_weights: Mapping[str, float] | None = None, *,
                           method: str = "rank", top: float = 0.10) -> pd.DataFrame:
    """Score customers on the telecom key-account framework and pick the top ``top`` share.

    The framework (course deck 核心客户的管理, seed 000), as :data:`TELECOM_CRITERIA` has it:
    **customer needs relative to the firm's capability** (相对于公司能力的客户需求),
    **growth potential** (增长潜力: growth of the customer's industry and segment, change of
    its market share) and **structural position** (结构地位: the customer's bargaining power
    and intent to use it, from purchase volume, alternative sources, transaction cost,
    switching cost and cost to serve — more power is worse for the firm). Each criterion (a column of ``data``) is put on [0, 1] with
    :func:`casekit.evaluate.normalise` (``method="rank"`` by default — volumes are heavy-tailed
    and min–max would squeeze all but the largest accounts near 0; ``"minmax"`` is the
    textbook form), 1 = best for the firm (direction −1 flips it). Within each group the
    criteria are combined with ``weights`` (default equal) by
    :func:`casekit.evaluate.weighted_score`; the score is Σ group_weight × group score (default
    equal group weights). Each set of weights is rescaled to sum to 1.

    ``data`` is a DataFrame with ``customer_id`` and the criteria columns, or a CustomerBase
    (its ``customers``, plus ``volume`` from activity and, when asked for in ``criteria``,
    ``revenue_trend``, the revenue trend relative to its level). ``criteria`` maps column →
    (group, direction); by default the columns of :data:`TELECOM_CRITERIA` that are present
    (at least one per group of :data:`TELECOM_GROUPS`).

    Returns ``customer_id``, the normalised criteria, one column per group, ``score``, ``rank``
    (1 = best, ties by customer id) and ``key`` (the top ``top`` share, rounded).

    Parameters
    ----------
    data : CustomerBase or DataFrame
        A telecom base, or one row per customer with the criteria's columns.
    criteria : mapping, optional
        ``{criterion: (group, direction)}`` (default :data:`TELECOM_CRITERIA`).
    weights : mapping, optional
        Weight per criterion within its group.
    group_weights : mapping, optional
        Weight per group.
    method : str
        The :func:`casekit.normalise` method.
    top : float
        The share of customers chosen as key accounts.

    Returns
    -------
    DataFrame
        One row per customer (see above): criteria, group scores, ``score``, ``rank``,
        ``key``.

    References
    ----------
    Course deck 客户关系管理课题11总结 (seed 000): the evaluation framework (needs relative
    to the firm's capability, growth potential, structural position). The equal default
    weights are an assumption of this kit.
    """
    from ..evaluate import normalise, weighted_score

    top = check_fraction("top", top)
    if method not in ("rank", "minmax"):
        raise ValueError(f"method={method!r} is not allowed; choose 'rank' or 'minmax'")
    if isinstance(data, CustomerBase):
        wanted = TELECOM_CRITERIA if criteria is None else criteria
        frame = _with_derived(data, [c for c in _DERIVED if c in wanted])
    elif isinstance(data, pd.DataFrame):
        frame = data
    else:
        raise TypeError(f"data: expected a DataFrame of customers or a CustomerBase, got "
                        f"{type(data).__name__}")
    _check_frame_column(frame, "customer_id", "data")
    if len(frame) == 0:
        raise ValueError("data: no customers (empty data)")
    if criteria is None:
        criteria = {c: v for c, v in TELECOM_CRITERIA.items() if c in frame.columns}
        groups = {g for g, _ in criteria.values()}
        if groups != set(TELECOM_GROUPS):
            raise ValueError("key_account_evaluation: the default telecom criteria need at least "
                             "one column per group; present: "
                             f"{sorted(criteria)}; expected some of {sorted(TELECOM_CRITERIA)}. "
                             "Pass criteria={column: (group, ±1)} for other data")
    if not criteria:
        raise ValueError("criteria: empty; give {column: (group, direction)}")
    for col, spec in criteria.items():
        _check_frame_column(frame, col, "data")
        if (not isinstance(spec, tuple) or len(spec) != 2 or spec[1] not in (1, -1)):
            raise ValueError(f"criteria[{col!r}]={spec!r}: expected (group, +1 or -1)")
        _check_numeric(frame[col], f"data[{col!r}]")
    w = {c: 1.0 for c in criteria} if weights is None else dict(weights)
    unknown = set(w) - set(criteria)
    if unknown:
        raise ValueError(f"weights: {sorted(unknown)} are not criteria; criteria: "
                         f"{list(criteria)}")
    for c, v in w.items():
        if not (np.isfinite(v) and v >= 0):
            raise ValueError(f"weights[{c!r}]={v!r}: weights must be >= 0")
    group_names = list(dict.fromkeys(g for g, _ in criteria.values()))
    gw = {g: 1.0 for g in group_names} if group_weights is None else dict(group_weights)
    if set(gw) != set(group_names):
        raise ValueError(f"group_weights: expected weights for {group_names}, got {sorted(gw)}")
    if any(not (np.isfinite(v) and v >= 0) for v in gw.values()) or sum(gw.values()) <= 0:
        raise ValueError(f"group_weights={gw!r}: weights must be >= 0 with a positive sum")
    cols = list(criteria)
    norm = normalise(frame[cols].astype("float64").reset_index(drop=True), method=method,
                     higher_is_better={c: criteria[c][1] > 0 for c in cols})
    out = pd.DataFrame({"customer_id": frame["customer_id"].to_numpy()})
    out[cols] = norm.to_numpy()
    gsum = sum(gw.values())
    score = np.zeros(len(frame))
    for g in group_names:
        members = [c for c in cols if criteria[c][0] == g]
        wsum = sum(w.get(c, 0.0) for c in members)
        if wsum <= 0:
            raise ValueError(f"weights: the criteria of group {g!r} ({members}) have zero weight")
        gscore = weighted_score(norm[members], {c: w.get(c, 0.0) / wsum for c in members})
        out[g] = gscore.to_numpy()
        score += gw[g] / gsum * gscore.to_numpy()
    out["score"] = score
    order = _order(score, out["customer_id"].to_numpy())
    rank = np.empty(len(score), dtype=np.int64)
    rank[order] = np.arange(1, len(score) + 1)
    out["rank"] = rank
    out["key"] = rank <= int(round(top * len(score)))
    return out
