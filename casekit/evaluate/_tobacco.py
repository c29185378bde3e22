"""The tobacco grading pipeline (seed 002) and dynamic re-grading."""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np
import pandas as pd

from ..base import require_columns
from ._ahp import AHPResult
from ._fuzzy import fuzzy_evaluate, triangular_membership
from ._grade import grade
from ._inputs import _weights_series
from ._score import normalise, weighted_score
from ._transitions import hold_grades


# --------------------------------------------------------------------------------------------
# The tobacco grading pipeline (seed 002) and dynamic re-grading
# --------------------------------------------------------------------------------------------

#: The course's four grading dimensions (seed 002) and the measures behind each, with the
#: weight of each measure inside its dimension. Contribution follows one province's practice
#: (order value 70%, quantity 20%, and — in place of its low-tar share — the share of
#: higher-price classes 1–2, 10%).
TOBACCO_CRITERIA: dict[str, dict[str, float]] = {
    "contribution": {"order_value": 0.7, "cartons": 0.2, "high_class_share": 0.1},
    "law_abiding": {"violations": 1.0},
    "integrity": {"late_payment_rate": 0.5, "order_honesty": 0.5},
    "influence": {"foot_traffic": 0.5, "location_score": 0.5},
}

#: Default weights of the four dimensions: a teaching default, contribution first
#: ("既强调贡献，关注销量，又兼顾发展"). Derive your own with :func:`ahp`.
TOBACCO_WEIGHTS: dict[str, float] = {"contribution": 0.4, "law_abiding": 0.2,
                                     "integrity": 0.2, "influence": 0.2}

#: How each measure is read from the tobacco world: (table, column candidates, higher is
#: better, meaning). ``activity`` measures are summed over the grading window.
_MEASURES: dict[str, tuple[str, tuple[str, ...], bool, str]] = {
    "order_value": ("activity", ("revenue",), True, "order value in the window (RMB)"),
    "cartons": ("activity", ("cartons",), True, "cartons ordered in the window"),
    "high_class_share": ("activity", ("cartons_class1", "cartons_class2"), True,
                         "share of cartons in price classes 1–2"),
    "violations": ("customers", ("licence_violations",), False,
                   "recorded licence / monopoly-law violations"),
    "late_payment_rate": ("customers", ("late_payments", "orders"), False,
                          "late payments per order (0 without orders)"),
    "order_honesty": ("customers", ("order_honesty",), True, "share of audited orders honest"),
    "foot_traffic": ("customers", ("foot_traffic",), True, "passers-by per day"),
    "location_score": ("customers", ("location_score",), True,
                       "account manager's location rating"),
}


def _frames(base_or_frames) -> tuple[pd.DataFrame, pd.DataFrame, int | None]:
    """(customers, activity, periods observed or None) from a base, a dict or a pair."""
    from ..base import CustomerBase

    if isinstance(base_or_frames, CustomerBase):
        return base_or_frames.customers, base_or_frames.activity, base_or_frames.params.periods
    if isinstance(base_or_frames, Mapping):
        missing = [t for t in ("customers", "activity") if t not in base_or_frames]
        if missing:
            raise ValueError(f"tobacco_grading: the mapping lacks {missing}; give "
                             "{'customers': ..., 'activity': ...} or a CustomerBase")
        return base_or_frames["customers"], base_or_frames["activity"], None
    if isinstance(base_or_frames, tuple) and len(base_or_frames) == 2:
        return base_or_frames[0], base_or_frames[1], None
    raise TypeError("tobacco_grading: expected a CustomerBase (ck.tobacco(...)), a dict "
                    "{'customers': ..., 'activity': ...} or a pair (customers, activity); got "
                    f"{type(base_or_frames).__name__}")


def _window(activity: pd.DataFrame, period_range) -> np.ndarray | None:
    """Boolean mask of the activity rows inside ``period_range`` (None: every row)."""
    if period_range is None:
        return None
    try:
        first, last = (int(p) for p in period_range)
    except (TypeError, ValueError):
        raise TypeError(f"period_range={period_range!r}: expected (first, last) periods, "
                        "inclusive, e.g. (1, 13)") from None
    if first < 1 or last < first:
        raise ValueError(f"period_range={period_range!r}: need 1 <= first <= last")
    period = activity["period"].to_numpy()
    return (period >= first) & (period <= last)


def tobacco_criteria(base_or_frames, period_range=None, *, by=("format_class", "region"),
                     method: str = "rank",
                     criteria: Mapping[str, Mapping[str, float]] | None = None
                     ) -> pd.DataFrame:
    """The four grading dimensions of seed 002 per retailer, each scored in [0, 1] (1 = best).

    Measures, from the tobacco world (``activity`` summed over ``period_range``, inclusive;
    retailers who did not order score 0 on them):

    - contribution (贡献度): order value (``activity.revenue``), cartons, and the share of
      cartons in the higher price classes 1–2 (``cartons_class1``, ``cartons_class2``);
    - law-abiding (守法度): ``customers.licence_violations`` (fewer is better);
    - integrity (诚信度): late payments per order (``late_payments / orders``, fewer is
      better) and ``order_honesty``;
    - influence (影响度): ``foot_traffic`` and ``location_score``.

    The weights of the measures inside each dimension are :data:`TOBACCO_CRITERIA` (pass
    ``criteria=`` to change them). Only contribution moves with the window: the profile
    measures are the tobacco world's observation-period records.

    Each measure is normalised with :func:`normalise` (``method``, default rank) *within each
    group* of ``by`` — by default format class × urban/rural, the article's "format class
    first, 区别城乡" — and each dimension is the weighted mean of its measures.

    Returns one row per retailer: ``customer_id``, the ``by`` columns (and ``format_class``,
    ``region`` when present), the raw measures and the four dimension scores.

    Parameters
    ----------
    base_or_frames : CustomerBase, dict or pair
        A tobacco base, ``{"customers": ..., "activity": ...}`` or ``(customers, activity)``.
    period_range : (int, int), optional
        First and last period summed (inclusive); None = all.
    by : str or sequence of str
        Columns of ``customers`` within whose groups measures are normalised.
    method : str
        The :func:`normalise` method (default rank).
    criteria : mapping, optional
        Measures and their weights per dimension (default :data:`TOBACCO_CRITERIA`).

    Returns
    -------
    DataFrame
        One row per retailer (see above).

    References
    ----------
    黄磊, 成都市烟草专卖局, 《浅谈客户关系管理》 (course seed 002).

    >>> import casekit as ck
    >>> crit = ck.tobacco_criteria(ck.tobacco(retailers=300, weeks=13, seed=1))
    >>> bool(crit[["contribution", "law_abiding", "integrity", "influence"]].stack()
    ...      .between(0, 1).all())
    True
    """
    customers, activity, _ = _frames(base_or_frames)
    criteria = TOBACCO_CRITERIA if criteria is None else criteria
    by = [by] if isinstance(by, str) else list(by or [])
    require_columns(customers, ["customer_id", *by], "tobacco_criteria: customers")
    require_columns(activity, ["customer_id", "period"], "tobacco_criteria: activity")
    if len(customers) == 0:
        raise ValueError("tobacco_criteria: customers is empty")
    for dim, parts in criteria.items():
        _weights_series(parts, None, f"tobacco_criteria(criteria[{dim!r}])")
        unknown = [m for m in parts if m not in _MEASURES]
        if unknown:
            raise ValueError(f"tobacco_criteria: measure(s) {unknown} of {dim!r} are unknown; "
                             f"known measures: {list(_MEASURES)}")
    needed = {m for parts in criteria.values() for m in parts}
    rows = _window(activity, period_range)
    ids = customers["customer_id"].to_numpy()
    out = pd.DataFrame({"customer_id": ids})
    shown = [*by, *(c for c in ("format_class", "region") if c in customers.columns
                    and c not in by)]
    for col in shown:
        out[col] = customers[col].to_numpy()

    act_cols = sorted({c for m in needed if _MEASURES[m][0] == "activity"
                       for c in _measure_columns(m, activity)})
    if act_cols:
        sums = _sum_by_customer(activity, ids, act_cols, rows)
    for m in sorted(needed):
        table, _, _, _ = _MEASURES[m]
        cols = _measure_columns(m, activity if table == "activity" else customers)
        if m == "late_payment_rate":
            late = customers[cols[0]].to_numpy(dtype=float)
            orders = customers[cols[1]].to_numpy(dtype=float)
            out[m] = np.divide(late, orders, out=np.zeros_like(late), where=orders > 0)
        elif table == "customers":
            out[m] = customers[cols[0]].to_numpy(dtype=float)
        elif m == "high_class_share":
            total = _carton_total(sums)
            high = sums[cols].to_numpy(dtype=float).sum(axis=1)
            out[m] = np.divide(high, total, out=np.zeros_like(high), where=total > 0)
        elif m == "cartons":
            out[m] = _carton_total(sums)
        else:
            out[m] = sums[cols[0]].to_numpy(dtype=float)
    direction = {m: _MEASURES[m][2] for m in needed}
    groups = [out[c] for c in by] if by else None
    scores = normalise(out[sorted(needed)], method, direction, by=groups)
    for dim, parts in criteria.items():
        w = pd.Series(parts, dtype=float)
        out[dim] = scores[list(w.index)].to_numpy() @ w.to_numpy()
    return out


def _sum_by_customer(act: pd.DataFrame, ids: np.ndarray, cols: list[str],
                     rows: np.ndarray | None = None) -> pd.DataFrame:
    """Σ of ``cols`` over the activity ``rows`` (mask; None = all) per customer, one row per
    entry of ``ids`` (0 without activity). Columns are read one at a time, never copied whole.
    """
    cid = act["customer_id"].to_numpy()
    n = len(ids)
    if n and ids[0] == 0 and (np.diff(ids) == 1).all():
        pos = cid.astype(np.int64)                 # the contract: ids are 0..n−1 in order
        keep = (pos >= 0) & (pos < n)
    else:
        pos = pd.Index(ids).get_indexer(cid)
        keep = pos >= 0
    if rows is not None:
        keep &= rows
    everything = bool(keep.all())
    if not everything:
        pos = pos[keep]
    out = {}
    for c in cols:
        w = act[c].to_numpy()
        out[c] = np.bincount(pos, weights=w if everything else w[keep], minlength=n)
    return pd.DataFrame(out)


def _measure_columns(measure: str, frame: pd.DataFrame) -> list[str]:
    table, candidates, _, meaning = _MEASURES[measure]
    if measure == "cartons":
        if "cartons" in frame.columns:
            return ["cartons"]
        classes = [c for c in frame.columns if str(c).startswith("cartons_class")]
        if classes:
            return classes
    missing = [c for c in candidates if c not in frame.columns]
    if missing:
        raise ValueError(f"tobacco_criteria: measure {measure!r} ({meaning}) needs column(s) "
                         f"{missing} in {table}; columns present: {list(frame.columns)}")
    return list(candidates)


def _carton_total(sums: pd.DataFrame) -> np.ndarray:
    if "cartons" in sums.columns:
        return sums["cartons"].to_numpy(dtype=float)
    classes = [c for c in sums.columns if str(c).startswith("cartons_class")]
    return sums[classes].to_numpy(dtype=float).sum(axis=1)


def tobacco_grading(base_or_frames, period_range=None, weights=None, *,
                    by=("format_class", "region"), method: str = "thirty", bands=None,
                    scoring: str = "weighted", operator: str = "weighted_average",
                    normalise_method: str = "rank",
                    criteria: Mapping[str, Mapping[str, float]] | None = None) -> pd.DataFrame:
    """Grade tobacco retailers as the Chengdu bureau's article describes (seed 002).

    Steps: (1) split retailers by retail format class (经营业态) and urban/rural (区别城乡);
    (2) score each on contribution, law-abiding, integrity and influence
    (:func:`tobacco_criteria`, normalised within each group); (3) combine with ``weights``
    (default :data:`TOBACCO_WEIGHTS`; a dict, Series or :func:`ahp` result):
    ``scoring="weighted"`` gives score = Σ w_k · criterion_k, ``scoring="fuzzy"`` runs the
    fuzzy comprehensive evaluation (:func:`triangular_membership` into excellent/good/fair/
    poor, then :func:`fuzzy_evaluate` with ``operator``) and takes score = B · v, adding the
    fuzzy grade (maximum membership) as column ``fuzzy_grade``;
    (4) grade within each group with :func:`grade` (default the 30 档位, grade 30 highest).

    Note for teaching: with triangular memberships, the M(·,+) operator and equally spaced
    grade values, B · v equals the weighted score exactly (triangles reproduce straight
    lines), so the fuzzy route only changes the result with the max-min operator — and it
    adds the verbal grade.

    ``period_range=(first, last)`` restricts the activity to those periods (weeks), as a
    periodic re-grading does (see :func:`regrade`).

    Returns one row per retailer: ``customer_id``, the group columns (and ``format_class``,
    ``region`` when present), the four criterion scores, ``score`` and ``grade``.

    Sources: 黄磊, 成都市烟草专卖局, 《浅谈客户关系管理》 (seed 002); the 30-grade practice is
    described in the course brief ("Figures from practice").

    Parameters
    ----------
    base_or_frames : CustomerBase, dict or pair
        As for :func:`tobacco_criteria`.
    period_range : (int, int), optional
        The periods graded (inclusive); None = all.
    weights : mapping, Series, AHPResult or sequence, optional
        Dimension weights (default :data:`TOBACCO_WEIGHTS`).
    by : str or sequence of str
        Groups graded separately (default format class × region).
    method, bands
        As for :func:`grade`.
    scoring : {"weighted", "fuzzy"}
        How the dimensions are combined.
    operator : {"weighted_average", "max_min"}
        The fuzzy operator (``scoring="fuzzy"``).
    normalise_method : str
        The :func:`normalise` method for the measures.
    criteria : mapping, optional
        As for :func:`tobacco_criteria`.

    Returns
    -------
    DataFrame
        One row per retailer (see above).

    References
    ----------
    黄磊, 成都市烟草专卖局, 《浅谈客户关系管理》 (course seed 002).

    >>> import casekit as ck
    >>> base = ck.tobacco(retailers=300, weeks=13, seed=1)
    >>> graded = ck.tobacco_grading(base, weights=ck.ahp(ck.pairwise_matrix(
    ...     ["contribution", "law_abiding", "integrity", "influence"], [3, 3, 5, 1, 2, 2])))
    >>> int(graded["grade"].min()), int(graded["grade"].max())
    (1, 30)
    """
    if scoring not in ("weighted", "fuzzy"):
        raise ValueError(f"tobacco_grading(scoring={scoring!r}): allowed values are "
                         "'weighted', 'fuzzy'")
    table = tobacco_criteria(base_or_frames, period_range, by=by, method=normalise_method,
                             criteria=criteria)
    dims = list((TOBACCO_CRITERIA if criteria is None else criteria).keys())
    w = _weights_series(TOBACCO_WEIGHTS if weights is None else weights,
                        dims if not isinstance(weights, (Mapping, pd.Series, AHPResult))
                        else None, "tobacco_grading(weights)")
    unknown = [k for k in w.index if k not in dims]
    if unknown:
        raise ValueError(f"tobacco_grading(weights): {unknown} are not criteria; the criteria "
                         f"are {dims}")
    fuzzy = None
    if scoring == "weighted":
        score = weighted_score(table[list(w.index)], w)
    else:
        membership = triangular_membership(table[list(w.index)])
        fuzzy = fuzzy_evaluate(w, membership, operator=operator)
        score = fuzzy.score
    by_cols = [by] if isinstance(by, str) else list(by or [])
    groups = [table[c] for c in by_cols] if by_cols else None
    shown = [c for c in table.columns[1:] if c in by_cols or c in ("format_class", "region")]
    keep = ["customer_id", *shown, *dims]
    result = table[keep].copy()
    if fuzzy is not None:
        result["fuzzy_grade"] = fuzzy.grade.to_numpy()
    result["score"] = score.to_numpy()
    result["grade"] = grade(result["score"], method, bands, by=groups).to_numpy()
    return result


def regrade(base_or_frames, every: int = 13, *, periods: int | None = None,
            grader: Callable[..., pd.DataFrame] | None = None, hysteresis: int = 0,
            **kwargs) -> pd.DataFrame:
    """Dynamic management (动态管理): grade again every ``every`` periods over the observed time.

    The observed periods 1..T (T = ``periods``, default the base's ``params.periods`` or the
    last period in the activity) are cut into windows of ``every`` periods — 13 weeks = a
    quarter — (the last window may be shorter); each window's retailers are graded on that
    window's activity with ``grader`` (default :func:`tobacco_grading`, extra keyword
    arguments passed on). Grades move up and down between windows (能上能下): compare two
    windows with :func:`transition_matrix` and :func:`grade_moves`.

    With ``hysteresis`` = k > 0 a retailer's grade moves only when the window's grade differs
    from the grade it holds by more than k grades (:func:`hold_grades`, applied window after
    window); ``raw_grade`` keeps the grade the window's score alone gives.

    Returns a long table: ``window`` (1, 2, …), ``first_period``, ``last_period``,
    ``customer_id``, ``score``, ``raw_grade``, ``grade``. One column per window:
    ``regrade(...).pivot(index="customer_id", columns="window", values="grade")``.

    Parameters
    ----------
    base_or_frames : CustomerBase, dict or pair
        As for :func:`tobacco_criteria`.
    every : int
        Periods per window (>= 1).
    periods : int, optional
        T, the last period (default the base's ``params.periods``).
    grader : callable, optional
        ``grader(base_or_frames, (first, last), **kwargs)`` returning ``customer_id``,
        ``score`` and ``grade`` (default :func:`tobacco_grading`).
    hysteresis : int
        k >= 0 grades (default 0: every change counts).
    **kwargs
        Passed to ``grader``.

    Returns
    -------
    DataFrame
        One row per window and retailer (see above).

    References
    ----------
    Course text 浅谈客户关系管理 (seed 002): dynamic management (动态管理), grades move up and
    down (能上能下). The hysteresis rule is this kit's assumption.

    >>> import casekit as ck
    >>> quarters = ck.regrade(ck.tobacco(retailers=300, weeks=26, seed=1), every=13)
    >>> wide = quarters.pivot(index="customer_id", columns="window", values="grade")
    >>> ck.grade_moves(wide[1], wide[2])["customers"].sum()
    np.int64(300)
    """
    if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
        raise ValueError(f"regrade(every={every!r}): expected a whole number of periods >= 1")
    customers, activity, observed = _frames(base_or_frames)
    if periods is None:
        periods = observed if observed is not None else (
            int(activity["period"].max()) if len(activity) else 0)
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(f"regrade(periods={periods!r}): expected a whole number >= 1")
    data_end = observed if observed is not None else (
        int(activity["period"].max()) if len(activity) else 0)
    if periods > data_end:
        raise ValueError(f"regrade(periods={periods!r}): the data cover periods 1..{data_end}; "
                         f"allowed: 1..{data_end}")
    if isinstance(hysteresis, bool) or not isinstance(hysteresis, (int, np.integer)) \
            or hysteresis < 0:
        raise ValueError(f"regrade(hysteresis={hysteresis!r}): expected a whole number of "
                         "grades >= 0")
    grader = tobacco_grading if grader is None else grader
    parts = []
    held = None
    for w, first in enumerate(range(1, int(periods) + 1, int(every)), start=1):
        last = min(first + int(every) - 1, int(periods))
        g = grader(base_or_frames, (first, last), **kwargs)
        require_columns(g, ["customer_id", "score", "grade"], "regrade: the grader's result")
        raw = pd.Series(g["grade"].to_numpy(), index=g["customer_id"].to_numpy())
        held = raw if held is None else hold_grades(held, raw, hysteresis)
        parts.append(pd.DataFrame({"window": np.int16(w), "first_period": np.int16(first),
                                   "last_period": np.int16(last),
                                   "customer_id": g["customer_id"].to_numpy(),
                                   "score": g["score"].to_numpy(),
                                   "raw_grade": raw.to_numpy(),
                                   "grade": held.to_numpy()}))
    return pd.concat(parts, ignore_index=True)
