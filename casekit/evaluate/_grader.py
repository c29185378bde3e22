"""Grading tobacco retailers again and again under other weights (what a dashboard does)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ._grade import grade
from ._tobacco import TOBACCO_CRITERIA, tobacco_criteria

#: The lowest grade counted as a "top grade" on the 30-grade scale: grades 26–30, the top
#: five grades (one sixth of the scale). A teaching choice of this kit, not a bureau rule.
TOP_GRADE = 26


def scale_weights(raw: Any, names: Sequence[str] | None = None) -> pd.Series:
    """Non-negative weights scaled to sum to 1: w_k = raw_k / Σ raw.

    When every raw weight is 0 nobody has expressed a preference, and the weights are equal
    (1/K each) — a deliberate rule, so a student who sets every slider to 0 still sees a
    grading rather than an error.

    Parameters
    ----------
    raw : mapping, Series or sequence of float
        Weights >= 0 in any scale (slider positions, points out of 100, …).
    names : sequence of str, optional
        Names for a plain sequence (default 0, 1, …).

    Returns
    -------
    Series
        The weights, summing to 1, named ``weight``.

    Notes
    -----
    No source: scaling to sum 1 is arithmetic; the equal-weights fallback is this kit's
    assumption (a teaching rule, so a slider set to 0 everywhere still grades).

    >>> scale_weights({"contribution": 2, "influence": 2}).tolist()
    [0.5, 0.5]
    >>> scale_weights([0, 0, 0, 0]).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    s = pd.Series(raw, dtype=float) if isinstance(raw, (Mapping, pd.Series)) else pd.Series(
        np.asarray(raw, dtype=float), index=names)
    x = s.to_numpy()
    if not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError(f"scale_weights(raw={list(x)}): weights must be finite and >= 0")
    total = x.sum()
    w = x / total if total > 0 else np.full(len(x), 1.0 / len(x))
    return pd.Series(w, index=s.index, name="weight")


class TobaccoGrader:
    """The tobacco grading of :func:`casekit.tobacco_grading`, ready for many weightings.

    The criteria (:func:`casekit.tobacco_criteria`) are scored once; :meth:`grades` then only
    re-weights (score = Σ w_k · criterion_k, as :func:`casekit.weighted_score`) and re-grades
    within each group of ``by`` with :func:`casekit.grade`. For the same weights the grades
    are exactly those of ``tobacco_grading(base, weights=w, by=by, method=method)``.

    Parameters
    ----------
    base_or_frames : CustomerBase, dict or pair
        As for :func:`casekit.tobacco_criteria`.
    period_range : (int, int), optional
        The activity periods to score (inclusive); None = all.
    by : sequence of str
        Columns whose groups are graded separately; default format class × urban/rural
        (区别城乡); ``("format_class",)`` grades urban and rural retailers together.
    method : str
        Grading method of :func:`casekit.grade` (default the 30 档位).

    Attributes
    ----------
    criteria : DataFrame
        :func:`casekit.tobacco_criteria`'s table.
    dimensions : list of str
        The dimensions weighted (contribution, law-abiding, integrity, influence).

    References
    ----------
    黄磊, 成都市烟草专卖局, 《浅谈客户关系管理》 (course seed 002).

    >>> import casekit as ck
    >>> base = ck.tobacco(retailers=300, weeks=13, seed=1)
    >>> g = ck.TobaccoGrader(base).grades(ck.TOBACCO_WEIGHTS)
    >>> g.tolist() == ck.tobacco_grading(base)["grade"].tolist()
    True
    """

    def __init__(self, base_or_frames: Any, period_range: Any = None, *,
                 by: Sequence[str] = ("format_class", "region"), method: str = "thirty",
                 criteria: Mapping[str, Mapping[str, float]] | None = None) -> None:
        self.by = [by] if isinstance(by, str) else list(by or [])
        self.method = method
        self.criteria = tobacco_criteria(base_or_frames, period_range, by=self.by,
                                         criteria=criteria)
        self.dimensions = list((TOBACCO_CRITERIA if criteria is None else criteria).keys())
        self._x = self.criteria[self.dimensions].to_numpy()
        self._groups = _group_codes([self.criteria[c].to_numpy() for c in self.by])

    def grades(self, weights: Any) -> pd.Series:
        """The grade of every retailer under ``weights`` (scaled with :func:`scale_weights`).

        Parameters
        ----------
        weights : mapping, Series or sequence
            A weight per dimension (missing dimensions weigh 0); any scale.

        Returns
        -------
        Series
            Grades, in the order of the retailers (a 0..n−1 index), named ``grade``.
        """
        w = self.weights(weights)
        score = pd.Series(self._x @ w.to_numpy(), index=pd.RangeIndex(len(self._x)))
        return grade(score, self.method, by=self._groups)

    def weights(self, weights: Any) -> pd.Series:
        """``weights`` as one weight per dimension, scaled to sum to 1 (:func:`scale_weights`).

        Parameters
        ----------
        weights : mapping, Series, AHP result or sequence
            Weights by dimension name, or in the order of :attr:`dimensions`.

        Returns
        -------
        Series
        """
        if hasattr(weights, "weights") and isinstance(weights.weights, pd.Series):
            weights = weights.weights                                # an AHPResult
        if isinstance(weights, (Mapping, pd.Series)):
            given = pd.Series(weights, dtype=float)
            unknown = [k for k in given.index if k not in self.dimensions]
            if unknown:
                raise ValueError(f"weights: {unknown} are not criteria; the criteria are "
                                 f"{self.dimensions}")
            weights = [float(given.get(k, 0.0)) for k in self.dimensions]
        return scale_weights(weights, self.dimensions)


def grade_summary(grades: Any, groups: Any, top: int = TOP_GRADE) -> pd.DataFrame:
    """Mean grade and share of top grades per group (e.g. urban vs rural).

    Parameters
    ----------
    grades : Series or array_like
        One grade per retailer.
    groups : Series or array_like
        The group of each retailer, aligned with ``grades``.
    top : int
        The lowest grade counted as a top grade (default :data:`TOP_GRADE`, 26: grades
        26–30).

    Returns
    -------
    DataFrame
        One row per group (in order of first appearance): ``retailers``, ``mean_grade`` and
        ``top_share`` (the fraction with grade >= ``top``).

    References
    ----------
    Course text 浅谈客户关系管理 (seed 002): compare urban and rural grades (区别城乡).

    >>> grade_summary([30, 10, 26, 1], ["urban", "urban", "rural", "rural"])
           retailers  mean_grade  top_share
    urban          2        20.0        0.5
    rural          2        13.5        0.5
    """
    g = np.asarray(grades, dtype=float)
    keys = np.asarray(groups)
    if len(keys) != len(g):
        raise ValueError(f"grade_summary: {len(keys)} group labels for {len(g)} grades")
    rows = {}
    for k in pd.unique(keys):
        sel = g[keys == k]
        rows[k] = {"retailers": len(sel), "mean_grade": sel.mean(),
                   "top_share": float(np.mean(sel >= top))}
    return pd.DataFrame.from_dict(rows, orient="index")


def _group_codes(columns: list[np.ndarray]) -> np.ndarray | None:
    """One integer per combination of the group columns (None without columns)."""
    if not columns:
        return None
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    for col in columns:
        c, uniques = pd.factorize(col)
        codes = codes * len(uniques) + c
    return codes
