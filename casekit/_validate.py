"""Input checks shared by the CLV and buy-till-you-die modules (private).

Each helper turns a user's value into a float array or raises a ValueError/TypeError that
names the parameter, the value and what is allowed.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _array(name: str, value: Any) -> np.ndarray:
    """``value`` as a float array, or a clear TypeError/ValueError naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, str):
        raise TypeError(f"{name}={value!r}: expected a number or an array of numbers")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: expected a number or an array of numbers, got "
                        f"{type(value).__name__}") from None
    if np.isnan(arr).any():
        where = np.flatnonzero(np.isnan(arr.ravel()))[:5].tolist()
        raise ValueError(f"{name} contains NaN (missing values) at position(s) {where}; "
                         "fill or drop them first")
    return arr


def _show(arr: np.ndarray, bad: np.ndarray) -> str:
    vals = np.asarray(arr)[bad].ravel()[:3]
    return ", ".join(f"{v:g}" for v in vals) + (" …" if np.sum(bad) > 3 else "")


def _check_discount(arr: np.ndarray, name: str = "discount") -> None:
    bad = ~np.isfinite(arr) | (arr <= -1)
    if bad.any():
        raise ValueError(f"{name}={_show(arr, bad)} is out of range; allowed: a finite rate "
                         "> -1 per period (e.g. 0.01 for 1% a month)")


def _vector(name: str, value: Any) -> np.ndarray:
    """A 1-D float array without NaN or infinity (one value per customer)."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name}={value!r}: expected an array of numbers")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: expected an array of numbers, got {type(value).__name__}") \
            from None
    arr = np.atleast_1d(arr)
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array, got shape {arr.shape}")
    if np.isnan(arr).any():
        where = np.flatnonzero(np.isnan(arr))[:5].tolist()
        raise ValueError(f"{name} contains NaN (missing values) at position(s) {where}")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains infinite values")
    return arr


def _same_length(**arrays: np.ndarray) -> None:
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"the inputs do not line up: lengths {lengths}; give one value per "
                         "customer in each")
