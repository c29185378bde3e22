"""The tobacco-retail world: licensed retailers ordering cigarettes weekly (卷烟零售客户).

The tobacco company (烟草公司, the monopoly wholesaler) sells to licensed retailers, who order
once per weekly order cycle by phone or online. Nobody signs a contract for next week: a
retailer orders or does not, and one day it stops for good (its business closes and the
licence is handed back). That is the *non-contractual* setting of the course (客户迁移), the
one BG/NBD and Gamma-Gamma are built for (Fader, Hardie & Lee 2005).

Who the retailers are
---------------------
The Chengdu tobacco bureau's article on retail-customer management (seed 002) first splits
retailers by retail format (经营业态) into three classes, then scores each on contribution
(贡献度), law-abiding (守法度), integrity (诚信度) and influence (影响度), distinguishing urban
and rural (区别城乡). The generator follows that order:

=======================  ==========================  ======================================
format                   format_class (= segment)    why
=======================  ==========================  ======================================
supermarket_chain        supermarket_department      超市连锁
department_store         supermarket_department      百货商场
catering_entertainment   catering_leisure            餐饮娱乐
leisure_resort           catering_leisure            休闲度假
grocery                  grocery_convenience         干杂零售 (食杂店)
convenience_store        grocery_convenience         便利小店
tobacco_liquor_shop      grocery_convenience         烟酒店: a small counter shop; the article
                                                     names no class for it, and by size and
                                                     way of trading it sits with grocery and
                                                     convenience stores
=======================  ==========================  ======================================

Format shares, the urban share, price tilts and the per-format multipliers are modelling
choices (practice varies by province; see :data:`FORMAT_TABLE` and ``tobacco_params()``).

The process (exactly what the code does)
----------------------------------------
For retailer i (all draws independent across retailers):

1. Latent scores, standard normal: business size ``z_size``, law-abiding ``z_comp``,
   integrity ``z_int``, location ``z_loc``. True scores in [0, 1] are Φ(z)
   (``true_compliance``, ``true_integrity``; influence z_inf = w·z_size + √(1 − w²)·z_loc,
   w = ``influence_size_loading``, 0.5).
2. Order intensity λ_i = F_f · F_rural · G_i with G_i ~ Gamma(shape r, rate α) (drawn by the
   inverse CDF from z_freq = ρ·z_size + √(1−ρ²)·e, ρ = ``value_frequency_correlation``,
   0 by default, so G_i is exactly Gamma(r, α) and independent of spend). F_f is the
   format's multiplier raised to ``format_effect``, F_rural = ``rural_order_factor`` for
   rural retailers. While its licence is open, the retailer orders in a week with probability
   q_i = 1 − exp(−λ_i) (at least one ordering occasion of a Poisson(λ_i) stream; the company
   takes one order per retailer per weekly cycle). q_i is ``true_order_rate``: expected orders
   per active week.
3. Dropout: after each order the licence closes with probability p_i ~ Beta(a, b) (drawn by
   the inverse CDF from z_drop = −ρ_c·z_comp + √(1−ρ_c²)·e, so p_i is exactly Beta(a, b)
   but retailers with violations close more often; ρ_c = ``compliance_dropout_correlation``).
   The order during which it closes is delivered; no order follows. So the number of orders
   until closure is geometric: K_i ~ Geometric(p_i) on {1, 2, …}.
4. Spend (Gamma-Gamma): ν_i ~ Gamma(shape q, rate γ) (inverse CDF of z_size: bigger
   businesses have smaller ν, larger orders; at ``concentration`` c ≠ 1, q and γ become
   q_c = 1 + (q − 1)/c² and γ_c = γ·(q_c − 1)/(q − 1), same mean order value). Expected
   order value at week t: V_i(t) = V∞_i − (V∞_i − V0_i)·ρ_g^t with V0_i = M_f · M_rural · p/ν_i and
   V∞_i = V0_i · exp(η_i), η_i ~ Normal(``growth_mean``, ``growth_sd``) (+``new_licence_growth``
   for a licence issued during the year): the business moves toward its potential with
   weekly persistence ρ_g = exp(−1/(52·``growth_time_years``)). The value of an order is
   V_i(t)/p · Gamma(p, 1), i.e. Gamma(shape p, rate p/V_i(t)): the Gamma-Gamma model's order
   value, with ν drifting slowly when the business grows.
5. Price classes: each retailer has a carton mix w_i (shares of cartons in classes 1..5),
   Dirichlet(κ·w̄_i) around a mean whose class 1–2 share is ``premium_share_urban`` or
   ``premium_share_rural`` tilted by format and size, the rest split 52 : 31 : 17 over classes
   3, 4, 5; and an average allocation price per carton in each class, inside the class band
   (:data:`PRICE_BANDS`). An order of value V has cartons_c = stochastic rounding of
   V · w_ic / Σ_k w_ik·price_ik (floor(x + U), U uniform, so E[cartons_c·price_c] = V·σ_ic with
   σ the value shares). Revenue = Σ cartons_c · price_c (RMB, cents). An order whose rounding
   leaves no carton gets one carton of its largest class (a handful per 100,000 orders;
   ignored by the true values).
6. Margin of an order = Σ cartons_c · price_c · m_c (rounded to the cent, half up) − delivery
   cost, m_c the gross-margin rate of class c (:data:`MARGIN_RATES`); delivery cost per order
   ``delivery_cost_urban`` / ``delivery_cost_rural``. Money is computed in whole cents with
   integers, so the files are the same on every machine. Expected margin per order:
   μ_i·V − c_i with μ_i = Σ_c σ_ic·m_c (``true_margin_rate``).

Observed profile columns are noisy readings of the latent scores (foot traffic and location
score of z_inf; licence violations, Poisson in z_comp; late payments and audited order
honesty in z_int; scale large/medium/small within the format from z_size plus noise). Every
weight of these readings and of the price positions is a parameter with its stated
assumption (``traffic_influence_loading``, ``violation_compliance_loading``,
``e_settlement_concentration``, …; see ``tobacco_params().describe()``).

True values (``base.truth``), "now" = the end of week T (the last week observed)
-----------------------------------------------------------------------------------
* ``true_order_rate`` q_i, ``true_dropout`` p_i, ``true_order_value`` V_i(T),
  ``true_margin`` = q_i·(μ_i·V_i(T) − c_i): expected margin per week while the licence is open.
* ``true_growth`` = V_i(T+52)/V_i(T) − 1: expected growth of order value (and gross margin)
  over the next year.
* ``true_clv``: expected discounted margin of all future weeks T+1, T+2, …; margin of week T+k
  is received at the end of that week and discounted by δ^k, δ = (1+d)^(−1/52), d =
  ``discount_rate`` (effective annual). Open at week T, the licence is still open at the start
  of week T+k with probability s^(k−1), s = 1 − q·p. With D = V∞ − V(T):

      CLV = Σ_{k≥1} δ^k s^(k−1) q (μ(V∞ − D·ρ_g^k) − c)
          = q(μV∞ − c)·δ/(1 − δs) − qμD·δρ_g/(1 − δρ_g s)

  and 0 for a retailer whose licence has already closed (``true_alive`` False).
* ``true_tier``: key (top 10 % by true_clv), normal (next 30 %), small (rest).

Elastic customers (弹性客户, seed 003): the customers table also has the readings of the
seed's six traits in retail terms — ``cost_to_serve`` (visits, terminal, training per week,
not in the order margin), ``growth_outlook``, ``risk_sharing``, ``price_sensitivity``,
``innovator``, ``market_influence`` — and the truth the definition behind them
(``true_net_margin``, ``true_net_clv``, ``true_implicit_value``, ``true_elastic``, …; see
:mod:`casekit.generate._tobacco_traits`), all drawn from their own stream ``traits``.

How it is computed: the profile (steps 1–5, module ``_tobacco_profile``) is drawn for all
retailers at once, one named random stream per component (``format``, ``region``, ``latent``,
``frequency``, ``dropout``, …), so a new column never changes the others. Orders are
simulated in blocks of 32,768 retailers with streams ``orders/<block>`` (pass 1: which weeks
each retailer orders, a boolean table; the activity size is then known) and
``order_values/<block>`` (pass 2: values and cartons, written straight into the preallocated
activity columns). Nothing loops over rows; 1,000,000 retailers × 52 weeks take about a
minute and 2 GB.

A note for chapter 06: the BG/NBD model assumes Poisson purchasing in continuous time; here
a retailer orders at most once a week. Fitted to this data, BG/NBD's purchase rate estimates
the weekly order probability q (``true_order_rate``), not the latent intensity λ.

Sources: price-class bands and "class 3 sells most, then class 4; urban stores sell more class
1–2" from the course's domain brief (figures from practice, weakly sourced); the weekly order
cycle from the Chengdu article (seed 002); every other number is a stated modelling choice.

Example
-------
>>> import casekit as ck
>>> base = ck.tobacco(retailers=300, weeks=26, seed=1)
>>> base.params.period_unit
'week'
>>> sorted(base.customers["format_class"].cat.categories)
['catering_leisure', 'grocery_convenience', 'supermarket_department']
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase, Params, register_world
from ._draws import categorical, value_tiers
from ._draws import progress as _progress_bar
from .limits import (MAX_CUSTOMERS, MAX_PERIODS, check_memory, check_params, check_seed,
                     check_shares_sum, check_size)
from . import _tobacco_periods as _weeks
from . import _tobacco_traits as _traits
from .tobacco_spec import (  # noqa: F401  (codes, tables and constants of the world)
    WORLD, WEEKS_PER_YEAR, TOBACCO_FORMATS, TOBACCO_CLASSES, FORMAT_TO_CLASS, _FORMAT_TO_CLASS,
    FORMAT_TABLE, _FT, PRICE_BANDS, MARGIN_BP, _MARGIN_BP, MARGIN_RATES, _LOW_SPLIT,
    _HIGH_SPLIT, _URBAN_DISTRICTS, _RURAL_DISTRICTS, _DISTRICTS, _URBAN_W, _RURAL_W,
    _HONESTY_AUDITS, _WEAK, _SERVICE, _RESPONSE, _TRUTH_DECIMALS, _SHARE_NAMES, _PARAMS,
    _CUSTOMER_COLUMNS, _ACTIVITY_COLUMNS, _TRUTH_COLUMNS, _cat)
from ._tobacco_periods import simulate_weeks  # noqa: F401  (used by play_forward)
from ._tobacco_profile import profile  # steps 1–5; play_forward reads it from here too

__all__ = ["tobacco", "tobacco_params", "TOBACCO_FORMATS", "TOBACCO_CLASSES"]

register_world(WORLD, period_unit="week", params=_PARAMS,
               columns={"customers": _CUSTOMER_COLUMNS, "activity": _ACTIVITY_COLUMNS,
                        "truth": _TRUTH_COLUMNS})


def tobacco_params(retailers: int = 1500, weeks: int = 52, seed: int = 0,
                   **params: Any) -> Params:
    """The parameters of a tobacco world: defaults, overridden by ``params``, validated.

    ``tobacco_params().describe()`` is the documented table (value, unit, meaning, source).

    Parameters
    ----------
    retailers, weeks : int
        Number of retailers and of weeks observed.
    seed : int
        Random seed (a whole number ≥ 0).
    **params
        Any documented parameter (``tobacco_params().describe()``); an unknown name raises
        ``TypeError`` listing the allowed ones, a value out of range ``ValueError`` naming
        the parameter, the value and the range.

    Returns
    -------
    Params
        Every parameter of the world (defaults where not given), with ``world``, ``seed``,
        ``size``, ``periods`` and ``period_unit``.

    References
    ----------
    Each default's source or stated assumption is its ``source`` in ``describe()``; the
    profile weights (issue 16) and the elastic-customer traits (seed 003) are stated
    assumptions.

    >>> p = tobacco_params()
    >>> p.discount_rate, p.period_unit
    (0.1, 'week')
    """
    retailers = check_size("retailers", retailers, high=MAX_CUSTOMERS)
    weeks = check_size("weeks", weeks, high=MAX_PERIODS)
    check_memory(WORLD, retailers, weeks, "retailers", "weeks")
    seed = check_seed(seed)
    values = check_params(_PARAMS, params, world=WORLD)
    check_shares_sum(values, _SHARE_NAMES)
    return Params(world=WORLD, seed=seed, size=retailers, periods=weeks, period_unit="week",
                  values=values)


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


def _value_at(prof: dict[str, np.ndarray], t) -> np.ndarray:
    """Expected order value V(t) = V∞ − (V∞ − V0)·ρ_g^t."""
    v_inf, v0 = prof["v_inf"], prof["v0"]
    return v_inf - (v_inf - v0) * prof["rho_g"] ** t


def tobacco(retailers: int = 1500, weeks: int = 52, seed: int = 0, progress: bool = False,
            **params: Any) -> CustomerBase:
    """A synthetic tobacco-retail customer base: licensed retailers ordering weekly.

    Non-contractual process (see the module docstring for every step): while its licence is
    open a retailer orders in a week with probability q = 1 − exp(−λ), λ ~ Gamma(r, α) times
    format and rural factors; after each order the licence closes with probability
    p ~ Beta(a, b); order value ~ Gamma(p_s, ν/·), ν ~ Gamma(q_s, γ) (Gamma-Gamma, Fader,
    Hardie & Lee 2005), split into cartons of price classes 1–5.

    Parameters
    ----------
    retailers, weeks : int
        Number of retailers and of weeks observed (period unit "week").
    seed : int
        Same seed and parameters → byte-identical tables, in any process.
    progress : bool
        Show a tqdm progress bar (useful from 100,000 retailers on).
    **params
        Any parameter of :func:`tobacco_params` (``tobacco_params().describe()``).

    Returns
    -------
    CustomerBase with ``customers``, ``activity`` (one row per retailer-week ordered) and
    ``truth`` (see ``base.datasheet()``).

    >>> base = tobacco(retailers=200, weeks=12, seed=3)
    >>> len(base.customers), int(base.activity["period"].max()) <= 12
    (200, True)
    """
    if not isinstance(progress, bool):
        raise TypeError(f"progress={progress!r}: expected True or False")
    prm = tobacco_params(retailers, weeks, seed, **params)
    v, n, T, seed = prm.values, prm.size, prm.periods, prm.seed
    with _progress_bar(progress, 2 * (-(-n // _weeks._BLOCK)) + 2, "tobacco") as bar:
        prof = profile(prm)
        bar.update()
        sim = _weeks.simulate_weeks(prof, seed, 0, T, np.ones(n, dtype=bool), _MARGIN_BP,
                                    activity_dtypes(), bar=bar)
        base = assemble(prm, prof, sim["frame"], sim["drop_week"], sim["late"])
        bar.update()
    return base


def activity_dtypes() -> dict[str, Any]:
    """The activity columns and their dtypes.

    Returns
    -------
    dict
        Column name → pandas/numpy dtype, in the order of the datasheet.
    """
    return {c.name: c.pandas_dtype() for c in _ACTIVITY_COLUMNS}


def assemble(prm: Params, prof: dict[str, np.ndarray], activity: pd.DataFrame,
              drop_week: np.ndarray, late: np.ndarray) -> CustomerBase:
    """The CustomerBase of weeks 1..prm.periods from a profile and its simulated weeks.

    Parameters
    ----------
    prm : Params
        The world's parameters (``prm.periods`` = T, the last observed week).
    prof : dict
        The profile of :func:`profile` (latent scores, rates, value path, traits).
    activity : DataFrame
        The activity rows of weeks 1..T, sorted by retailer.
    drop_week : array
        Per retailer, the week of the order after which its licence closed; 0 = open at T.
    late : array
        Per retailer, the orders paid late in weeks 1..T.

    Returns
    -------
    CustomerBase
        ``customers`` (profile and summaries), ``activity`` and ``truth`` at week T.

    References
    ----------
    The true CLV is the closed form of the module docstring (a geometric sum over the weeks
    the licence stays open); the elastic-customer truth follows seed 003 as documented in
    :mod:`casekit.generate._tobacco_traits`.
    """
    v, n, T = prm.values, prm.size, prm.periods
    sm = _weeks.summaries(activity, n)
    orders, tot_rev, tot_mar, tot_cart = sm["orders"], sm["tot_rev"], sm["tot_mar"], sm["tot_cart"]
    first, last = sm["first"], sm["last"]
    drop_week = np.asarray(drop_week, dtype=np.int16)
    alive = drop_week == 0
    licence_closed = (~alive) & (drop_week.astype(np.int64) + prof["lag"] <= T)
    late = np.asarray(late).astype(np.int16)

    fmt = prof["fmt"]
    cls = _FORMAT_TO_CLASS[fmt]
    customers = pd.DataFrame({
        "customer_id": np.arange(n, dtype=np.int32),
        "segment": categorical(cls, TOBACCO_CLASSES),
        "format": categorical(fmt, TOBACCO_FORMATS),
        "format_class": categorical(cls, TOBACCO_CLASSES),
        "region": categorical(np.where(prof["urban"], 0, 1).astype(np.int8),
                              ("urban", "rural")),
        "district": categorical(prof["district"], _DISTRICTS),
        "account_manager": prof["manager"],
        "scale": categorical(prof["scale"], ("small", "medium", "large"), ordered=True),
        "licensed_week": prof["licensed_week"],
        "foot_traffic": prof["traffic"],
        "location_score": prof["loc_score"],
        "licence_violations": prof["violations"],
        "late_payments": late,
        "order_honesty": prof["honesty"],
        "e_settlement_share": prof["esettle"],
        **{f"price_class{c + 1}": prof["price"][:, c] for c in range(5)},
        "orders": orders.astype(np.int16),
        "total_cartons": tot_cart,
        "total_revenue": tot_rev,
        "total_margin": tot_mar,
        "first_order_week": first,
        "last_order_week": last,
        "licence_closed": licence_closed,
        **{c.name: prof[c.name] for c in _traits.CUSTOMER_COLUMNS},
    })

    # truth ------------------------------------------------------------------------------------
    q, p = prof["q"], prof["p"]
    mu, c = prof["margin_rate"], prof["delivery"]
    rho_g = float(prof["rho_g"])
    v_T = _value_at(prof, T)
    v_next_year = _value_at(prof, T + WEEKS_PER_YEAR)
    v_inf = prof["v_inf"]
    delta = (1.0 + v["discount_rate"]) ** (-1.0 / WEEKS_PER_YEAR)
    s = 1.0 - q * p
    gap = v_inf - v_T
    clv = (q * (mu * v_inf - c) * delta / (1.0 - delta * s)
           - q * mu * gap * delta * rho_g / (1.0 - delta * rho_g * s))
    clv = np.round(np.where(alive, clv, 0.0), 2) + 0.0              # + 0.0: no −0.0
    rate = lambda x: np.round(x, _TRUTH_DECIMALS) + 0.0  # noqa: E731
    cents = lambda x: np.round(x, 2) + 0.0  # noqa: E731
    truth = pd.DataFrame({
        "customer_id": np.arange(n, dtype=np.int32),
        "true_order_rate": q,
        "true_dropout": p,
        "true_order_value": cents(v_T),
        "true_order_value_potential": v_inf,
        "true_margin_rate": mu,
        "true_margin": cents(q * (mu * v_T - c)),
        "true_potential_margin": cents(q * (mu * v_inf - c)),
        "true_growth": rate(v_next_year / v_T - 1.0),
        "true_clv": clv,
        "true_tier": value_tiers(clv),
        "true_alive": alive,
        "true_dropout_week": drop_week,
        "true_compliance": rate(prof["compliance"]),
        "true_integrity": rate(prof["integrity"]),
        "true_influence": rate(prof["influence"]),
        **_traits.elastic_truth(prof, v, alive, weekly_margin=q * (mu * v_T - c),
                                gross_week=q * mu * v_T, sales_week=q * v_T, clv=clv,
                                annuity=np.where(alive, delta / (1.0 - delta * s), 0.0)),
    })
    return CustomerBase(customers, activity, truth, prm)
