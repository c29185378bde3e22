"""Exercise 06 — probabilistic CLV (非契约情形, no contract): RFM, the BG/NBD summary, BG/NBD
and Gamma-Gamma fits, probability alive, the model against the truth, choosing the model from
the data's nature, and reading a calibration/holdout diagnostic.

Notebook: ``exercises/ex06_probabilistic_clv.ipynb`` (tobacco world). The expected fits are
computed here with an independent implementation of the two likelihoods (Fader, Hardie & Lee
2005; Fader & Hardie 2013), so the check compares two maximum-likelihood fits. Only
well-identified quantities are asked (r and α; the Gamma-Gamma mean spend pγ/(q−1)), with
tolerances for optimisers that stop at slightly different points of a flat optimum.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd
from scipy import optimize, special

from ..check import Chapter, Count, Decision, Mistake, Number, Question, Shape, Vector

#: Weeks without an order that make a retailer "quiet" in the recency question.
QUIET_WEEKS = 4


def summary(base, first_counts=False, end=None):
    """Per retailer with an order: x (repeat orders), t_x (last − first week), T (end − first),
    monetary (mean value of the repeat orders). ``end``: the last week used (default: all)."""
    act = base.activity.groupby(["customer_id", "period"], as_index=False)[
        ["revenue", "margin"]].sum()
    if end is not None:
        act = act[act["period"] <= end]
    act = act.sort_values(["customer_id", "period"], kind="mergesort")
    g = act.groupby("customer_id")
    first, last, n = g["period"].min(), g["period"].max(), g.size()
    x = n - 1
    out = pd.DataFrame({"x": (n if first_counts else x).astype(float),
                        "t_x": (last - first).astype(float),
                        "T": ((base.params.periods if end is None else end)
                              - first).astype(float)})
    for col, name in (("revenue", "monetary"), ("margin", "margin_monetary")):
        total, first_value = g[col].sum(), g[col].first()
        repeat_mean = ((total - first_value) / x.where(x > 0)).fillna(0.0)
        out[name] = (total / n) if first_counts else repeat_mean
    return out


def recency_count(base, strict=False):
    last = base.activity.groupby("customer_id")["period"].max()
    rec = base.params.periods - last
    return int((rec > QUIET_WEEKS).sum() if strict else (rec >= QUIET_WEEKS).sum())


def _bg_negll(logp, x, tx, T, w):
    """−Σ w·log L of the BG/NBD (Fader, Hardie & Lee 2005, eq. 6), in log parameters."""
    r, alpha, a, b = np.exp(logp)
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    t1 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    t2 = np.where(x > 0, special.betaln(a + 1, b + np.maximum(x, 1) - 1)
                  - special.betaln(a, b) - (r + x) * np.log(alpha + tx), -np.inf)
    return -np.sum(w * (common + np.logaddexp(t1, t2)))


def bgnbd_fit(s):
    """(r, α, a, b) by maximum likelihood: L-BFGS-B from two starts, in log parameters
    bounded to e^±12 so that a runaway a, b cannot stall it."""
    hist = s.groupby(["x", "t_x", "T"]).size().reset_index(name="w")
    args = tuple(hist[c].to_numpy(float) for c in ("x", "t_x", "T", "w"))
    rate = max(float(s["x"].mean()), 1e-3) / max(float(s["T"].mean()), 1e-9)
    bounds = [(-12.0, 12.0)] * 4
    best = None
    for start in ([0.0, -np.log(rate), 0.0, 0.0], [0.0, 0.0, -1.0, 1.0]):
        res = optimize.minimize(_bg_negll, start, args=args, method="L-BFGS-B", bounds=bounds,
                                options={"ftol": 1e-15, "gtol": 1e-9, "maxiter": 3000})
        if best is None or res.fun < best.fun:
            best = res
    return np.exp(best.x)


def p_alive(params, x, tx, T):
    r, alpha, a, b = params
    if x == 0:
        return 1.0
    return 1.0 / (1.0 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def _gg_negll(logp, x, m):
    p, q, g = np.exp(logp)
    px = p * x
    ll = (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(g)
          + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(g + m * x))
    return -np.sum(ll)


def gg_fit(s, column="monetary"):
    """(p, q, γ) of the Gamma-Gamma model by maximum likelihood on repeat buyers."""
    use = s["x"] > 0
    x, m = s.loc[use, "x"].to_numpy(float), s.loc[use, column].to_numpy(float)
    best = None
    for start in ([0.0, 0.0, np.log(m.mean())],):
        res = optimize.minimize(_gg_negll, start, args=(x, m), method="L-BFGS-B",
                                options={"ftol": 1e-15, "gtol": 1e-9, "maxiter": 5000})
        if best is None or res.fun < best.fun:
            best = res
    return np.exp(best.x)


_FITS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _cached_fit(base):
    """The BG/NBD fit of ``base`` (computed once per base: three questions use it)."""
    if base not in _FITS:
        _FITS[base] = bgnbd_fit(summary(base))
    return _FITS[base]


#: The silence (weeks since the last order, T − t_x) that makes a retailer "quiet".
SILENCE = 8


def quiet_regular(base):
    """The quiet retailer of q6: among those silent for at least SILENCE weeks, the one with
    the most repeat orders (ties: smaller customer_id); if nobody is that silent, the most
    silent retailer."""
    s = summary(base).sort_index()
    silence = s["T"] - s["t_x"]
    quiet = s[silence >= SILENCE]
    if quiet.empty:
        return int(silence.idxmax())
    return int(quiet["x"].idxmax())


def alive_of_quiet_regular(base, dead=False):
    s = summary(base)
    cid = quiet_regular(base)
    row = s.loc[cid]
    p = p_alive(_cached_fit(base), row["x"], row["t_x"], row["T"])
    return 1.0 - p if dead else p


def rate_check(base, inverted=False):
    r, alpha, _, _ = _cached_fit(base)
    est = alpha / r if inverted else r / alpha
    truth = float(base.truth["true_order_rate"].mean())
    return ("yes" if abs(r / alpha / truth - 1) <= 0.10 else "no", est)


def gg_mean(base, column="monetary"):
    p, q, g = gg_fit(summary(base), column)
    return p * g / (q - 1)


def rfm_shape(base):
    n = int(base.activity["customer_id"].nunique())
    return {"rows": n, "columns": ["r_score", "f_score", "m_score"], "range": (1, 5)}


# -- q9: which model? ------------------------------------------------------------------------

#: The rule of the notebook (ck.choose_clv_method): a week is a buy-or-not opportunity when
#: the median retailer orders in at least this share of the weeks after its first order.
DISCRETE_SHARE = 0.3


def order_share(base, divide_by_year=False, count_first=False):
    """Median over retailers of repeat orders / weeks since the first order (T > 0)."""
    s = summary(base)
    s = s[s["T"] > 0]
    orders = s["x"] + (1 if count_first else 0)
    weeks = float(base.params.periods) if divide_by_year else s["T"]
    return float((orders / weeks).median())


def weekly_opportunity(base):
    share = order_share(base)
    return ("yes" if share >= DISCRETE_SHARE else "no", share)


# -- q10: reading the holdout ----------------------------------------------------------------

#: The last week of the calibration window of q10.
CALIBRATION_END = 39


def bgnbd_expected(params, t, x, tx, T):
    """E[Y(t) | x, t_x, T] of the BG/NBD (Fader, Hardie & Lee 2005, eq. 10)."""
    r, alpha, a, b = params
    head = (a + b + x - 1) / (a - 1)
    f = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    tail = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * f
    dead = np.where(x > 0, a / (b + np.maximum(x, 1) - 1) * ((alpha + T) / (alpha + tx))
                    ** (r + x), 0.0)
    return head * tail / (1 + dead)


def holdout_error(base, inverted=False, everyone=False):
    """BG/NBD fitted on weeks 1..39: predicted / actual − 1 of the holdout order-weeks
    (weeks 40..end) of the retailers who had ordered by week 39."""
    end = CALIBRATION_END
    cal = summary(base, end=end)
    params = bgnbd_fit(cal)
    horizon = float(base.params.periods - end)
    pred = float(bgnbd_expected(params, horizon, cal["x"].to_numpy(), cal["t_x"].to_numpy(),
                                cal["T"].to_numpy()).sum())
    weeks = base.activity.drop_duplicates(["customer_id", "period"])
    later = weeks[weeks["period"] > end]
    if not everyone:
        later = later[later["customer_id"].isin(cal.index)]
    actual = float(len(later))
    return actual / pred - 1 if inverted else pred / actual - 1


QUESTIONS = (
    Question(
        "ex06.q1", "RFM scores of every retailer who ordered (ck.rfm): a DataFrame with "
        "r_score, f_score, m_score in 1..5", rfm_shape, Shape(),
        reinforce="", worlds=("tobacco",)),
    Question(
        "ex06.q2", f"RFM recency = last observed week − week of the last order. How many "
        f"retailers have a recency of {QUIET_WEEKS} weeks or more?", recency_count,
        Count("retailers"),
        mistakes=(
            Mistake("off_by_one",
                    f"off by one week: '{QUIET_WEEKS} weeks or more' includes recency = "
                    f"{QUIET_WEEKS} (≥, not >)",
                    lambda base, exp: recency_count(base, strict=True)),
        ),
        reinforce="RFM's recency is the time *since* the last order.",
        worlds=("tobacco",)),
    Question(
        "ex06.q3", "BG/NBD frequency = number of repeat orders (orders − 1). What is the mean "
        "frequency over the retailers who ordered?",
        lambda base: float(summary(base)["x"].mean()), Number(rtol=1e-7),
        mistakes=(
            Mistake("off_by_one",
                    "off by one: frequency counts *repeat* orders — the first order is not "
                    "a repeat (orders − 1)",
                    lambda base, exp: float(summary(base, first_counts=True)["x"].mean())),
        ),
        reinforce="the first order starts the clock; only repeats count.",
        worlds=("tobacco",)),
    Question(
        "ex06.q4", "BG/NBD recency t_x = week of the last order − week of the first. What is "
        "the mean t_x over the retailers who ordered (weeks)?",
        lambda base: float(summary(base)["t_x"].mean()), Number(rtol=1e-7, unit="weeks"),
        mistakes=(
            Mistake("rfm_recency",
                    "that is RFM's recency (time *since* the last order, T − t_x); BG/NBD's "
                    "recency is the time of the last order counted from the first",
                    lambda base, exp: float((summary(base)["T"] - summary(base)["t_x"]).mean())),
        ),
        reinforce="t_x near T: a retailer ordering until recently is probably still alive.",
        worlds=("tobacco",)),
    Question(
        "ex06.q5", "Fit the BG/NBD model to the retailers' (frequency, recency, T) in weeks. "
        "Give (r, α), the Gamma distribution of the order rate while alive",
        lambda base: _cached_fit(base)[:2], Vector(2, rtol=1e-3, names=("r", "alpha")),
        mistakes=(
            Mistake("off_by_one",
                    "you fitted with frequency = all orders; BG/NBD's frequency counts repeat "
                    "orders (orders − 1)",
                    lambda base, exp: bgnbd_fit(summary(base, first_counts=True))[:2]),
        ),
        reinforce="r/α is the mean order rate while alive; a/(a+b) the mean dropout chance "
                  "after each order.",
        worlds=("tobacco",)),
    Question(
        "ex06.q6", f"The quiet regular: among the retailers silent for at least {SILENCE} "
        "weeks (T − t_x), the one with the most repeat orders (the notebook finds it). What "
        "is its probability of being alive, by the fitted BG/NBD?",
        alive_of_quiet_regular, Number(rtol=2e-2, atol=1e-3),
        mistakes=(
            Mistake("dead_for_alive",
                    "that is the probability the retailer has *dropped out* (closed); the "
                    "question asks for the probability it is still alive: 1 − that",
                    lambda base, exp: alive_of_quiet_regular(base, dead=True)),
        ),
        reinforce="a regular who falls silent is more likely gone than an occasional buyer.",
        worlds=("tobacco",)),
    Question(
        "ex06.q7", "Judgement against the truth: is the fitted mean order rate while alive, "
        "r/α, within 10% of the truth's mean order rate (truth.true_order_rate)? Answer "
        "(\"yes\"/\"no\", r/α in orders per week)", rate_check,
        Decision(figure=Number(rtol=1e-2), figure_name="r/α"),
        mistakes=(
            Mistake("inverted",
                    "that is α/r; the mean of a Gamma(r, α) order rate is r/α",
                    lambda base, exp: rate_check(base, inverted=True)[1]),
            Mistake("decision_ignores_figure",
                    "the figure is right; compare it with the truth's mean order rate: "
                    "within ±10% means \"yes\"",
                    lambda base, exp: ("no" if exp[0] == "yes" else "yes", exp[1])),
        ),
        reinforce="a simulation lets you check a model against what really generated the data.",
        worlds=("tobacco",)),
    Question(
        "ex06.q8", "Fit the Gamma-Gamma model to the repeat buyers' (frequency, mean repeat "
        "order value). What mean order value does it give a new retailer, pγ/(q − 1) (RMB)? "
        "(1% tolerance: p and γ are weakly identified, their product is not)",
        gg_mean, Number(rtol=1e-2, unit="RMB"),
        mistakes=(
            Mistake("margin_for_revenue",
                    "you modelled the *margin* per order; the Gamma-Gamma model is fitted to "
                    "order *value* (revenue, always positive) — apply a margin rate afterwards",
                    lambda base, exp: gg_mean(base, "margin_monetary")),
        ),
        reinforce="spend per order shrinks each retailer's average towards this mean.",
        worlds=("tobacco",)),
    Question(
        "ex06.q9", "The 2 × 2: is each week a buy-or-not opportunity? Rule: yes when the "
        "median retailer orders in at least 30% of the weeks after its first order "
        "(repeat orders / T). Answer (\"yes\"/\"no\", the median share)",
        weekly_opportunity, Decision(figure=Number(rtol=1e-6), figure_name="the median share"),
        mistakes=(
            Mistake("whole_year",
                    "you divided by the whole year; a retailer can only order in the weeks "
                    "after its first order: divide by T",
                    lambda base, exp: order_share(base, divide_by_year=True)),
            Mistake("first_order_counted",
                    "you counted the first order too; it starts the clock — share = repeat "
                    "orders / T",
                    lambda base, exp: order_share(base, count_first=True)),
            Mistake("decision_ignores_figure",
                    "the share is right; compare it with 30%: at or above it, each week is an "
                    "opportunity (\"yes\": the BG/BB's world)",
                    lambda base, exp: ("no" if exp[0] == "yes" else "yes", exp[1])),
        ),
        reinforce="a retailer who orders in most weeks, at most once a week, is buying or not "
                  "in each week: the BG/BB (discrete) rather than the BG/NBD (continuous).",
        worlds=("tobacco",)),
    Question(
        "ex06.q10", "Reading a holdout: fit the BG/NBD on weeks 1–39 "
        "(ck.calibration_holdout(base, calibration_end=39)) and predict each retailer's "
        "order-weeks in weeks 40–52. What is the total holdout error, predicted total / "
        "actual total − 1?",
        holdout_error, Number(rtol=0.0, atol=5e-4),
        mistakes=(
            Mistake("inverted",
                    "that is actual / predicted − 1; the error of a forecast is predicted / "
                    "actual − 1 (positive = the model expects too many orders)",
                    lambda base, exp: holdout_error(base, inverted=True)),
            Mistake("everyone_in_actual",
                    "your actual total includes retailers whose first order came after week "
                    "39; the model predicts only the retailers it was fitted on — compare the "
                    "same retailers (the column frequency_holdout)",
                    lambda base, exp: holdout_error(base, everyone=True)),
        ),
        reinforce="a model is judged on weeks it never saw, for the customers it knows.",
        worlds=("tobacco",)),
)

CHAPTER = Chapter("ex06", "Probabilistic CLV (非契约情形)", "ex06_probabilistic_clv", "tobacco",
                  QUESTIONS)
