"""Bad inputs to the instructor's desk (issue 17): collect, grade, debrief, the dashboard's
tables, answers files and recorded plans. Each error names the parameter or file at fault."""

import functools
import json
import tempfile
from pathlib import Path

import pandas as pd

import casekit as ck
import casekit.desk as desk
from bad_inputs import Case
from casekit.plots.desk import desk_debrief


@functools.lru_cache(maxsize=1)
def _tiny() -> Path:
    """A class pack of two students and an empty class folder (made once, on first use)."""
    root = Path(tempfile.mkdtemp(prefix="casekit-bad-desk-"))
    ck.class_pack(pd.DataFrame({"student_id": ["a1", "a2"]}), "telecom", root / "pack",
                  size=120, periods=6)
    (root / "class").mkdir()
    (root / "bad.answers.json").write_text("{not json")
    (root / "other.answers.json").write_text(json.dumps({"format": "something else"}))
    return root


def _book():
    return desk.grade(_tiny() / "pack", _tiny() / "class")


_T = ck.telecom(customers=200, months=6, seed=2)
_ROSTER = pd.DataFrame({"student_id": ["a1", "a2"]})

CASES = [
    Case("desk.collect.dir_missing", lambda: desk.collect(["/no/such/folder"], _ROSTER,
                                                           _tiny() / "out1"),
         FileNotFoundError, "DIR"),
    Case("desk.collect.roster_without_student_id",
         lambda: desk.collect([_tiny() / "class"], pd.DataFrame({"id": ["a"]}), _tiny() / "o2"),
         ValueError, "student_id"),
    Case("desk.collect.roster_not_a_table", lambda: desk.collect([_tiny()], 42, _tiny() / "o3"),
         TypeError, "roster"),
    Case("desk.collect.out_not_empty", lambda: desk.collect([_tiny() / "class"], _ROSTER,
                                                             _tiny() / "pack"),
         FileExistsError, "out"),
    Case("desk.grade.submissions_missing", lambda: desk.grade(_tiny() / "pack", "/no/such"),
         FileNotFoundError, "submissions"),
    Case("desk.grade.pack_without_manifest", lambda: desk.grade(_tiny() / "class",
                                                                _tiny() / "class"),
         FileNotFoundError, "manifest"),
    Case("desk.grade.unknown_chapter", lambda: desk.grade(_tiny() / "pack", _tiny() / "class",
                                                          chapters=["ex99"]),
         ValueError, "chapters"),
    Case("desk.grade.rubric_without_score",
         lambda: desk.grade(_tiny() / "pack", _tiny() / "class",
                            rubric=pd.DataFrame({"student_id": ["a1"], "points": [3]})),
         ValueError, "rubric"),
    Case("desk.grade.rubric_not_numbers",
         lambda: desk.grade(_tiny() / "pack", _tiny() / "class",
                            rubric=pd.DataFrame({"student_id": ["a1"], "rubric": ["good"]})),
         ValueError, "rubric"),
    Case("desk.Gradebook.write.not_csv", lambda: _book().write(_tiny() / "book.xlsx"),
         ValueError, "out"),
    Case("desk.grade_distribution.bins_zero", lambda: desk.grade_distribution(_book(), bins=0),
         ValueError, "bins"),
    Case("desk.hardest_questions.not_a_gradebook", lambda: desk.hardest_questions(_T),
         TypeError, "book"),
    Case("desk.student_answers.unknown_student",
         lambda: desk.student_answers(_book(), "zz9"), ValueError, "student_id"),
    Case("desk.debrief.submissions_missing", lambda: desk.debrief(_tiny() / "pack", "/no/such"),
         FileNotFoundError, "submissions"),
    Case("desk.debrief.nothing_recorded",
         lambda: desk.debrief(_tiny() / "pack", _tiny() / "class"), None,
         check=lambda t: t.empty and "realised_delta_npv" in t.columns,
         why="a class without plans gives an empty table with the documented columns"),
    Case("desk.write_csv.exists", lambda: desk.write_csv(pd.DataFrame({"a": [1]}),
                                                         _tiny() / "pack" / "manifest.csv"),
         FileExistsError, "out"),
    Case("desk.plots.desk_debrief.not_a_table", lambda: desk_debrief([1, 2]), TypeError,
         "table"),
    Case("check.read_answers.not_json", lambda: ck.read_answers(_tiny() / "bad.answers.json"),
         ValueError, "path"),
    Case("check.read_answers.other_format",
         lambda: ck.read_answers(_tiny() / "other.answers.json"), ValueError, "format"),
    Case("check.read_answers.missing", lambda: ck.read_answers(_tiny() / "no.answers.json"),
         FileNotFoundError, "path"),
    Case("check.record_plan.case_with_slash",
         lambda: ck.record_plan("../x", ck.Plan(), _T), ValueError, "case"),
    Case("check.record_plan.plan_not_a_plan",
         lambda: ck.record_plan("case1", {"actions": []}, _T), TypeError, "plan"),
    Case("check.record_plan.periods_zero",
         lambda: ck.record_plan("case1", ck.Plan(), _T, periods=0), ValueError, "periods"),
    Case("check.record_plan.forecast_nan",
         lambda: ck.record_plan("case1", ck.Plan(), _T, forecast=float("nan")), ValueError,
         "forecast"),
    Case("check.record_plan.not_recorded_on_generated_data",
         lambda: ck.record_plan("case1", ck.Plan(), _T), None, check=lambda r: r is None,
         why="record_plan docstring: None when answers are not recorded for this base"),
    Case("play.Plan.from_dict.unknown_action",
         lambda: ck.Plan.from_dict({"actions": [{"action": "Bribe"}]}), ValueError, "action"),
    Case("play.Plan.from_dict.not_a_dict", lambda: ck.Plan.from_dict([1]), ValueError, "data"),
    Case("play.Plan.to_dict.callable_target",
         lambda: ck.Plan(ck.Scenario("x", target=lambda b: b.customers["customer_id"] > 0)
                         ).to_dict(), TypeError, "target"),
]
