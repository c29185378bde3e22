"""What-if retention scenarios (挽留/保留方案模拟): costs, ROI, Monte Carlo bands, tier migration
and budget allocation.

This is the chapter where students *experiment*: "what if we spend RMB 200 a year on each key
account to lift their retention two points?" (course seeds ``000``, ``001``, ``004``). Four tools:

1. :class:`Scenario` and :func:`what_if` — a retention programme aimed at some customers, valued
   against doing nothing: expected customers retained over time, revenue, margin, programme
   cost, NPV, ΔNPV, ROI and payback; in closed form (``runs=0``) or by Monte Carlo with
   P5/P50/P95 bands (``runs>0``). The world responds as its ``truth`` says; a student may plan
   with *estimated* retention and see what deciding on an estimate costs.
2. Tier migration (客户迁移, Pfeifer & Carraway 2000): :func:`migration_model` estimates a Markov
   transition matrix over the tiers key / normal / small / lost from ``activity``;
   :func:`project_tiers` projects tier counts; :func:`customer_equity` values each tier,
   V = Σ_t [(1+d)^-1 P]^t R; :func:`shift_up` is a scenario acting on the matrix.
3. Allocation (金字塔时间分配): :func:`allocate_budget` splits a retention budget across tiers by
   the course's 60/30/10 pyramid, equally per customer, or optimally under a diminishing-returns
   response (Blattberg & Deighton 1991); :func:`compare_allocations` puts them side by side.
4. Retention economics: :func:`reichheld_check` (Reichheld & Sasser 1990: five points fewer
   defections, 25–85 % more profit) and :func:`gupta_lehmann` (Gupta, Lehmann & Stuart 2004:
   1 % better retention ≈ 5 % more firm value).

Conventions used throughout (stated once here, repeated where they matter)
--------------------------------------------------------------------------
* **Periods** are the base's own unit (``base.params.period_unit``: month for telecom, week for
  tobacco); ``horizon`` counts them. A year has 12 months or 52 weeks.
* **Discount**: ``discount`` is an *annual* rate; per period v = (1 + d)^(-1/periods_per_year).
* **Timing** — the worlds' own convention (their ``true_clv``): every customer still active
  at the end of observation (t = 0) is a customer in period 1; at the end of each period it
  stays with probability r. So it is there in period t with probability S_t = r^(t−1) and
  brings that period's margin at the period's *end*, discounted v^t. The programme pays its
  per-period cost at the *start* of period t for those there (S_t, discounted v^(t−1));
  one-off and fixed costs are paid now. With constant margin m, retention r and no growth,
  one customer is worth m·v·(1 − (rv)^H)/(1 − rv) → m/(1 + d_p − r), the textbook form with
  the first margin certain (Fader & Hardie 2012; ``timing="end"`` in :func:`casekit.clv`).
  A retention programme therefore changes margins from period 2 on.
* **Who counts**: customers who already left during observation (telecom ``churned``,
  tobacco ``true_alive`` False) are not part of the future and are left out.
* **Growth**: a customer's margin grows at ``true_growth`` a year (per period factor
  g = (1 + growth)^(1/periods_per_year)) for ``growth_years`` years (default: the world's
  ``growth_years`` parameter, else 1 year — tobacco's ``true_growth`` is the growth over the
  next year), then stays flat: the margin of period t is m·g^min(t−1, G), G = growth_years ×
  periods per year. A loss-making customer's margin is held flat (in the telecom world its
  fixed costs do not grow; growing a loss would deepen it).
* **Retention uplifts** are explicit: ``uplift_kind`` says how (points, relative, churn cut),
  ``uplift_per`` on which scale (annual retention R = r^12 for months, or per period r).

Sources: Reichheld & Sasser (1990) "Zero defections", HBR; Gupta & Lehmann (2003, 2005);
Gupta, Lehmann & Stuart (2004) "Valuing customers", JMR; Pfeifer & Carraway (2000) "Modeling
customer relationships as Markov chains", J. Interactive Marketing; Blattberg & Deighton (1991)
"Interactive marketing: exploiting the age of addressability", Sloan Management Review.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from . import labels
from .base import CustomerBase, require_columns

__all__ = [
    # what-if scenarios
    "Scenario", "what_if", "WhatIfResult", "true_response", "UPLIFT_KINDS",
    # tier migration (Pfeifer & Carraway 2000)
    "MIGRATION_TIERS", "Migration", "migration_model", "migration_matrix", "project_tiers",
    "customer_equity", "shift_up",
    # allocation
    "PYRAMID_SHARES", "allocate_budget", "compare_allocations", "retention_response",
    # retention economics
    "reichheld_check", "gupta_lehmann",
]

labels.register({
    "scn_baseline": ("do nothing (baseline)", "不采取行动（基准）"),
    "scn_scenario": ("scenario", "方案"),
    "scn_retention_uplift": ("retention uplift", "保留率提升"),
    "scn_margin_uplift": ("margin uplift", "利润提升"),
    "scn_cost_per_customer": ("cost per customer", "每位客户成本"),
    "scn_fixed_cost": ("fixed cost", "固定成本"),
    "scn_programme_cost": ("programme cost (RMB)", "方案成本（元）"),
    "scn_npv": ("NPV (RMB)", "净现值（元）"),
    "scn_delta_npv": ("ΔNPV vs doing nothing (RMB)", "相对不行动的净现值增量（元）"),
    "scn_roi": ("ROI", "投资回报率"),
    "scn_payback": ("payback", "回收期"),
    "scn_horizon": ("horizon", "时间跨度"),
    "scn_target": ("target customers", "目标客户"),
    "scn_retained_customers": ("customers retained", "保留的客户数"),
    "scn_defection_rate": ("defection rate (per year)", "年流失率"),
    "scn_customer_equity": ("customer equity (RMB)", "客户资产（元）"),
    "scn_transition_matrix_title": ("Tier migration (Markov chain)", "客户层级迁移（马尔可夫链）"),
    "scn_tier_projection": ("Projected customers by tier", "各层级客户数预测"),
    "scn_budget": ("budget (RMB per year)", "预算（元/年）"),
    "scn_allocation_rule": ("allocation rule", "分配规则"),
    "scn_pyramid_rule": ("pyramid 60/30/10", "金字塔 60/30/10"),
    "scn_equal_rule": ("equal per customer", "每位客户平均"),
    "scn_optimal_rule": ("optimised", "最优分配"),
    "scn_planned": ("planned (estimated retention)", "计划值（估计保留率）"),
    "scn_realised": ("realised (true retention)", "实际值（真实保留率）"),
    "scn_all_customers": ("all customers", "全部客户"),
})

#: How many periods of each unit make a year.
_PPY: dict[str, int] = {"year": 1, "quarter": 4, "month": 12, "week": 52, "day": 365}

#: The ways a retention uplift u may act on a retention rate R (see :class:`Scenario`).
UPLIFT_KINDS: dict[str, str] = {
    "points": "R' = R + u (u as a fraction: 0.02 = two percentage points)",
    "relative": "R' = R·(1 + u) (0.02 = retention two per cent higher)",
    "churn": "R' = 1 − (1 − R)·(1 − u) (u = share of churn prevented: 0.2 cuts churn by a fifth)",
}
_UPLIFT_PER = ("year", "period")
_COST_PER = ("year", "period", "once")

#: Tiers of the course pyramid, best first (the order of ``truth.true_tier`` reversed).
PYRAMID_TIERS = ("key", "normal", "small")
#: States of the migration chain: the three tiers and the absorbing "lost".
MIGRATION_TIERS = ("key", "normal", "small", "lost")
#: The course's split of sales time (seed ``001``): 60 % to key, 30 % to normal, 10 % to small.
PYRAMID_SHARES: dict[str, float] = {"key": 0.60, "normal": 0.30, "small": 0.10}


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------


def _number(name: str, value: Any, *, low: float | None = None, high: float | None = None,
            low_open: bool = False, allowed: str = "") -> float:
    """``value`` as a finite float within [low, high], or a clear error naming ``name``."""
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


def _whole(name: str, value: Any, *, low: int = 0) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name}={value!r}: expected a whole number >= {low}")
    value = int(value)
    if value < low:
        raise ValueError(f"{name}={value!r} is out of range; allowed: whole numbers >= {low}")
    return value


def _choice(name: str, value: Any, choices: Sequence[str]) -> str:
    if value not in choices:
        raise ValueError(f"{name}={value!r} is not allowed; choose one of {tuple(choices)}")
    return value


def _periods_per_year(period_unit: str) -> int:
    if period_unit not in _PPY:
        raise ValueError(f"period_unit={period_unit!r} is not known; use one of {tuple(_PPY)}")
    return _PPY[period_unit]


def _geom(a: np.ndarray, n: float) -> np.ndarray:
    """Σ_{t=0}^{n-1} a^t elementwise (n may be inf when every |a| < 1)."""
    a = np.asarray(a, dtype=float)
    if math.isinf(n):
        if np.any(a >= 1):
            raise ValueError("an infinite horizon needs retention < 1 or a discount rate > 0; "
                             "give a finite horizon or a positive discount")
        return 1.0 / (1.0 - a)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (1.0 - a ** n) / (1.0 - a)
    near = np.abs(1.0 - a) < 1e-10
    if np.any(near):
        out = np.where(near, float(n), out)
    return out


def _life_factor(r: np.ndarray, g: np.ndarray, v: float, H: float, gp: float) -> np.ndarray:
    """Σ_{k=0}^{H-1} (r v)^k · g^min(k, gp): discounted presence × growth, per customer.

    Growth lasts gp periods, then the margin is flat. H may be inf (gp finite or not).
    """
    rv = r * v
    if math.isinf(gp):
        return _geom(g * rv, H)
    k1 = min(H, gp + 1)
    out = _geom(g * rv, k1)
    if H > k1:
        out = out + g ** gp * rv ** k1 * _geom(rv, H - k1)
    return out


@dataclass
class _World:
    """The world's response for the active customers, at one horizon and discount rate."""

    resp: pd.DataFrame           # true_response, all customers
    active: np.ndarray           # bool, all customers
    r: np.ndarray                # per-period retention (active customers)
    m: np.ndarray                # margin per period now
    rev: np.ndarray              # revenue per period now
    g: np.ndarray                # margin growth factor per period (1 for loss-makers)
    gp: float                    # periods the growth lasts
    ppy: int
    discount: float              # annual
    v: float                     # per-period discount factor
    H: float                     # horizon in periods (inf allowed where documented)


def _world(base: CustomerBase, horizon: Any, discount: Any, growth: bool, growth_years: Any,
           infinite: bool = False, resp: pd.DataFrame | None = None) -> _World:
    if resp is None:
        resp = true_response(base, growth=growth)
    ppy = resp.attrs["periods_per_year"]
    if horizon is None:
        H: float = math.inf if infinite else 5 * ppy
    else:
        H = _whole("horizon", horizon, low=1)
    if discount is None:
        discount = base.params.values.get("discount_rate")
        if discount is None:
            raise ValueError("discount=None and the base has no params.discount_rate; give an "
                             "annual discount rate, e.g. discount=0.10")
    discount = _number("discount", discount, low=0.0, high=1.0,
                       allowed="[0, 1] (an annual rate, 0.10 = 10 % a year)")
    if math.isinf(H) and discount == 0:
        raise ValueError("discount=0 with an infinite horizon: give a horizon or a discount > 0")
    if growth_years is None:
        growth_years = base.params.values.get("growth_years", 1.0)
    if isinstance(growth_years, (int, float)) and math.isinf(growth_years):
        if math.isinf(H):
            raise ValueError("growth_years=inf needs a finite horizon")
        gp = math.inf
    else:
        gp = float(round(_number("growth_years", growth_years, low=0.0) * ppy))
    active = resp["active"].to_numpy(dtype=bool)
    if not active.any():
        raise ValueError("base: no customer is still active at the end of observation")
    act = resp[active]
    m = act["margin"].to_numpy()
    g = np.where(m > 0, (1.0 + act["growth"].to_numpy()) ** (1.0 / ppy), 1.0)
    return _World(resp=resp, active=active, r=act["retention"].to_numpy(), m=m,
                  rev=act["revenue"].to_numpy(), g=g, gp=gp, ppy=ppy, discount=discount,
                  v=(1.0 + discount) ** (-1.0 / ppy), H=H)


# --------------------------------------------------------------------------------------------
# the world's response: per-period retention, margin, revenue and growth from base.truth
# --------------------------------------------------------------------------------------------


def true_response(base: CustomerBase, growth: bool = True) -> pd.DataFrame:
    """Per customer, the world's true per-period retention, margin, revenue and growth.

    Read from ``base.truth`` (one row per customer, in ``base.customers`` order):

    * ``retention`` — probability of still being a customer one period later.
      Telecom: ``true_retention`` (monthly). Tobacco (no contract): a retailer orders in a
      week with probability q = ``true_order_rate`` and after each order closes its licence
      with probability p = ``true_dropout``, so it survives a week with probability
      **r = 1 − q·p** (no order, or an order and no closure). (Were orders a Poisson stream
      with λ a week, it would be E[(1 − p)^N] = exp(−λp) — nearly the same for small λp.)
    * ``margin`` — ``true_margin``, expected margin per period now (RMB; may be negative).
    * ``revenue`` — ``true_revenue`` if the world has it; tobacco: λ × ``true_order_value``;
      otherwise margin plus the customer's observed mean cost per active period
      (revenue − margin in ``activity``).
    * ``growth`` — ``true_growth`` (annual growth rate of margin; 0 when ``growth=False`` or
      absent).
    * ``annual_retention`` — r^(periods per year), the yearly view of the same rate.
    * ``active`` — still a customer at the end of observation: not ``customers.churned``
      (telecom), ``truth.true_alive`` (tobacco); True when the world records neither.

    >>> resp = true_response(base)                # doctest: +SKIP
    >>> resp[["retention", "margin"]].describe()  # doctest: +SKIP
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"base: expected a casekit CustomerBase, got {type(base).__name__}")
    ppy = _periods_per_year(base.params.period_unit)
    truth = base.truth
    require_columns(truth, ["customer_id", "true_margin"], "base.truth")
    ids = base.customers["customer_id"].to_numpy()
    t = truth.set_index("customer_id")
    if not np.array_equal(t.index.to_numpy(), ids):          # align truth on customers
        if not t.index.is_unique:
            raise ValueError("base.truth: customer_id is not unique")
        pos = t.index.get_indexer(ids)
        if (pos < 0).any():
            raise ValueError("base.truth has no row for customer_id(s) "
                             f"{ids[pos < 0][:5].tolist()}")
        t = t.iloc[pos]
    if "true_retention" in t.columns:
        r = t["true_retention"].to_numpy(dtype=float)
        source = "true_retention"
    elif {"true_order_rate", "true_dropout"} <= set(t.columns):
        r = 1.0 - (t["true_order_rate"].to_numpy(dtype=float)
                   * t["true_dropout"].to_numpy(dtype=float))
        source = "1 - true_order_rate*true_dropout"
    else:
        raise ValueError("base.truth: need 'true_retention' (contractual worlds) or "
                         "'true_order_rate' and 'true_dropout' (ordering worlds); columns "
                         f"present: {list(truth.columns)}")
    if np.any(~np.isfinite(r) | (r < 0) | (r > 1)):
        raise ValueError("base.truth: retention outside [0, 1] for some customers")
    m = t["true_margin"].to_numpy(dtype=float)
    if "true_revenue" in t.columns:
        rev = t["true_revenue"].to_numpy(dtype=float)
    elif {"true_order_rate", "true_order_value"} <= set(t.columns):
        rev = (t["true_order_rate"].to_numpy(dtype=float)
               * t["true_order_value"].to_numpy(dtype=float))
    else:
        act = base.activity
        if {"revenue", "margin"} <= set(act.columns) and len(act):
            pos = pd.Index(ids).get_indexer(act["customer_id"].to_numpy())
            ok = pos >= 0
            cost = act["revenue"].to_numpy(dtype=float) - act["margin"].to_numpy(dtype=float)
            tot = np.bincount(pos[ok], weights=cost[ok], minlength=len(ids))
            cnt = np.bincount(pos[ok], minlength=len(ids))
            rev = m + np.divide(tot, cnt, out=np.zeros(len(ids)), where=cnt > 0)
        else:
            rev = m.copy()
    g = (t["true_growth"].to_numpy(dtype=float) if growth and "true_growth" in t.columns
         else np.zeros(len(ids)))
    if np.any(g <= -1):
        raise ValueError("base.truth: true_growth <= -1 for some customers (margin would vanish)")
    if "true_alive" in t.columns:
        active = t["true_alive"].to_numpy(dtype=bool)
    elif "churned" in base.customers.columns:
        active = ~base.customers["churned"].to_numpy(dtype=bool)
    else:
        active = np.ones(len(ids), dtype=bool)
    out = pd.DataFrame({"customer_id": ids, "retention": r, "margin": m, "revenue": rev,
                        "growth": g, "annual_retention": r ** ppy, "active": active})
    out.attrs.update(retention_source=source, period_unit=base.params.period_unit,
                     periods_per_year=ppy)
    return out


# --------------------------------------------------------------------------------------------
# Scenario
# --------------------------------------------------------------------------------------------


def _check_target(target: Any) -> None:
    if target is None:
        raise ValueError("Scenario target=None: give 'all', a tier name, a dict, a boolean "
                         "mask or a callable")
    if isinstance(target, str):
        if target != "all" and target not in PYRAMID_TIERS:
            raise ValueError(f"Scenario target={target!r}: a text target is 'all' or a tier "
                             f"name {PYRAMID_TIERS}; for a segment write "
                             "{'segment': 'key_account'}")
        return
    if isinstance(target, (list, tuple)) and target and all(isinstance(x, str) for x in target):
        bad = [x for x in target if x not in PYRAMID_TIERS]
        if bad:
            raise ValueError(f"Scenario target={list(target)!r}: {bad} are not tiers; "
                             f"allowed: {PYRAMID_TIERS}")
        return
    if isinstance(target, Mapping):
        if len(target) != 1:
            raise ValueError(f"Scenario target={dict(target)!r}: a dict target has exactly one "
                             "key: a column name, or 'quantile'")
        (key, value), = target.items()
        if key == "quantile":
            if not (isinstance(value, (tuple, list)) and len(value) == 3):
                raise ValueError(f"Scenario target={{'quantile': {value!r}}}: expected "
                                 "(measure, low, high), e.g. ('true_clv', 0.9, 1.0) for the "
                                 "top 10 %")
            _, lo, hi = value
            lo = _number("target quantile low", lo, low=0.0, high=1.0)
            hi = _number("target quantile high", hi, low=0.0, high=1.0)
            if not lo < hi:
                raise ValueError(f"Scenario target quantile: low={lo} must be below high={hi}")
        elif isinstance(value, (list, tuple, set)) and len(value) == 0:
            raise ValueError(f"Scenario target={{{key!r}: []}}: empty target (no values)")
        return
    if callable(target):
        return
    if isinstance(target, (np.ndarray, pd.Series, list, tuple)):
        arr = np.asarray(target)
        if arr.dtype != bool:
            raise TypeError(f"Scenario target: a mask must be boolean, got dtype {arr.dtype}; "
                            "use e.g. base.customers['segment'] == 'key_account'")
        if not arr.any():
            raise ValueError("Scenario target: empty target (the boolean mask selects no "
                             "customer)")
        return
    raise TypeError(f"Scenario target={target!r}: expected 'all', a tier name, a dict "
                    "{column: value(s)} or {'quantile': (measure, low, high)}, a boolean mask "
                    "or a callable base -> mask")


@dataclass(frozen=True, eq=False)
class Scenario:
    """A retention programme: whom it targets, what it changes, and what it costs.

    Parameters
    ----------
    name : str
        Shown in tables and plots ("baseline" is reserved for doing nothing).
    target : str, list, dict, mask or callable
        Which customers the programme reaches:

        * ``"all"`` — everyone;
        * a tier ``"key"`` / ``"normal"`` / ``"small"`` or a list of them — by the world's
          ``truth.true_tier`` (top 10 % / next 30 % / rest by true CLV; for *your own* tiers
          pass a mask);
        * ``{"segment": "key_account"}`` — a column of ``customers`` (or ``truth``) equal to a
          value or in a list of values;
        * ``{"quantile": ("true_clv", 0.9, 1.0)}`` — customers whose measure (a column name)
          ranks in that quantile range (here the top 10 %);
        * a boolean array/Series, one value per customer (a Series indexed by
          ``customer_id`` is aligned on it);
        * a callable ``f(base) -> boolean mask``.
    retention_uplift : float
        The change u to retention, as a fraction (0.02 = two points / two per cent).
    uplift_kind : {"points", "relative", "churn"}
        ``"points"``: R' = R + u; ``"relative"``: R' = R·(1 + u); ``"churn"``: churn is cut by
        the share u, R' = 1 − (1 − R)(1 − u). Never guessed: say which you mean.
    uplift_per : {"year", "period"}
        The scale of R. ``"year"`` (default): the *annual* retention R = r^12 (months) or
        r^52 (weeks) is changed and converted back, r' = R'^(1/12) — "two points a year", as
        managers say it. ``"period"``: the per-period r itself.
    margin_uplift : float
        Relative change of the margin per period, m' = m·(1 + u) (0.05 = 5 % more margin;
        note it also deepens the loss of a loss-making customer). Taken as extra revenue.
    cost_per_customer : float
        Programme cost per targeted customer, in RMB per ``cost_per``. Paid only for customers
        still there, at the start of each period (``"year"`` is paid in equal instalments,
        cost/12 a month or cost/52 a week).
    cost_per : {"year", "period", "once"}
        The unit of ``cost_per_customer``: RMB per customer per **year** (default), per
        **period** of the base, or **once** (paid now for every targeted customer).
    fixed_cost : float
        One-off programme cost in RMB, paid now (set-up, a system, training).

    Validated on creation (negative costs, bad kinds, an empty mask); uplifts that push
    retention above 1 and targets that select nobody are reported when run against a base.

    >>> Scenario("key care", target="key", retention_uplift=0.02, cost_per_customer=200)
    ... # doctest: +NORMALIZE_WHITESPACE
    Scenario('key care': target='key', retention +0.02 points per year, margin +0,
             cost RMB 200 per customer per year, fixed RMB 0)
    """

    name: str
    target: Any = "all"
    retention_uplift: float = 0.0
    margin_uplift: float = 0.0
    cost_per_customer: float = 0.0
    fixed_cost: float = 0.0
    uplift_kind: str = "points"
    uplift_per: str = "year"
    cost_per: str = "year"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"Scenario name={self.name!r}: give a non-empty text name")
        if self.name == "baseline":
            raise ValueError("Scenario name='baseline' is reserved for doing nothing; choose "
                             "another name")
        _choice("uplift_kind", self.uplift_kind, tuple(UPLIFT_KINDS))
        _choice("uplift_per", self.uplift_per, _UPLIFT_PER)
        _choice("cost_per", self.cost_per, _COST_PER)
        limits = {"points": dict(low=-1.0, high=1.0),
                  "relative": dict(low=-1.0, allowed="> -1 (a fraction, 0.02 = +2 %)",
                                   low_open=True),
                  "churn": dict(high=1.0, allowed="<= 1 (share of churn prevented)")}
        object.__setattr__(self, "retention_uplift",
                           _number("retention_uplift", self.retention_uplift,
                                   **limits[self.uplift_kind]))
        object.__setattr__(self, "margin_uplift",
                           _number("margin_uplift", self.margin_uplift, low=-1.0,
                                   allowed=">= -1 (relative change, 0.05 = +5 %)"))
        object.__setattr__(self, "cost_per_customer",
                           _number("cost_per_customer", self.cost_per_customer, low=0.0,
                                   allowed=">= 0 RMB (a cost cannot be negative)"))
        object.__setattr__(self, "fixed_cost",
                           _number("fixed_cost", self.fixed_cost, low=0.0,
                                   allowed=">= 0 RMB (a cost cannot be negative)"))
        _check_target(self.target)

    def __repr__(self) -> str:
        tgt = self.target if isinstance(self.target, (str, list, tuple, dict)) else \
            type(self.target).__name__
        return (f"Scenario({self.name!r}: target={tgt!r}, retention "
                f"{self.retention_uplift:+g} {self.uplift_kind} per {self.uplift_per}, margin "
                f"{self.margin_uplift:+g}, cost RMB {self.cost_per_customer:g} per customer per "
                f"{self.cost_per}, fixed RMB {self.fixed_cost:g})")

    # -- applied to a base ----------------------------------------------------------------
    def mask(self, base: CustomerBase) -> np.ndarray:
        """Boolean array (``base.customers`` order): which customers the programme reaches."""
        mask = _resolve_target(self.target, base, self.name)
        if not mask.any():
            raise ValueError(f"Scenario {self.name!r}: empty target — target={self.target!r} "
                             "selects no customer of this base")
        return mask

    def apply_retention(self, r: np.ndarray, periods_per_year: int) -> np.ndarray:
        """New per-period retention r' for per-period retention ``r`` (see ``uplift_kind``).

        Raises ValueError when the uplift would push retention above 1 (or below 0), naming
        how many customers and the highest value.
        """
        r = np.asarray(r, dtype=float)
        u = self.retention_uplift
        if u == 0.0:
            return r.copy()
        k = periods_per_year if self.uplift_per == "year" else 1
        big = r ** k if k != 1 else r
        if self.uplift_kind == "points":
            new = big + u
        elif self.uplift_kind == "relative":
            new = big * (1.0 + u)
        else:
            new = 1.0 - (1.0 - big) * (1.0 - u)
        scale = "annual" if k != 1 else "per-period"
        over = new > 1.0 + 1e-12
        if over.any():
            raise ValueError(
                f"Scenario {self.name!r}: retention_uplift={u:g} ({self.uplift_kind}) pushes "
                f"{scale} retention above 1 for {int(over.sum()):,} targeted customer(s) (highest "
                f"{new.max():.4f}, from {big[over].max():.4f}); lower the uplift, target fewer "
                "customers, or use uplift_kind='churn' (a share of churn prevented never "
                "exceeds 1)")
        under = new < -1e-12
        if under.any():
            raise ValueError(f"Scenario {self.name!r}: retention_uplift={u:g} pushes {scale} "
                             f"retention below 0 for {int(under.sum()):,} customer(s)")
        new = np.clip(new, 0.0, 1.0)
        return new ** (1.0 / k) if k != 1 else new


def _mask_from(values: Any, base: CustomerBase, name: str) -> np.ndarray:
    n = len(base.customers)
    if isinstance(values, pd.Series) and values.index.name == "customer_id":
        ids = base.customers["customer_id"]
        out = values.reindex(ids.to_numpy())
        if out.isna().any():
            raise ValueError(f"Scenario {name!r}: the mask has no value for some customer_id(s)")
        arr = out.to_numpy()
    else:
        arr = np.asarray(values)
    if arr.dtype != bool:
        raise TypeError(f"Scenario {name!r}: the target mask must be boolean, got {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(f"Scenario {name!r}: the target mask has {arr.shape[0] if arr.ndim else 0}"
                         f" values; the base has {n:,} customers")
    return arr


def _column(base: CustomerBase, col: str, name: str) -> pd.Series:
    ids = base.customers["customer_id"].to_numpy()
    if col in base.customers.columns:
        return base.customers[col].reset_index(drop=True)
    if col in base.truth.columns:
        return base.truth.set_index("customer_id")[col].reindex(ids).reset_index(drop=True)
    raise ValueError(f"Scenario {name!r}: target column {col!r} is in neither customers nor "
                     f"truth; customers has {list(base.customers.columns)}, truth has "
                     f"{list(base.truth.columns)}")


def _resolve_target(target: Any, base: CustomerBase, name: str) -> np.ndarray:
    n = len(base.customers)
    if isinstance(target, str) and target == "all":
        return np.ones(n, dtype=bool)
    if isinstance(target, str) or (isinstance(target, (list, tuple)) and target
                                   and all(isinstance(x, str) for x in target)):
        tiers = [target] if isinstance(target, str) else list(target)
        col = _column(base, "true_tier", name)
        return col.astype(str).isin(tiers).to_numpy()
    if isinstance(target, Mapping):
        (key, value), = target.items()
        if key == "quantile":
            measure, lo, hi = value
            s = measure if isinstance(measure, pd.Series) else _column(base, measure, name)
            s = pd.Series(np.asarray(s, dtype=float))
            q = (s.rank(method="first").to_numpy() - 1.0) / n
            return (q >= float(lo)) & (q < float(hi) if hi < 1 else q <= 1.0)
        col = _column(base, key, name)
        values = list(value) if isinstance(value, (list, tuple, set)) else [value]
        if isinstance(col.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(col):
            return col.astype(str).isin([str(v) for v in values]).to_numpy()
        return col.isin(values).to_numpy()
    if callable(target):
        return _mask_from(target(base), base, name)
    return _mask_from(target, base, name)


# --------------------------------------------------------------------------------------------
# closed-form flows (vectorised over customers; a loop over the H periods)
# --------------------------------------------------------------------------------------------


@dataclass
class _Group:
    """Per-customer arrays of one group of customers under one set of conditions."""

    r: np.ndarray        # retention per period
    m: np.ndarray        # margin per period now
    rev: np.ndarray      # revenue per period now
    g: np.ndarray        # growth factor per period (1 = no growth)
    gp: float = math.inf            # periods the growth lasts
    c: np.ndarray | float = 0.0     # programme cost per period per customer still there
    once: float = 0.0               # one-off cost per customer, paid now
    fixed: float = 0.0              # fixed cost, paid now


def _pv(grp: _Group, H: int, v: float) -> dict[str, np.ndarray]:
    """Closed-form present values per customer (geometric sums), horizon H periods.

    margin PV  = m·v·Σ_{k=0}^{H-1} (r v)^k g^min(k,G)   (margin of period k+1 at its end)
    cost PV    = c·Σ_{k=0}^{H-1} (r v)^k + once          (cost at the start of period k+1)
    where r^k is the chance of being a customer in period k+1.
    """
    factor = v * _life_factor(grp.r, grp.g, v, H, grp.gp)
    cost = np.asarray(grp.c, dtype=float) * _geom(grp.r * v, H) + grp.once
    return {"margin": grp.m * factor, "revenue": grp.rev * factor,
            "cost": np.broadcast_to(cost, grp.r.shape), "retained_end": grp.r ** H}


def _flows(grp: _Group, H: int) -> np.ndarray:
    """Expected flows per period, summed over the group: array (H+1, 4).

    Columns: retained (customers still there after the end of period t: Σ r^t), revenue,
    margin and cost of period t (undiscounted). Row t = 0 is now: everyone there, no flows;
    one-off and fixed costs (paid now) are booked in period 1 with its first per-period cost.
    A loop over the periods, vectorised over customers (faster here than a customers ×
    periods matrix built with cumprod or power, and small in memory).
    """
    n = grp.r.shape[0]
    out = np.zeros((H + 1, 4))
    out[0, 0] = n
    c = np.broadcast_to(np.asarray(grp.c, dtype=float), (n,))
    has_cost = bool(np.any(c))
    S = np.ones(n)                       # r^(t-1): there in period t
    A = np.ones(n)                       # r^(t-1) g^min(t-1, G): there × margin growth
    rg = grp.g * grp.r
    # customers with a tiny retention would drive r^t into subnormal floats, which are
    # ~100x slower to multiply; their presence below 1e-250 is set to exactly 0 instead
    with np.errstate(divide="ignore"):
        risky = np.flatnonzero(H * np.log10(grp.r) < -250)
    tmp = np.empty(n)
    # plain multiply-and-sum, not BLAS dot: OpenBLAS worker threads spin between calls and,
    # on a busy machine, slow this loop tenfold
    for t in range(1, H + 1):
        if has_cost:
            out[t, 3] = np.multiply(c, S, out=tmp).sum()     # paid at the start of period t
        out[t, 1] = np.multiply(A, grp.rev, out=tmp).sum()
        out[t, 2] = np.multiply(A, grp.m, out=tmp).sum()
        S *= grp.r
        A *= rg if t <= grp.gp else grp.r
        if len(risky):
            S[risky] = np.where(S[risky] < 1e-250, 0.0, S[risky])
            A[risky] = np.where(np.abs(A[risky]) < 1e-250, 0.0, A[risky])
        out[t, 0] = S.sum()
    out[1, 3] += grp.once * n + grp.fixed
    return out


_FLOW_COLS = ("retained", "revenue", "margin", "cost")


# --------------------------------------------------------------------------------------------
# Monte Carlo: churn times by inverse CDF of the geometric distribution
# --------------------------------------------------------------------------------------------


#: Monte Carlo work sizes: customers × (horizon + 1) per value table (float32), and
#: runs × customers per batch of random draws. Larger bases are done in blocks of customers.
_MC_TABLE_CELLS = 8_000_000
_MC_DRAW_CELLS = 4_000_000


def _churn_rate(r: np.ndarray) -> np.ndarray:
    """λ = −log r as float32 (the rate of the exponential behind the geometric lifetime)."""
    with np.errstate(divide="ignore"):
        lam = -np.log(np.asarray(r, dtype=float))
    return np.where(lam > 0, lam, 1e-30).astype(np.float32)     # r = 1: never leaves


def _lifetimes(E: np.ndarray, lam: np.ndarray, H: int) -> np.ndarray:
    """Retention decisions survived, capped at H: L = ⌊E/λ⌋ with E ~ Exp(1), λ = −log r.

    E = −log U, so this is the inverse CDF of the geometric distribution:
    P(L ≥ t) = P(U ≤ r^t) = r^t. One draw per customer instead of a Bernoulli per period.
    """
    L = E / lam
    np.minimum(L, np.float32(H), out=L)
    return L.astype(np.int32)                 # truncation = floor, L >= 0


def _retained_counts(L: np.ndarray, H: int) -> np.ndarray:
    """Customers still there after t = 0..H decisions per run: #{L >= t}.

    L has shape (customers, runs); returns (runs, H+1).
    """
    runs = L.shape[1]
    idx = L + ((H + 1) * np.arange(runs, dtype=np.int32))[None, :]
    hist = np.bincount(idx.ravel(), minlength=runs * (H + 1)).reshape(runs, H + 1)
    return np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]


def _mc_tables(g: np.ndarray, v: float, H: int, gp: float, with_sd: bool):
    """Value of being present K = 0..H periods, per customer (float32, shape (n, H+1)).

    life[i, K] = Σ_{k<K} v^(k+1) g_i^min(k, G): discounted margin multiple (margin of period
    k+1 at its end, grown for G periods); sd[i, K] = sqrt(Σ_{k<K} (v^(k+1) g_i^min(k,G))²):
    the standard deviation of the discounted sum of K iid unit spend shocks.
    """
    k = np.arange(H)
    expo = np.minimum(k, gp) if np.isfinite(gp) else k
    logt = (((k + 1) * np.log(v))[None, :] + np.log(g)[:, None] * expo[None, :]).astype(
        np.float32)
    life = np.zeros((len(g), H + 1), dtype=np.float32)
    terms = np.exp(logt)
    np.cumsum(terms, axis=1, out=life[:, 1:])
    sd = None
    if with_sd:
        sd = np.zeros((len(g), H + 1), dtype=np.float32)
        np.cumsum(np.square(terms, out=terms), axis=1, out=sd[:, 1:])
        np.sqrt(sd, out=sd)
    return life, sd


def _estimate_spend_cv(base: CustomerBase) -> float:
    """Typical period-to-period variation of a customer's revenue (coefficient of variation).

    For each customer with at least four periods between first and last activity, revenue per
    period over that span (periods without a row count as 0 — a week without an order), its
    standard deviation over its mean; the median over customers. 0 when it cannot be measured.
    Activity has one row per customer and period (the data contract).
    """
    act = base.activity
    if not {"revenue", "period"} <= set(act.columns) or len(act) == 0:
        return 0.0
    codes, _ = pd.factorize(act["customer_id"].to_numpy())
    n = int(codes.max()) + 1
    p = act["period"].to_numpy().astype(np.int64)
    x = act["revenue"].to_numpy(dtype=float)
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, codes, p)
    np.maximum.at(last, codes, p)
    span = (last - first + 1).astype(float)
    mean = np.bincount(codes, weights=x, minlength=n) / span
    var = np.maximum(np.bincount(codes, weights=x * x, minlength=n) / span - mean ** 2, 0.0)
    ok = (span >= 4) & (mean > 0)
    if not ok.any():
        return 0.0
    return float(np.median(np.sqrt(var[ok]) / mean[ok]))


# --------------------------------------------------------------------------------------------
# the planner: baseline cached, scenarios valued against it
# --------------------------------------------------------------------------------------------


class _Planner:
    """Everything :func:`what_if` needs about one base at one horizon and discount rate.

    The baseline flows over the whole base are computed once; a scenario only re-values its
    targeted customers (its ΔNPV is the change on them, so doing nothing gives exactly 0).
    Widgets keep one planner per (world, horizon, discount) so a slider move is cheap.
    """

    def __init__(self, base: CustomerBase, horizon: Any = None, discount: Any = None,
                 growth: bool = True, spend_cv: Any = None, growth_years: Any = None,
                 resp: pd.DataFrame | None = None):
        if not isinstance(base, CustomerBase):
            raise TypeError(f"base: expected a casekit CustomerBase, got {type(base).__name__}")
        self.base = base
        w = _world(base, horizon, discount, growth, growth_years, resp=resp)
        self.world = w
        self.resp, self.active, self.ppy = w.resp, w.active, w.ppy
        self.period_unit = base.params.period_unit
        self.H, self.discount, self.v, self.g, self.gp = int(w.H), w.discount, w.v, w.g, w.gp
        if spend_cv is None:
            spend_cv = _estimate_spend_cv(base)
        self.spend_cv = _number("spend_cv", spend_cv, low=0.0)
        self.true = _Group(w.r, w.m, w.rev, w.g, gp=w.gp)
        self.base_flows = _flows(self.true, self.H)
        self.base_pv = _pv(self.true, self.H, self.v)
        self._plan_cache: dict[int, tuple] = {}

    def mask(self, sc: Scenario) -> np.ndarray:
        """The scenario's target among the *active* customers (boolean, active order)."""
        full = sc.mask(self.base)
        mask = full[self.active]
        if not mask.any():
            raise ValueError(f"Scenario {sc.name!r}: empty target — the {int(full.sum()):,} "
                             "customer(s) it selects have all left already")
        return mask

    # -- one scenario on one set of per-period retention rates --------------------------
    def _groups(self, sc: Scenario, mask: np.ndarray, r_all: np.ndarray, m_all: np.ndarray,
                g_all: np.ndarray | None = None) -> tuple[_Group, _Group]:
        r, m = r_all[mask], m_all[mask]
        rev, g = self.true.rev[mask], (self.g if g_all is None else g_all)[mask]
        old = _Group(r, m, rev, g, gp=self.gp)
        new_r = sc.apply_retention(r, self.ppy)
        u = sc.margin_uplift
        new_m = m * (1.0 + u) if u else m
        new_rev = rev + m * u if u else rev
        if sc.cost_per == "year":
            c, once = sc.cost_per_customer / self.ppy, 0.0
        elif sc.cost_per == "period":
            c, once = sc.cost_per_customer, 0.0
        else:
            c, once = 0.0, sc.cost_per_customer
        new = _Group(new_r, new_m, new_rev, g, gp=self.gp, c=c, once=once, fixed=sc.fixed_cost)
        return old, new

    def _value(self, sc: Scenario, mask: np.ndarray, r_all: np.ndarray, m_all: np.ndarray,
               base_pv: dict, base_flows: np.ndarray, g_all: np.ndarray | None = None) -> dict:
        old, new = self._groups(sc, mask, r_all, m_all, g_all)
        pv_old, pv_new = _pv(old, self.H, self.v), _pv(new, self.H, self.v)
        d_margin = float(np.sum(pv_new["margin"] - pv_old["margin"]))
        d_revenue = float(np.sum(pv_new["revenue"] - pv_old["revenue"]))
        cost = float(np.sum(pv_new["cost"])) + new.fixed
        d_npv = d_margin - cost
        f_old, f_new = _flows(old, self.H), _flows(new, self.H)
        flows = base_flows + (f_new - f_old)
        base_npv = float(np.sum(base_pv["margin"]))
        # discounted net of period t: margin at its end, cost at its start
        t = np.arange(self.H + 1)
        disc_net_delta = (f_new[:, 2] - f_old[:, 2]) * self.v ** t - f_new[:, 3] * np.r_[
            0.0, self.v ** t[:-1]]
        cum = np.cumsum(disc_net_delta)
        if cost == 0.0:
            payback = 0.0 if d_npv >= 0 else np.nan
        else:
            hit = np.flatnonzero((cum[1:] >= 0.0))
            payback = float(hit[0] + 1) if len(hit) else np.nan
        return {
            "customers_targeted": int(mask.sum()),
            "retained_end": float(flows[-1, 0]),
            "revenue_pv": float(np.sum(base_pv["revenue"])) + d_revenue,
            "margin_pv": base_npv + d_margin,
            "cost_pv": cost,
            "npv": base_npv + d_npv,
            "delta_npv": d_npv,
            "roi": d_npv / cost if cost > 0 else np.nan,
            "payback_periods": payback,
            "_flows": flows, "_cum_delta": cum,
        }

    def _plan_arrays(self, planning: Any) -> tuple[np.ndarray, np.ndarray]:
        key = id(planning)
        if key in self._plan_cache and self._plan_cache[key][0] is planning:
            return self._plan_cache[key][1]
        n = len(self.resp)
        ids = self.resp["customer_id"].to_numpy()
        m = self.resp["margin"].to_numpy()
        planned_margin = False
        if isinstance(planning, pd.DataFrame):
            require_columns(planning, ["customer_id", "retention"], "planning_retention")
            p = planning.set_index("customer_id").reindex(ids)
            if p["retention"].isna().any():
                raise ValueError("planning_retention: no estimate for some customer_id(s) "
                                 f"{ids[p['retention'].isna().to_numpy()][:5].tolist()}")
            r = p["retention"].to_numpy(dtype=float)
            if "margin" in p.columns:
                m = p["margin"].fillna(0.0).to_numpy(dtype=float)
                planned_margin = True
        elif isinstance(planning, pd.Series) and planning.index.name == "customer_id":
            r = planning.reindex(ids).to_numpy(dtype=float)
        else:
            r = np.asarray(planning, dtype=float)
            if r.ndim == 0:
                r = np.full(n, float(r))
        if r.shape != (n,) or np.isnan(r).any():
            raise ValueError(f"planning_retention: expected one retention per customer ({n:,}),"
                             " e.g. a DataFrame with customer_id and retention")
        if np.any((r < 0) | (r > 1)):
            raise ValueError("planning_retention: values must be per-period retention rates in "
                             "[0, 1]")
        r, m = r[self.active], m[self.active]
        g = np.where(m > 0, self.g, 1.0) if planned_margin else self.g
        grp = _Group(r, m, self.true.rev, g, gp=self.gp)
        out = (r, m, g, _pv(grp, self.H, self.v), _flows(grp, self.H))
        self._plan_cache = {key: (planning, out)}
        return out

    def run(self, scenarios: Sequence[Scenario], runs: int = 0, seed: int = 0,
            planning_retention: Any = None) -> "WhatIfResult":
        if isinstance(scenarios, Scenario):
            scenarios = [scenarios]
        scenarios = list(scenarios)
        if not scenarios:
            raise ValueError("scenarios: give at least one Scenario")
        for s in scenarios:
            if not isinstance(s, Scenario):
                raise TypeError(f"scenarios: expected Scenario objects, got {type(s).__name__}")
        names = [s.name for s in scenarios]
        dup = sorted({x for x in names if names.count(x) > 1})
        if dup:
            raise ValueError(f"scenarios: names must be unique; repeated: {dup}")
        runs = _whole("runs", runs)
        seed = _whole("seed", seed)
        masks = [self.mask(s) for s in scenarios]
        rows, flows, cums = [], {}, {}
        base_npv = float(np.sum(self.base_pv["margin"]))
        rows.append({"scenario": "baseline", "customers_targeted": 0,
                     "retained_end": float(self.base_flows[-1, 0]),
                     "revenue_pv": float(np.sum(self.base_pv["revenue"])),
                     "margin_pv": base_npv, "cost_pv": 0.0, "npv": base_npv, "delta_npv": 0.0,
                     "roi": np.nan, "payback_periods": np.nan})
        flows["baseline"] = self.base_flows
        for sc, mask in zip(scenarios, masks):
            res = self._value(sc, mask, self.true.r, self.true.m, self.base_pv,
                              self.base_flows)
            flows[sc.name] = res.pop("_flows")
            cums[sc.name] = res.pop("_cum_delta")
            rows.append({"scenario": sc.name, **res})
        summary = pd.DataFrame(rows).set_index("scenario")
        if planning_retention is not None:
            r_p, m_p, g_p, pv_p, fl_p = self._plan_arrays(planning_retention)
            plan_base = float(np.sum(pv_p["margin"]))
            planned = {"baseline": (plan_base, 0.0, np.nan)}
            for sc, mask in zip(scenarios, masks):
                res = self._value(sc, mask, r_p, m_p, pv_p, fl_p, g_p)
                planned[sc.name] = (res["npv"], res["delta_npv"], res["roi"])
            summary["planned_npv"] = [planned[k][0] for k in summary.index]
            summary["planned_delta_npv"] = [planned[k][1] for k in summary.index]
            summary["planned_roi"] = [planned[k][2] for k in summary.index]
        bands = None
        if runs > 0:
            bands, mc = self._monte_carlo(scenarios, masks, runs, seed)
            for col, values in mc.items():
                summary[col] = [values.get(k, np.nan) for k in summary.index]
        return WhatIfResult(summary=summary, flows=flows, cum_delta=cums, bands=bands,
                            scenarios=scenarios, horizon=self.H, discount=self.discount,
                            period_unit=self.period_unit, periods_per_year=self.ppy,
                            runs=runs, seed=seed, spend_cv=self.spend_cv,
                            planned=planning_retention is not None)

    # -- Monte Carlo ----------------------------------------------------------------------
    def _monte_carlo(self, scenarios, masks, runs: int, seed: int):
        """Simulate churn and spend of every active customer ``runs`` times.

        Each customer gets one exponential draw E per run: its lifetime L = ⌊E/λ⌋ (λ = −log r)
        under the baseline and ⌊E/λ'⌋ under a scenario (common random numbers: a customer
        who stays longer without the programme also stays longer with it). Its margin is
        m·life[K] (+ spend noise z·spend_cv·revenue·sd[K], z ~ N(0, 1)), K = min(L+1, H)
        periods present, read from per-customer tables; costs c·Σ_{k<K} v^k.
        """
        H, v, n = self.H, self.v, len(self.true.r)
        f32 = np.float32
        noisy = self.spend_cv > 0
        lam = _churn_rate(self.true.r)
        m32 = self.true.m.astype(f32)
        noise32 = (self.spend_cv * self.true.rev).astype(f32)
        cost_tab = np.cumsum(np.r_[0.0, v ** np.arange(H)]).astype(f32)    # Σ_{k<K} v^k
        prep = []
        for sc, mask in zip(scenarios, masks):
            _, new = self._groups(sc, mask, self.true.r, self.true.m)
            tidx = np.flatnonzero(mask)
            c = np.broadcast_to(np.asarray(new.c, dtype=float), tidx.shape)
            prep.append({"tidx": tidx, "lam": _churn_rate(new.r), "m": new.m.astype(f32),
                         "noise": (self.spend_cv * new.rev).astype(f32), "c": c.astype(f32),
                         "has_cost": bool(np.any(c)),
                         "upfront": new.once * len(tidx) + new.fixed})
        S = len(scenarios)
        base_npv = np.zeros(runs)
        base_ret = np.zeros((runs, H + 1), dtype=np.int64)
        d_npv = np.zeros((S, runs))
        cost = np.zeros((S, runs))
        d_ret = np.zeros((S, runs, H + 1), dtype=np.int64)
        rng = np.random.default_rng(np.random.SeedSequence(seed))
        block = max(1, min(n, _MC_TABLE_CELLS // (H + 1)))
        for b0 in range(0, n, block):
            b1 = min(n, b0 + block)
            nb = b1 - b0
            life, sd = _mc_tables(self.g[b0:b1], v, H, self.gp, noisy)
            life_flat = life.ravel()
            sd_flat = sd.ravel() if noisy else None
            rowoff = np.arange(nb, dtype=np.int32) * np.int32(H + 1)
            local = []
            for pj in prep:
                sel = (pj["tidx"] >= b0) & (pj["tidx"] < b1)
                tl = pj["tidx"][sel] - b0
                local.append((slice(None) if len(tl) == nb else tl, sel, len(tl)))
            chunk = max(1, _MC_DRAW_CELLS // nb)
            # customer-major arrays (customers × runs): each customer's runs read the same
            # row of the value tables, which stays in the CPU cache
            lam_b, m_b, noise_b = lam[b0:b1, None], m32[b0:b1, None], noise32[b0:b1, None]
            for r0 in range(0, runs, chunk):
                r1 = min(runs, r0 + chunk)
                E = rng.standard_exponential((nb, r1 - r0), dtype=f32)
                z = rng.standard_normal((nb, r1 - r0), dtype=f32) if noisy else None
                L = _lifetimes(E, lam_b, H)
                flat = np.minimum(L + 1, H) + rowoff[:, None]
                marg = life_flat.take(flat) * m_b
                if noisy:
                    marg += z * sd_flat.take(flat) * noise_b
                marg_sum = marg.sum(axis=0, dtype=np.float64)
                counts = _retained_counts(L, H)
                base_npv[r0:r1] += marg_sum
                base_ret[r0:r1] += counts
                for j, (pj, (tl, sel, nt)) in enumerate(zip(prep, local)):
                    if nt == 0:
                        continue
                    Ln = _lifetimes(E[tl], pj["lam"][sel, None], H)
                    Kn = np.minimum(Ln + 1, H)
                    flat_n = Kn + rowoff[tl, None]
                    new_m = life_flat.take(flat_n) * pj["m"][sel, None]
                    if noisy:
                        new_m += z[tl] * sd_flat.take(flat_n) * pj["noise"][sel, None]
                    full = isinstance(tl, slice)
                    delta = new_m.sum(axis=0, dtype=np.float64) - (
                        marg_sum if full else marg[tl].sum(axis=0, dtype=np.float64))
                    if pj["has_cost"]:
                        paid = (cost_tab.take(Kn) * pj["c"][sel, None]).sum(axis=0,
                                                                           dtype=np.float64)
                        delta -= paid
                        cost[j, r0:r1] += paid
                    d_npv[j, r0:r1] += delta
                    d_ret[j, r0:r1] += _retained_counts(Ln, H) - (
                        counts if full else _retained_counts(L[tl], H))
        for j, pj in enumerate(prep):
            d_npv[j] -= pj["upfront"]
            cost[j] += pj["upfront"]
        sc_npv = base_npv[None, :] + d_npv
        sc_cost = cost
        sc_ret = base_ret[None, :, :] + d_ret
        q = [5, 50, 95]
        mc: dict[str, dict] = {c: {} for c in (
            "npv_mc_mean", "npv_se", "npv_p5", "npv_p50", "npv_p95", "delta_npv_mc_mean",
            "delta_npv_se", "delta_npv_p5", "delta_npv_p50", "delta_npv_p95", "roi_p5",
            "roi_p50", "roi_p95")}
        bands: dict[str, pd.DataFrame] = {}

        def put(name, npv, delta, cost, ret, dret):
            mc["npv_mc_mean"][name] = float(npv.mean())
            mc["npv_se"][name] = float(npv.std(ddof=1) / np.sqrt(runs)) if runs > 1 else np.nan
            for p, val in zip(q, np.percentile(npv, q)):
                mc[f"npv_p{p}"][name] = float(val)
            if delta is not None:
                mc["delta_npv_mc_mean"][name] = float(delta.mean())
                mc["delta_npv_se"][name] = (float(delta.std(ddof=1) / np.sqrt(runs))
                                            if runs > 1 else np.nan)
                for p, val in zip(q, np.percentile(delta, q)):
                    mc[f"delta_npv_p{p}"][name] = float(val)
                with np.errstate(divide="ignore", invalid="ignore"):
                    roi = np.where(cost > 0, delta / cost, np.nan)
                if np.isfinite(roi).any():
                    for p, val in zip(q, np.nanpercentile(roi, q)):
                        mc[f"roi_p{p}"][name] = float(val)
            pct = np.percentile(ret, q, axis=0)
            dpct = np.percentile(dret, q, axis=0)
            bands[name] = pd.DataFrame({"period": np.arange(H + 1), "retained_mean": ret.mean(0),
                                        "retained_p5": pct[0], "retained_p50": pct[1],
                                        "retained_p95": pct[2],
                                        "delta_retained_mean": dret.mean(0),
                                        "delta_retained_p5": dpct[0],
                                        "delta_retained_p50": dpct[1],
                                        "delta_retained_p95": dpct[2]})

        put("baseline", base_npv, np.zeros(runs), np.zeros(runs), base_ret,
            np.zeros_like(base_ret))
        for j, sc in enumerate(scenarios):
            put(sc.name, sc_npv[j], d_npv[j], sc_cost[j], sc_ret[j], d_ret[j])
        return bands, mc


# --------------------------------------------------------------------------------------------
# what_if and its result
# --------------------------------------------------------------------------------------------


class WhatIfResult:
    """The outcome of :func:`what_if`: a summary per scenario and flows over time.

    ``summary()`` — one row per scenario (``baseline`` first): customers targeted, expected
    customers retained at the horizon, present values (RMB) of revenue, margin and programme
    cost, NPV (margin PV − cost PV), ΔNPV against doing nothing, ROI (ΔNPV / cost PV: net RMB
    returned per RMB spent, both discounted) and the discounted payback period (the first
    period by whose end the cumulative discounted incremental margin covers the cumulative
    discounted cost; NaN when not within the horizon; 0 when nothing is spent). With
    ``planning_retention``: ``planned_*`` columns — what the plan promised. With ``runs > 0``:
    Monte Carlo mean, standard error and P5/P50/P95 of NPV, ΔNPV and ROI.

    ``over_time()`` — per scenario and period (0..horizon): expected customers retained,
    revenue, margin and cost of the period (undiscounted, RMB), their Δs against the
    baseline, the cumulative discounted incremental net; with Monte Carlo, P5/P50/P95 of the
    customers retained and of the extra customers retained (``delta_retained_p*``).

    ``decision()`` — the cost of deciding on an estimate (only with ``planning_retention``).
    """

    def __init__(self, summary, flows, cum_delta, bands, scenarios, horizon, discount,
                 period_unit, periods_per_year, runs, seed, spend_cv, planned=False):
        self.summary_table = summary
        self.flows, self.cum_delta, self.bands = flows, cum_delta, bands
        self.scenarios, self.horizon, self.discount = scenarios, horizon, discount
        self.period_unit, self.periods_per_year = period_unit, periods_per_year
        self.runs, self.seed, self.spend_cv, self.planned = runs, seed, spend_cv, planned

    def __repr__(self) -> str:
        return (f"WhatIfResult({len(self.scenarios)} scenario(s), horizon {self.horizon} "
                f"{self.period_unit}s, discount {self.discount:.0%} a year, runs={self.runs})")

    def summary(self) -> pd.DataFrame:
        """One row per scenario (see the class docstring); a copy you may change."""
        out = self.summary_table.copy()
        out.attrs.update(horizon=self.horizon, period_unit=self.period_unit,
                         discount=self.discount, runs=self.runs)
        return out

    def _repr_html_(self) -> str:
        cols = ["customers_targeted", "npv", "delta_npv", "roi", "payback_periods"]
        if self.planned:
            cols.insert(3, "planned_delta_npv")
        runs = f", {self.runs} Monte Carlo runs" if self.runs else ""
        head = (f"<p>What-if over {self.horizon} {self.period_unit}s, discount "
                f"{self.discount:.0%} a year{runs}.</p>")
        return head + self.summary_table[cols].to_html(float_format=lambda x: f"{x:,.2f}")

    def over_time(self, scenario: str | None = None) -> pd.DataFrame:
        """Per scenario and period: expected flows, differences to baseline, MC bands."""
        names = list(self.flows) if scenario is None else ["baseline", scenario]
        if scenario is not None and scenario not in self.flows:
            raise ValueError(f"scenario={scenario!r} is not in this result; choose one of "
                             f"{list(self.flows)}")
        base = self.flows["baseline"]
        t = np.arange(self.horizon + 1)
        frames = []
        for name in dict.fromkeys(names):
            f = self.flows[name]
            d = pd.DataFrame(f, columns=list(_FLOW_COLS))
            d.insert(0, "period", t)
            d.insert(0, "scenario", name)
            d["net"] = d["margin"] - d["cost"]
            for j, col in enumerate(_FLOW_COLS):
                d[f"delta_{col}"] = f[:, j] - base[:, j]
            d["cum_discounted_delta_net"] = (self.cum_delta[name] if name in self.cum_delta
                                             else np.zeros(len(t)))
            if self.bands is not None:
                b = self.bands[name]
                for col in ("retained_p5", "retained_p50", "retained_p95",
                            "delta_retained_p5", "delta_retained_p50", "delta_retained_p95"):
                    d[col] = b[col].to_numpy()
            frames.append(d)
        out = pd.concat(frames, ignore_index=True)
        out["scenario"] = pd.Categorical(out["scenario"], categories=list(dict.fromkeys(names)))
        out.attrs.update(period_unit=self.period_unit)
        return out

    def decision(self) -> pd.DataFrame:
        """The cost of deciding on an estimate: go/no-go on the plan, judged by the truth.

        Per scenario: planned and true ΔNPV; ``go_on_plan`` (planned ΔNPV > 0);
        ``value_on_plan`` (true ΔNPV if we go, else 0); ``best_value`` (max(true ΔNPV, 0));
        ``cost_of_estimate`` = best_value − value_on_plan ≥ 0. A last row ``choose_best``
        picks the scenario with the best planned ΔNPV (or nothing) and compares it with the
        truly best choice.
        """
        if not self.planned:
            raise ValueError("decision(): run what_if(..., planning_retention=...) to compare a "
                             "plan made on estimates with the truth")
        s = self.summary_table.drop(index="baseline")
        go = s["planned_delta_npv"] > 0
        value = np.where(go, s["delta_npv"], 0.0)
        best = np.maximum(s["delta_npv"], 0.0)
        out = pd.DataFrame({"planned_delta_npv": s["planned_delta_npv"],
                            "true_delta_npv": s["delta_npv"], "go_on_plan": go,
                            "value_on_plan": value, "best_value": best,
                            "cost_of_estimate": best - value}, index=s.index)
        pick = s["planned_delta_npv"].idxmax()
        v_plan = float(s.loc[pick, "delta_npv"]) if s.loc[pick, "planned_delta_npv"] > 0 else 0.0
        v_best = max(float(s["delta_npv"].max()), 0.0)
        out.loc["choose_best"] = {"planned_delta_npv": float(s["planned_delta_npv"].max()),
                                  "true_delta_npv": v_plan, "go_on_plan": v_plan != 0.0,
                                  "value_on_plan": v_plan, "best_value": v_best,
                                  "cost_of_estimate": v_best - v_plan}
        out.attrs["choice_on_plan"] = pick if s.loc[pick, "planned_delta_npv"] > 0 else None
        return out


def what_if(base: CustomerBase, scenarios: Scenario | Sequence[Scenario], horizon: int | None
            = None, discount: float | None = None, runs: int = 0, seed: int = 0,
            planning_retention: Any = None, growth: bool = True,
            growth_years: float | None = None, spend_cv: float | None = None) -> WhatIfResult:
    """Value retention programmes against doing nothing, in closed form or by Monte Carlo.

    Parameters
    ----------
    base : CustomerBase
        The world; its response comes from ``base.truth`` (see :func:`true_response`).
    scenarios : Scenario or list of Scenario
    horizon : int, optional
        Periods ahead, in the base's unit (months, weeks); default five years (60 / 260).
    discount : float, optional
        Annual discount rate (0.10 = 10 % a year); default ``base.params.discount_rate``.
    runs : int
        0 (default): expected values in closed form. ``runs > 0``: simulate each customer's
        churn (L = ⌊log U / log r⌋ periods survived, the inverse CDF of the geometric
        distribution, P(L ≥ t) = r^t) and spend (margin noise with the revenue's
        coefficient of variation
        ``spend_cv``, estimated from activity when None) ``runs`` times, and add P5/P50/P95
        bands. Scenario and baseline share the random numbers (common random numbers), so
        ΔNPV bands show the programme's own uncertainty.
    seed : int
        Seed of the simulation.
    planning_retention : optional
        Your *estimated* per-period retention: a DataFrame with ``customer_id`` and
        ``retention`` (and optionally ``margin``), a Series indexed by ``customer_id``, or an
        array in customer order. The summary then shows what the plan promised
        (``planned_*``) next to what the world delivers; :meth:`WhatIfResult.decision` prices
        the difference.
    growth : bool
        Let margins grow at ``truth.true_growth`` (default True) ...
    growth_years : float, optional
        ... for this many years, then stay flat (default: the world's ``growth_years``
        parameter, else 1). Loss-making customers' margins are held flat.
    spend_cv : float, optional
        Coefficient of variation of a customer's per-period revenue for the Monte Carlo spend
        noise; estimated from ``activity`` when None; 0 switches spend noise off.

    Returns
    -------
    WhatIfResult
        ``.summary()`` and ``.over_time()``.

    Formulas (per customer i, per period; see the module docstring for the timing):
    NPV_i = m_i·v·Σ_{t=0}^{H−1} (g_i r_i v)^t − c_i·Σ_{t=0}^{H−1} (r_i v)^t;
    ΔNPV = Σ_i over targeted customers (new − old); ROI = ΔNPV / cost PV.

    >>> s = Scenario("key care", target="key", retention_uplift=0.02, cost_per_customer=200)
    >>> what_if(base, s, horizon=60).summary()          # doctest: +SKIP
    """
    planner = _Planner(base, horizon=horizon, discount=discount, growth=growth,
                       spend_cv=spend_cv, growth_years=growth_years)
    return planner.run(scenarios, runs=runs, seed=seed, planning_retention=planning_retention)


# --------------------------------------------------------------------------------------------
# Tier migration: a Markov chain over key / normal / small / lost (Pfeifer & Carraway 2000)
# --------------------------------------------------------------------------------------------


@dataclass
class Migration:
    """A tier-migration model estimated from activity (see :func:`migration_model`).

    Attributes
    ----------
    P : DataFrame
        Transition probabilities per window, rows = tier now ("from"), columns = tier one
        window later ("to"), in the order key, normal, small, lost; every row sums to 1.
    transitions : DataFrame
        The observed counts behind ``P``.
    counts : Series
        Customers per tier in the last complete window (lost = seen before, inactive now).
    rewards : Series
        Mean value (RMB of ``value``) per customer and window in each tier; lost = 0.
    tiers : DataFrame
        Tier of each customer (rows, ``customer_id`` index) in each window (columns 1..W);
        missing before a customer's first activity.
    window : int
        Periods per window (e.g. 3 months: the chain steps once a quarter).
    period_unit : str
    """

    P: pd.DataFrame
    transitions: pd.DataFrame
    counts: pd.Series
    rewards: pd.Series
    tiers: pd.DataFrame
    window: int
    period_unit: str
    value: str = "margin"

    def equity(self, discount: float, periods: int | None = None) -> pd.Series:
        """Customer equity per tier: :func:`customer_equity` with this ``P`` and ``rewards``.

        ``discount`` is the *annual* rate here; it is converted to one window
        ((1 + d)^(window/periods_per_year) − 1).
        """
        ppy = _periods_per_year(self.period_unit)
        d = (1.0 + _number("discount", discount, low=0.0)) ** (self.window / ppy) - 1.0
        return customer_equity(self.P, self.rewards, d, periods)


def migration_model(data: CustomerBase | pd.DataFrame, window: int | None = None,
                    value: str = "margin", shares: Sequence[float] = (0.10, 0.30),
                    lost_absorbing: bool = True, period_unit: str | None = None) -> Migration:
    """Estimate a tier transition matrix from activity (Pfeifer & Carraway 2000).

    Steps: cut the periods into consecutive windows of ``window`` periods (incomplete last
    window dropped; default a quarter: 3 months or 13 weeks); sum each customer's ``value``
    (margin by default) per window; in each window rank the *active* customers (any row in the
    window) by that sum — the top round(10 % × active) are key, up to round(40 % × active)
    normal, the rest small (the course pyramid; ``shares`` = (0.10, 0.30)); a customer seen
    before but without activity in a window is "lost". P[i, j] = (customers in tier i in one
    window and j in the next) / (customers in tier i). With ``lost_absorbing=True`` (default, the retention setting: a churned contract
    does not come back) the lost row is [0, 0, 0, 1]; with False, returns are estimated too
    (the migration setting, e.g. a retailer who skips a quarter).

    Teaching note: tiers are *relative* (by rank each window), as the pyramid is; a customer
    moves up when it grows faster than the others.

    >>> mig = migration_model(base)           # doctest: +SKIP
    >>> mig.P.round(3)                        # doctest: +SKIP
    """
    if isinstance(data, CustomerBase):
        act = data.activity
        period_unit = data.params.period_unit
        last = int(data.params.periods)
        if not len(act):
            raise ValueError("migration_model: base.activity is empty")
    elif isinstance(data, pd.DataFrame):
        act = data
        if not len(act):
            raise ValueError("migration_model: activity is empty")
        last = int(act["period"].max()) if "period" in act.columns else 0
    else:
        raise TypeError(f"data: expected a CustomerBase or an activity DataFrame, got "
                        f"{type(data).__name__}")
    require_columns(act, ["customer_id", "period", value], "migration_model activity")
    if window is None:
        if period_unit is None:
            raise ValueError("migration_model: give window= (periods per window) or "
                             "period_unit= for an activity table")
        window = {"month": 3, "week": 13, "quarter": 1, "year": 1, "day": 91}[
            _choice("period_unit", period_unit, tuple(_PPY))]
    window = _whole("window", window, low=1)
    shares = tuple(_number("shares", s, low=0.0, high=1.0) for s in shares)
    if len(shares) != 2 or sum(shares) > 1:
        raise ValueError(f"shares={shares!r}: expected (key share, normal share) with a sum <= 1, "
                         "e.g. (0.10, 0.30)")
    W = last // window
    if W < 2:
        raise ValueError(f"migration_model: {last} periods make {W} complete window(s) of "
                         f"{window}; need at least 2 — use a shorter window")
    per = act["period"].to_numpy()
    keep = per <= W * window
    codes, ids = pd.factorize(act["customer_id"].to_numpy()[keep], sort=True)
    N = len(ids)
    w = (per[keep].astype(np.int64) - 1) // window
    flat = codes.astype(np.int64) * W + w
    vals = np.bincount(flat, weights=act[value].to_numpy(dtype=float)[keep],
                       minlength=N * W).reshape(N, W)
    active = np.bincount(flat, minlength=N * W).reshape(N, W) > 0
    seen = np.maximum.accumulate(active, axis=1)
    state = np.full((N, W), -1, dtype=np.int8)
    state[seen & ~active] = 3
    for j in range(W):                   # a loop over windows, not rows
        a = np.flatnonzero(active[:, j])
        order = np.argsort(-vals[a, j], kind="stable")
        rank = np.empty(len(a), dtype=np.int64)
        rank[order] = np.arange(1, len(a) + 1)
        n_key = int(np.rint(shares[0] * len(a)))
        n_top = int(np.rint((shares[0] + shares[1]) * len(a)))
        state[a, j] = np.where(rank <= n_key, 0, np.where(rank <= n_top, 1, 2))
    frm, to = state[:, :-1].ravel(), state[:, 1:].ravel()
    ok = frm >= 0
    counts4 = np.bincount(frm[ok].astype(np.int64) * 4 + to[ok], minlength=16).reshape(4, 4)
    names = list(MIGRATION_TIERS)
    trans = pd.DataFrame(counts4, index=pd.Index(names, name="from"),
                         columns=pd.Index(names, name="to"))
    P = counts4.astype(float)
    if lost_absorbing or P[3].sum() == 0:
        P[3] = [0.0, 0.0, 0.0, 1.0]
    empty = [names[i] for i in range(3) if P[i].sum() == 0]
    if empty:
        raise ValueError(f"migration_model: no customer was ever in tier(s) {empty}; use more "
                         "data, a longer window or other shares")
    P = P / P.sum(axis=1, keepdims=True)
    Pdf = pd.DataFrame(P, index=trans.index.copy(), columns=trans.columns.copy())
    rew = np.array([vals[state == k].mean() if np.any(state == k) else 0.0 for k in range(3)]
                   + [0.0])
    rewards = pd.Series(rew, index=pd.Index(names, name="tier"), name=f"{value}_per_window")
    last_state = state[:, -1]
    cnt = pd.Series([int(np.sum(last_state == k)) for k in range(4)],
                    index=pd.Index(names, name="tier"), name="customers")
    cat = pd.CategoricalDtype(names, ordered=False)
    tiers = pd.DataFrame({j + 1: pd.Categorical.from_codes(state[:, j].astype(int), dtype=cat)
                          for j in range(W)}, index=pd.Index(ids, name="customer_id"))
    tiers.columns.name = "window"
    return Migration(P=Pdf, transitions=trans, counts=cnt, rewards=rewards, tiers=tiers,
                     window=window, period_unit=period_unit or "period", value=value)


def migration_matrix(data: CustomerBase | pd.DataFrame, window: int | None = None,
                     **kwargs: Any) -> pd.DataFrame:
    """The transition matrix P of :func:`migration_model` (rows from, columns to)."""
    return migration_model(data, window=window, **kwargs).P


def _check_P(P: Any) -> tuple[np.ndarray, pd.Index]:
    if isinstance(P, pd.DataFrame):
        idx = P.index
        if list(P.index) != list(P.columns):
            raise ValueError(f"P: rows {list(P.index)} and columns {list(P.columns)} must name "
                             "the same tiers in the same order")
        arr = P.to_numpy(dtype=float)
    else:
        arr = np.asarray(P, dtype=float)
        idx = pd.Index(list(MIGRATION_TIERS) if arr.shape == (4, 4) else range(len(arr)),
                       name="tier")
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise ValueError(f"P: expected a square matrix, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < -1e-12):
        raise ValueError("P: probabilities must be finite and >= 0")
    rows = arr.sum(axis=1)
    bad = np.abs(rows - 1.0) > 1e-8
    if bad.any():
        raise ValueError(f"P: every row must sum to 1; row(s) {list(idx[bad])} sum to "
                         f"{np.round(rows[bad], 6).tolist()}")
    return np.clip(arr, 0.0, None), idx


def _vector(x: Any, idx: pd.Index, name: str) -> np.ndarray:
    if isinstance(x, pd.Series):
        missing = [k for k in idx if k not in x.index]
        if missing:
            raise ValueError(f"{name}: no value for tier(s) {missing}; it has {list(x.index)}")
        arr = x.reindex(idx).to_numpy(dtype=float)
    elif isinstance(x, Mapping):
        missing = [k for k in idx if k not in x]
        if missing:
            raise ValueError(f"{name}: no value for tier(s) {missing}")
        arr = np.array([float(x[k]) for k in idx])
    else:
        arr = np.asarray(x, dtype=float)
    if arr.shape != (len(idx),):
        raise ValueError(f"{name}: expected {len(idx)} values (one per tier {list(idx)}), got "
                         f"shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: values must be finite")
    return arr


def project_tiers(P: Any, counts: Any, periods: int) -> pd.DataFrame:
    """Expected customers per tier after each step: n_{t+1} = n_t · P.

    ``counts`` is the tier count now (Series indexed by tier, a dict, or an array in P's
    order); ``periods`` the number of steps (windows of P). Returns a DataFrame with rows
    step 0..periods and one column per tier (Pfeifer & Carraway 2000).

    >>> P = [[0.8, 0.1, 0.05, 0.05], [0.05, 0.8, 0.1, 0.05], [0, 0.05, 0.85, 0.1], [0, 0, 0, 1]]
    >>> project_tiers(P, [10, 30, 60, 0], 1).round(2).iloc[1].tolist()
    [9.5, 28.0, 54.5, 8.0]
    """
    arr, idx = _check_P(P)
    n0 = _vector(counts, idx, "counts")
    if np.any(n0 < 0):
        raise ValueError("counts: customer counts cannot be negative")
    periods = _whole("periods", periods, low=0)
    out = np.empty((periods + 1, len(idx)))
    out[0] = n0
    for t in range(1, periods + 1):
        out[t] = out[t - 1] @ arr
    return pd.DataFrame(out, index=pd.RangeIndex(periods + 1, name="step"),
                        columns=pd.Index(list(idx), name="tier"))


def customer_equity(P: Any, R: Any, discount: float, periods: int | None = None) -> pd.Series:
    """Expected discounted value of a customer starting in each tier (Pfeifer & Carraway 2000).

    Formula: V = Σ_{t=0}^{T} [(1+d)^-1 P]^t R, where R is the reward (margin) per customer per
    step in each tier, earned at the start of every step (t = 0 is now) and d the discount
    rate *per step of P* (one window: for a quarterly P and 10 % a year, d = 1.1^(1/4) − 1).
    Infinite horizon (``periods=None``): V = (I − P/(1+d))^-1 R, solved with
    ``numpy.linalg.solve`` (needs d > 0: with d = 0 and an absorbing "lost" state,
    I − P is singular).

    >>> P = [[0.9, 0.1], [0.0, 1.0]]            # stay with 90 %, or be lost for good
    >>> float(round(customer_equity(P, [100.0, 0.0], 0.10).iloc[0], 2))   # 100/(1 − 0.9/1.1)
    550.0
    """
    arr, idx = _check_P(P)
    r = _vector(R, idx, "R")
    d = _number("discount", discount, low=-1.0, low_open=True,
                allowed="> -1 (a rate per step of P)")
    M = arr / (1.0 + d)
    if periods is None:
        if d <= 0:
            raise ValueError(f"discount={discount!r}: an infinite horizon needs a discount "
                             "rate > 0 (or give periods=)")
        v = np.linalg.solve(np.eye(len(idx)) - M, r)
    else:
        periods = _whole("periods", periods, low=0)
        v = r.copy()
        term = r.copy()
        for _ in range(periods):
            term = M @ term
            v += term
    return pd.Series(v, index=pd.Index(list(idx), name="tier"), name="customer_equity")


def shift_up(P: Any, from_tier: str, amount: float, to_tier: str | None = None) -> pd.DataFrame:
    """A scenario on the matrix: move probability ``amount`` in row ``from_tier`` up.

    The mass goes to ``to_tier`` (default: the tier just above ``from_tier``, e.g. normal →
    key) and is taken from the outcomes *below* ``to_tier`` in proportion to their current
    probabilities (for normal → key: from staying normal, dropping to small and being lost).
    ``to_tier == from_tier`` keeps more customers where they are (a pure retention effort).
    ``amount`` is an absolute probability (0.05 = five points of the row).

    >>> P = [[.8, .1, .05, .05], [.05, .8, .1, .05], [0, .05, .85, .1], [0, 0, 0, 1]]
    >>> shift_up(P, "normal", 0.05).loc["normal"].round(4).tolist()
    [0.1, 0.7579, 0.0947, 0.0474]
    """
    arr, idx = _check_P(P)
    names = list(idx)
    if from_tier not in names:
        raise ValueError(f"from_tier={from_tier!r} is not a tier; choose one of {names}")
    i = names.index(from_tier)
    if to_tier is None:
        if i == 0:
            raise ValueError(f"from_tier={from_tier!r} is the top tier; give to_tier= (e.g. "
                             f"to_tier={from_tier!r} to keep more of them)")
        j = i - 1
    else:
        if to_tier not in names:
            raise ValueError(f"to_tier={to_tier!r} is not a tier; choose one of {names}")
        j = names.index(to_tier)
    amount = _number("amount", amount, low=0.0, high=1.0)
    row = arr[i].copy()
    below = row[j + 1:]
    avail = below.sum()
    if amount > avail + 1e-12:
        raise ValueError(f"amount={amount:g} is more than the probability {avail:.4f} below "
                         f"{names[j]!r} in row {from_tier!r}")
    if avail > 0:
        row[j + 1:] = below * (1.0 - amount / avail)
        row[j] += amount
    out = arr.copy()
    out[i] = row
    return pd.DataFrame(out, index=pd.Index(names, name="from"),
                        columns=pd.Index(names, name="to"))


# --------------------------------------------------------------------------------------------
# Allocation of a retention budget across tiers
# --------------------------------------------------------------------------------------------


def retention_response(spend: Any, ceiling: float, k: float) -> np.ndarray:
    """Retention gain bought by ``spend`` RMB per customer per year (diminishing returns).

    Formula: gain = ceiling · (1 − e^(−k · spend)), the concave response of Blattberg &
    Deighton (1991): the first yuan buys the most; no budget buys more than ``ceiling``.
    ``k`` (per RMB) sets how fast: spending 1/k RMB gets 63 % of the ceiling.

    >>> round(float(retention_response(100, ceiling=0.05, k=0.01)), 4)   # 0.05·(1 − e^-1)
    0.0316
    """
    s = np.asarray(spend, dtype=float)
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
        r2 = np.clip(R2, 0.0, 1.0) ** (1.0 / self.ppy)
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
    budget = _number("budget", budget, low=0.0, allowed=">= 0 RMB per year")
    ceiling = _number("ceiling", ceiling, low=0.0, high=1.0)
    _choice("uplift_kind", uplift_kind, ("points", "churn"))
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
    k = _number("k", k, low=0.0, low_open=True, allowed="> 0 (per RMB)")
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
        shares = {t: _number(f"rule[{t!r}]", rule.get(t, 0.0), low=0.0) for t in PYRAMID_TIERS}
        if sum(shares.values()) > 1 + 1e-12:
            raise ValueError(f"rule: shares sum to {sum(shares.values()):g} > 1; the budget "
                             "cannot be exceeded")
        return shares
    _choice("rule", rule, ("pyramid", "equal", "optimal"))
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

    >>> compare_allocations(base, 1_000_000)                    # doctest: +SKIP
    """
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

    >>> reichheld_check(base)                       # doctest: +SKIP
    """
    cut = _number("cut", cut, low=0.0, high=1.0, allowed="[0, 1] (0.05 = five points a year)")
    _choice("how", how, ("proportional", "points"))
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
    r2 = R2 ** (1.0 / ppy)
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

    >>> gupta_lehmann(base, acquisition_cost=300)            # doctest: +SKIP
    """
    change = _number("change", change, low=0.0, high=0.5)
    if acquisition_cost is None:
        acquisition_cost = base.params.values.get("acquisition_cost")
        if acquisition_cost is None and "acquisition_cost" in base.customers.columns:
            acquisition_cost = float(base.customers["acquisition_cost"].mean())
        if acquisition_cost is None:
            raise ValueError("acquisition_cost=None and the base has neither "
                             "params.acquisition_cost nor a customers.acquisition_cost column; "
                             "give RMB per new customer, e.g. acquisition_cost=300")
    A = _number("acquisition_cost", acquisition_cost, low=0.0)
    w = _world(base, None, discount, growth, growth_years, infinite=True)
    d, ppy = w.discount, w.ppy
    r, m = w.r, w.m
    n = len(r)
    R = r ** ppy
    N = float(np.sum(1.0 - R)) if new_customers_per_year is None else \
        _number("new_customers_per_year", new_customers_per_year, low=0.0)

    def firm(r_, m_, A_):
        E = float(np.sum(_value_per_customer(w, r_, m_)))
        return E + N * (E / n - A_) / d

    v0 = firm(r, m, A)
    r_up = np.minimum(R * (1.0 + change), 1.0) ** (1.0 / ppy)
    after = {"retention": firm(r_up, m, A), "margin": firm(r, m * (1.0 + change), A),
             "acquisition_cost": firm(r, m, A * (1.0 - change))}
    rows = [{"lever": k, "change": change, "value_before": v0, "value_after": val,
             "value_change": val / v0 - 1.0, "reported": GUPTA_LEHMANN_REPORTED[k]}
            for k, val in after.items()]
    out = pd.DataFrame(rows).set_index("lever")
    out.attrs.update(new_customers_per_year=N, acquisition_cost=A, discount=d,
                     capped=int(np.sum(R * (1.0 + change) > 1.0)))
    return out
