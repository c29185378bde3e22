"""What each grade receives (差异服务, 货源投放) and the hysteresis band of re-grading.

Every expectation is worked by hand in the comments, from the rules in the docstrings of
``ck.grade_service`` and ``ck.hold_grades``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit as ck

PACKAGES = {"basic": {"hours": 0.0}, "standard": {"hours": 0.25}, "premium": {"hours": 1.0}}


def test_hold_grades_by_hand():
    held = pd.Series([10, 10, 10, 5], index=[1, 2, 3, 4])
    new = pd.Series([12, 13, 7, 5, 20], index=[1, 2, 3, 4, 9])
    # k = 2: |12−10| = 2 is not > 2 → stays 10; |13−10| = 3 → 13; |7−10| = 3 → 7; 5 → 5;
    # customer 9 had no grade → takes its new grade 20
    assert ck.hold_grades(held, new, hysteresis=2).tolist() == [10, 13, 7, 5, 20]
    # k = 0: plain re-grading; k = 3: only moves of 4 grades or more: none here
    assert ck.hold_grades(held, new, hysteresis=0).tolist() == [12, 13, 7, 5, 20]
    assert ck.hold_grades(held, new, hysteresis=3).tolist() == [10, 10, 10, 5, 20]


def test_grade_service_packages_within_capacity_by_hand():
    graded = pd.DataFrame({"customer_id": [5, 4, 3, 2, 1], "grade": [3, 18, 20, 27, 30],
                           "score": [0.1, 0.5, 0.6, 0.8, 0.9]})
    plan = ck.grade_service(graded, capacity_hours=1.5, scarce_cartons=12, packages=PACKAGES,
                            bands={"premium": 26, "standard": 16}, supply_from=21)
    by = plan.set_index("customer_id")
    # best first: grade 30 wants premium, 1.0 h of 1.5 → premium, 0.5 left;
    # grade 27 wants premium (1.0 > 0.5) → standard 0.25, 0.25 left;
    # grade 20 wants standard 0.25 → standard, 0 left; grade 18 wants standard → basic;
    # grade 3 wants basic
    assert by["wanted"].to_dict() == {5: "basic", 4: "standard", 3: "standard",
                                      2: "premium", 1: "premium"}
    assert by["package"].to_dict() == {5: "basic", 4: "basic", 3: "standard",
                                       2: "standard", 1: "premium"}
    assert by["hours"].sum() == pytest.approx(1.5)
    # supply from grade 21: weights 30−21+1 = 10 and 27−21+1 = 7 → 12·10/17 and 12·7/17
    assert by["cartons"].to_dict() == pytest.approx({5: 0, 4: 0, 3: 0, 2: 84 / 17, 1: 120 / 17})
    assert plan["customer_id"].tolist() == [5, 4, 3, 2, 1]          # the input's order


def test_grade_service_ties_within_a_grade_go_by_score():
    graded = pd.DataFrame({"customer_id": [1, 2], "grade": [30, 30], "score": [0.2, 0.7]})
    plan = ck.grade_service(graded, 1.0, 0, packages=PACKAGES).set_index("customer_id")
    # one premium slot: retailer 2 (score 0.7) first; retailer 1 wants premium, nothing left
    # even for standard (0.25 > 0) → basic
    assert plan["package"].to_dict() == {1: "basic", 2: "premium"}


def test_service_actions_play_forward():
    base = ck.tobacco(retailers=400, weeks=8, seed=2)
    hours, cartons = ck.service_capacity(base)
    # 20 hours per manager and week; 100 scarce cartons per 1,000 retailers
    assert hours == 20.0 * base.customers["account_manager"].nunique()
    assert cartons == pytest.approx(40.0)
    plan = ck.grade_service(ck.tobacco_grading(base), hours, cartons)
    assert plan["hours"].sum() <= hours + 1e-9
    assert plan["cartons"].sum() == pytest.approx(cartons)
    service, supply = ck.service_actions(plan)
    given = {pkg: set(np.asarray(ids).tolist()) for ids, pkg in service.items()}
    for pkg in ("premium", "standard"):
        assert given.get(pkg, set()) == set(plan.loc[plan["package"] == pkg, "customer_id"])
    assert sum(len(ids) * x for ids, x in supply.items()) == pytest.approx(cartons)
    out = ck.play_forward(base, ck.Plan(service, supply), periods=4, seed=1)
    assert out.summary().loc["all", "customers"] == len(base.customers)


def test_regrade_hysteresis_on_the_world():
    world = ck.tobacco(retailers=600, weeks=26, seed=3)
    plain = ck.regrade(world, every=13)
    sticky = ck.regrade(world, every=13, hysteresis=5)
    assert (plain["raw_grade"] == plain["grade"]).all()
    assert (sticky["raw_grade"] == plain["raw_grade"]).all()
    p = plain.pivot(index="customer_id", columns="window", values="grade")
    s = sticky.pivot(index="customer_id", columns="window", values="grade")
    # window 2 under k = 5: the raw grade where it moved by more than 5, else the first grade
    moved = (p[2] - p[1]).abs() > 5
    assert s[2].tolist() == p[2].where(moved, p[1]).tolist()
    assert (s[2] != s[1]).mean() < (p[2] != p[1]).mean()
