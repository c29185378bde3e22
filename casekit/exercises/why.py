"""Worked explanations ("why") behind each exercise solution, for self-learners (issue 14 §4).

One short text per question id: the reasoning and the formula behind the expected answer, not
only the code. The instructor (solution) notebooks show it under each question; a student who
got a ✘ can read it there. Kept in one file, apart from the question definitions, so that
editing a question and its explanation are separate, reviewable changes.
"""

from __future__ import annotations

__all__ = ["WHY", "why", "why_markdown"]

WHY: dict[str, str] = {
    # ex01 — customer bases
    "ex01.q1": "A customer base has one row per customer in `customers`; `activity` has one "
               "row per customer *and* period, so its length counts customer-months, not "
               "customers. Count the rows of `customers` (or the unique ids).",
    "ex01.q2": "ARPU = total revenue ÷ number of active customer-months. Dividing by the number "
               "of customers would mix customers who stayed 24 months with those who stayed 2; "
               "dividing by 24 × customers counts months in which a customer no longer paid.",
    "ex01.q3": "Churn in month 12 = (active in 12 and not active in 13) ÷ (active in 12). The "
               "denominator is who *could* leave; customers who left earlier are not at risk "
               "again. Retention is 1 − churn.",
    "ex01.q4": "Sort customers by total revenue, largest first; take the first ⌈0.2·n⌉; their "
               "revenue ÷ total revenue. Sorting ascending gives the bottom 20 % instead.",
    "ex01.q5": "The decision follows from the figure: 'yes' exactly when the top-20 % share is "
               "≥ 0.80. The rule of thumb is a hypothesis about your base, tested by one number.",
    "ex01.q6": "With a constant monthly retention r, lifetime is geometric with mean 1/(1 − r) "
               "months. At r = 0.97 that is 33 months; at r = 0.98, 50: small changes of r "
               "near 1 move the lifetime a lot.",
    "ex01.q7": "The months observed are a sample of the months the business could have had, so "
               "the standard deviation divides by n − 1 (pandas' default ddof=1; numpy's "
               "default is ddof=0, the population formula).",
    "ex01.q8": "Compare contracts by the share of their customers who churned during the "
               "observation; the contract with the lowest share keeps customers best. Longer "
               "contracts carry an early-termination fee, which holds customers until the "
               "contract runs out.",
    # ex02 — not all customers are equal
    "ex02.q1": "Walk down the customers sorted by revenue, largest first, and stop at the first "
               "customer at which the cumulative share reaches 0.80; the share of customers "
               "passed is the answer (the size of ABC class A).",
    "ex02.q2": "Gini = 1 − 2 × (area under the Lorenz curve), the Lorenz curve ranking customers "
               "smallest first. Equivalent: G = Σ(2i − n − 1)·x_i ÷ (n·Σx_i) with x sorted "
               "ascending. 0 = everyone equal; near 1 = one customer has everything.",
    "ex02.q3": "Rank customers by margin, most profitable first, and accumulate: the curve rises "
               "while margins are positive and falls once the loss-makers start. Its highest "
               "point ÷ total margin is the peak (> 1 whenever someone loses money).",
    "ex02.q4": "Count customers whose total margin over the observation is below 0, divided by "
               "all customers. On the whale curve they are everything after the peak.",
    "ex02.q5": "Sort by margin ascending, take the first 30 % of customers, sum their margin, "
               "divide by total margin. Negative: they lose money, eating part of what the top "
               "customers make (Sherden's 80/20/30).",
    "ex02.q6": "Rank by total *margin*, not revenue: large accounts with deep discounts and high "
               "cost to serve can bill a lot and keep little.",
    "ex02.q7": "A cost to serve of RMB c per active customer-period is subtracted from every "
               "customer's margin before ranking; small customers turn negative, so the curve "
               "rises higher and falls further.",
    "ex02.q8": "Profit left = (total margin − margin of the bottom 30 %) ÷ total margin. When the "
               "bottom 30 % lose money, that share is above 1 and the decision is 'yes' — "
               "if nothing else changed. Fixed costs and customers who would grow (exercise 03) "
               "are why the real answer needs more than this figure.",
    # ex03 — identifying key customers
    "ex03.q1": "Top 10 % of customers by total margin (⌈0.1·n⌉ of them); their margin ÷ total "
               "margin. The pyramid gives this tier 60 % of the sales time because it holds "
               "most of the value.",
    "ex03.q2": "The Pareto explorer reads the same cumulative-share curve at another cut-off: "
               "the share of revenue of the top 10 % of customers.",
    "ex03.q3": "The value matrix splits customers by current value (margin per month) and "
               "potential (the trend of margin). 'Cultivate' = current below the split and "
               "potential above it: losing money today, improving.",
    "ex03.q4": "An elastic customer (seed 003) is still active, loses money in the short term "
               "(mean monthly margin over the recent months < 0) and shows at least two of the "
               "six traits (long-term value, frequent transactions, shares risk, "
               "price-insensitive, innovator, market influence). All three conditions are "
               "needed; any one alone over-counts (a churned customer has no future at all).",
    "ex03.q5": "Seed 003's first precondition: a customer whose monthly loss exceeds 1 % of the "
               "active customers' total monthly margin (both over the recent months) drains too "
               "much cash and is let go whatever its implicit value. So the figure that decides "
               "is this customer's own monthly loss: above the limit → 'no', otherwise 'yes'.",
    "ex03.q6": "Precision = (chosen and truly key) ÷ chosen. Choosing a larger share than the "
               "true key tier's caps precision below 1 (choosing 15 % when 10 % are truly key "
               "caps it at 2/3); recall would be (chosen and truly key) ÷ truly key.",
    "ex03.q7": "Compute the precision of the top 10 % by revenue and by margin against the true "
               "key tier; choose the ranking with the higher precision and give that precision. "
               "Margin usually wins: revenue rewards large, unprofitable accounts.",
    # ex04 — tobacco retail grading
    "ex04.q1": "AHP: build the reciprocal matrix from the judgements (a_ji = 1/a_ij), take the "
               "eigenvector of the largest eigenvalue and scale it to sum to 1. The eigenvector "
               "from numpy has length 1, not sum 1.",
    "ex04.q2": "CI = (λmax − n)/(n − 1); CR = CI/RI with Saaty's RI = 0.90 for n = 4. 'Yes' "
               "exactly when CR < 0.10.",
    "ex04.q3": "Change only the first judgement to 9 and recompute λmax and CR: one extreme "
               "judgement that disagrees with the others' chain (contribution vs influence) "
               "raises the inconsistency of the whole matrix.",
    "ex04.q4": "Fewer violations is better, so the score is (max − x)/(max − min): the retailer "
               "with the fewest violations gets 1. Keeping (x − min)/(max − min) rewards "
               "violations.",
    "ex04.q5": "M(·,+): b_j = Σ_i a_i · r_ij, a weighted average of the membership columns; the "
               "result sums to 1 when A and each row of R do. Max–min (Zadeh) would take "
               "max_i min(a_i, r_ij) and ignore most of the information.",
    "ex04.q6": "Rank all retailers together by order value; grade = ⌈30·r/n⌉ (r the average "
               "rank, 1 = lowest) so 30 is the highest; then average the grades of the rural "
               "retailers. Graded together, their mean is far below 15.5.",
    "ex04.q7": "Grade each quarter into 5 equal-frequency bands on that quarter's order value; "
               "count retailers whose band is higher in quarter 4 than in quarter 1. Quarter 4 "
               "is weeks 40–52 (13 weeks).",
    # ex05 — customer lifetime value
    "ex05.q1": "Pooled retention = 1 − churn events ÷ active customer-months: every active "
               "month is one chance to leave. Averaging per-customer rates instead gives short "
               "lives too much weight.",
    "ex05.q2": "(1 + d)^12 = 1 + D, so d = (1 + D)^(1/12) − 1; D/12 is close but not equal.",
    "ex05.q3": "With the first margin now and retention r each period after, CLV = Σ_t m·r^t/"
               "(1+d)^t = m(1+d)/(1+d−r). Paying the first margin at the end of the first "
               "period divides by (1+d); requiring the customer to survive it multiplies by r.",
    "ex05.q4": "Net value of a new customer = CLV − acquisition cost. The acquisition cost is "
               "paid once, now, so it is not discounted.",
    "ex05.q5": "Sum the first 24 terms of the series of Q3: m·Σ_{t=0}^{23} (r/(1+d))^t = "
               "m(1 − q^24)/(1 − q) with q = r/(1+d). The infinite form is its limit.",
    "ex05.q6": "Relative change of CLV = CLV(new)/CLV − 1. Margin × 1.01 gives exactly +1 %; "
               "retention × 1.01 gives more, because r enters the denominator 1+d−r, which "
               "is small (Gupta, Lehmann & Stuart 2004).",
    "ex05.q7": "sBG: churn probability θ ~ Beta(α, β); P(survive t periods) = B(α, β+t)/B(α, β). "
               "Fit α, β by maximum likelihood to the cohort's survivors month by month "
               "(those who left in month t contribute P(T = t), those still there S(T)).",
    "ex05.q8": "The calculator with churn wording is the same formula with r = 1 − churn: set "
               "margin, churn, discount and timing as stated and read its CLV; it should equal "
               "m(1+d)/(1+d−r) less the acquisition cost of 200.",
    # ex06 — probabilistic CLV
    "ex06.q1": "ck.rfm scores recency, frequency and monetary value each into quintiles 1–5; "
               "the check verifies the table's shape and columns only.",
    "ex06.q2": "RFM recency = last observed week − week of the last order (time *since*). "
               "BG/NBD's recency is something else: last − first order.",
    "ex06.q3": "BG/NBD counts repeat purchases: frequency = orders − 1. The first order only "
               "tells us when the customer arrived.",
    "ex06.q4": "t_x = week of the last order − week of the first; T = last observed week − week "
               "of the first. t_x close to T means the retailer ordered until recently.",
    "ex06.q5": "BG/NBD: while alive, orders follow a Poisson process with rate λ ~ Gamma(r, α); "
               "after each order the retailer drops out with probability p ~ Beta(a, b). Fit "
               "(r, α, a, b) by maximum likelihood on (x, t_x, T).",
    "ex06.q6": "P(alive | x, t_x, T) falls with the silence T − t_x, and faster for frequent "
               "buyers: a regular who has not ordered for 8 weeks is more likely gone than an "
               "occasional buyer with the same silence.",
    "ex06.q7": "Compare r/α (mean order rate while alive) with the mean of truth.true_order_rate; "
               "'yes' exactly when |r/α − truth| ≤ 10 % of the truth.",
    "ex06.q8": "Gamma-Gamma: each retailer's mean spend ν ~ Gamma(q, γ) and order values ~ "
               "Gamma(p, ν); the population mean order value is pγ/(q − 1). Fit on repeat "
               "buyers only (frequency > 0).",
    # ex07 — retention what-if
    "ex07.q1": "Expected survivors after 12 months = Σ over active customers of r_i^12, each "
               "customer's own monthly retention raised to 12 — not (mean r)^12 × n.",
    "ex07.q2": "NPV = Σ_i Σ_{t=1}^{60} m_i · r_i^t/(1+d)^t for the active key customers (margins "
               "at month ends, d the monthly rate): each month's margin weighted by the "
               "chance the customer is still there.",
    "ex07.q3": "With 20 % of the annual churn prevented, the annual retention R = r^12 "
               "becomes 1 − 0.8(1 − R), converted back to months; ΔNPV = NPV with the "
               "programme − NPV without − the present value of the cost, RMB 200/12 a month "
               "for every key customer still there.",
    "ex07.q4": "ROI = ΔNPV ÷ PV(cost): the net return per yuan spent. Below 0 the programme "
               "returns less than it costs.",
    "ex07.q5": "Run it exactly when ΔNPV > 0; the figure that decides is ΔNPV itself (not "
               "NPV with the programme, which is large whatever the programme does).",
    "ex07.q6": "Customer equity solves V = R + P V/(1+d): V = (I − P/(1+d))⁻¹ R, d the "
               "quarterly rate. A key customer's equity counts the chance of sliding to normal "
               "or small, or being lost.",
    "ex07.q7": "The retention lab values the programme live with growth as the truth says: set "
               "the uplift to 30 % and read ΔNPV. It differs from Q3 because Q3 ignores growth.",
    "ex01.q9": "ARPU is revenue per line-month: total revenue divided by all the lines held over "
               "the active account-months — not the revenue per account (that is ARPA), and not "
               "the mean of each bill's per-line amount (a mean of ratios weights small bills "
               "as much as big ones).",
    "ex04.q8": "With a hysteresis band a retailer keeps its grade until its new score is more than "
               "k grades away; count who still changes between quarter 1 and quarter 2 and divide "
               "by all graded retailers. A wider band means fewer moves, at the price of grades "
               "that lag the score.",
    "ex06.q9": "Discrete or continuous: when most weeks of a retailer's life after its first "
               "order hold an order (repeat orders / T), each week is a buy-or-not opportunity "
               "and a discrete-time model (BG/BB) fits how the data arise.",
    "ex06.q10": "A holdout judges a model on weeks it never saw: sum the predicted order-weeks of "
                "weeks 40–52 over all retailers fitted on weeks 1–39, divide by the actual total "
                "and subtract 1; a positive error means the model expects too much.",
    "ex09.q1": "Information is bought level by level: reaching level 3 costs the hours of levels "
               "1–3 at the account-manager rate plus their fees. Set it against what the account "
               "brings in a year (12 × mean monthly revenue) to see whether it is cheap or dear.",
    "ex09.q2": "A SMART goal names a number, a date and a baseline; 'add 30 lines' is specific and "
               "measurable but says by when nowhere, so it misses T (及时的, time-bound).",
    "ex09.q3": "The stage follows from the bill trend: annualise the monthly slope of the bills "
               "relative to their level and compare it with the ±5 % bands of the rule.",
    "ex09.q4": "Information is worth buying when what it earns beats what it costs: 5 % of a year's "
               "margin (0.05 × 12 × mean monthly margin) minus the cost of levels 3 and 4.",
    "ex09.q5": "Opposition weighs influence × (2 − attitude): a powerful opponent weighs most, a "
               "powerful supporter least. Compute the three weights, then rank them.",
    "ex09.q6": "Split at the medians of margin and trend, sum each cell's monthly margin: the cell "
               "with the most margin is where today's profit sits, whatever the trend.",
    "ex09.q7": "Big is not the same as good (大客户不等于好客户): review the pricing when the 'big but "
               "not good' accounts together lose money, i.e. their total monthly margin is below 0.",
    "ex09.q8": "The pyramid gives the key tier 60 % of the team's customer hours; divide by the "
               "active key customers to get each one's hours and compare with what they need.",
    "ex09.q9": "An effect is measured against a control: the played-forward world without the "
               "programme gives the margin the accounts would have earned anyway (seed 004).",
    "ex09.q10": "Rank plans by what they add against doing nothing: the ΔNPV of each over 12 "
                "months on the same random numbers, highest first.",
    "ex09.q11": "Delegate a diagnosis when it is right often enough: the share of accounts whose "
                "diagnosed stage equals the true stage, against the 60 % bar.",
    "ex09.q12": "A SWOT turns figures into a position: each strength, weakness, opportunity and "
                "threat should cite a number from the account's own data (the rubric's criteria).",
}


def why(question_id: str, lang: str | None = None) -> str | None:
    """The worked explanation of ``question_id`` (e.g. ``"ex02.q3"``), or None.

    Parameters
    ----------
    question_id : str
        ``"exNN.qM"``.
    lang : {"en", "zh"}, optional
        The language; None = the display language (``ck.labels.set_language``). The Chinese
        text is the ``"why"`` of ``casekit/exercises/zh/exNN.py``; English when it has none.

    Returns
    -------
    str or None
    """
    if lang is None:
        from ..labels import get_language
        lang = get_language()
    if lang not in ("en", "zh"):
        raise ValueError(f"lang={lang!r}: choose 'en' or 'zh' (or None for the display "
                         "language)")
    if lang == "zh":
        from .zh import why_zh
        text = why_zh(question_id)
        if text:
            return text
    return WHY.get(question_id)


def why_markdown(question_id: str, lang: str | None = None) -> str | None:
    """The worked explanation as the solution notebook shows it, headed by the question number:
    ``**Why (Q3).** …`` in English, ``**解题思路（第 3 题）：** …`` in Chinese; None when the
    question has none.

    Parameters
    ----------
    question_id : str
        ``"exNN.qM"``.
    lang : {"en", "zh"}, optional
        The edition; None = the display language (``ck.labels.set_language``).

    Returns
    -------
    str or None
    """
    text = why(question_id, lang)
    if text is None:
        return None
    if lang is None:
        from ..labels import get_language
        lang = get_language()
    short = str(question_id).split(".", 1)[-1]
    if lang == "zh":
        return f"**解题思路（第 {short[1:]} 题）：** {text}"
    return f"**Why ({short.upper()}).** {text}"
