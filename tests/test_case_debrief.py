"""The case studies feed the class debrief (issues 14, 17): each case notebook records the
student's plan (``ck.record_plan``) where the student decides it; the instructor collects and
runs ``debrief``, which plays every plan forward on its student's own dataset.

A class pack of three students per world; the instructor version of each case is run on each
student's dataset (as a student would, in the student's folder). The expected plans are built
here from the case's answer key (``casekit.exercises.case_*``: the decisions the questions
expect, computed by other code than the notebook's) and played forward independently; the
debrief's realised ΔNPV must equal them. The students chosen decide differently (checked).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.desk import collect, debrief
from casekit.exercises import case_telecom as TEL
from casekit.exercises import case_tobacco as TOB
from desk_class import hand_in

STUDENTS = ("s001", "s002", "s003")
SIZES = {"telecom": (2000, 24), "tobacco": (1500, 52)}
CASE = {"telecom": "case_telecom", "tobacco": "case_tobacco"}
PERIODS = {"telecom": TEL.LET_GO_MONTHS, "tobacco": TOB.WEEKS_PLAYED}


def _expected_telecom(base):
    """The plan the telecom case's rules give: the better hours split (Q6) without the
    accounts let go, and those accounts let go if that pays (Q8)."""
    split = TEL.better_split(base)[0]
    leave = TEL.let_go_ids(base) if TEL.let_go_decision(base)[0] == "let_go" else []
    hours = TEL.hours_per_account(base, split).drop(leave)
    plan = ck.Plan(ck.AccountHours(hours), *([ck.LetGo(leave)] if leave else []))
    return (split, tuple(leave)), plan


def _expected_tobacco(base):
    """The option the tobacco case plays on: the best ΔNPV among the options that fit."""
    menu = TOB.menu_outcomes(base)
    option = menu.loc[menu["fits"], "delta_npv"].idxmax()
    return option, TOB.menu_plan(base, option)


EXPECTED = {"telecom": _expected_telecom, "tobacco": _expected_tobacco}


@pytest.fixture(scope="module", params=["telecom", "tobacco"])
def played(request, tmp_path_factory):
    world = request.param
    root = tmp_path_factory.mktemp(f"debrief_{world}")
    roster = root / "roster.csv"
    pd.DataFrame({"student_id": list(STUDENTS),
                  "name": [f"Student {s}" for s in STUDENTS]}).to_csv(roster, index=False)
    size, periods = SIZES[world]
    ck.class_pack(roster, world, root / "pack", course_seed=2026, size=size, periods=periods)
    hand_in(root / "pack", root / "handins", CASE[world])
    collect([root / "handins"], roster, root / "class")
    table = debrief(root / "pack", root / "class", case=CASE[world])
    return world, root, table


def test_each_case_records_the_plan_next_to_its_answers(played):
    world, root, _ = played
    for sid in STUDENTS:
        rec = json.loads((root / "handins" / sid / f"{CASE[world]}.answers.json")
                         .read_text(encoding="utf-8"))
        assert rec["student_id"] == sid and rec["notebook"] == CASE[world]
        assert rec["plan"]["periods"] == PERIODS[world]
        assert len(rec["answers"]) >= 8               # the checked answers are there too


def test_debrief_plays_each_students_own_plan(played):
    world, root, table = played
    assert table["student_id"].tolist() == list(STUDENTS)
    assert (table["status"] == "played").all(), table[["student_id", "status", "message"]]
    decisions, realised = {}, {}
    for sid in STUDENTS:
        base = ck.load(root / "pack" / sid)
        decisions[sid], plan = EXPECTED[world](base)
        recorded = ck.Plan.from_dict(json.loads(
            (root / "handins" / sid / f"{CASE[world]}.answers.json").read_text())["plan"]["plan"])
        assert [type(a) for a in recorded.actions] == [type(a) for a in plan.actions]
        s = ck.play_forward(base, plan, periods=PERIODS[world]).summary().iloc[0]
        row = table.set_index("student_id").loc[sid]
        realised[sid] = row["realised_delta_npv"]
        assert row["realised_delta_npv"] == pytest.approx(s["delta_npv"], rel=1e-9, abs=1e-6)
        assert row["budget_used"] == pytest.approx(s["cost_pv"], rel=1e-9, abs=1e-6)
        assert row["periods"] == PERIODS[world] and row["actions"] == len(plan)
    # the class decided differently, and the debrief shows different outcomes
    assert len(set(decisions.values())) >= 2, decisions
    assert len(set(np.round(list(realised.values())))) == len(STUDENTS), realised
