"""From a purchase log to one row per customer: frequency, recency, T, monetary value.

Time is always in an explicit unit: :func:`summary_from_activity` records it in
``summary.attrs["time_unit"]``; nothing assumes days, weeks or months behind your back.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..validate import check_same_length, check_vector
from ..base import CustomerBase

__all__ = ["summary_from_activity"]


def _rfm(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated frequency, recency, T (one per customer)."""
    x, tx, t = check_vector("frequency", frequency), check_vector("recency", recency), check_vector("T", T)
    check_same_length(frequency=x, recency=tx, T=t)
    if (x < 0).any() or (x != np.round(x)).any():
        raise ValueError("frequency must be whole numbers >= 0 (the number of repeat "
                         "purchases)")
    if (tx < 0).any() or (t < 0).any():
        raise ValueError("recency and T must be >= 0 (time since the first purchase)")
    bad = tx > t * (1 + 1e-12)
    if bad.any():
        raise ValueError(f"T < recency for {int(bad.sum())} customer(s) (first at position "
                         f"{int(np.flatnonzero(bad)[0])}): the last purchase cannot come after "
                         "the end of observation; check observation_end and the time unit")
    bad = (x > 0) & (tx == 0)
    if bad.any():
        raise ValueError(f"{int(bad.sum())} customer(s) have repeat purchases but recency 0: "
                         "a repeat purchase must come after the first one (aggregate "
                         "same-period purchases, as summary_from_activity does)")
    bad = (x == 0) & (tx > 0)
    if bad.any():
        raise ValueError(f"{int(bad.sum())} customer(s) have frequency 0 but recency > 0: "
                         "without a repeat purchase recency is 0")
    return x, tx, t


def summary_from_activity(activity: pd.DataFrame | CustomerBase, customer: str = "customer_id",
                          period: str = "period", amount: str | None = "revenue",
                          observation_end: float | None = None,
                          time_unit: str | None = None, litt: bool = False) -> pd.DataFrame:
    """One row per customer: frequency, recency, T and monetary value, from a purchase log.

    - ``frequency``: number of *repeat* purchases (purchase periods after the first).
    - ``recency``: time of the last purchase minus time of the first (0 if no repeat).
    - ``T``: ``observation_end`` minus time of the first purchase.
    - ``monetary``: mean ``amount`` of the repeat purchases (the first purchase is left out,
      as in Fader, Hardie & Lee 2005b; 0 when there is no repeat purchase).

    - ``litt`` (only with ``litt=True``): the sum of the logarithms of the customer's
      inter-purchase times, Σ log(t_j − t_(j−1)) over the repeat purchases (0 without one);
      the MBG/CNBD-k likelihood needs it (Reutterer, Platzer & Schröder 2021).

    Time is the ``period`` column, in ``time_unit`` (e.g. ``"week"``), recorded in
    ``summary.attrs["time_unit"]``. Several rows of one customer in the same period count as
    one purchase (amounts summed): the models work in whole periods. Customers with no row
    are not in the summary (they never bought). Pass a :class:`CustomerBase` to take the
    unit and ``observation_end`` (= ``params.periods``) from its parameters.

    Parameters
    ----------
    activity : DataFrame or CustomerBase
        The purchase log, one row per purchase.
    customer, period, amount : str
        Column names; ``amount=None`` leaves ``monetary`` out.
    observation_end : float, optional
        End of the observation (default: the base's periods, else the log's last period).
    time_unit : str
        What one unit of ``period`` is (required unless a base gives it).
    litt : bool
        Add the ``litt`` column.

    Returns
    -------
    pandas.DataFrame
        One row per customer: ``customer``, ``frequency``, ``recency``, ``T``, ``monetary``
        (and ``litt``); ``attrs["time_unit"]`` records the unit.

    References
    ----------
    Fader, Hardie & Lee (2005a), Marketing Science 24(2), 275–284 (frequency, recency, T);
    Fader, Hardie & Lee (2005b), J. Marketing Research 42(4), 415–430 (monetary value).

    >>> log = pd.DataFrame({"customer_id": [0, 0, 0, 1], "period": [1, 3, 4, 2],
    ...                     "revenue": [10.0, 20.0, 40.0, 5.0]})
    >>> summary_from_activity(log, observation_end=5, time_unit="week")
       customer_id  frequency  recency  T  monetary
    0            0          2        3  4      30.0
    1            1          0        0  3       0.0
    """
    if isinstance(activity, CustomerBase):
        base = activity
        if time_unit is not None and time_unit != base.params.period_unit:
            raise ValueError(f"time_unit={time_unit!r} but this base counts periods in "
                             f"{base.params.period_unit!r}s; leave time_unit out")
        time_unit = base.params.period_unit
        if observation_end is None:
            observation_end = base.params.periods
        activity = base.activity
    if not isinstance(activity, pd.DataFrame):
        raise TypeError(f"activity: expected a pandas DataFrame or a CustomerBase, got "
                        f"{type(activity).__name__}")
    if time_unit is None or not isinstance(time_unit, str):
        raise ValueError(f"time_unit={time_unit!r}: say what one unit of {period!r} is, e.g. "
                         "time_unit='week' (casekit never assumes a time unit)")
    need = [customer, period] + ([amount] if amount is not None else [])
    missing = [c for c in need if c not in activity.columns]
    if missing:
        raise ValueError(f"activity: column(s) {missing} missing; columns present: "
                         f"{list(activity.columns)}")
    if not pd.api.types.is_numeric_dtype(activity[period]) or \
            pd.api.types.is_bool_dtype(activity[period]):
        raise TypeError(f"activity[{period!r}] must be numeric time in {time_unit}s (got "
                        f"{activity[period].dtype}); convert dates to a period number first")
    if len(activity) == 0:
        raise ValueError("activity is empty: there are no purchases to summarise")
    cols = {customer: activity[customer].to_numpy(), "_t": activity[period].to_numpy(float)}
    if np.isnan(cols["_t"]).any():
        raise ValueError(f"activity[{period!r}] contains missing values")
    if amount is not None:
        cols["_v"] = activity[amount].to_numpy(float)
        if np.isnan(cols["_v"]).any():
            raise ValueError(f"activity[{amount!r}] contains missing values")
    frame = pd.DataFrame(cols)
    if amount is not None:
        per = frame.groupby([customer, "_t"], sort=True, observed=True)["_v"].sum().reset_index()
    else:
        per = frame.drop_duplicates([customer, "_t"]).sort_values([customer, "_t"])
    g = per.groupby(customer, sort=True, observed=True)
    first = g["_t"].min()
    last = g["_t"].max()
    n = g["_t"].size()
    end = float(last.max()) if observation_end is None else float(observation_end)
    if end < last.max():
        raise ValueError(f"observation_end={observation_end!r} is before the last purchase "
                         f"(period {last.max():g}); it must be the end of the observed window")
    out = pd.DataFrame({customer: first.index.to_numpy(),
                        "frequency": (n - 1).to_numpy().astype(np.int64),
                        "recency": (last - first).to_numpy(),
                        "T": (end - first).to_numpy()})
    if np.all(out["recency"] == np.round(out["recency"])) and end == round(end):
        out["recency"] = out["recency"].astype(np.int64)
        out["T"] = out["T"].astype(np.int64)
    if amount is not None:
        total = g["_v"].sum().to_numpy()
        first_value = g["_v"].first().to_numpy()
        k = out["frequency"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            out["monetary"] = np.where(k > 0, (total - first_value) / np.maximum(k, 1), 0.0)
    if litt:
        gaps = per.groupby(customer, sort=True, observed=True)["_t"].diff().to_numpy()
        logs = pd.Series(np.log(np.where(np.isnan(gaps), 1.0, gaps)), index=per[customer])
        out["litt"] = logs.groupby(level=0, sort=True, observed=True).sum().to_numpy()
    out.attrs.update({"time_unit": time_unit, "observation_end": end,
                      "amount": amount})
    return out
