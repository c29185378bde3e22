"""Bad inputs to ck.play_forward and ck.Plan (issue 13): each error names the action."""

import numpy as np
import pandas as pd

import casekit as ck
from bad_inputs import Case

_T = ck.telecom(customers=400, months=6, seed=1)
_B = ck.tobacco(retailers=400, weeks=8, seed=1)
_KEY = ck.Scenario("key care", target="key", retention_uplift=0.2, uplift_kind="churn")


def _play(plan, base=_T, **kw):
    return ck.play_forward(base, plan, periods=kw.pop("periods", 3), **kw)


CASES = [
    Case("play.play_forward.base_not_a_base", lambda: ck.play_forward(_T.customers),
         TypeError, "CustomerBase"),
    Case("play.play_forward.filtered_base",
         lambda: ck.play_forward(ck.CustomerBase(_T.customers.iloc[:10], _T.activity,
                                                 _T.truth.iloc[:10], _T.params)),
         ValueError, "customers"),
    Case("play.play_forward.periods_zero", lambda: ck.play_forward(_T, periods=0), ValueError,
         "periods"),
    Case("play.play_forward.periods_beyond_int16", lambda: ck.play_forward(_T, periods=995),
         ValueError, "periods"),
    Case("play.play_forward.seed_negative", lambda: ck.play_forward(_T, seed=-1), ValueError,
         "seed"),
    Case("play.play_forward.plan_not_a_plan", lambda: ck.play_forward(_T, plan=[_KEY]),
         TypeError, "plan"),
    Case("play.play_forward.edited_truth",
         lambda: ck.play_forward(ck.CustomerBase(
             _T.customers, _T.activity,
             _T.truth.assign(true_churn_propensity=_T.truth["true_churn_propensity"] * 2),
             _T.params)), ValueError, "true_churn_propensity"),
    Case("play.Plan.not_an_action", lambda: ck.Plan("more hours"), TypeError, "action"),
    Case("play.Plan.same_name_twice",
         lambda: ck.Plan(ck.LetGo([1]), ck.LetGo([2])), ValueError, "let go"),
    Case("play.LetGo.unknown_customer", lambda: _play(ck.Plan(ck.LetGo([5, 99_999]))),
         ValueError, "99999"),
    Case("play.LetGo.unknown_tier", lambda: _play(ck.Plan(ck.LetGo("vip"))), ValueError,
         "vip"),
    Case("play.LetGo.mask_wrong_length",
         lambda: _play(ck.Plan(ck.LetGo(np.ones(3, dtype=bool)))), ValueError, "let go"),
    Case("play.AccountHours.negative_hours", lambda: _play(ck.Plan(ck.AccountHours(-5))),
         ValueError, "hours"),
    Case("play.AccountHours.beyond_capacity",
         lambda: _play(ck.Plan(ck.AccountHours(1e6))), ValueError, "capacity"),
    Case("play.AccountHours.tier_the_base_lacks",
         lambda: _play(ck.Plan(ck.AccountHours({"platinum": 10.0}))), ValueError, "platinum"),
    Case("play.AccountHours.split_not_one",
         lambda: _play(ck.Plan(ck.AccountHours(10, split={"key": 0.5, "normal": 0.2}))),
         ValueError, "split"),
    Case("play.AccountHours.unknown_split",
         lambda: _play(ck.Plan(ck.AccountHours(10, split="fair"))), ValueError, "split"),
    Case("play.AccountHours.unknown_customer_series",
         lambda: _play(ck.Plan(ck.AccountHours(pd.Series({123_456: 2.0})))), ValueError,
         "123456"),
    Case("play.Plan.overlapping_retention_actions",
         lambda: _play(ck.Plan(_KEY, ck.AccountHours({"key": 10.0}))), ValueError,
         "undefined"),
    Case("play.Plan.let_go_and_served",
         lambda: _play(ck.Plan(_KEY, ck.LetGo("key"))), ValueError, "LetGo"),
    Case("play.Scenario.negative_cost",
         lambda: ck.Plan(ck.Scenario("x", cost_per_customer=-1)), ValueError,
         "cost_per_customer"),
    Case("play.ServicePackage.in_telecom",
         lambda: _play(ck.Plan(ck.ServicePackage({"key": "premium"}))), ValueError,
         "ServicePackage"),
    Case("play.ServicePackage.unknown_package",
         lambda: _play(ck.Plan(ck.ServicePackage({"key": "gold"})), base=_B), ValueError,
         "gold"),
    Case("play.SupplyAllocation.negative_cartons",
         lambda: _play(ck.Plan(ck.SupplyAllocation({"key": -1})), base=_B), ValueError,
         "cartons"),
    Case("play.SupplyAllocation.beyond_pool",
         lambda: _play(ck.Plan(ck.SupplyAllocation({"small": 50.0})), base=_B), ValueError,
         "pool"),
    Case("play.Outcome.summary_by_unknown",
         lambda: ck.play_forward(_T, periods=2).summary(by="region"), ValueError, "by"),
    Case("play.Outcome.against_forecast_not_a_forecast",
         lambda: ck.play_forward(_T, periods=2).against_forecast(42), TypeError, "forecast"),
    Case("play.play_forward.empty_plan_is_allowed",
         lambda: ck.play_forward(_T, ck.Plan(), periods=2), None,
         check=lambda out: out.summary().iloc[0]["delta_npv"] == 0,
         why="an empty plan plays the world on unchanged (docstring of play_forward)"),
]

CASES += [
    Case("play.Acquisition.unknown_channel",
         lambda: _play(ck.Plan(ck.Acquisition({"billboards": 1000}))), ValueError,
         "billboards"),
    Case("play.Acquisition.negative_budget",
         lambda: _play(ck.Plan(ck.Acquisition({"online": -10}))), ValueError, "spend"),
    Case("play.Acquisition.not_a_dict",
         lambda: _play(ck.Plan(ck.Acquisition(5000))), TypeError, "acquisition"),
    Case("play.Acquisition.in_tobacco",
         lambda: _play(ck.Plan(ck.Acquisition({"online": 100})), base=_B), ValueError,
         "monopoly"),
    Case("play.Acquisition.beyond_the_prospects",
         lambda: _play(ck.Plan(ck.Acquisition({"online": 1e12}))), ValueError, "prospects"),
]
