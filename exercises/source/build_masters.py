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
customer base the way an analyst does on day one: how many customers, what they pay (ARPU,
每用户平均收入), how many leave (churn, 流失), how concentrated revenue is (the 80/20 rule,
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
**ARPU** (average revenue per user, 每用户平均收入): the average monthly bill over all
customer-months in which a customer was active. In RMB per customer-month.
""", """
arpu = base.activity["revenue"].mean()
""", "arpu"),
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


MASTERS = {
    "ex01_customer_bases": EX01,
    "ex02_not_all_customers_are_equal": EX02,
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
