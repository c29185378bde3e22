"""Allocation of a retention budget across tiers (pyramid, equal, optimised)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..periods import per_period_retention
from ..validate import check_choice, check_number
from ._response import _World, _geom, _life_factor, _world
from ._scenario import PYRAMID_TIERS, _column


#: The course's split of sales time (seed ``001``): 60 % to key, 30 % to normal, 10 % to small.
PYRAMID_SHARES: dict[str, float] = {"key": 0.60, "normal": 0.30, "small": 0.10}


# --------------------------------------------------------------------------------------------
# Allocation of a retention budget across tiers
# --------------------------------------------------------------------------------------------


def retention_response(spend: Any, ceiling: float, k: float) -> np.ndarray:
    """Retention gain bought by ``spend`` RMB per customer per year (diminishing returns).

    Formula: gain = ceiling · (1 − e^(−k · spend)), the concave response of Blattberg &
    Deighton (1991): the first yuan buys the most; no budget buys more than ``ceiling``.
    ``k`` (per RMB) sets how fast: spending 1/k RMB gets 63 % of the ceiling.

    Parameters
    ----------
    spend : float or array_like
        RMB per customer per year (>= 0).
    ceiling : float
        The largest gain any budget can buy.
    k : float
        Responsiveness per RMB (> 0).

    Returns
    -------
    ndarray
        The gain, same shape as ``spend``.

    References
    ----------
    Blattberg & Deighton (1991), "Interactive marketing: exploiting the age of
    addressability", Sloan Management Review.

    >>> round(float(retention_response(100, ceiling=0.05, k=0.01)), 4)   # 0.05·(1 − e^-1)
    0.0316
    """
    ceiling = check_number("ceiling", ceiling, low=0.0, high=1.0,
                           allowed="[0, 1] (the largest retention gain, a fraction)")
    k = check_number("k", k, low=0.0, low_open=True,
                     allowed="> 0 (per RMB; 1/k buys 63 % of the ceiling)")
    try:
        s = np.asarray(spend, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"spend={spend!r}: expected RMB amounts (numbers)") from None
    if np.any(np.isnan(s)):
        raise ValueError("spend: NaN values; give RMB amounts >= 0")
    if np.any(s < 0):
        raise ValueError("spend: cannot be negative")
    return ceiling * (1.0 - np.exp(-k * s))


class _TierValuer:
    """ΔNPV of spending s RMB per customer per year on one tier (closed form, vectorised)."""

    def __init__(self, w: _World, sel: np.ndarray, ceiling, k, kind, name):
        self.r, self.m, self.g = w.r[sel], w.m[sel], w.g[sel]
        self.ppy, self.v, self.H, self.gp = w.ppy, w.v, w.H, w.gp
        self.ceiling, self.k, self.kind, self.name = ceiling, k, kind, name
        self.R = self.r ** self.ppy
        self.base = float(np.sum(self.m * self.v * _life_factor(self.r, self.g, self.v, self.H,
                                                                self.gp)))
        if kind == "points" and len(self.r) and float(self.R.max()) + ceiling > 1 + 1e-12:
            raise ValueError(
                f"ceiling={ceiling:g} (annual retention points) would push annual retention "
                f"above 1 for tier {name!r} (highest {self.R.max():.4f}); lower the ceiling or "
                "use uplift_kind='churn' (the gain is then the share of churn prevented)")

    def parts(self, s: float) -> tuple[float, float, float]:
        gain = float(retention_response(s, self.ceiling, self.k))
        R2 = self.R + gain if self.kind == "points" else 1.0 - (1.0 - self.R) * (1.0 - gain)
        r2 = per_period_retention(np.clip(R2, 0.0, 1.0), self.ppy)
        margin = float(np.sum(self.m * self.v * _life_factor(r2, self.g, self.v, self.H,
                                                             self.gp)))
        cost = float(np.sum(s / self.ppy * _geom(r2 * self.v, self.H)))
        return gain, margin - self.base, cost

    def __call__(self, s: float) -> float:
        _, dm, c = self.parts(s)
        return dm - c


def _allocation_setup(base, budget, ceiling, k, horizon, discount, tiers, uplift_kind, growth,
                      growth_years):
    w = _world(base, horizon, discount, growth, growth_years)
    budget = check_number("budget", budget, low=0.0, allowed=">= 0 RMB per year")
    ceiling = check_number("ceiling", ceiling, low=0.0, high=1.0)
    check_choice("uplift_kind", uplift_kind, ("points", "churn"))
    if tiers is None:
        tier = _column(base, "true_tier", "allocate_budget").astype(str).to_numpy()
    elif isinstance(tiers, str):
        tier = _column(base, tiers, "allocate_budget").astype(str).to_numpy()
    else:
        tier = np.asarray(tiers).astype(str)
        if tier.shape != (len(base.customers),):
            raise ValueError(f"tiers: expected one tier per customer ({len(base.customers):,})")
    tier = tier[w.active]
    n = len(tier)
    if k is None:
        k = n / budget if budget > 0 else 1.0
    k = check_number("k", k, low=0.0, low_open=True, allowed="> 0 (per RMB)")
    valuers, sizes = {}, {}
    for t in PYRAMID_TIERS:
        sel = tier == t
        sizes[t] = int(sel.sum())
        valuers[t] = _TierValuer(w, sel, ceiling, k, uplift_kind, t)
    if sum(sizes.values()) == 0:
        raise ValueError(f"tiers: no active customer is in {PYRAMID_TIERS}; found "
                         f"{sorted(set(tier))[:6]}")
    return budget, k, int(w.H), w.discount, valuers, sizes


def _shares_for(rule: Any, sizes: Mapping[str, int]) -> dict[str, float] | None:
    if isinstance(rule, Mapping):
        bad = [t for t in rule if t not in PYRAMID_TIERS]
        if bad:
            raise ValueError(f"rule: unknown tier(s) {bad}; use {PYRAMID_TIERS}")
        shares = {t: check_number(f"rule[{t!r}]", rule.get(t, 0.0), low=0.0) for t in PYRAMID_TIERS}
        if sum(shares.values()) > 1 + 1e-12:
            raise ValueError(f"rule: shares sum to {sum(shares.values()):g} > 1; the budget "
                             "cannot be exceeded")
        return shares
    check_choice("rule", rule, ("pyramid", "equal", "optimal"))
    if rule == "pyramid":
        return dict(PYRAMID_SHARES)
    if rule == "equal":
        tot = sum(sizes.values())
        return {t: sizes[t] / tot for t in PYRAMID_TIERS}
    return None


def _evaluate_shares(shares, budget, valuers, sizes) -> float:
    return sum(valuers[t](budget * shares[t] / sizes[t]) if sizes[t] else 0.0
               for t in PYRAMID_TIERS)


def _optimise(budget, valuers, sizes) -> dict[str, float]:
    from scipy import optimize

    live = [t for t in PYRAMID_TIERS if sizes[t] > 0]
    if budget == 0:
        return {t: 0.0 for t in PYRAMID_TIERS}
    # 1. a global look: each tier's ΔNPV on a grid of budget shares, best split on the grid
    grid = np.linspace(0.0, 1.0, 41)
    tab = {t: np.array([valuers[t](budget * x / sizes[t]) for x in grid]) for t in live}
    best, best_x = -np.inf, None
    if len(live) == 1:
        j = int(np.argmax(tab[live[0]]))
        best_x = {live[0]: grid[j]}
    else:
        a, b = live[0], live[1]
        rest = live[2:]
        for i, xa in enumerate(grid):
            for j, xb in enumerate(grid[: len(grid) - i]):
                left = len(grid) - i - j          # grid points still affordable for the rest
                val = tab[a][i] + tab[b][j]
                xr = {}
                if rest:
                    c = rest[0]
                    jj = int(np.argmax(tab[c][:left]))
                    val += tab[c][jj]
                    xr = {c: grid[jj]}
                if val > best:
                    best, best_x = val, {a: xa, b: xb, **xr}
    x0 = np.array([best_x.get(t, 0.0) for t in live])
    # 2. polish with scipy (SLSQP) from the grid optimum, within the budget
    scale = max(abs(best), 1.0)

    def neg(x):
        return -sum(valuers[t](budget * max(xi, 0.0) / sizes[t]) for t, xi in zip(live, x)) / scale

    res = optimize.minimize(neg, x0, method="SLSQP", bounds=[(0.0, 1.0)] * len(live),
                            constraints=[{"type": "ineq", "fun": lambda x: 1.0 - np.sum(x)}],
                            options={"ftol": 1e-10, "maxiter": 200})
    x = x0
    if res.success and np.sum(np.clip(res.x, 0, 1)) <= 1.0 + 1e-9 and neg(res.x) < neg(x0):
        x = np.clip(res.x, 0.0, 1.0)
    if x.sum() > 1.0:
        x = x / x.sum()
    out = {t: 0.0 for t in PYRAMID_TIERS}
    out.update({t: float(xi) for t, xi in zip(live, x)})
    return out


def allocate_budget(base: CustomerBase, budget: float, rule: Any = "pyramid",
                    ceiling: float = 0.30, k: float | None = None, horizon: int | None = None,
                    discount: float | None = None, tiers: Any = None,
                    uplift_kind: str = "churn", growth: bool = True,
                    growth_years: float | None = None) -> pd.DataFrame:
    """Split a yearly retention budget across the key / normal / small tiers and value it.

    Rules: ``"pyramid"`` — the course's 60/30/10 split of sales time (seed ``001``: key
    customers, ≈10 % of customers, get 60 %; normal, ≈30 %, get 30 %; small get 10 %);
    ``"equal"`` — the same spend per customer (budget shared in proportion to tier sizes);
    ``"optimal"`` — the split with the highest ΔNPV (grid search, then
    ``scipy.optimize.minimize`` SLSQP); or a dict ``{tier: share}`` of your own.

    Response: spending s RMB per customer per year buys gain = ceiling·(1 − e^(−k·s))
    (:func:`retention_response`, Blattberg–Deighton). With ``uplift_kind="churn"`` (default)
    the gain is the share of the customer's annual churn prevented (ceiling 0.30: no budget
    prevents more than 30 % of it), R' = 1 − (1 − R)(1 − gain), which never exceeds 1; with
    ``uplift_kind="points"`` it is added to annual retention, R' = R + gain (an error when
    R + ceiling > 1 for some customer — loyal key customers often are at 0.99).
    ``k`` defaults to n/budget (spending the average budget per customer buys 63 % of the
    ceiling; n = active customers). Spend is paid per period while the customer stays (see
    :class:`Scenario`).

    Budget: ``budget`` RMB per year at today's customer numbers (tier size × spend per
    customer, summed over tiers, never exceeds it); spend stops when a customer leaves, so
    later years cost less.

    Returns one row per tier and a ``total`` row: customers, share of the budget, budget
    (RMB/year), spend per customer (RMB/year), retention gain, ΔPV of margin, PV of cost,
    ΔNPV and ROI over ``horizon`` periods (default five years) at annual ``discount``.

    Parameters
    ----------
    base : CustomerBase
        The customers (tiers from ``truth.true_tier``).
    budget : float
        RMB per year.
    rule : {"pyramid", "equal", "optimal"} or dict
        How the budget is split across tiers.
    ceiling : float
        The response's ceiling (see :func:`retention_response`).
    k : float, optional
        The response's rate per RMB (default n / budget).
    horizon, discount, growth, growth_years
        As for :func:`what_if`.
    tiers : str or array_like, optional
        Each customer's tier: a column name, or one label per customer (default
        ``truth.true_tier``).
    uplift_kind : {"churn", "points"}
        How the gain acts on annual retention.

    Returns
    -------
    DataFrame
        One row per tier and a total row (see above).

    References
    ----------
    Blattberg & Deighton (1991); the 60/30/10 split: course seed ``001``.

    >>> allocate_budget(base, 1_000_000, rule="pyramid")        # doctest: +SKIP
    """
    budget, k, H, discount, valuers, sizes = _allocation_setup(
        base, budget, ceiling, k, horizon, discount, tiers, uplift_kind, growth, growth_years)
    shares = _shares_for(rule, sizes)
    if shares is None:
        shares = _optimise(budget, valuers, sizes)
    rows = []
    for t in PYRAMID_TIERS:
        n = sizes[t]
        b = budget * shares[t] if n else 0.0
        s = b / n if n else 0.0
        gain, dm, cost = valuers[t].parts(s) if n else (0.0, 0.0, 0.0)
        rows.append({"tier": t, "customers": n, "share": shares[t] if n else 0.0,
                     "budget": b, "spend_per_customer": s, "retention_gain": gain,
                     "delta_margin_pv": dm, "cost_pv": cost, "delta_npv": dm - cost})
    out = pd.DataFrame(rows).set_index("tier")
    tot = out.sum(numeric_only=True)
    tot["spend_per_customer"] = tot["budget"] / max(tot["customers"], 1)
    tot["retention_gain"] = np.nan
    out.loc["total"] = tot
    out["roi"] = np.where(out["cost_pv"] > 0, out["delta_npv"] / out["cost_pv"].where(
        out["cost_pv"] > 0, 1.0), np.nan)
    out["customers"] = out["customers"].astype(int)
    out.attrs.update(rule=rule if isinstance(rule, str) else "custom", budget=budget, k=k,
                     ceiling=ceiling, horizon=H, discount=discount, uplift_kind=uplift_kind)
    return out


def compare_allocations(base: CustomerBase, budget: float,
                        rules: Sequence[Any] = ("pyramid", "equal", "optimal"),
                        **kwargs: Any) -> pd.DataFrame:
    """ΔNPV of several allocation rules side by side (one row per rule).

    Columns: budget share and spend per customer (RMB/year) of each tier, the total spent per
    year, PV of cost, ΔNPV and ROI. Keyword arguments go to :func:`allocate_budget`.

    Parameters
    ----------
    base : CustomerBase
    budget : float
        RMB per year.
    rules : sequence
        Rules as for :func:`allocate_budget` (names or ``{tier: share}`` dicts).
    **kwargs
        Passed to :func:`allocate_budget`.

    Returns
    -------
    DataFrame
        One row per rule.

    References
    ----------
    As for :func:`allocate_budget`: Blattberg & Deighton (1991); the 60/30/10 split: course
    seed ``001``.

    >>> compare_allocations(base, 1_000_000)                    # doctest: +SKIP
    """
    if isinstance(rules, str) or not isinstance(rules, Sequence) or len(rules) == 0:
        raise ValueError(f"rules={rules!r}: give a non-empty list of rules, e.g. "
                         "('pyramid', 'equal', 'optimal')")
    rows = {}
    for rule in rules:
        a = allocate_budget(base, budget, rule=rule, **kwargs)
        name = rule if isinstance(rule, str) else "custom"
        row = {f"share_{t}": a.loc[t, "share"] for t in PYRAMID_TIERS}
        row.update({f"spend_{t}": a.loc[t, "spend_per_customer"] for t in PYRAMID_TIERS})
        row.update(budget_used=a.loc["total", "budget"], cost_pv=a.loc["total", "cost_pv"],
                   delta_npv=a.loc["total", "delta_npv"], roi=a.loc["total", "roi"])
        rows[name] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "rule"
    return out
