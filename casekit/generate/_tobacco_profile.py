"""The tobacco world's retailers before any order: format, region, latent scores, rates.

:func:`profile` draws everything about a retailer that does not depend on its orders (nor on
the number of weeks observed): format and region, account manager, the latent scores behind
contribution, law-abiding, integrity and influence (Chengdu article, seed 002), the weekly
order probability q, the dropout p, the order-value path V(t), the carton mix and prices, and
the observed profile columns. :func:`casekit.tobacco` and ``play_forward`` (which rebuilds
it from ``base.params`` to continue a base) both call it; the model is documented in
:mod:`casekit.generate.tobacco`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import optimize, special

from ..base import Params
from ._draws import stream
from ._tobacco_traits import traits as _traits
from .tobacco_spec import (_FT, _HIGH_SPLIT, _HONESTY_AUDITS, _LOW_SPLIT, _RURAL_W,
                           _SHARE_NAMES, _TRUTH_DECIMALS, _URBAN_DISTRICTS, _URBAN_W,
                           MARGIN_RATES, PRICE_BANDS, SCALE_CUTS, VIOLATION_YEARS,
                           WEEKS_PER_YEAR)

def _expit(x):
    return special.expit(x)


def _half_square(b: float) -> float:
    """b²/2 rounded to 12 decimals: exp(−b·z − b²/2) has mean 1 for z standard normal (the
    lognormal mean), so a loading b moves who gets the rate, not its mean. Rounded so that
    0.8 gives exactly 0.32 on every machine."""
    return round(b * b / 2.0, 12)


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
    w_inf = v["influence_size_loading"]
    z_inf = w_inf * z_size + np.sqrt(1.0 - w_inf * w_inf) * z_loc

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
    pi = _expit(logit + fe * _FT[fmt, 3] + v["premium_size_tilt"] * z_size)
    base_mix = np.column_stack([pi[:, None] * _HIGH_SPLIT, (1.0 - pi)[:, None] * _LOW_SPLIT])
    rng = stream(seed, "mix")
    shape = v["mix_concentration"] * base_mix
    gam = np.where(shape > 0, rng.standard_gamma(np.maximum(shape, 1e-300)), 0.0)
    tot = _rowsum(gam)[:, None]
    mix = np.where(tot > 0, gam / np.where(tot > 0, tot, 1.0), base_mix)
    rng = stream(seed, "prices")
    lo = np.array([b_[0] for b_ in PRICE_BANDS])
    hi = np.array([b_[1] for b_ in PRICE_BANDS])
    z_price = (v["price_urban_shift"] * (urban - 0.5)[:, None]
               + v["price_size_loading"] * z_size[:, None]
               + v["price_format_loading"] * _FT[fmt, 3][:, None]
               + v["price_noise_sd"] * rng.standard_normal((n, 5))
               + np.array([v["price_class1_offset"], 0.0, 0.0, 0.0, 0.0]))
    price = np.round(lo + (hi - lo) * special.ndtr(z_price), 2)
    price = np.clip(price, lo, hi - 0.01)
    avg_price = _rowsum(mix * price)                             # RMB per carton in the mix
    value_share = mix * price / avg_price[:, None]
    margin_rate = np.round(_rowsum(value_share, MARGIN_RATES), _TRUTH_DECIMALS)
    delivery = np.where(urban, v["delivery_cost_urban"], v["delivery_cost_rural"])

    # observed profile --------------------------------------------------------------------
    rng = stream(seed, "scale")
    z_obs = z_size + v["scale_noise_sd"] * rng.standard_normal(n)
    pos_s, counts_s = _rank_within(fmt.astype(np.int64), -z_obs)    # 0 = biggest
    frac = pos_s / np.maximum(counts_s[fmt], 1)
    scale = np.where(frac < SCALE_CUTS[0], 2, np.where(frac < SCALE_CUTS[1], 1, 0)
                     ).astype(np.int8)

    rng = stream(seed, "traffic")
    log_t = (np.log(_FT[fmt, 5])
             + np.where(urban, v["traffic_urban_shift"], v["traffic_rural_shift"])
             + v["traffic_influence_loading"] * z_inf
             + v["traffic_noise_sd"] * rng.standard_normal(n))
    traffic = np.round(np.exp(log_t)).astype(np.int32)
    loc_score = np.clip(np.round(100 * special.ndtr(
        v["location_influence_loading"] * z_inf
        + v["location_noise_sd"] * rng.standard_normal(n))), 0, 100)

    b_v = v["violation_compliance_loading"]
    rate_v = (VIOLATION_YEARS * v["violation_rate"] * _FT[fmt, 4]
              * np.exp(-b_v * z_comp - _half_square(b_v)))
    violations = np.minimum(stream(seed, "violations").poisson(rate_v), 127).astype(np.int8)

    rng = stream(seed, "honesty")
    b_h = v["honesty_integrity_loading"]
    h = np.clip(1.0 - (1.0 - v["order_honesty_mean"])
                * np.exp(-b_h * z_int - _half_square(b_h)), 0, 1)
    honesty = (rng.binomial(_HONESTY_AUDITS, h) / _HONESTY_AUDITS).astype(np.float32)
    b_l = v["late_payment_integrity_loading"]
    late_p = np.clip(v["late_payment_rate"] * np.exp(-b_l * z_int - _half_square(b_l)),
                     0.0, 1.0)

    rng = stream(seed, "e_settlement")
    m_e = _expit(special.logit(np.where(urban, v["e_settlement_urban"],
                                        v["e_settlement_rural"])) + _FT[fmt, 6])
    kappa_e = v["e_settlement_concentration"]
    esettle = rng.beta(m_e * kappa_e, (1.0 - m_e) * kappa_e).round(4).astype(np.float32)

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



def profile(prm: Params) -> dict[str, Any]:
    """The latent profile of every retailer of the world ``prm`` plus the derived arrays the
    weekly simulation reads (no week is simulated).

    Independent of the number of weeks, so ``play_forward`` rebuilds it from ``base.params``
    to continue a base.

    Parameters
    ----------
    prm : Params
        The world's parameters (``tobacco_params``).

    Returns
    -------
    dict
        Arrays per retailer: format, region, manager, latent scores, q, p, the value path
        (v0, v_inf, rho_g), carton mix and prices, the observed profile columns and the
        elastic-customer traits (:func:`casekit.generate._tobacco_traits.traits`).

    References
    ----------
    The process is documented step by step in :mod:`casekit.generate.tobacco`; every weight
    is a parameter with its source or stated assumption.
    """
    v, n = prm.values, prm.size
    prof = _profile(n, v, prm.seed)
    prof["spend_p"] = v["spend_p"]
    prof["v_gap0"] = prof["v_inf"] - prof["v0"]
    per_rmb = prof["mix"] / prof["avg_price"][:, None]          # cartons per RMB by class
    prof["cartons_per_rmb_T"] = np.ascontiguousarray(per_rmb.T)
    prof["price_cents_T"] = np.ascontiguousarray(
        np.round(prof["price"] * 100).astype(np.int64).T)
    prof["delivery_cents"] = np.round(prof["delivery"] * 100).astype(np.int64)
    prof.update(_traits(prof, v, prm.seed))            # seed 003's traits: stream "traits"
    return prof
