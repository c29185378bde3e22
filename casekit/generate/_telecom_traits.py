"""The telecom world's strategic traits: what seeds 000 and 003 judge customers on.

Two groups of columns, each from its own random stream (``traits``, ``framework``), so the
columns that existed before them keep their numbers:

* **Elastic-customer traits** (弹性客户, seed 003, Liu Dongchang): transaction frequency,
  willingness to share risk / value outsourcing, price sensitivity, innovativeness, market
  influence, financial soundness. Each observed column is a noisy reading of a latent
  quantity, and the latent quantities make the truth: the implicit value (口碑 referrals and
  technology learning) of influential and innovative customers, the price headroom of
  price-insensitive ones, the default risk behind late payments.
* **Key-account framework** (核心客户的评价框架, seed 000): the customer's needs relative to
  the firm's capability (a latent fit, read by the account team as a 1–5 score), the growth of
  its market segment and the change of its market share (its own true growth minus its
  segment's), its transaction cost (交易代价: the cost of its own procurement; a costly
  process weakens its bargaining power) and its intent to use its power (price
  renegotiations). The truth keeps the inherent bargaining power and the price pressure
  (power × intent) so that the framework can be scored against what it is about.

Consumers and SMEs get the same columns; for consumers the account-only traits are neutral
(not innovative, influence 1, no risk sharing, no negotiations, fit 3).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..base import Column

TRAIT_STREAMS = ("traits", "framework")
#: The observed columns added to ``customers``.
TRAIT_COLUMNS = ("orders_per_month", "risk_sharing", "price_sensitivity", "innovator",
                 "market_influence", "payment_days", "needs_fit", "segment_growth",
                 "market_share_change", "transaction_cost", "price_negotiations")

#: A customer is financially sound (seed 003's third precondition) while its true yearly
#: default risk is below this.
SOUND_DEFAULT_RISK = 0.05
#: Most a fully price-insensitive customer's price could rise without losing it.
MAX_PRICE_HEADROOM = 0.15


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def traits(n: int, prof: dict[str, np.ndarray], rng: dict[str, np.random.Generator]
           ) -> dict[str, np.ndarray]:
    """The traits' latent values and observed columns for ``n`` customers of profile ``prof``
    (which must hold ``seg``, ``lines``, ``growth``, ``ind_growth``, ``power``, ``power_z``,
    ``plan``)."""
    is_con = prof["seg"] == 2
    acc = ~is_con
    lines = prof["lines"].astype(float)
    excess = prof["growth"] - prof["ind_growth"].astype(float)   # own growth above industry
    t = rng["traits"]
    z = t.standard_normal((7, n))

    # latent qualities (accounts); consumers neutral
    influence = np.where(acc, _sigmoid(0.9 * (np.log10(lines) - 2.0) + z[0]), 0.0)
    innovation = np.where(acc, _sigmoid(-1.5 + 6.0 * excess + z[1]), 0.0)
    sharing = np.where(acc, _sigmoid(-0.5 + 5.0 * excess + z[2]), 0.0)
    headroom = MAX_PRICE_HEADROOM * _sigmoid(z[3] - prof["power"])
    dep = z[4]                                               # dependence on us, regular trade
    default_risk = np.clip(0.02 * np.exp(0.9 * (z[5] - 0.6 * dep)), 0.0, 0.9)

    # observed readings
    u = t.random((4, n))
    orders_rate = np.where(acc, 1.5 * lines ** 0.3, 1.0) * np.exp(0.6 * dep - 0.18)
    orders = t.poisson(12.0 * orders_rate) / 12.0
    sens = 5.0 - 4.0 * headroom / MAX_PRICE_HEADROOM + 0.6 * z[6]
    payment = 25.0 + 600.0 * default_risk + 6.0 * t.standard_normal(n)
    postpaid = prof["plan"] == 0
    out = dict(
        true_influence=influence, true_innovation=innovation, true_headroom=headroom,
        true_default_risk=np.round(default_risk, 10),
        orders_per_month=np.round(orders, 1).astype(np.float32),
        risk_sharing=acc & (u[0] < sharing),
        price_sensitivity=np.clip(np.round(sens), 1, 5).astype(np.int8),
        innovator=acc & (u[1] < innovation),
        market_influence=np.where(acc, np.clip(np.round(1.0 + 4.0 * influence
                                                        + 0.6 * (u[2] - 0.5) * 2), 1, 5),
                                  1).astype(np.int8),
        payment_days=np.where(postpaid, np.maximum(np.round(payment), 0), 0).astype(np.int16),
    )
    out.update(_framework(n, prof, rng["framework"], acc))
    return out


def _framework(n: int, prof: dict[str, np.ndarray], f: np.random.Generator, acc: np.ndarray
               ) -> dict[str, np.ndarray]:
    """Seed 000's criteria that the profile lacks, with their truth."""
    z = f.standard_normal((5, n))
    lines = prof["lines"].astype(float)
    ind = prof["ind_growth"].astype(float)
    fit = np.where(acc, z[0], 0.0)
    seg_growth = np.where(acc, ind + 0.04 * z[1], ind)
    share_change = np.where(acc, prof["growth"] - seg_growth + 0.02 * z[2], 0.0)
    tcost = np.where(acc, 3000.0 * lines ** 0.3 * np.exp(-0.8 * prof["power_z"] + 0.4 * z[3]),
                     0.0)
    intent = _sigmoid(z[4])
    inherent = _sigmoid(prof["power"])
    negotiations = np.where(acc, f.poisson(4.0 * intent * inherent), 0)
    return dict(
        true_needs_fit=np.round(fit, 10),
        needs_fit=np.where(acc, np.clip(np.round(3.0 + 0.9 * fit + 0.6 * f.standard_normal(n)),
                                        1, 5), 3).astype(np.int8),
        segment_growth=np.round(seg_growth, 4).astype(np.float32),
        market_share_change=np.round(share_change, 4).astype(np.float32),
        transaction_cost=np.round(tcost, 2).astype(np.float32),
        price_negotiations=negotiations.astype(np.int8),
        true_bargaining_power=np.where(acc, np.round(inherent, 10), 0.0),
        true_price_pressure=np.where(acc, np.round(inherent * intent, 10), 0.0),
    )


def implicit_value(tr: dict[str, np.ndarray], annual_bill: np.ndarray) -> np.ndarray:
    """True implicit value (隐性价值, seed 003) in RMB: referrals of an influential customer
    (口碑效应, up to two years of its list bill) and what the firm learns from an innovative
    one (up to one year), as a one-off value today. A stated assumption of this world."""
    return np.round(annual_bill * (2.0 * tr["true_influence"] ** 2 + tr["true_innovation"]), 2)


def elastic_truth(alive: np.ndarray, margin: np.ndarray, clv: np.ndarray,
                  implicit: np.ndarray, repricing: np.ndarray, default_risk: np.ndarray
                  ) -> np.ndarray:
    """True elastic customer: still a customer, losing money now (true margin < 0), worth
    keeping over its lifetime once its implicit value and price headroom count
    (CLV + implicit + repricing > 0), and financially sound (seed 003)."""
    return (alive & (margin < 0) & (clv + implicit + repricing > 0)
            & (default_risk < SOUND_DEFAULT_RISK))



# --------------------------------------------------------------------------------------------
# Columns (the datasheet rows of the traits)
# --------------------------------------------------------------------------------------------

CUSTOMER_COLUMNS: tuple[Column, ...] = (
        Column("orders_per_month", "float32", "orders per month",
               "transactions (orders, service changes, top-ups) per month over the year before "
               "observation: frequent small trade means a customer who depends on us and runs "
               "normally (seed 003, 关注其交易频率)"),
        Column("risk_sharing", "bool", "", "account team's judgement: the account is "
               "enterprising, shares risk and values outsourcing (乐于分担风险、认可外购价值); "
               "False for consumers"),
        Column("price_sensitivity", "int8", "score 1–5", "account team's rating of price "
               "sensitivity in past negotiations (1 = accepts price rises, 5 = fights every "
               "yuan); a noisy reading of truth.true_price_headroom"),
        Column("innovator", "bool", "", "technology leader of its industry (技术领先型), as "
               "judged by the account team; False for consumers"),
        Column("market_influence", "int8", "score 1–5", "standing in its industry (5 = the "
               "industry's 龙头, whose choice others follow); 1 for consumers"),
        Column("payment_days", "int16", "days", "average days to pay a bill (credit record); "
               "a reading of truth.true_default_risk; 0 for prepaid"),
        Column("needs_fit", "int8", "score 1–5", "the customer's needs relative to our "
               "capability against competitors (相对于公司能力的客户需求, seed 000), as rated by "
               "the account team; 3 for consumers"),
        Column("segment_growth", "float32", "per year", "public growth rate of the customer's "
               "market segment within its industry (seed 000's second condition)"),
        Column("market_share_change", "float32", "per year", "change of the customer's share "
               "of its segment over the last year (its own growth minus the segment's, from "
               "industry reports, with noise); 0 for consumers"),
        Column("transaction_cost", "float32", "RMB per year", "the customer's own cost of "
               "buying (tenders, procurement staff, approvals: 交易代价); a costly process "
               "weakens its bargaining power; 0 for consumers"),
        Column("price_negotiations", "int8", "count", "price renegotiations the customer "
               "opened in the last year: its intent to use its bargaining power"),
)

TRUTH_COLUMNS: tuple[Column, ...] = (
        Column("true_implicit_value", "float64", "RMB",
               "implicit value (隐性价值, seed 003) of a customer still active: referrals of an "
               "influential customer (up to 2 years of its list bill × influence²) and what we "
               "learn from an innovative one (up to 1 year × innovativeness); 0 for churned"),
        Column("true_price_headroom", "float64", "share of price",
               "how far the price could rise without losing the customer (price "
               "insensitivity, at most 15 %; lower with more bargaining power)"),
        Column("true_default_risk", "float64", "per year",
               "probability of financial distress within a year (bad debt); financially "
               "sound below 5 %"),
        Column("true_needs_fit", "float64", "sd",
               "how much better than competitors our capability meets the customer's needs "
               "(standard normal; 0 for consumers)"),
        Column("true_bargaining_power", "float64", "0–1",
               "inherent bargaining power 1/(1 + e^(−power)) from volume, alternatives, "
               "switching cost and negotiating position (the power behind the discount); 0 for "
               "consumers"),
        Column("true_price_pressure", "float64", "0–1",
               "bargaining power × intent to use it to push prices down (seed 000's "
               "structural position, against the firm); 0 for consumers"),
)
