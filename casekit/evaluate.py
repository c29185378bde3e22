"""Multi-criteria evaluation: normalisation, weighted scores, AHP, fuzzy evaluation, grading.

The course's second way of finding key customers (after ranking them by one measure) is to
score them on several criteria at once and grade them (客户分级). This module holds the
textbook tools, each a small pure function on DataFrames:

=====================  =======================================================================
:func:`normalise`      each criterion to [0, 1] (min-max or rank), 1 = best
:func:`weighted_score` Σ_j w_j · x_ij with weights summing to 1
:func:`ahp`            weights from a pairwise comparison matrix (Saaty's AHP, 层次分析法)
:func:`fuzzy_evaluate` fuzzy comprehensive evaluation B = A ∘ R (模糊综合评价)
:func:`grade`          scores → grades: quantile bands, the 30-grade 档位 scheme, thresholds
:func:`tobacco_grading` the Chengdu tobacco bureau's pipeline (seed 002): format class first,
                       then contribution / law-abiding / integrity / influence, 区别城乡
:func:`regrade`        dynamic management (动态管理): re-grade every N periods
:func:`transition_matrix`, :func:`grade_moves`  how grades move between two gradings (能上能下)
=====================  =======================================================================

Nothing here imports matplotlib or ipywidgets; pictures are in ``casekit.plots`` and
dashboards in ``casekit.widgets``.

>>> import casekit as ck
>>> r = ck.ahp([[1, 3], [1/3, 1]])
>>> r.weights.round(2).tolist()
[0.75, 0.25]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import labels
from .base import require_columns

__all__ = [
    "normalise", "weighted_score",
    "RANDOM_INDEX", "AHPResult", "ahp", "pairwise_matrix",
    "FUZZY_GRADES", "FuzzyResult", "fuzzy_evaluate", "triangular_membership",
    "grade", "transition_matrix", "grade_moves",
    "TOBACCO_CRITERIA", "TOBACCO_WEIGHTS", "tobacco_criteria", "tobacco_grading", "regrade",
]

labels.register({
    "contribution": ("contribution", "贡献度"),
    "law_abiding": ("law-abiding", "守法度"),
    "integrity": ("integrity", "诚信度"),
    "influence": ("influence", "影响度"),
    "format_class": ("format class", "业态类别"),
    "score": ("score", "得分"),
    "weight": ("weight", "权重"),
    "excellent": ("excellent", "优"),
    "good": ("good", "良"),
    "fair": ("fair", "中"),
    "poor": ("poor", "差"),
    "up": ("up", "升档"),
    "same": ("same", "不变"),
    "down": ("down", "降档"),
})

#: Tolerance for "weights sum to 1" and "membership rows sum to 1".
SUM_TOL = 1e-6

#: Scores closer than this (relative to the largest, at least 1) are ties when grading.
TIE_TOL = 1e-12


# --------------------------------------------------------------------------------------------
# small validation helpers
# --------------------------------------------------------------------------------------------


def _numeric_matrix(frame: pd.DataFrame, name: str) -> np.ndarray:
    """The frame as a float matrix, with clear errors for text columns and NaN/inf values."""
    for col in frame.columns:
        dt = frame[col].dtype
        if not (pd.api.types.is_numeric_dtype(dt) or pd.api.types.is_bool_dtype(dt)):
            raise TypeError(f"{name}: column {col!r} has dtype {dt}; expected numbers")
    values = frame.to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        total = values.sum()                   # one pass; NaN/inf anywhere make it non-finite
    bad = ~np.isfinite(values) if not np.isfinite(total) else None
    if bad is not None and bad.any():
        counts = bad.sum(axis=0)
        where = {str(c): int(k) for c, k in zip(frame.columns, counts) if k}
        raise ValueError(f"{name}: NaN or infinite values in column(s) {where} "
                         "(column: how many); fill or drop them first")
    return values


def _as_frame(data: Any, name: str) -> tuple[pd.DataFrame, bool]:
    """(frame, was_series). Accepts a DataFrame, a Series, or 1-D/2-D array-likes."""
    if isinstance(data, pd.DataFrame):
        frame, series = data, False
    elif isinstance(data, pd.Series):
        frame, series = data.to_frame(data.name if data.name is not None else 0), True
    else:
        arr = np.asarray(data)
        if arr.ndim == 1:
            frame, series = pd.DataFrame({0: arr}), True
        elif arr.ndim == 2:
            frame, series = pd.DataFrame(arr), False
        else:
            raise TypeError(f"{name}: expected a Series, a DataFrame or a 1-D/2-D array, got "
                            f"{type(data).__name__} with {arr.ndim} dimensions")
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise ValueError(f"{name}: is empty (shape {frame.shape}); need at least one value")
    return frame, series


def _weights_series(weights: Any, keys: Sequence[Any] | None, name: str = "weights",
                    tol: float = SUM_TOL) -> pd.Series:
    """Validate weights: numbers, finite, >= 0, summing to 1; return them as a Series.

    ``weights`` may be a mapping, a Series, an :class:`AHPResult` or a plain sequence (then
    ``keys`` names its entries, in order).
    """
    if isinstance(weights, AHPResult):
        weights = weights.weights
    if isinstance(weights, pd.Series):
        w = weights.copy()
    elif isinstance(weights, Mapping):
        w = pd.Series(dict(weights), dtype=object)
    else:
        if isinstance(weights, (str, bytes)) or not np.iterable(weights):
            raise TypeError(f"{name}={weights!r}: expected a mapping {{criterion: weight}}, a "
                            "Series, an AHPResult or a sequence of numbers")
        values = list(weights)
        if keys is None:
            keys = list(range(len(values)))
        if len(values) != len(keys):
            raise ValueError(f"{name}: {len(values)} weight(s) given for {len(keys)} "
                             f"criteria {list(keys)}")
        w = pd.Series(values, index=list(keys), dtype=object)
    if len(w) == 0:
        raise ValueError(f"{name}: no weights given")
    for key, value in w.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                             np.floating)):
            raise TypeError(f"{name}[{key!r}]={value!r}: expected a number")
        if not np.isfinite(value):
            raise ValueError(f"{name}[{key!r}]={value!r}: weights must be finite numbers")
        if value < 0:
            raise ValueError(f"{name}[{key!r}]={value!r}: weights must be >= 0")
    w = w.astype(float)
    total = float(w.sum())
    if abs(total - 1.0) > tol:
        raise ValueError(f"{name}: the weights sum to {total:.6g}, not 1; divide each by "
                         f"their sum ({total:.6g}) or use casekit.ahp(...) to derive them")
    w.name = "weight"
    return w


# --------------------------------------------------------------------------------------------
# normalise and weighted score
# --------------------------------------------------------------------------------------------


def normalise(data, method: str = "minmax", higher_is_better: bool | Mapping[str, bool] = True,
              *, by=None):
    """Put each criterion on [0, 1] with 1 = best, so criteria can be added with weights.

    Formulas (per column, x the values, n the number of rows):

    - ``method="minmax"``: s = (x − min) / (max − min); when lower is better,
      s = (max − x) / (max − min). A constant column does not separate anyone: it gets 0.5.
    - ``method="rank"``: s = (r − 1) / (n − 1) with r the rank (1 = lowest; tied values share
      their average rank); when lower is better, s = 1 − that. One row gets 0.5.

    Min-max keeps the distances (one huge customer squeezes everyone else near 0); rank keeps
    only the order (robust to outliers, the usual choice for heavy-tailed sales). Textbook
    forms, e.g. Hwang & Yoon (1981), *Multiple Attribute Decision Making*.

    Parameters
    ----------
    data : Series or DataFrame
        One criterion (Series) or one column per criterion; numbers only, no NaN.
    method : "minmax" or "rank"
    higher_is_better : bool, or a mapping {column: bool}
        Direction of each criterion (violations, late payments: ``False``). Columns missing
        from the mapping count as higher-is-better.
    by : Series, array or list of them, optional
        Normalise within each group (min, max, rank and n taken per group), e.g. within
        each retail format class, so a grocery is compared with groceries.

    Returns a Series or DataFrame of the same shape and index.

    >>> normalise(pd.Series([10, 20, 40])).tolist()
    [0.0, 0.3333333333333333, 1.0]
    >>> normalise(pd.Series([3, 0, 1]), higher_is_better=False).round(3).tolist()
    [0.0, 1.0, 0.667]
    """
    if method not in ("minmax", "rank"):
        raise ValueError(f"normalise(method={method!r}): allowed values are 'minmax', 'rank'")
    frame, was_series = _as_frame(data, "normalise(data)")
    values = _numeric_matrix(frame, "normalise(data)")
    cols = list(frame.columns)
    if isinstance(higher_is_better, Mapping):
        unknown = [k for k in higher_is_better if k not in cols]
        if unknown:
            raise ValueError(f"normalise(higher_is_better=...): key(s) {unknown} are not "
                             f"columns of data; columns present: {cols}")
        direction = np.array([bool(higher_is_better.get(c, True)) for c in cols])
    elif isinstance(higher_is_better, (bool, np.bool_)):
        direction = np.full(len(cols), bool(higher_is_better))
    else:
        raise TypeError(f"normalise(higher_is_better={higher_is_better!r}): expected True, "
                        "False or a mapping {column: bool}")
    keys = _group_keys(by, frame.index, values.shape[0], "normalise")
    codes = _group_codes(keys, values.shape[0])
    if method == "minmax":
        if codes is None:
            lo, hi = values.min(axis=0), values.max(axis=0)
        else:
            order = np.argsort(codes, kind="stable")
            sorted_codes = codes[order]
            starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
            group_of = np.cumsum(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]) - 1
            lo_g = np.minimum.reduceat(values[order], starts, axis=0)
            hi_g = np.maximum.reduceat(values[order], starts, axis=0)
            lo, hi = np.empty_like(values), np.empty_like(values)
            lo[order], hi[order] = lo_g[group_of], hi_g[group_of]
        span = hi - lo
        safe = np.where(span > 0, span, 1.0)
        out = np.where(direction, (values - lo) / safe, (hi - values) / safe)
        out = np.where(span == 0, 0.5, out)
    else:
        out = np.empty_like(values)
        for j in range(values.shape[1]):
            ranks, n = _group_ranks(values[:, j], codes)
            up = (ranks - 1.0) / np.where(n > 1, n - 1.0, 1.0)
            out[:, j] = np.where(n > 1, up if direction[j] else 1.0 - up, 0.5)
    result = pd.DataFrame(out, index=frame.index, columns=frame.columns)
    if was_series:
        s = result.iloc[:, 0]
        s.name = data.name if isinstance(data, pd.Series) else None
        return s
    return result


def weighted_score(criteria: pd.DataFrame, weights, *, tol: float = SUM_TOL) -> pd.Series:
    """The weighted multi-criteria score of each row: score_i = Σ_j w_j · x_ij.

    ``criteria`` holds one column per criterion, usually already normalised to [0, 1] with
    :func:`normalise`; ``weights`` maps column → weight (a dict, a Series, an
    :class:`AHPResult`, or a list in column order). Weights must be finite, >= 0 and sum to 1
    (within ``tol``). Columns without a weight are ignored (so the frame may carry ids).
    Simple additive weighting, e.g. Hwang & Yoon (1981).

    >>> x = pd.DataFrame({"sales": [1.0, 0.0], "credit": [0.0, 1.0]})
    >>> weighted_score(x, {"sales": 0.7, "credit": 0.3}).tolist()
    [0.7, 0.3]
    """
    if not isinstance(criteria, pd.DataFrame):
        raise TypeError(f"weighted_score(criteria=...): expected a DataFrame with one column per "
                        f"criterion, got {type(criteria).__name__}")
    if criteria.shape[0] == 0:
        raise ValueError("weighted_score(criteria=...): is empty (no rows)")
    is_list = not isinstance(weights, (Mapping, pd.Series, AHPResult))
    w = _weights_series(weights, list(criteria.columns) if is_list else None,
                        "weighted_score(weights)", tol)
    require_columns(criteria, list(w.index), "weighted_score(criteria)")
    x = _numeric_matrix(criteria[list(w.index)], "weighted_score(criteria)")
    return pd.Series(x @ w.to_numpy(), index=criteria.index, name="score")


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

    ``weights`` (Series, sums to 1), ``lambda_max`` (principal eigenvalue), ``ci``
    (consistency index), ``ri`` (Saaty's random index for n), ``cr`` (consistency ratio),
    ``consistent`` (cr < threshold), ``threshold`` (0.10) and the checked ``matrix``.
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
        return len(self.weights)

    def summary(self) -> pd.DataFrame:
        """The weights with the consistency figures as a small table (for notebooks)."""
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


# --------------------------------------------------------------------------------------------
# Fuzzy comprehensive evaluation
# --------------------------------------------------------------------------------------------

#: The default grade set V of the fuzzy evaluation, best first (优, 良, 中, 差).
FUZZY_GRADES = ("excellent", "good", "fair", "poor")

_OPERATORS = ("weighted_average", "max_min")


@dataclass(frozen=True)
class FuzzyResult:
    """What :func:`fuzzy_evaluate` returns.

    ``b``: the evaluation vector B over the grades (a Series; a DataFrame with one row per
    object for a batch), summing to 1; ``grade``: the grade with the largest membership
    (maximum membership principle); ``score``: B · v with ``grade_values`` v; ``operator``.
    """

    b: pd.Series | pd.DataFrame
    grade: Any
    score: Any
    grade_values: pd.Series
    operator: str

    def table(self) -> pd.DataFrame:
        """For a batch: B per object with its grade and score, in one DataFrame."""
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

    >>> R = [[0.5, 0.3, 0.2, 0.0], [0.1, 0.3, 0.4, 0.2]]
    >>> r = fuzzy_evaluate([0.6, 0.4], R)     # b_1 = 0.6·0.5 + 0.4·0.1 = 0.34, …
    >>> r.b.round(2).tolist(), r.grade, round(r.score, 3)
    ([0.34, 0.3, 0.28, 0.08], 'excellent', 0.633)
    """
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


# --------------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------------

_GRADE_METHODS = ("quantile", "thirty", "thresholds")


def _group_keys(by, index: pd.Index, n: int, name: str):
    """`by` as a list of arrays aligned with the scores (or None)."""
    if by is None:
        return None
    def _is_array(x) -> bool:
        return isinstance(x, (pd.Series, pd.Index, pd.Categorical, np.ndarray, list, tuple))

    items = by if isinstance(by, list) and by and all(_is_array(x) for x in by) else [by]
    keys = []
    for item in items:
        if not isinstance(item, pd.Series) and np.ndim(item) != 1:
            raise ValueError(f"{name}(by=...): expected group labels, one per score (a Series, "
                             "an array, or a list of them)")
        if isinstance(item, pd.Series):
            if not item.index.equals(index):
                if not item.index.is_unique or not index.isin(item.index).all():
                    raise ValueError(f"{name}(by=...): the Series {item.name!r} does not cover "
                                     "the index of scores; align it first")
                item = item.reindex(index)
            values = item
        else:
            arr = np.asarray(item)
            if len(arr) != n:
                raise ValueError(f"{name}(by=...): {len(arr)} group labels for {n} scores")
            values = pd.Series(item if isinstance(item, pd.Categorical) else arr, index=index)
        if values.isna().any():
            raise ValueError(f"{name}(by=...): {int(values.isna().sum())} missing group "
                             "label(s); every score needs a group")
        keys.append(values.array if isinstance(values.dtype, pd.CategoricalDtype)
                    else values.to_numpy())
    return keys


def grade(scores, method: str = "quantile", bands=None, *, by=None,
          labels: Sequence[str] | None = None) -> pd.Series:
    """Turn scores into grades (分档): 1 = lowest; equal-frequency bands, 30 档位, or thresholds.

    Methods
    -------
    ``"quantile"`` (default)
        Rank the scores (1 = lowest; tied scores — equal up to rounding noise, relative
        1e-12 — share their average rank r) and give
        grade = 1 + (number of cut shares c with c < r / n). ``bands`` is the number of
        equal-frequency grades k (default 5, cut shares j / k), or a list of increasing cut
        shares in (0, 1): ``[0.6, 0.9]`` gives the course pyramid — bottom 60% grade 1, next
        30% grade 2, top 10% grade 3.
    ``"thirty"``
        The tobacco trade's 30 grades (档位): grade 30 highest, grade 1 lowest, by equal
        frequency — each grade holds about 1/30 of the retailers, grade = ⌈30 · r / n⌉.
        Practice varies by province (some use score thresholds or more retailers in the
        middle grades); pass 29 cut shares as ``bands`` for another shape.
    ``"thresholds"``
        Fixed score cut points (``bands`` required, increasing): grade = 1 + number of cut
        points ≤ score. The distribution then moves with the scores.

    ``by`` (a Series aligned with ``scores``, an array, or a list of them) grades each group
    separately, e.g. ``by=base.customers["region"]`` grades urban and rural retailers each on
    their own scale (区别城乡). Not allowed with fixed thresholds (they ignore groups).

    Returns a Series named ``grade`` (int16), or an ordered Categorical when ``labels``
    (lowest first) are given.

    >>> grade(pd.Series([5, 1, 3, 2, 4]), bands=5).tolist()
    [5, 1, 3, 2, 4]
    >>> grade(pd.Series([10, 20, 30, 40]), bands=[0.5]).tolist()
    [1, 1, 2, 2]
    """
    if method not in _GRADE_METHODS:
        raise ValueError(f"grade(method={method!r}): allowed values are {_GRADE_METHODS}")
    if isinstance(scores, pd.DataFrame):
        raise TypeError("grade(scores=...): expected one score per customer (a Series), got a "
                        "DataFrame; combine the criteria with weighted_score first")
    s = scores if isinstance(scores, pd.Series) else pd.Series(np.asarray(scores))
    if len(s) == 0:
        raise ValueError("grade(scores=...): is empty; need at least one score")
    values = _numeric_matrix(s.to_frame("scores"), "grade(scores)")[:, 0]
    n = len(values)
    keys = _group_keys(by, s.index, n, "grade")

    if method == "thresholds":
        if bands is None or isinstance(bands, (int, np.integer)):
            raise ValueError("grade(method='thresholds'): give the score cut points as bands, "
                             "e.g. bands=[0.3, 0.6, 0.8]")
        if keys is not None:
            raise ValueError("grade(method='thresholds', by=...): fixed thresholds are the same "
                             "for every group; drop by= or use method='quantile'")
        cuts = _increasing(bands, "grade(bands)", None)
        g = np.searchsorted(cuts, values, side="right") + 1
        k = len(cuts) + 1
    else:
        if method == "thirty":
            if bands is None or (isinstance(bands, (int, np.integer)) and bands == 30):
                k, cuts = 30, None
            else:
                cuts = _increasing(bands, "grade(bands)", (0.0, 1.0))
                if len(cuts) != 29:
                    raise ValueError(f"grade(method='thirty', bands=...): 30 grades need 29 cut "
                                     f"shares, got {len(cuts)}")
                k = 30
        else:
            if bands is None:
                bands = 5
            if isinstance(bands, (int, np.integer)) and not isinstance(bands, bool):
                if bands < 1:
                    raise ValueError(f"grade(bands={bands!r}): need at least 1 band")
                k, cuts = int(bands), None
            else:
                cuts = _increasing(bands, "grade(bands)", (0.0, 1.0))
                k = len(cuts) + 1
        rank, size = _group_ranks(values, _group_codes(keys, n))
        if cuts is None:
            # exact integer arithmetic: grade = ceil(k·r/n) with r possibly a half-integer
            num = np.rint(2 * rank).astype(np.int64) * k
            den = (2 * size).astype(np.int64)
            g = (num + den - 1) // den
        else:
            q = rank / size
            g = np.searchsorted(cuts, q - 1e-12, side="left") + 1
    g = np.clip(g, 1, k).astype(np.int16)
    if labels is not None:
        labels = list(labels)
        if len(labels) != k:
            raise ValueError(f"grade(labels={labels}): {len(labels)} labels for {k} grades "
                             "(lowest first)")
        cat = pd.Categorical.from_codes(g.astype(np.int64) - 1, categories=labels, ordered=True)
        return pd.Series(cat, index=s.index, name="grade")
    return pd.Series(g, index=s.index, name="grade")


def _group_codes(keys, n: int) -> np.ndarray | None:
    """One integer code per row for the combination of the group keys (None: one group)."""
    if keys is None:
        return None
    code = np.zeros(n, dtype=np.int64)
    for key in keys:
        if isinstance(getattr(key, "dtype", None), pd.CategoricalDtype):
            c, k = np.asarray(key.codes, dtype=np.int64), len(key.categories)
        elif np.issubdtype(np.asarray(key).dtype, np.integer):
            c, uniq = pd.factorize(np.asarray(key))
            k = len(uniq)
        else:
            c, uniq = pd.factorize(np.asarray(key, dtype=object))
            k = len(uniq)
        code = code * max(k, 1) + c
    return code


def _group_ranks(values: np.ndarray, codes: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(rank within group, group size) per row; rank 1 = lowest, ties share their average.

    Vectorised: a sort by value, a stable sort by group, then runs of equal values.
    """
    n = len(values)
    if n == 0:
        return np.empty(0), np.empty(0)
    order = np.argsort(values)                 # ties are averaged, so stability is not needed
    pos = np.arange(n)
    if codes is None:
        group_first = 0                        # one group: starts at 0, holds n
        size: np.ndarray = np.full(n, float(n))
        new_group = None
    else:
        # then a stable sort by group (a radix sort on small integer codes) keeps value order
        # inside each group: 2–3× faster than np.lexsort
        top = int(codes.max())
        small = codes.astype(np.int8 if top < 2**7 else np.int16 if top < 2**15 else np.int64)
        order = order[np.argsort(small[order], kind="stable")]
        codes_sorted = small[order]
        new_group = np.ones(n, dtype=bool)
        new_group[1:] = codes_sorted[1:] != codes_sorted[:-1]
        group_starts = pos[new_group]
        group_sizes = np.diff(np.append(group_starts, n)).astype(float)
        group_id = np.cumsum(new_group) - 1
        group_first = group_starts[group_id]
        size = np.empty(n)
        size[order] = group_sizes[group_id]
    v = values[order]
    # values equal up to rounding noise (relative 1e-12) are ties: a weighted sum computed
    # two ways must not split a tie
    tol = TIE_TOL * max(1.0, abs(float(values.min())), abs(float(values.max())))
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = (v[1:] - v[:-1]) > tol
    if new_group is not None:
        new_run |= new_group
    if new_run.all():                          # no ties: the rank is the position in the group
        rank_sorted = pos - group_first + 1.0
    else:
        run_starts = pos[new_run]
        run_ends = np.append(run_starts[1:], n) - 1
        run_id = np.cumsum(new_run) - 1
        rank_sorted = (run_starts + run_ends)[run_id] / 2.0 - group_first + 1.0
    rank = np.empty(n)
    rank[order] = rank_sorted
    return rank, size


def _increasing(values, name: str, open_interval: tuple[float, float] | None) -> np.ndarray:
    try:
        cuts = np.asarray(list(values), dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name}={values!r}: expected a list of numbers") from None
    if cuts.ndim != 1 or len(cuts) == 0:
        raise ValueError(f"{name}={values!r}: expected a non-empty list of numbers")
    if not np.isfinite(cuts).all():
        raise ValueError(f"{name}={values!r}: cut points must be finite")
    if (np.diff(cuts) <= 0).any():
        raise ValueError(f"{name}={list(cuts)}: cut points must be strictly increasing")
    if open_interval is not None:
        lo, hi = open_interval
        if cuts[0] <= lo or cuts[-1] >= hi:
            raise ValueError(f"{name}={list(cuts)}: cut shares must lie strictly between "
                             f"{lo:g} and {hi:g}")
    return cuts


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
    from .base import CustomerBase

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
            grader: Callable[..., pd.DataFrame] | None = None, **kwargs) -> pd.DataFrame:
    """Dynamic management (动态管理): grade again every ``every`` periods over the observed time.

    The observed periods 1..T (T = ``periods``, default the base's ``params.periods`` or the
    last period in the activity) are cut into windows of ``every`` periods — 13 weeks = a
    quarter — (the last window may be shorter); each window's retailers are graded on that
    window's activity with ``grader`` (default :func:`tobacco_grading`, extra keyword
    arguments passed on). Grades move up and down between windows (能上能下): compare two
    windows with :func:`transition_matrix` and :func:`grade_moves`.

    Returns a long table: ``window`` (1, 2, …), ``first_period``, ``last_period``,
    ``customer_id``, ``score``, ``grade``. One column per window:
    ``regrade(...).pivot(index="customer_id", columns="window", values="grade")``.

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
    grader = tobacco_grading if grader is None else grader
    parts = []
    for w, first in enumerate(range(1, int(periods) + 1, int(every)), start=1):
        last = min(first + int(every) - 1, int(periods))
        g = grader(base_or_frames, (first, last), **kwargs)
        require_columns(g, ["customer_id", "score", "grade"], "regrade: the grader's result")
        parts.append(pd.DataFrame({"window": np.int16(w), "first_period": np.int16(first),
                                   "last_period": np.int16(last),
                                   "customer_id": g["customer_id"].to_numpy(),
                                   "score": g["score"].to_numpy(),
                                   "grade": g["grade"].to_numpy()}))
    return pd.concat(parts, ignore_index=True)
