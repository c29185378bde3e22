"""Normalising criteria and the weighted score."""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..base import require_columns
from ..validate import check_tolerance
from ._ahp import AHPResult
from ._grade import _group_codes, _group_keys, _group_ranks
from ._inputs import SUM_TOL, _as_frame, _numeric_matrix, _weights_series


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

    Returns
    -------
    pandas.Series or pandas.DataFrame
        Like ``data``, every value in [0, 1] with 1 = best.

    References
    ----------
    Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
    Applications*. Springer.

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

    Parameters
    ----------
    criteria : DataFrame
        One column per criterion (extra columns are ignored).
    weights : mapping, Series, AHPResult or sequence
        Weight per criterion; finite, >= 0, summing to 1.
    tol : float
        Tolerance of the sum-to-1 check.

    Returns
    -------
    Series
        The score of each row, named ``score``.

    References
    ----------
    Hwang & Yoon (1981), *Multiple Attribute Decision Making* (simple additive weighting).

    >>> x = pd.DataFrame({"sales": [1.0, 0.0], "credit": [0.0, 1.0]})
    >>> weighted_score(x, {"sales": 0.7, "credit": 0.3}).tolist()
    [0.7, 0.3]
    """
    tol = check_tolerance("weighted_score", tol)
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
