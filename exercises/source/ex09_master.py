"""The master cells of exercise 09 (managing key accounts), kept in their own file.

``build_masters.py`` calls :func:`cells` with its helpers (``md``, ``code``, ``setup``,
``question``, ``HOW``) and writes ``ex09_managing_key_accounts.ipynb`` like every master.
"""

from __future__ import annotations


def cells(md, code, setup, question, HOW):
    """The list of cells of the ex09 master."""
    return [
        md("""
# Exercise 09 — Managing key accounts (大客户管理)

Companion to `notebooks/09_managing_key_accounts.ipynb`. Most questions here are
**judgements**: you choose (a decision, a ranking) **and** give the figure that decides it. The
check verifies the figure against *your* data and that your choice follows from *your* figure
by the rule the question states; it says plainly that your reason in words is not checked.
Answer a judgement as a tuple `(choice, figure)`; you may add your reason as a third element.
The last question is a short written SWOT memo, graded by your instructor with a rubric.
""" + HOW),
        setup("ex09", "telecom"),
        md("""
**The focus account** is your base's active key account with the largest total revenue. Its
contacts, complaints and contract events are drawn on demand (`ck.account_details`), always the
same for your dataset.
"""),
        code("""
import numpy as np
import pandas as pd

ka = base.customers.query("segment == 'key_account' and not churned")
cid = int(ka.sort_values(["total_revenue", "customer_id"], ascending=[False, True])
          ["customer_id"].iloc[0])
details = ck.account_details(base, cid)
details.contacts
"""),
        *question(1, """
**Information (信息的四个层次).** What does reaching **level 3** information on the focus
account cost (all levels up to 3: `ck.information_levels(base)["cumulative_cost"]`), as a share
of the account's annual revenue (12 × its mean monthly revenue)?
""", """
cost3 = ck.information_levels(base).loc[3, "cumulative_cost"]
monthly_revenue = base.activity.loc[base.activity["customer_id"] == cid, "revenue"].mean()
info_share = cost3 / (12 * monthly_revenue)
""", "info_share"),
        *question(2, """
**SMART.** Which letter does this goal miss? *"Add 30 dedicated lines for the customer's new
branches"* (answer one of "S", "M", "A", "R", "T"; `ck.check_smart` may help).
""", """
letter = ck.check_smart("Add 30 dedicated lines for the customer's new branches").missing[0]
""", "letter"),
        *question(3, """
**Judgement — stage by the bills.** Fit a straight line to the log of the focus account's last
12 monthly bills; its slope × 12 is the annual bill trend. Is the account in 成长期 (growth:
trend above +0.05), 冬眠期 (dormancy: below −0.05) or neither? Answer `(stage, trend)`.
""", """
a = base.activity[base.activity["customer_id"] == cid].sort_values("period").tail(12)
trend = np.polyfit(a["period"], np.log(a["revenue"].clip(lower=1)), 1)[0] * 12
stage = "growth" if trend > 0.05 else ("dormancy" if trend < -0.05 else "neither")
""", "stage, trend", "(stage, trend)"),
        *question(4, """
**Judgement — is level-4 information worth it?** Assume level-4 insight lifts the focus
account's annual margin by 5 %. Net value = 0.05 × 12 × its mean monthly margin − the cost of
levels 3 and 4 (each level's own `cost`). Answer `("yes" or "no", net value)`.
""", """
levels = ck.information_levels(base)
margin = base.activity.loc[base.activity["customer_id"] == cid, "margin"].mean()
net = 0.05 * 12 * margin - (levels.loc[3, "cost"] + levels.loc[4, "cost"])
worth = "yes" if net > 0 else "no"
""", "worth, net", "(worth, net)"),
        *question(5, """
**Judgement — whom to win over first.** For the focus account's decision maker, buyer and user
(the first contact of each role), opposition weighs influence × (2 − attitude). Rank the three
roles, heaviest first, and give the three weights in the order decision_maker, buyer, user.
""", """
c = (ck.contacts(base, cid).drop_duplicates("role").set_index("role")
     .loc[["decision_maker", "buyer", "user"]])
weights = c["influence"] * (2 - c["attitude"])
ranking = weights.sort_values(ascending=False, kind="stable").index.tolist()
""", "ranking, weights", "(ranking, weights)"),
        *question(6, """
**Judgement — the classification matrix (客户分类矩阵图).** `ck.classification_matrix(base)`
splits the active accounts at the medians of monthly margin (`value`) and bill trend. Which
cell brings the most monthly margin? Give the four cells' monthly margin in the order star,
cash_cow, question_mark, dog.
""", """
m = ck.classification_matrix(base)
by_cell = m.groupby("cell")["value"].sum().reindex(["star", "cash_cow", "question_mark", "dog"])
best_cell = by_cell.idxmax()
""", "best_cell, by_cell", "(best_cell, by_cell)"),
        *question(7, """
**Judgement — 大客户不等于好客户.** Take the accounts `ck.relationship_kinds(base)` calls
`big_not_good`. Should their pricing be reviewed — yes when together they lose money? Give
their total **monthly** margin (each account's total_margin ÷ its months_active, added up).
""", """
k = ck.relationship_kinds(base)
big = base.customers.set_index("customer_id").loc[k[k == "big_not_good"].index]
monthly = (big["total_margin"] / big["months_active"]).sum()
review = "yes" if monthly < 0 else "no"
""", "review, monthly", "(review, monthly)"),
        *question(8, """
**Judgement — the team.** Li Na and Wang Wei (account managers), Zhao Lei (solution engineer)
and Chen Jing (service rep), 160 hours a month each, split their customer hours by the pyramid
(`ck.pyramid_allocation`). The active key-tier customers (`truth.true_tier == "key"`) need 0.1
hours a month per line. Does the key tier's share of the hours cover it? Answer
`("yes" or "no", coverage)` with coverage = key-tier hours ÷ hours needed.
""", """
team = {"Li Na": "account_manager", "Wang Wei": "account_manager",
        "Zhao Lei": "solution_engineer", "Chen Jing": "service_rep"}
alloc = ck.pyramid_allocation(base, team)
tier = base.truth.set_index("customer_id")["true_tier"].astype(str)
key = base.customers[(tier.loc[base.customers["customer_id"]].to_numpy() == "key")
                     & ~base.customers["churned"]]
coverage = alloc.loc["key", "hours"] / (0.1 * key["lines"].sum())
enough = "yes" if coverage >= 1 else "no"
""", "enough, coverage", "(enough, coverage)"),
        *question(9, """
**Judgement — did the programme work? (seed 004)** Give every active key account 8 extra hours
a month for 12 months. `ck.programme_effect` compares the accounts before and after, and with
a control (the same accounts played forward without the programme). Did it raise their
margin? Answer with the effect against the control.
""", """
plan = ck.Plan(ck.AccountHours(pd.Series(8.0, index=ka["customer_id"].to_numpy()),
                               name="key hours"))
e = ck.programme_effect(base, plan, ka["customer_id"].to_numpy())
effect = e.loc["margin", "effect"]
worked = "yes" if effect > 0 else "no"
""", "worked, effect", "(worked, effect)"),
        *question(10, """
**Judgement — the action plan.** Three plans for the focus account, played forward 12 months:
`care` (cut its churn by 30 % for RMB 5,000 a year), `hours` (10 extra hours a month),
`light_care` (cut churn by 15 % for RMB 2,000 a year). Rank them by ΔNPV, best first, and
give the three ΔNPVs in the order care, hours, light_care.
""", """
target = {"customer_id": [cid]}
plans = {"care": ck.Plan(ck.Scenario("care", target=target, retention_uplift=0.3,
                                     uplift_kind="churn", cost_per_customer=5000)),
         "hours": ck.Plan(ck.AccountHours(pd.Series({cid: 10.0}), name="hours")),
         "light_care": ck.Plan(ck.Scenario("light care", target=target, retention_uplift=0.15,
                                           uplift_kind="churn", cost_per_customer=2000))}
dnpv = pd.Series({k: ck.play_forward(base, p, periods=12).summary()["delta_npv"].iloc[0]
                  for k, p in plans.items()})
order = dnpv.sort_values(ascending=False, kind="stable").index.tolist()
""", "order, dnpv", "(order, dnpv)"),
        *question(11, """
**Judgement — delegate the diagnosis?** `ck.stage_confusion(base)` scores the signal rule
`ck.diagnose_stage` against the true stage of every account. Delegate it to junior staff if it
gets at least 60 % right. Answer `("yes" or "no", accuracy)`.
""", """
accuracy = ck.stage_accuracy(ck.stage_confusion(base))
delegate = "yes" if accuracy >= 0.6 else "no"
""", "delegate, accuracy", "(delegate, accuracy)"),
        *question(12, """
**Written — SWOT memo.** In at least 60 words, write the focus account's SWOT: a strength, a
weakness, an opportunity and a threat, each with a figure from `ck.swot(base, cid)` or
`ck.account_analysis(base, cid)`, and the goal you would set. Only the length and the four
headings are checked; your instructor grades the content with the rubric.
""", """
memo = '''Strength: the account is satisfied (4 of 5) and our bills grew last year.
Weakness: the account makes a loss each month and two contacts are blockers.
Opportunity: the industry grows and the account added lines on balance.
Threat: two alternative operators court it and the contract ends within the year.
Goal: raise the monthly margin to break-even by the end of Q2 2026 by repricing the lines
at renewal, after a meeting with the decision maker and the buyer.'''
""", "memo"),
        code("""
# SOLUTION ONLY
from IPython.display import Markdown
from casekit.check import question as _question
Markdown(_question("ex09.q12").kind.rubric.to_markdown(base))
"""),
        md("""
**Done?** Run all cells once more from the top (Kernel → Restart & Run All): every check should
show ✔ — and ◐ for the memo, which your instructor grades.
"""),
    ]
