"""Periods and rates: how many periods make a year, and annual rates per period.

One fact, one place: every module that turns an annual rate into a per-period one, or needs
to know that a year has 12 months or 52 weeks, uses these.

We deliberately use the compounding identity, not the simple-interest shortcut a/k: a rate a
per year is equivalent to (1 + a)^(1/k) − 1 per period when a year has k periods, because
compounding k such periods gives back exactly one year: ((1 + a)^(1/k))^k = 1 + a.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validate import check_array, check_rate_above_minus_one

__all__ = ["PERIODS_PER_YEAR", "periods_per_year", "per_period_rate", "per_period_discount",
           "per_period_growth", "per_period_retention", "periodic_discount_rate"]

#: How many periods of each unit make a year.
PERIODS_PER_YEAR: dict[str, int] = {"year": 1, "quarter": 4, "month": 12, "week": 52, "day": 365}


def periods_per_year(period_unit: str) -> int:
    """How many ``period_unit`` periods make a year (:data:`PERIODS_PER_YEAR`).

    Parameters
    ----------
    period_unit : str
        One of ``"year"``, ``"quarter"``, ``"month"``, ``"week"``, ``"day"``.

    Returns
    -------
    int

    >>> periods_per_year("week")
    52
    """
    if period_unit not in PERIODS_PER_YEAR:
        raise ValueError(f"period_unit={period_unit!r} is not known; use one of "
                         f"{tuple(PERIODS_PER_YEAR)}")
    return PERIODS_PER_YEAR[period_unit]


def per_period_rate(annual_rate: Any, periods_per_year: float, periods: float = 1) -> Any:
    """The rate over ``periods`` periods equivalent to an effective annual rate.

    Formula: d = (1 + d_year)^(w/k) − 1 for k periods per year and a step of w periods
    (w = 1: the rate per period; w = 3 months: the rate per quarter).

    Parameters
    ----------
    annual_rate : float or array_like
        The effective annual rate (0.10 = 10 % a year).
    periods_per_year : float
        k, the number of periods in a year (:data:`PERIODS_PER_YEAR`).
    periods : float
        w, the length of one step in periods (default 1).

    Returns
    -------
    float, or ndarray for array input

    >>> round(per_period_rate(0.10, 12), 6)                # 1.1^(1/12) − 1
    0.007974
    >>> round(per_period_rate(0.10, 12, periods=3), 6)     # one quarter of months
    0.024114
    """
    out = (1.0 + np.asarray(annual_rate, dtype=float)) ** (periods / periods_per_year) - 1.0
    return float(out) if out.ndim == 0 else out


def per_period_discount(annual_rate: float, periods_per_year: float) -> float:
    """One period's discount factor v = (1 + d_year)^(−1/k) = 1 / (1 + d_period).

    Parameters
    ----------
    annual_rate : float
        The effective annual discount rate.
    periods_per_year : float
        k, the number of periods in a year (:data:`PERIODS_PER_YEAR`).

    Returns
    -------
    float

    >>> round(per_period_discount(0.10, 1), 6)              # 1 / 1.1
    0.909091
    """
    return (1.0 + annual_rate) ** (-1.0 / periods_per_year)


def per_period_growth(annual_growth: Any, periods_per_year: float) -> Any:
    """The growth factor per period of an annual growth rate: g = (1 + growth)^(1/k).

    Parameters
    ----------
    annual_growth : float or ndarray
        Growth over a year (0.05 = 5 % a year).
    periods_per_year : float
        k, the number of periods in a year.

    Returns
    -------
    float or ndarray
        The factor a value is multiplied by each period; g^k = 1 + growth.

    >>> round(per_period_growth(0.21, 2), 12)
    1.1
    """
    return (1.0 + annual_growth) ** (1.0 / periods_per_year)


def per_period_retention(annual_retention: Any, periods_per_year: float) -> Any:
    """The retention rate per period that keeps ``annual_retention`` of customers a year.

    Formula: r = R^(1/k). Staying a year means staying k periods in a row, each with
    probability r (the geometric lifetime of the course's retention model), so R = r^k.

    Parameters
    ----------
    annual_retention : float or ndarray
        R, the share of customers still there after a year, in [0, 1].
    periods_per_year : float
        k, the number of periods in a year.

    Returns
    -------
    float or ndarray

    >>> round(per_period_retention(0.81, 2), 12)
    0.9
    """
    return annual_retention ** (1.0 / periods_per_year)


def periodic_discount_rate(annual_rate: Any, period_unit: str) -> Any:
    """An annual discount rate as the equivalent rate per ``period_unit``, with checked inputs.

    Formula: d_period = (1 + d_year)^(1/k) − 1 with k = :func:`periods_per_year`
    (:func:`per_period_rate` does the arithmetic). Compounding k periods at d_period gives
    back exactly one year at d_year.

    Parameters
    ----------
    annual_rate : float or array_like
        Discount rate per year, finite and > −1.
    period_unit : str
        One of the keys of :data:`PERIODS_PER_YEAR`.

    Returns
    -------
    float, or ndarray for array input
        The rate per period.

    Raises
    ------
    ValueError
        For an unknown unit, NaN, or a rate that is not finite or not above −1.

    >>> round(periodic_discount_rate(0.10, "month"), 6)       # 1.1^(1/12) − 1
    0.007974
    """
    k = periods_per_year(period_unit)
    a = check_array("annual_rate", annual_rate)
    check_rate_above_minus_one("annual_rate", a)
    return per_period_rate(a, k)
