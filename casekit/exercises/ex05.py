"""Exercise 05 — customer lifetime value (客户终身价值): retention, discounting, the three
timing conventions, acquisition cost, finite horizons, Gupta–Lehmann, sBG.

Notebook: ``exercises/ex05_customer_lifetime_value.ipynb`` (telecom world). The inputs of the
formula questions come from the student's own base, so everyone values different numbers.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special

from ..check import Chapter, Choice, Decision, Mistake, Number, Question, Vector, percent
from ..clv import clv_sensitivity

#: The finite horizon of the horizon question (months).
HORIZON = 24


def margin(base):
    """m: mean margin per active customer-month (RMB)."""
    return float(base.activity["margin"].mean())


def retention(base, last_at_risk=True):
    """r = 1 − customers who left ÷ customer-months at risk (pooled over the observation)."""
    act = base.activity
    at_risk = len(act) if last_at_risk else int((act["period"] < base.params.periods).sum())
    return 1.0 - float(base.customers["churned"].sum()) / at_risk


def discount(base, how="compound"):
    """d per month from the annual rate D: (1 + D)^(1/12) − 1."""
    annual = float(base.params.discount_rate)
    if how == "simple":
        return annual / 12
    if how == "annual":
        return annual
    return (1.0 + annual) ** (1.0 / 12.0) - 1.0


def acquisition_cost(base):
    return float(base.customers["acquisition_cost"].mean())


def clv_formula(m, r, d, timing="start", periods=None):
    """Σ m·q^t, q = r/(1+d): start t=0..T−1; end_at_risk t=1..T; end = start/(1+d)."""
    q = r / (1.0 + d)
    s = 1.0 / (1.0 - q) if periods is None else (1.0 - q ** periods) / (1.0 - q)
    if timing == "start":
        return m * s
    if timing == "end_at_risk":
        return m * q * s
    return m * s / (1.0 + d)


def clv_inputs(base):
    return margin(base), retention(base), discount(base)


def clv_start(base, **over):
    m, r, d = clv_inputs(base)
    args = {"m": m, "r": r, "d": d}
    args.update(over)
    timing = args.pop("timing", "start")
    periods = args.pop("periods", None)
    return clv_formula(args["m"], args["r"], args["d"], timing, periods)


def net_clv(base, sign=-1.0):
    return clv_start(base) + sign * acquisition_cost(base)


#: The three drivers of Gupta, Lehmann & Stuart's comparison, in ``ck.clv_sensitivity``'s order.
DRIVERS = ("retention", "margin", "acquisition_cost")


def annual_inputs(base):
    """The inputs of notebook 05 §4, on a year: margin 12·m, retention r^12, the annual
    discount rate, and the mean acquisition cost."""
    m, r, _ = clv_inputs(base)
    return 12.0 * m, r ** 12, float(base.params.discount_rate), acquisition_cost(base)


def gupta_lehmann(base, flip=False, monthly=False, acquisition=True):
    """The driver whose 1% improvement raises the net CLV most, and that relative change.

    As notebook 05 §4 (and Gupta, Lehmann & Stuart 2004): annual retention, annual margin, the
    annual discount rate, acquisition cost paid up front, margins at period ends
    (``timing="end_at_risk"``, ``ck.clv_sensitivity``'s default). ``monthly`` (a mistake)
    raises the monthly retention instead; ``acquisition=False`` (a mistake) forgets the
    acquisition cost; ``flip`` names the runner-up with its own change.
    """
    if monthly:
        m, r, d = clv_inputs(base)
        args = (m, r, d)
    else:
        mm, r, d, _ = annual_inputs(base)
        args = (mm, r, d)
    ac = acquisition_cost(base) if acquisition else 0.0
    s = clv_sensitivity(*args, acquisition_cost=ac).set_index("driver")["percent_change"] / 100
    order = s.sort_values(ascending=False)
    best = order.index[1] if flip else order.index[0]
    return (str(best), float(s[best]))


def cohort_survivors(base, whole_base=False):
    """Customers alive after t = 0..T months: the cohort that joined in month 1 (or, wrongly,
    everybody active in month 1)."""
    c = base.customers
    act = base.activity
    T = int(base.params.periods)
    if whole_base:
        ids = act.loc[act["period"] == 1, "customer_id"].unique()
    else:
        ids = c.loc[c["tenure_months"] == 0, "customer_id"].to_numpy()
    sub = act[act["customer_id"].isin(ids)]
    counts = sub.groupby("period")["customer_id"].nunique().reindex(range(1, T + 1),
                                                                     fill_value=0)
    still = int((~c.set_index("customer_id").loc[ids, "churned"]).sum())
    return np.concatenate([[len(ids)], counts.to_numpy()[1:], [still]]).astype(float)


def sbg_fit(survivors):
    """Maximum likelihood α, β of the shifted-beta-geometric model (Fader & Hardie 2007):
    LL = Σ_t (S_(t−1) − S_t)·log P(T = t) + S_n·log S(n), P(T=t) = B(α+1, β+t−1)/B(α, β),
    S(t) = B(α, β+t)/B(α, β)."""
    s = np.asarray(survivors, float)
    n = len(s) - 1
    t = np.arange(1, n + 1)
    lost = -np.diff(s)

    def negll(p):
        a, b = np.exp(p)
        lp = special.betaln(a + 1, b + t - 1) - special.betaln(a, b)
        ls = special.betaln(a, b + n) - special.betaln(a, b)
        return -(lost @ lp + s[-1] * ls)

    best = None
    for start in ([0.0, 0.0], [0.0, 2.0]):
        res = optimize.minimize(negll, start, method="L-BFGS-B",
                                options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 5000})
        if best is None or res.fun < best.fun:
            best = res
    return np.exp(best.x)


QUESTIONS = (
    Question(
        "ex05.q1", "Pooled monthly retention r = 1 − (customers who churned) ÷ (active "
        "customer-months), over the whole observation (a fraction)", retention,
        Number(rtol=1e-7),
        mistakes=(
            Mistake("churn_for_retention",
                    "that is the *churn* rate; retention is the share who stay: r = 1 − churn",
                    lambda base, exp: 1.0 - exp),
            percent("retention rate"),
            Mistake("off_by_one",
                    "off by one period: the last observed month is at risk too (the `churned` "
                    "column records leaving after it) — count every active customer-month",
                    lambda base, exp: retention(base, last_at_risk=False)),
        ),
        reinforce="each active customer-month is one chance to leave.",
        worlds=("telecom",)),
    Question(
        "ex05.q2", "The monthly discount rate d equivalent to the base's annual rate "
        "(base.params.discount_rate)", discount, Number(rtol=1e-6),
        mistakes=(
            Mistake("simple_division",
                    "dividing by 12 ignores compounding: d = (1 + D)^(1/12) − 1 compounds back "
                    "to exactly D a year (ck.periodic_discount_rate)",
                    lambda base, exp: discount(base, "simple")),
            Mistake("annual_rate",
                    "that is the *annual* rate; a monthly formula needs the rate per month",
                    lambda base, exp: discount(base, "annual")),
            percent("discount rate"),
        ),
        reinforce="12 months at d compound to one year at D.",
        worlds=("telecom",)),
    Question(
        "ex05.q3", "CLV of a new customer with margin m (mean margin per active "
        "customer-month), retention r (Q1) and discount d (Q2): first margin received now, "
        "infinite horizon: m(1+d)/(1+d−r) (RMB)", clv_start, Number(rtol=1e-6, unit="RMB"),
        mistakes=(
            Mistake("timing_end_at_risk",
                    "that is the end-of-period convention with the first period at risk, "
                    "m·r/(1+d−r) (Gupta–Lehmann's margin multiple); here the first margin is "
                    "received now: m(1+d)/(1+d−r) (timing='start')",
                    lambda base, exp: clv_start(base, timing="end_at_risk")),
            Mistake("timing_end",
                    "that is the end-of-period convention with a certain first margin, "
                    "m/(1+d−r); here the first margin is received *now*: multiply by (1+d)",
                    lambda base, exp: clv_start(base, timing="end")),
            Mistake("churn_for_retention",
                    "you put the churn rate where the retention rate goes: the formula needs "
                    "r = 1 − churn",
                    lambda base, exp: clv_start(base, r=1.0 - retention(base))),
            Mistake("annual_rate",
                    "you discounted monthly margins at the *annual* rate; use the monthly d "
                    "from Q2",
                    lambda base, exp: clv_start(base, d=discount(base, "annual"))),
        ),
        reinforce="the timing convention changes the value by a factor (1+d) or r — always "
                  "say which one you use.",
        worlds=("telecom",)),
    Question(
        "ex05.q4", "The same customer's value net of what it costs to win them: CLV (Q3) minus "
        "the mean acquisition cost of the base's customers (RMB)", net_clv,
        Number(rtol=1e-6, unit="RMB"),
        mistakes=(
            Mistake("acquisition_cost",
                    "you forgot the acquisition cost: a prospect's value is CLV − acquisition "
                    "cost (paid once, now)",
                    lambda base, exp: clv_start(base)),
            Mistake("acquisition_added",
                    "the acquisition cost is a cost: subtract it, do not add it",
                    lambda base, exp: net_clv(base, sign=+1.0)),
        ),
        reinforce="acquisition cost (获取成本) is paid once, up front, and is not discounted.",
        worlds=("telecom",)),
    Question(
        "ex05.q5", f"The CLV of Q3 over a finite horizon of {HORIZON} months ({HORIZON} monthly "
        "margins, the first one now) (RMB)",
        lambda base: clv_start(base, periods=HORIZON), Number(rtol=1e-6, unit="RMB"),
        mistakes=(
            Mistake("off_by_one",
                    f"off by one period: {HORIZON} months are {HORIZON} payments, "
                    f"t = 0 … {HORIZON - 1} with the first one now — you summed "
                    f"{HORIZON + 1}",
                    lambda base, exp: clv_start(base, periods=HORIZON + 1)),
            Mistake("infinite_horizon",
                    f"that is the infinite-horizon value; stop after {HORIZON} months",
                    lambda base, exp: clv_start(base)),
        ),
        reinforce="a finite horizon cuts off the tail; the closed form is its limit.",
        worlds=("telecom",)),
    Question(
        "ex05.q6", "Judgement (Gupta–Lehmann, as notebook 05 §4): on a year — margin 12·m, "
        "retention r^12, the annual discount rate, the mean acquisition cost — which 1% "
        "improvement raises the net CLV most: retention × 1.01, margin × 1.01 or acquisition "
        "cost × 0.99? Answer (the driver, the relative change in CLV it gives, a fraction)",
        gupta_lehmann,
        Decision(Choice(DRIVERS), Number(rtol=1e-6), figure_name="the relative change"),
        mistakes=(
            Mistake("monthly_retention",
                    "you raised the *monthly* retention by 1%: r × 1.01 per month is a huge "
                    "change a year (r^12 grows by about 12%); Gupta–Lehmann's ≈5% is for "
                    "*annual* retention — convert first, r_year = r^12, as notebook 05 §4 does",
                    lambda base, exp: gupta_lehmann(base, monthly=True)),
            Mistake("acquisition_forgotten",
                    "you left out the acquisition cost: the question values the *net* CLV, "
                    "paid for by the mean acquisition cost up front (acquisition_cost=…)",
                    lambda base, exp: gupta_lehmann(base, acquisition=False)),
            Mistake("decision_ignores_figure",
                    "compare the three changes: another driver moves CLV more",
                    lambda base, exp: gupta_lehmann(base, flip=True)),
            percent("relative change"),
        ),
        reinforce="retention acts through the margin multiple r/(1+d−r), which grows faster "
                  "than r (Gupta, Lehmann & Stuart 2004: ≈5% against ≈1% and ≈0.1%).",
        worlds=("telecom",)),
    Question(
        "ex05.q7", "sBG: fit the shifted-beta-geometric model to the cohort that joined in "
        "month 1 (tenure_months == 0): survivors after t = 0 … T months. Give (α, β)",
        lambda base: sbg_fit(cohort_survivors(base)),
        Vector(2, rtol=5e-3, names=("alpha", "beta")),
        mistakes=(
            Mistake("whole_base",
                    "you fitted everybody active in month 1; long-standing customers are "
                    "survivors (their churn-prone peers left long ago) — fit the cohort that "
                    "joined in month 1 (tenure_months == 0)",
                    lambda base, exp: sbg_fit(cohort_survivors(base, whole_base=True))),
        ),
        reinforce="heterogeneous churn: the cohort's retention rises as the churn-prone leave.",
        worlds=("telecom",)),
)

#: The CLV calculator question: discount per month and acquisition cost as set in the widget.
CALC_DISCOUNT = 0.008
CALC_ACQUISITION = 200.0


def calculator_setting(base):
    """(margin, churn) the student sets: m to a whole RMB, monthly churn to 2 decimals."""
    m = float(min(max(round(margin(base)), 0), 500))
    churn = float(min(max(round(1.0 - retention(base), 2), 0.01), 1.0))
    return m, churn


def calculator_shows(base, swapped=False):
    m, churn = calculator_setting(base)
    r = churn if swapped else 1.0 - churn
    return clv_formula(m, r, CALC_DISCOUNT) - CALC_ACQUISITION


QUESTIONS = QUESTIONS + (
    Question(
        "ex05.q8", "Widget: in the CLV calculator switch the wording to churn; set the margin "
        "to your m rounded to a whole RMB, the churn slider to your monthly churn 1 − r "
        f"(2 decimals), the discount to {CALC_DISCOUNT}; leave horizon 0 (infinite), "
        f"acquisition cost {CALC_ACQUISITION:g} and timing 'first margin now'. What CLV does "
        "it show (RMB)?", calculator_shows, Number(rtol=0.0, atol=0.0051, unit="RMB"),
        mistakes=(
            Mistake("retention_for_churn",
                    "with the churn wording the slider asks for *churn*; you set it to your "
                    "retention rate (r), which values a customer who almost surely leaves",
                    lambda base, exp: calculator_shows(base, swapped=True)),
            Mistake("acquisition_cost",
                    "that is the value before the acquisition cost; the calculator subtracts "
                    f"the RMB {CALC_ACQUISITION:g} it is set to — read the number it shows",
                    lambda base, exp: exp + CALC_ACQUISITION),
        ),
        reinforce="retention or churn wording, the customer is the same — only the slider's "
                  "words change.",
        worlds=("telecom",)),
)

CHAPTER = Chapter("ex05", "Customer lifetime value (客户终身价值)",
                  "ex05_customer_lifetime_value", "telecom", QUESTIONS)
