"""Fuzzy comprehensive evaluation: weights × membership matrix → grade memberships."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..validate import check_tolerance
from ._ahp import AHPResult
from ._inputs import SUM_TOL, _numeric_matrix, _weights_series


# --------------------------------------------------------------------------------------------
# Fuzzy comprehensive evaluation
# --------------------------------------------------------------------------------------------

#: The default grade set V of the fuzzy evaluation, best first (优, 良, 中, 差).
FUZZY_GRADES = ("excellent", "good", "fair", "poor")

_OPERATORS = ("weighted_average", "max_min")


@dataclass(frozen=True)
class FuzzyResult:
    """What :func:`fuzzy_evaluate` returns.

    Attributes
    ----------
    b : pandas.Series or pandas.DataFrame
        The evaluation vector B over the grades, summing to 1 (a DataFrame with one row per
        object for a batch).
    grade : label or pandas.Series
        The grade with the largest membership (maximum membership principle); one per
        object for a batch.
    score : float or pandas.Series
        B · v, with v the ``grade_values``.
    grade_values : pandas.Series
        The value v of each grade used for ``score``.
    operator : str
        The composition operator used (see :func:`fuzzy_evaluate`).
    """

    b: pd.Series | pd.DataFrame
    grade: Any
    score: Any
    grade_values: pd.Series
    operator: str

    def table(self) -> pd.DataFrame:
        """For a batch: B per object with its grade and score, in one DataFrame.

        Returns
        -------
        pandas.DataFrame
            One row per object (one row for a single evaluation): B over the grades, then
            ``grade`` and ``score``.
        """
        if isinstance(self.b, pd.Series):
            out = self.b.to_frame().T
            out["grade"], out["score"] = self.grade, self.score
            return out.reset_index(drop=True)
        out = self.b.copy()
        out["grade"], out["score"] = self.grade, self.score
        return out


def fuzzy_evaluate(weights, membership, operator: str = "weighted_average",
                   grade_values=None, *, grades: Sequence[str] | None = None,
                   tol: float = SUM_TOL) -> FuzzyResult:
    """Fuzzy comprehensive evaluation (模糊综合评价): B = A ∘ R, its grade and score.

    A is the weight vector over the factor set U (m criteria, summing to 1); R is the
    membership matrix (m × k): r_ij is how far the object belongs to grade j of the grade set
    V on criterion i (each row sums to 1). Two composition operators:

    - ``"weighted_average"``, M(·, +) (the default): b_j = Σ_i a_i · r_ij. Every factor
      counts in proportion to its weight; B sums to 1 by itself.
    - ``"max_min"``, Zadeh's M(∧, ∨): b_j = max_i min(a_i, r_ij), then B is normalised to sum
      to 1. Only the dominant factor for each grade counts (the classic form, which loses
      information; shown for comparison).

    The grade is the j with the largest b_j (ties: the grade listed first); the score is
    B · v with ``grade_values`` v (default: equally spaced from 1 for the first grade, which
    is the best, down to 0 for the last; e.g. excellent 1, good 2/3, fair 1/3, poor 0).

    Textbook form, e.g. 汪培庄 (Wang Peizhuang 1983), *模糊集合论及其应用*; the operators
    M(·,+) and M(∧,∨) are named as in Chinese textbooks of fuzzy comprehensive evaluation.

    Parameters
    ----------
    weights : mapping, Series, AHPResult or sequence (length m)
    membership :
        - one object: a DataFrame (index = criteria, columns = grades) or an m × k array;
        - a batch of n objects: an n × m × k array, or a DataFrame with one row per object
          and two-level columns (criterion, grade), as :func:`triangular_membership` returns.
    grades : names of the k grades, best first (default: the DataFrame's, else
        :data:`FUZZY_GRADES` for k = 4, else "grade_1", …).

    Returns
    -------
    FuzzyResult
        B, the grade and the score (one per object for a batch).

    References
    ----------
    汪培庄 (Wang Peizhuang) (1983). *模糊集合论及其应用*. 上海科学技术出版社.

    Zadeh, L. A. (1965). Fuzzy sets. *Information and Control*, 8(3), 338–353.

    >>> R = [[0.5, 0.3, 0.2, 0.0], [0.1, 0.3, 0.4, 0.2]]
    >>> r = fuzzy_evaluate([0.6, 0.4], R)     # b_1 = 0.6·0.5 + 0.4·0.1 = 0.34, …
    >>> r.b.round(2).tolist(), r.grade, round(r.score, 3)
    ([0.34, 0.3, 0.28, 0.08], 'excellent', 0.633)
    """
    tol = check_tolerance("fuzzy_evaluate", tol)
    if operator not in _OPERATORS:
        raise ValueError(f"fuzzy_evaluate(operator={operator!r}): allowed values are "
                         f"{_OPERATORS}")
    r, criteria, grade_names, index, batch = _membership_array(membership, weights, grades,
                                                               tol)
    m, k = r.shape[-2], r.shape[-1]
    is_list = not isinstance(weights, (Mapping, pd.Series, AHPResult))
    w = _weights_series(weights, criteria if is_list else None, "fuzzy_evaluate(weights)", tol)
    if not is_list:
        unknown = [c for c in w.index if c not in criteria]
        absent = [c for c in criteria if c not in w.index]
        if unknown or absent:
            raise ValueError(f"fuzzy_evaluate: weights name criteria {list(w.index)} but the "
                             f"membership matrix has {list(criteria)}")
        w = w.reindex(criteria)
    a = w.to_numpy()
    if len(a) != m:
        raise ValueError(f"fuzzy_evaluate: {len(a)} weights for {m} criteria (rows of R)")
    v = _grade_values(grade_values, grade_names)
    if operator == "weighted_average":
        b = np.einsum("i,...ij->...j", a, r)
    else:
        b = np.minimum(a[:, None], r).max(axis=-2)
        total = b.sum(axis=-1, keepdims=True)
        b = b / np.where(total > 0, total, 1.0)
    best = np.argmax(b, axis=-1)
    score = b @ v.to_numpy()
    names = np.asarray(grade_names, dtype=object)
    if not batch:
        return FuzzyResult(b=pd.Series(b, index=grade_names, name="membership"),
                           grade=names[best], score=float(score), grade_values=v,
                           operator=operator)
    b_frame = pd.DataFrame(b, index=index, columns=grade_names)
    grade_s = pd.Series(pd.Categorical.from_codes(best, categories=list(grade_names)),
                        index=index, name="grade")
    return FuzzyResult(b=b_frame, grade=grade_s, score=pd.Series(score, index=index,
                                                                 name="score"),
                       grade_values=v, operator=operator)


def _default_grades(k: int) -> list[str]:
    return list(FUZZY_GRADES) if k == len(FUZZY_GRADES) else [f"grade_{j + 1}" for j in range(k)]


def _grade_values(grade_values, grade_names: Sequence[str]) -> pd.Series:
    k = len(grade_names)
    if grade_values is None:
        v = np.linspace(1.0, 0.0, k) if k > 1 else np.ones(1)
        return pd.Series(v, index=list(grade_names), name="grade_value")
    if isinstance(grade_values, Mapping) or isinstance(grade_values, pd.Series):
        gv = pd.Series(dict(grade_values))
        if set(map(str, gv.index)) != set(map(str, grade_names)):
            raise ValueError(f"fuzzy_evaluate(grade_values): keys {list(gv.index)} must be the "
                             f"grades {list(grade_names)}")
        gv = gv.reindex(list(grade_names))
    else:
        vals = np.asarray(grade_values, dtype=float).ravel()
        if len(vals) != k:
            raise ValueError(f"fuzzy_evaluate(grade_values): {len(vals)} values for {k} grades "
                             f"{list(grade_names)}")
        gv = pd.Series(vals, index=list(grade_names))
    if not np.isfinite(gv.to_numpy(dtype=float)).all():
        raise ValueError(f"fuzzy_evaluate(grade_values={list(gv)}): values must be finite")
    return gv.astype(float).rename("grade_value")


def _membership_array(membership, weights, grades, tol: float = SUM_TOL):
    """(R as array m×k or n×m×k, criteria names, grade names, row index, batch?)."""
    index = None
    if isinstance(membership, pd.DataFrame) and isinstance(membership.columns, pd.MultiIndex):
        if membership.columns.nlevels != 2:
            raise ValueError("fuzzy_evaluate(membership): two-level columns (criterion, grade) "
                             "expected")
        criteria = list(dict.fromkeys(membership.columns.get_level_values(0)))
        grade_names = list(dict.fromkeys(membership.columns.get_level_values(1)))
        full = pd.MultiIndex.from_product([criteria, grade_names])
        if len(full) != membership.shape[1] or not full.isin(membership.columns).all():
            raise ValueError("fuzzy_evaluate(membership): every criterion needs a column for "
                             f"every grade {grade_names}")
        if membership.shape[0] == 0:
            raise ValueError("fuzzy_evaluate(membership): is empty (no rows)")
        ordered = membership if membership.columns.equals(full) else membership[full]
        values = _numeric_matrix(ordered, "fuzzy_evaluate(membership)")
        r = values.reshape(membership.shape[0], len(criteria), len(grade_names))
        index, batch = membership.index, True
    elif isinstance(membership, pd.DataFrame):
        if membership.shape[0] == 0 or membership.shape[1] == 0:
            raise ValueError(f"fuzzy_evaluate(membership): is empty (shape {membership.shape})")
        r = _numeric_matrix(membership, "fuzzy_evaluate(membership)")
        criteria, grade_names, batch = list(membership.index), list(membership.columns), False
    else:
        try:
            r = np.asarray(membership, dtype=float)
        except (TypeError, ValueError):
            raise TypeError("fuzzy_evaluate(membership): expected an m × k matrix (criteria × "
                            "grades) or an n × m × k array of numbers") from None
        if r.ndim not in (2, 3) or 0 in r.shape:
            raise ValueError("fuzzy_evaluate(membership): expected an m × k matrix (criteria × "
                             f"grades) or an n × m × k array; got shape {r.shape}")
        if not np.isfinite(r).all():
            raise ValueError("fuzzy_evaluate(membership): NaN or infinite values")
        batch = r.ndim == 3
        m = r.shape[-2]
        if isinstance(weights, AHPResult):
            criteria = list(weights.weights.index)
        elif isinstance(weights, (Mapping, pd.Series)):
            criteria = list(pd.Series(dict(weights)).index) if isinstance(weights, Mapping) \
                else list(weights.index)
        else:
            criteria = list(range(m))
        if len(criteria) != m:
            raise ValueError(f"fuzzy_evaluate: {len(criteria)} weights for {m} criteria (rows "
                             "of R)")
        grade_names = None
        if batch:
            index = pd.RangeIndex(r.shape[0])
    k = r.shape[-1]
    if grades is not None:
        grades = list(grades)
        if len(grades) != k:
            raise ValueError(f"fuzzy_evaluate(grades={grades}): {len(grades)} names for {k} "
                             "grade columns")
        grade_names = grades
    elif grade_names is None:
        grade_names = _default_grades(k)
    if r.min() < -tol or r.max() > 1 + tol:
        raise ValueError("fuzzy_evaluate(membership): memberships must lie in [0, 1]")
    sums = r.sum(axis=-1)
    bad = np.abs(sums - 1.0) > tol
    if bad.any():
        where = np.argwhere(bad)[0]
        crit = criteria[int(where[-1])]
        obj = f"object {index[int(where[0])]!r}, " if batch else ""
        raise ValueError(f"fuzzy_evaluate(membership): the row of {obj}criterion {crit!r} sums "
                         f"to {sums[tuple(where)]:.6g}; each criterion's memberships over the "
                         "grades must sum to 1")
    return r, criteria, grade_names, index, batch


def triangular_membership(scores: pd.DataFrame, grades: Sequence[str] = FUZZY_GRADES
                          ) -> pd.DataFrame:
    """Membership of criterion scores in [0, 1] in k grades, by triangular functions.

    Grade j (best first) has its peak at c_j = 1 − j/(k − 1) (four grades: 1, 2/3, 1/3, 0);
    r_j(x) = max(0, 1 − (k − 1)·|x − c_j|). Neighbouring triangles overlap so that each row
    sums to 1 (a fuzzy partition): x = 0.8 with four grades is 0.4 "excellent" and 0.6 "good".
    The usual textbook choice of membership function for scores on a common scale.

    Returns one row per object with two-level columns (criterion, grade), ready for
    :func:`fuzzy_evaluate`.

    Parameters
    ----------
    scores : DataFrame
        One column per criterion, scores in [0, 1].
    grades : sequence of str
        The k >= 2 grades, best first (default :data:`FUZZY_GRADES`).

    Returns
    -------
    DataFrame
        Memberships with columns (criterion, grade); each criterion's row sums to 1.

    References
    ----------
    Zadeh, L. A. (1965). Fuzzy sets. *Information and Control*, 8(3), 338–353.

    汪培庄 (Wang Peizhuang) (1983). *模糊集合论及其应用*. 上海科学技术出版社.

    >>> m = triangular_membership(pd.DataFrame({"sales": [0.8]}))
    >>> m.round(2).iloc[0].tolist()
    [0.4, 0.6, 0.0, 0.0]
    """
    if not isinstance(scores, pd.DataFrame):
        if isinstance(scores, pd.Series):
            scores = scores.to_frame(scores.name if scores.name is not None else "score")
        else:
            raise TypeError("triangular_membership(scores=...): expected a DataFrame of "
                            f"criterion scores in [0, 1], got {type(scores).__name__}")
    if scores.shape[0] == 0 or scores.shape[1] == 0:
        raise ValueError(f"triangular_membership(scores): is empty (shape {scores.shape})")
    x = _numeric_matrix(scores, "triangular_membership(scores)")
    if (x < -1e-12).any() or (x > 1 + 1e-12).any():
        raise ValueError("triangular_membership(scores): scores must lie in [0, 1]; use "
                         "casekit.normalise first")
    grades = list(grades)
    k = len(grades)
    if k < 2:
        raise ValueError(f"triangular_membership(grades={grades}): need at least two grades")
    centres = 1.0 - np.arange(k) / (k - 1)
    r = x[:, :, None] - centres[None, None, :]          # in place from here: n·m·k can be big
    np.abs(r, out=r)
    r *= -(k - 1)
    r += 1.0
    r[r < 1e-12] = 0.0                          # clip at 0 (and drop rounding dust)
    columns = pd.MultiIndex.from_product([list(scores.columns), grades],
                                         names=["criterion", "grade"])
    return pd.DataFrame(r.reshape(len(scores), -1), index=scores.index, columns=columns,
                        copy=False)
