"""Exercise 09 — managing key accounts (大客户管理): judgement questions.

Notebook: ``exercises/ex09_managing_key_accounts.ipynb`` (telecom world). Most questions are
*judgements* (issue 14 §3): the student chooses (a decision, a ranking) AND gives the figure
that decides it; :class:`casekit.check.Judgement` checks the figure against the student's
data and that the choice follows from it by the stated rule, and says that the reason in
words is not checked. The last question is a written SWOT memo graded with a rubric.

Expected figures are computed here in plain numpy/pandas where the kit's definition is short
(bill trend, margins, shares, hours); the stage diagnosis, the on-demand contacts and the
played-forward futures come from casekit itself (they *are* the world's data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..check import (Chapter, Choice, Criterion, Judgement, Mistake, Number, OptionRanking,
                     Question, Rubric, Vector, Written, judgement, judgement_question)

W = ("telecom",)
BUDGET_LEVEL = 3                  # q1: the cost of reaching this information level
INSIGHT_LIFT = 0.05               # q3: level-4 insight lifts the account's annual margin by 5 %
HOURS_PER_LINE = 0.1              # q8: hours a month each line of a key customer needs
TEAM = {"Li Na": "account_manager", "Wang Wei": "account_manager",
        "Zhao Lei": "solution_engineer", "Chen Jing": "service_rep"}
ROLE_SHARE = {"account_manager": 0.6, "solution_engineer": 0.4, "service_rep": 0.5}
CELLS = ("star", "cash_cow", "question_mark", "dog")
PLANS = ("care", "hours", "light_care")
BUYERS = ("decision_maker", "buyer", "user")
GOALS = {"a": "Deepen our relationship with the customer's management",
         "b": "Add 30 dedicated lines for the customer's new branches",
         "c": "Raise the account's monthly revenue by 8% by the end of Q2 2026"}


# --------------------------------------------------------------------------------------------
# Plain-pandas building blocks
# --------------------------------------------------------------------------------------------


def focus(base) -> int:
    """The focus account: the active key account with the largest total revenue."""
    c = base.customers
    ka = c[(c["segment"].astype(str) == "key_account") & ~c["churned"]]
    return int(ka.sort_values(["total_revenue", "customer_id"], ascending=[False, True])
               ["customer_id"].iloc[0])


def bill_trend(base, cid=None, annualise=True, log=True) -> float:
    """Least-squares slope of log monthly revenue over the account's last 12 months, ×12."""
    cid = focus(base) if cid is None else cid
    a = base.activity[base.activity["customer_id"] == cid].sort_values("period").tail(12)
    y = np.log(np.maximum(a["revenue"].to_numpy(float), 1.0)) if log else \
        a["revenue"].to_numpy(float)
    slope = float(np.polyfit(a["period"].to_numpy(float), y, 1)[0])
    return slope * (12 if annualise else 1)


def _stage_rule(trend: float) -> str:
    return "growth" if trend > 0.05 else ("dormancy" if trend < -0.05 else "neither")


def stage_call(base):
    t = bill_trend(base)
    return (_stage_rule(t), t)


def info_cost(base, level=BUDGET_LEVEL, cumulative=True) -> float:
    from ..manage import INFO_LEVELS
    rate = float(base.params.values["am_hour_cost"])
    rows = INFO_LEVELS.loc[:level] if cumulative else INFO_LEVELS.loc[[level]]
    return float((rows["hours"] * rate + rows["fees"]).sum())


def info_share(base, cumulative=True) -> float:
    """The cost of level-3 information as a share of the focus account's annual revenue."""
    return info_cost(base, cumulative=cumulative) / (12 * _monthly_margin(base,
                                                                          column="revenue"))


def _monthly_margin(base, cid=None, column="margin") -> float:
    cid = focus(base) if cid is None else cid
    a = base.activity[base.activity["customer_id"] == cid]
    return float(a[column].mean())


def insight_value(base, forget_level3=False, column="margin") -> float:
    gain = INSIGHT_LIFT * 12 * _monthly_margin(base, column=column)
    cost = info_cost(base, 4, cumulative=False) + (0 if forget_level3 else
                                                   info_cost(base, 3, cumulative=False))
    return gain - cost


def insight_call(base):
    v = insight_value(base)
    return ("yes" if v > 0 else "no", v)


def opposition(base, how="weight") -> np.ndarray:
    """influence × (2 − attitude) of the decision maker, buyer and user (first of each)."""
    from ..manage import contacts
    c = contacts(base, focus(base)).drop_duplicates("role").set_index("role").loc[list(BUYERS)]
    inf, att = c["influence"].to_numpy(float), c["attitude"].to_numpy(float)
    if how == "attitude":
        return 2 - att
    if how == "support":
        return inf * att
    return inf * (2 - att)


def _rank(names):
    def rule(fig):
        order = np.argsort(-np.asarray(fig, float), kind="stable")
        return tuple(np.asarray(names)[order])
    return rule


def win_over(base):
    f = opposition(base)
    return (_rank(BUYERS)(f), f)


def _matrix(base) -> pd.DataFrame:
    c = base.customers
    acc = c[c["segment"].astype(str).isin(["key_account", "sme"]) & ~c["churned"]]
    ids = acc["customer_id"].to_numpy()
    value = acc.set_index("customer_id")["total_margin"] / acc.set_index("customer_id")[
        "months_active"].clip(lower=1)
    growth = pd.Series([bill_trend(base, int(i)) if (base.activity["customer_id"] == i).sum()
                        >= 3 else 0.0 for i in ids], index=ids)
    hv, hg = value >= value.median(), growth >= growth.median()
    cell = np.where(hv & hg, "star", np.where(hv, "cash_cow", np.where(hg, "question_mark",
                                                                       "dog")))
    return pd.DataFrame({"value": value, "cell": cell})


def cell_margins(base, column="total_margin") -> np.ndarray:
    """Monthly margin (or revenue) of the accounts in each cell, RMB, in CELLS order."""
    m = _matrix(base)
    c = base.customers.set_index("customer_id").loc[m.index]
    per = c[column] / c["months_active"].clip(lower=1)
    return per.groupby(m["cell"]).sum().reindex(CELLS, fill_value=0.0).to_numpy()


def _argmax(fig):
    return CELLS[int(np.argmax(np.asarray(fig, float)))]


def matrix_call(base):
    s = cell_margins(base)
    return (_argmax(s), s)


def big_not_good_margin(base) -> float:
    from ..manage import relationship_kinds
    k = relationship_kinds(base)
    c = base.customers.set_index("customer_id").loc[k[k == "big_not_good"].index]
    return float((c["total_margin"] / c["months_active"].clip(lower=1)).sum())


def review_call(base):
    v = big_not_good_margin(base)
    return ("yes" if v < 0 else "no", v)


def coverage(base, segment=False, split="pyramid") -> float:
    """Team hours on the key tier ÷ hours its active customers need (HOURS_PER_LINE a line)."""
    total = sum(160.0 * ROLE_SHARE[r] for r in TEAM.values())
    c = base.customers
    tiers = base.truth["true_tier"].astype(str).to_numpy()
    active = ~c["churned"].to_numpy(bool)
    who = ((c["segment"].astype(str) == "key_account").to_numpy() if segment
           else tiers == "key") & active
    need = HOURS_PER_LINE * float(c.loc[who, "lines"].sum())
    have = total * int(who.sum()) / int(active.sum()) if split == "equal" else 0.6 * total
    return have / need


def hours_call(base):
    h = coverage(base)
    return ("yes" if h >= 1.0 else "no", h)


def _key_accounts(base) -> np.ndarray:
    c = base.customers
    return c.loc[(c["segment"].astype(str) == "key_account") & ~c["churned"],
                 "customer_id"].to_numpy()


def programme(base):
    from ..play import AccountHours, Plan
    return Plan(AccountHours(pd.Series(8.0, index=_key_accounts(base)), name="key hours"))


def effect(base, before_after=False) -> float:
    from ..manage import programme_effect
    e = programme_effect(base, programme(base), _key_accounts(base))
    return float(e.loc["margin", "before_after" if before_after else "effect"])


def effect_call(base):
    v = effect(base)
    return ("yes" if v > 0 else "no", v)


def plan_options(base):
    from ..play import AccountHours, Plan
    from ..scenarios import Scenario
    cid = focus(base)
    target = {"customer_id": [cid]}
    return {"care": Plan(Scenario("care", target=target, retention_uplift=0.3,
                                  uplift_kind="churn", cost_per_customer=5000.0)),
            "hours": Plan(AccountHours(pd.Series({cid: 10.0}), name="hours")),
            "light_care": Plan(Scenario("light care", target=target, retention_uplift=0.15,
                                        uplift_kind="churn", cost_per_customer=2000.0))}


def plan_values(base, with_cost=True) -> np.ndarray:
    from ..play import play_forward
    out = []
    for name in PLANS:
        s = play_forward(base, plan_options(base)[name], periods=12).summary().iloc[0]
        out.append(float(s["delta_npv"] if with_cost else s["delta_npv"] + s["cost_pv"]))
    return np.array(out)


def plan_call(base):
    v = plan_values(base)
    return (_rank(PLANS)(v), v)


def stage_accuracy(base, drop_churned=False) -> float:
    from ..manage import diagnose_stage, true_stage
    t, d = true_stage(base), diagnose_stage(base)
    if drop_churned:
        keep = t.astype(str) != "suspension"
        t, d = t[keep], d[keep]
    return float((t.astype(str) == d.astype(str)).mean())


def delegate_call(base):
    a = stage_accuracy(base)
    return ("yes" if a >= 0.6 else "no", a)


def swot_example(base) -> str:
    if base is None:
        return "(run on your dataset)"
    from ..manage import account_analysis
    a = account_analysis(base, focus(base))
    return (f"Account {focus(base)} brings RMB {a['monthly_revenue']:,.0f} a month at a margin of "
            f"RMB {a['monthly_margin']:,.0f}. Strength: satisfaction {a['satisfaction']} of 5. "
            f"Weakness: {a['complaints_6m']} complaints in six months. Opportunity: bills "
            f"trending {a['bill_trend']:+.0%} a year and {a['net_lines']:+d} lines on balance. "
            f"Threat: {a['alternatives']} alternative operators and the contract ends in "
            f"{a['contract_months_left']} months. So: renew early with a service package, and "
            "win over the blocker before the tender.")


# --------------------------------------------------------------------------------------------
# The questions
# --------------------------------------------------------------------------------------------

_SWOT_RUBRIC = Rubric(
    criteria=(
        Criterion("uses the account's figures",
                  ("every quadrant quotes a figure from the data (margin, trend, complaints, "
                   "contract end)", "some figures", "no figures: opinions only")),
        Criterion("SWOT logic",
                  ("strengths/weaknesses are ours inside the account, opportunities/threats "
                   "come from outside (market, competitors)", "quadrants partly mixed up",
                   "a list without the four quadrants")),
        Criterion("stakeholders and stage",
                  ("names the champion/blocker and the relationship stage and acts on them",
                   "mentions one of them", "neither")),
        Criterion("leads to action",
                  ("ends with a SMART goal and the action it implies", "an action without a "
                   "measurable goal", "no action")),
    ),
    exemplary=swot_example)

QUESTIONS = (
    Question(
        "ex09.q1", f"Information (信息的四个层次): the cost of reaching level {BUDGET_LEVEL} "
        "information on the focus account (all levels up to it: hours at the world's "
        "am_hour_cost plus fees), as a share of the account's annual revenue (12 × its mean "
        "monthly revenue)?", info_share, Number(rtol=1e-6),
        mistakes=(Mistake("level_alone", f"that is level {BUDGET_LEVEL} alone; to reach it you "
                          "pay for every level below it too (cumulative cost)",
                          lambda base, exp: info_share(base, cumulative=False)),),
        reinforce="information gets dearer the more private it is — its value rises with it.",
        worlds=W),
    Question(
        "ex09.q2", f"SMART (seed 001: 具体的、可衡量的、可达到的、适当的、及时的): which letter "
        f"does goal (b) miss? (b) \"{GOALS['b']}\"", lambda base: "t",
        Choice(("s", "m", "a", "r", "t")),
        mistakes=(Mistake("measurable", "it has a number (30 lines) — it is measurable; look "
                          "for a date", lambda base, exp: "m"),),
        reinforce="without a deadline nobody can say whether the goal was met.", worlds=W,
        needs_base=False),
    judgement_question(
        "ex09.q3", "Judgement — the focus account's stage by its bills: is it in 成长期 "
        "(growth: bill trend above +5 % a year), 冬眠期 (dormancy: below −5 %) or neither? "
        "Answer (stage, the annualised bill trend).", stage_call,
        judgement(("growth", "dormancy", "neither"), _stage_rule,
                  "growth above +0.05 a year, dormancy below −0.05, else neither",
                  figure_name="the bill trend", rtol=1e-4),
        mistakes=(Mistake("not_annualised", "that is the slope per month; multiply by 12 for a "
                          "yearly trend", lambda base, exp: bill_trend(base, annualise=False)),
                  Mistake("no_log", "you fitted the revenue in RMB; fit log revenue so the "
                          "slope is a growth rate", lambda base, exp: bill_trend(base,
                                                                                  log=False))),
        worlds=W),
    judgement_question(
        "ex09.q4", f"Judgement — information: level-4 insight is assumed to lift the focus "
        f"account's annual margin by {INSIGHT_LIFT:.0%}. Is it worth paying for levels 3 and 4? "
        "Answer (\"yes\"/\"no\", the net value: 0.05 × 12 × mean monthly margin − cost of "
        "levels 3 and 4).", insight_call,
        judgement(("yes", "no"), lambda v: "yes" if v > 0 else "no",
                  "yes when the net value is above 0", figure_name="the net value",
                  rtol=1e-6),
        mistakes=(Mistake("level3_forgotten", "level 4 is reached through level 3: both costs "
                          "count", lambda base, exp: insight_value(base, forget_level3=True)),
                  Mistake("revenue_for_margin", "the lift applies to the margin, not the "
                          "revenue", lambda base, exp: insight_value(base, column="revenue"))),
        worlds=W),
    judgement_question(
        "ex09.q5", "Judgement — stakeholders: rank the focus account's decision maker, buyer "
        "and user by how much their opposition weighs, influence × (2 − attitude), highest "
        "first. Answer (ranking, the three weights in the order decision_maker, buyer, user).",
        win_over,
        Judgement(OptionRanking(BUYERS), Vector(3, names=BUYERS), _rank(BUYERS),
                  "highest weight first (ties: decision maker, buyer, user)",
                  figure_name="the weights"),
        mistakes=(Mistake("attitude_only", "influence counts too: a sceptical user weighs less "
                          "than a sceptical decision maker",
                          lambda base, exp: list(opposition(base, "attitude"))),
                  Mistake("support_for_opposition", "influence × attitude measures support; "
                          "opposition is influence × (2 − attitude)",
                          lambda base, exp: list(opposition(base, "support")))),
        worlds=W),
    judgement_question(
        "ex09.q6", "Judgement — the classification matrix (客户分类矩阵图): split the active "
        "accounts (key_account and sme) at the medians of monthly margin and bill trend. Which "
        "cell brings the most monthly margin? Answer (cell, the four cells' monthly margin in "
        "RMB in the order star, cash_cow, question_mark, dog).", matrix_call,
        Judgement(Choice(CELLS), Vector(4, names=CELLS, rtol=1e-6, atol=1e-3), _argmax,
                  "the cell with the most margin", figure_name="the cells' margins"),
        mistakes=(Mistake("revenue_for_margin", "you added up revenue; the matrix is about "
                          "what the accounts earn us: margin",
                          lambda base, exp: list(cell_margins(base, "total_revenue"))),),
        worlds=W),
    judgement_question(
        "ex09.q7", "Judgement — seed 003's 大客户不等于好客户: should the manager review the "
        "pricing of the 'big but not good' accounts (ck.relationship_kinds)? Yes when together "
        "they lose money. Answer (\"yes\"/\"no\", their total monthly margin in RMB).",
        review_call,
        judgement(("yes", "no"), lambda v: "yes" if v < 0 else "no",
                  "yes when the total monthly margin is below 0",
                  figure_name="their monthly margin", rtol=1e-6),
        mistakes=(Mistake("total_not_monthly", "that is their margin over the whole "
                          "observation; divide each account's by its months active",
                          lambda base, exp: float(base.customers.set_index("customer_id").loc[
                              _kinds_index(base), "total_margin"].sum())),),
        worlds=W),
    judgement_question(
        "ex09.q8", "Judgement — the team (Li Na and Wang Wei, account managers; Zhao Lei, "
        "solution engineer; Chen Jing, service rep; 160 hours a month each) splits its customer "
        f"hours by the pyramid. The active key-tier customers need {HOURS_PER_LINE:g} hours a "
        "month per line. Does the key tier's share cover it? Answer (\"yes\"/\"no\", the "
        "coverage: key-tier hours ÷ hours needed).", hours_call,
        judgement(("yes", "no"), lambda h: "yes" if h >= 1.0 else "no",
                  "yes when the coverage is at least 1", figure_name="the coverage",
                  rtol=1e-6),
        mistakes=(Mistake("segment_for_tier", "the pyramid's key tier is the top 10 % by value "
                          "(truth.true_tier == 'key'), not the key_account segment",
                          lambda base, exp: coverage(base, segment=True)),
                  Mistake("equal_split", "the pyramid gives the key tier 60 % of the hours, "
                          "not a share in proportion to its customers",
                          lambda base, exp: coverage(base, split="equal"))),
        worlds=W),
    judgement_question(
        "ex09.q9", "Judgement — CRM effect (seed 004): the programme gives every active key "
        "account 8 extra hours a month. Did it raise their margin over the next 12 months? "
        "Answer (\"yes\"/\"no\", the effect on their margin against the control).",
        effect_call,
        judgement(("yes", "no"), lambda v: "yes" if v > 0 else "no",
                  "yes when the effect against the control is above 0",
                  figure_name="the effect", rtol=1e-6),
        mistakes=(Mistake("before_after", "that is after − before: it mixes the programme "
                          "with what the accounts would have done anyway; compare with the "
                          "control (the same accounts played forward without it)",
                          lambda base, exp: effect(base, before_after=True)),),
        worlds=W),
    judgement_question(
        "ex09.q10", "Judgement — the action plan: rank the three plans for the focus account "
        "by ΔNPV over 12 months (ck.play_forward). Answer (ranking, the three ΔNPVs in the order "
        "care, hours, light_care).", plan_call,
        Judgement(OptionRanking(PLANS), Vector(3, names=PLANS, rtol=1e-6, atol=1e-3),
                  _rank(PLANS), "highest ΔNPV first", figure_name="the ΔNPVs"),
        mistakes=(Mistake("cost_forgotten", "ΔNPV is net of what the plan costs",
                          lambda base, exp: list(plan_values(base, with_cost=False))),),
        worlds=W),
    judgement_question(
        "ex09.q11", "Judgement — delegate the stage diagnosis to the signal rule "
        "(ck.diagnose_stage)? Yes when it gets at least 60 % of the accounts right against the "
        "true stage. Answer (\"yes\"/\"no\", the accuracy).", delegate_call,
        judgement(("yes", "no"), lambda a: "yes" if a >= 0.6 else "no",
                  "yes when the accuracy is at least 0.6", figure_name="the accuracy",
                  rtol=1e-6),
        mistakes=(Mistake("churned_dropped", "keep every account — the suspended ones are part "
                          "of the portfolio the rule must diagnose",
                          lambda base, exp: stage_accuracy(base, drop_churned=True)),),
        worlds=W),
    judgement_question(
        "ex09.q12", "Written — a SWOT memo on the focus account (at least 60 words, naming a "
        "strength, a weakness, an opportunity and a threat, each with a figure).",
        lambda base: {},
        Written(_SWOT_RUBRIC, min_words=60,
                must_mention=(("strength", "优势"), ("weakness", "弱点", "劣势"),
                              ("opportunity", "opportunities", "机遇", "机会"), ("threat", "威胁"))),
        worlds=W, needs_base=False),
)


def _kinds_index(base):
    from ..manage import relationship_kinds
    k = relationship_kinds(base)
    return k[k == "big_not_good"].index


CHAPTER = Chapter("ex09", "Managing key accounts (大客户管理)", "ex09_managing_key_accounts",
                  "telecom", QUESTIONS)
