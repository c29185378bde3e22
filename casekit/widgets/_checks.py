"""Argument checks shared by the dashboards: a value a control cannot show is an error.

A slider given a value outside its range silently moves to its end (ipywidgets clamps), and a
dropdown given an unknown option fails inside traitlets. A dashboard therefore checks each
argument against its control first and raises a ValueError or TypeError naming it.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

__all__ = ["number_in", "whole_in", "one_of"]


def number_in(name: str, value: Any, low: float, high: float, what: str = "slider") -> float:
    """``value`` as a float in [low, high] (the control's range), else a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}={value!r}: expected a number in [{low:g}, {high:g}]")
    value = float(value)
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name}={value!r} is out of range; allowed: [{low:g}, {high:g}] (the "
                         f"dashboard's {what})")
    return value


def whole_in(name: str, value: Any, low: int, high: int, what: str = "slider") -> int:
    """``value`` as an int in [low, high], else a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}={value!r}: expected a whole number in [{low:,}, {high:,}]")
    if not low <= value <= high:
        raise ValueError(f"{name}={value:,} is out of range; allowed: [{low:,}, {high:,}] (the "
                         f"dashboard's {what})")
    return int(value)


def one_of(name: str, value: Any, choices: Sequence[Any]) -> Any:
    """``value`` if it is one of ``choices``, else a ValueError listing them."""
    if value not in list(choices):
        raise ValueError(f"{name}={value!r} is not allowed; choose one of {list(choices)}")
    return value
