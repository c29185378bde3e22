"""Bad inputs to the exercise checker (ck.check, ck.exercise, answer_key, exercise_questions).

``ck.check`` and ``Exercise.check`` are documented never to raise — a student's notebook must
not break on an odd answer — so their rows are documented results: the returned CheckResult
says what is wrong.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

import casekit as ck
from casekit import check as C
from bad_inputs import Case
from bad_inputs._files import small_base

NAN = float("nan")
INF = float("inf")
NEVER_RAISES = "ck.check never raises: an unusable answer or base is a result (casekit.check)"


@lru_cache(maxsize=None)
def tel():
    return ck.load("datasets/telecom")


def checked(question, answer, base=None):
    with contextlib.redirect_stdout(io.StringIO()):
        return ck.check(question, answer, base=tel() if base is None else base)


def says(status, *words):
    def check(result):
        return result.status == status and all(w.lower() in result.message.lower()
                                                for w in words)
    return check


def result(id, question, answer, status, *words, base=None):
    return Case(f"check.check.{id}", lambda: checked(question, answer, base), None,
                check=says(status, *words), why=NEVER_RAISES)


def _key_cells_are_rounded(key):
    """Every number in the key is short (float noise like 99.99999999999991 has 16 significant
    digits) and within 1 % of the question's tolerance of the exact expected answer."""
    base = tel()
    ok = []
    for qid, cell in key.drop(columns="student_id").iloc[0].items():
        if not isinstance(cell, float):
            continue
        kind = C.question(qid).kind
        exact = float(C.question(qid).answer(base))
        digits = len(re.sub(r"[^0-9]", "", f"{abs(cell):.15g}").lstrip("0"))
        ok.append(digits <= 12 and abs(cell - exact) <= 0.01 * (kind.atol + kind.rtol * abs(exact)))
    return len(ok) > 3 and all(ok)


CASES = [
    # answers a student could give
    result("number_inf", "ex02.q1", INF, "wrong", "infinite"),
    result("number_minus_inf", "ex02.q1", -INF, "wrong", "infinite"),
    result("number_huge_int", "ex02.q1", 10**400, "wrong", "too large"),
    result("number_nan", "ex02.q1", NAN, "wrong", "NaN"),
    result("number_text", "ex02.q1", "0.8", "wrong", "text"),
    result("number_complex", "ex02.q1", 1j, "wrong", "number"),
    result("number_list", "ex02.q1", [1, 2], "wrong", "one number"),
    result("count_inf", "ex01.q1", INF, "wrong", "infinite"),
    result("count_huge_int", "ex01.q1", 10**400, "wrong", "too large"),
    result("count_list_inf", "ex01.q1", [INF], "wrong", "infinite"),
    result("decision_huge_figure", "ex01.q5", ("yes", 10**400), "wrong", "too large"),
    result("decision_inf_figure", "ex01.q5", ("yes", INF), "wrong", "infinite"),
    result("vector_huge", "ex04.q1", [10**400, 1, 1, 1], "wrong", "too large",
           base=ck.load("datasets/tobacco")),
    result("unknown_question", "ex02.q99", 1, "unavailable", "does not exist"),
    result("unknown_chapter", "ex99.q1", 1, "unavailable", "chapter"),
    result("question_a_number", 5, 1, "unavailable", "question_id"),
    # the wrong object as base=
    result("base_a_number", "ex02.q1", 0.5, "unavailable", "CustomerBase", base=5),
    result("base_a_string", "ex02.q1", 0.5, "unavailable", "CustomerBase", base="telecom"),
    Case("check.check.base_a_dataframe",
         lambda: checked("ex02.q1", 0.5, base=small_base().customers), None,
         check=says("unavailable", "CustomerBase"), why=NEVER_RAISES),
    Case("check.check.base_other_world",
         lambda: checked("ex02.q3", 0.5, base=ck.load("datasets/tobacco")), None,
         check=says("unavailable", "telecom"), why=NEVER_RAISES),
    Case("check.Exercise.check_unknown_question",
         lambda: _exercise_check("q99", 1), None, check=says("unavailable", "q99"),
         why=NEVER_RAISES),
    Case("check.Exercise.check_inf", lambda: _exercise_check("q1", INF), None,
         check=says("wrong", "infinite"), why=NEVER_RAISES),
    # exercise, answer_key, exercise_questions
    Case("check.exercise.chapter_unknown", lambda: ck.exercise("ex99"), ValueError, "chapter"),
    Case("check.exercise.chapter_a_number", lambda: ck.exercise(2), ValueError, "chapter"),
    Case("check.exercise.base_a_number", lambda: ck.exercise("ex02", 5), TypeError, "base"),
    Case("check.exercise_questions.chapter_unknown", lambda: ck.exercise_questions("ex99"),
         ValueError, "chapter"),
    Case("check.answer_key.empty", lambda: ck.answer_key({}), ValueError, "bases"),
    Case("check.answer_key.a_list", lambda: ck.answer_key([small_base()]), ValueError, "bases"),
    Case("check.answer_key.not_a_base", lambda: ck.answer_key({"s1": 5}), TypeError, "s1"),
    Case("check.answer_key.chapter_unknown",
         lambda: ck.answer_key({"s1": small_base()}, chapters=["ex99"]), ValueError, "ex99"),
    Case("check.answer_key.chapters_a_number",
         lambda: ck.answer_key({"s1": small_base()}, chapters=2), TypeError, "chapters"),
    Case("check.answer_key.chapters_one_string",
         lambda: ck.answer_key({"s1": tel()}, chapters="ex02"), None,
         check=lambda k: len(k.columns) > 1 and all(c.startswith("ex02.")
                                                      for c in k.columns[1:]),
         why="chapters='ex02' means the one chapter ex02, not its letters (answer_key)"),
    Case("check.answer_key.numbers_rounded",
         lambda: ck.answer_key({"s1": tel()}, chapters=["ex02"]), None,
         check=_key_cells_are_rounded,
         why="numbers in the key carry the digits the checker's tolerance needs, not float "
             "noise such as 99.99999999999991 (answer_key)"),
]


def _exercise_check(question, answer):
    with contextlib.redirect_stdout(io.StringIO()):
        return ck.exercise("ex02", tel()).check(question, answer)
