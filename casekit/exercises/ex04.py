"""Exercise 04 — tobacco retail grading (卷烟零售客户分级): AHP, normalisation, fuzzy
evaluation, 30 grades, urban/rural, dynamic re-grading.

Notebook: ``exercises/ex04_tobacco_retail_grading.ipynb`` (tobacco world). The AHP and fuzzy
questions use judgements given in the notebook (the same for everyone); the grading questions
use the student's retailers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..check import Chapter, Count, Decision, Mistake, Number, Question, Vector, percent
from ..evaluate import regrade
from ._data import totals

CRITERIA = ("contribution", "law_abiding", "integrity", "influence")
#: The pairwise judgements of the notebook (upper triangle, reading order): contribution is
#: 3× law-abiding, 3× integrity, 5× influence; law-abiding = integrity; 2× influence; 2×.
JUDGEMENTS = (3, 3, 5, 1, 2, 2)
#: Saaty's random index (Saaty 1980), typed in again here so the check is independent.
RI = {3: 0.58, 4: 0.90, 5: 1.12}
#: The widget question moves the first slider (contribution vs law-abiding) to this value.
WIDGET_JUDGEMENT = 9
#: Fuzzy evaluation of one retailer: weights A and membership matrix R (rows = CRITERIA,
#: columns = excellent, good, fair, poor).
FUZZY_A = (0.4, 0.2, 0.2, 0.2)
FUZZY_R = ((0.5, 0.3, 0.2, 0.0), (0.0, 0.2, 0.3, 0.5), (0.2, 0.5, 0.3, 0.0),
           (0.1, 0.2, 0.4, 0.3))
#: Quarters for the dynamic re-grading question (weeks, inclusive).
Q1, Q4 = (1, 13), (40, 52)


def matrix(judgements=JUDGEMENTS) -> np.ndarray:
    n = len(CRITERIA)
    a = np.ones((n, n))
    for (i, j), v in zip([(i, j) for i in range(n) for j in range(i + 1, n)], judgements):
        a[i, j], a[j, i] = v, 1.0 / v
    return a


def eigen(a):
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    return float(vals[k].real), np.abs(vecs[:, k].real)


def weights(judgements=JUDGEMENTS, how="eigen"):
    a = matrix(judgements)
    if how == "columns":                       # the textbook approximation
        return (a / a.sum(axis=0)).mean(axis=1)
    v = eigen(a)[1]
    return v / np.linalg.norm(v) if how == "unit" else v / v.sum()


def cr(judgements=JUDGEMENTS, ri_n=None, ci_only=False):
    a = matrix(judgements)
    n = len(a)
    ci = (eigen(a)[0] - n) / (n - 1)
    return ci if ci_only else ci / RI[ri_n or n]


def consistent(base=None):
    c = cr()
    return ("yes" if c < 0.10 else "no", c)


def fuzzy(operator="weighted_average"):
    a, r = np.array(FUZZY_A), np.array(FUZZY_R)
    if operator == "weighted_average":
        return a @ r
    b = np.minimum(a[:, None], r).max(axis=0)
    return b / b.sum()


def _violations_score(base, flip=True):
    v = base.customers["licence_violations"].to_numpy(float)
    span = v.max() - v.min()
    s = (v.max() - v) / span if flip else (v - v.min()) / span
    return float(s.mean())


def thirty(values: pd.Series, reverse=False) -> pd.Series:
    """30 grades by equal frequency: grade = ⌈30·r/n⌉, r the average rank (1 = lowest)."""
    r = values.rank(method="average").to_numpy()
    if reverse:
        r = len(values) + 1 - r
    g = np.ceil(np.round(30 * r / len(values), 9)).clip(1, 30)
    return pd.Series(g, index=values.index)


def rural_mean_grade(base, separately=False, reverse=False):
    value = totals(base, "revenue")
    region = base.customers.set_index("customer_id")["region"].astype(str).reindex(value.index)
    if separately:
        g = pd.concat([thirty(value[region == r]) for r in ("urban", "rural")])
        g = g.reindex(value.index)
    else:
        g = thirty(value, reverse=reverse)
    return float(g[region == "rural"].mean())


def _quarter_value(base, weeks):
    act = base.activity
    w = act[(act["period"] >= weeks[0]) & (act["period"] <= weeks[1])]
    ids = base.customers["customer_id"].to_numpy()
    return w.groupby("customer_id")["revenue"].sum().reindex(ids, fill_value=0.0)


def five_grades(values: pd.Series) -> np.ndarray:
    r = values.rank(method="average").to_numpy()
    return np.ceil(np.round(5 * r / len(values), 9)).clip(1, 5)


def moved(base, direction="up", last=Q4):
    before = five_grades(_quarter_value(base, Q1))
    after = five_grades(_quarter_value(base, last))
    return int((after > before).sum() if direction == "up" else (after < before).sum())


#: The hysteresis band of the stable-grades question (grades).
BAND = 2


def changed_with_band(base, band=BAND, at_least=False):
    """Share of retailers whose held grade differs between quarters 1 and 2 when a grade moves
    only if the quarter's own 30-grade grade (``ck.regrade``, default weights) differs from
    quarter 1's by more than ``band`` grades (``at_least``, a mistake: by ``band`` or more)."""
    raw = regrade(base, every=13).pivot(index="customer_id", columns="window", values="grade")
    step = (raw[2] - raw[1]).abs()
    return float((step >= band).mean() if at_least else (step > band).mean())


QUESTIONS = (
    Question(
        "ex04.q1", "AHP weights of contribution, law-abiding, integrity, influence from the "
        "notebook's pairwise judgements (principal eigenvector, summing to 1)",
        lambda base: weights(), Vector(4, rtol=1e-4, names=CRITERIA),
        mistakes=(
            Mistake("not_normalised",
                    "these are the eigenvector's raw entries (length 1); AHP weights are "
                    "scaled to *sum* to 1: divide by their sum",
                    lambda base, exp: weights(how="unit")),
            Mistake("column_average",
                    "that is the quick approximation (average of the normalised columns); "
                    "the question asks for the principal eigenvector (np.linalg.eig or "
                    "ck.ahp)",
                    lambda base, exp: weights(how="columns")),
        ),
        reinforce="contribution first, as the article says — but the others still count.",
        worlds=("tobacco",), needs_base=False),
    Question(
        "ex04.q2", "Are these judgements consistent enough to use? Answer (\"yes\"/\"no\", the "
        "consistency ratio CR)", consistent,
        Decision(figure=Number(rtol=1e-3, atol=1e-7), figure_name="CR"),
        mistakes=(
            Mistake("ci_for_cr",
                    "that is the consistency *index* CI = (λmax − n)/(n − 1); the ratio is "
                    "CR = CI / RI, with Saaty's RI = 0.90 for 4 criteria",
                    lambda base, exp: cr(ci_only=True)),
            Mistake("off_by_one",
                    "you took Saaty's RI for n = 3 (0.58) — off by one: there are 4 criteria, "
                    "RI = 0.90",
                    lambda base, exp: cr(ri_n=3)),
            Mistake("decision_ignores_figure",
                    "the CR is right, but judgements are accepted when CR < 0.10",
                    lambda base, exp: ("no" if exp[0] == "yes" else "yes", exp[1])),
        ),
        reinforce="CR < 0.10: the judgements hang together.",
        worlds=("tobacco",), needs_base=False),
    Question(
        "ex04.q3", f"Widget: in the AHP builder, move the first slider (contribution vs "
        f"law-abiding) to {WIDGET_JUDGEMENT} (contribution extremely more important), the "
        "others unchanged. What CR does it show?",
        lambda base: cr((WIDGET_JUDGEMENT,) + JUDGEMENTS[1:]), Number(rtol=0.0, atol=0.00051),
        mistakes=(
            Mistake("slider_not_moved",
                    "that is the CR of the starting judgements; move the first slider to "
                    f"{WIDGET_JUDGEMENT}",
                    lambda base, exp: cr()),
            Mistake("wrong_side",
                    "you moved the slider the other way (law-abiding 9× contribution); move it "
                    "to the right, toward contribution",
                    lambda base, exp: cr((1 / WIDGET_JUDGEMENT,) + JUDGEMENTS[1:])),
        ),
        reinforce="one extreme judgement can make a whole matrix inconsistent.",
        worlds=("tobacco",), needs_base=False),
    Question(
        "ex04.q4", "Law-abiding: min-max normalise licence_violations so that 1 = best (fewest "
        "violations). What is the mean normalised value over all retailers?",
        _violations_score, Number(rtol=1e-6),
        mistakes=(
            Mistake("direction",
                    "fewer violations must score *higher*: you kept the direction (more "
                    "violations = higher score); use (max − x)/(max − min), or "
                    "higher_is_better=False",
                    lambda base, exp: _violations_score(base, flip=False)),
        ),
        reinforce="every criterion must point the same way before you add them up.",
        worlds=("tobacco",)),
    Question(
        "ex04.q5", "Fuzzy comprehensive evaluation of the notebook's retailer: B = A ∘ R with "
        "the weighted-average operator M(·,+) (excellent, good, fair, poor)",
        lambda base: fuzzy(), Vector(4, rtol=1e-6,
                                     names=("excellent", "good", "fair", "poor")),
        mistakes=(
            Mistake("max_min",
                    "that is Zadeh's max-min operator M(∧,∨); the question asks for the "
                    "weighted average M(·,+): b_j = Σ_i a_i·r_ij",
                    lambda base, exp: fuzzy("max_min")),
        ),
        reinforce="M(·,+) lets every criterion count in proportion to its weight.",
        worlds=("tobacco",), needs_base=False),
    Question(
        "ex04.q6", "Grade all retailers together into 30 grades (档位, 30 = highest) by total "
        "order value over the year. What is the mean grade of the rural retailers?",
        rural_mean_grade, Number(rtol=1e-6),
        mistakes=(
            Mistake("separately",
                    "you graded urban and rural separately (which the course recommends, 区别城乡) "
                    "— this question grades them together to show why",
                    lambda base, exp: rural_mean_grade(base, separately=True)),
            Mistake("reversed",
                    "grade 30 is the highest: rank ascending so the largest order value gets 30 "
                    "(you gave 30 to the smallest)",
                    lambda base, exp: rural_mean_grade(base, reverse=True)),
        ),
        reinforce="graded together, rural shops crowd the low grades — hence 区别城乡.",
        worlds=("tobacco",)),
    Question(
        "ex04.q7", "Dynamic management (动态管理): grade retailers into 5 equal-frequency grades "
        "by order value in quarter 1 (weeks 1–13) and in quarter 4 (weeks 40–52). How many "
        "moved up?", moved, Count("retailers"),
        mistakes=(
            Mistake("down_for_up",
                    "you counted the retailers who moved *down*; the question asks who moved up",
                    lambda base, exp: moved(base, "down")),
            Mistake("off_by_one",
                    "off by one week: quarter 4 is weeks 40–52 (13 weeks ending with the last "
                    "observed week)",
                    lambda base, exp: moved(base, last=(39, 51))),
        ),
        reinforce="grades move up and down (能上能下): re-grade regularly.",
        worlds=("tobacco",)),
    Question(
        "ex04.q8", f"Stable grades: re-grade every 13 weeks with a hysteresis band of {BAND} "
        f"grades (ck.regrade(base, every=13, hysteresis={BAND})). What share of retailers holds "
        "a different grade in quarter 2 than in quarter 1? (a fraction)",
        changed_with_band, Number(rtol=1e-6),
        mistakes=(
            Mistake("no_band",
                    "that is the share without the band (hysteresis=0): every change counts; "
                    f"with hysteresis={BAND} a grade moves only when the quarter's grade "
                    f"differs by more than {BAND}",
                    lambda base, exp: changed_with_band(base, band=0)),
            Mistake("at_least_band",
                    f"a grade moves only by *more than* {BAND} grades; a move of exactly {BAND} "
                    "keeps the old grade",
                    lambda base, exp: changed_with_band(base, at_least=True)),
            percent("share"),
        ),
        reinforce="a hysteresis band trades responsiveness for stable, credible grades "
                  "(帮助客户找准位置，有所激励).",
        worlds=("tobacco",)),
)

CHAPTER = Chapter("ex04", "Tobacco retail grading (卷烟零售客户分级)",
                  "ex04_tobacco_retail_grading", "tobacco", QUESTIONS)
