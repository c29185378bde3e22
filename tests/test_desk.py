"""The instructor's desk (issue 17): answers files, collect, grade, debrief.

A class of 30 generated students hands in exercise 02: each student's answers file is written
by the check cells while the solution code runs on that student's own dataset; some students
then re-run a check cell with a deliberate mistake (listed in INJECTED, each derived by hand
from the student's own correct answer). The gradebook and the mistakes table must say exactly
what was injected.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.check import read_answers, seal
from casekit.desk import collect, grade, debrief, hardest_questions, student_answers
from desk_class import hand_in, make_pack, run_solution

pytestmark = pytest.mark.slow

# (student, question) → (how the answer is changed, the cell the gradebook must show)
INJECTED = {
    ("s003", "q1"): (lambda a: 100 * a, "wrong:percent"),
    ("s007", "q1"): (lambda a: 100 * a, "wrong:percent"),
    ("s011", "q4"): (lambda a: 100 * a, "wrong:percent"),
    ("s004", "q5"): (lambda a: -a, "wrong:sign"),
    ("s009", "q5"): (lambda a: -a, "wrong:sign"),
    ("s013", "q6"): (lambda a: list(a)[::-1], "wrong:reversed"),
    ("s015", "q8"): (lambda a: ("no" if a[0] == "yes" else "yes", a[1]),
                     "wrong:decision_ignores_figure"),
    ("s020", "q2"): (lambda a: 1.5 * a, "wrong"),          # no usual mistake gives this
    ("s022", "q3"): (lambda a: ..., "not answered"),
}
MISSING = ("s030",)
EX02 = [f"ex02.q{i}" for i in range(1, 9)]


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    root = tmp_path_factory.mktemp("desk")
    pack, roster = make_pack(root, 30, key_chapters=("ex02",))
    hand_in(pack, root / "handins", "ex02",
            inject={k: f for k, (f, _) in INJECTED.items()}, skip=MISSING)
    found = collect([root / "handins"], roster, root / "class")
    return root, pack, roster, found


@pytest.fixture(scope="module")
def book(klass):
    root, pack, _, _ = klass
    return grade(pack, root / "class")


def test_answers_file_is_written_next_to_the_notebook_with_the_students_id(klass):
    root, pack, _, _ = klass
    rec = read_answers(root / "handins" / "s001" / "ex02.answers.json")
    assert rec["student_id"] == "s001" and rec["notebook"] == "ex02" and rec["version"] == 1
    params = ck.load(pack / "s001").params
    assert rec["dataset"]["seed"] == params.seed
    assert rec["hash"] == seal(rec)
    assert sorted(rec["answers"]) == EX02
    assert all(e["status"] == "correct" for e in rec["answers"].values())


def test_nothing_is_recorded_on_the_shipped_dataset(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CASEKIT_ANSWERS", raising=False)
    base = ck.telecom(customers=200, months=6, seed=3)
    ck.exercise("ex02", base).check("q1", 0.5)
    assert list(tmp_path.iterdir()) == []


def test_gradebook_equals_what_was_injected(book):
    t = book.table.set_index("student_id")
    for sid in t.index:
        for qid in EX02:
            if sid in MISSING:
                want = "not answered"
            else:
                want = INJECTED.get((sid, qid.split(".")[1]), (None, "correct"))[1]
            assert t.loc[sid, qid] == want, (sid, qid)
    assert book.questions == EX02             # only the chapter handed in is graded
    assert t.loc["s001", "correct"] == 8 and t.loc["s003", "correct"] == 7
    assert t.loc["s022", "not_answered"] == 1
    assert t.loc["s030", "correct"] == 0
    assert t.loc["s001", "score"] == pytest.approx(8 / len(book.questions), abs=1e-4)
    assert book.flags.empty


def test_checking_again_on_the_datasets_gives_the_same_gradebook(klass, book):
    root, pack, _, _ = klass
    again = grade(pack, root / "class", recheck=True)
    pd.testing.assert_frame_equal(again.table, book.table)
    pd.testing.assert_frame_equal(again.mistakes, book.mistakes)


def test_mistakes_table_counts_each_named_mistake(book):
    got = {(r.question, r.mistake): r.students for r in book.mistakes.itertuples()}
    assert got == {("ex02.q1", "percent"): 2, ("ex02.q4", "percent"): 1,
                   ("ex02.q5", "sign"): 2, ("ex02.q6", "reversed"): 1,
                   ("ex02.q8", "decision_ignores_figure"): 1}
    q5 = book.mistakes.set_index(["question", "mistake"]).loc[("ex02.q5", "sign"), "hint"]
    assert "wrong sign" in q5


def test_collect_reports_missing_students(klass):
    _, _, _, found = klass
    assert found.missing == ["s030"]
    assert found.duplicates.empty and found.unknown.empty
    assert "missing: s030 handed in no answers file" in found.report()


def test_collect_reports_duplicate_and_unknown(klass, tmp_path):
    root, _, roster, _ = klass
    extra = tmp_path / "late"
    (extra / "s001").mkdir(parents=True)
    shutil.copy(root / "handins" / "s001" / "ex02.answers.json", extra / "s001")
    (extra / "s001" / "ex02_not_all_customers_are_equal.ipynb").write_text("{}")
    stranger = json.loads((root / "handins" / "s002" / "ex02.answers.json").read_text())
    stranger["student_id"] = "x999"
    (extra / "x999").mkdir()
    (extra / "x999" / "ex02.answers.json").write_text(json.dumps(stranger))
    (extra / "junk.answers.json").write_text("not json")
    found = collect([root / "handins", extra], roster, tmp_path / "class")
    assert found.duplicates[["student_id", "notebook"]].values.tolist() == [["s001", "ex02"]]
    assert (tmp_path / "class" / "s001" / "ex02_not_all_customers_are_equal.ipynb").is_file()
    reasons = dict(zip(found.unknown["student_id"].fillna("-"), found.unknown["reason"]))
    assert "not on the roster" in reasons["x999"] and "not valid JSON" in reasons["-"]
    with pytest.raises(FileExistsError, match="out="):
        collect([extra], roster, tmp_path / "class")


def _tamper(klass, tmp_path):
    root, pack, _, _ = klass
    subs = tmp_path / "class"
    shutil.copytree(root / "class", subs)
    f = subs / "s005" / "ex02.answers.json"                     # edited by hand
    rec = json.loads(f.read_text())
    rec["answers"]["ex02.q2"]["answer"] = 0.5
    f.write_text(json.dumps(rec))
    shutil.copy(subs / "s006" / "ex02.answers.json", subs / "s008")   # another student's
    f = subs / "s010" / "ex02.answers.json"                     # another format version
    rec = json.loads(f.read_text())
    rec["version"] = 2
    rec["hash"] = seal(rec)
    f.write_text(json.dumps(rec))
    f = subs / "s012" / "ex02.answers.json"                     # answered on other data
    rec = json.loads(f.read_text())
    rec["dataset"]["fingerprint"] = "0" * 64
    rec["hash"] = seal(rec)
    f.write_text(json.dumps(rec))
    return pack, subs


def test_tampered_files_are_flagged_never_scored(klass, tmp_path):
    pack, subs = _tamper(klass, tmp_path)
    book = grade(pack, subs)
    flags = {(r.student_id, r.problem): r.message for r in book.flags.itertuples()}
    assert set(flags) == {("s005", "edited"), ("s008", "other_student"),
                          ("s008", "other_pack"), ("s010", "version"),
                          ("s012", "not_this_pack")}
    assert "edited" in flags[("s005", "edited")]
    assert "s006" in flags[("s008", "other_student")] and "s006" in flags[("s008", "other_pack")]
    assert "version 2" in flags[("s010", "version")]
    t = book.table.set_index("student_id")
    for sid in ("s005", "s008", "s010", "s012"):
        assert (t.loc[sid, EX02] == "flagged").all() and t.loc[sid, "correct"] == 0
    assert (t.loc["s006", EX02] == "correct").all()


def test_grade_cli_writes_escaped_csvs_and_refuses_to_overwrite(klass, tmp_path, capsys):
    from casekit.cli import main

    root, pack, _, _ = klass
    rubric = tmp_path / "rubric.csv"
    pd.DataFrame({"student_id": ["s001", "s002"], "rubric": [4, 3.5]}).to_csv(rubric,
                                                                              index=False)
    out = tmp_path / "gradebook.csv"
    assert main(["grade", "--pack", str(pack), "--submissions", str(root / "class"),
                 "--out", str(out), "--rubric", str(rubric)]) == 0
    book = pd.read_csv(out, dtype={"student_id": str})
    assert book.loc[book["student_id"] == "s001", "rubric"].item() == 4
    assert book["rubric"].notna().sum() == 2
    mistakes = pd.read_csv(tmp_path / "gradebook_mistakes.csv")
    assert mistakes["students"].sum() == 7
    assert main(["grade", "--pack", str(pack), "--submissions", str(root / "class"),
                 "--out", str(out)]) == 2
    assert "exist" in capsys.readouterr().err


def test_formula_cells_are_escaped():
    from casekit.desk import escape_formulas

    frame = pd.DataFrame({"name": ["=HYPERLINK(1)", "+1", "Li", "@x"], "v": [-1.5, 2, 3, 4]})
    out = escape_formulas(frame)
    assert out["name"].tolist() == ["'=HYPERLINK(1)", "'+1", "Li", "'@x"]
    assert out["v"].tolist() == [-1.5, 2, 3, 4]


def test_dashboard_tables(book):
    hard = hardest_questions(book)
    ex02 = hard[hard["question"].str.startswith("ex02")]
    # q1 and q5 have 2 wrong answers each and 29 hand-ins: 27/30 correct; ties by id.
    assert ex02["question"].head(2).tolist() == ["ex02.q1", "ex02.q5"]
    assert ex02["share_correct"].iloc[0] == pytest.approx(27 / 30)
    s = student_answers(book, "s004").set_index("question")
    assert s.loc["ex02.q5", "result"] == "wrong:sign" and "wrong sign" in s.loc["ex02.q5", "hint"]
    with pytest.raises(ValueError, match="student_id"):
        student_answers(book, "nobody")


def test_plan_round_trips_and_debrief_plays_it(klass, tmp_path, monkeypatch):
    root, pack, _, _ = klass
    base = ck.load(pack / "s002")
    ids = base.customers["customer_id"].to_numpy()[:3]
    plan = ck.Plan(ck.AccountHours({"key": 30.0}),
                   ck.LetGo(ids), ck.Scenario("care", target="normal", retention_uplift=0.2, uplift_kind="churn",
                                              cost_per_customer=100))
    again = ck.Plan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert [type(a) for a in again.actions] == [type(a) for a in plan.actions]
    assert np.array_equal(again.actions[1].target, ids)
    # a student records the plan in the case notebook's folder
    monkeypatch.chdir(root / "handins" / "s002")
    monkeypatch.delenv("CASEKIT_ANSWERS", raising=False)
    ck.record_plan("case1", plan, base, periods=6, forecast=1000.0)
    subs = tmp_path / "class"
    shutil.copytree(root / "class", subs)
    shutil.copy(root / "handins" / "s002" / "case1.answers.json", subs / "s002")
    table = debrief(pack, subs)
    assert table["student_id"].tolist() == ["s002"] and table["status"].item() == "played"
    played = ck.play_forward(base, plan, periods=6).summary().iloc[0]
    assert table["realised_delta_npv"].item() == pytest.approx(played["delta_npv"])
    assert table["gap"].item() == pytest.approx(played["delta_npv"] - 1000.0)
    assert table["budget_used"].item() == pytest.approx(played["cost_pv"])
    assert table["budget_used"].item() > 0
