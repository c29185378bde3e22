"""The telecom world (电信大客户): a contractual customer base billed monthly.

Three segments share one network: **key accounts** (政企大客户 — government and enterprise
accounts with an account manager and tens to thousands of lines), **SMEs** (中小企业) and
**consumers** (个人客户, postpaid or prepaid, 1–3 lines). Each customer is observed for
``months`` months from period 1; customers leave (churn) along the way and nobody joins after
period 1 (customers with ``tenure_months == 0`` are the cohort that joined in period 1).

The story, in the order the generator draws it
----------------------------------------------
1. **Profile** — segment, plan, region, industry (accounts) and its growth, lines (consumers
   1–3; SMEs lognormal; key accounts Pareto-tailed), list price per line (consumers: lognormal
   spend around the ARPU parameters), alternatives and switching cost, a negotiated discount
   for accounts (bargaining power: many lines, many alternatives and a low switching cost get a
   deeper discount), contract and months left, satisfaction, acquisition channel and cost,
   monthly cost to serve (key accounts carry an account manager; accounts also extract special
   services, see 4).
2. **Churn propensity** — each customer's base monthly churn θ is drawn from a Beta
   distribution (mean by segment/plan, shifted by satisfaction, alternatives and switching
   cost). Existing customers' tenure is drawn given θ (the churn-prone rarely reach long
   tenures, so cohort retention *rises* with tenure, as in the shifted-beta-geometric model of
   Fader & Hardie 2007); customers joining in period 1 draw θ from the acquisition mix
   Beta(a + 1, b), whose mean is higher.
3. **Each month while active** — complaints ~ Poisson(λ); the bill and usage scale with the
   customer's volume index (1 + g)^((t − 1)/12); at the end of month t the customer stays with
   probability

       r_t = (1 − θ · c_t) · s^K_t

   where c_t = ``contract_churn_factor`` while the contract still runs in month t + 1
   (t < contract_months_left), else 1, K_t the complaints of month t, and s = 1 − the chance a
   complaint makes the customer leave (``complaint_churn``; ×0.3 for SMEs, ×0.1 for key
   accounts). Prepaid consumers have no contract and a higher θ.
4. **Margin** of a month = revenue − service_cost − cost_to_serve, with service_cost =
   data_gb · cost_per_gb + voice_minutes · cost_per_minute + lines · line_cost + complaints ·
   complaint_cost. Customers with small bills, many complaints or an account manager out of
   proportion to their size lose money: the whale curve.

   Where the losses come from (calibrated, see the datasheet's targets: every base of 800+
   customers is profitable in total, ≈ 30 % of customers lose money, whale peak ≈ 140–150 %,
   key accounts as a group bring ≈ 70 % of the profit — seed 000: 客户利润率高 — while about
   a quarter of them lose money through bargaining power and cost to serve — seed 003).
   Many *small* loss-makers: consumers with a high cost to serve (lognormal
   ``care_cost_consumer``, σ ``care_cost_sigma``) or heavy data use on a flat bill, and SMEs
   and small key accounts whose special services and account manager cost more than their
   bill. Special services per line = ``account_service_cost`` × list price × bargaining
   factor (0–2) × (lines/10)^(β − 1) × min(M, ``account_service_cap``), M lognormal with mean
   1, β = ``account_service_elasticity``: per account the cost grows like lines^β (mostly a
   fixed effort per account) and the cap bounds the tail.
5. **Truth** (per customer, at the end of observation, month T): θ, λ, the retention of month
   T + 1, the expected margin of month T + 1, the growth rate g and the exact CLV of the
   future under this very process (see :func:`telecom` for the formula); the strategic traits
   of seeds 000 and 003 and their truth (:mod:`casekit.generate._telecom_traits`).

Every default, its unit and its source: ``telecom_params().describe()``. Every column:
``base.datasheet()``.

Example
-------
>>> import casekit as ck
>>> base = ck.telecom(customers=500, months=12, seed=1)
>>> base.customers["segment"].value_counts().index[0]
'consumer'
>>> bool((base.truth["true_clv"] >= base.truth["true_clv"].min()).all())
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase, Params, register_world
from . import _draws as dr
from . import _telecom_periods as _periods
from . import _telecom_traits as _traits
from ._telecom_customers import customers_frame
from .telecom_spec import (  # noqa: F401  (codes and constants of the world)
    WORLD, PERIOD_UNIT, SEGMENTS, KA, SME, CONSUMER, PLANS, REGIONS, CONTRACTS,
    CONTRACT_TERM, CHANNELS, INDUSTRIES, INDUSTRY_NAMES, CONSUMER_LINES_P, CONTRACT_P,
    CHANNEL_P, CHANNEL_COST, LINE_ACQ_COST, USAGE_GB, USAGE_MIN, SERVICE_REF_LINES,
    COMPLAINT_CHURN_SCALE, URBAN_LIFT, TRUTH_DECIMALS, PARAMS, COLUMNS, CALIBRATION)
from ._telecom_periods import month_rates, simulate_months  # noqa: F401  (play_forward)

__all__ = ["telecom", "telecom_params"]

register_world(WORLD, period_unit=PERIOD_UNIT, params=PARAMS, columns=COLUMNS,
               calibration=CALIBRATION)



# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def telecom_params(customers: int = 2000, months: int = 24, seed: int = 0, **params: Any
                   ) -> Params:
    """The telecom world's parameters (defaults unless given), documented.

    ``telecom_params().describe()`` is a table of every parameter with its value, unit,
    meaning and source ("Figures from practice" in the course's domain brief, or "modelling
    choice" where practice publishes nothing).

    Parameters
    ----------
    customers, months : int
        Number of customers and of months observed.
    seed : int
        The seed of every random draw.
    **params
        Overrides of the defaults, by name (unknown names raise ``TypeError``).

    Returns
    -------
    Params
        The checked parameters: size, periods, seed and every value.

    >>> p = telecom_params()
    >>> p.discount_rate, p.periods, p.period_unit
    (0.1, 24, 'month')
    """
    seed = dr.check_seed(seed)
    customers = dr.check_size("customers", customers, high=dr.MAX_CUSTOMERS)
    months = dr.check_size("months", months, high=dr.MAX_PERIODS)
    dr.check_memory(WORLD, customers, months, "customers", "months")
    values = dr.check_params(PARAMS, params, world=WORLD)
    dr.check_shares_sum(values, ["key_account_share", "sme_share"])
    return Params(world=WORLD, seed=seed, size=customers, periods=months,
                  period_unit=PERIOD_UNIT, values=values)


def telecom(customers: int = 2000, months: int = 24, seed: int = 0, progress: bool = False,
            **params: Any) -> CustomerBase:
    """A synthetic telecom customer base: ``customers`` customers observed for ``months`` months.

    Returns a :class:`casekit.CustomerBase` with ``customers`` (profile and observed
    summaries), ``activity`` (one row per customer-month while active) and ``truth`` (latent
    churn propensity, retention, margin, growth, CLV, tier). Keyword ``params`` override the
    defaults of :func:`telecom_params` (unknown names raise ``TypeError``). Same seed and
    params → identical data, in any process. ``progress=True`` shows a tqdm bar.

    True CLV (closed form, the generator's own process). Value at the end of month T of
    everything after it; month T+k's margin arrives at the end of that month; the customer is
    active in T+1::

        CLV = Σ_{k≥1} (G·v_k − F) · R_{k−1} · δ^k,     R_{k−1} = Π_{j=1}^{k−1} r_{T+j}

    with δ = (1 + discount_rate)^(−1/12), v_k = (1+g)^((min(T+k, T+12·growth_years) − 1)/12)
    the volume index, r_t = (1 − θ·c_t)·exp(−λ·p) (c_t = contract_churn_factor while
    t < contract_months_left, else 1). Every factor is geometric on at most three stretches
    (contract binding / growth lasting / neither), so the sum is exact
    (:func:`casekit.generate._draws.geometric_blocks_sum`); for constant m and r it reduces to
    the textbook m/(1 + d − r) (Fader & Hardie 2012, "Reconciling and clarifying CLV formulas").

    Parameters
    ----------
    customers, months, seed, **params
        As for :func:`telecom_params`.
    progress : bool
        Show a tqdm progress bar.

    Returns
    -------
    CustomerBase
        ``customers``, ``activity`` and ``truth`` (see ``base.datasheet()``).

    Example
    -------
    >>> base = telecom(customers=300, months=6, seed=3, prepaid_share=0.5)
    >>> len(base.customers), int(base.activity["period"].max())
    (300, 6)
    """
    p = telecom_params(customers, months, seed, **params)
    n, T = p.size, p.periods
    n_blocks = -(-n // _periods._BLOCK)
    with dr.progress(progress, 2 + n_blocks, "telecom") as bar:
        prof = profile(p)
        bar.update()
        sim = _periods.simulate_months(prof, p.values, p.seed, 0, T, np.ones(n, dtype=bool),
                                       bar=bar)
        base = assemble(p, prof, sim["frame"], sim["churn_month"])
        bar.update()
    return base


def profile(p: Params) -> dict[str, np.ndarray]:
    """The latent profile of every customer of the world ``p`` (no month is simulated).

    Drawn from the component streams of ``p.seed`` only, so it does not depend on the number
    of months: ``play_forward`` rebuilds it from ``base.params`` to continue a base.
    """
    return _profile(p.size, p.values, dr.streams(p.seed, _PROFILE_STREAMS))


#: Prospects are drawn in blocks of this many (block b from its own streams), so prospect j
#: is the same whatever number of prospects a plan looks at.
PROSPECT_BLOCK = 4096


def prospects(p: Params, block: int) -> dict[str, np.ndarray]:
    """Block ``block`` of the world's prospects: would-be customers not yet in the base.

    Drawn exactly like the base's own customers (same parameters, same story) but from the
    streams ``prospects/<block>/<component>`` and all as new joiners (``new_customer_share``
    = 1: tenure 0, the acquisition mix of churn propensity). Each prospect carries the
    acquisition channel that would find it and the cost of winning it (``channel``,
    ``acq_cost``): the kind of customer each channel brings (direct sales finds key accounts,
    stores and online find consumers).
    """
    v = dict(p.values, new_customer_share=1.0)
    names = {name: f"prospects/{block}/{name}" for name in _PROFILE_STREAMS}
    rng = {name: dr.stream(p.seed, full) for name, full in names.items()}
    return _profile(PROSPECT_BLOCK, v, rng)


def assemble(p: Params, prof: dict[str, np.ndarray], activity: pd.DataFrame,
             churn_month: np.ndarray) -> CustomerBase:
    """The CustomerBase of months 1..p.periods from the profile, the activity rows and each
    customer's churn month (0 = still a customer at the end of month p.periods)."""
    n, T = p.size, p.periods
    churn_month = np.asarray(churn_month, dtype=np.int16)
    months_active = np.bincount(activity["customer_id"].to_numpy(), minlength=n
                                ).astype(np.int16)
    sim = dict(churn_month=churn_month, months_active=months_active)
    act = _periods.summaries(activity, n)
    truth = _truth(prof, sim, n, T, p.values)
    customers = customers_frame(prof, sim, act, n)
    return CustomerBase(customers, activity, truth, p)


# --------------------------------------------------------------------------------------------
# 1. Profile
# --------------------------------------------------------------------------------------------


_PROFILE_STREAMS = ("segment", "plan", "region", "industry", "growth", "lines", "price",
                    "usage", "alternatives", "switching", "discount", "contract", "satisfaction",
                    "acquisition", "churn_propensity", "tenure", "new_customer", "service",
                    "care") + _traits.TRAIT_STREAMS


def _profile(n: int, v: dict[str, Any], rng: dict[str, np.random.Generator]
             ) -> dict[str, np.ndarray]:
    c = v["concentration"]
    ka_p, sme_p = v["key_account_share"], v["sme_share"]
    seg = dr.choose(rng["segment"], [ka_p, sme_p, 1.0 - ka_p - sme_p], n)
    is_ka, is_sme, is_con = seg == KA, seg == SME, seg == CONSUMER
    is_acc = ~is_con

    plan = np.where(is_con & (rng["plan"].random(n) < v["prepaid_share"]), 1, 0).astype(np.int8)
    prepaid = plan == 1

    urban_p = np.minimum(v["urban_share"] + URBAN_LIFT[seg], 1.0)
    rural = rng["region"].random(n) >= urban_p
    region = rural.astype(np.int8)

    # industry and growth
    w = np.array([[i[2] for i in INDUSTRIES], [i[3] for i in INDUSTRIES],
                  [1.0] + [0.0] * (len(INDUSTRIES) - 1)])
    industry = dr.choose(rng["industry"], w, groups=seg)
    ind_growth = np.array([i[1] for i in INDUSTRIES])[industry]
    ind_growth = np.where(is_con, v["consumer_market_growth"], ind_growth)
    g_rng = rng["growth"]
    z_g = g_rng.standard_normal(n)
    high = is_acc & (g_rng.random(n) < v["high_growth_share"])
    high_rate = g_rng.uniform(0.30, 0.90, n)
    growth = np.where(is_con, ind_growth + v["consumer_growth_sd"] * z_g,
                      ind_growth + v["account_growth_sd"] * z_g)
    growth = np.where(high, high_rate, growth)
    growth = np.maximum(growth, -0.5)
    # stored as float32 in customers; use that exact value everywhere
    ind_growth = ind_growth.astype(np.float32)

    # lines: consumers 1–3; SMEs lognormal; key accounts Pareto-tailed
    l_rng = rng["lines"]
    con_lines = dr.choose(l_rng, CONSUMER_LINES_P, n).astype(np.int64) + 1
    sme_lines = np.exp(np.log(v["sme_median_lines"]) + v["sme_lines_sigma"] * c
                       * l_rng.standard_normal(n))
    sme_lines = np.clip(np.round(sme_lines), 2, v["max_lines"])
    tail = v["key_account_tail_index"] / c if c > 0 else np.inf
    ka_lines = np.round(dr.pareto_tail(l_rng, v["key_account_min_lines"], tail, n,
                                       cap=v["max_lines"]))
    lines = np.where(is_ka, ka_lines, np.where(is_sme, sme_lines, con_lines))
    # fast growers start small: a third of the size (at least the segment's minimum)
    lines = np.where(high, np.maximum(np.round(lines / 3.0),
                                      np.where(is_ka, v["key_account_min_lines"], 2)), lines)
    lines = lines.astype(np.int32)
    lines_f = lines.astype(float)

    # list price per line: consumers spread around the ARPU parameter (mean-preserving
    # across regions), accounts around the list price
    rf = v["rural_price_factor"]
    us = v["urban_share"]
    urban_norm = 1.0 / (us + (1.0 - us) * rf)
    region_factor = np.where(rural, rf, 1.0) * urban_norm
    pr = rng["price"]
    con_arpu = np.where(prepaid, v["arpu_prepaid"], v["arpu_postpaid"])
    list_arpu = np.where(is_ka, v["arpu_key_account"],
                         np.where(is_sme, v["arpu_sme"], con_arpu))
    spread = np.where(is_con, v["spend_sigma"] * c, 0.3 * c)
    z_p = pr.standard_normal(n)
    list_price = list_arpu * region_factor * np.exp(spread * z_p - 0.5 * spread ** 2)

    # alternatives and switching cost (the customer's bargaining position)
    alt_mean = np.where(rural, 1.2, 2.0) + np.where(is_acc, 0.5, 0.0)
    alternatives = np.minimum(rng["alternatives"].poisson(alt_mean), 4).astype(np.int8)
    s_rng = rng["switching"]
    sc_line = np.where(is_con, v["switching_cost_consumer"] * dr.lognormal_mean(
                           s_rng, 1.0, v["switching_cost_consumer_sigma"], n),
                       v["switching_cost_account_base"] + v["switching_cost_account"]
                       * dr.lognormal_mean(s_rng, 1.0, v["switching_cost_account_sigma"], n))
    switching_cost = np.round(lines_f * sc_line, 2).astype(np.float32)
    sc_months = switching_cost / (lines_f * list_price)          # in months of bill

    # negotiated discount (accounts only)
    power_z = rng["discount"].standard_normal(n)           # negotiating skill, relationships
    power = (v["power_lines"] * (np.log10(lines_f) - 1.5)
             + v["power_alternatives"] * (alternatives - 2.0)
             + v["power_switching"] * (np.log1p(sc_months) - 1.2)
             + v["power_noise"] * power_z)
    discount = np.where(is_acc, v["max_discount"] / (1.0 + np.exp(-power)), 0.0)
    discount = np.where(high, np.minimum(discount + v["growth_discount"], 0.9), discount)
    discount = np.round(discount, 3).astype(np.float32)
    price = list_price * (1.0 - discount.astype(float))          # revenue per line-month

    # usage per line, rising with spend; network cost per line
    u_rng = rng["usage"]
    spend_ratio = list_price / (list_arpu * region_factor)
    gb = np.where(is_con, v["data_gb_per_line"], USAGE_GB[seg])
    mins = np.where(is_con, v["minutes_per_line"], USAGE_MIN[seg])
    usage_scale = spend_ratio ** 0.5
    gb_line = gb * usage_scale * dr.lognormal_mean(u_rng, 1.0, v["usage_sigma"], n)
    min_line = mins * usage_scale * dr.lognormal_mean(u_rng, 1.0, 0.5 * v["usage_sigma"], n)

    # satisfaction (latent z) and complaints
    z_s = rng["satisfaction"].standard_normal(n)
    sat_noise = rng["satisfaction"].standard_normal(n)
    satisfaction = np.clip(np.round(v["satisfaction_mean"] + v["satisfaction_sd"] * z_s
                                    + v["satisfaction_noise"] * sat_noise), 1, 5
                           ).astype(np.int8)
    e_c = v["complaint_satisfaction_effect"]
    lam = (v["complaint_rate"] * lines_f ** v["complaint_lines_elasticity"]
           * np.exp(-e_c * z_s - 0.5 * e_c * e_c))
    lam = np.round(lam, TRUTH_DECIMALS)
    leave_p = v["complaint_churn"] * COMPLAINT_CHURN_SCALE[seg]

    # contract
    k_rng = rng["contract"]
    mix = np.stack([CONTRACT_P["key_account"], CONTRACT_P["sme"], CONTRACT_P["postpaid"],
                    CONTRACT_P["prepaid"]])
    contract = dr.choose(k_rng, mix, groups=np.where(is_con, 2 + prepaid, seg))
    term = CONTRACT_TERM[contract]
    left_stock = np.ceil(k_rng.random(n) * term).astype(np.int64)   # 1..term

    # churn propensity θ and tenure
    mu_seg = np.where(is_ka, v["churn_key_account"], np.where(
        is_sme, v["churn_sme"], np.where(prepaid, v["churn_prepaid"], v["churn_postpaid"])))
    e_s = v["churn_satisfaction_effect"]
    selection = np.array([v["contract_selection_month_to_month"],
                          v["contract_selection_12_month"], v["contract_selection_24_month"]])
    mult = (np.exp(-e_s * z_s - 0.5 * e_s * e_s)
            * np.exp(v["churn_alternatives_effect"] * (alternatives - 2.0))
            * np.exp(-v["churn_switching_effect"] * (np.log1p(sc_months) - 1.0))
            * np.where(prepaid, 1.0, selection[contract]))
    mu = np.clip(mu_seg * mult, 1e-5, 0.5)
    kappa = v["churn_concentration"]
    new = rng["new_customer"].random(n) < v["new_customer_share"]
    a, b = dr.beta_params(mu, kappa)
    theta = rng["churn_propensity"].beta(a + new, b)     # joiners: acquisition mix Beta(a+1, b)
    theta = np.clip(theta, 1e-9, 0.999)                   # keep logs and ratios finite
    theta = np.round(theta, TRUTH_DECIMALS)              # the saved truth is the value used
    # tenure of existing customers given θ: truncated geometric on 1..max_tenure
    tmax = v["max_tenure_months"]
    u = rng["tenure"].random(n)
    log_keep = np.log1p(-theta)
    tail_mass = -np.expm1(tmax * log_keep)                  # 1 − (1−θ)^tmax
    tenure = np.ceil(np.log1p(-u * tail_mass) / log_keep)
    tenure = np.clip(tenure, 1, tmax)
    tenure = np.where(new, 0, tenure).astype(np.int16)
    months_left = np.where(new, term, left_stock).astype(np.int16)

    # money at the start
    etf = np.round(v["etf_share"] * lines_f * list_price * months_left, 2).astype(np.float32)
    acq_rng = rng["acquisition"]
    channel = dr.choose(acq_rng, np.stack([CHANNEL_P[KA], CHANNEL_P[SME],
                                           CHANNEL_P[CONSUMER]]), groups=seg)
    acq_cost = ((CHANNEL_COST[channel] + LINE_ACQ_COST[seg] * lines_f)
                * dr.lognormal_mean(acq_rng, 1.0, 0.3, n))
    acq_cost = np.round(acq_cost, 2).astype(np.float32)
    # special services extracted by accounts: per line = account_service_cost × list price ×
    # bargaining factor 2/(1 + e^(−power)) × (lines / 10)^(elasticity − 1) × min(M, cap), M
    # lognormal with mean 1. Per account this grows like lines^elasticity (mostly a fixed effort
    # per account), and the cap bounds how far one account can exceed its expected service, so
    # no single account can swamp the profit of the whole base.
    size_factor = (lines_f / SERVICE_REF_LINES) ** (v["account_service_elasticity"] - 1.0)
    extra = np.minimum(dr.lognormal_mean(rng["service"], 1.0, v["account_service_sigma"], n),
                       v["account_service_cap"])
    service = (v["account_service_cost"] * list_price * 2.0 / (1.0 + np.exp(-power))
               * size_factor * extra)
    care = dr.lognormal_mean(rng["care"], v["care_cost_consumer"], v["care_cost_sigma"], n)
    cts = np.where(is_con, care,
                   v["care_cost_sme"] + (v["care_cost_per_line"] + service) * lines_f
                   + np.where(is_ka, v["account_manager_cost"], 0.0))
    cts = np.round(cts, 2).astype(np.float32)

    prof = dict(seg=seg, plan=plan, region=region, industry=industry, ind_growth=ind_growth,
                growth=growth, lines=lines, price=price, gb_line=gb_line, min_line=min_line,
                alternatives=alternatives, switching_cost=switching_cost, discount=discount,
                satisfaction=satisfaction, lam=lam, leave_p=leave_p, contract=contract,
                months_left=months_left, theta=theta, tenure=tenure, etf=etf,
                channel=channel, acq_cost=acq_cost, cts=cts, power=power, power_z=power_z,
                list_price=list_price)
    prof.update(_traits.traits(n, prof, rng))      # seeds 000 and 003: own streams
    return prof


# --------------------------------------------------------------------------------------------
# 4. Truth
# --------------------------------------------------------------------------------------------


def _truth(prof: dict[str, np.ndarray], sim: dict[str, np.ndarray], n: int, T: int,
           v: dict[str, Any]) -> pd.DataFrame:
    theta, lam, p_leave = prof["theta"], prof["lam"], prof["leave_p"]
    lines = prof["lines"].astype(float)
    cf = v["contract_churn_factor"]
    complaint_keep = np.exp(-lam * p_leave)                  # E[(1 − p)^K], K ~ Poisson(λ)
    r_bound = (1.0 - theta * cf) * complaint_keep
    r_free = (1.0 - theta) * complaint_keep
    left_after = np.maximum(prof["months_left"].astype(np.int64) - T, 0)   # L' after T
    bound_steps = np.maximum(left_after - 1, 0)              # decisions at T+k, k < L'
    growth_months = int(round(12 * v["growth_years"]))
    growth_steps = max(growth_months - 1, 0)                 # v_{k+1} = v_k (1+γ) for k < G

    gamma = np.power(1.0 + prof["growth"], 1.0 / 12.0)       # monthly volume factor 1 + γ
    v1 = gamma ** (T if growth_months >= 1 else T - 1)       # volume index in month T+1
    gross = lines * (prof["price"] - prof["gb_line"] * v["cost_per_gb"]
                     - prof["min_line"] * v["cost_per_minute"])        # G at volume 1
    fixed = (prof["cts"].astype(float) + lines * v["line_cost"]
             + lam * v["complaint_cost"])                               # F
    delta = dr.discount_factor(v["discount_rate"], 12)

    n1 = np.minimum(bound_steps, growth_steps)
    n2 = np.abs(bound_steps - growth_steps)
    mid = np.where(bound_steps > growth_steps, delta * r_bound, delta * r_free * gamma)
    growing = dr.geometric_blocks_sum(v1 * delta, [delta * r_bound * gamma, mid, delta * r_free],
                                      [n1, n2, np.inf])
    flat = dr.geometric_blocks_sum(delta, [delta * r_bound, delta * r_free],
                                   [bound_steps, np.inf])
    alive = sim["churn_month"] == 0
    clv = np.round(np.where(alive, gross * growing - fixed * flat, 0.0), 2) + 0.0   # no −0.0
    margin = np.round(gross * v1 - fixed, 2) + 0.0
    retention = np.round(np.where(bound_steps > 0, r_bound, r_free), TRUTH_DECIMALS)
    annual_list = 12.0 * lines * prof["list_price"]
    implicit = np.where(alive, _traits.implicit_value(prof, annual_list), 0.0)
    # price headroom: the bill could rise by this share for the customer's expected lifetime
    repricing = np.where(alive, prof["true_headroom"] * lines * prof["price"] * v1 * flat, 0.0)
    elastic = _traits.elastic_truth(alive, margin, clv, implicit, repricing,
                                    prof["true_default_risk"])
    return pd.DataFrame({
        "customer_id": np.arange(n, dtype=np.int32),
        "true_churn_propensity": theta,
        "true_complaint_rate": lam,
        "true_retention": retention,
        "true_margin": margin,
        "true_growth": prof["growth"],
        "true_clv": clv,
        "true_tier": dr.value_tiers(clv),
        "true_implicit_value": implicit,
        "true_price_headroom": np.round(prof["true_headroom"], TRUTH_DECIMALS),
        "true_default_risk": prof["true_default_risk"],
        "true_elastic": elastic,
        "true_needs_fit": prof["true_needs_fit"],
        "true_bargaining_power": prof["true_bargaining_power"],
        "true_price_pressure": prof["true_price_pressure"],
    }, copy=False)                                # the arrays are ours: no second copy
