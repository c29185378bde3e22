"""Input handling shared by the evaluation methods: numeric matrices, frames and weights."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ._ahp import AHPResult


#: Tolerance for "weights sum to 1" and "membership rows sum to 1".
SUM_TOL = 1e-6


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
