"""Periods per year and the conversion of an annual rate into a rate per period: one place.

Every module that turns an annual discount rate into a weekly or monthly one uses
:func:`periodic_discount_rate` (re-exported as ``ck.periodic_discount_rate`` and
``casekit.clv.periodic_discount_rate``).
"""

from __future__ import annotations

import numpy as np

from ._validate import _array, _check_discount

__all__ = ["PERIODS_PER_YEAR", "periodic_discount_rate"]

#: How many periods of each unit make a year (used to convert an annual discount rate).
PERIODS_PER_YEAR: dict[str, int] = {"year": 1, "quarter": 4, "month": 12, "week": 52, "day": 365}


def periodic_discount_rate(annual_rate: float, period_unit: str) -> float:
    """Convert an annual discount rate into the equivalent rate per ``period_unit``.

    Formula: d_period = (1 + d_year)^(1/k) − 1, with k periods per year
    (:data:`PERIODS_PER_YEAR`: month 12, week 52, quarter 4, day 365, year 1). Compounding
    k periods at d_period gives back exactly one year at d_year.

    Parameters
    ----------
    annual_rate : float or array
        Discount rate per year, > -1.
    period_unit : str
        One of the keys of :data:`PERIODS_PER_YEAR`.

    Returns
    -------
    float or numpy.ndarray
        The rate per period.

    >>> round(periodic_discount_rate(0.10, "month"), 6)       # 1.1^(1/12) − 1
    0.007974
    """
    if period_unit not in PERIODS_PER_YEAR:
        raise ValueError(f"period_unit={period_unit!r} is not a known unit; choose one of "
                         f"{list(PERIODS_PER_YEAR)}")
    a = _array("annual_rate", annual_rate)
    _check_discount(a, "annual_rate")
    out = np.expm1(np.log1p(a) / PERIODS_PER_YEAR[period_unit])
    return float(out) if out.ndim == 0 else out
