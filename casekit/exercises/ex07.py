"""Exercise 07 — what-if retention scenarios (挽留方案模拟): survival, NPV, ΔNPV, ROI, the
decision, and customer equity with tier migration.

Notebook: ``exercises/ex07_retention_what_if.ipynb`` (telecom world). Expected values are
computed here in closed form from ``base.truth`` (growth switched off, as the questions say),
independently of :func:`casekit.what_if`. The world's timing (see ``casekit.scenarios``): a
customer active at the end of observation is a customer in month 1; it stays to the end of each
month with probability r; the margin of month t arrives at the month's end, discounted v^t,
v = (1 + D)^(−1/12); a programme's monthly cost is paid at the start of month t for those
still there.
"""

from __future__ import annotations

import numpy as np

from ..check import Chapter, Decision, Mistake, Number, Question, percent

HORIZON = 60          # months
CARE_COST = 200.0     # RMB per targeted customer per year
CHURN_CUT = 0.20      # share of annual churn prevented
AFTER = 12            # months, for the survival question


def _truth(base, tier=None):
    """True monthly retention and margin of the customers still active, optionally one tier."""
    tr = base.truth.set_index("customer_id").reindex(base.customers["customer_id"].to_numpy())
    active = ~base.customers["churned"].to_numpy()
    keep = active if tier is None else active & (tr["true_tier"].astype(str).to_numpy() == tier)
    return tr["true_retention"].to_numpy()[keep], tr["true_margin"].to_numpy()[keep]


def _v(base, annual=None):
    return (1.0 + float(base.params.discount_rate if annual is None else annual)) ** (-1 / 12)


def _geo(q, n=HORIZON):
    """Σ_{t=0}^{n−1} q^t."""
    return (1.0 - q ** n) / (1.0 - q)


def survivors(base, months=AFTER):
    r, _ = _truth(base)
    return float((r ** months).sum())


def baseline_npv(base, tier="key", timing="end"):
    r, m = _truth(base, tier)
    v = _v(base)
    first = v if timing == "end" else 1.0
    return float((m * first * _geo(r * v)).sum())


def _new_r(r, per_period=False):
    if per_period:
        return 1.0 - (1.0 - r) * (1.0 - CHURN_CUT)
    annual = r ** 12
    return (1.0 - (1.0 - annual) * (1.0 - CHURN_CUT)) ** (1 / 12)


def care(base, per_period=False):
    """(ΔNPV, cost PV) of key care: churn of the key tier cut by CHURN_CUT a year."""
    r, m = _truth(base, "key")
    v = _v(base)
    r2 = _new_r(r, per_period)
    gain = float((m * v * (_geo(r2 * v) - _geo(r * v))).sum())
    cost = float((CARE_COST / 12 * _geo(r2 * v)).sum())
    return gain - cost, cost


def delta_npv(base, with_cost=True, per_period=False):
    d, cost = care(base, per_period)
    return d if with_cost else d + cost


def roi(base):
    d, cost = care(base)
    return d / cost


def decide(base):
    d = delta_npv(base)
    return ("yes" if d > 0 else "no", d)


#: The retention lab question: the uplift slider (share of annual churn prevented) set to this.
LAB_CUT = 0.30


def lab_delta_npv(base, cut=LAB_CUT):
    """ΔNPV the retention lab shows: key tier, churn cut ``cut``, RMB 200 a year, 5 years,
    margins growing at true_growth for growth_years (losses held flat), as the world says."""
    tr = base.truth.set_index("customer_id").reindex(base.customers["customer_id"].to_numpy())
    keep = (~base.customers["churned"].to_numpy()) & (tr["true_tier"].astype(str).to_numpy()
                                                      == "key")
    r = tr["true_retention"].to_numpy()[keep]
    m = tr["true_margin"].to_numpy()[keep]
    growth = np.where(m >= 0, tr["true_growth"].to_numpy()[keep], 0.0)
    G = float(base.params.values.get("growth_years", 1.0)) * 12
    v = _v(base)
    t = np.arange(HORIZON)[:, None]                      # t − 1 for months t = 1 … H
    margin = m * (1.0 + growth) ** (np.minimum(t, G) / 12)
    r2 = (1.0 - (1.0 - r ** 12) * (1.0 - cut)) ** (1 / 12)
    gain = (margin * (r2 ** t - r ** t) * v ** (t + 1)).sum()
    cost = (CARE_COST / 12 * r2 ** t * v ** t).sum()
    return float(gain - cost)


def equity(base, timing="start", annual_rate=False):
    """Key-tier customer equity V = (I − P/(1+d))⁻¹ R, d per quarter (3 months)."""
    from ..scenarios import migration_model    # the inputs P and R, as the notebook gets them

    mig = migration_model(base)
    P = mig.P.to_numpy()
    R = mig.rewards.reindex(mig.P.index).to_numpy()
    D = float(base.params.discount_rate)
    d = D if annual_rate else (1.0 + D) ** (mig.window / 12) - 1.0
    V = np.linalg.solve(np.eye(len(P)) - P / (1.0 + d), R)
    key = list(mig.P.index).index("key")
    return float(V[key] - (R[key] if timing == "end" else 0.0))


QUESTIONS = (
    Question(
        "ex07.q1", f"Of the customers still active at the end of observation, how many are "
        f"expected to still be customers {AFTER} months later (at the end of month {AFTER})? "
        "Use truth.true_retention (monthly).", survivors, Number(rtol=1e-6),
        mistakes=(
            Mistake("off_by_one",
                    f"off by one month: at the end of month {AFTER} a customer has survived "
                    f"{AFTER} monthly renewals: Σ r^{AFTER}",
                    lambda base, exp: survivors(base, AFTER - 1)),
            Mistake("churn_for_retention",
                    "you raised the *churn* rate to the power; survival uses retention: r^t",
                    lambda base, exp: float(((1 - _truth(base)[0]) ** AFTER).sum())),
        ),
        reinforce="expected survivors add up each customer's survival probability.",
        worlds=("telecom",)),
    Question(
        "ex07.q2", f"Baseline NPV of the active key customers (truth.true_tier == 'key') over "
        f"{HORIZON} months, growth ignored, margins at month ends (RMB)", baseline_npv,
        Number(rtol=1e-6, unit="RMB"),
        mistakes=(
            Mistake("timing_start",
                    "you counted each month's margin at the month's *start* (first margin "
                    "now); in this world margins arrive at the month's end: discount month t "
                    "by v^t, t = 1 … 60",
                    lambda base, exp: baseline_npv(base, timing="start")),
        ),
        reinforce="what_if(..., growth=False) gives the same baseline.",
        worlds=("telecom",)),
    Question(
        "ex07.q3", f"Key care: cut the key customers' annual churn by {CHURN_CUT:.0%} "
        f"(uplift_kind='churn') for RMB {CARE_COST:g} per customer per year. What is ΔNPV "
        f"against doing nothing over {HORIZON} months (growth ignored; RMB)?", delta_npv,
        Number(rtol=1e-6, unit="RMB"),
        mistakes=(
            Mistake("cost_forgotten",
                    "you left out the programme's cost: ΔNPV is the extra margin *minus* what "
                    "the programme costs (its present value)",
                    lambda base, exp: delta_npv(base, with_cost=False)),
            Mistake("per_period",
                    "you cut the *monthly* churn by 20%; the scenario cuts the annual churn "
                    "(uplift_per='year'): R = r^12, R' = 1 − 0.8·(1 − R), r' = R'^(1/12)",
                    lambda base, exp: delta_npv(base, per_period=True)),
        ),
        reinforce="ΔNPV compares the same customers with and without the programme.",
        worlds=("telecom",)),
    Question(
        "ex07.q4", "The ROI of key care: ΔNPV ÷ present value of the programme's cost "
        "(a fraction)", roi, Number(rtol=1e-6),
        mistakes=(
            Mistake("gross_return",
                    "ΔNPV already has the cost subtracted; you added it back (gross extra "
                    "margin ÷ cost). ROI = ΔNPV ÷ cost",
                    lambda base, exp: exp + 1.0),
            percent("ROI"),
        ),
        reinforce="ROI is the net return per yuan spent: below 0 the programme returns less "
                  "than it costs, above 0 it pays for itself.",
        worlds=("telecom",)),
    Question(
        "ex07.q5", "Judgement: should the firm run key care as specified? Answer "
        "(\"yes\"/\"no\", the ΔNPV that decides it)", decide,
        Decision(figure=Number(rtol=1e-6), figure_name="ΔNPV"),
        mistakes=(
            Mistake("cost_forgotten",
                    "your figure leaves out the programme's cost — judged on the extra margin "
                    "alone, every programme looks good",
                    lambda base, exp: delta_npv(base, with_cost=False)),
            Mistake("decision_ignores_figure",
                    "the ΔNPV is right, but the decision does not follow from it: run the "
                    "programme only when ΔNPV > 0",
                    lambda base, exp: ("no" if exp[0] == "yes" else "yes", exp[1])),
        ),
        reinforce="retention is worth buying only when it costs less than it brings.",
        worlds=("telecom",)),
    Question(
        "ex07.q6", "Tier migration (Pfeifer & Carraway 2000): with the quarterly transition "
        "matrix P and rewards R of ck.migration_model(base), the equity of a key customer, "
        "V = (I − P/(1+d))⁻¹ R, d the quarterly rate (RMB)", equity,
        Number(rtol=1e-6, unit="RMB"),
        mistakes=(
            Mistake("timing_end",
                    "you started the sum at t = 1 (this quarter's reward left out); "
                    "V = Σ_{t≥0} [P/(1+d)]^t R counts this quarter too: V = R + P·V/(1+d)",
                    lambda base, exp: equity(base, timing="end")),
            Mistake("annual_rate",
                    "you discounted each quarter at the *annual* rate; convert it: "
                    "d = (1 + D)^(3/12) − 1",
                    lambda base, exp: equity(base, annual_rate=True)),
        ),
        reinforce="a key customer's equity includes the chance of sliding down — or coming "
                  "back up.",
        worlds=("telecom",)),
)

QUESTIONS = QUESTIONS + (
    Question(
        "ex07.q7", f"Widget: in the retention lab (key tier, churn prevented, RMB {CARE_COST:g} "
        f"a year, 5 years), set the uplift slider to {LAB_CUT:.0%}. What ΔNPV does it show "
        "(RMB; the lab lets margins grow as the truth says)?", lab_delta_npv,
        Number(rtol=0.0, atol=0.51, unit="RMB"),
        mistakes=(
            Mistake("slider_not_moved",
                    f"that is the ΔNPV at the slider's starting value (20%); move it to "
                    f"{LAB_CUT:.0%}",
                    lambda base, exp: lab_delta_npv(base, 0.20)),
            Mistake("growth_ignored",
                    "that is the value with growth switched off; the lab (like what_if by "
                    "default) lets margins grow at true_growth — read the number it shows",
                    lambda base, exp: _care_no_growth(base, LAB_CUT)),
        ),
        reinforce="the same programme, valued live: try cheaper care or a bigger uplift.",
        worlds=("telecom",)),
)


def _care_no_growth(base, cut):
    r, m = _truth(base, "key")
    v = _v(base)
    r2 = (1.0 - (1.0 - r ** 12) * (1.0 - cut)) ** (1 / 12)
    return float((m * v * (_geo(r2 * v) - _geo(r * v))).sum()
                 - (CARE_COST / 12 * _geo(r2 * v)).sum())


CHAPTER = Chapter("ex07", "What-if retention scenarios (挽留方案模拟)", "ex07_retention_what_if",
                  "telecom", QUESTIONS)
