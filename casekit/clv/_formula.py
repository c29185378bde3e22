"""Customer lifetime value (客户终身价值): the textbook formula, the cash-flow table,
per-customer CLV for a customer base, and retention projection with the sBG model.

CLV is the net present value of the cash flows a customer brings (seed ``003``): recurring
revenue (+) minus recurring cost (−) gives the margin; each margin counts only if the
customer is still there (retention probability), is discounted back to today, and the
acquisition cost (−) is paid up front.

With a constant margin ``m`` per period, retention ``r`` and discount rate ``d`` per period,
the three textbook formulas differ only in *when* the first margin arrives and whether the
first period is already at risk (Fader & Hardie 2012, "Reconciling and clarifying CLV
formulas")::

    timing="start"        first margin now, for sure         m·(1+d)/(1+d−r)
    timing="end_at_risk"  margins at period ends, all at risk m·r/(1+d−r)   (Gupta–Lehmann)
    timing="end"          at period ends, the first one sure  m/(1+d−r)

>>> round(clv(100, 0.8, 0.1), 2)                          # 100·1.1/0.3
366.67
>>> round(clv(100, 0.8, 0.1, timing="end_at_risk"), 2)    # 100·0.8/0.3
266.67

Everything here is plain numpy/scipy on arrays, so one call values a million customers.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..validate import check_array, check_rate_above_minus_one, show_values
from ..periods import PERIODS_PER_YEAR, periodic_discount_rate

__all__ = ["TIMINGS", "PERIODS_PER_YEAR", "clv", "cash_flow_table", "periodic_discount_rate",
           "clv_sensitivity", "CASH_FLOW_TABLE_MAX_ROWS"]


#: The three timing conventions of :func:`clv`, in words.
TIMINGS: dict[str, str] = {
    "start": "first margin received now (start of period 1, certain); then one at the start of "
             "every later period the customer is still there: m(1+d)/(1+d-r)",
    "end_at_risk": "margins at the end of each period, each only if the customer stayed through "
                   "that period, the first one included (Gupta & Lehmann's margin multiple): "
                   "m*r/(1+d-r)",
    "end": "margins at the end of each period; the first one is certain (the customer pays for "
           "period 1), later ones only if the customer is still there: m/(1+d-r)",
}


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------


def _check_retention(arr: np.ndarray, name: str = "retention") -> None:
    bad = (arr < 0) | (arr > 1)
    if bad.any():
        raise ValueError(f"{name}={show_values(arr, bad)} is out of range; allowed: [0, 1] (a "
                         "probability per period; churn = 1 - retention)")


def _check_timing(timing: str) -> str:
    if timing not in TIMINGS:
        raise ValueError(f"timing={timing!r} is not a timing convention; choose one of "
                         f"{list(TIMINGS)}")
    return timing


def _periods_array(periods: Any) -> np.ndarray:
    if isinstance(periods, (bool, np.bool_)) or isinstance(periods, str):
        raise TypeError(f"periods={periods!r}: expected a whole number of periods (or None "
                        "for an infinite horizon)")
    arr = check_array("periods", periods)
    if (arr < 0).any():
        raise ValueError(f"periods={show_values(arr, arr < 0)} is negative; allowed: whole numbers "
                         ">= 0 (or None for an infinite horizon)")
    if (~np.isfinite(arr)).any() or (arr != np.round(arr)).any():
        bad = ~np.isfinite(arr) | (arr != np.round(arr))
        raise ValueError(f"periods={show_values(arr, bad)} is not a whole number; allowed: whole "
                         "numbers >= 0 (or None for an infinite horizon)")
    return arr


def _broadcast(named: Mapping[str, np.ndarray]) -> list[np.ndarray]:
    try:
        return list(np.broadcast_arrays(*named.values()))
    except ValueError:
        shapes = ", ".join(f"{k} has {len(v) if v.ndim == 1 else v.shape} values"
                           if v.ndim else f"{k} is one number" for k, v in named.items())
        raise ValueError(f"the inputs do not line up: {shapes}; give arrays of the same "
                         "length (or single numbers)") from None


def _series_index(**values: Any) -> pd.Index | None:
    """The index of the pandas Series among the inputs (None without one).

    Two Series with different indexes are refused: numpy would pair their values by
    position, silently matching one customer's margin with another's retention.
    """
    series = {k: v for k, v in values.items() if isinstance(v, pd.Series)}
    if not series:
        return None
    names = list(series)
    first = series[names[0]].index
    for k in names[1:]:
        if not series[k].index.equals(first):
            raise ValueError(f"{names[0]} and {k} are pandas Series with different indexes; "
                             "casekit will not pair them by position. Align them first, e.g. "
                             f"{k} = {k}.reindex({names[0]}.index)")
    return first


# --------------------------------------------------------------------------------------------
# clv: the formula
# --------------------------------------------------------------------------------------------


def _geometric_sum(q: np.ndarray, one_minus_q: np.ndarray, periods: np.ndarray | None):
    """Σ_{t=0}^{T-1} q^t (T = periods), or 1/(1-q) when periods is None."""
    if periods is None:
        return 1.0 / one_minus_q
    with np.errstate(divide="ignore", invalid="ignore"):
        log_q = np.log(q)
        head = -np.expm1(periods * log_q)          # 1 - q^T, accurate when q is near 1
        out = np.where(one_minus_q == 0, periods, head / one_minus_q)
    return np.where(periods == 0, 0.0, out)


def clv(margin: Any, retention: Any, discount: Any, periods: Any = None,
        timing: str = "start", acquisition_cost: Any = 0.0) -> Any:
    """Customer lifetime value with a constant margin, retention and discount rate per period.

    Formula (m = margin per period, r = retention per period, d = discount rate per period,
    q = r/(1+d), T = ``periods``)::

        timing="start"        Σ_{t=0..T-1} m·q^t       → T=∞: m·(1+d)/(1+d−r)
        timing="end_at_risk"  Σ_{t=1..T}   m·q^t       → T=∞: m·r/(1+d−r)
        timing="end"          Σ_{t=1..T}   m·r^(t-1)/(1+d)^t → T=∞: m/(1+d−r)

    minus ``acquisition_cost`` (paid now, so not discounted). In words:

    - ``"start"`` (the default): the customer pays the first margin today — think of a new
      subscriber paying the first month up front. Each later margin arrives at the start of a
      period and only if the customer renewed. Use it to value a customer you are acquiring.
    - ``"end_at_risk"``: each margin arrives at the end of its period, and the customer must
      survive that period first, even the first one. r/(1+d−r) is Gupta & Lehmann's (2003)
      "margin multiple": value an existing customer today, before this period's churn.
    - ``"end"``: margins at the end of each period; the first one is certain (the customer is
      acquired and pays at the end of period 1), later ones at risk. Equals "start" / (1+d).

    ``periods=None`` gives the infinite-horizon closed form; a whole number T sums the first
    T margins (T payments). Every argument may be an array (numpy broadcasting), e.g. one
    margin per customer and one retention per segment; a pandas Series in gives a Series out.
    Rates are per period: convert an annual discount rate with :func:`periodic_discount_rate`.

    Source: Gupta & Lehmann (2003), J. Interactive Marketing; Fader & Hardie (2012),
    "Reconciling and clarifying CLV formulas". We implement the textbook sum on purpose, so a
    student can check it by hand.

    Parameters
    ----------
    margin : float or array_like
        Margin per period m (RMB), revenue less recurring cost.
    retention : float or array_like
        Retention per period r, in [0, 1].
    discount : float or array_like
        Discount rate per period d, > -1 (convert an annual rate with
        :func:`periodic_discount_rate`).
    periods : int, optional
        Number of margins T summed; None (default) for the infinite-horizon closed form.
    timing : {"start", "end", "end_at_risk"}
        When each margin arrives and whether the first is at risk (see above).
    acquisition_cost : float or array_like
        Paid now (RMB), subtracted undiscounted; default 0.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The CLV in RMB; an array when an argument is one, a Series when one is a Series.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9–24 (the margin multiple r/(1+d−r)).

    Fader, P. S. & Hardie, B. G. S. (2012). Reconciling and clarifying CLV formulas. Note,
    brucehardie.com/notes/024 (the three timing conventions).

    Course deck 客户终身价值 (seed 003): CLV as the net present value of a customer's
    cash flows.

    >>> round(clv(100, 0.8, 0.1, timing="end"), 2)             # 100/0.3
    333.33
    >>> round(clv(100, 0.8, 0.1, periods=2), 2)                # 100 + 100·0.8/1.1
    172.73
    >>> clv([100, 200], 0.9, 0.0, periods=3).round(1).tolist() # 100·(1+0.9+0.81)
    [271.0, 542.0]
    """
    _check_timing(timing)
    index = _series_index(margin=margin, retention=retention, discount=discount,
                          periods=periods, acquisition_cost=acquisition_cost)
    m = check_array("margin", margin)
    r = check_array("retention", retention)
    d = check_array("discount", discount)
    c = check_array("acquisition_cost", acquisition_cost)
    if (~np.isfinite(m)).any():
        raise ValueError(f"margin={show_values(m, ~np.isfinite(m))} is not finite; margins must be "
                         "finite numbers (RMB per period)")
    _check_retention(r)
    check_rate_above_minus_one("discount", d)
    if (~np.isfinite(c)).any() or (c < 0).any():
        bad = ~np.isfinite(c) | (c < 0)
        raise ValueError(f"acquisition_cost={show_values(c, bad)} is out of range; allowed: a finite "
                         "amount >= 0 (RMB)")
    named = {"margin": m, "retention": r, "discount": d, "acquisition_cost": c}
    if periods is not None:
        named["periods"] = _periods_array(periods)
    arrays = _broadcast(named)
    m, r, d, c = arrays[:4]
    T = arrays[4] if periods is not None else None

    one_plus_d = 1.0 + d
    q = r / one_plus_d
    one_minus_q = (one_plus_d - r) / one_plus_d
    if T is None and (one_minus_q <= 0).any():
        bad = one_minus_q <= 0
        raise ValueError(
            f"the infinite-horizon CLV does not converge where retention >= 1 + discount "
            f"(retention={show_values(r, bad)}, discount={show_values(d, bad)}): the customer never leaves "
            "and money is not discounted; give a finite number of periods")
    s = _geometric_sum(q, one_minus_q, T)
    if timing == "start":
        value = m * s
    elif timing == "end_at_risk":
        value = m * q * s
    else:
        value = m / one_plus_d * s
    value = value - c
    if index is not None and value.ndim == 1 and len(index) == len(value):
        return pd.Series(value, index=index, name="clv")
    if value.ndim == 0:
        return float(value)
    return value


# --------------------------------------------------------------------------------------------
# cash-flow table
# --------------------------------------------------------------------------------------------


#: The longest cash-flow table casekit builds (a table is for reading: 100,000 periods is
#: already 270 years of weeks; :func:`clv` values any horizon without a table).
CASH_FLOW_TABLE_MAX_ROWS = 100_000
_CASH_FLOW_COLUMNS = 10


def _per_period(name: str, value: Any, periods: int) -> np.ndarray:
    arr = check_array(name, value)
    if arr.ndim == 0:
        return np.full(periods, float(arr))
    if arr.ndim != 1 or len(arr) != periods:
        raise ValueError(f"{name} has {arr.size} values but periods={periods}; give one number "
                         f"or one value per period ({periods})")
    return arr


def cash_flow_table(revenue: Any, retention: Any, discount: float, periods: int | None = None,
                    cost: Any = 0.0, timing: str = "start",
                    acquisition_cost: float = 0.0) -> pd.DataFrame:
    """The CLV slide as a table: one row per period, from revenue to cumulative value.

    Columns: ``period`` (1, 2, …), ``paid_at`` (when the cash arrives, in periods from now),
    ``survival`` (probability the customer is still there to pay it), ``revenue`` and
    ``cost`` (recurring, per active customer), ``margin`` = revenue − cost,
    ``expected_margin`` = survival × margin, ``discount_factor`` = 1/(1+d)^paid_at,
    ``present_value`` = expected_margin × discount_factor, and ``cumulative_value`` = running
    sum of present values − acquisition cost. The last ``cumulative_value`` is the CLV
    (``table.attrs["clv"]``) and equals :func:`clv` for constant inputs.

    ``revenue``, ``cost`` and ``retention`` may each be one number or one value per period
    (retention[t-1] = probability of staying through period t, e.g. from
    :meth:`ShiftedBetaGeometric.retention`). ``periods`` defaults to the length of those
    sequences. ``timing`` as in :func:`clv`: survival before the payment of period t is
    r_1…r_(t-1) for "start" and "end", r_1…r_t for "end_at_risk"; cash arrives at t−1
    ("start") or t (both "end" conventions).

    Example 1 of the course (seed 003): acquiring a customer costs RMB 2,500, keeping them
    RMB 500 a year; revenue is 1,000 in year 1, 1,500 in year 2 and 2,000 after; 15% discount
    rate, a 5-year life, cash at year end:

    Parameters
    ----------
    revenue : float or sequence of float
        Recurring revenue per period of an active customer (RMB), one number or one per period.
    retention : float or sequence of float
        Probability of staying through each period, one number or one per period.
    discount : float
        Discount rate per period.
    periods : int, optional
        Number of periods; default the length of the sequences given.
    cost : float or sequence of float
        Recurring cost per period of an active customer (RMB); default 0.
    timing : {"start", "end", "end_at_risk"}
        As in :func:`clv`.
    acquisition_cost : float
        Paid now (RMB); default 0.

    Returns
    -------
    pandas.DataFrame
        One row per period with the columns listed above; ``attrs["clv"]`` holds the CLV.

    References
    ----------
    Course deck 客户终身价值 (seed 003): CLV as the net present value of a customer's
    cash flows. Example 1 is the deck's.

    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing*, 17(1), 9–24 (the margin multiple r/(1+d−r)).

    Fader, P. S. & Hardie, B. G. S. (2012). Reconciling and clarifying CLV formulas. Note,
    brucehardie.com/notes/024 (the three timing conventions).

    >>> t = cash_flow_table([1000, 1500, 2000, 2000, 2000], 1.0, 0.15, cost=500,
    ...                     timing="end", acquisition_cost=2500)
    >>> round(t.attrs["clv"], 2)      # 500/1.15 + 1000/1.15² + 1500/1.15³ + … − 2500
    1280.6
    """
    _check_timing(timing)
    if periods is None:
        lengths = [np.size(v) for v in (revenue, retention, cost) if np.ndim(v) > 0]
        if not lengths:
            raise ValueError("periods=None: give the number of periods (a cash-flow table "
                             "needs a finite horizon) or per-period sequences")
        periods = lengths[0]
    T = _periods_array(periods)
    if T.ndim != 0:
        raise TypeError(f"periods: expected one whole number, got {T.size} values")
    T = int(T)
    if T == 0:
        raise ValueError("periods=0: a cash-flow table needs at least one period")
    if T > CASH_FLOW_TABLE_MAX_ROWS:
        size = T * _CASH_FLOW_COLUMNS * 8
        raise ValueError(f"periods={T:,} would build a table of about {size / 1e9:,.1f} GB "
                         f"({_CASH_FLOW_COLUMNS} columns × 8 bytes × {T:,} rows); the limit is "
                         f"{CASH_FLOW_TABLE_MAX_ROWS:,} periods. Use clv(...) for the value "
                         "over a long horizon")
    rev = _per_period("revenue", revenue, T)
    cst = _per_period("cost", cost, T)
    ret = _per_period("retention", retention, T)
    _check_retention(ret)
    d = check_array("discount", discount)
    if d.ndim != 0:
        raise TypeError("discount: expected one rate per period (a single number)")
    check_rate_above_minus_one("discount", d)
    acq = float(check_array("acquisition_cost", acquisition_cost))
    if not np.isfinite(acq) or acq < 0:
        raise ValueError(f"acquisition_cost={acq!r} is out of range; allowed: a finite amount "
                         ">= 0 (RMB)")
    period = np.arange(1, T + 1)
    through = np.cumprod(ret)                          # survived periods 1..t
    before = np.concatenate([[1.0], through[:-1]])     # survived periods 1..t-1
    survival = through if timing == "end_at_risk" else before
    paid_at = period - 1 if timing == "start" else period
    margin = rev - cst
    expected = survival * margin
    factor = (1.0 + float(d)) ** (-paid_at.astype(float))
    pv = expected * factor
    table = pd.DataFrame({
        "period": period, "paid_at": paid_at, "survival": survival, "revenue": rev,
        "cost": cst, "margin": margin, "expected_margin": expected, "discount_factor": factor,
        "present_value": pv, "cumulative_value": np.cumsum(pv) - acq,
    })
    table.attrs.update({"clv": float(table["cumulative_value"].iloc[-1]), "timing": timing,
                        "discount": float(d), "acquisition_cost": acq})
    return table


# --------------------------------------------------------------------------------------------
# sensitivity: Gupta, Lehmann & Stuart (2004)
# --------------------------------------------------------------------------------------------


def clv_sensitivity(margin: float, retention: float, discount: float,
                    acquisition_cost: float = 0.0, periods: int | None = None,
                    timing: str = "end_at_risk", change: float = 0.01) -> pd.DataFrame:
    """How much CLV moves when each driver improves by ``change`` (1% by default).

    Improvements: retention × (1 + change) (capped at 1), margin × (1 + change), acquisition
    cost × (1 − change). Returns one row per driver with the CLV before and after and the
    percentage change. Gupta, Lehmann & Stuart (2004, J. Marketing Research) found for five
    firms that 1% better retention raised customer value by about 5%, against about 1% for
    margin and 0.1% for acquisition cost: retention acts through the margin multiple
    r/(1+d−r), which grows faster than r.

    Parameters
    ----------
    margin, retention, discount, acquisition_cost, periods, timing
        As in :func:`clv` (default timing ``"end_at_risk"``, the margin multiple).
    change : float
        The relative improvement of each driver (0.01 = 1 %).

    Returns
    -------
    pandas.DataFrame
        One row per driver (retention, margin, acquisition cost): CLV before and after and the
        percentage change.

    References
    ----------
    Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing customers. *Journal of
    Marketing Research*, 41(1), 7–18.

    >>> s = clv_sensitivity(100, 0.85, 0.12, acquisition_cost=30)
    >>> s["percent_change"].round(2).tolist()
    [4.73, 1.11, 0.11]
    """
    base = clv(margin, retention, discount, periods, timing, acquisition_cost)
    if not base > 0:
        raise ValueError(f"the CLV at these inputs is {base:.2f} <= 0; percentage changes "
                         "need a positive starting value")
    rows = []
    for driver, kwargs in (
        ("retention", dict(retention=min(1.0, retention * (1 + change)))),
        ("margin", dict(margin=margin * (1 + change))),
        ("acquisition_cost", dict(acquisition_cost=acquisition_cost * (1 - change))),
    ):
        args = dict(margin=margin, retention=retention, discount=discount, periods=periods,
                    timing=timing, acquisition_cost=acquisition_cost)
        args.update(kwargs)
        after = clv(**args)
        rows.append({"driver": driver, "improvement": f"{change:.0%}", "clv_before": base,
                     "clv_after": after, "percent_change": 100 * (after / base - 1)})
    return pd.DataFrame(rows)
