"""The telecom world's codes, fixed shape constants, parameters and columns.

Every default with its unit, meaning and source (``telecom_params().describe()``) and every
column of the three tables (``base.datasheet()``). Split from :mod:`casekit.generate.telecom`
(the story and the generator), which imports these names.
"""

from __future__ import annotations

import numpy as np

from ..base import Column, ParamSpec
from . import _draws as dr
from . import _telecom_traits as _traits

WORLD = "telecom"
PERIOD_UNIT = "month"

SEGMENTS = ("key_account", "sme", "consumer")
KA, SME, CONSUMER = 0, 1, 2
PLANS = ("postpaid", "prepaid")
REGIONS = ("urban", "rural")
CONTRACTS = ("month_to_month", "12_month", "24_month")
CONTRACT_TERM = np.array([0, 12, 24])
CHANNELS = ("retail_store", "online", "telesales", "agent", "direct_sales")

#: Industries of accounts: (name, annual growth of the industry, weight among key accounts,
#: weight among SMEs). Growth rates are illustrative modelling choices in the spirit of
#: China's sector trends (a shrinking real-estate sector, fast-growing technology and health);
#: consumers have industry "none".
INDUSTRIES = (
    ("none", 0.00, 0.00, 0.00),
    ("government", 0.02, 0.25, 0.00),
    ("finance", 0.04, 0.12, 0.04),
    ("manufacturing", 0.03, 0.15, 0.22),
    ("retail_trade", 0.01, 0.06, 0.25),
    ("logistics", 0.06, 0.07, 0.12),
    ("education", 0.03, 0.10, 0.06),
    ("healthcare", 0.07, 0.08, 0.07),
    ("technology", 0.15, 0.07, 0.12),
    ("energy", 0.02, 0.06, 0.02),
    ("real_estate", -0.08, 0.04, 0.10),
)
INDUSTRY_NAMES = tuple(i[0] for i in INDUSTRIES)

# Fixed shape constants of the story (documented here, not tuned by users).
CONSUMER_LINES_P = np.array([0.60, 0.28, 0.12])           # 1, 2, 3 lines
CONTRACT_P = {                                            # month_to_month, 12, 24
    "postpaid": np.array([0.40, 0.25, 0.35]),
    "prepaid": np.array([1.0, 0.0, 0.0]),
    "sme": np.array([0.30, 0.35, 0.35]),
    "key_account": np.array([0.10, 0.40, 0.50]),
}
CHANNEL_P = {                                             # store, online, tele, agent, direct
    CONSUMER: np.array([0.45, 0.25, 0.10, 0.20, 0.00]),
    SME: np.array([0.15, 0.15, 0.20, 0.30, 0.20]),
    KA: np.array([0.00, 0.00, 0.00, 0.20, 0.80]),
}
CHANNEL_COST = np.array([150.0, 50.0, 100.0, 200.0, 5000.0])   # RMB per new customer
LINE_ACQ_COST = np.array([60.0, 50.0, 30.0])                    # RMB per line: KA, SME, consumer
USAGE_GB = np.array([8.0, 10.0, 1.0])      # GB per line-month at list price; consumer: param
USAGE_MIN = np.array([400.0, 350.0, 1.0])  # minutes per line-month; consumer: param
#: Account size (lines) at which account_service_cost is the mean special-service share.
SERVICE_REF_LINES = 10.0
COMPLAINT_CHURN_SCALE = np.array([0.1, 0.3, 1.0])  # KA, SME, consumer
URBAN_LIFT = np.array([0.20, 0.10, 0.0])           # accounts are more urban than consumers
#: Truth rates and probabilities are rounded to 10 decimals and money to cents, so the saved
#: truth is the same on every CPU (SIMD exp/log may differ in the last bit between machines).
TRUTH_DECIMALS = 10

# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------

_SRC_ARPU = ("China Mobile RMB 49.3, China Telecom 45.4, China Unicom 44.3 per month, 2023 "
             "company reports (blended consumer ARPU ≈ 45–50)")
_SRC_CHURN = ("postpaid phone churn ≈ 0.8–1.1 %/month, prepaid ≈ 2.8–4.2 %/month (T-Mobile, "
              "Verizon quarterly reports); calibrated so the observed rates match")
_MODEL = "modelling choice (not published)"
_ASSUME = "stated assumption (no published figure; magnitude chosen so the base stays calibrated)"
_RESPONSE = ("stated assumption; the saturating form is Blattberg & Deighton (1991) and the "
             "concave sales-call response of Lodish's CALLPLAN (1971, Management Science)")
_SRC_SELECTION = ("IBM Telco churn data: churn 42.7 % month-to-month, 11.3 % one-year, 2.8 % "
                  "two-year contracts; most of the gap is selection (with contract_churn_factor "
                  "for the binding effect); multipliers are a stated assumption")

PARAMS: tuple[ParamSpec, ...] = (
    # -- mix
    ParamSpec("key_account_share", 0.02, "share of customers",
              "share of customers that are key accounts (政企大客户)",
              "China Mobile 2023: 28.37 M corporate customers next to 991 M mobile customers "
              "(≈ 3 %): accounts are few and large; 2 % keeps the top 20 % of customers at "
              "≈ 86 % of revenue (seed 000: 80 % of revenue from the 20 % big customers)",
              kind="share"),
    ParamSpec("sme_share", 0.10, "share of customers", "share of customers that are SMEs",
              _MODEL, kind="share"),
    ParamSpec("prepaid_share", 0.35, "share of consumers", "share of consumers on prepaid plans",
              _MODEL, kind="share"),
    ParamSpec("urban_share", 0.65, "share of consumers",
              "share of consumers in urban areas (accounts: +10 points SMEs, +20 key accounts)",
              "China's urbanisation rate 66 % in 2023 (National Bureau of Statistics)",
              kind="share"),
    ParamSpec("new_customer_share", 0.10, "share of customers",
              "share of customers who join in period 1 (tenure 0): a fresh acquisition cohort",
              _MODEL, kind="share"),
    ParamSpec("max_tenure_months", 180, "months",
              "longest tenure at the start of observation (tenure is drawn given the churn "
              "propensity, truncated here)", _MODEL, low=1, high=600, kind="int"),
    # -- size and spend
    ParamSpec("arpu_postpaid", 56.0, "RMB per line-month",
              "mean bill per line of postpaid consumers", _SRC_ARPU + "; postpaid above prepaid",
              low=1.0, high=10_000.0),
    ParamSpec("arpu_prepaid", 34.0, "RMB per line-month",
              "mean spend per line of prepaid consumers", _SRC_ARPU, low=1.0, high=10_000.0),
    ParamSpec("arpu_sme", 65.0, "RMB per line-month", "list price per SME line (before discount)",
              _MODEL, low=1.0, high=10_000.0),
    ParamSpec("arpu_key_account", 85.0, "RMB per line-month",
              "list price per key-account line (data, private line and cloud bundles; before "
              "the negotiated discount)", _MODEL + "; enterprise ARPU spread is not published",
              low=1.0, high=10_000.0),
    ParamSpec("rural_price_factor", 0.85, "ratio", "rural bill relative to urban",
              _MODEL, low=0.1, high=2.0),
    ParamSpec("concentration", 1.0, "index",
              "value concentration: scales the spread of consumer spend and SME size and the "
              "tail of key-account size (0 = everyone alike within a segment, 1 = default, "
              "2 = extreme)", "calibrated so the top 20 % of customers bring ≈ 80 % of revenue "
              "(the course's 80/20 rule)", low=0.0, high=2.0),
    ParamSpec("spend_sigma", 0.65, "log-scale sd", "spread of consumer spend per line "
              "(lognormal σ at concentration 1)", _MODEL, low=0.0, high=3.0),
    ParamSpec("sme_median_lines", 8.0, "lines", "median lines of an SME", _MODEL,
              low=1.0, high=1000.0),
    ParamSpec("sme_lines_sigma", 0.9, "log-scale sd", "spread of SME lines (lognormal σ)",
              _MODEL, low=0.0, high=3.0),
    ParamSpec("key_account_min_lines", 40.0, "lines", "smallest key account (Pareto minimum)",
              _MODEL, low=1.0, high=10_000.0),
    ParamSpec("key_account_tail_index", 1.5, "index",
              "Pareto tail index α of key-account lines at concentration 1 (smaller = heavier)",
              "firm sizes are Pareto with α ≈ 1 (Axtell 2001, Science)", low=0.2, high=20.0),
    ParamSpec("max_lines", 20_000, "lines", "cap on the lines of one account", _MODEL,
              low=1, high=10_000_000, kind="int"),
    ParamSpec("max_discount", 0.35, "share of list price",
              "deepest negotiated discount of an account with strong bargaining power",
              _MODEL, kind="share"),
    # -- costs
    ParamSpec("data_gb_per_line", 15.0, "GB per line-month", "mean consumer data use per line",
              "China mobile data use ≈ 16–18 GB per user-month in 2023 (MIIT); rounded down",
              low=0.0, high=1000.0),
    ParamSpec("minutes_per_line", 250.0, "minutes per line-month",
              "mean consumer voice minutes per line", _MODEL, low=0.0, high=10_000.0),
    ParamSpec("usage_sigma", 1.2, "log-scale sd",
              "spread of data use per line among customers with the same bill (lognormal σ; "
              "voice: half of it): heavy users on flat bundles can cost more than they pay "
              "(at σ 1.2 the top 5 % of consumers use ≈ 3× the mean)",
              _MODEL + "; many small loss-makers rather than a few giant ones",
              low=0.0, high=3.0),
    ParamSpec("cost_per_gb", 1.0, "RMB per GB", "network cost of carrying one GB", _MODEL,
              low=0.0, high=100.0),
    ParamSpec("cost_per_minute", 0.02, "RMB per minute",
              "network and interconnect cost of one voice minute", _MODEL, low=0.0, high=10.0),
    ParamSpec("line_cost", 6.0, "RMB per line-month",
              "fixed cost of a line: SIM, number, billing, licence share", _MODEL,
              low=0.0, high=1000.0),
    ParamSpec("care_cost_consumer", 12.0, "RMB per month", "mean cost to serve a consumer "
              "account (care, billing, retention offers)", _MODEL + "; with the spread below "
              "it makes ≈ 30 % of customers unprofitable (Sherden's bottom 30 %) and keeps the "
              "whale peak ≈ 140–150 %",
              low=0.0, high=10_000.0),
    ParamSpec("care_cost_sigma", 1.4, "log-scale sd",
              "spread of consumers' cost to serve (lognormal σ): a few call, visit stores and "
              "get retention offers far more than others", "cost-to-serve heterogeneity drives "
              "whale curves (Kaplan & Cooper 1998)", low=0.0, high=3.0),
    ParamSpec("care_cost_sme", 40.0, "RMB per month", "cost to serve an SME or key account "
              "(care, billing, sales support), before per-line care", _MODEL,
              low=0.0, high=100_000.0),
    ParamSpec("care_cost_per_line", 0.5, "RMB per line-month",
              "per-line support cost of an SME or key account", _MODEL, low=0.0, high=1000.0),
    ParamSpec("account_service_cost", 0.60, "share of list bill",
              "mean cost of the special services an account extracts (custom solutions, "
              "on-site support, service-level credits) for an account of 10 lines, as a share "
              "of its list bill (before the cap, which lowers the mean by ≈ 10 %); × 0–2 with "
              "bargaining power; per account it grows like lines^account_service_elasticity, "
              "so small accounts are the costly ones per line",
              "big customers are not automatically good customers (course material, deck "
              "003); cost-to-serve heterogeneity drives whale curves (Kaplan & Cooper 1998); "
              "level is a modelling choice calibrated so key accounts bring ≈ 70 % of the "
              "profit as a group (seed 000: 客户利润率高) while ≈ 25 % of them lose money "
              "(seed 003), and every base is profitable in total", low=0.0, high=10.0),
    ParamSpec("account_service_elasticity", 0.3, "elasticity",
              "how an account's special-service cost grows with its lines (1 = in proportion "
              "to lines, 0 = the same for every account): one solution team, one set of site "
              "visits serves an account of any size",
              _MODEL + "; economies of scale in serving accounts (Kaplan & Cooper 1998: "
              "cost to serve is driven by activities such as visits and custom work, not "
              "volume)", low=0.0, high=1.0),
    ParamSpec("account_service_sigma", 1.3, "log-scale sd",
              "spread of that special-service cost across accounts (lognormal σ of the "
              "multiplier M, mean 1)", _MODEL, low=0.0, high=3.0),
    ParamSpec("account_service_cap", 6.0, "ratio",
              "cap on the multiplier M: no account extracts more than this many times the "
              "expected special services of an account like it (keeps the loss of one account "
              "bounded, so no base loses money in total because of one account)",
              _MODEL, low=0.0, high=1000.0),
    ParamSpec("account_manager_cost", 1200.0, "RMB per month",
              "share of an account manager (客户经理) carried by each key account",
              _MODEL + "; one manager (≈ RMB 18,000/month fully loaded) covers about 15 "
              "accounts", low=0.0, high=1_000_000.0),
    ParamSpec("complaint_rate", 0.03, "complaints per month",
              "complaints of an average consumer line; × lines^0.3, lower when satisfied",
              _MODEL, low=0.0, high=10.0),
    ParamSpec("complaint_cost", 40.0, "RMB per complaint", "cost of handling one complaint",
              _MODEL, low=0.0, high=100_000.0),
    # -- churn
    ParamSpec("churn_postpaid", 0.0075, "per month",
              "mean base churn propensity θ (month-to-month, no complaint) of postpaid "
              "consumers in the base", _SRC_CHURN, kind="share"),
    ParamSpec("churn_prepaid", 0.044, "per month",
              "mean base churn propensity θ of prepaid consumers in the base", _SRC_CHURN,
              kind="share"),
    ParamSpec("churn_sme", 0.012, "per month", "mean base churn propensity θ of SMEs", _MODEL,
              kind="share"),
    ParamSpec("churn_key_account", 0.006, "per month",
              "mean base churn propensity θ of key accounts", _MODEL, kind="share"),
    ParamSpec("churn_concentration", 12.0, "a + b",
              "concentration of the Beta distribution of θ (smaller = customers differ more; "
              "the sBG model's heterogeneity)", "Fader & Hardie 2007 (sBG)", low=0.1,
              high=10_000.0),
    ParamSpec("contract_churn_factor", 0.3, "ratio",
              "θ is multiplied by this while a 12- or 24-month contract still binds",
              "IBM Telco churn data: churn 42.7 % month-to-month, 11.3 % one-year, 2.8 % "
              "two-year contracts", kind="share"),
    ParamSpec("complaint_churn", 0.10, "probability",
              "chance that a complaint makes a consumer leave at the end of that month "
              "(× 0.3 for SMEs, × 0.1 for key accounts)", _MODEL, kind="share"),
    ParamSpec("etf_share", 0.3, "share of remaining bills",
              "early-termination fee (违约金) as a share of the list bills still due under "
              "the contract", _MODEL, kind="share"),
    # -- growth and value
    ParamSpec("consumer_market_growth", 0.0, "per year",
              "growth of the consumer mobile market (a consumer's industry growth)",
              "flat consumer ARPU 2021–2023 (company reports)", low=-0.5, high=1.0),
    ParamSpec("consumer_growth_sd", 0.03, "per year", "spread of consumers' own growth", _MODEL,
              low=0.0, high=1.0),
    ParamSpec("account_growth_sd", 0.08, "per year",
              "spread of an account's growth around its industry's", _MODEL, low=0.0, high=1.0),
    ParamSpec("high_growth_share", 0.08, "share of accounts",
              "share of SMEs and key accounts growing 30–90 % a year (ants that grow into "
              "elephants, 蚂蚁能够长成大象)", "course material, deck 003", kind="share"),
    ParamSpec("growth_discount", 0.25, "share of list price",
              "extra introductory discount given to fast-growing accounts (win the ant before "
              "it is an elephant): many are unprofitable now — the elastic customers (弹性客户)",
              "course material, deck 003 (Liu Dongchang, elastic customers)", kind="share"),
    ParamSpec("growth_years", 3.0, "years",
              "growth continues this long after the end of observation, then volume stays flat",
              _MODEL, low=0.0, high=50.0),
    # -- bargaining, switching, satisfaction and churn drivers (issue 16: formerly constants)
    ParamSpec("power_lines", 0.9, "log-odds per decade of lines",
              "bargaining power of an account: weight of its size, power = power_lines·"
              "(log10 lines − 1.5) + power_alternatives·(alternatives − 2) + "
              "power_switching·(ln(1 + switching months) − 1.2) + power_noise·Z; discount = "
              "max_discount / (1 + e^(−power))", _ASSUME + "; direction from Porter (1979): "
              "buyers purchasing large volumes have more power", low=-10.0, high=10.0),
    ParamSpec("power_alternatives", 0.5, "log-odds per alternative",
              "weight of the alternatives in bargaining power (see power_lines)",
              _ASSUME + "; Porter (1979): available substitutes raise buyer power",
              low=-10.0, high=10.0),
    ParamSpec("power_switching", -0.4, "log-odds per log-month",
              "weight of the switching cost (in months of bill, ln(1 + x)) in bargaining "
              "power; negative: a costly switch weakens the buyer (see power_lines)",
              _ASSUME + "; Porter (1979): switching costs lock buyers in", low=-10.0,
              high=10.0),
    ParamSpec("power_noise", 0.3, "log-odds sd",
              "spread of bargaining power not explained by size, alternatives and switching "
              "cost (negotiating skill, relationships)", _ASSUME, low=0.0, high=10.0),
    ParamSpec("switching_cost_consumer", 60.0, "RMB per line",
              "mean switching cost of a consumer line (time, lost bundle benefits; number "
              "porting 携号转网 itself is free since 2019), lognormal spread "
              "switching_cost_consumer_sigma", _ASSUME + "; the MIIT made number porting free "
              "nationwide in Nov 2019, so the cost is the customer's own", low=0.0,
              high=100_000.0),
    ParamSpec("switching_cost_consumer_sigma", 0.5, "log-scale sd",
              "spread of consumers' switching cost (lognormal σ, mean kept)", _ASSUME,
              low=0.0, high=3.0),
    ParamSpec("switching_cost_account_base", 40.0, "RMB per line",
              "fixed part of an account's switching cost per line (re-issuing SIMs)",
              _ASSUME, low=0.0, high=100_000.0),
    ParamSpec("switching_cost_account", 150.0, "RMB per line",
              "mean variable part of an account's switching cost per line (private lines, "
              "IT integration, contracts), lognormal spread switching_cost_account_sigma",
              _ASSUME + "; accounts' integration makes switching far costlier than for "
              "consumers", low=0.0, high=100_000.0),
    ParamSpec("switching_cost_account_sigma", 0.8, "log-scale sd",
              "spread of the variable part of accounts' switching cost (lognormal σ, mean "
              "kept)", _ASSUME, low=0.0, high=3.0),
    ParamSpec("satisfaction_mean", 3.6, "score 1–5",
              "mean latent satisfaction; the survey score is round(mean + sd·Z + "
              "noise·E) clipped to 1–5 (Z drives complaints and churn, E is survey noise)",
              _ASSUME + "; typical 5-point survey means lie between 3.5 and 4", low=1.0,
              high=5.0),
    ParamSpec("satisfaction_sd", 0.8, "score points", "spread of latent satisfaction",
              _ASSUME, low=0.0, high=5.0),
    ParamSpec("satisfaction_noise", 0.5, "score points",
              "survey noise: how far the score strays from latent satisfaction", _ASSUME,
              low=0.0, high=5.0),
    ParamSpec("complaint_lines_elasticity", 0.3, "elasticity",
              "complaints grow like lines^elasticity (an account complains through few "
              "contacts, not per line)", _ASSUME, low=0.0, high=1.0),
    ParamSpec("complaint_satisfaction_effect", 0.5, "log per sd",
              "complaint rate × exp(−effect·Z − effect²/2): satisfied customers complain less "
              "(mean kept)", _ASSUME, low=0.0, high=5.0),
    ParamSpec("churn_satisfaction_effect", 0.3, "log per sd",
              "θ × exp(−effect·Z − effect²/2): satisfied customers leave less (mean kept)",
              _ASSUME + "; satisfaction lowers defection (Anderson & Sullivan 1993, Marketing "
              "Science)", low=0.0, high=5.0),
    ParamSpec("churn_alternatives_effect", 0.2, "log per alternative",
              "θ × exp(effect·(alternatives − 2)): more offers, more churn", _ASSUME,
              low=0.0, high=5.0),
    ParamSpec("churn_switching_effect", 0.3, "log per log-month",
              "θ × exp(−effect·(ln(1 + switching months) − 1)): a costly switch keeps the "
              "customer", _ASSUME + "; switching costs lower churn (Burnham, Frels & Mahajan "
              "2003, JAMS)", low=0.0, high=5.0),
    ParamSpec("contract_selection_month_to_month", 1.6, "ratio",
              "θ multiplier of postpaid customers who chose no contract (the less loyal "
              "kind select themselves into month-to-month)", _SRC_SELECTION, low=0.01,
              high=100.0),
    ParamSpec("contract_selection_12_month", 0.7, "ratio",
              "θ multiplier of postpaid customers who chose a 12-month contract",
              _SRC_SELECTION, low=0.01, high=100.0),
    ParamSpec("contract_selection_24_month", 0.45, "ratio",
              "θ multiplier of postpaid customers who chose a 24-month contract",
              _SRC_SELECTION, low=0.01, high=100.0),
    # -- responses to a plan (ck.play_forward; casekit/play/_actions.py)
    ParamSpec("am_churn_cut_max", 0.5, "share of churn",
              "play_forward: most of a customer's churn that extra account-manager hours can "
              "prevent (ceiling of c(h) = max·(1 − e^(−k·h)), h hours per customer-month)",
              _RESPONSE, kind="share"),
    ParamSpec("am_growth_max", 0.05, "per year",
              "play_forward: most extra annual volume growth account-manager hours can buy "
              "(same saturating curve)", _RESPONSE, low=0.0, high=1.0),
    ParamSpec("am_response_k", 0.2, "per hour per month",
              "play_forward: how fast the response saturates: 1/k hours per customer-month "
              "buy 63 % of the ceiling", _RESPONSE, low=1e-6, high=1e3),
    ParamSpec("am_hour_cost", 112.5, "RMB per hour",
              "play_forward: cost of one account-manager hour",
              "account_manager_cost's RMB 18,000 per month fully loaded / 160 hours",
              low=0.0, high=1e6),
    ParamSpec("am_capacity_per_key_account", 10.0, "hours per month",
              "play_forward: extra account-manager hours available per month, per key account "
              "in the base (one manager's 160 hours per ≈ 15 accounts)", _MODEL, low=0.0,
              high=1e6),
    ParamSpec("discount_rate", 0.10, "per year",
              "annual discount rate for true_clv (effective; monthly factor (1 + d)^(−1/12))",
              "a common textbook rate (Gupta, Lehmann & Stuart 2004 use 12 %)",
              low=0.001, high=1.0),
)

_SPEC = {p.name: p for p in PARAMS}

#: What the defaults are calibrated to (target, value reached, source); the datasheet lists
#: them and tests/test_telecom.py checks them (figures: 50,000 customers and the median of
#: seeds 0–5 at 2,000).
CALIBRATION: tuple[tuple[str, str, str], ...] = (
    ("top 20 % of customers bring ≈ 80 % of revenue (tolerance 74–88 %)", "86 %",
     "course seed 000: 电信企业80%的收入来自于占客户总数20%的大客户"),
    ("key accounts as a group bring most of the profit (at least half)", "≈ 70 %",
     "seed 000: key customers are 客户利润率高, the main source of revenue and profit"),
    ("a minority of key accounts lose money (10–40 %), through bargaining power (deeper "
     "discount) and cost to serve", "≈ 24–29 %",
     "seed 003: big customers are not automatically good customers"),
    ("≈ 30 % of customers are unprofitable (tolerance 15–40 %)", "≈ 34 %",
     "Sherden (1994): the bottom ≈ 30 % of customers lose money"),
    ("whale curve peak well above 100 % (tolerance 140–350 % at 50,000 customers)", "≈ 142 %"
     " (≈ 147 % at 2,000)", "Kaplan & Cooper (1998): whale curves peak at 150–300 %"),
    ("every class-sized base (800 customers) is profitable in total", "seeds 0–19",
     "needed for the whale curve (profit as % of a positive total)"),
)

# --------------------------------------------------------------------------------------------
# Columns (the datasheet)
# --------------------------------------------------------------------------------------------

_CLV_MEANING = (
    "expected discounted margin of all future months T+1, T+2, … under the generator's own "
    "process, valued at the end of month T (end of observation); 0 for customers who churned. "
    "Timing: the margin of month T+k is received at the end of that month, the customer is "
    "active in month T+1 for sure: CLV = Σ_{k≥1} E[m_{T+k}] · Π_{j<k} r_{T+j} · δ^k with "
    "δ = (1 + discount_rate)^(−1/12) — with constant m and r this is m/(1 + d − r) per month "
    "(Fader & Hardie 2012). E[m_{T+k}] = G·v_k − F grows with the volume index v_k for "
    "growth_years after T; r changes when the contract ends. Summed exactly as piecewise "
    "geometric series; no acquisition cost (the customer is already acquired); in cents")

COLUMNS: dict[str, tuple[Column, ...]] = {
    "customers": (
        Column("customer_id", "int32", "", "customer number, 0..n−1"),
        Column("segment", "category", "", "key_account (政企大客户), sme (中小企业) or consumer "
               "(个人客户)", categories=SEGMENTS),
        Column("plan", "category", "", "postpaid (monthly bill) or prepaid (top-ups); accounts "
               "are postpaid", categories=PLANS),
        Column("region", "category", "", "urban (城镇) or rural (乡村)", categories=REGIONS),
        Column("industry", "category", "", "industry of an account; 'none' for consumers",
               categories=INDUSTRY_NAMES),
        Column("industry_growth", "float32", "per year",
               "public annual growth rate of the customer's industry (consumers: the consumer "
               "market); the customer's own growth differs (see truth.true_growth)"),
        Column("lines", "int32", "lines", "phone/data lines (SIM cards) held at the start"),
        Column("contract", "category", "", "contract at the start: month_to_month, 12_month or "
               "24_month (合约期)", categories=CONTRACTS),
        Column("contract_months_left", "int16", "months",
               "months of the contract still to run at the start, period 1 included: under "
               "contract in month t if t ≤ contract_months_left; leaving at the end of the last "
               "contract month is free; 0 for month-to-month. Contracts are not renewed"),
        Column("early_termination_fee", "float32", "RMB",
               "fee due on leaving before the contract ends (违约金), at the start: etf_share × "
               "list bill × months left"),
        Column("tenure_months", "int16", "months",
               "months as a customer before period 1 (0 = joined in period 1)"),
        Column("acquisition_channel", "category", "", "how the customer was won",
               categories=CHANNELS),
        Column("acquisition_cost", "float32", "RMB",
               "one-off cost of winning the customer (commission, subsidy, bid cost); spent "
               "when they joined, not part of margin"),
        Column("discount", "float32", "share of list price",
               "negotiated discount of an account (bargaining power: more lines and "
               "alternatives, lower switching cost → deeper discount); 0 for consumers"),
        Column("cost_to_serve", "float32", "RMB per month",
               "monthly cost to serve: care and billing; for accounts also per-line support "
               "and the special services they extract (custom solutions, on-site support); for "
               "key accounts the account manager's share"),
        Column("account_manager", "bool", "", "True if an account manager (客户经理) serves "
               "the customer (key accounts)"),
        Column("satisfaction", "int8", "score 1–5", "satisfaction survey score at the start "
               "(5 = very satisfied); noisy reading of a latent satisfaction"),
        Column("switching_cost", "float32", "RMB",
               "the customer's own cost of moving to a competitor (number porting, bundles, "
               "for accounts private lines and IT integration)"),
        Column("alternatives", "int8", "count",
               "competing offers the customer could take up (bargaining power)"),
        *_traits.CUSTOMER_COLUMNS,
        Column("complaints", "int16", "count", "complaints over the observed months"),
        Column("months_active", "int16", "months", "months with a bill in the observation "
               "window (rows in activity)"),
        Column("churned", "bool", "", "True if the customer left during observation"),
        Column("churn_month", "int16", "month",
               "the last month billed before leaving; 0 = did not churn"),
        Column("total_revenue", "float64", "RMB", "sum of revenue over the observed months"),
        Column("total_margin", "float64", "RMB", "sum of margin over the observed months"),
        Column("avg_monthly_revenue", "float64", "RMB per month",
               "total_revenue / months_active"),
    ),
    "activity": (
        Column("customer_id", "int32", "", "customer number"),
        Column("period", "int16", "month", "month of observation, counted from 1"),
        Column("revenue", "float64", "RMB", "the month's bill (prepaid: top-up spend)"),
        Column("data_gb", "float32", "GB", "mobile data used in the month"),
        Column("voice_minutes", "int32", "minutes", "voice minutes used in the month"),
        Column("complaints", "int8", "count", "complaints made in the month"),
        Column("service_cost", "float64", "RMB",
               "cost of the month's service: data_gb × cost_per_gb + voice_minutes × "
               "cost_per_minute + lines × line_cost + complaints × complaint_cost"),
        Column("margin", "float64", "RMB",
               "revenue − service_cost − cost_to_serve (the customer's monthly cost to serve, "
               "see customers); can be negative"),
    ),
    "truth": (
        Column("customer_id", "int32", "", "customer number"),
        Column("true_churn_propensity", "float64", "per month",
               "θ: base monthly churn probability (month-to-month, no complaint), drawn from a "
               "Beta distribution (10 decimals)"),
        Column("true_complaint_rate", "float64", "per month",
               "λ: expected complaints per month (Poisson rate; 10 decimals)"),
        Column("true_retention", "float64", "per month",
               "probability of staying at the end of month T+1 (T = last observed month): "
               "(1 − θ·c) · exp(−λ·p) with c the contract factor if still under contract, p "
               "the chance a complaint makes the customer leave; latent (also given for "
               "customers who churned); 10 decimals"),
        Column("true_margin", "float64", "RMB per month",
               "expected margin of month T+1 if still a customer (latent, also for churned "
               "customers): G·v − F, G = gross margin at volume 1, v = volume index, F = "
               "cost_to_serve + lines × line_cost + λ × complaint_cost; in cents"),
        Column("true_growth", "float64", "per year",
               "true annual growth rate of the customer's business volume (bill and usage, "
               "hence of the gross margin G·v); lasts growth_years after T. Fixed costs do not "
               "grow, so a growing loss-maker can turn profitable"),
        Column("true_clv", "float64", "RMB", _CLV_MEANING),
        Column("true_tier", "category", "",
               "true value tier by rank of true_clv: top 10 % key, next 30 % normal, rest "
               "small (the course pyramid)", categories=dr.TIER_NAMES, ordered=True),
        *_traits.TRUTH_COLUMNS[:3],
        Column("true_elastic", "bool", "",
               "elastic customer (弹性客户, seed 003): still a customer, loses money now "
               "(true_margin < 0), worth keeping over its life once implicit value and price "
               "headroom count (true_clv + true_implicit_value + headroom × bill over its "
               "expected life > 0), and financially sound (true_default_risk < 5 %)"),
        *_traits.TRUTH_COLUMNS[3:],
    ),
}
