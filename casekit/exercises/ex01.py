"""Exercise 01 — customer bases (客户基础): size, ARPA and ARPU, churn, concentration,
volatility.

Notebook: ``exercises/ex01_customer_bases.ipynb`` (telecom world).
"""

from __future__ import annotations

import numpy as np

from ..check import Chapter, Choice, Count, Decision, Mistake, Number, Question, percent
from ._data import active_in, churn_between, cum_share, curve_at, totals

#: The month whose churn the exercise asks about (customers active in it, gone the next).
CHURN_PERIOD = 12


def n_customers(base):
    return len(base.customers)


def arpa(base):
    """ARPA (客户ARPA值): revenue per active *account*-month — the mean of the monthly bills."""
    return float(base.activity["revenue"].mean())


def _line_months(base):
    """Lines held in each active account-month (an account's lines are fixed)."""
    lines = base.customers.set_index("customer_id")["lines"]
    return base.activity["customer_id"].map(lines).astype(float)


def arpu(base):
    """ARPU (ARPU值): revenue per active *line*-month = total revenue ÷ total line-months."""
    return float(base.activity["revenue"].sum() / _line_months(base).sum())


def arpu_mean_of_ratios(base):
    """A mistake: the mean of each account-month's bill per line (every account weighs 1)."""
    return float((base.activity["revenue"] / _line_months(base)).mean())


def churn12(base):
    return churn_between(base, CHURN_PERIOD)


def top20_share(base, column="revenue", ascending=False):
    """Share of the total held by the top 20% (the Pareto curve read at 0.2)."""
    return curve_at(cum_share(totals(base, column), ascending_order=ascending), 0.20)


def slider_value(base):
    """The retention rate the student sets on the slider: 1 − churn, 2 decimals, ≤ 0.99."""
    return float(min(round(1.0 - churn12(base), 2), 0.99))


def lifetime_shown(base, r=None):
    r = slider_value(base) if r is None else r
    return 1.0 / (1.0 - r)


def monthly_margin(base):
    return base.activity.groupby("period")["margin"].sum()


#: The contracts of the telecom world, in the order of its datasheet.
CONTRACTS = ("month_to_month", "12_month", "24_month")


def churned_by_contract(base):
    """Share of customers who churned during the observation, per contract at the start."""
    c = base.customers
    return c.groupby(c["contract"].astype(str))["churned"].mean()


def best_contract(base, worst=False):
    s = churned_by_contract(base)
    pick = s.idxmax() if worst else s.idxmin()
    return (str(pick), float(s[pick]))


def concentrated(base):
    share = top20_share(base)
    return ("yes" if share >= 0.80 else "no", share)


QUESTIONS = (
    Question(
        "ex01.q1", "How many customers are in the base?", n_customers, Count("customers"),
        mistakes=(
            Mistake("rows_for_customers",
                    "you counted rows of `activity` — one per customer and month — not "
                    "customers; count the rows of `base.customers` (or unique customer_id)",
                    lambda base, exp: len(base.activity)),
        ),
        reinforce="`customers` has one row per customer; `activity` one per customer-month.",
        worlds=("telecom", "tobacco")),
    Question(
        "ex01.q2", "ARPA: average revenue per active account-month (RMB)", arpa,
        Number(rtol=1e-3, unit="RMB per account-month"),
        mistakes=(
            Mistake("arpu_for_arpa",
                    "that is revenue per *line*-month (ARPU, Q9); ARPA (客户ARPA值) is per "
                    "*account*: the mean of the monthly bills, whatever the number of lines",
                    lambda base, exp: arpu(base) if "lines" in base.customers else None),
            Mistake("margin_for_revenue",
                    "that is the average *margin*; ARPA is average *revenue* per account — use "
                    "the `revenue` column",
                    lambda base, exp: float(base.activity["margin"].mean())),
            Mistake("per_customer_total",
                    "you averaged each customer's *total* over the whole observation; ARPA is "
                    "per account *per month* — average the monthly bills",
                    lambda base, exp: float(base.activity.groupby("customer_id")["revenue"]
                                            .sum().mean())),
            Mistake("all_periods",
                    "you divided by all customers × all months, including months after a "
                    "customer left; ARPA counts active account-months only (the rows of "
                    "`activity`)",
                    lambda base, exp: float(base.activity["revenue"].sum()
                                            / (len(base.customers) * base.params.periods))),
        ),
        reinforce="ARPA (客户ARPA值) is revenue per active account-month; a key account with "
                  "500 lines counts once.",
        worlds=("telecom",)),
    Question(
        "ex01.q3", f"Monthly churn rate in month {CHURN_PERIOD}: share of the customers active "
        f"in month {CHURN_PERIOD} who are gone in month {CHURN_PERIOD + 1} (a fraction)",
        churn12, Number(rtol=1e-3),
        mistakes=(
            Mistake("retention_for_churn",
                    "that is the *retention* rate (the share who stayed); churn is the share "
                    "who left: churn = 1 − retention",
                    lambda base, exp: 1.0 - exp),
            percent("churn rate"),
            Mistake("off_by_one",
                    f"off by one period: you measured churn between months "
                    f"{CHURN_PERIOD - 1} and {CHURN_PERIOD}; the question asks who, active in "
                    f"month {CHURN_PERIOD}, is gone in month {CHURN_PERIOD + 1}",
                    lambda base, exp: churn_between(base, CHURN_PERIOD - 1)),
            Mistake("wrong_denominator",
                    f"divide by the customers at risk — those active in month {CHURN_PERIOD} — "
                    f"not by those active in month {CHURN_PERIOD + 1}",
                    lambda base, exp: _churn_over_next(base)),
        ),
        reinforce="churn (流失率) counts who left out of who could leave.",
        worlds=("telecom",)),
    Question(
        "ex01.q4", "Share of total revenue brought by the top 20% of customers (by their total "
        "revenue over the observation; a fraction)",
        top20_share, Number(rtol=1e-3),
        mistakes=(
            Mistake("ascending",
                    "you sorted ascending: that is the share of the *bottom* 20%; sort "
                    "descending (largest first) before taking the top 20%",
                    lambda base, exp: top20_share(base, ascending=True)),
            Mistake("margin_for_revenue",
                    "you ranked by *margin*; the question asks for the share of *revenue* "
                    "(rank and sum the `revenue` column)",
                    lambda base, exp: top20_share(base, "margin")),
            percent("share"),
        ),
        reinforce="the 80/20 rule (二八法则) compares this share with 0.80.",
        worlds=("telecom", "tobacco")),
    Question(
        "ex01.q5", "Is revenue at least as concentrated as the 80/20 rule says (top 20% bring "
        "≥ 80%)? Answer (\"yes\"/\"no\", the top-20% share)",
        concentrated, Decision(figure=Number(rtol=1e-3), figure_name="the top-20% share"),
        mistakes=(
            Mistake("decision_ignores_figure",
                    "the share is right, but compare it with 0.80: the answer is \"yes\" when "
                    "the share is at least 0.80, \"no\" otherwise",
                    lambda base, exp: ("no" if exp[0] == "yes" else "yes", exp[1])),
            percent("share"),
        ),
        reinforce="the rule of thumb is a claim you can test on every base.",
        worlds=("telecom", "tobacco")),
    Question(
        "ex01.q6", "Widget: set the retention slider to your month-12 retention rate "
        "(1 − churn, 2 decimals, at most 0.99). What expected lifetime (months) does it show?",
        lifetime_shown, Number(rtol=0.0, atol=0.051, unit="months"),
        mistakes=(
            Mistake("churn_for_retention",
                    "you set the slider to the *churn* rate; the slider wants the *retention* "
                    "rate: 1 − churn",
                    lambda base, exp: lifetime_shown(base, min(max(round(churn12(base), 2),
                                                                   0.5), 0.99))),
        ),
        reinforce="expected lifetime = 1 / (1 − r): small changes in r near 1 matter a lot.",
        worlds=("telecom",)),
    Question(
        "ex01.q7", "Standard deviation of the base's total monthly margin across the observed "
        "months, treating the months as a sample (RMB)",
        lambda base: float(monthly_margin(base).std(ddof=1)), Number(rtol=1e-3, unit="RMB"),
        mistakes=(
            Mistake("ddof",
                    "that is the *population* standard deviation (ddof=0, numpy's default); "
                    "the months are a sample — use ddof=1 (pandas' default)",
                    lambda base, exp: float(monthly_margin(base).std(ddof=0))),
            Mistake("revenue_for_margin",
                    "you used *revenue*; the question asks about *margin*",
                    lambda base, exp: float(base.activity.groupby("period")["revenue"].sum()
                                            .std(ddof=1))),
        ),
        reinforce="a sample standard deviation divides by n − 1 (ddof=1).",
        worlds=("telecom", "tobacco")),
    Question(
        "ex01.q8", "Which contract keeps its customers best? Answer (the contract, the share of "
        "its customers who churned during the observation)",
        best_contract, Decision(Choice(CONTRACTS), Number(rtol=1e-6),
                                figure_name="the churned share"),
        mistakes=(
            Mistake("descending",
                    "that is the contract that loses the *most* customers; the question asks "
                    "which one keeps them best (the lowest churned share)",
                    lambda base, exp: best_contract(base, worst=True)),
            Mistake("retention_for_churn",
                    "the figure asked is the share who *churned*; you gave the share who "
                    "stayed (retention = 1 − churn)",
                    lambda base, exp: 1.0 - exp[1]),
            percent("share"),
        ),
        reinforce="contracts (合约期) with an early-termination fee hold customers — until "
                  "they run out.",
        worlds=("telecom",)),
    Question(
        "ex01.q9", "ARPU: average revenue per active line-month (RMB) — total revenue ÷ the "
        "lines held over the active account-months",
        arpu, Number(rtol=1e-3, unit="RMB per line-month"),
        mistakes=(
            Mistake("arpa_for_arpu",
                    "that is revenue per *account*-month (ARPA, Q2); ARPU (ARPU值) is per "
                    "*line* (号码): divide total revenue by the line-months — each active "
                    "account-month counts its `lines`",
                    lambda base, exp: arpa(base)),
            Mistake("mean_of_ratios",
                    "you averaged each bill per line, so a consumer with 1 line weighs as much "
                    "as a key account with hundreds; ARPU is a ratio of totals: total revenue "
                    "÷ total line-months",
                    lambda base, exp: arpu_mean_of_ratios(base)),
        ),
        reinforce="operators report ARPU per line (每用户 = per number); ARPA per account is "
                  "larger by the mean number of lines.",
        worlds=("telecom",)),
)


def _churn_over_next(base):
    now, nxt = active_in(base, CHURN_PERIOD), active_in(base, CHURN_PERIOD + 1)
    return float((~np.isin(now, nxt)).sum() / len(nxt))


CHAPTER = Chapter("ex01", "Customer bases (客户基础)", "ex01_customer_bases", "telecom",
                  QUESTIONS)
