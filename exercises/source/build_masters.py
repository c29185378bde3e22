"""Write the master exercise notebooks ``exercises/source/exNN_<name>.ipynb``.

The masters are the single source of the exercises: ``python -m casekit assign`` turns each
into a student notebook (solutions → ``...`` placeholders) and an instructor notebook
(executed). This script is how the masters are written, so their text stays reviewable in one
place; edit the text here, then run, from the project root::

    .venv/bin/python exercises/source/build_masters.py      # rewrite the masters
    .venv/bin/python -m casekit assign                      # student + instructor versions

Conventions inside a master: a solution region is the lines between ``# BEGIN SOLUTION: name``
and ``# END SOLUTION``; the student sees ``name = ...  # your code here``. Each question cell
ends with ``ex.check("qN", name)``. ``DATASET`` is relative to ``exercises/`` (the student
notebooks' folder); assign moves it one level up for ``exercises/solutions/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent


def md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(text.strip("\n"))


HOW = """
**How the checks work.** Each question has a code cell. Replace the `...` with your code and
run the cell: the check answers at once — ✔ correct (with a one-line reminder of why), ✘ wrong
(with a hint when your answer matches a usual mistake), · not answered yet. The expected
answers are computed from **your** dataset: if your instructor gave you a class-pack folder,
put its path in `DATASET` below. Give numbers at full precision (do not round) and rates as
fractions (0.25, not 25%).
"""


def setup(chapter: str, world: str) -> nbformat.NotebookNode:
    return code(f'''
import casekit as ck

# The dataset you work on: the shipped one, or your own class-pack folder
# (for example "../class/{world}/s001").
DATASET = "../datasets/{world}"
base = ck.load(DATASET)
ex = ck.exercise("{chapter}", base)
ex
''')


def question(number: int, text: str, solution: str, names: str, check: str | None = None
             ) -> list[nbformat.NotebookNode]:
    """A markdown prompt and a code cell with a solution region and the check."""
    check = check or names
    return [md(f"**Q{number}.** " + text.strip("\n")),
            code(f"# BEGIN SOLUTION: {names}\n{solution.strip()}\n# END SOLUTION\n"
                 f'ex.check("q{number}", {check})')]


# ============================================================================================
# ex01 — customer bases
# ============================================================================================

EX01 = [
    md("""
# Exercise 01 — Customer bases (客户基础)

Companion to the chapter notebook `notebooks/01_customer_bases.ipynb`. You will read a telecom
customer base the way an analyst does on day one: how many customers, what they pay (ARPA per
account, 客户ARPA值, and ARPU per line, ARPU值), how many leave (churn, 流失), how concentrated revenue is (the 80/20 rule,
二八法则) and which contract (合约期) keeps customers best.
""" + HOW),
    setup("ex01", "telecom"),
    md("""
`base.customers` has one row per customer, `base.activity` one row per customer and month
while the customer is active (columns `revenue` and `margin` in RMB), `base.truth` the latent
values the generator used. `base.datasheet()` describes every column.
"""),
    code("base.activity.head()"),
    *question(1, "How many customers are in the base?", """
n_customers = len(base.customers)
""", "n_customers"),
    *question(2, """
**ARPA** (average revenue per account, 客户ARPA值): the average monthly bill over all
account-months in which a customer (an account) was active. In RMB per account-month.
""", """
arpa = base.activity["revenue"].mean()
""", "arpa"),
    *question(3, """
**Churn in month 12.** Of the customers active in month 12, what share has no bill in month 13?
(A fraction: 0.02 means 2% churned that month.)
""", """
act = base.activity
in12 = set(act.loc[act["period"] == 12, "customer_id"])
in13 = set(act.loc[act["period"] == 13, "customer_id"])
churn12 = len(in12 - in13) / len(in12)
""", "churn12"),
    *question(4, """
**Concentration.** Rank customers by their total revenue over the observation, largest first.
What share of all revenue do the top 20% of customers bring? (`ck.top_share` does it; you may
also use pandas.)
""", """
top20 = ck.top_share(base, 0.2)
""", "top20"),
    *question(5, """
**Judgement.** Is revenue here at least as concentrated as the 80/20 rule says (top 20% of
customers bring 80% or more)? Answer with a pair: `("yes" or "no", the top-20% share)`.
""", """
share = ck.top_share(base, 0.2)
decision = "yes" if share >= 0.8 else "no"
""", "decision, share", "(decision, share)"),
    md("""
**A widget.** The slider below sets a monthly retention rate r (保留率); the widget shows the
expected lifetime 1 / (1 − r) it implies.
"""),
    code("""
demo = ck.widgets.retention_demo()
demo
"""),
    *question(6, """
Set the slider to **your** month-12 retention rate (1 − your churn from Q3, rounded to 2
decimals; the slider stops at 0.99). What expected lifetime, in months, does the widget show?
""", """
r = min(round(1 - churn12, 2), 0.99)
lifetime = ck.widgets.expected_lifetime(r)   # what the widget computes: 1 / (1 − r)
""", "lifetime"),
    *question(7, """
**Volatility.** Add up the margin of all customers per month. What is the standard deviation of
these monthly totals? The observed months are a sample of the months the business will see,
so use the **sample** standard deviation. In RMB.
""", """
sd = base.activity.groupby("period")["margin"].sum().std()   # pandas: ddof=1
""", "sd"),
    *question(8, """
**Judgement.** Which contract at the start (`base.customers["contract"]`) keeps its customers
best? Answer with a pair: `(the contract's name, the share of its customers who churned during
the observation)` — the column `churned` says who did.
""", """
churned = base.customers.groupby("contract", observed=True)["churned"].mean()
best, best_share = churned.idxmin(), churned.min()
""", "best, best_share", "(best, best_share)"),
    *question(9, """
**ARPU** (average revenue per user, ARPU值 — operators count a *user* as a line, 号码): back to
Q2, per line instead of per account. An account holds `base.customers["lines"]` lines in every
month it is active. What is the total revenue divided by the total line-months? In RMB per
line-month.
""", """
lines = base.activity["customer_id"].map(base.customers.set_index("customer_id")["lines"])
arpu = base.activity["revenue"].sum() / lines.sum()
""", "arpu"),
    md("""
**Done?** Run all cells once more from the top (Kernel → Restart & Run All): every check should
show ✔. Then go on to `ex02_not_all_customers_are_equal.ipynb`.
"""),
]


# ============================================================================================
# ex02 — not all customers are equal
# ============================================================================================

EX02 = [
    md("""
# Exercise 02 — Not all customers are equal (客户的选择)

Companion to `notebooks/02_not_all_customers_are_equal.ipynb`. The 80/20 rule (二八法则), the
Lorenz curve and Gini coefficient, the whale curve (鲸鱼曲线) and Sherden's 80/20/30 rule —
computed on your telecom base, where some customers cost more to serve than they bring.
""" + HOW),
    setup("ex02", "telecom"),
    *question(1, """
**ABC / Pareto.** Rank customers by total revenue, largest first. What is the smallest share of
customers that together bring at least 80% of all revenue? (That is the size of class A in an
ABC analysis; a fraction of customers.)
""", """
classes = ck.abc_classes(base)              # the customer who crosses 80% is still A
share80 = (classes["abc"] == "A").mean()
""", "share80"),
    *question(2, """
**Gini coefficient** of the customers' total revenue (0 = all customers equal).
""", """
g = ck.gini(base)
""", "g"),
    *question(3, """
**The whale.** Rank customers by total **margin**, most profitable first, and cumulate. What is
the highest cumulative margin, as a share of total margin (e.g. 2.25 for 225%)?
""", """
peak = ck.whale_summary(base)["peak_share"]
""", "peak"),
    *question(4, """
What share of customers is **unprofitable** (total margin over the observation below 0)?
""", """
margin = base.activity.groupby("customer_id")["margin"].sum()
unprofitable = (margin < 0).mean()
""", "unprofitable"),
    *question(5, """
**80/20/30.** What share of total margin do the **least** profitable 30% of customers make?
(Negative when they lose money.)
""", """
bottom30 = ck.whale_summary(base)["bottom_share"]
""", "bottom30"),
    *question(6, """
List the **5 most profitable customers** (their `customer_id`, by total margin, most
profitable first).
""", """
top5 = base.activity.groupby("customer_id")["margin"].sum().nlargest(5).index.tolist()
""", "top5"),
    md("""
**A widget.** The whale curve with a cost-to-serve slider: an extra cost per customer-month
(account management, billing, visits) subtracted from every active customer-month.
"""),
    code("""
whale = ck.widgets.whale_explorer({"telecom": base})
whale
"""),
    *question(7, """
Set the cost-to-serve slider to **RMB 5** per customer-month (drag it, or type 5 in the box
next to it). How high does the whale peak now, as a share of total profit (e.g. 2.25)?
""", """
# the widget calls ck.whale_summary with the slider's cost per customer-month
peak_with_cost = ck.whale_summary(base, cost_to_serve=5.0)["peak_share"]
""", "peak_with_cost"),
    *question(8, """
**Judgement.** If nothing else changed, would dropping the least profitable 30% of customers
raise total profit? Answer with a pair: `("yes" or "no", the profit left as a share of today's
total profit)`.
""", """
left = 1 - ck.whale_summary(base)["bottom_share"]
drop = "yes" if left > 1 else "no"
""", "drop, left", "(drop, left)"),
    md("""
On paper the answer to Q8 may be "yes". Exercise 03 asks the better question: which of those
customers are *elastic* (弹性客户) — unprofitable today, valuable over their lifetime?
"""),
]


# ============================================================================================
# ex03 — identifying key customers
# ============================================================================================

EX03 = [
    md("""
# Exercise 03 — Identifying key customers (识别核心客户)

Companion to `notebooks/03_identifying_key_customers.ipynb`. The customer pyramid (金字塔形的
客户结构), the value matrix (当前价值 × 潜在价值), elastic customers (弹性客户) — and, because
this is a simulation, how well each way of choosing key customers finds the *true* key tier.
""" + HOW),
    setup("ex03", "telecom"),
    code("import pandas as pd"),
    *question(1, """
**Pyramid by margin.** Rank customers by total margin; the top 10% are the key tier. What share
of total margin does the key tier hold? (`ck.pyramid(base, measure="margin")` shows all tiers.)
""", """
pyr = ck.pyramid(base, measure="margin")
key_share = pyr.loc[pyr["tier"] == "key", "value_share"].iloc[0]
""", "key_share"),
    md("**A widget.** The Pareto explorer: what the top share of customers hold."),
    code("""
pareto = ck.widgets.pareto_explorer({"telecom": base})
pareto
"""),
    *question(2, """
Set the top slider to **10%** (measure: revenue). What share of revenue does the widget show?
Answer as a fraction (the widget shows a percentage).
""", """
top10 = ck.top_share(base, 0.10)   # what the widget computes at 10%
""", "top10"),
    *question(3, """
**Value matrix.** Current value = margin per month, potential value = the trend of the
customer's monthly margin (`ck.value_matrix(base, split=(0, 0))`: "high" means ≥ 0 on each
axis). How many customers are in the **cultivate** quadrant (培养: losing money today, margin
rising)?
""", """
vm = ck.value_matrix(base, split=(0, 0))
cultivate = int((vm["quadrant"] == "cultivate").sum())
""", "cultivate"),
    *question(4, """
**Elastic customers** (弹性客户, seed 003). An elastic customer loses money *today* but
its value can change. Count the customers who

* are still active (`churned` is False — a customer who left has no future),
* lose money over the last 6 months (mean margin per billed month over months 19–24 < 0), and
* show at least **two** of the seed's six traits: long-term value (`segment_growth` +
  `market_share_change` ≥ 0.10), frequent transactions (`orders_per_month` at or above the 75th
  percentile of the active customers), `risk_sharing`, price-insensitive (`price_sensitivity` ≤ 2),
  `innovator`, market influence (`market_influence` ≥ 4).

(`ck.elastic_customers(base)` does this too — check your count against it.)
""", """
c = base.customers.set_index("customer_id")
T = base.params.periods
recent = base.activity[base.activity["period"] > T - 6]
margin6 = recent.groupby("customer_id")["margin"].mean().reindex(c.index, fill_value=0.0)
active = ~c["churned"]
traits = pd.DataFrame({
    "long_term_value": c["segment_growth"] + c["market_share_change"] >= 0.10,
    "frequent": c["orders_per_month"] >= c.loc[active, "orders_per_month"].quantile(0.75),
    "risk_sharing": c["risk_sharing"],
    "price_insensitive": c["price_sensitivity"] <= 2,
    "innovative": c["innovator"],
    "influential": c["market_influence"] >= 4,
})
n_traits = traits.sum(axis=1)
elastic = active & (margin6 < 0) & (n_traits >= 2)
n_elastic = int(elastic.sum())
""", "n_elastic"),
    *question(5, """
**Judgement.** Take the elastic customer of Q4 with the most traits (ties: the larger
monthly loss, then the smaller `customer_id`). Seed 003's first precondition: a customer whose
monthly loss exceeds **1 %** of the active customers' total monthly margin (both over the last 6
months) is a large cash drain and is let go, whatever its implicit value (只有能生存才能谈得上发展).
Keep it? Answer with a pair: `("yes" or "no", its monthly loss in RMB)`.
""", """
cand = pd.DataFrame({"traits": n_traits[elastic], "loss": -margin6[elastic],
                     "id": margin6[elastic].index})
best = cand.sort_values(["traits", "loss", "id"], ascending=[False, False, True]).iloc[0]
limit = 0.01 * margin6[active].sum()
figure = float(best["loss"])
keep = "yes" if figure <= limit else "no"
""", "keep, figure", "(keep, figure)"),
    *question(6, """
**Against the truth.** Choose the top 15% of customers by total revenue as "key". What is the
**precision** of that choice against the true key tier (`base.truth["true_tier"] == "key"`)?
""", """
revenue = base.activity.groupby("customer_id")["revenue"].sum()
chosen = revenue.nlargest(round(0.15 * len(revenue))).index
table = ck.compare_to_truth({"top 15% revenue": chosen}, base)
precision = table.loc["top 15% revenue", "precision"]
""", "precision"),
    *question(7, """
**Judgement.** Choosing the top 10%, which ranking finds the true key customers better: by total
revenue or by total margin? Answer with a pair: `("revenue" or "margin", its precision)`.
""", """
t = ck.precision_recall_table(base, ["top_revenue", "top_margin"], top=0.10)
better = t["precision"].idxmax().removeprefix("top_")
better_precision = t["precision"].max()
""", "better, better_precision", "(better, better_precision)"),
]


# ============================================================================================
# ex04 — tobacco retail grading
# ============================================================================================

EX04 = [
    md("""
# Exercise 04 — Tobacco retail grading (卷烟零售客户分级)

Companion to `notebooks/04_tobacco_retail_grading.ipynb`. Weights from pairwise judgements
(AHP, 层次分析法), criteria that point the same way, fuzzy comprehensive evaluation (模糊综合评价),
the 30 grades (档位) with urban and rural kept apart (区别城乡), and grades that move
(动态管理, 能上能下).
""" + HOW),
    setup("ex04", "tobacco"),
    md("""
The four criteria of the Chengdu bureau's article, and our judgements: contribution is 3× as
important as law-abiding, 3× integrity, 5× influence; law-abiding and integrity are equal;
each of them is 2× influence.
"""),
    code("""
import numpy as np

criteria = ["contribution", "law_abiding", "integrity", "influence"]
judgements = [3, 3, 5, 1, 2, 2]          # upper triangle, reading order
ck.pairwise_matrix(criteria, judgements).round(3)
"""),
    *question(1, """
**AHP weights.** The weights of the four criteria: the principal eigenvector of the pairwise
matrix, scaled to sum to 1. Give the four numbers in the order above (full precision).
""", """
res = ck.ahp(ck.pairwise_matrix(criteria, judgements))
weights = res.weights
""", "weights"),
    *question(2, """
**Judgement.** Are these judgements consistent enough to use? Answer with a pair:
`("yes" or "no", the consistency ratio CR)`.
""", """
cr = ck.ahp(ck.pairwise_matrix(criteria, judgements)).cr
usable = "yes" if cr < 0.10 else "no"
""", "usable, cr", "(usable, cr)"),
    md("**A widget.** The AHP builder: one slider per pair of criteria."),
    code("""
builder = ck.widgets.ahp_builder()
builder
"""),
    *question(3, """
Move the **first** slider (contribution vs law-abiding) all the way to the right: contribution
9× as important as law-abiding; leave the others. What CR does the widget show?
""", """
cr9 = ck.ahp(ck.pairwise_matrix(criteria, [9, 3, 5, 1, 2, 2])).cr   # what the widget computes
""", "cr9"),
    *question(4, """
**Law-abiding.** Min-max normalise `base.customers["licence_violations"]` to [0, 1] so that
**1 = best** (fewest violations). What is the mean normalised value over all retailers?
""", """
law = ck.normalise(base.customers["licence_violations"], higher_is_better=False)
law_mean = law.mean()
""", "law_mean"),
    md("""
One retailer's fuzzy evaluation: weights A over the four criteria, membership matrix R (rows:
the criteria; columns: excellent 优, good 良, fair 中, poor 差).
"""),
    code("""
A = [0.4, 0.2, 0.2, 0.2]
R = np.array([[0.5, 0.3, 0.2, 0.0],
              [0.0, 0.2, 0.3, 0.5],
              [0.2, 0.5, 0.3, 0.0],
              [0.1, 0.2, 0.4, 0.3]])
"""),
    *question(5, """
**Fuzzy comprehensive evaluation.** Compute B = A ∘ R with the weighted-average operator
M(·,+): the four memberships (excellent, good, fair, poor).
""", """
B = ck.fuzzy_evaluate(A, R).b
""", "B"),
    *question(6, """
**Why 区别城乡.** Grade all retailers **together** into 30 grades (30 = highest) by total order
value over the year (`ck.grade(..., method="thirty")`). What is the mean grade of the **rural**
retailers?
""", """
value = ck.customer_values(base, "revenue")
grades = ck.grade(value, method="thirty")
region = base.customers.set_index("customer_id")["region"].reindex(value.index)
rural_mean = grades[region == "rural"].mean()
""", "rural_mean"),
    *question(7, """
**Dynamic management.** Grade retailers into 5 equal-frequency grades (`ck.grade(..., bands=5)`)
by order value in quarter 1 (weeks 1–13), and again in quarter 4 (weeks 40–52). How many
retailers moved **up**? (Retailers without orders in a quarter have order value 0.)
""", """
act = base.activity
ids = base.customers["customer_id"]

def quarter(first, last):
    weeks = act[act["period"].between(first, last)]
    return weeks.groupby("customer_id")["revenue"].sum().reindex(ids, fill_value=0.0)

g1 = ck.grade(quarter(1, 13), bands=5)
g4 = ck.grade(quarter(40, 52), bands=5)
moved_up = int((g4 > g1).sum())
""", "moved_up"),
    *question(8, """
**Stable grades.** Re-grade every quarter on the 30 grades with a hysteresis band of 2 grades:
`ck.regrade(base, every=13, hysteresis=2)` keeps a retailer's grade unless the quarter's own
grade differs from it by more than 2. What share of retailers holds a different grade in
quarter 2 than in quarter 1? (A fraction.)
""", """
held = ck.regrade(base, every=13, hysteresis=2)
wide = held.pivot(index="customer_id", columns="window", values="grade")
changed = (wide[2] != wide[1]).mean()
""", "changed"),
]


# ============================================================================================
# ex05 — customer lifetime value
# ============================================================================================

EX05 = [
    md("""
# Exercise 05 — Customer lifetime value (客户终身价值)

Companion to `notebooks/05_customer_lifetime_value.ipynb`. Retention (保留率), the discount
rate (贴现率), the three timing conventions of the textbook formula, acquisition cost (获取成本),
finite horizons, the Gupta–Lehmann comparison, and a retention curve that rises over time (sBG).
All inputs come from your telecom base.
""" + HOW),
    setup("ex05", "telecom"),
    *question(1, """
**Retention.** Each active customer-month is a chance to leave. Pooled over the whole
observation, r = 1 − (customers who churned, `base.customers["churned"]`) ÷ (active
customer-months, the rows of `base.activity`). What is r?
""", """
r = ck.observed_retention(base, by=None)["retention"].iloc[0]
""", "r"),
    *question(2, """
**Discounting.** The base's annual discount rate is `base.params.discount_rate`. What is the
equivalent **monthly** rate d (12 months at d compound to one year)?
""", """
d = ck.periodic_discount_rate(base.params.discount_rate, "month")
""", "d"),
    *question(3, """
**CLV.** A new customer brings m = the mean margin per active customer-month
(`base.activity["margin"].mean()`), stays each month with probability r (Q1), and money is
discounted at d (Q2). The first margin is received **now**; the horizon is infinite. What is
the CLV, m(1+d)/(1+d−r), in RMB?
""", """
m = base.activity["margin"].mean()
clv_now = ck.clv(m, r, d, timing="start")
""", "clv_now"),
    *question(4, """
Winning that customer costs the mean acquisition cost of the base
(`base.customers["acquisition_cost"].mean()`). What is the customer worth **net** of it?
""", """
acq = base.customers["acquisition_cost"].mean()
net = ck.clv(m, r, d, timing="start", acquisition_cost=acq)
""", "net"),
    *question(5, """
**Finite horizon.** The value of Q3 over 24 months only: 24 monthly margins, the first one now.
""", """
clv24 = ck.clv(m, r, d, periods=24, timing="start")
""", "clv24"),
    *question(6, """
**Judgement (Gupta–Lehmann).** Redo notebook 05 §4 on **your** base, on a year as Gupta, Lehmann
& Stuart did: annual margin 12·m (m from Q3), annual retention r¹² (r from Q1), the annual
discount rate `base.params.discount_rate`, and the mean acquisition cost
(`base.customers["acquisition_cost"].mean()`) paid up front. Which 1% improvement raises the net
CLV most: retention × 1.01, margin × 1.01 or acquisition cost × 0.99? Answer with a pair:
`("retention", "margin" or "acquisition_cost", the relative change in CLV it gives, as a
fraction)`.
""", """
cost = base.customers["acquisition_cost"].mean()
s = ck.clv_sensitivity(12 * m, r ** 12, base.params.discount_rate,
                       acquisition_cost=cost).set_index("driver")
change = s["percent_change"] / 100
winner, winner_change = change.idxmax(), change.max()
""", "winner, winner_change", "(winner, winner_change)"),
    md("""
**Retention that rises.** Follow the customers who joined in month 1 (`tenure_months == 0`):
survivors after t = 0, 1, …, T months — the cohort size, then those still billed in months
2 … T, then those who had not churned by the end of month T.
"""),
    *question(7, """
Fit the shifted-beta-geometric model (sBG, Fader & Hardie 2007) to that cohort's survivors.
Give (α, β).
""", """
c = base.customers.set_index("customer_id")
cohort = c.index[c["tenure_months"] == 0]
act = base.activity[base.activity["customer_id"].isin(cohort)]
billed = act.groupby("period")["customer_id"].nunique()
T = base.params.periods
survivors = [len(cohort), *billed.loc[2:T], int((~c.loc[cohort, "churned"]).sum())]
sbg = ck.ShiftedBetaGeometric().fit(survivors)
alpha_beta = (sbg.alpha, sbg.beta)
""", "alpha_beta"),
    md("""
With α and β you can project the cohort's retention r(t) = (β+t−1)/(α+β+t−1): it rises with t
— the churn-prone leave first. `sbg.retention([1, 12, 24])` shows it.

**A widget.** The CLV calculator: margin, retention (or churn), discount, horizon, acquisition
cost and timing → the value and the cash-flow table.
"""),
    code("""
calc = ck.widgets.clv_calculator()
calc
"""),
    *question(8, """
Switch the wording to **churn**. Set the margin to your m (Q3) rounded to a whole RMB, the
churn slider to your monthly churn 1 − r rounded to 2 decimals, and the discount to 0.008;
leave the horizon at 0 (infinite), the acquisition cost at 200 and the timing at "first margin
now". What CLV does the calculator show, in RMB?
""", """
churn = round(1 - r, 2)
shown = ck.clv(round(m), 1 - churn, 0.008, timing="start", acquisition_cost=200)
""", "shown"),
]


# ============================================================================================
# ex06 — probabilistic CLV
# ============================================================================================

EX06 = [
    md("""
# Exercise 06 — Probabilistic CLV (非契约情形: no contract)

Companion to `notebooks/06_probabilistic_clv.ipynb`. Tobacco retailers order when they like;
nobody tells you when a licence closes. From RFM to the BG/NBD and Gamma-Gamma models (Fader,
Hardie & Lee 2005), a check of the fitted model against the world's truth, the choice of model
from how the data arise, and a holdout read correctly.
""" + HOW),
    setup("ex06", "tobacco"),
    *question(1, """
**RFM.** Score every retailer who ordered on recency, frequency and monetary value (quintiles,
5 = best) with `ck.rfm`. Give the DataFrame (this check verifies its shape and score range
only — the values depend on how ties are broken).
""", """
rfm = ck.rfm(base)
""", "rfm"),
    *question(2, """
RFM recency = the last observed week (`base.params.periods`) − the week of the retailer's last
order. How many retailers have a recency of **4 weeks or more**?
""", """
last = base.activity.groupby("customer_id")["period"].max()
recency = base.params.periods - last
quiet4 = int((recency >= 4).sum())
""", "quiet4"),
    *question(3, """
**BG/NBD's inputs, by hand.** Its *frequency* is the number of **repeat** orders (orders − 1).
What is the mean frequency over the retailers who ordered?
""", """
orders = base.activity.groupby("customer_id")["period"]
mean_frequency = (orders.size() - 1).mean()
""", "mean_frequency"),
    *question(4, """
Its *recency* t_x is the week of the last order **minus the week of the first** (not the time
since the last order). What is the mean t_x (weeks)?
""", """
orders = base.activity.groupby("customer_id")["period"]
mean_tx = (orders.max() - orders.min()).mean()
""", "mean_tx"),
    md("""
`ck.summary_from_activity` builds the whole table — frequency, recency, T (weeks since the
first order) and monetary (mean value of the repeat orders) — with its time unit recorded.
"""),
    code("""
s = ck.summary_from_activity(base)
s.head()
"""),
    *question(5, """
Fit the **BG/NBD** model (`ck.BetaGeo().fit(s)`). Give (r, α): the order rate λ of a retailer
while alive is Gamma(r, α) across retailers.
""", """
bg = ck.BetaGeo().fit(s)
r_alpha = (bg.r, bg.alpha)
""", "r_alpha"),
    md("""
The **quiet regular**: of the retailers silent for at least 8 weeks (T − recency ≥ 8), the one
with the most repeat orders (or, if none is that silent, the most silent retailer).
"""),
    code("""
silence = s["T"] - s["recency"]
quiet = s[silence >= 8]
regular = quiet.loc[quiet["frequency"].idxmax()] if len(quiet) else s.loc[silence.idxmax()]
regular
"""),
    *question(6, """
By your fitted BG/NBD, what is the probability that the quiet regular is still **alive**?
""", """
alive = bg.probability_alive(regular["frequency"], regular["recency"], regular["T"])
""", "alive"),
    *question(7, """
**Judgement against the truth.** Is the fitted mean order rate while alive, r/α, within 10% of
the truth's mean order rate (`base.truth["true_order_rate"].mean()`)? Answer with a pair:
`("yes" or "no", r/α)`.
""", """
rate = bg.r / bg.alpha
close = "yes" if abs(rate / base.truth["true_order_rate"].mean() - 1) <= 0.10 else "no"
""", "close, rate", "(close, rate)"),
    *question(8, """
Fit the **Gamma-Gamma** model of order value (`ck.GammaGamma().fit(s)`). What mean order value
does it expect from a new retailer, pγ/(q − 1), in RMB?
""", """
gg = ck.GammaGamma().fit(s)
mean_value = gg.mean_spend
""", "mean_value"),
    md("""
**Choosing the model.** The BG/NBD assumes a retailer can order at any moment (continuous
time, Poisson timing). The tobacco world records at most one order a week. If most retailers
order in most weeks, each week is a *buy-or-not opportunity* and the BG/BB (discrete time,
Fader, Hardie & Shang 2010) matches how the data arise.
"""),
    *question(9, """
The rule of notebook 06: each week is an opportunity when the **median** retailer orders in at
least **30%** of the weeks after its first order — share = repeat orders / T, over the
retailers with T > 0. Is it? Answer with a pair `("yes" or "no", the median share)`.
""", """
has_time = s[s["T"] > 0]
share = (has_time["frequency"] / has_time["T"]).median()
weekly = "yes" if share >= 0.3 else "no"
""", "weekly, share", "(weekly, share)"),
    md("""
**Reading a holdout.** A model is judged on weeks it never saw. `ck.calibration_holdout` cuts
the log at a week: the summary of the weeks up to it (calibration) and, for the same retailers,
what they did afterwards (`frequency_holdout`: order-weeks in the holdout).
"""),
    code("""
data = ck.calibration_holdout(base, calibration_end=39)
data[["frequency", "recency", "T", "frequency_holdout"]].head()
"""),
    *question(10, """
Fit the BG/NBD on the calibration columns and predict each retailer's order-weeks in weeks
40–52 (`bg39.expected_purchases(t, frequency, recency, T)` with t = 13 weeks). What is the
**total holdout error**, predicted total / actual total − 1?
""", """
bg39 = ck.BetaGeo().fit(data)
t = base.params.periods - 39
predicted = bg39.expected_purchases(t, data["frequency"], data["recency"], data["T"]).sum()
holdout_error = predicted / data["frequency_holdout"].sum() - 1
""", "holdout_error"),
]


# ============================================================================================
# ex07 — what-if retention scenarios
# ============================================================================================

EX07 = [
    md("""
# Exercise 07 — What-if retention scenarios (挽留方案模拟)

Companion to `notebooks/07_retention_what_if.ipynb`. Would it pay to look after the key
customers better? Survival, NPV, ΔNPV and ROI of a retention programme against doing nothing,
and the equity of a key customer who may migrate between tiers (Pfeifer & Carraway 2000). The
world responds as its truth says; growth is switched off here so you can check by hand.
""" + HOW),
    setup("ex07", "telecom"),
    code("""
# the customers still active at the end of observation, with their true monthly retention and margin
truth = base.truth.set_index("customer_id").loc[~base.customers["churned"].to_numpy()]
truth[["true_retention", "true_margin", "true_tier"]].head()
"""),
    *question(1, """
How many of the active customers are expected to still be customers **at the end of month 12**
from now? (Each stays to the end of a month with probability `true_retention`.)
""", """
after12 = (truth["true_retention"] ** 12).sum()
""", "after12"),
    *question(2, """
**Baseline NPV** of the active **key** customers (`true_tier == "key"`) over 60 months, growth
ignored: each month's margin arrives at the month's end, the first month is certain, discount
at the base's annual rate converted to months. In RMB.
""", """
key = truth[truth["true_tier"] == "key"]
d = ck.periodic_discount_rate(base.params.discount_rate, "month")
npv_key = ck.clv(key["true_margin"], key["true_retention"], d, periods=60, timing="end").sum()
""", "npv_key"),
    md("""
**Key care**: cut the key customers' annual churn by 20% (`uplift_kind="churn"`) at RMB 200
per customer per year.
"""),
    code("""
key_care = ck.Scenario("key care", target="key", retention_uplift=0.20, uplift_kind="churn",
                       cost_per_customer=200)
key_care
"""),
    *question(3, """
What is the programme's **ΔNPV** against doing nothing over 60 months (growth ignored)?
""", """
result = ck.what_if(base, key_care, horizon=60, growth=False).summary()
dnpv = result.loc["key care", "delta_npv"]
""", "dnpv"),
    *question(4, """
Its **ROI** = ΔNPV ÷ present value of the programme's cost (a fraction)?
""", """
roi = result.loc["key care", "delta_npv"] / result.loc["key care", "cost_pv"]
""", "roi"),
    *question(5, """
**Judgement.** Should the firm run key care as specified? Answer with a pair:
`("yes" or "no", the ΔNPV that decides it)`.
""", """
run = "yes" if dnpv > 0 else "no"
""", "run", "(run, dnpv)"),
    md("""
**Tier migration.** `ck.migration_model(base)` ranks customers into key / normal / small each
quarter (lost when gone) and estimates the quarterly transition matrix P and the mean margin R
per customer and quarter in each tier.
"""),
    code("""
mig = ck.migration_model(base)
mig.P.round(3)
"""),
    *question(6, """
The **equity of a key customer**: V = (I − P/(1+d))⁻¹ R, with d the **quarterly** rate
equivalent to the base's annual rate. In RMB.
""", """
import numpy as np
d_q = (1 + base.params.discount_rate) ** (3 / 12) - 1
V = np.linalg.solve(np.eye(4) - mig.P.to_numpy() / (1 + d_q), mig.rewards.to_numpy())
equity_key = V[0]          # rows in the order key, normal, small, lost
""", "equity_key"),
    md("""
**A widget.** The retention lab values a programme live. It starts with key care as above —
but lets margins grow as the truth says (growth on, like `ck.what_if` by default).
"""),
    code("""
lab = ck.widgets.retention_lab(base)
lab
"""),
    *question(7, """
Set the uplift slider (share of annual churn prevented) to **30%**, everything else as it
starts. What ΔNPV does the lab show, in RMB?
""", """
care30 = ck.Scenario("care 30", target="key", retention_uplift=0.30, uplift_kind="churn",
                     cost_per_customer=200)
lab_dnpv = ck.what_if(base, care30, horizon=60).summary().loc["care 30", "delta_npv"]
""", "lab_dnpv"),
]


sys.path.insert(0, str(HERE))
from ex09_master import cells as _ex09_cells  # noqa: E402  (chapter 09's master, own file)

EX09 = _ex09_cells(md, code, setup, question, HOW)

MASTERS = {
    "ex01_customer_bases": EX01,
    "ex02_not_all_customers_are_equal": EX02,
    "ex03_identifying_key_customers": EX03,
    "ex04_tobacco_retail_grading": EX04,
    "ex05_customer_lifetime_value": EX05,
    "ex06_probabilistic_clv": EX06,
    "ex07_retention_what_if": EX07,
    "ex09_managing_key_accounts": EX09,
}


def build(name: str, cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python",
                                  "name": "python3"},
                   "language_info": {"name": "python"}}
    nb.cells = cells
    for i, cell in enumerate(nb.cells):
        cell.id = f"{name[:4]}-{i:02d}"
    return nb


def main(argv: list[str]) -> int:
    only = set(argv)
    for name, cells in MASTERS.items():
        if only and name[:4] not in only:
            continue
        nb = build(name, cells)
        nbformat.validate(nb)
        nbformat.write(nb, HERE / f"{name}.ipynb")
        print(f"wrote {HERE / name}.ipynb")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
