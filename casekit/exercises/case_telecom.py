"""Case study — the government & enterprise account manager (政企客户经理).

Notebook: ``cases/telecom_account_manager.ipynb`` (telecom world, class-pack aware). The student
takes over a portfolio of key accounts and SMEs (every open ``key_account`` and ``sme``
customer), reads it (ARPA, ARPU, the whale curve, the evaluation framework), spends a fixed
budget of account-manager hours, decides the fate of three unprofitable big customers, writes a
plan and a memo, and plays the world forward for the debrief.

Case constants (the same for everyone): the portfolio rule, the "last year" window (months
13–24), the hours budget and horizon. Every figure is computed from the student's own base: the
bills in plain pandas; the evaluation, the CLV estimate and the elastic flags with the course's
public functions (:func:`casekit.key_account_evaluation`, :func:`casekit.customer_clv`,
:func:`casekit.elastic_customers`), the plays with :func:`casekit.play_forward` — the case
checks how a student *uses* them.

Judgement questions use :class:`~casekit.check.Judgement` (choice + the figure that decides
it): the figure is checked on the student's data, the choice is checked to follow from the
student's figure by the stated rule, and the verdict says what was not checked. The written parts (SWOT, SMART goals, the
memo) have rubrics in :data:`RUBRICS` (shown in ``docs/teaching_guide.md``).
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from ..check import (Chapter, Choice, Count, Criterion, Judgement, Mistake, Number, Question,
                     Rubric, Written, judgement, judgement_question)

SEGMENTS = ("key_account", "sme")
#: "Last year": the 12 most recent observed months.
LAST_YEAR = (13, 24)
#: Extra account-manager hours a month the division gives you, and how long you plan for.
HOURS = 150.0
HOURS_MONTHS = 36
#: The pyramid's split (seed 001): top 10% of accounts get 60% of the time, next 30% get 30%,
#: the bottom 60% get 10%.
PYRAMID = ((0.1, 0.6), (0.3, 0.3), (0.6, 0.1))
LET_GO_MONTHS = 12


def portfolio(base) -> pd.DataFrame:
    """The accounts you take over: key accounts and SMEs that have not left."""
    c = base.customers
    return c[c["segment"].astype(str).isin(SEGMENTS) & ~c["churned"].astype(bool)]


def _window(base, first: int, last: int) -> pd.DataFrame:
    a = base.activity
    ids = portfolio(base)["customer_id"]
    return a[(a["period"] >= first) & (a["period"] <= last) & a["customer_id"].isin(ids)]


def arpa(base, per_line: bool = False, window=LAST_YEAR) -> float:
    """Revenue per account-month (ARPA) or per line-month (ARPU) over ``window``."""
    w = _window(base, *window)
    lines = portfolio(base).set_index("customer_id")["lines"]
    months = w.groupby("customer_id")["period"].count()
    denom = float((months * lines.reindex(months.index)).sum()) if per_line else float(
        months.sum())
    return float(w["revenue"].sum()) / denom


def last_year_margin(base, window=LAST_YEAR, measure: str = "margin") -> pd.Series:
    ids = portfolio(base)["customer_id"].to_numpy()
    return _window(base, *window).groupby("customer_id")[measure].sum().reindex(
        ids, fill_value=0.0)


def loss_makers(base, window=LAST_YEAR) -> int:
    return int((last_year_margin(base, window) < 0).sum())


def whale_peak(base, measure: str = "margin") -> float:
    """Highest cumulative margin (most profitable first) ÷ total margin, last year."""
    m = last_year_margin(base, measure=measure).sort_values(ascending=False).to_numpy()
    return float(np.cumsum(m).max() / m.sum())


def evaluation_vs_whale(base, all_customers: bool = False):
    """Do the accounts the evaluation framework calls key all make money? (yes/no, how many
    of them lost money last year)."""
    from casekit import key_account_evaluation
    ev = key_account_evaluation(base)
    key = set(ev.loc[ev["key"], "customer_id"])
    m = last_year_margin(base)
    if all_customers:
        a = base.activity
        a = a[(a["period"] >= LAST_YEAR[0]) & (a["period"] <= LAST_YEAR[1])]
        m = a.groupby("customer_id")["margin"].sum()
    n = int((m[m.index.isin(key)] < 0).sum())
    return ("no" if n > 0 else "yes", n)


def ranked(base) -> pd.Index:
    """Portfolio accounts by last year's revenue, largest first (ties: smaller id first)."""
    rev = last_year_margin(base, measure="revenue")
    frame = pd.DataFrame({"id": rev.index, "v": rev.to_numpy()})
    frame = frame.sort_values(["v", "id"], ascending=[False, True], kind="mergesort")
    return pd.Index(frame["id"].to_numpy(), name="customer_id")


def budget_hours(base) -> float:
    """The hours budget: HOURS a month, or the managers' capacity if smaller (a small class-pack
    base has few key accounts: capacity = am_capacity_per_key_account × key accounts)."""
    n_key = int((base.customers["segment"].astype(str) == "key_account").sum())
    return float(min(HOURS, base.params.values["am_capacity_per_key_account"] * n_key))


def hours_per_account(base, split: str = "pyramid", hours: float | None = None) -> pd.Series:
    """The monthly hours per portfolio account: the pyramid split or an equal split."""
    hours = budget_hours(base) if hours is None else hours
    ids = ranked(base)
    n = len(ids)
    h = pd.Series(hours / n, index=ids, name="hours")
    if split == "pyramid":
        cuts = np.round(np.cumsum([0.0] + [s for s, _ in PYRAMID]) * n).astype(int)
        for (lo, hi), (_, share) in zip(zip(cuts[:-1], cuts[1:]), PYRAMID):
            h.iloc[lo:hi] = hours * share / (hi - lo)
    return h


_PLAYED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _played(base, key, make):
    store = _PLAYED.setdefault(base, {})
    if key not in store:
        store[key] = make()
    return store[key]


def split_delta(base, split: str) -> float:
    from casekit import AccountHours, Plan, play_forward

    def make():
        plan = Plan(AccountHours(hours_per_account(base, split)))
        return float(play_forward(base, plan, periods=HOURS_MONTHS).summary().iloc[0]
                     ["delta_npv"])
    return _played(base, ("split", split), make)


def better_split(base, difference: bool = True):
    gap = split_delta(base, "pyramid") - split_delta(base, "equal")
    return ("pyramid" if gap > 0 else "equal", gap)


def three_worst(base, window=LAST_YEAR, worst: bool = True) -> pd.Series:
    """The three open key accounts with the lowest margin last year (ties: smaller id)."""
    c = portfolio(base)
    ids = c.loc[c["segment"].astype(str) == "key_account", "customer_id"]
    m = last_year_margin(base, window).reindex(ids)
    frame = pd.DataFrame({"id": m.index, "v": m.to_numpy()})
    frame = frame.sort_values(["v", "id"], ascending=[worst, True], kind="mergesort").head(3)
    return pd.Series(frame["v"].to_numpy(), index=pd.Index(frame["id"].to_numpy(),
                                                           name="customer_id"))


def elastic_flags(base, with_clv: bool = True, worst: bool = True) -> pd.Series:
    from casekit import customer_clv
    from casekit import elastic_customers
    clv = customer_clv(base).set_index("customer_id")["clv"] if with_clv else None
    el = elastic_customers(base, clv=clv).set_index("customer_id")["elastic"]
    return el.reindex(three_worst(base, worst=worst).index).astype(bool)


def elastic_count(base, with_clv: bool = True, worst: bool = True) -> int:
    return int(elastic_flags(base, with_clv, worst).sum())


def let_go_ids(base) -> list:
    flags = elastic_flags(base)
    return [int(i) for i in flags.index[~flags.to_numpy()]]


def let_go_decision(base, everyone: bool = False):
    """Let the non-elastic ones of the three go? (let_go/keep, ΔNPV over 12 months)."""
    from casekit import LetGo, Plan, play_forward
    ids = list(three_worst(base).index) if everyone else let_go_ids(base)
    if not ids:
        return ("keep", 0.0)

    def make():
        s = play_forward(base, Plan(LetGo(ids)), periods=LET_GO_MONTHS).summary()
        return float(s.iloc[0]["delta_npv"])
    d = _played(base, ("let_go", tuple(ids)), make)
    return ("let_go" if d > 0 else "keep", d)


_CHECKED = (
    Question(
        "case_telecom.q1", "ARPA of your portfolio last year (months 13–24): revenue per "
        "account per month active", arpa, Number(rtol=1e-6),
        mistakes=(
            Mistake("arpu_for_arpa", "that is per line (ARPU); ARPA divides by account-months",
                    lambda base, exp: arpa(base, per_line=True)),
            Mistake("whole_period", "you used all 24 months; last year is months 13–24",
                    lambda base, exp: arpa(base, window=(1, 24))),
        ),
        reinforce="an account pays for many lines: ARPA is what the account manager manages.",
        worlds=("telecom",)),
    Question(
        "case_telecom.q2", "ARPU of your portfolio last year: revenue per line per month active",
        lambda base: arpa(base, per_line=True), Number(rtol=1e-6),
        mistakes=(
            Mistake("arpa_for_arpu", "that is per account (ARPA); ARPU divides by line-months "
                    "(lines × months active)", lambda base, exp: arpa(base)),
        ),
        reinforce="ARPU compares with the consumer market; ARPA with the account's budget.",
        worlds=("telecom",)),
    Question(
        "case_telecom.q3", "How many of your accounts lost money last year (margin < 0 over "
        "months 13–24)?", loss_makers, Count("accounts"),
        mistakes=(
            Mistake("whole_period", "you summed all 24 months; last year is months 13–24",
                    lambda base, exp: loss_makers(base, window=(1, 24))),
        ),
        reinforce="the whale's tail: these accounts eat part of what the others earn.",
        worlds=("telecom",)),
    Question(
        "case_telecom.q4", "The peak of your portfolio's whale curve last year: highest "
        "cumulative margin ÷ total margin (most profitable first)", whale_peak,
        Number(rtol=1e-6),
        mistakes=(
            Mistake("revenue", "with revenue nobody loses money and the curve peaks at 1; "
                    "the whale curve uses margin",
                    lambda base, exp: whale_peak(base, measure="revenue")),
        ),
        reinforce="above 1: the profitable accounts earn more than the portfolio's total.",
        worlds=("telecom",)),
    judgement_question(
        "case_telecom.q5", "Does the key-account evaluation (ck.key_account_evaluation) agree "
        "with the whale curve — do all the accounts it calls key in your portfolio make money? "
        "Answer (\"yes\"/\"no\", how many of them lost money last year)",
        evaluation_vs_whale,
        Judgement(Choice(("yes", "no")), Count("accounts"),
                  lambda n: "yes" if n == 0 else "no",
                  "they agree (yes) only when none of the key accounts lost money",
                  figure_name="loss-making key accounts"),
        mistakes=(
            Mistake("whole_base", "count only your portfolio (open key accounts and SMEs)",
                    lambda base, exp: evaluation_vs_whale(base, all_customers=True)),
        ),
        reinforce="a framework of potential and position does not look at the bill: "
                  "reconcile it with margin before you invest.",
        worlds=("telecom",)),
    judgement_question(
        "case_telecom.q6", f"Spend {HOURS:g} extra hours a month for {HOURS_MONTHS} months: "
        "the pyramid (10/30/60 of accounts by last year's revenue get 60/30/10 of the hours) "
        "or an equal split? Answer (split, ΔNPV of the pyramid minus ΔNPV of the equal split)",
        better_split,
        judgement(("pyramid", "equal"), lambda gap: "pyramid" if gap > 0 else "equal",
                  "the pyramid when its ΔNPV exceeds the equal split's (difference > 0)",
                  figure_name="ΔNPV difference", rtol=1e-6),
        mistakes=(
            Mistake("pyramid_only", "that is the pyramid's own ΔNPV against no plan; the "
                    "choice rests on the difference between the two splits",
                    lambda base, exp: split_delta(base, "pyramid")),
        ),
        reinforce="time has diminishing returns: put it where the value is.",
        worlds=("telecom",)),
    Question(
        "case_telecom.q7", "The three open key accounts with the lowest margin last year: how "
        "many are elastic (ck.elastic_customers with the estimated CLV of ck.customer_clv)?",
        elastic_count, Count("accounts"),
        mistakes=(
            Mistake("descending", "you took the three key accounts with the *highest* margin; "
                    "the case is about the three with the lowest (sort ascending)",
                    lambda base, exp: elastic_count(base, worst=False)),
        ),
        reinforce="unprofitable is not the same as worthless.",
        worlds=("telecom",)),
    judgement_question(
        "case_telecom.q8", "Let the non-elastic ones of the three go (ck.LetGo)? Play it "
        f"forward {LET_GO_MONTHS} months. Answer (\"let_go\"/\"keep\", ΔNPV; 0 and keep if "
        "all three are elastic)", let_go_decision,
        Judgement(Choice(("let_go", "keep")), Number(rtol=1e-6, atol=1e-6),
                  lambda d: "let_go" if d > 0 else "keep",
                  "let go when ΔNPV > 0 (keep at 0: nobody to let go)", figure_name="ΔNPV"),
        mistakes=(
            Mistake("all_three", "you let all three go; the elastic ones stay (seed 003)",
                    lambda base, exp: let_go_decision(base, everyone=True)[1]),
        ),
        reinforce="let go only what cannot turn — and check it against the same future.",
        worlds=("telecom",)),
)

#: Rubrics of the written answers (criteria with levels excellent / adequate / insufficient,
#: an exemplary answer on the shipped data); the instructor notebook shows them.
RUBRICS = {
    "swot_plan": Rubric(
        (Criterion("SWOT items each backed by a figure from the account's bills or record",
                   ("every item with its figure", "some items", "generic ('strong brand')")),
         Criterion("SMART goals (a number, a date, an owner) that follow from the SWOT",
                   ("ck.check_smart passes and the goal answers the SWOT",
                    "SMART but unrelated to the SWOT", "a wish")),
         Criterion("Actions that are casekit actions with their cost (hours, RMB)",
                   ("a ck.Plan with its cost", "actions without cost", "none")),
         Criterion("A revenue plan: the played-forward figures, not a wish",
                   ("played-forward figures quoted", "a forecast without play", "a wish"))),
        "Account 214 (government, 402 lines). S: 24-month contract with 17 months "
        "left, satisfaction 5, two champions (decision maker and buyer). W: margin fell to "
        "RMB 5.8k in its second quarter (16.9k in the first), 2 complaints. O: revenue up "
        "from RMB 86k to 110k a quarter over two years, 83 lines added. T: 2 alternative "
        "suppliers. Goal: renew the contract for 24 months by the end of Q2 2026 and keep the "
        "quarterly margin at RMB 26k (account manager). Actions: no extra hours — 10 more a "
        "month lose RMB 9k over 12 months; meet the champions before renewal. Revenue plan: "
        "the played-forward figures of these actions."),
    "memo": Rubric(
        (Criterion("One page, recommendation first",
                   ("decisions in the first lines", "decisions at the end", "no decision")),
         Criterion("Portfolio figures: ARPA, loss-makers, whale peak",
                   ("all three", "one or two", "none")),
         Criterion("Hours: split and its ΔNPV; the three accounts: decision per account and "
                   "why (elastic or not)",
                   ("each decision with its figure", "decisions without figures",
                    "no decisions")),
         Criterion("What could go wrong and what you will watch",
                   ("a named risk and a signal to watch", "a generic risk", "none"))),
        "Portfolio: 220 accounts, ARPA RMB 2,152 a month; 70 lost money last "
        "year and the whale peaks at 178 % — the framework's 'key' list includes "
        "37 of them, so I reconcile it with margin before investing. Hours: the "
        "pyramid split loses RMB 186k less than an equal split over three years, "
        "but both lose money at RMB 112.5 an hour: I ask to spend fewer. Three "
        "loss-making accounts: let 541 and 1554 go (one trait each, not elastic; +RMB 207k "
        "over 12 months), keep 639 (two traits) under review for two quarters — although "
        "the seed's cash-drain precondition says drop it. Watch: the flag reads traits "
        "from records — verify them with the account teams."),
}

_WRITTEN = (
    judgement_question(
        "case_telecom.q9", "Written — the account plan: SWOT → SMART goals → actions → revenue "
        "plan (at least 60 words, naming a strength, a weakness, an opportunity and a threat)",
        lambda base: {},
        Written(RUBRICS["swot_plan"], min_words=60,
                must_mention=(("strength", "S:", "优势"), ("weakness", "W:", "弱点", "劣势"),
                              ("opportunity", "O:", "机会", "机遇"), ("threat", "T:", "威胁"))),
        worlds=("telecom",), needs_base=False),
    judgement_question(
        "case_telecom.q10", "Written — the one-page memo to the director (at least 80 words)",
        lambda base: {}, Written(RUBRICS["memo"], min_words=80),
        worlds=("telecom",), needs_base=False),
)

QUESTIONS = _CHECKED + _WRITTEN

CHAPTER = Chapter("case_telecom", "Case: the government & enterprise account manager "
                  "(政企客户经理)", "telecom_account_manager", "telecom", QUESTIONS)

