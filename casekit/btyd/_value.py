"""Expected discounted value of each customer from a purchase model and a spend model.

References
----------
Fader, Hardie & Lee (2005b), "RFM and CLV: using iso-value curves for customer base
analysis", J. Marketing Research 42(4): CLV = margin × E[spend per purchase] × discounted
expected purchases.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..periods import PERIODS_PER_YEAR, periodic_discount_rate
from ._gammagamma import GammaGamma

__all__ = ["btyd_clv"]


def btyd_clv(purchases: Any, spend: GammaGamma, summary: pd.DataFrame, *,
             horizon: int | None, annual_discount: float, time_unit: str | None = None,
             margin_rate: Any = 1.0) -> pd.DataFrame:
    """Expected discounted value of each customer over ``horizon`` time units.

    CLV_i = margin_rate × E[spend per purchase]_i × Σ_{k=1..H} ΔE[purchases in unit k]_i /
    (1+d)^k, with d the per-unit rate equivalent to ``annual_discount`` (e.g. weekly:
    (1+d_year)^(1/52) − 1). ``horizon`` is a whole number of ``time_unit``s (taken from
    ``summary.attrs["time_unit"]`` when not given; there is no default unit); ``horizon=None``
    values the whole future, each purchase discounted at its own time
    (:meth:`BetaGeo.discounted_expected_purchases_infinite`).
    ``margin_rate``: share of spend that is margin (one number or one per customer).

    ``purchases`` is any fitted purchase model of this package (:class:`BetaGeo`,
    :class:`ParetoNBD`, :class:`MBGCNBD`, :class:`BetaGeoBetaBinom`): each has
    ``probability_alive``, ``expected_purchases`` and the two discounted sums.

    Parameters
    ----------
    purchases : BetaGeo, ParetoNBD, MBGCNBD or BetaGeoBetaBinom
        A fitted purchase model.
    spend : GammaGamma
        A fitted spend model.
    summary : DataFrame
        From :func:`summary_from_activity` (``frequency``, ``recency``, ``T``, ``monetary``).
    horizon : int or None
        Whole time units to value; None for the whole future.
    annual_discount : float
        Discount rate per year.
    time_unit : str, optional
        What one time unit is (default ``summary.attrs["time_unit"]``).
    margin_rate : float or array-like
        Share of spend that is margin.

    Returns
    -------
    pandas.DataFrame
        The summary's customer column, ``probability_alive``, ``expected_purchases``
        (undiscounted, over the horizon; NaN for ``horizon=None``),
        ``discounted_purchases``, ``expected_spend`` and ``clv``.

    References
    ----------
    Fader, Hardie & Lee (2005b), "RFM and CLV: using iso-value curves for customer base
    analysis", J. Marketing Research 42(4), 415–430: they combine the two models this way.
    """
    if not isinstance(summary, pd.DataFrame):
        raise TypeError("summary: expected the DataFrame from summary_from_activity")
    unit = time_unit or summary.attrs.get("time_unit")
    if unit is None:
        raise ValueError("time_unit: not given and not in summary.attrs; say what one time "
                         "unit is (e.g. 'week')")
    if getattr(purchases, "time_unit", None) and unit != purchases.time_unit:
        raise ValueError(f"the purchase model was fitted in {purchases.time_unit}s but the "
                         f"summary is in {unit}s")
    if unit not in PERIODS_PER_YEAR:
        raise ValueError(f"time_unit={unit!r}: choose one of {list(PERIODS_PER_YEAR)}")
    d = periodic_discount_rate(annual_discount, unit)
    need = ["frequency", "recency", "T", "monetary"]
    missing = [c for c in need if c not in summary.columns]
    if missing:
        raise ValueError(f"summary: column(s) {missing} missing; columns present: "
                         f"{list(summary.columns)}")
    x, tx, t = summary["frequency"], summary["recency"], summary["T"]
    alive = purchases.probability_alive(x, tx, t)
    if horizon is None:
        expected = np.full(len(x), np.nan)
        disc = purchases.discounted_expected_purchases_infinite(d, x, tx, t)
    else:
        expected = purchases.expected_purchases(horizon, x, tx, t)
        disc = purchases.discounted_expected_purchases(horizon, d, x, tx, t)
    spend_i = spend.expected_spend(x, summary["monetary"])
    rate = np.broadcast_to(np.asarray(margin_rate, dtype=float), x.shape)
    id_col = [c for c in summary.columns if c not in need][:1]
    out = pd.DataFrame({**({id_col[0]: summary[id_col[0]].to_numpy()} if id_col else {}),
                        "probability_alive": alive, "expected_purchases": expected,
                        "discounted_purchases": disc, "expected_spend": spend_i,
                        "clv": rate * spend_i * disc})
    out.attrs.update({"time_unit": unit, "horizon": None if horizon is None else int(horizon),
                      "annual_discount": float(annual_discount), "discount_per_unit": d})
    return out
