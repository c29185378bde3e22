"""The exercise checker (casekit.check) and the assign tool (casekit.assign).

Expected answers are verified on a five-customer base worked by hand (the arithmetic is in the
comments); the checker's wording rules (not answered yet, partial checks never say "correct")
and the answer key are tested on it too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit import assign as A
from casekit import check as C
from casekit.base import CustomerBase, Params
from casekit.exercises import _data, ex01, ex02

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------------
# A base small enough to work by hand
# --------------------------------------------------------------------------------------------
#   customer  months active   revenue/month  margin/month   total revenue  total margin
#   0         1, 2, 3         40             20             120            60
#   1         1, 2            30             10              60            20
#   2         1, 2, 3         10             -5              30           -15
#   3         2, 3            20              5              40            10
#   4         1                5            -10               5           -10
#   total (11 rows)                                          255            65


def hand_base(shift: float = 0.0, seed: int = 0, world: str = "telecom") -> CustomerBase:
    rows = [(0, p, 40, 20) for p in (1, 2, 3)] + [(1, p, 30, 10) for p in (1, 2)] \
        + [(2, p, 10, -5) for p in (1, 2, 3)] + [(3, p, 20, 5) for p in (2, 3)] + [(4, 1, 5, -10)]
    act = pd.DataFrame(rows, columns=["customer_id", "period", "revenue", "margin"])
    act = act.astype({"customer_id": "int32", "period": "int16", "revenue": "float64",
                      "margin": "float64"})
    act["revenue"] += shift
    act["margin"] += shift
    ids = np.arange(5, dtype="int32")
    customers = pd.DataFrame({"customer_id": ids,
                              "segment": pd.Categorical(["consumer"] * 5),
                              "region": pd.Categorical(["urban", "rural"] * 2 + ["urban"])})
    truth = pd.DataFrame({"customer_id": ids, "true_margin": [20.0, 10, -5, 5, -10],
                          "true_growth": 0.0, "true_clv": [500.0, 100, -50, 80, -20],
                          "true_tier": pd.Categorical(["key", "normal", "small", "normal", "small"],
                                                      categories=["small", "normal", "key"],
                                                      ordered=True),
                          "true_retention": 0.9})
    return CustomerBase(customers, act, truth,
                        Params(world, seed, 5, 3, "month", {"discount_rate": 0.1}))


@pytest.fixture()
def base():
    return hand_base()


def test_hand_totals_and_sorting(base):
    assert _data.totals(base, "revenue").tolist() == [120, 60, 30, 40, 5]
    assert _data.descending(_data.totals(base, "margin")).index.tolist() == [0, 1, 3, 4, 2]


def test_ex01_expected_by_hand(base):
    assert ex01.n_customers(base) == 5
    assert ex01.arpa(base) == pytest.approx(255 / 11)
    # active in month 1: {0, 1, 2, 4}; in month 2: {0, 1, 2, 3} → customer 4 left: 1/4
    assert _data.churn_between(base, 1) == pytest.approx(0.25)
    # month 2 → 3: {0, 1, 2, 3} → {0, 2, 3}: customer 1 left: 1/4
    assert _data.churn_between(base, 2) == pytest.approx(0.25)
    # top 20% of 5 customers = customer 0: 120 / 255
    assert ex01.top20_share(base) == pytest.approx(120 / 255)
    assert ex01.top20_share(base, ascending=True) == pytest.approx(5 / 255)
    # monthly margin totals: m1 = 20+10-5-10 = 15, m2 = 20+10-5+5 = 30, m3 = 20-5+5 = 20;
    # mean 65/3; squared deviations sum to 116.67 → sample sd sqrt(116.67/2) = 7.6376
    assert ex01.QUESTIONS[6].expected(base) == pytest.approx(np.sqrt(350 / 3 / 2))
    assert ex01.monthly_margin(base).std(ddof=0) == pytest.approx(np.sqrt(350 / 3 / 3))


def test_ex02_expected_by_hand(base):
    # revenue, largest first: 120, 60, 40, 30, 5; cumulative 120, 180, 220 → 220/255 ≥ 0.8
    # at the 3rd customer: 3/5 of customers
    assert ex02.customers_for_80(base) == pytest.approx(0.6)
    # ascending 5, 30, 40, 60, 120: Σ i·x = 5+60+120+240+600 = 1025;
    # G = 2·1025/(5·255) − 6/5 = 0.407843
    assert ex02.gini_of(_data.totals(base, "revenue")) == pytest.approx(2 * 1025 / 1275 - 1.2)
    assert ex02.gini_of(_data.totals(base, "revenue"), descending_order=True) == pytest.approx(
        -(2 * 1025 / 1275 - 1.2))
    # margin, most profitable first: 60, 20, 10, -10, -15 → cumulative 60, 80, 90, 80, 65;
    # peak 90/65
    assert ex02.whale_peak(base) == pytest.approx(90 / 65)
    assert ex02.unprofitable_share(base) == pytest.approx(0.4)
    # bottom 30% = 1.5 customers: -15 + 0.5·(-10) = -20 → -20/65
    assert ex02.bottom30(base) == pytest.approx(-20 / 65)
    # top 30% = 1.5 customers: 60 + 0.5·20 = 70 → 70/65
    assert ex02.bottom30(base, top=True) == pytest.approx(70 / 65)
    assert ex02.top5(base) == (0, 1, 3, 4, 2)
    assert ex02.top5(base, how="worst") == (2, 4, 3, 1, 0)
    # cost 5 per active month: 60-15, 20-10, -15-15, 10-10, -10-5 = 45, 10, -30, 0, -15;
    # total 10; cumulative (desc) 45, 55, 55, 40, 10 → peak 5.5
    assert ex02.whale_peak_with_cost(base, 5.0) == pytest.approx(5.5)
    # dropping the bottom 30% leaves 1 + 20/65 of today's profit → "yes"
    assert ex02.drop_bottom(base) == ("yes", pytest.approx(1 + 20 / 65))


def test_expected_answers_agree_with_the_chapter_functions(base):
    """Where casekit has the chapter's function, the independent computation agrees."""
    assert ex02.gini_of(_data.totals(base, "revenue")) == pytest.approx(ck.gini(base))
    assert ex01.top20_share(base) == pytest.approx(ck.top_share(base, 0.2))
    summary = ck.whale_summary(base)
    assert ex02.whale_peak(base) == pytest.approx(summary["peak_share"])
    assert ex02.bottom30(base) == pytest.approx(summary["bottom_share"])
    assert ex02.unprofitable_share(base) == pytest.approx(summary["unprofitable_share"])


# --------------------------------------------------------------------------------------------
# The checker's words
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("placeholder", [None, ..., (..., ...), [None, None],
                                         {"decision": ..., "figure": ...}])
def test_unanswered_says_so_and_never_raises(base, placeholder, capsys):
    ex = ck.exercise("ex02", base)
    for q in C.questions("ex02"):
        r = ex.check(q.short_id, placeholder)
        assert r.ok is None and r.status == "unanswered"
        assert "not answered yet" in r.message
    out = capsys.readouterr().out
    assert out.count("not answered yet") == len(C.questions("ex02"))


def test_half_answered_decision_is_not_answered_yet(base):
    r = C.question("ex02.q8").check(("yes", ...), base)
    assert r.status == "unanswered" and "not answered yet" in r.message


def test_correct_and_wrong(base, capsys):
    ex = ck.exercise("ex02", base)
    r = ex.check("q1", 0.6)
    assert r.ok is True and r.status == "correct" and r.message.startswith("✔ ex02.q1")
    r = ex.check("q1", 0.8)
    assert r.ok is False and r.message.startswith("✘ ex02.q1") and r.mistake is None
    assert "✔ ex02.q1" in capsys.readouterr().out


def test_module_is_callable_and_uses_the_bound_base(base):
    ck.exercise("ex02", base)
    r = ck.check("ex02.q1", 0.6)
    assert r.ok is True
    assert callable(ck.check) and ck.check.answer_key is C.answer_key
    other = hand_base(shift=1.0)
    assert ck.check("ex02.q1", 0.6, base=other).ok is not None


def test_unknown_question_and_missing_base_do_not_raise():
    r = ck.check("ex02.q99", 1.0)
    assert r.ok is None and "does not exist" in r.message
    r = C.question("ex02.q1").check(0.5, None)
    assert r.ok is None and r.status == "unavailable" and "ck.exercise" in r.message


def test_wrong_world_is_reported(base):
    tob = hand_base(world="tobacco")
    r = C.question("ex02.q3").check(1.0, tob)
    assert r.status == "unavailable" and "telecom" in r.message


@pytest.mark.parametrize("answer, words", [
    ("0.6", "without quotes"), (True, "yes/no is not a number"),
    ([0.6, 0.7], "reduce it to one number"), (float("nan"), "NaN"),
    (pd.Series([1.0, 2.0]), "Series of 2 values"),
])
def test_wrong_type_gets_a_specific_message(base, answer, words):
    r = C.question("ex02.q1").check(answer, base)
    assert r.ok is False and words in r.message


def test_one_element_containers_are_accepted(base):
    q = C.question("ex02.q1")
    for answer in (np.float64(0.6), pd.Series([0.6]), np.array([[0.6]]), [0.6]):
        assert q.check(answer, base).ok is True


def test_rounded_answer_gets_the_rounding_hint(base):
    r = C.question("ex02.q2").check(round(2 * 1025 / 1275 - 1.2, 2), base)
    assert r.ok is False and "do not round" in r.message


def test_ranking_forms(base):
    q = C.question("ex02.q6")
    assert q.check([0, 1, 3, 4, 2], base).ok
    assert q.check(np.array([0, 1, 3, 4, 2]), base).ok
    assert q.check(pd.Index([0, 1, 3, 4, 2]), base).ok
    assert q.check(pd.DataFrame({"customer_id": [0, 1, 3, 4, 2]}), base).ok
    r = q.check(pd.Series([60.0, 20, 10, -10, -15], index=[0, 1, 3, 4, 2]), base)
    assert r.ok is False and "index.tolist()" in r.message
    r = q.check([0, 1, 3], base)
    assert r.ok is False and "expected 5 ids, got 3" in r.message
    r = q.check([1, 0, 3, 4, 2], base)
    assert r.ok is False and "wrong order" in r.message


def test_decision_forms_and_partial_credit_messages(base):
    q = C.question("ex02.q8")
    fig = 1 + 20 / 65
    for answer in (("yes", fig), (fig, "yes"), (True, fig), {"decision": "Yes", "figure": fig},
                   ("是", fig)):
        assert q.check(answer, base).ok is True, answer
    r = q.check(("yes", 0.5), base)
    assert r.ok is False and "decision is right" in r.message
    r = q.check(("maybe", fig), base)
    assert r.ok is False and "'yes', 'no'" in r.message


def test_partial_check_says_what_it_checked_and_never_correct():
    kind = C.Shape()
    q = C.Question("ex99.q1", "a table", lambda b: {"rows": 3, "columns": ["a", "b"],
                                                    "range": (1, 5)},
                   kind, needs_base=False)
    good = pd.DataFrame({"a": [1, 2, 5], "b": [3, 3, 4]})
    r = q.check(good)
    assert r.ok is None and r.status == "partial"
    assert "shape is right" in r.message and "values not checked" in r.message
    assert "correct" not in r.message.lower()
    r = q.check(good.iloc[:2])
    assert r.ok is False and "expected 3 rows" in r.message
    r = q.check(good.assign(b=[0, 3, 4]))
    assert r.ok is False and "must lie in 1..5" in r.message
    r = q.check([1, 2, 3])
    assert r.ok is False and "expected a DataFrame" in r.message


def test_result_is_not_printed_twice_in_jupyter(base, capsys):
    r = C.question("ex02.q1").check(0.6, base)
    r._ipython_display_()               # the display hook right after the check: silent
    assert capsys.readouterr().out == ""
    r._ipython_display_()               # shown again later on purpose: printed
    assert "✔ ex02.q1" in capsys.readouterr().out


def test_history_records_last_answers(base):
    C.question("ex02.q1").check(0.25, base)
    assert C.history()["ex02.q1"] == 0.25


def test_questions_table_lists_every_question():
    table = ck.exercise_questions()
    assert table["question"].is_unique
    assert len(table) >= 25
    assert set(table["chapter"]) == {c.id for c in C.chapters()}


# --------------------------------------------------------------------------------------------
# Answer keys
# --------------------------------------------------------------------------------------------


def test_answer_key_one_row_per_student_one_column_per_question():
    bases = {"s1": hand_base(), "s2": hand_base(shift=2.0, seed=1)}
    key = ck.answer_key(bases, chapters=["ex02"])
    assert key["student_id"].tolist() == ["s1", "s2"]
    assert list(key.columns[1:]) == [q.id for q in C.questions("ex02")]
    s1 = key.set_index("student_id").loc["s1"]
    assert s1["ex02.q1"] == pytest.approx(0.6)
    assert s1["ex02.q6"] == "0 1 3 4 2"
    # rounded to the digits the check needs: tolerance 1e-4 relative, so 1/200 of it is
    # about 6.5e-7 and 7 decimals suffice (not the float's 16 digits)
    assert s1["ex02.q8"] == f"yes; {round(1 + 20 / 65, 7)}"
    assert C.question("ex02.q8").kind.parse_key("'" + s1["ex02.q8"]) == ("yes", 1.3076923)
    # a different dataset gives different answers
    assert (key.iloc[0, 1:] != key.iloc[1, 1:]).any()


def test_answer_key_leaves_out_questions_of_another_world():
    key = ck.answer_key({"t": hand_base(world="tobacco")}, chapters=["ex02"])
    assert "ex02.q1" in key.columns and "ex02.q3" not in key.columns


@pytest.mark.parametrize("bad, error", [({}, ValueError), ({"s": 1}, TypeError),
                                        ([hand_base()], ValueError)])
def test_answer_key_rejects_bad_input(bad, error):
    with pytest.raises(error):
        ck.answer_key(bad)


# --------------------------------------------------------------------------------------------
# assign: solution regions → student placeholders / instructor cells
# --------------------------------------------------------------------------------------------

CELL = """# Q2
# BEGIN SOLUTION: arpu
arpu = base.activity["revenue"].mean()
# END SOLUTION
ex.check("q2", arpu)"""


def test_student_source_replaces_the_region_by_a_placeholder():
    assert A.student_source(CELL) == ('# Q2\narpu = ...  # your code here\n'
                                      'ex.check("q2", arpu)')


def test_student_source_infers_the_name_and_keeps_indentation():
    src = "if True:\n    # BEGIN SOLUTION\n    t = 1\n    top = t + 1\n    # END SOLUTION\n"
    assert A.student_source(src) == "if True:\n    top = ...  # your code here\n"
    src = "# BEGIN SOLUTION: keep, figure\nkeep = 'yes'\nfigure = 2\n# END SOLUTION"
    assert A.student_source(src) == ("keep = ...  # your code here\n"
                                      "figure = ...  # your code here")


def test_solution_source_marks_checks_and_moves_the_dataset_up():
    out = A.solution_source(CELL)
    assert out.split("\n")[0] == "# NBVAL_CHECK_OUTPUT"
    assert "BEGIN" not in out and "END SOLUTION" not in out and "arpu = base" in out
    setup = 'import casekit as ck\nDATASET = "../datasets/telecom"  # your folder'
    assert A.solution_source(setup) == ('import casekit as ck\n'
                                        'DATASET = "../../datasets/telecom"  # your folder')
    assert not A.solution_source("x = 1\nex.check('q1', x)").startswith("# NBVAL")


@pytest.mark.parametrize("src, words", [
    ("# BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n# END SOLUTION", "without BEGIN"),
    ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION", "inside another"),
    ("# BEGIN SOLUTION\nprint(1)\n# END SOLUTION", "assigns no variable"),
])
def test_bad_markers_are_reported(src, words):
    with pytest.raises(A.MarkerError, match=words):
        A.student_source(src)


def test_make_student_drops_solution_only_cells_and_outputs():
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("<!-- SOLUTION ONLY -->\nWhy: ..."),
                nbformat.v4.new_code_cell(CELL, outputs=[nbformat.v4.new_output(
                    "stream", text="✔")], execution_count=3),
                nbformat.v4.new_code_cell("# SOLUTION ONLY\nprint(1)")]
    student = A.make_student(nb)
    assert len(student.cells) == 1 and student.cells[0].outputs == []
    assert "..." in student.cells[0].source
    solution = A.make_solution(nb)
    assert [c.source for c in solution.cells][0] == "Why: ..."
    assert solution.cells[2].source == "print(1)"


def test_generic_hints_when_no_usual_mistake_matches(base):
    """Besides the registered mistakes, a few generic readings of a near miss."""
    count = C.Question("ex99.q2", "a count", lambda b: 17, C.Count(), needs_base=False)
    assert "off by one" in count.check(18).message
    assert "expected a whole number" in count.check(17.5).message
    rank = C.question("ex02.q6")                     # (0, 1, 3, 4, 2)
    assert "3 of your 5 ids are right" in rank.check([0, 1, 3, 7, 8], base).message
    sign = C.Question("ex99.q3", "a number", lambda b: 2.5, C.Number(), needs_base=False)
    assert "wrong sign" in sign.check(-2.5).message
    assert sign.check(7.0).message.endswith(C.Question.retry)


def test_assign_check_reports_stale_notebooks(tmp_path):
    """`python -m casekit assign --check`: 0 when up to date, 1 after a master changes."""
    import shutil

    from casekit import cli

    src = tmp_path / "exercises" / "source"
    src.mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "source" / "ex02_not_all_customers_are_equal.md", src)
    written = A.assign(src, run=False, lang="en")
    assert len(written) == 2
    assert cli.main(["assign", "--source", str(src), "--lang", "en", "--check"]) == 0
    text = (src / "ex02_not_all_customers_are_equal.md").read_text(encoding="utf-8")
    (src / "ex02_not_all_customers_are_equal.md").write_text(text + "\n+++\n\nOne more cell.\n",
                                                              encoding="utf-8")
    assert A.stale(src, src.parent, "en") == [
        src.parent / "ex02_not_all_customers_are_equal.ipynb",
        src.parent / "solutions" / "ex02_not_all_customers_are_equal.ipynb"]
    assert cli.main(["assign", "--source", str(src), "--lang", "en", "--check"]) == 1


def test_ex01_arpu_per_line_and_arpa_per_account_by_hand(base):
    # lines held by customers 0..4: 4, 1, 2, 2, 1; active months 3, 2, 3, 2, 1
    # line-months: 12 + 2 + 6 + 4 + 1 = 25 → ARPU = 255 / 25 = 10.2 RMB per line-month
    # ARPA = 255 / 11 account-months = 23.18; the mean of the 11 bills per line:
    # (3·40/4 + 2·30/1 + 3·10/2 + 2·20/2 + 5/1) / 11 = (30 + 60 + 15 + 20 + 5) / 11 = 130 / 11
    base.customers["lines"] = [4, 1, 2, 2, 1]
    assert ex01.arpu(base) == pytest.approx(10.2)
    assert ex01.arpa(base) == pytest.approx(255 / 11)
    assert ex01.arpu_mean_of_ratios(base) == pytest.approx(130 / 11)
    arpu_q, arpa_q = C.question("ex01.q9"), C.question("ex01.q2")
    assert arpu_q.check(10.2, base).ok is True
    assert arpa_q.check(255 / 11, base).ok is True
    # each entered for the other gets the other's hint
    assert arpu_q.check(255 / 11, base).mistake == "arpa_for_arpu"
    assert arpa_q.check(10.2, base).mistake == "arpu_for_arpa"
    assert arpu_q.check(130 / 11, base).mistake == "mean_of_ratios"


def test_a_base_changed_in_place_is_checked_as_it_is_now(base):
    q = next(q for q in C.questions("ex01") if q.expected is ex01.arpa or
             getattr(q.expected, "__name__", "") == "arpa")
    assert q.check(255 / 11, base).ok is True
    base.activity["revenue"] *= 2                         # the student edits the data in place
    assert q.check(510 / 11, base).ok is True             # the new truth, not a stale answer
    assert q.check(255 / 11, base).ok is False
