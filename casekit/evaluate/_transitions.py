"""Transitions between two gradings: the matrix of moves and up / same / down."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd


# --------------------------------------------------------------------------------------------
# Transitions between two gradings
# --------------------------------------------------------------------------------------------


def _aligned_pair(before, after, name: str):
    b = before if isinstance(before, pd.Series) else pd.Series(np.asarray(before))
    a = after if isinstance(after, pd.Series) else pd.Series(np.asarray(after))
    if len(b) == 0 or len(a) == 0:
        raise ValueError(f"{name}: the gradings are empty")
    if not (isinstance(before, pd.Series) and isinstance(after, pd.Series)):
        if len(b) != len(a):
            raise ValueError(f"{name}: {len(b)} grades before but {len(a)} after; pass Series "
                             "indexed by customer to align them")
        b, a = b.reset_index(drop=True), a.reset_index(drop=True)
    elif not b.index.equals(a.index):
        if not (b.index.is_unique and a.index.is_unique):
            raise ValueError(f"{name}: the index (customer) must be unique in both gradings")
        common = b.index.intersection(a.index)
        if len(common) == 0:
            raise ValueError(f"{name}: no customer appears in both gradings")
        b, a = b.loc[common], a.loc[common]
    if b.isna().any() or a.isna().any():
        raise ValueError(f"{name}: missing grades (NaN) — {int(b.isna().sum())} before, "
                         f"{int(a.isna().sum())} after")
    return b, a


def _grade_order(b: pd.Series, a: pd.Series, grades) -> list:
    if grades is not None:
        return list(grades)
    for s in (b, a):
        if isinstance(s.dtype, pd.CategoricalDtype):
            return list(s.cat.categories)
    values = pd.unique(np.concatenate([b.to_numpy(), a.to_numpy()]))
    return sorted(values.tolist())


def _codes(s: pd.Series, order: list, name: str, which: str) -> np.ndarray:
    values = s.astype(object) if isinstance(s.dtype, pd.CategoricalDtype) else s
    known = pd.Index(order)
    codes = known.get_indexer(values.to_numpy())
    if (codes < 0).any():
        unknown = sorted(set(values[codes < 0].tolist()), key=str)[:5]
        raise ValueError(f"{name}: grade(s) {unknown} {which} are not among grades={order}")
    return codes.astype(np.int64)


def transition_matrix(before, after, *, grades: Sequence[Any] | None = None,
                      empty: str = "stay", counts: bool = False) -> pd.DataFrame:
    """How customers moved between two gradings: P[i, j] = share of grade-i customers now in j.

    P[i, j] = N(before = i, after = j) / N(before = i); each row sums to 1 (a Markov
    transition matrix estimated by counting, as in Pfeifer & Carraway 2000).

    ``before`` and ``after`` are grades per customer: Series indexed by customer (matched on
    the index; customers in only one of them are left out) or equal-length arrays. Rows and
    columns list ``grades`` (default: the categories of a categorical, else every grade seen,
    sorted). A grade that nobody held before has no evidence; ``empty`` says what its row
    shows: ``"stay"`` (default: 1 on the diagonal, "assume they would keep their grade", so
    every row sums to 1), ``"nan"`` (a row of NaN) or ``"zero"`` (a row of 0).
    ``counts=True`` returns the counts N instead.

    Parameters
    ----------
    before, after : Series or array_like
        Grades per customer in the two gradings.
    grades : sequence, optional
        The grades, in order (rows and columns).
    empty : {"stay", "nan", "zero"}
        What the row of a grade nobody held shows.
    counts : bool
        Return the counts N instead of shares.

    Returns
    -------
    DataFrame
        Rows ``before``, columns ``after``.

    References
    ----------
    Pfeifer & Carraway (2000), "Modeling customer relationships as Markov chains".

    >>> transition_matrix(pd.Series([1, 1, 2, 2]), pd.Series([1, 2, 2, 2]))
    ...                                                      # doctest: +NORMALIZE_WHITESPACE
    after     1    2
    before
    1       0.5  0.5
    2       0.0  1.0
    """
    if empty not in ("stay", "nan", "zero"):
        raise ValueError(f"transition_matrix(empty={empty!r}): allowed values are 'stay', "
                         "'nan', 'zero'")
    name = "transition_matrix"
    b, a = _aligned_pair(before, after, name)
    order = _grade_order(b, a, grades)
    k = len(order)
    cb, ca = _codes(b, order, name, "before"), _codes(a, order, name, "after")
    n = np.bincount(cb * k + ca, minlength=k * k).reshape(k, k)
    idx = pd.Index(order, name="before")
    cols = pd.Index(order, name="after")
    if counts:
        return pd.DataFrame(n, index=idx, columns=cols)
    rows = n.sum(axis=1, keepdims=True)
    p = n / np.where(rows > 0, rows, 1)
    empty_rows = rows[:, 0] == 0
    if empty == "stay":
        p[empty_rows] = np.eye(k)[empty_rows]
    elif empty == "nan":
        p[empty_rows] = np.nan
    return pd.DataFrame(p, index=idx, columns=cols)


def grade_moves(before, after, *, grades: Sequence[Any] | None = None) -> pd.DataFrame:
    """How many customers moved up, stayed, or moved down a grade (能上能下).

    Grades are compared in their order (``grades``, the categorical order, or sorted values);
    a higher grade is better. Returns a table with rows ``up``, ``same``, ``down`` and columns
    ``customers`` and ``share`` (shares sum to 1), plus ``mean_step`` (average grades moved
    among those who moved, signed).

    Parameters
    ----------
    before, after : Series or array_like
        Grades per customer in the two gradings.
    grades : sequence, optional
        The grades, worst first.

    Returns
    -------
    DataFrame
        Rows up / same / down; columns ``customers``, ``share``, ``mean_step``.

    >>> grade_moves(pd.Series([1, 2, 3]), pd.Series([2, 2, 1]))["customers"].tolist()
    [1, 1, 1]
    """
    name = "grade_moves"
    b, a = _aligned_pair(before, after, name)
    order = _grade_order(b, a, grades)
    step = _codes(a, order, name, "after") - _codes(b, order, name, "before")
    counts = np.array([(step > 0).sum(), (step == 0).sum(), (step < 0).sum()])
    mean_step = [step[step > 0].mean() if counts[0] else 0.0, 0.0,
                 step[step < 0].mean() if counts[2] else 0.0]
    return pd.DataFrame({"customers": counts, "share": counts / counts.sum(),
                         "mean_step": mean_step},
                        index=pd.Index(["up", "same", "down"], name="move"))
