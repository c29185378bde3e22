"""Exercise 02 — not all customers are equal: 80/20, Lorenz/Gini, the whale curve, 80/20/30.

Notebook: ``exercises/ex02_not_all_customers_are_equal.ipynb`` (telecom world). The Pareto
questions (q1, q2) also fit the tobacco world; the whale-curve questions need customers who lose
money, which tobacco retailers (paid a margin on every carton) do not.
"""

from __future__ import annotations

import numpy as np

from ..check import Chapter, Decision, Mistake, Number, Question, Ranking, percent
from ._data import ascending, cum_share, curve_at, descending, totals

#: Cost to serve per active customer-period for the widget question (RMB).
WIDGET_COST = 5.0


def customers_for_80(base, column="revenue", ascending_order=False):
    """Smallest share of customers (largest first) whose revenue reaches 80% of the total."""
    cs = cum_share(totals(base, column), ascending_order=ascending_order)
    k = int(np.argmax(cs >= 0.80 - 1e-12)) + 1
    return k / len(cs)


def gini_of(values, descending_order=False):
    """G = 2·Σ i·x_i / (n·Σx) − (n+1)/n with x sorted ascending (i = 1..n)."""
    x = np.sort(values.to_numpy())
    if descending_order:
        x = x[::-1]
    n = len(x)
    i = np.arange(1, n + 1)
    return float(2 * (i * x).sum() / (n * x.sum()) - (n + 1) / n)


def _profits(base, column="margin"):
    t = totals(base, column)
    if t.sum() <= 0:
        raise ValueError(f"the total {column} of this dataset is {t.sum():,.0f} RMB (≤ 0), so a "
                         "whale curve (a share of total profit) is undefined")
    return t


def whale_peak(base, column="margin"):
    return float(cum_share(_profits(base, column)).max())


def unprofitable_share(base):
    return float((totals(base, "margin") < 0).mean())


def bottom30(base, top=False):
    """Share of total profit made by the least (or, wrongly, the most) profitable 30%."""
    cs = cum_share(_profits(base))
    if top:
        return curve_at(cs, 0.30)
    return 1.0 - curve_at(cs, 0.70)


def top5(base, column="margin", how="best"):
    t = totals(base, column)
    if how == "worst":
        return tuple(int(i) for i in ascending(t).index[:5])
    ids = tuple(int(i) for i in descending(t).index[:5])
    return ids[::-1] if how == "reversed" else ids


def drop_bottom(base):
    after = 1.0 - bottom30(base)
    return ("yes" if after > 1.0 else "no", after)


def whale_peak_with_cost(base, cost=WIDGET_COST):
    act = base.activity
    profit = _profits(base) - cost * act.groupby("customer_id").size().reindex(
        base.customers["customer_id"].to_numpy(), fill_value=0).to_numpy()
    if profit.sum() <= 0:
        raise ValueError(f"with a cost to serve of RMB {cost:g} the total profit is ≤ 0, so a "
                         "whale curve is undefined")
    return float(cum_share(profit).max())


QUESTIONS = (
    Question(
        "ex02.q1", "Smallest share of customers (largest first) that brings 80% of revenue "
        "(a fraction)", customers_for_80, Number(rtol=1e-6),
        mistakes=(
            Mistake("ascending",
                    "you sorted ascending (smallest first): that many small customers are "
                    "needed for 80%; sort descending — the 80/20 rule counts the biggest "
                    "customers first",
                    lambda base, exp: customers_for_80(base, ascending_order=True)),
            Mistake("margin_for_revenue",
                    "you used *margin*; the question is about *revenue*",
                    lambda base, exp: customers_for_80(base, "margin")),
            percent("share of customers"),
        ),
        reinforce="that is the size of class A in an ABC analysis (80% cut-off).",
    ),
    Question(
        "ex02.q2", "Gini coefficient of the customers' total revenue", 
        lambda base: gini_of(totals(base, "revenue")), Number(rtol=1e-4),
        mistakes=(
            Mistake("descending",
                    "a negative Gini: the formula 2·Σ i·x_i/(n·Σx) − (n+1)/n needs the values "
                    "sorted *ascending* (smallest first, like the Lorenz curve); you sorted "
                    "descending",
                    lambda base, exp: gini_of(totals(base, "revenue"), descending_order=True)),
            Mistake("margin_for_revenue",
                    "you used *margin*; the Gini here is of *revenue* (margin can be "
                    "negative, which the Lorenz curve does not allow)",
                    lambda base, exp: gini_of(totals(base, "margin"))),
            percent("coefficient"),
        ),
        reinforce="0 means all customers equal; the closer to 1, the more concentrated.",
    ),
    Question(
        "ex02.q3", "Height of the whale curve's peak: highest cumulative margin as a share of "
        "total margin (customers ranked by total margin, most profitable first; e.g. 2.25)",
        whale_peak, Number(rtol=1e-4),
        mistakes=(
            Mistake("revenue_for_margin",
                    "a peak of exactly 1.0 (100%): revenue is never negative, so a revenue "
                    "curve never rises above 100% — cumulate *margin*, most profitable first "
                    "(sorting ascending gives 1.0 too)",
                    lambda base, exp: whale_peak(base, "revenue")),
            percent("share"),
        ),
        reinforce="everything above 100% is profit the loss-making customers eat up again.",
        worlds=("telecom",),
    ),
    Question(
        "ex02.q4", "Share of customers who are unprofitable (total margin over the observation "
        "below 0; a fraction)", unprofitable_share, Number(rtol=1e-6),
        mistakes=(
            Mistake("per_period",
                    "you counted customer-periods with a negative margin; count *customers* "
                    "whose total margin is negative",
                    lambda base, exp: float((base.activity["margin"] < 0).mean())),
            percent("share of customers"),
        ),
        reinforce="the whale curve peaks exactly where these customers start.",
        worlds=("telecom",),
    ),
    Question(
        "ex02.q5", "Share of total margin made by the least profitable 30% of customers "
        "(negative when they lose money; a fraction)", bottom30, Number(rtol=1e-4),
        mistakes=(
            Mistake("descending",
                    "that is the share of the *most* profitable 30%; the question asks about "
                    "the *least* profitable 30% (the end of the whale curve)",
                    lambda base, exp: bottom30(base, top=True)),
            Mistake("sign",
                    "right size, wrong sign: the bottom 30% *lose* money, so their share of "
                    "total profit is negative",
                    lambda base, exp: -exp),
            percent("share"),
        ),
        reinforce="Sherden's 80/20/30: the bottom 30% eat part of what the top 20% make.",
        worlds=("telecom",),
    ),
    Question(
        "ex02.q6", "The 5 most profitable customers (customer_id, by total margin, most "
        "profitable first)", top5, Ranking(5),
        mistakes=(
            Mistake("ascending",
                    "you sorted ascending: these are the 5 *least* profitable customers; sort "
                    "descending (ascending=False) or use nlargest",
                    lambda base, exp: top5(base, how="worst")),
            Mistake("reversed",
                    "the right 5 customers, but listed smallest first: list the most "
                    "profitable first",
                    lambda base, exp: top5(base, how="reversed")),
            Mistake("revenue_for_margin",
                    "these are the top 5 by *revenue*; the question ranks by *margin* (big "
                    "customers are not always the profitable ones)",
                    lambda base, exp: top5(base, "revenue")),
        ),
        reinforce="big is not the same as profitable (大客户不等于好客户).",
        worlds=("telecom",),
    ),
    Question(
        "ex02.q7", f"Widget: set the whale curve's cost-to-serve slider to RMB {WIDGET_COST:g} "
        "per customer-period. What peak height (a share of total profit) does it show?",
        whale_peak_with_cost, Number(rtol=0.0, atol=0.0051),
        mistakes=(
            Mistake("no_cost",
                    "that is the peak without the cost to serve — move the slider first",
                    lambda base, exp: whale_peak(base)),
            percent("share"),
        ),
        reinforce="a cost per customer-period turns small customers into loss-makers and "
                  "raises the whale.",
        worlds=("telecom",),
    ),
    Question(
        "ex02.q8", "Would dropping the least profitable 30% raise total profit (if nothing "
        "else changed)? Answer (\"yes\"/\"no\", the profit left as a share of today's total)",
        drop_bottom, Decision(figure=Number(rtol=1e-4), figure_name="the profit left"),
        mistakes=(
            Mistake("decision_ignores_figure",
                    "the figure is right, but the decision does not follow from it: profit "
                    "rises exactly when the share left is above 1",
                    lambda base, exp: ("no" if exp[0] == "yes" else "yes", exp[1])),
            Mistake("bottom_share_given",
                    "that is the bottom 30%'s own share; the figure asked is what is *left* "
                    "after dropping them: 1 − their share",
                    lambda base, exp: bottom30(base)),
            percent("share"),
        ),
        reinforce="profit rises exactly when the share left is above 1 — but before dropping "
                  "anyone, exercise 03 asks which of them are elastic customers worth keeping.",
        worlds=("telecom",),
    ),
)

CHAPTER = Chapter("ex02", "Not all customers are equal (客户的选择)",
                  "ex02_not_all_customers_are_equal", "telecom", QUESTIONS)
