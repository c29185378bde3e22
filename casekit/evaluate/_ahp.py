"""The analytic hierarchy process (Saaty): weights from pairwise judgements, consistency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..validate import check_tolerance


# --------------------------------------------------------------------------------------------
# AHP
# --------------------------------------------------------------------------------------------

#: Saaty's random index RI(n): the mean consistency index of random reciprocal matrices
#: (Saaty 1980, *The Analytic Hierarchy Process*, table 1.7; n = 10 from the same table).
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
                10: 1.49}


@dataclass(frozen=True)
class AHPResult:
    """What :func:`ahp` derives from a pairwise comparison matrix.

    Attributes
    ----------
    weights : pandas.Series
        The priority vector, one weight per criterion (indexed by the matrix labels); sums
        to 1.
    lambda_max : float
        The principal eigenvalue of the matrix (n for a perfectly consistent one).
    ci : float
        Consistency index CI = (lambda_max - n) / (n - 1).
    ri : float
        Saaty's random index for a matrix of order n.
    cr : float
        Consistency ratio CR = CI / RI (0 when RI is 0, n <= 2).
    consistent : bool
        True when ``cr`` < ``threshold``.
    threshold : float
        The CR cut-off used (Saaty's 0.10 by default).
    matrix : pandas.DataFrame
        The checked pairwise comparison matrix.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    ri: float
    cr: float
    consistent: bool
    threshold: float
    matrix: pd.DataFrame

    @property
    def n(self) -> int:
        """The order of the matrix: how many criteria are weighed."""
        return len(self.weights)

    def summary(self) -> pd.DataFrame:
        """The weights with the consistency figures as a small table (for notebooks).

        Returns
        -------
        pandas.DataFrame
            Columns ``item`` and ``value``: one row per weight, then lambda_max, CI, RI, CR.
        """
        rows = [{"item": str(k), "value": float(v)} for k, v in self.weights.items()]
        rows += [{"item": "lambda_max", "value": self.lambda_max},
                 {"item": "CI", "value": self.ci}, {"item": "RI", "value": self.ri},
                 {"item": "CR", "value": self.cr}]
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        w = ", ".join(f"{k}: {v:.3f}" for k, v in self.weights.items())
        verdict = (f"consistent: CR < {self.threshold:g}" if self.consistent else
                   f"NOT consistent: CR ≥ {self.threshold:g}, revise the judgements")
        return (f"AHP weights {{{w}}}; λmax = {self.lambda_max:.3f}, CI = {self.ci:.3f}, "
                f"RI = {self.ri:.2f}, CR = {self.cr:.3f} ({verdict})")


def _cell(frame_like: bool, names: Sequence[Any], i: int, j: int) -> str:
    if frame_like:
        return f"pairwise.loc[{names[i]!r}, {names[j]!r}]"
    return f"pairwise[{i}, {j}]"


def ahp(pairwise, *, tol: float = 1e-3, threshold: float = 0.10) -> AHPResult:
    """Criterion weights from a pairwise comparison matrix: Saaty's analytic hierarchy process.

    ``pairwise[i, j]`` says how many times criterion i is more important than criterion j, on
    Saaty's 1–9 scale (1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely more
    important; 1/3, 1/5, … the other way round). The matrix must be square, positive and
    reciprocal: a_ii = 1 and a_ji = 1 / a_ij (checked to relative tolerance ``tol``, so 0.333
    passes for 1/3).

    Formulas (Saaty 1980):

    - weights w = the principal eigenvector of A (A·w = λmax·w, computed with
      ``numpy.linalg.eig``), scaled to sum to 1;
    - consistency index CI = (λmax − n) / (n − 1)  (λmax = n exactly when every judgement
      agrees, a_ij = w_i / w_j);
    - consistency ratio CR = CI / RI(n), with Saaty's random index :data:`RANDOM_INDEX`
      (n = 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45);
      for n ≤ 2 every reciprocal matrix is consistent and CR = 0 by definition;
    - the judgements are accepted when CR < 0.10 (``threshold``).

    Sources: T. L. Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill; T. L. Saaty
    (1990), "How to make a decision: the analytic hierarchy process", *European Journal of
    Operational Research* 48, 9–26.

    Parameters
    ----------
    pairwise : DataFrame (index = columns = criterion names) or a square array-like
        For an array the criteria are numbered 0..n−1. Build one from the upper triangle with
        :func:`pairwise_matrix`.

    Returns
    -------
    AHPResult
        The weights, λmax, CI, RI, CR and whether CR < ``threshold``.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process. *European
    Journal of Operational Research*, 48, 9–26.

    >>> r = ahp(pairwise_matrix(["sales", "credit", "location"], [2, 4, 2]))
    >>> r.weights.round(3).tolist(), round(r.cr, 6)
    ([0.571, 0.286, 0.143], 0.0)
    """
    frame_like = isinstance(pairwise, pd.DataFrame)
    if frame_like:
        names = list(pairwise.columns)
        if list(pairwise.index) != names:
            raise ValueError("ahp(pairwise): the row labels "
                             f"{list(pairwise.index)} must equal the column labels {names}, "
                             "in the same order")
        for col in names:
            if not pd.api.types.is_numeric_dtype(pairwise[col].dtype):
                raise TypeError(f"ahp(pairwise): column {col!r} has dtype "
                                f"{pairwise[col].dtype}; expected numbers")
        a = pairwise.to_numpy(dtype=float)
    else:
        try:
            a = np.asarray(pairwise, dtype=float)
        except (TypeError, ValueError):
            raise TypeError("ahp(pairwise): expected a square matrix of positive numbers "
                            f"(DataFrame or nested lists), got {pairwise!r}") from None
        names = list(range(a.shape[0])) if a.ndim == 2 else []
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"ahp(pairwise): the matrix must be square (n × n); got shape "
                         f"{a.shape}")
    n = a.shape[0]
    if n == 0:
        raise ValueError("ahp(pairwise): the matrix is empty; need at least one criterion")
    if n > max(RANDOM_INDEX):
        raise ValueError(f"ahp(pairwise): {n} criteria; Saaty's random index is tabulated up "
                         f"to n = {max(RANDOM_INDEX)}. Group the criteria into a hierarchy "
                         "(at most 7 ± 2 per level, as Saaty advises)")
    if not (isinstance(threshold, (int, float)) and 0 < threshold < 1):
        raise ValueError(f"ahp(threshold={threshold!r}): allowed: a number in (0, 1)")
    tol = check_tolerance("ahp", tol)
    bad = np.argwhere(~np.isfinite(a))
    if len(bad):
        i, j = bad[0]
        raise ValueError(f"ahp(pairwise): {_cell(frame_like, names, i, j)} = {float(a[i, j])!r}; "
                         "every judgement must be a finite positive number")
    bad = np.argwhere(a <= 0)
    if len(bad):
        i, j = bad[0]
        raise ValueError(f"ahp(pairwise): {_cell(frame_like, names, i, j)} = {a[i, j]:g}; "
                         "every judgement must be positive (use 1/3 for 'a third as "
                         "important', not a negative number or 0)")
    diag = np.argwhere(np.abs(np.diag(a) - 1.0) > tol)
    if len(diag):
        i = int(diag[0][0])
        raise ValueError(f"ahp(pairwise): {_cell(frame_like, names, i, i)} = {a[i, i]:g}; a "
                         "criterion compared with itself must be 1")
    off = np.abs(a * a.T - 1.0) > tol
    bad = np.argwhere(np.triu(off, 1))
    if len(bad):
        i, j = bad[0]
        raise ValueError(f"ahp(pairwise): not reciprocal: {_cell(frame_like, names, i, j)} = "
                         f"{a[i, j]:g} but {_cell(frame_like, names, j, i)} = {a[j, i]:g}; "
                         f"it must be 1 / {a[i, j]:g} = {1 / a[i, j]:.4g}")

    eigenvalues, vectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    lam = float(eigenvalues[k].real)
    v = np.abs(vectors[:, k].real)          # Perron vector: one sign; abs removes eig's sign
    w = v / v.sum()
    if n <= 2:
        ci = cr = 0.0
        lam = float(n) if n == 2 else 1.0
    else:
        ci = max((lam - n) / (n - 1), 0.0)  # λmax >= n in exact arithmetic (Saaty 1980)
        cr = ci / RANDOM_INDEX[n]
    weights = pd.Series(w, index=names, name="weight")
    matrix = pd.DataFrame(a, index=names, columns=names)
    return AHPResult(weights=weights, lambda_max=lam, ci=ci, ri=RANDOM_INDEX[n], cr=cr,
                     consistent=bool(cr < threshold), threshold=float(threshold),
                     matrix=matrix)


def pairwise_matrix(criteria: Sequence[Any], judgements) -> pd.DataFrame:
    """A reciprocal pairwise comparison matrix built from the upper-triangle judgements.

    ``judgements`` is either a mapping ``{(a, b): value}`` — "a is `value` times as important
    as b" — naming every pair of criteria once (either order), or a flat list of the
    n(n−1)/2 upper-triangle values in reading order: (0,1), (0,2), …, (0,n−1), (1,2), …
    The diagonal is 1 and the lower triangle is filled with a_ji = 1 / a_ij.

    Parameters
    ----------
    criteria : sequence
        The n criteria, in order.
    judgements : mapping or sequence of float
        ``{(a, b): value}`` for every pair, or the n(n−1)/2 upper-triangle values.

    Returns
    -------
    DataFrame
        The n × n reciprocal matrix, indexed by ``criteria``.

    References
    ----------
    Saaty (1980), *The Analytic Hierarchy Process*.

    >>> pairwise_matrix(["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2}).round(3)
           a    b    c
    a  1.000  3.0  5.0
    b  0.333  1.0  2.0
    c  0.200  0.5  1.0
    """
    names = list(criteria)
    n = len(names)
    if n == 0:
        raise ValueError("pairwise_matrix(criteria=[]): need at least one criterion")
    if len(set(map(str, names))) != n:
        raise ValueError(f"pairwise_matrix(criteria={names!r}): names must be unique")
    pos = {c: i for i, c in enumerate(names)}
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    a = np.ones((n, n))
    if isinstance(judgements, Mapping):
        seen = set()
        for key, value in judgements.items():
            if not (isinstance(key, tuple) and len(key) == 2):
                raise ValueError(f"pairwise_matrix(judgements): key {key!r} must be a pair "
                                 "(criterion_a, criterion_b)")
            for c in key:
                if c not in pos:
                    raise ValueError(f"pairwise_matrix(judgements): {c!r} in {key!r} is not a "
                                     f"criterion; criteria: {names}")
            i, j = pos[key[0]], pos[key[1]]
            if i == j:
                raise ValueError(f"pairwise_matrix(judgements): {key!r} compares a criterion "
                                 "with itself (that is always 1; leave it out)")
            pair = (min(i, j), max(i, j))
            if pair in seen:
                raise ValueError(f"pairwise_matrix(judgements): the pair {key!r} is given "
                                 "twice")
            seen.add(pair)
            v = _judgement(value, key)
            a[i, j], a[j, i] = v, 1.0 / v
        missing = [(names[i], names[j]) for i, j in pairs if (i, j) not in seen]
        if missing:
            raise ValueError(f"pairwise_matrix(judgements): pair(s) {missing} have no "
                             "judgement; give each pair once (1 = equally important)")
    else:
        if isinstance(judgements, (str, bytes)) or not np.iterable(judgements):
            raise TypeError("pairwise_matrix(judgements=...): expected a mapping "
                            "{(a, b): value} or a list of upper-triangle values")
        values = list(judgements)
        if len(values) != len(pairs):
            raise ValueError(f"pairwise_matrix(judgements): {n} criteria need "
                             f"{len(pairs)} upper-triangle judgements, got {len(values)}")
        for (i, j), value in zip(pairs, values):
            v = _judgement(value, (names[i], names[j]))
            a[i, j], a[j, i] = v, 1.0 / v
    return pd.DataFrame(a, index=names, columns=names)


def _judgement(value: Any, key: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"pairwise_matrix(judgements): {key!r} = {value!r}; expected a number")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"pairwise_matrix(judgements): {key!r} = {value!r}; judgements must "
                         "be positive numbers (Saaty's scale 1/9 … 9)")
    return float(value)
