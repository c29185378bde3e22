"""Case study — the tobacco bureau's customer analyst (烟草专卖局客户分析员).

Notebook: ``cases/tobacco_bureau_analyst.ipynb`` (tobacco world, class-pack aware). The student
designs the bureau's retailer grading with a role-played panel, sizes a service package and a
scarce-brand allocation within the managers' capacity, answers two appeals, sets a re-grading
rule and plays the year forward.

The panel's judgements, the service menu and the bureau's rules are case constants (the same for
everyone); every figure that depends on retailers is computed from the student's own base. The
grading itself uses the course's public :func:`casekit.tobacco_grading` and the plays use
:func:`casekit.play_forward` (the case checks how a student *uses* them: which weights, which
retailers, which rule); the AHP weights, hours, counts and moves are recomputed here in plain
numpy/pandas.

Judgement questions use :class:`~casekit.check.Judgement` (via ``judgement_question``): the
student gives the choice *and* the figures that decide it; the figures are checked on the
student's own data, the choice is checked to follow from the student's figures by the stated
rule (so a wrong figure with a consistent choice, and a right figure with a choice that does not
follow, are told apart), and every verdict says what was not checked (the reason in words).
The written parts (SMART rules, the answer to
the rural shop, the note to the leadership) are not checked by code: their rubrics are
:data:`RUBRICS` (shown in ``docs/teaching_guide.md``).
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from ..check import (Chapter, Choice, Count, Criterion, Judgement, Mistake, Question, Rubric,
                     Vector, Written, judgement_question)

CRITERIA = ("contribution", "law_abiding", "integrity", "influence")
#: Saaty's random index (Saaty 1980), typed in again so the check is independent.
RI4 = 0.90
#: The panel's pairwise judgements (upper triangle, reading order: contribution–law_abiding,
#: contribution–integrity, contribution–influence, law_abiding–integrity,
#: law_abiding–influence, integrity–influence).
PANEL = {
    "marketing": (5, 5, 3, 1, 1 / 2, 1 / 2),         # 营销: sales first, influence counts
    "enforcement": (1 / 3, 1, 3, 2, 5, 1 / 2),      # 专卖: law first (one judgement slips)
    "managers": (3, 2, 3, 1, 1, 1),                  # 客户经理: contribution, the rest equal
}
#: Enforcement's judgements after the panel sends them back: integrity 2× influence.
ENFORCEMENT_REVISED = (1 / 3, 1, 3, 2, 5, 2)
#: Top grades (档位 26–30) and the bureau's violation rule for the appeal card.
TOP = 26
MAX_VIOLATIONS_AT_TOP = 1          # 2 or more violations in the year: at most grade 25
#: The service menu (差异服务, seed 002): package per grade range, the same for urban and
#: rural (each graded on its own scale); every option adds 0.5 scarce class-1 cartons per
#: order for grades 28–30 (货源投放).
SERVICE_MENU = {
    "A": (("premium", 28, 30), ("standard", 21, 27)),
    "B": (("premium", 29, 30), ("standard", 21, 28)),
    "C": (("premium", 27, 30),),
    "D": (("standard", 16, 30),),
}
SUPPLY = (0.5, 28, 30)
#: Hysteresis band for quarterly re-grading: the published grade changes only when the new
#: quarter's grade differs from it by more than BAND grades.
BAND = 3
WEEKS_PLAYED = 52


# ------------------------------------------------------------------------------------------
# AHP, recomputed with numpy
# ------------------------------------------------------------------------------------------


def matrix(judgements) -> np.ndarray:
    n = len(CRITERIA)
    a = np.ones((n, n))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    for (i, j), v in zip(pairs, judgements):
        a[i, j], a[j, i] = v, 1.0 / v
    return a


def _eigen(a: np.ndarray) -> tuple[float, np.ndarray]:
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    v = np.abs(vecs[:, k].real)
    return float(vals[k].real), v / v.sum()


def cr(judgements, ci_only: bool = False) -> float:
    lam, _ = _eigen(matrix(judgements))
    ci = (lam - len(CRITERIA)) / (len(CRITERIA) - 1)
    return ci if ci_only else ci / RI4


def group_judgements(members, how: str = "geometric") -> tuple[float, ...]:
    """Aggregate individual judgements (AIJ): element-wise geometric mean (keeps reciprocity;
    Aczél & Saaty 1983) or, as a mistake, the arithmetic mean."""
    arr = np.array(members, dtype=float)
    return tuple(np.exp(np.log(arr).mean(axis=0)) if how == "geometric" else arr.mean(axis=0))


def panel_weights(revised: bool = True, how: str = "geometric") -> np.ndarray:
    enforcement = ENFORCEMENT_REVISED if revised else PANEL["enforcement"]
    members = (PANEL["marketing"], enforcement, PANEL["managers"])
    if how == "weights":                  # mistake: average the members' weights instead
        return np.mean([_eigen(matrix(m))[1] for m in members], axis=0)
    return _eigen(matrix(group_judgements(members, how)))[1]


def panel_crs(ci_only: bool = False) -> np.ndarray:
    """Each member's consistency ratio (or, as a mistake, index), in the order of PANEL."""
    return np.array([cr(j, ci_only=ci_only) for j in PANEL.values()])


def most_inconsistent(crs) -> str:
    """The rule of Q1: the member with the highest CR goes back for revision."""
    return tuple(PANEL)[int(np.argmax(np.asarray(crs, float)))]


def inconsistent_member(base=None):
    crs = panel_crs()
    return (most_inconsistent(crs), crs)


# ------------------------------------------------------------------------------------------
# Grading and plans on the student's base
# ------------------------------------------------------------------------------------------

_GRADED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def graded(base, by=("format_class", "region")) -> pd.DataFrame:
    """The year's grading with the panel's weights (course function), plus the records."""
    store = _GRADED.setdefault(base, {})
    if by not in store:
        from casekit import tobacco_grading
        g = tobacco_grading(base, weights=dict(zip(CRITERIA, panel_weights())), by=by)
        cols = ["customer_id", "licence_violations", "licence_closed"]
        store[by] = g.merge(base.customers[cols], on="customer_id", how="left")
    return store[by]


def rural_top(base, together: bool = False, top: int = TOP) -> int:
    g = graded(base, ("format_class",) if together else ("format_class", "region"))
    return int(((g["region"].astype(str) == "rural") & (g["grade"] >= top)).sum())


def _in(g: pd.DataFrame, lo: int, hi: int) -> pd.Series:
    return (g["grade"] >= lo) & (g["grade"] <= hi)


def plan_hours(base, option: str = "A", count_closed: bool = False) -> float:
    """Manager hours per week that a menu option books for the open retailers."""
    from casekit import SERVICE_PACKAGES
    g = graded(base)
    open_ = np.ones(len(g), bool) if count_closed else ~g["licence_closed"].astype(bool)
    return float(sum(SERVICE_PACKAGES[pkg]["hours"] * (_in(g, lo, hi) & open_).sum()
                     for pkg, lo, hi in SERVICE_MENU[option]))


def capacity(base) -> float:
    """Manager hours per week: 20 hours (world parameter) × the number of account managers."""
    return float(base.params.values["manager_hours_per_week"]
                 * base.customers["account_manager"].nunique())


def fits_rule(figures) -> str:
    """The rule of Q4: (hours booked, capacity) -> "fits" when the hours are within it."""
    hours, cap = np.asarray(figures, float)
    return "fits" if hours <= cap + 1e-9 else "exceeds"


def capacity_fit(base, option: str = "A", **kw):
    figures = np.array([plan_hours(base, option, **kw), capacity(base)])
    return (fits_rule(figures), figures)


def menu_plan(base, option: str):
    """The option as a ck.Plan (service packages by grade range + the scarce supply)."""
    from casekit import Plan, ServicePackage, SupplyAllocation
    g = graded(base)
    ids = lambda lo, hi: g.loc[_in(g, lo, hi), "customer_id"].tolist()   # noqa: E731
    packages = [(ids(lo, hi), pkg) for pkg, lo, hi in SERVICE_MENU[option]]
    x, lo, hi = SUPPLY
    return Plan(ServicePackage(packages), SupplyAllocation([(ids(lo, hi), x)]))


_PLAYED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def menu_outcomes(base) -> pd.DataFrame:
    """Per option: hours, whether it fits, and (if it fits) ΔNPV and the NPV of the margin
    over 52 weeks played forward (seed of the base's own future)."""
    if base in _PLAYED:
        return _PLAYED[base]
    from casekit import play_forward
    rows = []
    for option in SERVICE_MENU:
        fit, hours = capacity_fit(base, option)
        row = {"option": option, "hours": hours, "fits": fit == "fits",
               "delta_npv": np.nan, "npv_plan": np.nan}
        if row["fits"]:
            try:
                s = play_forward(base, menu_plan(base, option), periods=WEEKS_PLAYED).summary()
            except ValueError:           # the engine's own capacity (truly trading retailers)
                row["fits"] = False
            else:
                row["delta_npv"] = float(s.iloc[0]["delta_npv"])
                row["npv_plan"] = float(s.iloc[0]["npv_plan"])
        rows.append(row)
    _PLAYED[base] = pd.DataFrame(rows).set_index("option")
    return _PLAYED[base]


def option_deltas(base, column: str = "delta_npv") -> np.ndarray:
    """ΔNPV of each option A–D against no plan; 0 for an option that does not fit (it cannot
    be run, so it changes nothing)."""
    t = menu_outcomes(base)
    return np.where(t["fits"], t[column].fillna(0.0), 0.0).astype(float)


def best_rule(deltas) -> str:
    """The rule of Q5: the option with the highest ΔNPV (first on ties), "none" if no
    option's ΔNPV is above 0."""
    d = np.asarray(deltas, float)
    k = int(np.argmax(d))
    return tuple(SERVICE_MENU)[k].lower() if d[k] > 0 else "none"


def best_option(base):
    d = option_deltas(base)
    return (best_rule(d), d)


def appeal_top(base):
    """The top-grade retailer with the most violations (ties: higher grade, smaller id)."""
    g = graded(base)
    top = g[g["grade"] >= TOP].sort_values(["licence_violations", "grade", "customer_id"],
                                           ascending=[False, False, True], kind="mergesort")
    return top.iloc[0]


def appeal_decision(base):
    row = appeal_top(base)
    v = int(row["licence_violations"])
    return ("downgrade" if v > MAX_VIOLATIONS_AT_TOP else "uphold", v)


def _quarters(base) -> pd.DataFrame:
    store = _GRADED.setdefault(base, {})
    if "quarters" not in store:
        from casekit import regrade
        q = regrade(base, every=13, weights=dict(zip(CRITERIA, panel_weights())))
        store["quarters"] = q.pivot(index="customer_id", columns="window", values="grade")
    return store["quarters"]


def published_changes(base, band: int = BAND, strict: bool = True) -> int:
    """Retailers whose published grade changes from quarter 1 to quarter 2 under the band."""
    w = _quarters(base)
    diff = (w[2] - w[1]).abs()
    return int((diff > band).sum() if strict else (diff >= band).sum())


def rural_complaint(base, band: int = BAND):
    """The rural retailer whose grade fell most from Q1 to Q2 (ties: smaller id): does its
    published grade change under the band? (yes/no, its drop in grades)."""
    w = _quarters(base)
    region = base.customers.set_index("customer_id")["region"].astype(str)
    drop = (w[1] - w[2])[region.reindex(w.index) == "rural"]
    drop = drop.sort_index(kind="mergesort")
    k = int(drop.max())
    return ("yes" if k > band else "no", k)


_CHECKED = (
    judgement_question(
        "case_tobacco.q1", "The panel's three sets of judgements: whose must go back for "
        "revision? Answer (member, its consistency ratio CR)", inconsistent_member,
        Judgement(Choice(tuple(PANEL)), Vector(3, rtol=1e-3, names=tuple(PANEL)),
                  most_inconsistent, "the member with the highest CR (above Saaty's 0.10) "
                  "goes back", figure_name="the members' CRs"),
        mistakes=(
            Mistake("ci_for_cr", "that is the consistency index CI = (λmax − n)/(n − 1); "
                    "CR = CI / RI with RI = 0.90 for 4 criteria",
                    lambda base, exp: panel_crs(ci_only=True)),
        ),
        reinforce="CR ≥ 0.10: enforcement's judgements contradict each other — ask again, "
                  "don't average them away.",
        worlds=("tobacco",), needs_base=False),
    Question(
        "case_tobacco.q2", "The panel's weights: geometric mean of the three members' "
        "judgements (enforcement's revised set), then the principal eigenvector (sum 1)",
        lambda base: panel_weights(), Vector(4, rtol=1e-4, names=CRITERIA),
        mistakes=(
            Mistake("unrevised", "you used enforcement's first, inconsistent judgements; use "
                    "ENFORCEMENT_REVISED", lambda base, exp: panel_weights(revised=False)),
            Mistake("arithmetic_mean", "the arithmetic mean of judgements breaks reciprocity "
                    "(mean of 3 and 1/3 is not 1); aggregate with the geometric mean",
                    lambda base, exp: panel_weights(how="arithmetic")),
            Mistake("mean_of_weights", "you averaged the members' weights (AIP); the question "
                    "aggregates their judgements (AIJ) first",
                    lambda base, exp: panel_weights(how="weights")),
        ),
        reinforce="one matrix for the panel, reciprocal by construction.",
        worlds=("tobacco",), needs_base=False),
    Question(
        "case_tobacco.q3", f"Grade your retailers with the panel's weights, urban and rural "
        f"separately (区别城乡). How many rural retailers reach grades {TOP}–30?",
        rural_top, Count("retailers"),
        mistakes=(
            Mistake("together", "you graded urban and rural on one scale (by format class "
                    "only); grade each region separately",
                    lambda base, exp: rural_top(base, together=True)),
            Mistake("off_by_one", f"grades {TOP}–30 include grade {TOP}",
                    lambda base, exp: rural_top(base, top=TOP + 1)),
        ),
        reinforce="separately, rural shops use the whole scale.",
        worlds=("tobacco",)),
    judgement_question(
        "case_tobacco.q4", "Option A of the service menu: does it fit the managers' capacity? "
        "Answer (\"fits\"/\"exceeds\", the manager hours per week it books for retailers whose "
        "licence is still open)", capacity_fit,
        Judgement(Choice(("fits", "exceeds")), Vector(2, rtol=1e-6,
                                                      names=("hours", "capacity")),
                  fits_rule, "fits when the hours booked are at most the managers' capacity",
                  figure_name="(hours booked, capacity) per week"),
        mistakes=(
            Mistake("closed_counted", "retailers whose licence closed get no service: count "
                    "only licence_closed == False",
                    lambda base, exp: capacity_fit(base, count_closed=True)[1]),
            Mistake("premium_only", "standard retailers book hours too (0.25 h a week each)",
                    lambda base, exp: capacity_fit(base)[1] - [0.25 * float(
                        (_in(graded(base), 21, 27) & ~graded(base)["licence_closed"]
                         .astype(bool)).sum()), 0.0]),
        ),
        reinforce="a service promise is a claim on managers' hours.",
        worlds=("tobacco",)),
    judgement_question(
        "case_tobacco.q5", "Play each option that fits forward 52 weeks (ck.play_forward). "
        "Which do you recommend (\"none\" if no option beats doing nothing)? Answer (option, "
        "the best option's ΔNPV against no plan)", best_option,
        Judgement(Choice(tuple(o.lower() for o in SERVICE_MENU) + ("none",)),
                  Vector(len(SERVICE_MENU), rtol=1e-6, atol=1e-3, names=tuple(SERVICE_MENU)),
                  best_rule, "the option with the highest ΔNPV; none if no ΔNPV is above 0",
                  figure_name="ΔNPV of options A–D (0 for one that does not fit)"),
        mistakes=(
            Mistake("npv_not_delta", "that is the plan arm's NPV; the decision rests on the "
                    "difference against no plan (delta_npv)",
                    lambda base, exp: option_deltas(base, "npv_plan")),
        ),
        reinforce="the best plan you can staff, measured against the same future without it "
                  "— and doing nothing is an option.",
        worlds=("tobacco",)),
    judgement_question(
        "case_tobacco.q6", f"Appeal card 1: the retailer in grades {TOP}–30 with the most "
        "licence violations (ties: higher grade, then smaller id) contests a downgrade. Bureau "
        f"rule: more than {MAX_VIOLATIONS_AT_TOP} violation in the year caps the grade at "
        f"{TOP - 1}. Answer (\"uphold\"/\"downgrade\", its violations)", appeal_decision,
        Judgement(Choice(("uphold", "downgrade")), Count("violations"),
                  lambda v: "downgrade" if v > MAX_VIOLATIONS_AT_TOP else "uphold",
                  f"downgrade when violations > {MAX_VIOLATIONS_AT_TOP}",
                  figure_name="violations"),
        reinforce="a published rule decides the appeal, not who complains loudest.",
        worlds=("tobacco",)),
    judgement_question(
        "case_tobacco.q7", f"Appeal card 2: the rural retailer whose grade fell most from "
        f"quarter 1 to quarter 2 complains. With a hysteresis band of {BAND} grades, does its "
        "published grade change? Answer (\"yes\"/\"no\", its drop in grades)", rural_complaint,
        Judgement(Choice(("yes", "no")), Count("grades"),
                  lambda k: "yes" if k > BAND else "no",
                  f"the published grade changes when the drop is more than {BAND} grades",
                  figure_name="drop"),
        reinforce="the band absorbs noise, not real decline.",
        worlds=("tobacco",)),
    Question(
        "case_tobacco.q8", f"With the band of {BAND} grades, how many retailers' published "
        "grade changes from quarter 1 to quarter 2?", published_changes, Count("retailers"),
        mistakes=(
            Mistake("no_band", "that counts every change; with the band a grade is republished "
                    f"only when it moves by more than {BAND}",
                    lambda base, exp: published_changes(base, band=0)),
            Mistake("at_least", f"'more than {BAND}' excludes moves of exactly {BAND}",
                    lambda base, exp: published_changes(base, strict=False)),
        ),
        reinforce="fewer, larger changes: retailers and managers can plan on a grade.",
        worlds=("tobacco",)),
)

#: Rubrics of the written answers (criteria with levels excellent / adequate / insufficient,
#: an exemplary answer on the shipped data); the instructor notebook shows them.
RUBRICS = {
    "smart_rules": Rubric(
        (Criterion("Specific: names the grades and the service or supply each gets",
                   ("every grade range with its package and supply", "some ranges",
                    "'good shops get more'")),
         Criterion("Measurable: a figure a clerk can compute from the records",
                   ("each rule has a figure", "some rules", "none")),
         Criterion("Achievable: within the managers' hours and the scarce pool",
                   ("hours and pool checked against capacity", "mentioned, not checked",
                    "ignored")),
         Criterion("Relevant: tied to the bureau's aims (sales, compliance, fairness)",
                   ("each rule serves a named aim", "some", "none")),
         Criterion("Time-bound: when grades are set and revised",
                   ("dates of grading and re-grading", "'regularly'", "no timing"))),
        "Every quarter (weeks 1, 14, 27, 40) the analyst grades all open "
        "retailers 1–30, urban and rural separately, with the panel's AHP "
        "weights; grades 28–30 get the premium package and 0.5 scarce cartons "
        "per order, grades 21–27 the standard package, within 220 manager hours "
        "a week; a retailer with 2 or more violations in the year holds at most "
        "grade 25; a published grade changes only when it moves by more than 3."),
    "rural_reply": Rubric(
        (Criterion("States the shop's figures (its grades and drop)",
                   ("both grades and the drop", "the drop only", "no figure")),
         Criterion("Explains the rule (band of 3, urban/rural graded separately)",
                   ("band and separate scales", "one of them", "no rule")),
         Criterion("Says what the shop can do to move up (orders, compliance, e-settlement)",
                   ("concrete steps", "a vague encouragement", "nothing")),
         Criterion("Courteous and short",
                   ("five sentences, polite", "long or curt", "a refusal or a promise the "
                    "rule does not allow"))),
        "Your grade fell from the first to the second quarter by more than the "
        "3-grade band, so it is republished; rural shops are graded among rural "
        "shops only. Regular weekly orders and on-time e-settlement raise the "
        "contribution and integrity scores of the next quarter."),
    "leadership_note": Rubric(
        (Criterion("The recommendation first (option, ΔNPV, hours used)",
                   ("first, with all three figures", "present but late or without figures",
                    "no recommendation")),
         Criterion("How the weights were agreed (panel, CR, revision)",
                   ("panel, CR and the revision", "weights only", "not said")),
         Criterion("What the played year showed against the forecast, and its uncertainty",
                   ("result and its spread over futures", "result only", "not said")),
         Criterion("Risks and the next decision",
                   ("a named risk and when to re-check", "a generic risk", "none"))),
        "Recommend option D — the standard package for grades 16–30 (180 of 220 "
        "manager hours), 0.5 scarce cartons per order for grades 28–30. Played "
        "forward a year it keeps 17 more retailers and adds RMB 32k NPV net of RMB "
        "807k service cost; the premium options cost more than they return. The "
        "weights come from a three-member panel (enforcement revised one judgement; "
        "panel CR 0.004). Appeals: retailer 1127 (2 violations) is capped at grade "
        "25; the rural shop's fall of 18 grades is real and is republished. Risk: "
        "the gain is small against the spread of futures — re-check after two "
        "quarters."),
}

_WRITTEN = (
    judgement_question(
        "case_tobacco.q9", "Written — your grading rules in SMART form (at least 40 words)",
        lambda base: {}, Written(RUBRICS["smart_rules"], min_words=40),
        worlds=("tobacco",), needs_base=False),
    judgement_question(
        "case_tobacco.q10", "Written — your reply to the rural shop (at least 30 words)",
        lambda base: {}, Written(RUBRICS["rural_reply"], min_words=30),
        worlds=("tobacco",), needs_base=False),
    judgement_question(
        "case_tobacco.q11", "Written — the note to the leadership (at least 60 words, naming "
        "the option and the ΔNPV)", lambda base: {},
        Written(RUBRICS["leadership_note"], min_words=60,
                must_mention=(("option", "方案"), ("NPV",))),
        worlds=("tobacco",), needs_base=False),
)

QUESTIONS = _CHECKED + _WRITTEN

CHAPTER = Chapter("case_tobacco", "Case: the tobacco bureau's customer analyst "
                  "(烟草专卖局客户分析员)", "tobacco_bureau_analyst", "tobacco", QUESTIONS)

