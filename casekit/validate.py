"""Shared argument checks: a value of the right kind and range, or a clear error.

Every message names the parameter, the value given and what is allowed, so a student can fix
the call without reading the code. The analysis packages (``scenarios``, ``evaluate``,
``identify``, …) use these instead of writing their own.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

import numpy as np

__all__ = ["check_number", "check_whole", "check_choice", "check_fraction", "check_base",
           "check_column", "check_array", "check_vector", "check_same_length",
           "check_rate_above_minus_one", "show_values", "check_size", "check_tolerance",
           "MEMORY_BUDGET"]

#: The most memory one casekit call may plan to allocate for one size argument (a horizon, a
#: number of months or runs): 1 GiB, which a student laptop (8 GB) can spare next to
#: JupyterLab and a browser. See :func:`check_size`.
MEMORY_BUDGET = 2**30


def check_number(name: str, value: Any, *, low: float | None = None,
                 high: float | None = None, low_open: bool = False,
                 allowed: str = "") -> float:
    """``value`` as a finite float within [low, high], or a clear error naming ``name``.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : Any
        What the caller gave.
    low, high : float, optional
        Bounds (inclusive, unless ``low_open``); None means unbounded.
    low_open : bool
        Exclude ``low`` itself.
    allowed : str
        Text describing the allowed values (default: the interval).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        When ``value`` is not a real number (booleans are refused).
    ValueError
        When it is not finite or lies outside the bounds.

    >>> check_number("discount", 0.1, low=0.0, high=1.0)
    0.1
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}={value!r}: expected a number")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name}={value!r}: must be a finite number")
    too_low = low is not None and (value <= low if low_open else value < low)
    if too_low or (high is not None and value > high):
        if not allowed:
            lo = "-inf" if low is None else f"{low:g}"
            hi = "inf" if high is None else f"{high:g}"
            allowed = f"{'(' if low_open else '['}{lo}, {hi}]"
        raise ValueError(f"{name}={value!r} is out of range; allowed: {allowed}")
    return value


def check_whole(name: str, value: Any, *, low: int = 0) -> int:
    """``value`` as an int >= ``low`` (a float such as 12.0 is accepted), or a clear error.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : Any
        What the caller gave.
    low : int
        The smallest allowed value.

    Returns
    -------
    int

    >>> check_whole("horizon", 12.0, low=1)
    12
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name}={value!r}: expected a whole number >= {low}")
    value = int(value)
    if value < low:
        raise ValueError(f"{name}={value!r} is out of range; allowed: whole numbers >= {low}")
    return value


def check_choice(name: str, value: Any, choices: Sequence[str]) -> str:
    """``value`` itself when it is one of ``choices``, else a ValueError listing them.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : any
        The value given.
    choices : sequence of str
        The allowed values.

    Returns
    -------
    any
        ``value`` unchanged.

    >>> check_choice("rule", "equal", ("pyramid", "equal"))
    'equal'
    """
    if value not in choices:
        raise ValueError(f"{name}={value!r} is not allowed; choose one of {tuple(choices)}")
    return value


def check_base(base: Any, what: str = "base") -> "CustomerBase":
    """``base`` itself when it is a :class:`casekit.CustomerBase`, else a TypeError naming ``what``.

    Parameters
    ----------
    base : any
        The object given.
    what : str
        Names it in the error (default ``"base"``).

    Returns
    -------
    CustomerBase
        ``base`` unchanged.

    >>> check_base(None)
    Traceback (most recent call last):
    ...
    TypeError: base: expected a CustomerBase (e.g. ck.telecom() or ck.tobacco()), got NoneType
    """
    from .base import CustomerBase

    if not isinstance(base, CustomerBase):
        raise TypeError(f"{what}: expected a CustomerBase (e.g. ck.telecom() or ck.tobacco()), "
                        f"got {type(base).__name__}")
    return base


def check_column(frame: Any, column: str, table: str) -> None:
    """A ValueError naming the column, the table and the columns present, when it is missing.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    column : str
        The column it must have.
    table : str
        The table's name in ``base`` (``"customers"``, ``"activity"``, ``"truth"``).

    >>> import pandas as pd
    >>> check_column(pd.DataFrame({"region": []}), "contract", "customers")
    Traceback (most recent call last):
    ...
    ValueError: column 'contract' is not in base.customers; columns present: ['region']
    """
    if column not in frame.columns:
        raise ValueError(f"column {column!r} is not in base.{table}; columns present: "
                         f"{list(frame.columns)}")


def check_fraction(name: str, value: Any) -> float:
    """A share of customers or of value in (0, 1], or a clear error naming ``name``.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : float
        The share given.

    Returns
    -------
    float
        ``value`` as a float in (0, 1].

    >>> check_fraction("top", 0.2)
    0.2
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name}={value!r}: expected a number (a fraction)")
    v = float(value)
    if not 0 < v <= 1:
        raise ValueError(f"{name}={value!r} is out of range; allowed: (0, 1]")
    return v


# --------------------------------------------------------------------------------------------
# Arrays of numbers (one per customer or per period): the CLV and buy-till-you-die models
# --------------------------------------------------------------------------------------------


def check_array(name: str, value: Any) -> np.ndarray:
    """``value`` as a float array (any shape, a number gives a 0-d array), without NaN.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : Any
        A number or an array_like of numbers.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    TypeError
        For booleans, None, text, or anything numpy cannot read as numbers.
    ValueError
        When it contains NaN (the positions of the first five are named).

    >>> check_array("margin", [100, 120]).tolist()
    [100.0, 120.0]
    """
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


def check_vector(name: str, value: Any) -> np.ndarray:
    """A 1-D float array without NaN or infinity (one value per customer).

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : Any
        A number or a 1-D array_like of numbers.

    Returns
    -------
    numpy.ndarray
        At least one element, one dimension.

    Raises
    ------
    TypeError
        As :func:`check_array` (booleans, None, text, bytes, non-numbers).
    ValueError
        As :func:`check_array` (NaN), and for more than one dimension or an infinite value.

    >>> check_vector("frequency", 3).tolist()
    [3.0]
    """
    if isinstance(value, bytes):
        raise TypeError(f"{name}={value!r}: expected an array of numbers")
    arr = np.atleast_1d(check_array(name, value))
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array, got shape {arr.shape}")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains infinite values")
    return arr


def check_same_length(**arrays: Any) -> None:
    """A ValueError listing the lengths when the arrays do not have one value per customer each.

    Parameters
    ----------
    **arrays : sequence
        The inputs by name, each one value per customer.

    >>> check_same_length(frequency=[1, 2], recency=[3])
    Traceback (most recent call last):
    ...
    ValueError: the inputs do not line up: lengths {'frequency': 2, 'recency': 1}; ...
    """
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"the inputs do not line up: lengths {lengths}; give one value per "
                         "customer in each")


def show_values(arr: Any, bad: Any) -> str:
    """The first three values of ``arr`` where ``bad`` is true, for an error message.

    Parameters
    ----------
    arr : array_like
        The values.
    bad : array_like of bool
        Which values are wrong.

    Returns
    -------
    str
        Up to three values, ``g``-formatted, with ``…`` when there are more.

    >>> show_values([0.5, 2.0, -1.0], [False, True, True])
    '2, -1'
    """
    vals = np.asarray(arr)[np.asarray(bad)].ravel()[:3]
    return ", ".join(f"{v:g}" for v in vals) + (" …" if np.sum(bad) > 3 else "")


def check_rate_above_minus_one(name: str, arr: np.ndarray) -> None:
    """A ValueError when a discount (or interest) rate is not finite or not above −1.

    A rate d ≤ −1 would make the discount factor 1/(1 + d) infinite or negative.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    arr : numpy.ndarray
        The rates per period.

    >>> check_rate_above_minus_one("discount", np.array([0.1, -1.0]))
    Traceback (most recent call last):
    ...
    ValueError: discount=-1 is out of range; allowed: a finite rate > -1 per period ...
    """
    bad = ~np.isfinite(arr) | (arr <= -1)
    if bad.any():
        raise ValueError(f"{name}={show_values(arr, bad)} is out of range; allowed: a finite "
                         "rate > -1 per period (e.g. 0.01 for 1% a month)")


def check_tolerance(where: str, tol: Any) -> float:
    """A tolerance: a finite number in [0, 0.5), or a clear error naming ``where``.

    A NaN tolerance would make every comparison with it false, so any sum or matrix would pass.

    Parameters
    ----------
    where : str
        The function the tolerance belongs to, quoted in the error.
    tol : float
        The tolerance given.

    Returns
    -------
    float
        ``tol`` as a float in [0, 0.5).

    >>> check_tolerance("ahp", 1e-3)
    0.001
    """
    if isinstance(tol, (bool, np.bool_)) or not isinstance(tol, numbers.Real):
        raise TypeError(f"{where}(tol={tol!r}): expected a small number, e.g. 1e-6")
    if not (math.isfinite(tol) and 0 <= tol < 0.5):
        raise ValueError(f"{where}(tol={tol!r}) is out of range; allowed: a finite number in "
                         "[0, 0.5)")
    return float(tol)


def _bytes(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024:
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} TB"


def check_size(name: str, value: Any, bytes_each: float, *, low: int = 1,
               budget: int = MEMORY_BUDGET, fixed: float = 0.0) -> int:
    """A size argument as an int >= ``low`` whose arrays fit in ``budget`` bytes, checked
    before anything is allocated.

    The estimate is ``fixed + value × bytes_each`` (the bytes one unit of the size needs, e.g.
    one period of a horizon); above the budget a ValueError names the argument, the
    estimated bytes, the bound and the largest value allowed — instead of numpy failing deep
    inside with MemoryError, or the machine swapping.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : Any
        What the caller gave.
    bytes_each : float
        Bytes one unit of ``value`` needs.
    low : int
        The smallest allowed value.
    budget : int
        The bound in bytes (default :data:`MEMORY_BUDGET`).
    fixed : float
        Bytes needed whatever the value.

    Returns
    -------
    int

    >>> check_size("months", 36, bytes_each=200)
    36
    >>> check_size("months", 10**9, bytes_each=200)
    Traceback (most recent call last):
    ...
    ValueError: months=1,000,000,000 would need about 186.3 GB of memory (estimated bytes: 200,000,000,000); the bound is 1.0 GB, i.e. months <= 5,368,709 here
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}={value!r}: expected a whole number >= {low}")
    value = int(value)
    if value < low:
        raise ValueError(f"{name}={value!r} is out of range; allowed: whole numbers >= {low}")
    need = fixed + value * float(bytes_each)
    if need > budget:
        largest = max(low, int((budget - fixed) // bytes_each))
        raise ValueError(f"{name}={value:,} would need about {_bytes(need)} of memory (estimated "
                         f"bytes: {need:,.0f}); the bound is {_bytes(budget)}, i.e. "
                         f"{name} <= {largest:,} here")
    return value
