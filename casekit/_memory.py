"""Size arguments bounded by memory: estimate the bytes before allocating, refuse clearly.

A size argument (a horizon, a number of months or runs) decides how large the arrays a call
allocates are. Rather than let numpy fail deep inside with ``MemoryError`` (or the machine
swap), each such argument is checked first: the estimated bytes are its value times the bytes
one unit needs, and the bound is :data:`MEMORY_BUDGET`.

>>> check_size("months", 36, bytes_each=64)
36
"""

from __future__ import annotations

import numbers
from typing import Any

__all__ = ["MEMORY_BUDGET", "check_size", "whole_number"]

#: The most memory one casekit call may plan to allocate for one size argument: 1 GiB, which a
#: student laptop (8 GB) can spare next to JupyterLab and a browser.
MEMORY_BUDGET = 2**30


def _bytes(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} TB"  # pragma: no cover


def whole_number(name: str, value: Any, low: int = 1) -> int:
    """``value`` as an int >= ``low``; TypeError (not whole) or ValueError (too small)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}={value!r}: expected a whole number >= {low}")
    if value < low:
        raise ValueError(f"{name}={value!r} is out of range; allowed: whole numbers >= {low}")
    return int(value)


def check_size(name: str, value: Any, bytes_each: float, *, low: int = 1,
               budget: int = MEMORY_BUDGET, fixed: float = 0.0) -> int:
    """``value`` as a whole number >= ``low`` whose arrays fit in ``budget`` bytes.

    The estimate is ``fixed + value × bytes_each``; above the budget a ValueError names the
    argument, the estimated bytes and the largest value allowed.
    """
    value = whole_number(name, value, low)
    need = fixed + value * float(bytes_each)
    if need > budget:
        largest = max(low, int((budget - fixed) // bytes_each))
        raise ValueError(f"{name}={value:,} would need about {_bytes(need)} of memory (estimated "
                         f"bytes: {need:,.0f}); the bound is {_bytes(budget)}, i.e. "
                         f"{name} <= {largest:,} here")
    return value
