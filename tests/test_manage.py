"""casekit.manage (notebook 09): expectations derived by hand or by an independent route."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit as ck


@pytest.fixture(scope="module")
def base():
    return ck.telecom(customers=600, months=24, seed=11)


@pytest.fixture(scope="module")
def ids(base):
    return ck.accounts(base)["customer_id"].to_numpy()


def test_accounts_are_the_key_account_and_sme_segments(base, ids):
    seg = base.customers.set_index("customer_id").loc[ids, "segment"].astype(str)
    assert set(seg) <= {"key_account", "sme"}
    n = base.customers["segment"].astype(str).isin(["key_account", "sme"]).sum()
    assert len(ids) == n > 20


def test_details_are_deterministic_and_depend_on_the_seed(base, ids):
    a, b = ck.account_details(base, int(ids[0])), ck.account_details(base, int(ids[0]))
    pd.testing.assert_frame_equal(a.contacts, b.contacts)
    pd.testing.assert_frame_equal(a.events, b.events)
    other = ck.telecom(customers=600, months=24, seed=12)
    oid = int(ck.accounts(other)["customer_id"].iloc[0])
    # another world's account: another draw (attitudes/roles differ somewhere)
    assert not ck.contacts(other, oid)[["role", "attitude"]].equals(a.contacts[["role",
                                                                               "attitude"]]) \
        or oid != int(ids[0])


def test_true_stage_follows_the_documented_rule(base, ids):
    """The rule re-applied by hand, one account at a time."""
    st = ck.true_stage(base)
    tr = base.truth.set_index("customer_id")
    c = base.customers.set_index("customer_id")
    for i in ids:
        churn = 1 - tr.loc[i, "true_retention"] ** 12
        g = tr.loc[i, "true_growth"]
        ten = c.loc[i, "tenure_months"]
        if c.loc[i, "churned"]:
            want = "suspension"
        elif ten < 12:
            want = "breakthrough"
        elif churn > 0.10:
            want = "defence"
        elif g > 0.05:
            want = "growth"
        elif g < -0.05:
            want = "dormancy"
        elif ten < 48:
            want = "consolidation"
        else:
            want = "harvest"
        assert st.loc[i] == want, i
    assert set(st.cat.categories) == set(ck.STAGES) and len(ck.STAGES) == 7
    assert [ck.STAGE_NAMES[s][1] for s in ck.STAGES] == ["突破期", "巩固期", "成长期", "收获期",
                                                         "防御期", "冬眠期", "暂停期"]


def test_contacts_have_the_buying_roles_and_attitudes_follow_satisfaction(base):
    allc = ck.account_contacts(base)
    per = allc.groupby("customer_id")["role"].apply(list)
    assert all(r.count("decision_maker") == 1 and "buyer" in r and "user" in r for r in per)
    assert allc["attitude"].between(-2, 2).all() and allc["influence"].between(1, 5).all()
    sat = base.customers.set_index("customer_id")["satisfaction"]
    mean_att = allc.groupby("customer_id")["attitude"].mean()
    happy = mean_att[sat.loc[mean_att.index] >= 4].mean()
    unhappy = mean_att[sat.loc[mean_att.index] <= 2].mean()
    assert happy > unhappy + 0.5


def test_complaint_log_matches_the_observed_complaints(base, ids):
    log = ck.account_complaints(base)
    act = base.activity[base.activity["customer_id"].isin(ids)]
    assert len(log) == int(act["complaints"].sum())
    assert (log["resolved"] == (log["days_to_resolve"] <= 14)).all()


def test_growing_accounts_add_lines_and_shrinking_ones_remove_them(base):
    ev = ck.account_events(base)
    net = ev.groupby("customer_id")["lines"].sum()
    g = base.truth.set_index("customer_id")["true_growth"]
    assert net[g.reindex(net.index) > 0.08].mean() > 0 > net[g.reindex(net.index) < -0.08].mean()


def test_information_cost_by_hand(base):
    rate = base.params.values["am_hour_cost"]
    assert ck.information_cost(base, 1) == pytest.approx(1 * rate)
    assert ck.information_cost(base, 2) == pytest.approx(5 * rate + 3000)
    assert ck.information_cost(base, 4) == pytest.approx(61 * rate + 5000)
    lv = ck.information_levels(base)
    assert lv["cumulative_cost"].is_monotonic_increasing
    assert "influence" not in ck.known_at_level(base, 28 if 28 in ck.accounts(base)[
        "customer_id"].values else int(ck.accounts(base)["customer_id"].iloc[0]), 3)["contacts"]


@pytest.mark.parametrize("goal, missing", [
    ("Increase the account's revenue by 10% by Q4 2025", ()),
    ("Improve the relationship", ("S", "M", "R", "T")),
    ("Grow revenue by 15%", ("T",)),
    ("Add 20 lines within 6 months", ()),
    ("Reduce complaints before the end of the year", ("M",)),
    ("在2025年底前将专线收入提高10%", ()),
    ("加强合作", ("S", "M", "R", "T")),
    ("六个月内新增20条专线", ()),
    ("提高客户满意度", ("M", "T")),
    ("Improve the relationship with the customer", ("S", "M", "T")),
    ("加强与客户高层的合作", ("S", "M", "T")),
])
def test_smart_checker_on_sentences_written_by_hand(goal, missing):
    assert ck.check_smart(goal).missing == missing


def test_smart_achievable_needs_a_baseline():
    assert ck.check_smart("Grow revenue by 80% by 2026").letters["A"] is None
    assert ck.check_smart("Grow revenue by 80% by 2026", baseline_growth=0.02).letters["A"] \
        is False
    assert ck.check_smart("Grow revenue by 10% by 2026", baseline_growth=0.02).letters["A"]


def test_confusion_table_counts_every_account_and_perfect_diagnosis_scores_one(base, ids):
    c = ck.stage_confusion(base)
    assert c.to_numpy().sum() == len(ids) and c.shape == (7, 7)
    perfect = ck.stage_confusion(base, ck.true_stage(base))
    assert ck.stage_accuracy(perfect) == 1.0
    acc = ck.stage_accuracy(c)
    assert acc == pytest.approx(np.trace(c.to_numpy()) / len(ids))
    # churned accounts are always diagnosed as suspended (an observable fact)
    assert c.loc["suspension", "suspension"] == c.loc["suspension"].sum()


def test_classification_matrix_splits_at_the_medians(base):
    m = ck.classification_matrix(base)
    hv, hg = m["value"] >= m["value"].median(), m["growth"] >= m["growth"].median()
    assert (m.loc[hv & hg, "cell"] == "star").all()
    assert (m.loc[~hv & ~hg, "cell"] == "dog").all()
    assert (m.loc[hv & ~hg, "cell"] == "cash_cow").all()


def test_fuzzy_score_equals_the_criterion_when_it_has_all_the_weight(base):
    """Triangular memberships and grade values 1, 2/3, 1/3, 0 reproduce the score itself."""
    f = ck.fuzzy_accounts(base, {"strategic_fit": 0.0, "contribution": 1.0, "stability": 0.0})
    s = ck.fit_scores(base)["contribution"]
    assert np.allclose(f["score"].to_numpy(), s.loc[f.index].to_numpy())


def test_relationship_kinds_and_guidelines(base):
    k = ck.relationship_kinds(base)
    assert set(k) <= {"good", "big_not_good", "small_may_be_good", "ordinary"}
    g = ck.target_guidelines(base)
    assert (g["met"] == g.drop(columns="met").sum(axis=1)).all()
    assert (g.loc[k[k == "good"].index, "good_type"]).all()


def test_pyramid_allocation_by_hand(base):
    team = {"Li": "account_manager", "Wang": "account_manager", "Zhao": "solution_engineer",
            "Chen": "service_rep"}
    a = ck.pyramid_allocation(base, team)
    total = 2 * 0.6 * 160 + 0.4 * 160 + 0.5 * 160           # 336 hours a month
    assert a.loc["key", "hours"] == pytest.approx(0.6 * total)
    assert a.loc["small", "Li"] == pytest.approx(0.1 * 96)
    act = ck.team_action(base, team)
    assert act.hours["normal"] == pytest.approx(0.3 * total)


def test_management_level_thresholds(base, ids):
    lv = ck.management_level(base)
    lines = base.customers.set_index("customer_id").loc[ids, "lines"]
    assert (lv[lines >= 300] == "group_hq").all() and (lv[lines < 30] == "city").all()


def test_programme_effect_with_an_empty_plan_is_zero_and_columns_add_up(base):
    ka = base.customers.loc[(base.customers["segment"] == "key_account")
                            & ~base.customers["churned"], "customer_id"].to_numpy()
    zero = ck.programme_effect(base, ck.Plan(ck.AccountHours(pd.Series(0.0, index=ka))), ka)
    assert np.allclose(zero["effect"], 0.0)
    e = ck.programme_effect(base, ck.Plan(ck.AccountHours(pd.Series(10.0, index=ka))), ka)
    assert np.allclose(e["before_after"], e["after"] - e["before"])
    assert e.loc["margin", "effect"] > 0


def test_account_plan_delta_npv_equals_play_forward(base, ids):
    cid = int(ck.accounts(base).query("segment == 'key_account' and not churned")[
        "customer_id"].iloc[0])
    s = ck.Scenario("care", target={"customer_id": [cid]}, retention_uplift=0.3,
                    uplift_kind="churn", cost_per_customer=2000)
    p = ck.account_plan(base, cid, ["Add 5 lines by Q4 2025"], ck.Plan(s))
    o = ck.play_forward(base, ck.Plan(s), periods=12)
    assert p.delta_npv == pytest.approx(float(o.summary()["delta_npv"].iloc[0]), rel=1e-9)
    assert p.goals[0].smart and len(p.revenue_plan) == 12
    assert set(p.swot["quadrant"]) <= {"strength", "weakness", "opportunity", "threat"}


def test_smart_notes_follow_the_language_and_the_letters_do_not():
    from casekit import labels
    goal = "Improve the relationship with the customer"           # misses S, M and T
    en = str(ck.check_smart(goal))
    assert en == ("S✘ M✘ A? R✔ T✘ — say what changes (revenue, lines, churn …); "
                  "give a number: how much; give a date or a deadline")
    labels.set_language("zh")
    assert str(ck.check_smart(goal)) == ("S✘ M✘ A? R✔ T✘ — 说明要改变什么（收入、线路、流失……）；"
                                         "给出数字：改变多少；给出日期或期限")
    assert str(ck.check_smart("在2026年6月底前将专线收入提高10%")) == "S✔ M✔ A? R✔ T✔ — SMART"
    far = ck.check_smart("Grow revenue by 80% by 2026", baseline_growth=0.02)
    assert str(far) == "S✔ M✔ A✘ R✔ T✔ — 80% 远高于该客户 2% 的增长"
    assert far.notes["A"] == "80% is far above the account's growth of 2%"
