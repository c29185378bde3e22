"""Retention economics: Reichheld & Sasser (1990) and Gupta, Lehmann & Stuart (2004)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..periods import per_period_retention
from ..validate import check_choice, check_number
from ._response import _World, _life_factor, _world
from ._scenario import _column


# --------------------------------------------------------------------------------------------
# Retention economics: Reichheld & Sasser, Gupta–Lehmann
# --------------------------------------------------------------------------------------------

#: Reichheld & Sasser (1990): five points fewer defections raised profits by 25 % to 85 %.
REICHHELD_RANGE = (0.25, 0.85)


def _value_per_customer(w: _World, r: np.ndarray, m: np.ndarray) -> np.ndarray:
    return m * w.v * _life_factor(r, w.g, w.v, w.H, w.gp)


def reichheld_check(base: CustomerBase, cut: float = 0.05, horizon: int | None = None,
                    discount: float | None = None, by: str | None = "segment",
                    how: str = "proportional", growth: bool = True,
                    growth_years: float | None = None) -> pd.DataFrame:
    """Profit change from cutting the *annual* defection rate by ``cut`` (five points).

    Defection here is per year: D = 1 − R with R = r^12 (months) or r^52 (weeks) the annual
    retention of each active customer; the firm's defection rate is their mean D̄ (the share
    of customers lost in a year). How the five points are cut:

    * ``how="proportional"`` (default): the *average* falls by ``cut`` points and every
      customer's defection by the same share, D' = D·(1 − cut/D̄) — heterogeneity is kept
      (Reichheld & Sasser speak of the firm's defection rate);
    * ``how="points"``: every customer's D falls by ``cut`` points, D' = max(D − cut, 0);
      customers already below ``cut`` become perfectly loyal (counted in ``capped``).

    Profit is
    the present value of the margin the current customers bring (the worlds' timing, growth
    included) over ``horizon`` periods, default ``None`` = their whole lifetime, at
    annual ``discount``. Reichheld & Sasser (1990, "Zero defections", HBR) report +25 % to
    +85 % across the industries they studied (85 % bank branches, 50 % insurance brokerage,
    30 % auto service); the table puts this world next to that range.

    Returns one row per value of ``by`` (a column of customers, e.g. segment; None: none) and
    an ``all`` row: customers, annual defection before and after (customer-weighted means),
    value before and after (RMB), ``profit_change`` (after/before − 1), ``capped``,
    ``reported_low``/``reported_high`` and ``within_reported``.

    Parameters
    ----------
    base : CustomerBase
    cut : float
        Points of annual defection removed (0.05 = five points).
    horizon : int, optional
        Periods valued; None = the customers' whole lifetime.
    discount : float, optional
        Annual discount rate (default the base's ``params.discount_rate``).
    by : str or None
        A customers column to break the table down by.
    how : {"proportional", "points"}
        How the cut is spread over customers.
    growth, growth_years
        As for :func:`what_if`.

    Returns
    -------
    DataFrame
        One row per group and an ``all`` row (see above).

    References
    ----------
    Reichheld & Sasser (1990), "Zero defections: quality comes to services", HBR.

    >>> reichheld_check(base)                       # doctest: +SKIP
    """
    cut = check_number("cut", cut, low=0.0, high=1.0, allowed="[0, 1] (0.05 = five points a year)")
    check_choice("how", how, ("proportional", "points"))
    w = _world(base, horizon, discount, growth, growth_years, infinite=True)
    ppy = w.ppy
    R = w.r ** ppy
    D = 1.0 - R
    if how == "points":
        R2 = np.minimum(R + cut, 1.0)
    else:
        if D.mean() <= cut:
            raise ValueError(f"cut={cut:g}: the average annual defection rate is only "
                             f"{D.mean():.4f}; it cannot fall by {cut:g} points")
        R2 = 1.0 - D * (1.0 - cut / D.mean())
    r2 = per_period_retention(R2, ppy)
    before = _value_per_customer(w, w.r, w.m)
    after = _value_per_customer(w, r2, w.m)
    frame = pd.DataFrame({"group": "all", "defection": 1 - R, "defection_after": 1 - R2,
                          "before": before, "after": after,
                          "capped": (D < cut) if how == "points" else np.zeros(len(D), bool)})
    groups = [("all", np.ones(len(R), dtype=bool))]
    if by is not None:
        col = _column(base, by, "reichheld_check").astype(str).to_numpy()[w.active]
        groups += [(val, col == val) for val in pd.unique(col)]
    rows = []
    for name, sel in groups:
        f = frame[sel]
        vb, va = float(f["before"].sum()), float(f["after"].sum())
        change = va / vb - 1.0 if vb > 0 else np.nan
        rows.append({by or "group": name, "customers": int(sel.sum()),
                     "defection_rate": float(f["defection"].mean()),
                     "defection_after": float(f["defection_after"].mean()),
                     "value_before": vb, "value_after": va, "profit_change": change,
                     "capped": int(f["capped"].sum()), "reported_low": REICHHELD_RANGE[0],
                     "reported_high": REICHHELD_RANGE[1],
                     "within_reported": bool(REICHHELD_RANGE[0] <= change <= REICHHELD_RANGE[1])
                     if np.isfinite(change) else False})
    out = pd.DataFrame(rows).set_index(by or "group")
    out.attrs.update(cut=cut, horizon=horizon, discount=w.discount,
                     period_unit=base.params.period_unit)
    return out


#: Gupta, Lehmann & Stuart (2004): effect of a 1 % improvement on firm value (average of five
#: firms): retention ≈ 5 % (3–7 %), margin ≈ 1 %, acquisition cost ≈ 0.1 %.
GUPTA_LEHMANN_REPORTED = {"retention": 0.05, "margin": 0.01, "acquisition_cost": 0.001}


def gupta_lehmann(base: CustomerBase, change: float = 0.01, acquisition_cost: float | None = None,
                  new_customers_per_year: float | None = None, discount: float | None = None,
                  growth: bool = True, growth_years: float | None = None) -> pd.DataFrame:
    """Firm value's sensitivity to retention, margin and acquisition cost (GLS 2004).

    Firm value = value of today's customers + value of the customers still to be acquired
    (Gupta, Lehmann & Stuart 2004, "Valuing customers"):

        E   = Σ_i m_i·v / (1 − g_i·r_i·v)                           (lifetime)
        V   = E + N·(E/n − A) / d                                     (N new customers a year,
                                                                      like today's average,
                                                                      acquisition cost A)

    Each lever is improved by ``change`` (1 %): annual retention R·(1 + change) (capped at 1),
    margin m·(1 + change), acquisition cost A·(1 − change). GLS found ≈ 5 %, ≈ 1 % and ≈ 0.1 %
    more firm value. ``new_customers_per_year`` defaults to the customers lost per year today
    (Σ(1 − R_i): a base of constant size); ``acquisition_cost`` (RMB per new customer)
    defaults to ``base.params.acquisition_cost`` when the world has it.

    Returns one row per lever: value before and after (RMB), ``value_change`` and the
    ``reported`` figure.

    Parameters
    ----------
    base : CustomerBase
    change : float
        The relative improvement of each lever (0.01 = 1 %).
    acquisition_cost : float, optional
        RMB per new customer (default ``base.params.acquisition_cost``, else the mean of
        ``customers.acquisition_cost``).
    new_customers_per_year : float, optional
        N (default the customers lost per year today).
    discount : float, optional
        Annual discount rate d.
    growth, growth_years
        As for :func:`what_if`.

    Returns
    -------
    DataFrame
        One row per lever.

    References
    ----------
    Gupta, Lehmann & Stuart (2004), "Valuing customers", Journal of Marketing Research;
    Gupta & Lehmann (2003, 2005).

    >>> gupta_lehmann(base, acquisition_cost=300)            # doctest: +SKIP
    """
    change = check_number("change", change, low=0.0, high=0.5)
    if acquisition_cost is None:
        acquisition_cost = base.params.values.get("acquisition_cost")
        if acquisition_cost is None and "acquisition_cost" in base.customers.columns:
            acquisition_cost = float(base.customers["acquisition_cost"].mean())
        if acquisition_cost is None:
            raise ValueError("acquisition_cost=None and the base has neither "
                             "params.acquisition_cost nor a customers.acquisition_cost column; "
                             "give RMB per new customer, e.g. acquisition_cost=300")
    A = check_number("acquisition_cost", acquisition_cost, low=0.0)
    w = _world(base, None, discount, growth, growth_years, infinite=True)
    d, ppy = w.discount, w.ppy
    r, m = w.r, w.m
    n = len(r)
    R = r ** ppy
    N = float(np.sum(1.0 - R)) if new_customers_per_year is None else \
        check_number("new_customers_per_year", new_customers_per_year, low=0.0)

    def firm(r_, m_, A_):
        E = float(np.sum(_value_per_customer(w, r_, m_)))
        return E + N * (E / n - A_) / d

    v0 = firm(r, m, A)
    r_up = per_period_retention(np.minimum(R * (1.0 + change), 1.0), ppy)
    after = {"retention": firm(r_up, m, A), "margin": firm(r, m * (1.0 + change), A),
             "acquisition_cost": firm(r, m, A * (1.0 - change))}
    rows = [{"lever": k, "change": change, "value_before": v0, "value_after": val,
             "value_change": val / v0 - 1.0, "reported": GUPTA_LEHMANN_REPORTED[k]}
            for k, val in after.items()]
    out = pd.DataFrame(rows).set_index("lever")
    out.attrs.update(new_customers_per_year=N, acquisition_cost=A, discount=d,
                     capped=int(np.sum(R * (1.0 + change) > 1.0)))
    return out
