"""RFM: recency, frequency and monetary quintile scores and segments."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ._values import _check_frame_column, _check_numeric, _order


# =============================================================================================
# RFM
# =============================================================================================

#: Named RFM segments on the R × F grid (rows R = 1..5, columns F = 1..5). Rule:
#: R ≥ 4: F ≥ 4 champions, F 2–3 potential loyalist, F 1 new customer;
#: R = 3: F ≥ 4 loyal, F 2–3 need attention, F 1 about to sleep;
#: R ≤ 2: F ≥ 3 at risk, F ≤ 2 hibernating.
RFM_SEGMENTS = ("champions", "loyal", "potential_loyalist", "new_customer", "need_attention",
                "about_to_sleep", "at_risk", "hibernating")

#: The RFM segment of each (R score, F score) cell: row R − 1, column F − 1 (R, F = 1..5).
RFM_GRID = np.array([
    # F:  1              2                     3                     4            5
    ["hibernating", "hibernating", "at_risk", "at_risk", "at_risk"],                   # R=1
    ["hibernating", "hibernating", "at_risk", "at_risk", "at_risk"],                   # R=2
    ["about_to_sleep", "need_attention", "need_attention", "loyal", "loyal"],          # R=3
    ["new_customer", "potential_loyalist", "potential_loyalist", "champions", "champions"],  # 4
    ["new_customer", "potential_loyalist", "potential_loyalist", "champions", "champions"],  # 5
])


_RF_CODES = np.vectorize(RFM_SEGMENTS.index)(RFM_GRID).astype(np.int8)

#: The 125 cell codes "111" … "555", in order (category of ``rfm_cell``).
_RFM_CELLS = [f"{r}{f}{m}" for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)]


def _quintile_scores(x: np.ndarray, ids: np.ndarray, ties: str) -> np.ndarray:
    """Scores 1..5, 5 for the largest x (see :func:`rfm` for the two tie rules)."""
    n = len(x)
    if ties == "first":
        order = _order(x, ids, descending=False)
        r = np.empty(n, dtype=np.int64)
        r[order] = np.arange(n)                          # 0 = worst
        return (5 * r // n + 1).astype(np.int8)
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    r_max = np.cumsum(counts)[inverse]                      # customers with value ≤ x
    return ((5 * r_max + n - 1) // n).astype(np.int8)       # ⌈5·r/n⌉


def rfm(activity: Any, customer: str = "customer_id", period: str = "period",
        amount: str = "revenue", now: int | None = None, *, monetary: str = "sum",
        ties: str = "together") -> pd.DataFrame:
    """RFM analysis: recency, frequency, monetary; quintile scores 1–5 (5 = best), segments.

    From ``activity`` (one row per customer × period with a purchase; a CustomerBase uses its
    ``activity`` and ``now = base.params.periods``). Only customers with activity appear.

    * ``recency`` = now − last period with activity (0 = bought in the latest period);
      ``now`` defaults to the latest period in the data;
    * ``frequency`` = number of rows (periods with a purchase);
    * ``monetary`` = total ``amount`` (``monetary="sum"``) or per purchase (``"mean"``).

    Scores (Hughes 1994, independent quintiles): each measure is ranked across customers,
    worst first (most recent, most frequent, largest spend = best), and the ranking is cut
    into fifths. Period data have many ties (in a weekly order book most retailers ordered
    last week), and equal values cannot be cut into fifths, so the tie rule matters:

    * ``ties="together"`` (default): a customer's score is ⌈5·F⌉, F = the share of customers
      whose value is no better than its own. Equal values always share a score, the best
      value always scores 5, and with distinct values each score holds n/5 customers (±1);
      with many ties the counts are unbalanced (a large tie at the bottom may leave no 1).
    * ``ties="first"``: customers are ordered by value, then by customer id ascending; rank
      r = 0..n−1 scores ⌊5·r/n⌋ + 1. Each score holds n/5 customers (±1) exactly, but equal
      values can get different scores, decided by their ids.

    Also ``rfm_cell`` (e.g. ``"545"``, a category of the 125 codes), ``rfm_score`` =
    R + F + M (3..15) and ``segment`` by the R × F rule in :data:`RFM_SEGMENTS`.

    Parameters
    ----------
    activity : DataFrame or CustomerBase
        One row per customer and period with a purchase.
    customer, period, amount : str
        Column names.
    now : int, optional
        The period recency is measured from (default the last period).
    monetary : {"sum", "mean"}
        How amounts are aggregated.
    ties : {"together", "first"}
        How tied values are scored.

    Returns
    -------
    DataFrame
        One row per customer: measures, scores, cell and segment.

    References
    ----------
    Hughes (1994), *Strategic Database Marketing*.
    """
    if monetary not in ("sum", "mean"):
        raise ValueError(f"monetary={monetary!r} is not allowed; choose 'sum' or 'mean'")
    if ties not in ("first", "together"):
        raise ValueError(f"ties={ties!r} is not allowed; choose 'first' or 'together'")
    if isinstance(activity, CustomerBase):
        if now is None:
            now = int(activity.params.periods)
        activity = activity.activity
    if not isinstance(activity, pd.DataFrame):
        raise TypeError(f"activity: expected a DataFrame (customer, period, amount) or a "
                        f"CustomerBase, got {type(activity).__name__}")
    for col in (customer, period, amount):
        _check_frame_column(activity, col, "activity")
    if len(activity) == 0:
        raise ValueError("activity: no rows (empty data)")
    amt = _check_numeric(activity[amount], f"activity[{amount!r}]")
    per = activity[period]
    if not pd.api.types.is_integer_dtype(per.dtype):
        raise TypeError(f"activity[{period!r}]: expected whole-number periods, got {per.dtype}")
    last_seen = int(per.max())
    if now is None:
        now = last_seen
    elif isinstance(now, bool) or not isinstance(now, (int, np.integer)):
        raise TypeError(f"now={now!r}: expected a whole-number period")
    elif now < last_seen:
        raise ValueError(f"now={now!r} is before the latest period in the data ({last_seen})")
    frame = pd.DataFrame({"p": per.to_numpy(), "a": amt.to_numpy()})
    g = frame.groupby(activity[customer].to_numpy(), sort=True).agg(
        last=("p", "max"), freq=("p", "size"), money=("a", monetary))
    ids = g.index.to_numpy()
    rec = int(now) - g["last"].to_numpy().astype("int64")    # int64: a far `now` fits
    f = g["freq"].to_numpy().astype("int64")
    m = g["money"].to_numpy()
    r_s = _quintile_scores(-rec.astype("float64"), ids, ties)
    f_s = _quintile_scores(f.astype("float64"), ids, ties)
    m_s = _quintile_scores(m, ids, ties)
    cell = pd.Categorical.from_codes((r_s.astype(np.int16) - 1) * 25 + (f_s - 1) * 5 + (m_s - 1),
                                     categories=_RFM_CELLS)
    seg = _RF_CODES[r_s - 1, f_s - 1]
    return pd.DataFrame({
        "customer_id": ids, "recency": rec, "frequency": f, "monetary": m,
        "r_score": r_s, "f_score": f_s, "m_score": m_s, "rfm_cell": cell,
        "rfm_score": (r_s.astype(np.int16) + f_s + m_s).astype(np.int8),
        "segment": pd.Categorical.from_codes(seg, categories=list(RFM_SEGMENTS)),
    })
