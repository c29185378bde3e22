"""Exercise 03 — identifying key customers: pyramid, value matrix, elastic customers, truth.

Notebook: ``exercises/ex03_identifying_key_customers.ipynb`` (telecom world).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..check import (Chapter, Choice, Count, Decision, Mistake, Number, Question, percent)
from ._data import cum_share, curve_at, descending, totals

#: The top-cutoff the widget question asks for (share of customers).
WIDGET_TOP = 0.10


def _k(n: int, share: float) -> int:
    """round(share · n) customers — the pyramid's and the truth comparison's rule."""
    return int(np.round(share * n))


def key_tier_share(base, column="margin", bottom=False):
    """Share of total ``column`` held by the top 10% of customers ranked by it."""
    t = totals(base, column)
    ranked = descending(t)
    k = _k(len(t), 0.10)
    part = ranked.iloc[-k:] if bottom else ranked.iloc[:k]
    return float(part.sum() / t.sum())


def widget_share(base, top=WIDGET_TOP):
    return curve_at(cum_share(totals(base, "revenue")), top)


def _trend_potential(base):
    """value_trend's potential, recomputed: least-squares slope of monthly margin × T."""
    T = int(base.params.periods)
    act = base.activity
    t = act["period"].to_numpy(float)
    tbar = (T + 1) / 2
    sxx = float(((np.arange(1, T + 1) - tbar) ** 2).sum())
    s = pd.Series((t - tbar) * act["margin"].to_numpy()).groupby(
        act["customer_id"].to_numpy()).sum()
    s = s.reindex(base.customers["customer_id"].to_numpy(), fill_value=0.0)
    return s / sxx * T


def quadrant_count(base, current_high=False, potential_high=True):
    current = totals(base, "margin") / base.params.periods
    potential = _trend_potential(base)
    hc = current.to_numpy() >= 0
    hp = potential.to_numpy() >= 0
    return int(((hc == current_high) & (hp == potential_high)).sum())


#: Months of the short-term value and the cash-drain limit of ex03.q4–q5 (seed 003).
RECENT = 6
DRAIN_SHARE = 0.01


def _recent_margin(base, recent=RECENT, active_only=True):
    """Mean margin per billed month over the last ``recent`` months (or over all months)."""
    act = base.activity
    if recent is not None:
        act = act[act["period"] > int(base.params.periods) - recent]
    m = act.groupby("customer_id")["margin"].mean()
    m = m.reindex(base.customers["customer_id"].to_numpy(), fill_value=0.0)
    if active_only:
        m = m[~base.customers["churned"].to_numpy()]
    return m


def _traits(base):
    """Seed 003's six traits, recomputed from the customers table (one row per customer)."""
    c = base.customers.set_index("customer_id")
    active = ~c["churned"]
    orders = c["orders_per_month"].astype(float)
    return pd.DataFrame({
        "long_term_value": (c["segment_growth"].astype(float)
                            + c["market_share_change"].astype(float)) >= 0.10,
        "frequent": orders >= np.quantile(orders[active], 0.75),
        "risk_sharing": c["risk_sharing"].astype(bool),
        "price_insensitive": c["price_sensitivity"] <= 2,
        "innovative": c["innovator"].astype(bool),
        "influential": c["market_influence"] >= 4,
    }).sum(axis=1)


def _elastic(base, recent=RECENT, active_only=True, min_traits=2):
    m = _recent_margin(base, recent, active_only)
    n = _traits(base).reindex(m.index)
    return m[(m < 0) & (n >= min_traits)], n


def elastic_count(base, recent=RECENT, active_only=True, min_traits=2):
    return int(len(_elastic(base, recent, active_only, min_traits)[0]))


def keep_elastic(base, figure="loss", limit_all_customers=False):
    """The elastic customer with the most traits (ties: the larger loss, then the smaller id):
    keep it unless its monthly loss is a large cash drain (> 1 % of the active customers'
    total monthly margin over the same months)."""
    el, n = _elastic(base)
    if el.empty:
        raise ValueError("this dataset has no elastic customer")
    f = pd.DataFrame({"loss": -el, "traits": n[el.index], "id": el.index})
    best = f.sort_values(["traits", "loss", "id"], ascending=[False, False, True],
                         kind="mergesort").iloc[0]
    m = _recent_margin(base, active_only=not limit_all_customers)
    limit = DRAIN_SHARE * max(float(m.sum()), 0.0)
    decision = "yes" if best["loss"] <= limit else "no"
    return (decision, float(best["loss"] if figure == "loss" else limit))


def _true_key(base):
    tr = base.truth
    return set(tr.loc[(tr["true_tier"] == "key").to_numpy(), "customer_id"].tolist())


def _chosen(base, column, share):
    t = totals(base, column)
    return set(descending(t).index[:_k(len(t), share)].tolist())


def precision(base, column="revenue", share=0.15, recall=False):
    chosen, truth = _chosen(base, column, share), _true_key(base)
    hits = len(chosen & truth)
    return hits / (len(truth) if recall else len(chosen))


def better_ranking(base, flip=False):
    by = {c: precision(base, c, 0.10) for c in ("revenue", "margin")}
    best = max(by, key=by.get)
    if flip:
        best = "revenue" if best == "margin" else "margin"
    return (best, by[best])


QUESTIONS = (
    Question(
        "ex03.q1", "Customer pyramid by margin: share of total margin held by the key tier "
        "(the top 10% of customers by total margin; a fraction)", key_tier_share,
        Number(rtol=1e-6),
        mistakes=(
            Mistake("ascending",
                    "you took the *bottom* 10% (sorted ascending); the key tier is the top 10% "
                    "— sort descending",
                    lambda base, exp: key_tier_share(base, bottom=True)),
            Mistake("margin_for_revenue",
                    "you ranked and summed *revenue*; the pyramid here is by *margin*",
                    lambda base, exp: key_tier_share(base, "revenue")),
            percent("share"),
        ),
        reinforce="the course gives this tier 60% of the sales time (金字塔形的客户结构).",
        worlds=("telecom",)),
    Question(
        "ex03.q2", f"Widget: set the Pareto explorer's top slider to {WIDGET_TOP:.0%} (measure "
        "revenue). What share of revenue does it show (a fraction)?",
        widget_share, Number(rtol=0.0, atol=0.00051),
        mistakes=(
            Mistake("slider_not_moved",
                    "that is the share at the slider's starting value (20%); move it to "
                    f"{WIDGET_TOP:.0%} first",
                    lambda base, exp: widget_share(base, 0.20)),
            percent("share"),
        ),
        reinforce="the same curve gives the 80/20 reading at any cut-off.",
        worlds=("telecom", "tobacco")),
    Question(
        "ex03.q3", "Value matrix with current value = margin per month and potential value = "
        "the margin trend (ck.value_matrix, split at 0 on both axes): how many customers are "
        "in 'cultivate' (loss-making today, trend rising)?",
        quadrant_count, Count("customers"),
        mistakes=(
            Mistake("swapped_axes",
                    "you swapped the axes: 'cultivate' (培养) is LOW current value and HIGH "
                    "potential; you counted high current, low potential ('keep efficiently')",
                    lambda base, exp: quadrant_count(base, current_high=True,
                                                     potential_high=False)),
        ),
        reinforce="low today, rising: invest to grow them (培养).",
        worlds=("telecom",)),
    Question(
        "ex03.q4", "Elastic customers (弹性客户, seed 003): count the customers who are still "
        f"active, whose mean margin per month over the last {RECENT} months is negative, and "
        "who show at least two of the six traits — long-term value (segment_growth + "
        "market_share_change ≥ 0.10), frequent transactions (orders_per_month at or above the "
        "75th percentile of active customers), risk_sharing, price-insensitive "
        "(price_sensitivity ≤ 2), innovator, market influence (market_influence ≥ 4). How "
        "many?", elastic_count, Count("customers"),
        mistakes=(
            Mistake("churned_included",
                    "you counted customers who have already left: a churned customer's "
                    "months count as margin 0 and it has no future — only active customers "
                    "can be elastic", lambda base, exp: elastic_count(base, active_only=False)),
            Mistake("whole_window",
                    f"you averaged the margin over all months; the short-term value here is "
                    f"the last {RECENT} months", lambda base, exp: elastic_count(base, None)),
            Mistake("one_trait",
                    "one trait is not enough: the rule asks for at least two of the six",
                    lambda base, exp: elastic_count(base, min_traits=1)),
        ),
        reinforce="they lose money today but show the signs of value that can change — "
                  "candidates, not yet a decision.",
        worlds=("telecom",)),
    Question(
        "ex03.q5", "Judgement: take the elastic customer of q4 with the most traits (ties: the "
        "larger monthly loss, then the smaller customer_id). Seed 003's first precondition: "
        "a customer whose monthly loss exceeds 1 % of the active customers' total monthly "
        f"margin (both over the last {RECENT} months) is a large cash drain and is let go "
        "whatever its implicit value. Keep it? Answer (\"yes\"/\"no\", its monthly loss in "
        "RMB)", keep_elastic,
        Decision(figure=Number(rtol=1e-6), figure_name="its monthly loss (RMB)"),
        mistakes=(
            Mistake("limit_for_loss",
                    "that is the cash-drain limit; the figure asked for is the customer's own "
                    "monthly loss, which you compare with it",
                    lambda base, exp: keep_elastic(base, figure="limit")[1]),
            Mistake("decision_ignores_figure",
                    "the figure is right, but the decision does not follow from it: compare "
                    "the loss with 1 % of the active customers' total monthly margin",
                    lambda base, exp: ("no" if exp[0] == "yes" else "yes", exp[1])),
        ),
        reinforce="只有能生存才能谈得上发展: no implicit value justifies a cash drain the firm "
                  "cannot carry; then check finances and service capacity too.",
        worlds=("telecom",)),
    Question(
        "ex03.q6", "Choose the top 15% of customers by total revenue as 'key'. What is the "
        "precision of this choice against the true key tier (truth.true_tier == 'key')?",
        precision, Number(rtol=1e-6),
        mistakes=(
            Mistake("recall_for_precision",
                    "that is the *recall* (hits ÷ true key customers); precision is hits ÷ "
                    "the customers you chose",
                    lambda base, exp: precision(base, recall=True)),
            percent("precision"),
        ),
        reinforce="precision: how many of the chosen are truly key; recall: how many of the "
                  "truly key were found.",
        worlds=("telecom", "tobacco")),
    Question(
        "ex03.q7", "Judgement: choosing the top 10%, which ranking finds the true key "
        "customers better, by total revenue or by total margin? Answer (\"revenue\"/\"margin\", "
        "the better ranking's precision)", better_ranking,
        Decision(Choice(("revenue", "margin")), Number(rtol=1e-6),
                 figure_name="the precision"),
        mistakes=(
            Mistake("decision_ignores_figure",
                    "that is the weaker ranking: compare the two precisions and name the "
                    "higher one",
                    lambda base, exp: better_ranking(base, flip=True)),
            percent("precision"),
        ),
        reinforce="big customers are not automatically good customers (大客户不等于好客户).",
        worlds=("telecom",)),
)

CHAPTER = Chapter("ex03", "Identifying key customers (识别核心客户)",
                  "ex03_identifying_key_customers", "telecom", QUESTIONS)
