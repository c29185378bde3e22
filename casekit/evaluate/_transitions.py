"""Transitions between two gradings: the matrix of moves, up / same / down, and a hysteresis
band that keeps grades stable (hold_grades)."""

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

    References
    ----------
    Course text 浅谈客户关系管理 (seed 002): dynamic management, grades move up and down
    (能上能下).

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


# --------------------------------------------------------------------------------------------
# Stable grades: a hysteresis band
# --------------------------------------------------------------------------------------------


def hold_grades(previous: pd.Series, current: pd.Series, hysteresis: int = 0) -> pd.Series:
    """Grades with a hysteresis band: a retailer moves only when its new grade differs from
    its held grade by more than ``hysteresis`` grades.

    With k = ``hysteresis``, a retailer held at grade h whose new score gives grade g gets
    g if |g − h| > k, and keeps h otherwise. k = 0 is plain re-grading (every change
    counts); a larger k ignores small moves that are mostly noise, so a grade — and the
    service and supply that go with it — changes only when the retailer has really moved
    (stability), while a real rise still earns a better grade (incentive: 帮助客户找准位置，
    有所激励, seed 002).

    Parameters
    ----------
    previous, current : Series
        Numeric grades indexed by customer_id: the held grades and the new raw grades.
        Customers in ``current`` but not in ``previous`` take their new grade.
    hysteresis : int
        k >= 0, in grades.

    Returns
    -------
    Series
        The held grades, on ``current``'s index and dtype.

    References
    ----------
    A dead band (hysteresis) as in control engineering: a switch that changes state only
    when the signal crosses the threshold by more than a margin (e.g. Åström & Murray 2008,
    *Feedback Systems*, §1.5 on on-off control with hysteresis).

    >>> import pandas as pd
    >>> held = pd.Series([10, 10, 10], index=[1, 2, 3])
    >>> new = pd.Series([12, 13, 7], index=[1, 2, 3])
    >>> hold_grades(held, new, hysteresis=2).tolist()
    [10, 13, 7]
    """
    if isinstance(hysteresis, bool) or not isinstance(hysteresis, (int, np.integer)) \
            or hysteresis < 0:
        raise ValueError(f"hold_grades(hysteresis={hysteresis!r}): expected a whole number "
                         "of grades >= 0")
    for name, s in (("previous", previous), ("current", current)):
        if not isinstance(s, pd.Series):
            raise TypeError(f"hold_grades({name}=...): expected a pandas Series of grades "
                            f"indexed by customer_id, got {type(s).__name__}")
        if not s.index.is_unique:
            raise ValueError(f"hold_grades({name}=...): the index (customer_id) must be unique")
    held = previous.reindex(current.index)
    new = current.astype(float)
    move = held.isna() | ((new - held.astype(float)).abs() > hysteresis)
    out = new.where(move, held.astype(float))
    return out.astype(current.dtype)
