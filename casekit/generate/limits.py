"""Limits and validation of the generators' arguments: seed, sizes, memory, parameters.

Every generator (``telecom``, ``tobacco``, the class packs) and the decision lab
(:func:`casekit.play_forward`) check their arguments here, so a bad value raises the same
clear error everywhere: ``TypeError``/``ValueError`` naming the parameter, the value and what
is allowed.

Example
-------
>>> check_size("months", 24, high=MAX_PERIODS)
24
>>> check_seed(-1)
Traceback (most recent call last):
...
ValueError: seed=-1 is out of range; allowed: integers >= 0
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..base import ParamSpec

__all__ = ["MAX_CUSTOMERS", "MAX_PERIODS", "MEMORY_BUDGET", "BYTES_PER_CUSTOMER_PERIOD",
           "check_seed", "check_size", "check_memory", "check_params", "check_shares_sum"]

#: Largest number of customers a world may have (customer_id is int32).
MAX_CUSTOMERS = 50_000_000
#: Largest number of periods (period is int16).
MAX_PERIODS = 1_000
#: Memory a generation may plan to use (bytes). The generators refuse larger worlds up front
#: (see :func:`check_memory`) instead of failing with MemoryError deep inside numpy.
MEMORY_BUDGET = 8 * 10**9
#: Peak bytes per customer-period, measured with ``benchmarks/generate.py`` at 1 M customers
#: (telecom 1.81 GB for 24 M customer-months → 75, with the traits; tobacco 2.49 GB for 52 M
#: retailer-weeks → 48), rounded up: the activity row (telecom 39, tobacco 35 bytes) plus the
#: period tables and row temporaries of one block, and Python, numpy and pandas themselves.
BYTES_PER_CUSTOMER_PERIOD = {"telecom": 80, "tobacco": 56}


def check_seed(seed: Any) -> int:
    """Return ``seed`` as a Python int, or raise: ``TypeError`` if not a whole number,
    ``ValueError`` if negative.

    Parameters
    ----------
    seed : int
        The seed given.

    Returns
    -------
    int

    >>> check_seed(3)
    3
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed={seed!r}: expected a whole number (int) >= 0, "
                        f"got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed={seed!r} is out of range; allowed: integers >= 0")
    return int(seed)


def check_size(name: str, value: Any, low: int = 1, high: int | None = None) -> int:
    """Return a count such as ``customers`` or ``months`` as int, or raise a clear error.

    ``TypeError`` if ``value`` is not a whole number (floats like ``10.0`` are accepted),
    ``ValueError`` if outside ``[low, high]``.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : int or float
        The count given (a whole float such as ``10.0`` is accepted).
    low : int
        Smallest allowed value (default 1).
    high : int, optional
        Largest allowed value (default: none).

    Returns
    -------
    int

    >>> check_size("months", 24, high=MAX_PERIODS)
    24
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, float, np.floating)):
        raise TypeError(f"{name}={value!r}: expected a whole number >= {low}, "
                        f"got {type(value).__name__}")
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value) or float(value) != int(value):
            raise TypeError(f"{name}={value!r}: expected a whole number >= {low}")
    value = int(value)
    if value < low or (high is not None and value > high):
        hi = "" if high is None else f", at most {high:,}"
        raise ValueError(f"{name}={value!r} is out of range; allowed: whole numbers >= {low}{hi}")
    return value


def check_memory(world: str, customers: int, periods: int, size_name: str = "customers",
                 period_name: str = "periods") -> None:
    """Refuse a world whose estimated peak memory exceeds :data:`MEMORY_BUDGET`.

    Estimate = customers × periods × :data:`BYTES_PER_CUSTOMER_PERIOD` [world]; the bound is
    the budget divided by the same bytes. ``ValueError`` names both sizes, the estimate and
    the bound.

    Parameters
    ----------
    world : str
        A key of :data:`BYTES_PER_CUSTOMER_PERIOD`.
    customers, periods : int
        The sizes asked for.
    size_name, period_name : str
        Their names in the world's generator, quoted in the error.
    """
    per = BYTES_PER_CUSTOMER_PERIOD[world]
    cells = int(customers) * int(periods)
    if cells * per > MEMORY_BUDGET:
        bound = MEMORY_BUDGET // per
        raise ValueError(
            f"{world}({size_name}={customers:,}, {period_name}={periods:,}): about "
            f"{cells * per / 1e9:,.1f} GB of memory needed ({cells:,} customer-periods × "
            f"{per} bytes); allowed: at most {bound:,} customer-periods "
            f"({MEMORY_BUDGET / 1e9:g} GB), e.g. {bound // max(int(periods), 1):,} "
            f"{size_name} over {periods:,} {period_name}")


def check_params(specs: Sequence[ParamSpec], given: Mapping[str, Any],
                 world: str = "") -> dict[str, Any]:
    """Merge ``given`` over the defaults of ``specs`` and validate every value.

    Returns a dict with *every* parameter (in the order of ``specs``), so a saved
    ``params.json`` regenerates the same data even if a default changes later. An unknown
    name raises ``TypeError`` listing the allowed names; a bad value raises the error of
    :meth:`casekit.ParamSpec.check` (name, value, allowed range).

    Parameters
    ----------
    specs : sequence of ParamSpec
        The world's documented parameters.
    given : mapping
        The values the caller gave, by name.
    world : str
        The world's name, quoted in errors (default empty).

    Returns
    -------
    dict
        Every parameter by name, in the order of ``specs``.
    """
    known = {p.name: p for p in specs}
    unknown = [k for k in given if k not in known]
    if unknown:
        where = f"{world}(): " if world else ""
        raise TypeError(f"{where}unknown parameter(s) {unknown}; allowed: {sorted(known)}")
    return {p.name: p.check(given.get(p.name, p.default)) for p in specs}


def check_shares_sum(values: Mapping[str, float], names: Sequence[str], at_most: float = 1.0
                     ) -> None:
    """Raise ``ValueError`` if the shares ``names`` add up to more than ``at_most``.

    Parameters
    ----------
    values : mapping of str to float
        Parameter values by name.
    names : sequence of str
        The shares that must not add up to more than ``at_most``.
    at_most : float
        The bound (default 1).
    """
    total = sum(float(values[n]) for n in names)
    if total > at_most + 1e-12:
        parts = ", ".join(f"{n}={values[n]!r}" for n in names)
        raise ValueError(f"{parts}: these shares add up to {total:g}; allowed: at most "
                         f"{at_most:g}")
