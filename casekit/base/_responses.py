"""The datasheet's prose on the response models of ``ck.play_forward``: one paragraph per
action, with its formula, this base's parameter values and their source or stated assumption.

The values are read from the base's own parameters (``params.json``), so the datasheet of a
base generated with other response parameters shows its own. The acquisition channels'
costs are constants of the telecom story (``casekit.generate.telecom_spec``); they are
repeated here as text (``base`` cannot import ``generate``) and a test checks they agree.
"""

from __future__ import annotations

import sys
from typing import Any, Mapping

from ._worlds import Params

#: Acquisition cost constants of the telecom story, as the datasheet states them (checked
#: against ``telecom_spec.CHANNEL_COST`` / ``LINE_ACQ_COST`` by tests/test_play_datasheet.py).
CHANNEL_COST_TEXT = {"retail_store": 150, "online": 50, "telesales": 100, "agent": 200,
                     "direct_sales": 5000}
LINE_ACQ_COST_TEXT = {"key_account": 60, "sme": 50, "consumer": 30}

_RESPONSE_SOURCE = ("stated assumption (no published figure for this market); the saturating "
                    "form is Blattberg & Deighton (1991, Sloan Management Review) and the "
                    "concave sales-call response of Lodish's CALLPLAN (1971, Management "
                    "Science).")


def _g(x: Any) -> str:
    """A parameter value as the datasheet prints it (no trailing zeros)."""
    return f"{float(x):,.6g}"


def response_section(p: Params, texts: Any = None) -> list[str]:
    """Markdown lines: the response models of a plan's actions in world ``p`` (empty for a
    world ``play_forward`` cannot continue).

    Parameters
    ----------
    p : Params
        The base's parameters (world, period unit, size and values).
    texts : module, optional
        Where the words come from: this module (English, the default) or
        :mod:`._responses_zh` (Chinese). Both give the same functions (``intro``,
        ``scenario``, ``hours``, ``let_go``, ``service``, ``supply``, ``acquisition``,
        ``forecast``, ``not_here``) over the same values, so the two datasheets cannot
        disagree on which actions a world has.

    Returns
    -------
    list of str
    """
    if p.world not in ("telecom", "tobacco") or "am_hour_cost" not in p.values:
        return []
    t = texts if texts is not None else sys.modules[__name__]
    v, unit = p.values, t.UNIT.get(p.period_unit, p.period_unit)
    telecom = p.world == "telecom"
    lines = t.intro(v, unit)
    lines += t.scenario(telecom, unit)
    lines += t.hours(v, telecom, unit)
    lines += t.let_go()
    lines += t.not_here("ServicePackage") if telecom else t.service(v)
    lines += t.not_here("SupplyAllocation") if telecom else t.supply(v, p.size)
    lines += t.acquisition() if telecom else t.not_here("Acquisition")
    lines += t.forecast(telecom)
    return lines


def service_rows(v: Mapping[str, Any]) -> list[str]:
    """The table rows of the service packages (the same numbers in every language)."""
    rows = []
    for pkg in ("standard", "premium"):
        x = {e: _g(v[f"service_{pkg}_{e}"]) for e in
             ("hours", "order_cut", "dropout_cut", "late_cut", "cost")}
        rows.append(f"| {pkg} | {x['hours']} | {x['order_cut']} | {x['dropout_cut']} | "
                    f"{x['late_cut']} | {x['cost']} |")
    return rows


#: Period units as the English datasheet writes them (the Chinese module has its own).
UNIT: dict[str, str] = {}


def intro(v: Mapping[str, Any], unit: str) -> list[str]:
    return ["## Response models of a plan (ck.play_forward)", "",
            "`ck.play_forward(base, plan)` continues this world with a plan and without it, "
            "on the same random numbers. Each action of the plan changes the world as below "
            f"(values: this base's parameters; h = hours per customer per {unit}). Costs "
            "per period are paid at the start of a period for customers still there, "
            "one-off and fixed costs now; margins at the end of each period; discounting "
            f"at {float(v['discount_rate']) * 100:g} % a year.", ""]


def not_here(action: str) -> list[str]:
    if action == "Acquisition":
        return ["### Acquisition", "", "Not in this world: the tobacco company is the "
                "monopoly wholesaler, so every licensed retailer already buys from it.", ""]
    return [f"### {action}", "", "Not in this world (a tobacco action).", ""]


def scenario(telecom: bool, unit: str) -> list[str]:
    mapping = (
        "In this world retention is r = k·e^(−λp) (k the contract part, e^(−λp) the "
        "complaint part): both contract levels are scaled by ρ = r'/r (the complaint part "
        "takes what k cannot carry above 1), so the first played month's expected retention "
        "is r' and a customer whose contract ends keeps the same ratio ρ at the lower "
        "month-to-month level." if telecom else
        "In this world a retailer survives a week with r = 1 − q·p (q the order rate, p the "
        "closure chance after an order): the plan's closure chance is p' = (1 − r')/q, so "
        "1 − q·p' = r'.")
    return ["### Scenario (retention programme)", "",
            "A `ck.Scenario` changes each targeted customer's expected retention r to r' by "
            "its `uplift_kind`: points r' = r + u, relative r' = r(1 + u), churn "
            "r' = 1 − (1 − r)(1 − u) — on the annual retention (r^periods a year, converted "
            f"back) or per {unit}. Its `margin_uplift` u adds u × the expected margin of each "
            "period as revenue. It costs `cost_per_customer` per year (in equal instalments), "
            f"per {unit} or once, plus `fixed_cost` now. " + mapping + " Source: the "
            "programme's figures are the student's decision; the timing is that of "
            "`ck.what_if` (Fader & Hardie 2012).", ""]


def hours(v: Mapping[str, Any], telecom: bool, unit: str) -> list[str]:
    cap = (f"{_g(v['am_capacity_per_key_account'])} extra hours a month per key account in "
           "the base" if telecom else
           f"{_g(v['manager_hours_per_week'])} hours a week per account manager")
    acts_on = ("churn (retention r' = 1 − (1 − r)(1 − c(h)))" if telecom else
               "the closure chance after an order (p' = p(1 − c(h)))")
    return ["### AccountHours (account-manager time)", "",
            f"Extra hours per {unit}, per tier (split by the pyramid's 60/30/10, equally, or "
            "as given) or per customer, shared equally within a tier. Diminishing returns: "
            f"c(h) = {_g(v['am_churn_cut_max'])} · (1 − e^(−{_g(v['am_response_k'])}·h)) cuts "
            f"{acts_on}; the annual growth of the customer's "
            f"{'volume' if telecom else 'order value'} rises by "
            f"Δg(h) = {_g(v['am_growth_max'])} · (1 − e^(−{_g(v['am_response_k'])}·h)). "
            f"Cost: RMB {_g(v['am_hour_cost'])} an hour. Capacity: {cap}. Parameters "
            "`am_churn_cut_max`, `am_growth_max`, `am_response_k`, `am_hour_cost`. Source: "
            + _RESPONSE_SOURCE, ""]


def let_go() -> list[str]:
    return ["### LetGo (剔除, letting customers go)", "",
            "The selected customers leave at the end of the last observed period: their "
            "revenue, margin and cost to serve stop. No cost. Source: stated assumption — exit "
            "costs (a refunded early-termination fee, a licence transfer) are not modelled.",
            ""]


def service(v: Mapping[str, Any]) -> list[str]:
    rows = service_rows(v)
    return ["### ServicePackage (差异服务, differentiated service)", "",
            "A package per group of retailers. With a package's cuts a, b, l: order rate "
            "q' = 1 − (1 − q)(1 − a), closure chance after an order p' = p(1 − b), late "
            "payment chance × (1 − l); its hours count against the managers' capacity and its "
            "cost is paid per retailer-week while the licence is open. `basic` is today's "
            "service (no change, no cost).", "",
            "| package | hours per retailer-week | order cut a | closure cut b | late cut l "
            "| RMB per retailer-week |", "|---|---|---|---|---|---|", *rows, "",
            "Parameters `service_<package>_<effect>`. Source: seed 002 (the Chengdu article on "
            "retail-customer service) describes differentiated service by grade, not its "
            "effect; the values are stated assumptions (a premium package is about one visit "
            "a week).", ""]


def supply(v: Mapping[str, Any], size: int) -> list[str]:
    per = float(v["scarce_cartons_per_week"])
    return ["### SupplyAllocation (货源投放, scarce brands)", "",
            "x extra class-1 cartons with every order of a targeted retailer raise its "
            "expected order value V to V + x·P₁ (P₁ its class-1 price per carton); order rate "
            "and closures do not change, and the supply costs nothing extra. The cartons "
            f"allotted a week, Σ x·q, may not exceed {_g(per)} per 1,000 retailers "
            f"({per * size / 1000.0:,.0f} a week in this base; `scarce_cartons_per_week`). "
            "Source: seed 002 (货源投放); the pool is a stated assumption.", ""]


def acquisition() -> list[str]:
    chan = ", ".join(f"{c} RMB {x:,}" for c, x in CHANNEL_COST_TEXT.items())
    line = ", ".join(f"{s} {x}" for s, x in LINE_ACQ_COST_TEXT.items())
    return ["### Acquisition (new customers)", "",
            "Spend on a channel buys the world's prospects — would-be customers drawn by the "
            "same story as the base's new joiners — in their fixed order while the budget "
            "covers each one's cost (a later round continues after those already bought). "
            "A prospect costs (channel cost + per-line cost × lines) × M, M lognormal with "
            f"mean 1 and σ 0.3; channel costs: {chan}; per line: {line} RMB. Each channel "
            "finds its own kind of customer: 80 % of key accounts and 20 % of SMEs come "
            "through direct sales (no consumer does); consumers come through stores, online, "
            "telesales and agents. New customers join in the "
            "first played month with a new contract; the spend is paid now. Source: stated "
            "assumptions of the telecom world (its `acquisition_cost` column follows the same "
            "formula).", ""]


def forecast(telecom: bool) -> list[str]:
    if telecom:
        text = ("`ck.what_if` holds each customer's retention at next month's value and lets "
                "the whole margin grow at `true_growth`. It is unbiased where that holds "
                "(constant retention, no growth: tests/test_play.py's plain world). Here "
                "contracts end (retention falls to the month-to-month level after "
                "`contract_months_left`) and volumes grow while fixed costs do not. Measured "
                "over 100–200 futures at the defaults (2,000 customers, 6–24 months observed, "
                "12 played): the ΔNPV of retention programmes agreed with the forecast within "
                "the noise (20 programmes, |z| ≤ 2.6); the margins of both arms came out "
                "about 2 % above the forecast, and programmes that raise the margin "
                "(`margin_uplift`) returned 2.5–4 % more than forecast (z 5 to 14). Notebook "
                "08 prints the gap.")
    else:
        text = ("`ck.what_if` holds each retailer's weekly retention 1 − q·p and lets the "
                "whole margin grow at `true_growth`; it is unbiased where that holds (no "
                "growth, no pending licences: tests/test_play.py's plain world). Measured "
                "over 60 futures at the defaults (1,500 retailers, 52 weeks observed, 52 "
                "played): the ΔNPV of three programmes (retention and margin) agreed with the "
                "forecast within the noise (|z| ≤ 1.9); the margins of both arms came out "
                "0.4 % above the forecast (z 2.5).")
    return ["### Forecast and outcome", "", text, ""]
