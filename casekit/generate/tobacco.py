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
   (``true_compliance``, ``true_integrity``; influence z_inf = 0.5·z_size + 0.866·z_loc).
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
honesty in z_int; scale large/medium/small within the format from z_size plus noise).

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

How it is computed: the profile (steps 1–5) is drawn for all retailers at once, one named
random stream per component (``format``, ``region``, ``latent``, ``frequency``, ``dropout``,
…), so a new column never changes the others. Orders are simulated in blocks of 32,768
retailers with streams ``orders/<block>`` (pass 1: which weeks each retailer orders, a
boolean table; the activity size is then known) and ``order_values/<block>`` (pass 2: values
and cartons, written straight into the preallocated activity columns). Nothing loops over
rows; 1,000,000 retailers × 52 weeks take about a minute and 2 GB.

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

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special

from ..base import CustomerBase, Params, register_world
from ._draws import categorical, stream, value_tiers
from ._draws import progress as _progress_bar
from .limits import (MAX_CUSTOMERS, MAX_PERIODS, check_memory, check_params, check_seed,
                     check_shares_sum, check_size)
from . import _tobacco_periods as _weeks
from .tobacco_spec import (  # noqa: F401  (codes, tables and constants of the world)
    WORLD, WEEKS_PER_YEAR, TOBACCO_FORMATS, TOBACCO_CLASSES, FORMAT_TO_CLASS, _FORMAT_TO_CLASS,
    FORMAT_TABLE, _FT, PRICE_BANDS, MARGIN_BP, _MARGIN_BP, MARGIN_RATES, _LOW_SPLIT,
    _HIGH_SPLIT, _URBAN_DISTRICTS, _RURAL_DISTRICTS, _DISTRICTS, _URBAN_W, _RURAL_W,
    _HONESTY_AUDITS, _WEAK, _SERVICE, _RESPONSE, _TRUTH_DECIMALS, _SHARE_NAMES, _PARAMS,
    _CUSTOMER_COLUMNS, _ACTIVITY_COLUMNS, _TRUTH_COLUMNS, _cat)
from ._tobacco_periods import simulate_weeks  # noqa: F401  (used by play_forward)

__all__ = ["tobacco", "tobacco_params", "TOBACCO_FORMATS", "TOBACCO_CLASSES"]

register_world(WORLD, period_unit="week", params=_PARAMS,
               columns={"customers": _CUSTOMER_COLUMNS, "activity": _ACTIVITY_COLUMNS,
                        "truth": _TRUTH_COLUMNS})


def tobacco_params(retailers: int = 1500, weeks: int = 52, seed: int = 0,
                   **params: Any) -> Params:
    """The parameters of a tobacco world: defaults, overridden by ``params``, validated.

    ``tobacco_params().describe()`` is the documented table (value, unit, meaning, source).

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


def _expit(x):
    return special.expit(x)


def _urban_offset(shares: np.ndarray, shifts: np.ndarray, target: float) -> float:
    """b such that Σ_f share_f · expit(b + shift_f) = target (the expected urban share)."""
    if target <= 0.0:
        return -np.inf
    if target >= 1.0:
        return np.inf
    target = min(max(target, 1e-12), 1.0 - 1e-12)   # beyond: no retailer in a lifetime
    f = lambda b: math.fsum(shares * _expit(b + shifts)) - target  # noqa: E731
    centre = float(special.logit(target))          # each term < target below, > above
    return float(optimize.brentq(f, centre - shifts.max() - 1.0, centre - shifts.min() + 1.0,
                                 xtol=1e-14))


def _rowsum(a: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Σ_c a[:, c]·w_c, added one column at a time in a fixed order.

    Not ``a @ w``: a BLAS dot product may add in a different order on another CPU, and the
    last bit of a float would then differ between machines (the datasets must not).
    """
    out = a[:, 0] * weights[0] if weights is not None else a[:, 0].copy()
    for c in range(1, a.shape[1]):
        out += a[:, c] * weights[c] if weights is not None else a[:, c]
    return out


def _rank_within(groups: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position (0-based) of each element within its group when sorted by key; group sizes."""
    order = np.lexsort((key, groups))
    g_sorted = groups[order]
    counts = np.bincount(groups, minlength=int(groups.max()) + 1 if groups.size else 0)
    starts = np.cumsum(counts) - counts
    pos = np.empty(groups.size, dtype=np.int64)
    pos[order] = np.arange(groups.size) - starts[g_sorted]
    return pos, counts


def _profile(n: int, v: dict[str, Any], seed: int) -> dict[str, np.ndarray]:
    """Everything about a retailer that does not depend on its orders (nor on the number of
    weeks observed)."""
    out: dict[str, np.ndarray] = {}
    fe = v["format_effect"]

    # format and region -------------------------------------------------------------------
    others = np.array([v[s] for s in _SHARE_NAMES])
    shares = np.array([others[0], others[1], others[2], others[3], 1.0 - math.fsum(others),
                       others[4], others[5]])
    shares = np.clip(shares, 0.0, 1.0)
    cum = np.cumsum(shares)
    cum /= cum[-1]
    fmt = np.minimum(np.searchsorted(cum, stream(seed, "format").random(n), side="right"),
                     6).astype(np.int8)
    b = _urban_offset(shares, _FT[:, 0], v["urban_share"])
    p_urban = _expit(b + _FT[fmt, 0])
    urban = stream(seed, "region").random(n) < p_urban
    u = stream(seed, "district").random(n)
    d_urban = np.searchsorted(np.cumsum(_URBAN_W), u * _URBAN_W.sum(), side="right")
    d_rural = np.searchsorted(np.cumsum(_RURAL_W), u * _RURAL_W.sum(), side="right")
    district = np.where(urban, np.minimum(d_urban, 5),
                        len(_URBAN_DISTRICTS) + np.minimum(d_rural, 4)).astype(np.int8)
    # account managers: within a district, retailers in random order, per_manager each
    pos, counts = _rank_within(district.astype(np.int64), stream(seed, "manager").random(n))
    per = v["retailers_per_manager"]
    managers = -(-counts // per)                              # ceil
    first_id = np.cumsum(managers) - managers + 1
    manager = (first_id[district] + pos // per).astype(np.int32)

    # latent scores -------------------------------------------------------------------------
    lat = stream(seed, "latent").standard_normal((n, 4))
    z_size, z_comp, z_int, z_loc = lat.T
    z_inf = 0.5 * z_size + np.sqrt(0.75) * z_loc

    # new licences --------------------------------------------------------------------------
    rng = stream(seed, "licence")
    is_new = rng.random(n) < v["new_licence_share"]
    week_new = rng.integers(2, v["new_licence_weeks"] + 2, size=n)
    licensed_week = np.where(is_new, week_new, 0).astype(np.int16)

    # order intensity λ and order probability q ---------------------------------------------
    rho = v["value_frequency_correlation"]
    e = stream(seed, "frequency").standard_normal(n)
    z_freq = rho * z_size + np.sqrt(1.0 - rho * rho) * e
    g = special.gammainccinv(v["order_r"], special.ndtr(-z_freq)) / v["order_alpha"]
    lam = g * _FT[fmt, 1] ** fe * np.where(urban, 1.0, v["rural_order_factor"])
    q = np.round(-np.expm1(-lam), _TRUTH_DECIMALS)     # the saved truth is the value used

    # dropout p and the number of orders until closure K -----------------------------------
    rc = v["compliance_dropout_correlation"]
    rng = stream(seed, "dropout")
    z_drop = -rc * z_comp + np.sqrt(1.0 - rc * rc) * rng.standard_normal(n)
    p = special.betaincinv(v["dropout_a"], v["dropout_b"], special.ndtr(z_drop))
    p = np.clip(np.round(p, _TRUTH_DECIMALS), 10.0 ** -_TRUTH_DECIMALS, 1.0)
    lag = stream(seed, "closure").geometric(1.0 / (1.0 + v["closure_record_lag"]), n) - 1

    # spend ν and value path V(t) ------------------------------------------------------------
    q_c, gamma_c = _spend_heterogeneity(v)
    if np.isinf(q_c):                                  # concentration 0: ν at its limit
        nu = np.full(n, (v["spend_q"] - 1.0) / v["spend_gamma"])
    else:
        nu = special.gammainccinv(q_c, special.ndtr(z_size)) / gamma_c
    v0 = (v["spend_p"] / nu) * _FT[fmt, 2] ** fe * np.where(urban, 1.0,
                                                             v["rural_value_factor"])
    eta = (v["growth_mean"] + v["growth_sd"] * stream(seed, "growth").standard_normal(n)
           + v["new_licence_growth"] * is_new)
    v_inf = np.round(v0 * np.exp(eta), 2)
    v0 = np.round(v0, 2)
    rho_g = float(np.exp(-1.0 / (WEEKS_PER_YEAR * v["growth_time_years"])))

    # carton mix and prices -----------------------------------------------------------------
    prem = np.where(urban, v["premium_share_urban"], v["premium_share_rural"])
    with np.errstate(divide="ignore"):
        logit = special.logit(prem)
    pi = _expit(logit + fe * _FT[fmt, 3] + 0.3 * z_size)
    base_mix = np.column_stack([pi[:, None] * _HIGH_SPLIT, (1.0 - pi)[:, None] * _LOW_SPLIT])
    rng = stream(seed, "mix")
    shape = v["mix_concentration"] * base_mix
    gam = np.where(shape > 0, rng.standard_gamma(np.maximum(shape, 1e-300)), 0.0)
    tot = _rowsum(gam)[:, None]
    mix = np.where(tot > 0, gam / np.where(tot > 0, tot, 1.0), base_mix)
    rng = stream(seed, "prices")
    lo = np.array([b_[0] for b_ in PRICE_BANDS])
    hi = np.array([b_[1] for b_ in PRICE_BANDS])
    z_price = (0.4 * (urban - 0.5)[:, None] + 0.3 * z_size[:, None]
               + 0.5 * _FT[fmt, 3][:, None] + 0.7 * rng.standard_normal((n, 5))
               + np.array([-0.8, 0.0, 0.0, 0.0, 0.0]))
    price = np.round(lo + (hi - lo) * special.ndtr(z_price), 2)
    price = np.clip(price, lo, hi - 0.01)
    avg_price = _rowsum(mix * price)                             # RMB per carton in the mix
    value_share = mix * price / avg_price[:, None]
    margin_rate = np.round(_rowsum(value_share, MARGIN_RATES), _TRUTH_DECIMALS)
    delivery = np.where(urban, v["delivery_cost_urban"], v["delivery_cost_rural"])

    # observed profile --------------------------------------------------------------------
    rng = stream(seed, "scale")
    z_obs = z_size + 0.5 * rng.standard_normal(n)
    pos_s, counts_s = _rank_within(fmt.astype(np.int64), -z_obs)    # 0 = biggest
    frac = pos_s / np.maximum(counts_s[fmt], 1)
    scale = np.where(frac < 0.2, 2, np.where(frac < 0.6, 1, 0)).astype(np.int8)

    rng = stream(seed, "traffic")
    log_t = (np.log(_FT[fmt, 5]) + np.where(urban, 0.3, -0.4) + 0.6 * z_inf
             + 0.3 * rng.standard_normal(n))
    traffic = np.round(np.exp(log_t)).astype(np.int32)
    loc_score = np.clip(np.round(100 * special.ndtr(0.9 * z_inf + 0.436 *
                                                    rng.standard_normal(n))), 0, 100)

    rate_v = (3.0 * v["violation_rate"] * _FT[fmt, 4] * np.exp(-0.8 * z_comp - 0.32))
    violations = np.minimum(stream(seed, "violations").poisson(rate_v), 127).astype(np.int8)

    rng = stream(seed, "honesty")
    h = np.clip(1.0 - (1.0 - v["order_honesty_mean"]) * np.exp(-0.8 * z_int - 0.32), 0, 1)
    honesty = (rng.binomial(_HONESTY_AUDITS, h) / _HONESTY_AUDITS).astype(np.float32)
    late_p = np.clip(v["late_payment_rate"] * np.exp(-0.9 * z_int - 0.405), 0.0, 1.0)

    rng = stream(seed, "e_settlement")
    m_e = _expit(special.logit(np.where(urban, v["e_settlement_urban"],
                                        v["e_settlement_rural"])) + _FT[fmt, 6])
    esettle = rng.beta(m_e * 10.0, (1.0 - m_e) * 10.0).round(4).astype(np.float32)

    out.update(fmt=fmt, urban=urban, district=district, manager=manager, scale=scale,
               licensed_week=licensed_week, q=q, p=p, lag=lag, v0=v0,
               v_inf=v_inf, rho_g=np.float64(rho_g), mix=mix, price=price,
               avg_price=avg_price, margin_rate=margin_rate, delivery=delivery,
               traffic=traffic, loc_score=loc_score.astype(np.int8), violations=violations,
               honesty=honesty, late_p=late_p, esettle=esettle,
               compliance=special.ndtr(z_comp), integrity=special.ndtr(z_int),
               influence=special.ndtr(z_inf))
    return out


def _spend_heterogeneity(v: dict[str, Any]) -> tuple[float, float]:
    """(q_c, γ_c): the Gamma(q, γ) of ν at the chosen concentration c (mean p/ν kept)."""
    q, gamma, c = v["spend_q"], v["spend_gamma"], v["concentration"]
    if c == 1.0:
        return q, gamma
    if c == 0.0:
        return np.inf, np.inf
    q_c = 1.0 + (q - 1.0) / (c * c)
    return q_c, gamma * (q_c - 1.0) / (q - 1.0)


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
    """The activity columns and their numpy dtypes."""
    return {c.name: c.pandas_dtype() for c in _ACTIVITY_COLUMNS}


def profile(prm: Params) -> dict[str, Any]:
    """The latent profile of every retailer of the world ``prm`` plus the derived arrays the
    weekly simulation reads (no week is simulated). Independent of the number of weeks, so
    ``play_forward`` rebuilds it from ``base.params`` to continue a base."""
    v, n = prm.values, prm.size
    prof = _profile(n, v, prm.seed)
    prof["spend_p"] = v["spend_p"]
    prof["v_gap0"] = prof["v_inf"] - prof["v0"]
    per_rmb = prof["mix"] / prof["avg_price"][:, None]          # cartons per RMB by class
    prof["cartons_per_rmb_T"] = np.ascontiguousarray(per_rmb.T)
    prof["price_cents_T"] = np.ascontiguousarray(
        np.round(prof["price"] * 100).astype(np.int64).T)
    prof["delivery_cents"] = np.round(prof["delivery"] * 100).astype(np.int64)
    return prof


def assemble(prm: Params, prof: dict[str, np.ndarray], activity: pd.DataFrame,
              drop_week: np.ndarray, late: np.ndarray) -> CustomerBase:
    """The CustomerBase of weeks 1..prm.periods: profile, the activity rows, the week each
    licence closed (0 = open at the end) and the late-paid orders per retailer."""
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
    })
    return CustomerBase(customers, activity, truth, prm)
