"""The tobacco world's elastic-customer traits (弹性客户, seed 003) with their truth.

Seed 003 (Liu Dongchang) defines an elastic customer by six traits and three preconditions;
in the retail world each has a plain meaning, and each observed column below is a noisy
reading of a latent quantity kept in ``base.truth``:

=====================  ==================================  ===================================
seed 003               observed column (customers)         latent truth
=====================  ==================================  ===================================
short-term value < 0   ``cost_to_serve`` (visits, terminal  ``true_net_margin`` = true_margin
                       and training, RMB a week) against    − cost to serve
                       the order margin
lifetime value > 0     ``growth_outlook`` (the account      the growth toward potential (the
                       manager's estimate of sales growth   value path V(t)) in ``true_clv``;
                       in the first observed year)          ``true_net_clv``
high frequency         orders per open week (from           ``true_order_rate``
                       ``orders``)
shares risk            ``risk_sharing``: joins pilots,      ``true_risk_sharing``
                       shares its sales data (信息共享)
price-insensitive      ``price_sensitivity`` 1–5 (pushes    ``true_price_headroom``: how much
                       back on a richer brand mix,          richer the mix could be (share of
                       structural upgrade)                  gross margin)
innovative             ``innovator``: a modern format       ``true_innovation``
                       (self-service, online orders, new
                       products first)
market influence       ``market_influence`` 1–5 (the        ``true_influence`` (the latent 影响度
                       account manager's rating)            of the Chengdu grading)
sound finances         ``late_payments`` / ``orders``       ``true_late_payment_rate``
=====================  ==================================  ===================================

The implicit value (隐性价值) of an influential retailer (others in its area copy its brand
display and choices, 口碑效应) and of an innovative one (the company learns new retail
formats) is one-off, in years of its purchases (order value): ``implicit_influence_years``
× influence² + ``implicit_innovation_years`` × innovativeness (the telecom world's rule on
the yearly bill, a stated assumption). A retailer is truly elastic (``true_elastic``) when
its licence is open, its true weekly margin is below its cost to serve, its lifetime value
net of the cost to serve plus its implicit value plus the value of its price headroom
(headroom × weekly gross margin for as long as the licence stays open, discounted) is
positive, and its late-payment probability is below ``sound_late_payment_rate``.

All draws come from one new stream (``traits``), so every column that existed before keeps
its bytes.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
from scipy import special

from ..base import Column, ParamSpec
from ._draws import stream

TRAIT_STREAM = "traits"

_ASSUME = "stated assumption (no published figure)"
_IMPLICIT = ("stated assumption, the telecom world's rule (seed 003 names the value, not its "
             "size)")

TRAIT_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("cost_to_serve_urban", 25.0, "RMB per retailer-week",
              "mean weekly cost to serve an urban retailer beyond delivery: account-manager "
              "visits, ordering terminal, training (not in the order margin)",
              _ASSUME + "; about one 20-minute visit a week at RMB 75 an hour plus systems",
              low=0.0, high=1e5),
    ParamSpec("cost_to_serve_rural", 40.0, "RMB per retailer-week",
              "mean weekly cost to serve a rural retailer (longer trips between visits)",
              _ASSUME, low=0.0, high=1e5),
    ParamSpec("cost_to_serve_sd", 0.4, "log sd",
              "lognormal spread of the cost to serve around its mean (mean kept)", _ASSUME,
              low=0.0, high=3.0),
    ParamSpec("growth_outlook_noise_sd", 0.05, "per year",
              "noise of the account manager's growth outlook around the true growth of the "
              "first observed year", _ASSUME, low=0.0, high=10.0),
    ParamSpec("innovation_logit", -1.5, "log-odds",
              "log-odds of innovativeness of a typical retailer (modern format, online orders, "
              "first to stock new products); innovativeness = expit(logit + N(0, 1))", _ASSUME,
              low=-20.0, high=20.0),
    ParamSpec("risk_sharing_logit", -0.5, "log-odds",
              "log-odds that a retailer with no growth joins pilots and shares its sales "
              "data (信息共享)", _ASSUME, low=-20.0, high=20.0),
    ParamSpec("risk_sharing_growth_loading", 5.0, "log-odds per unit of growth",
              "growing retailers are more enterprising: log-odds of risk sharing per unit of "
              "yearly growth (as in the telecom world)", _ASSUME, low=-100.0, high=100.0),
    ParamSpec("max_price_headroom", 0.15, "share of gross margin",
              "most a fully price-insensitive retailer's gross margin could rise through a "
              "richer brand mix (结构提升) without losing its orders", _ASSUME, kind="share"),
    ParamSpec("price_sensitivity_noise_sd", 0.6, "score points",
              "noise of the 1–5 price-sensitivity rating around 5 − 4·headroom/max", _ASSUME,
              low=0.0, high=10.0),
    ParamSpec("influence_rating_noise_sd", 0.6, "score points",
              "noise of the 1–5 market-influence rating around 1 + 4·influence", _ASSUME,
              low=0.0, high=10.0),
    ParamSpec("implicit_influence_years", 2.0, "years of gross margin",
              "implicit value of influence (口碑效应): this many years of the retailer's "
              "purchases (order value) × influence²", _IMPLICIT, low=0.0, high=100.0),
    ParamSpec("implicit_innovation_years", 1.0, "years of gross margin",
              "implicit value of innovativeness (what the company learns): this many years "
              "of purchases × innovativeness", _IMPLICIT, low=0.0, high=100.0),
    ParamSpec("sound_late_payment_rate", 0.05, "share of orders",
              "a retailer is financially sound (seed 003's third precondition) while its "
              "probability of paying an order late is below this", _ASSUME, kind="share"),
)


def traits(prof: Mapping[str, Any], v: Mapping[str, Any], seed: int) -> dict[str, np.ndarray]:
    """The observed trait columns and their latent values for the retailers of ``prof``.

    Parameters
    ----------
    prof : mapping
        The profile of :func:`casekit.generate._tobacco_profile.profile` (reads ``urban``,
        ``v0``, ``v_inf``, ``rho_g``, ``influence``).
    v : mapping
        The world's parameter values (:data:`TRAIT_PARAMS` among them).
    seed : int
        The world's seed; the draws come from the stream ``traits`` only.

    Returns
    -------
    dict
        Observed columns (``cost_to_serve``, ``growth_outlook``, ``risk_sharing``,
        ``price_sensitivity``, ``innovator``, ``market_influence``) and latent arrays
        (``growth0``, ``innovation``, ``sharing``, ``headroom``).

    References
    ----------
    Liu Dongchang, 客户关系管理与客户选择 (course seed 003): the six traits. Every size and
    weight is a stated assumption (:data:`TRAIT_PARAMS`).
    """
    n = prof["v0"].size
    rng = stream(seed, TRAIT_STREAM)
    z = rng.standard_normal((7, n))
    u = rng.random((2, n))
    sd = v["cost_to_serve_sd"]
    mean_cts = np.where(prof["urban"], v["cost_to_serve_urban"], v["cost_to_serve_rural"])
    cts = np.round(mean_cts * np.exp(sd * z[0] - sd * sd / 2.0), 2)
    # growth of the expected order value over the first year: V(52)/V(0) − 1
    v0 = prof["v0"]
    ratio = np.divide(prof["v_inf"], v0, out=np.ones(n), where=v0 > 0)
    growth0 = (ratio - 1.0) * (1.0 - float(prof["rho_g"]) ** 52)
    innovation = special.expit(v["innovation_logit"] + z[1])
    sharing = special.expit(v["risk_sharing_logit"] + v["risk_sharing_growth_loading"] * growth0
                            + z[2])
    headroom = v["max_price_headroom"] * special.expit(z[3])
    rel = headroom / v["max_price_headroom"] if v["max_price_headroom"] > 0 else 0.0 * headroom
    sens = 5.0 - 4.0 * rel + v["price_sensitivity_noise_sd"] * z[4]
    rating = 1.0 + 4.0 * prof["influence"] + v["influence_rating_noise_sd"] * z[6]
    return dict(
        cost_to_serve=cts,
        growth_outlook=np.round(growth0 + v["growth_outlook_noise_sd"] * z[5], 4
                                ).astype(np.float32),
        risk_sharing=u[0] < sharing,
        price_sensitivity=np.clip(np.round(sens), 1, 5).astype(np.int8),
        innovator=u[1] < innovation,
        market_influence=np.clip(np.round(rating), 1, 5).astype(np.int8),
        growth0=growth0, innovation=innovation, sharing=sharing, headroom=headroom,
    )


def elastic_truth(prof: Mapping[str, Any], v: Mapping[str, Any], alive: np.ndarray,
                  weekly_margin: np.ndarray, gross_week: np.ndarray, sales_week: np.ndarray,
                  clv: np.ndarray, annuity: np.ndarray) -> dict[str, np.ndarray]:
    """The truth behind the traits at the last observed week T.

    Parameters
    ----------
    prof : mapping
        The profile, with the arrays of :func:`traits` and ``late_p``, ``margin_rate``.
    v : mapping
        The world's parameter values.
    alive : array of bool
        Licence open at the end of week T.
    weekly_margin : array
        True expected margin per week at T, q·(μ·V(T) − delivery cost) (``true_margin``).
    gross_week : array
        True expected gross margin per week at T before delivery, q·μ·V(T).
    sales_week : array
        True expected purchases (order value) per week at T, q·V(T).
    clv : array
        ``true_clv`` (0 for closed licences).
    annuity : array
        Σ_{k≥1} δ^k s^(k−1) = δ/(1 − δs): the present value of 1 RMB a week while the
        licence stays open.

    Returns
    -------
    dict
        ``true_net_margin``, ``true_net_clv``, ``true_implicit_value``, ``true_elastic`` and
        the latent columns (rounded as saved).

    References
    ----------
    Liu Dongchang (course seed 003): short-term negative, lifetime positive value; implicit
    value (隐性价值) of influence and innovation; the three preconditions.
    """
    rate = lambda x: np.round(x, 10) + 0.0  # noqa: E731
    cents = lambda x: np.round(x, 2) + 0.0  # noqa: E731
    cts = prof["cost_to_serve"]
    net_margin = cents(weekly_margin - cts)
    net_clv = cents(np.where(alive, clv - cts * annuity, 0.0))
    annual = 52.0 * sales_week
    implicit = cents(np.where(alive, annual * (v["implicit_influence_years"]
                                               * prof["influence"] ** 2
                                               + v["implicit_innovation_years"]
                                               * prof["innovation"]), 0.0))
    repricing = np.where(alive, prof["headroom"] * gross_week * annuity, 0.0)
    late = rate(prof["late_p"])
    elastic = (alive & (net_margin < 0) & (net_clv + implicit + repricing > 0)
               & (late < v["sound_late_payment_rate"]))
    return {
        "true_net_margin": net_margin,
        "true_net_clv": net_clv,
        "true_implicit_value": implicit,
        "true_price_headroom": rate(prof["headroom"]),
        "true_innovation": rate(prof["innovation"]),
        "true_risk_sharing": rate(prof["sharing"]),
        "true_late_payment_rate": late,
        "true_elastic": elastic,
    }


CUSTOMER_COLUMNS: tuple[Column, ...] = (
    Column("cost_to_serve", "float64", "RMB per week",
           "weekly cost of serving the retailer beyond delivery (account-manager visits, "
           "ordering terminal, training); not deducted from the order margin"),
    Column("growth_outlook", "float32", "per year",
           "account manager's estimate of the shop's sales growth over the first observed "
           "year (new housing nearby, an extension, a young shop building up): a reading of "
           "the growth toward its potential"),
    Column("risk_sharing", "bool", "",
           "joins the company's pilots (new products, new services) and shares its sales "
           "data (信息共享): seed 003's 乐于分担风险、认可外购价值"),
    Column("price_sensitivity", "int8", "score 1–5",
           "account manager's rating of how hard the retailer pushes back on a richer brand "
           "mix and price changes (1 = accepts, 5 = resists); a reading of "
           "truth.true_price_headroom"),
    Column("innovator", "bool", "",
           "a modern format (self-service, online orders, first to stock new products): "
           "seed 003's 技术领先型"),
    Column("market_influence", "int8", "score 1–5",
           "account manager's rating of the retailer's influence in its area (5 = others "
           "copy its choices; 影响度)"),
)

TRUTH_COLUMNS: tuple[Column, ...] = (
    Column("true_net_margin", "float64", "RMB per week",
           "true_margin − cost_to_serve: the short-term value net of the cost to serve"),
    Column("true_net_clv", "float64", "RMB",
           "true_clv − the present value of the cost to serve while the licence stays open; "
           "0 if closed"),
    Column("true_implicit_value", "float64", "RMB",
           "implicit value (隐性价值, seed 003) of an open licence: years of purchases × "
           "(2·influence² + innovativeness) at the defaults; 0 if closed"),
    Column("true_price_headroom", "float64", "share of gross margin",
           "how much the gross margin could rise through a richer brand mix without losing "
           "the retailer (price insensitivity; at most max_price_headroom)"),
    Column("true_innovation", "float64", "0–1", "latent innovativeness (innovator reads it)"),
    Column("true_risk_sharing", "float64", "0–1",
           "latent willingness to share risk and data (risk_sharing reads it)"),
    Column("true_late_payment_rate", "float64", "share of orders",
           "probability that an order is paid late (诚信度); financially sound below "
           "sound_late_payment_rate"),
    Column("true_elastic", "bool", "",
           "elastic customer (弹性客户, seed 003): licence open, true margin below the cost to "
           "serve, net lifetime value + implicit value + value of the price headroom > 0, "
           "financially sound"),
)
