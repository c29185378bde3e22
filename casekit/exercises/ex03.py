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


def _elastic_frame(base):
    m = totals(base, "margin")
    clv = base.truth.set_index("customer_id")["true_clv"].reindex(m.index)
    return pd.DataFrame({"margin": m, "clv": clv})


def elastic_count(base, clv_positive=True):
    f = _elastic_frame(base)
    return int(((f["margin"] < 0) & ((f["clv"] > 0) == clv_positive)).sum())


def keep_elastic(base, figure="clv"):
    f = _elastic_frame(base)
    el = f[(f["margin"] < 0) & (f["clv"] > 0)]
    if el.empty:
        raise ValueError("this dataset has no elastic customer (loss today, positive true CLV)")
    best = el.sort_values(["clv"], ascending=False, kind="mergesort").iloc[0]
    return ("yes", float(best["clv"] if figure == "clv" else best["margin"]))


def _true_key(base):
    tr = base.truth
    return set(tr.loc[(tr["true_tier"] == "key").to_numpy(), "customer_id"].tolist())


def _chosen(base, column, share):
    t = totals(base, column)
    return set(descending(t).index[:_k(len(t), share)].tolist())


def precision(base, column="revenue", share=0.20, recall=False):
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
        "ex03.q4", "Elastic customers (弹性客户): how many customers lose money over the "
        "observation (total margin < 0) but have a positive true lifetime value "
        "(truth.true_clv > 0)?", elastic_count, Count("customers"),
        mistakes=(
            Mistake("negative_clv",
                    "you counted loss-makers whose lifetime value is *not* positive — those "
                    "are the ones to reconsider; elastic customers have true_clv > 0",
                    lambda base, exp: elastic_count(base, clv_positive=False)),
            Mistake("revenue_for_margin",
                    "revenue is never negative; 'losing money' means a negative *margin*",
                    lambda base, exp: 0),
        ),
        reinforce="they lose money today but are worth keeping — do not simply drop them.",
        worlds=("telecom",)),
    Question(
        "ex03.q5", "Judgement: take the elastic customer with the highest true CLV. Keep it? "
        "Answer (\"yes\"/\"no\", the figure that decides it)", keep_elastic,
        Decision(figure=Number(rtol=1e-6), figure_name="the deciding figure"),
        mistakes=(
            Mistake("current_margin",
                    "that is what the customer earns (loses) *today*; the figure that decides "
                    "is its lifetime value (true_clv)",
                    lambda base, exp: keep_elastic(base, figure="margin")[1]),
            Mistake("decision_ignores_figure",
                    "the figure is right, but the decision does not follow from it: a positive "
                    "lifetime value means dropping the customer gives that value away",
                    lambda base, exp: ("no", exp[1])),
        ),
        reinforce="ants can grow into elephants (蚂蚁能够长成大象): value the lifetime, not "
                  "this year.",
        worlds=("telecom",)),
    Question(
        "ex03.q6", "Choose the top 20% of customers by total revenue as 'key'. What is the "
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
