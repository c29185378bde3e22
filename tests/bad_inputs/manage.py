"""Bad inputs to casekit.manage (notebook 09): each error names the parameter at fault."""

import pandas as pd

import casekit as ck
from bad_inputs import Case

_T = ck.telecom(customers=400, months=12, seed=1)
_B = ck.tobacco(retailers=300, weeks=8, seed=1)
_ACC = int(ck.accounts(_T)["customer_id"].iloc[0])
_CONSUMER = int(_T.customers.loc[_T.customers["segment"] == "consumer", "customer_id"].iloc[0])
_TEAM = {"Li": "account_manager"}

CASES = [
    Case("manage.accounts.tobacco_base", lambda: ck.accounts(_B), ValueError, "telecom"),
    Case("manage.accounts.not_a_base", lambda: ck.accounts(_T.customers), TypeError,
         "CustomerBase"),
    Case("manage.account_details.consumer", lambda: ck.account_details(_T, _CONSUMER),
         ValueError, "customer_id"),
    Case("manage.account_details.text_id", lambda: ck.account_details(_T, "28"), TypeError,
         "customer_id"),
    Case("manage.contacts.unknown_id", lambda: ck.contacts(_T, 10**9), ValueError,
         "customer_id"),
    Case("manage.information_cost.level_5", lambda: ck.information_cost(_T, 5), ValueError,
         "level"),
    Case("manage.known_at_level.level_0", lambda: ck.known_at_level(_T, _ACC, 0), ValueError,
         "level"),
    Case("manage.check_smart.not_text", lambda: ck.check_smart(10), TypeError, "goal"),
    Case("manage.check_smart.empty", lambda: ck.check_smart("  "), ValueError, "goal"),
    Case("manage.stage_confusion.unknown_stage",
         lambda: ck.stage_confusion(_T, pd.Series("winter", index=ck.accounts(_T)[
             "customer_id"])), ValueError, "diagnosed"),
    Case("manage.stage_confusion.not_a_series", lambda: ck.stage_confusion(_T, ["growth"]),
         TypeError, "diagnosed"),
    Case("manage.classification_matrix.bad_axis",
         lambda: ck.classification_matrix(_T, value="price"), ValueError, "value"),
    Case("manage.fuzzy_accounts.missing_weight",
         lambda: ck.fuzzy_accounts(_T, {"contribution": 1.0}), ValueError, "weights"),
    Case("manage.team_hours.unknown_role", lambda: ck.team_hours({"Li": "boss"}), ValueError,
         "role"),
    Case("manage.team_hours.empty_team", lambda: ck.team_hours({}), ValueError, "team"),
    Case("manage.team_hours.negative_hours", lambda: ck.team_hours(_TEAM, -1), ValueError,
         "hours_per_month"),
    Case("manage.pyramid_allocation.shares_not_one",
         lambda: ck.pyramid_allocation(_T, _TEAM, shares={"key": 0.5, "normal": 0.3,
                                                          "small": 0.1}), ValueError, "shares"),
    Case("manage.programme_effect.not_a_plan",
         lambda: ck.programme_effect(_T, "hours", [_ACC]), TypeError, "plan"),
    Case("manage.programme_effect.no_treated",
         lambda: ck.programme_effect(_T, ck.Plan(), []), ValueError, "treated"),
    Case("manage.programme_effect.unknown_treated",
         lambda: ck.programme_effect(_T, ck.Plan(), [10**9]), ValueError, "treated"),
    Case("manage.account_plan.goals_one_string",
         lambda: ck.account_plan(_T, _ACC, "grow", ck.Plan()), TypeError, "goals"),
    Case("manage.account_plan.not_a_plan",
         lambda: ck.account_plan(_T, _ACC, ["grow"], None), TypeError, "plan"),
    # the team-hours dashboard (chapter 09)
    Case("manage.team_hours_lab.base_not_a_base",
         lambda: ck.widgets.team_hours_lab("datasets/telecom", {"A": "account_manager"}),
         TypeError, "base"),
    Case("manage.team_hours_lab.key_share_above_1",
         lambda: ck.widgets.team_hours_lab(_T, {"A": "account_manager"}, key_share=1.2),
         ValueError, "key_share"),
    Case("manage.team_hours_lab.shares_over_one",
         lambda: ck.widgets.team_hours_lab(_T, {"A": "account_manager"}, key_share=0.7,
                                           normal_share=0.5), ValueError, "normal_share"),
    Case("manage.team_hours_lab.unknown_role",
         lambda: ck.widgets.team_hours_lab(_T, {"A": "wizard"}), ValueError, "wizard"),
]
