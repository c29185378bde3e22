"""The tobacco world's codes, per-format table, price bands, parameters and columns.

Every default with its unit, meaning and source (``tobacco_params().describe()``) and every
column of the three tables (``base.datasheet()``). Split from :mod:`casekit.generate.tobacco`
(the story and the generator), which imports these names.
"""

from __future__ import annotations

import numpy as np

from ..base import Column, ParamSpec
from . import _tobacco_traits as _traits

WORLD = "tobacco"
WEEKS_PER_YEAR = 52

#: Retail formats (经营业态), in the order of the course material.
TOBACCO_FORMATS = ("supermarket_chain", "department_store", "catering_entertainment",
                   "leisure_resort", "grocery", "convenience_store", "tobacco_liquor_shop")

#: The three classes of the Chengdu article (seed 002); also the ``segment`` of the contract.
TOBACCO_CLASSES = ("supermarket_department", "catering_leisure", "grocery_convenience")

FORMAT_TO_CLASS = np.array([0, 0, 1, 1, 2, 2, 2], dtype=np.int8)
_FORMAT_TO_CLASS = FORMAT_TO_CLASS

#: Per-format modelling choices (weakly sourced; practice varies by province), one row per
#: format in the order of :data:`TOBACCO_FORMATS`:
#: urban log-odds shift, order-frequency multiplier, order-value multiplier, class 1–2 tilt
#: (log-odds), licence-violation multiplier, foot traffic (persons/day, median),
#: e-settlement log-odds shift.
FORMAT_TABLE = {
    #                         urban  freq  value  tilt  viol  traffic  e_settle
    "supermarket_chain":      (1.2,  1.6,  3.0,   0.4,  0.5,  1500.0,  0.8),
    "department_store":       (1.8,  1.3,  2.2,   0.9,  0.4,  2500.0,  0.8),
    "catering_entertainment": (0.5,  0.8,  1.0,   0.6,  1.8,  400.0,   0.0),
    "leisure_resort":         (-0.8, 0.6,  1.3,   0.7,  1.5,  300.0,   -0.2),
    "grocery":                (-0.4, 1.0,  1.0,   0.0,  1.0,  300.0,   -0.3),
    "convenience_store":      (0.6,  1.2,  1.4,   0.3,  0.8,  800.0,   0.4),
    "tobacco_liquor_shop":    (0.3,  1.4,  2.2,   1.0,  1.3,  250.0,   0.2),
}
_FT = np.array([FORMAT_TABLE[f] for f in TOBACCO_FORMATS])

#: Allocation price bands per carton (RMB, [low, high)) of price classes 1..5. Class 1 ≥ 100,
#: class 2 70–100, class 3 30–70 (domain brief); the 16.5 split of classes 4/5 is the usual
#: one (weakly sourced); the caps 260 (class 1) and 8 (class 5) are modelling choices.
PRICE_BANDS = ((100.0, 260.0), (70.0, 100.0), (30.0, 70.0), (16.5, 30.0), (8.0, 16.5))

#: The tobacco company's gross-margin rate on each class (share of order value). Modelling
#: choice, weakly sourced: higher classes earn a higher rate, which is why contribution
#: "especially of higher-class brands" matters in the Chengdu grading.
MARGIN_BP = np.array([3000, 2600, 2200, 1800, 1400], dtype=np.int64)   # basis points
_MARGIN_BP = MARGIN_BP
MARGIN_RATES = _MARGIN_BP / 10_000

#: How the cartons not in classes 1–2 split over classes 3, 4, 5 (class 3 sells most, then 4).
_LOW_SPLIT = np.array([0.52, 0.31, 0.17])
#: How class 1–2 cartons split over classes 1 and 2.
_HIGH_SPLIT = np.array([0.40, 0.60])

_URBAN_DISTRICTS = ("district_1", "district_2", "district_3", "district_4", "district_5",
                    "district_6")
_RURAL_DISTRICTS = ("county_1", "county_2", "county_3", "county_4", "county_5")
_DISTRICTS = _URBAN_DISTRICTS + _RURAL_DISTRICTS
#: Share of urban (rural) retailers in each district (county): a modelling choice, larger
#: districts first.
_URBAN_W = np.array([0.24, 0.20, 0.18, 0.15, 0.13, 0.10])
_RURAL_W = np.array([0.28, 0.24, 0.20, 0.16, 0.12])

#: Orders are audited this many times a year for honesty (an assumption).
_HONESTY_AUDITS = 12
#: ``scale``: the top 20 % of a format by recorded business size are large, the next 40 %
#: medium (the column's definition, see its datasheet row; not a tunable parameter).
SCALE_CUTS = (0.2, 0.6)
#: ``licence_violations`` counts the violations recorded in the last three years (the column's
#: definition): the yearly ``violation_rate`` times this.
VIOLATION_YEARS = 3.0

_WEAK = "weakly sourced: modelling choice"
_SERVICE = ("stated assumption (no published response figures; seed 002 describes differentiated "
            "service by grade, not its effect); a premium package is about a weekly visit")
_RESPONSE = ("stated assumption; the saturating form is Blattberg & Deighton (1991) and the "
             "concave sales-call response of Lodish's CALLPLAN (1971, Management Science)")

#: Truth rates and probabilities are rounded to 10 decimals and money to cents before they are
#: used, so the saved truth is exactly what drove the simulation and its text is the same on
#: every CPU (the last bit of exp or log may differ between machines; these digits do not).
_TRUTH_DECIMALS = 10


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------

_SHARE_NAMES = ("share_supermarket_chain", "share_department_store",
                "share_catering_entertainment", "share_leisure_resort",
                "share_convenience_store", "share_tobacco_liquor_shop")

_LOADING = ("stated assumption: a loading on a standard-normal latent score (no published "
            "figure; chosen so that the reading is informative but noisy)")

#: Weights and coefficients of the profile (issue 16): each a stated assumption, default =
#: the value the world was built with, so the shipped data do not change.
_SHAPE_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("influence_size_loading", 0.5, "correlation",
              "latent influence z_inf = w·z_size + √(1 − w²)·z_loc: how much of a retailer's "
              "influence (影响度) comes from its business size rather than its location",
              _LOADING + "; 0.5: size and location both matter, location more",
              low=-1.0, high=1.0),
    ParamSpec("premium_size_tilt", 0.3, "log-odds per sd",
              "tilt of the class 1–2 share of cartons per sd of business size (bigger shops "
              "sell more premium brands)", _WEAK, low=-10.0, high=10.0),
    ParamSpec("price_urban_shift", 0.4, "sd",
              "allocation price position within each class band: urban minus rural shift "
              "(z_price gets ±half of it)", _WEAK + " (urban stores stock dearer brands)",
              low=-10.0, high=10.0),
    ParamSpec("price_size_loading", 0.3, "sd per sd",
              "price position within each class band per sd of business size", _WEAK,
              low=-10.0, high=10.0),
    ParamSpec("price_format_loading", 0.5, "sd per unit of tilt",
              "price position within each class band per unit of the format's class 1–2 tilt "
              "(FORMAT_TABLE)", _WEAK, low=-10.0, high=10.0),
    ParamSpec("price_noise_sd", 0.7, "sd",
              "retailer-and-class noise of the price position within each class band "
              "(price = low + (high − low)·Φ(z_price))", _WEAK, low=0.0, high=10.0),
    ParamSpec("price_class1_offset", -0.8, "sd",
              "shift of the price position in class 1 (its band 100–260 is wide and most "
              "class-1 cartons sell in its lower part)", _WEAK, low=-10.0, high=10.0),
    ParamSpec("scale_noise_sd", 0.5, "sd",
              "noise of the recorded business size behind ``scale`` (z_size + noise, ranked "
              "within the format)", _WEAK, low=0.0, high=10.0),
    ParamSpec("traffic_urban_shift", 0.3, "log persons",
              "log foot-traffic shift of an urban retailer from its format's median",
              _WEAK, low=-10.0, high=10.0),
    ParamSpec("traffic_rural_shift", -0.4, "log persons",
              "log foot-traffic shift of a rural retailer from its format's median",
              _WEAK, low=-10.0, high=10.0),
    ParamSpec("traffic_influence_loading", 0.6, "log persons per sd",
              "log foot traffic per sd of latent influence z_inf (影响度)", _LOADING,
              low=-10.0, high=10.0),
    ParamSpec("traffic_noise_sd", 0.3, "log persons",
              "noise of the log foot-traffic estimate", _LOADING, low=0.0, high=10.0),
    ParamSpec("location_influence_loading", 0.9, "sd per sd",
              "location score = 100·Φ(w·z_inf + noise): the account manager's rating reads "
              "latent influence with this loading", _LOADING, low=-10.0, high=10.0),
    ParamSpec("location_noise_sd", 0.436, "sd",
              "noise of the location rating (0.436 ≈ √(1 − 0.9²): the rating has about unit "
              "variance)", _LOADING, low=0.0, high=10.0),
    ParamSpec("violation_compliance_loading", 0.8, "log rate per sd",
              "recorded violations ~ Poisson(3·rate·format·exp(−b·z_comp − b²/2)): fewer for "
              "law-abiding retailers (守法度); −b²/2 keeps the mean rate", _LOADING,
              low=0.0, high=5.0),
    ParamSpec("honesty_integrity_loading", 0.8, "log rate per sd",
              "share of dishonest audited orders = (1 − order_honesty_mean)·exp(−b·z_int − "
              "b²/2), capped at 1 (诚信度)", _LOADING, low=0.0, high=5.0),
    ParamSpec("late_payment_integrity_loading", 0.9, "log rate per sd",
              "probability an order is paid late = late_payment_rate·exp(−b·z_int − b²/2), "
              "capped at 1 (诚信度)", _LOADING, low=0.0, high=5.0),
    ParamSpec("e_settlement_concentration", 10.0, "concentration",
              "Beta(m·κ, (1 − m)·κ) concentration of the e-settlement share around its mean m "
              "(电子结算; larger = retailers of a format and region more alike)", _WEAK,
              low=0.01, high=1e6),
)

_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("discount_rate", 0.10, "per year",
              "effective annual discount rate for true_clv (weekly: (1+d)^(1/52) − 1)",
              "course convention; a common textbook value", low=0.0, high=1.0, kind="share"),
    ParamSpec("share_supermarket_chain", 0.06, "share of retailers",
              "supermarket chains (超市连锁); grocery takes what the six format shares leave",
              _WEAK + " (grocery stores are the bulk of licence holders)", kind="share"),
    ParamSpec("share_department_store", 0.02, "share of retailers",
              "department stores (百货商场)", _WEAK, kind="share"),
    ParamSpec("share_catering_entertainment", 0.08, "share of retailers",
              "restaurants, bars, KTV (餐饮娱乐)", _WEAK, kind="share"),
    ParamSpec("share_leisure_resort", 0.02, "share of retailers",
              "leisure and resort venues (休闲度假)", _WEAK, kind="share"),
    ParamSpec("share_convenience_store", 0.18, "share of retailers",
              "convenience stores (便利店)", _WEAK, kind="share"),
    ParamSpec("share_tobacco_liquor_shop", 0.12, "share of retailers",
              "tobacco-and-liquor shops (烟酒店)", _WEAK, kind="share"),
    ParamSpec("urban_share", 0.60, "share of retailers",
              "expected share of urban (城镇) retailers; formats lean urban or rural around it",
              _WEAK + "; near China's 66 % urban population (NBS 2023), retail licences "
              "denser in towns", kind="share"),
    ParamSpec("retailers_per_manager", 250, "retailers",
              "retailers served by one account manager (客户经理) within a district",
              _WEAK + " (practice: a few hundred per manager)", low=1, high=100_000, kind="int"),
    ParamSpec("new_licence_share", 0.05, "share of retailers",
              "licences issued during the observation period (start in a uniform week ≥ 2)",
              _WEAK, kind="share"),
    ParamSpec("new_licence_weeks", 51, "weeks",
              "new licences take effect in a uniform week 2 … new_licence_weeks + 1 (the first "
              "year by default); a licence effective after the last observed week has no "
              "orders yet", _WEAK + "; fixed in weeks, not in the observed window, so a "
              "longer observation continues the same world", low=1, high=10_000, kind="int"),
    ParamSpec("order_r", 3.0, "shape",
              "r: shape of the Gamma(r, α) heterogeneity of weekly order intensity λ",
              _WEAK + "; calibrated so most active retailers order most weeks", low=0.05,
              high=1e3),
    ParamSpec("order_alpha", 1.5, "weeks",
              "α: rate of the Gamma(r, α) order intensity; mean λ = r/α per week before "
              "format and rural factors", _WEAK, low=1e-3, high=1e4),
    ParamSpec("rural_order_factor", 0.75, "multiplier",
              "λ multiplier for rural retailers (fewer order cycles used)", _WEAK, low=0.01,
              high=100.0),
    ParamSpec("dropout_a", 1.0, "shape",
              "a of the Beta(a, b) probability that the licence closes after an order",
              _WEAK + "; about 8–10 % of retailers close within a year", low=1e-3, high=1e4),
    ParamSpec("dropout_b", 350.0, "shape",
              "b of the Beta(a, b) dropout probability; mean p = a/(a+b)", _WEAK, low=1e-3,
              high=1e7),
    ParamSpec("compliance_dropout_correlation", 0.4, "correlation",
              "Gaussian-copula correlation between law-abiding (守法度) and staying open",
              _WEAK + " (licences are revoked for violations)", low=0.0, high=0.99),
    ParamSpec("spend_p", 8.0, "shape",
              "p: shape of the Gamma order-value distribution within a retailer (CV 1/√p)",
              _WEAK, low=0.1, high=1e4),
    ParamSpec("spend_q", 3.0, "shape",
              "q: shape of the Gamma(q, γ) heterogeneity of ν across retailers; smaller = "
              "more concentrated revenue (must exceed 1 for a finite mean)", _WEAK,
              low=1.05, high=1e4),
    ParamSpec("spend_gamma", 300.0, "RMB",
              "γ: rate of the Gamma(q, γ) ν; mean order value of an urban grocery = pγ/(q−1) "
              "= RMB 1,200 at defaults (about 25 cartons a week)", _WEAK, low=1e-3, high=1e9),
    ParamSpec("concentration", 1.0, "index",
              "value concentration: scales the spread of order value across retailers "
              "(0 = every retailer of a format and region alike, 1 = default, 2 = extreme); "
              "ν ~ Gamma(q_c, γ_c) with q_c = 1 + (q − 1)/c², γ_c = γ·(q_c − 1)/(q − 1), "
              "so the mean order value stays pγ/(q − 1)",
              "same meaning as the telecom world's concentration; teaching knob", low=0.0,
              high=2.0),
    ParamSpec("rural_value_factor", 0.6, "multiplier",
              "order-value multiplier for rural retailers", _WEAK, low=0.01, high=100.0),
    ParamSpec("format_effect", 1.0, "share",
              "strength of the per-format order and value multipliers (0: every format alike, "
              "so λ and ν are exactly Gamma as BG/NBD and Gamma-Gamma assume)", _WEAK,
              kind="share"),
    ParamSpec("value_frequency_correlation", 0.0, "correlation",
              "Gaussian-copula correlation of order intensity with business size; 0 keeps "
              "spend independent of frequency (the Gamma-Gamma assumption)", "teaching knob",
              low=-0.99, high=0.99),
    ParamSpec("premium_share_urban", 0.20, "share of cartons",
              "class 1–2 share of cartons for an urban grocery of average size",
              "domain brief: urban stores sell more class 1–2 (figure " + _WEAK + ")",
              kind="share"),
    ParamSpec("premium_share_rural", 0.10, "share of cartons",
              "class 1–2 share of cartons for a rural grocery of average size", _WEAK,
              kind="share"),
    ParamSpec("mix_concentration", 30.0, "concentration",
              "Dirichlet concentration of a retailer's carton mix around its expected mix",
              _WEAK, low=0.1, high=1e6),
    ParamSpec("delivery_cost_urban", 8.0, "RMB per order",
              "cost of delivering one order to an urban retailer (配送成本)", _WEAK, low=0.0,
              high=1e5),
    ParamSpec("delivery_cost_rural", 20.0, "RMB per order",
              "cost of delivering one order to a rural retailer", _WEAK, low=0.0, high=1e5),
    ParamSpec("growth_mean", 0.05, "log ratio",
              "mean of η, log of potential over initial order value (ants can grow into "
              "elephants)", _WEAK, low=-5.0, high=5.0),
    ParamSpec("growth_sd", 0.25, "log ratio", "spread of η across retailers", _WEAK,
              low=0.0, high=5.0),
    ParamSpec("new_licence_growth", 0.30, "log ratio",
              "extra η of a licence issued during the year (a young shop builds up)", _WEAK,
              low=-5.0, high=5.0),
    ParamSpec("growth_time_years", 3.0, "years",
              "time constant of the move toward potential: ρ_g = exp(−1/(52·τ)) per week",
              _WEAK, low=0.01, high=1e3),
    ParamSpec("violation_rate", 0.08, "per year",
              "mean recorded licence violations per retailer-year (守法度)", _WEAK, low=0.0,
              high=100.0),
    ParamSpec("late_payment_rate", 0.03, "share of orders",
              "mean share of orders paid late (诚信度)", _WEAK, kind="share"),
    ParamSpec("order_honesty_mean", 0.95, "share of audits",
              "mean share of audited orders found honest (no diversion 窜货, no false "
              "demand)", _WEAK, kind="share"),
    ParamSpec("e_settlement_urban", 0.85, "share of payments",
              "mean electronic-settlement share (电子结算) of an urban grocery", _WEAK,
              low=0.001, high=0.999),
    ParamSpec("e_settlement_rural", 0.65, "share of payments",
              "mean electronic-settlement share of a rural grocery", _WEAK, low=0.001,
              high=0.999),
    ParamSpec("am_churn_cut_max", 0.5, "share",
              "play_forward: most of the closure probability after an order that extra "
              "manager hours can prevent (ceiling of c(h) = max·(1 − e^(−k·h)), h hours per "
              "retailer-week)", _RESPONSE, kind="share"),
    ParamSpec("am_growth_max", 0.05, "per year",
              "play_forward: most extra annual order-value growth manager hours can buy",
              _RESPONSE, low=0.0, high=1.0),
    ParamSpec("am_response_k", 2.0, "per hour per week",
              "play_forward: 1/k hours per retailer-week buy 63 % of the ceiling", _RESPONSE,
              low=1e-6, high=1e3),
    ParamSpec("am_hour_cost", 75.0, "RMB per hour",
              "play_forward: cost of one account-manager hour (客户经理)", _WEAK, low=0.0,
              high=1e6),
    ParamSpec("manager_hours_per_week", 20.0, "hours per week",
              "play_forward: hours each account manager can give to extra service in a week "
              "(capacity of hours and service packages)", _WEAK, low=0.0, high=168.0),
    ParamSpec("scarce_cartons_per_week", 100.0, "cartons per week per 1,000 retailers",
              "play_forward: scarce class-1 cartons (货源) the company can allocate per week",
              _WEAK, low=0.0, high=1e7),
    ParamSpec("service_standard_hours", 0.25, "hours per retailer-week",
              "play_forward, standard service package (差异服务): manager hours each retailer of "
              "the package takes per week (counted against managers' capacity)",
              _SERVICE, low=0.0, high=40.0),
    ParamSpec("service_standard_order_cut", 0.1, "share",
              "play_forward, standard service package (差异服务): cut of the weeks without an "
              "order: q' = 1 − (1 − q)(1 − cut)",
              _SERVICE, low=0.0, high=1.0),
    ParamSpec("service_standard_dropout_cut", 0.1, "share",
              "play_forward, standard service package (差异服务): cut of the closure probability "
              "after an order: p' = p(1 − cut)",
              _SERVICE, low=0.0, high=1.0),
    ParamSpec("service_standard_late_cut", 0.25, "share",
              "play_forward, standard service package (差异服务): cut of the probability an order "
              "is paid late (compliance, 诚信度)",
              _SERVICE, low=0.0, high=1.0),
    ParamSpec("service_standard_cost", 5.0, "RMB per retailer-week",
              "play_forward, standard service package (差异服务): cost of the package per retailer "
              "and week, paid while the licence is open",
              _SERVICE, low=0.0, high=100000.0),
    ParamSpec("service_premium_hours", 1.0, "hours per retailer-week",
              "play_forward, premium service package (差异服务): manager hours each retailer of the "
              "package takes per week (counted against managers' capacity)",
              _SERVICE, low=0.0, high=40.0),
    ParamSpec("service_premium_order_cut", 0.25, "share",
              "play_forward, premium service package (差异服务): cut of the weeks without an order: "
              "q' = 1 − (1 − q)(1 − cut)",
              _SERVICE, low=0.0, high=1.0),
    ParamSpec("service_premium_dropout_cut", 0.3, "share",
              "play_forward, premium service package (差异服务): cut of the closure probability "
              "after an order: p' = p(1 − cut)",
              _SERVICE, low=0.0, high=1.0),
    ParamSpec("service_premium_late_cut", 0.5, "share",
              "play_forward, premium service package (差异服务): cut of the probability an order is "
              "paid late (compliance, 诚信度)",
              _SERVICE, low=0.0, high=1.0),
    ParamSpec("service_premium_cost", 20.0, "RMB per retailer-week",
              "play_forward, premium service package (差异服务): cost of the package per retailer "
              "and week, paid while the licence is open",
              _SERVICE, low=0.0, high=100000.0),
    ParamSpec("closure_record_lag", 13.0, "weeks",
              "mean weeks between the last order of a closing retailer and the licence "
              "cancellation being recorded (geometric)", _WEAK, low=0.0, high=1e4),
    *_SHAPE_PARAMS,
    *_traits.TRAIT_PARAMS,
)


def _cat(name: str, cats, meaning: str, unit: str = "", ordered: bool = False) -> Column:
    return Column(name, "category", unit, meaning, categories=tuple(cats), ordered=ordered)


_CUSTOMER_COLUMNS = (
    Column("customer_id", "int32", "", "retailer number, 0..n−1"),
    _cat("segment", TOBACCO_CLASSES, "the course's format class (same as format_class)"),
    _cat("format", TOBACCO_FORMATS, "retail format (经营业态)"),
    _cat("format_class", TOBACCO_CLASSES,
         "class of formats in the Chengdu article; tobacco_liquor_shop counts as "
         "grocery_convenience"),
    _cat("region", ("urban", "rural"), "market: urban (城镇) or rural (乡村)"),
    _cat("district", _DISTRICTS, "urban district (district_*) or rural county (county_*)"),
    Column("account_manager", "int32", "", "number of the account manager (客户经理); "
           "managers work within one district"),
    _cat("scale", ("small", "medium", "large"),
         "scale within the format: top 20 % by recorded business size large, next 40 % "
         "medium, rest small", ordered=True),
    Column("licensed_week", "int16", "week",
           "week the licence took effect; 0 = licensed before the observation period"),
    Column("foot_traffic", "int32", "persons per day", "estimated passers-by (影响度)"),
    Column("location_score", "int8", "0–100", "account manager's location rating (影响度)"),
    Column("licence_violations", "int8", "count", "recorded monopoly-law violations in the "
           "last three years (守法度)"),
    Column("late_payments", "int16", "count", "orders paid late during observation (诚信度)"),
    Column("order_honesty", "float32", "share",
           f"share of {_HONESTY_AUDITS} audited orders found honest (诚信度)"),
    Column("e_settlement_share", "float32", "share",
           "share of payments settled electronically (电子结算)"),
    *(Column(f"price_class{c}", "float64", "RMB per carton",
             f"the retailer's average allocation price of class-{c} cartons (its brand mix)")
      for c in range(1, 6)),
    Column("orders", "int16", "count", "weeks with an order during observation"),
    Column("total_cartons", "int32", "cartons", "cartons ordered during observation"),
    Column("total_revenue", "float64", "RMB", "sum of order values during observation"),
    Column("total_margin", "float64", "RMB", "sum of order margins during observation"),
    Column("first_order_week", "int16", "week", "week of the first order observed; 0 = none"),
    Column("last_order_week", "int16", "week", "week of the last order observed; 0 = none"),
    Column("licence_closed", "bool", "", "licence cancellation recorded by the end of "
           "observation (recorded weeks after the last order, so many closures are not yet "
           "visible)"),
    *_traits.CUSTOMER_COLUMNS,
)

_ACTIVITY_COLUMNS = (
    Column("customer_id", "int32", "", "retailer number"),
    Column("period", "int16", "week", "order week, counted from 1"),
    *(Column(f"cartons_class{c}", "int16", "cartons", f"cartons of price class {c}")
      for c in range(1, 6)),
    Column("cartons", "int16", "cartons", "cartons in the order (sum of the five classes)"),
    Column("revenue", "float64", "RMB", "order value: Σ cartons × allocation price of the "
           "retailer's class"),
    Column("margin", "float64", "RMB", "the tobacco company's margin: Σ cartons × price × "
           "class gross-margin rate, minus the delivery cost of the order"),
)

_TRUTH_COLUMNS = (
    Column("customer_id", "int32", "", "retailer number"),
    Column("true_order_rate", "float64", "orders per week",
           "q = 1 − exp(−λ): probability of an order in a week while the licence is open"),
    Column("true_dropout", "float64", "probability",
           "p: probability that the licence closes after an order"),
    Column("true_order_value", "float64", "RMB", "expected order value at the last observed "
           "week, V(T)"),
    Column("true_order_value_potential", "float64", "RMB",
           "V∞: the expected order value the business is moving toward"),
    Column("true_margin_rate", "float64", "share", "expected gross margin per RMB of order "
           "value (from the retailer's class mix)"),
    Column("true_margin", "float64", "RMB per week", "expected margin per week while open, "
           "at week T: q·(margin rate·V(T) − delivery cost)"),
    Column("true_potential_margin", "float64", "RMB per week",
           "expected margin per week while open once the potential is reached"),
    Column("true_growth", "float64", "per year", "expected growth of order value and gross "
           "margin over the next 52 weeks: V(T+52)/V(T) − 1"),
    Column("true_clv", "float64", "RMB", "expected discounted margin of all weeks after T "
           "(end-of-week cash, weekly discount (1+d)^(−1/52)); 0 if the licence has closed"),
    _cat("true_tier", ("small", "normal", "key"),
         "by true_clv rank: top 10 % key, next 30 % normal, rest small", ordered=True),
    Column("true_alive", "bool", "", "licence still open at the end of week T"),
    Column("true_dropout_week", "int16", "week",
           "week of the last order before closing; 0 = still open"),
    Column("true_compliance", "float64", "0–1", "latent law-abiding score (守法度), Φ(z)"),
    Column("true_integrity", "float64", "0–1", "latent integrity score (诚信度), Φ(z)"),
    Column("true_influence", "float64", "0–1", "latent influence score (影响度), Φ(z)"),
    *_traits.TRUTH_COLUMNS,
)
