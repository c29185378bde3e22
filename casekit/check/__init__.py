"""Exercise feedback: ``ck.check("ex02.q3", answer)`` prints ✔, ✘ with a specific hint, or
"not answered yet" — and returns a :class:`CheckResult` you can test.

Every exercise question lives in a registry (``casekit/exercises/exNN.py``). A question knows

* its **expected answer**, computed from the customer base the student loaded — so on a class
  pack every student has their own numbers;
* the **kind** of answer (a number, a count, a ranked list of customer ids, a yes/no choice, a
  decision with the figure that decides it, a vector, a table whose shape is checked) and how
  close is close enough;
* the **usual mistakes** — each a wrong answer computed the way a student would get it (sorted
  ascending, revenue instead of margin, churn for retention, percent for fraction, another CLV
  timing convention, acquisition cost forgotten, population vs sample, off by one period…) and
  the hint shown when the student's answer matches it.

Two ways to check::

    import casekit as ck
    base = ck.load("../datasets/telecom")
    ex = ck.exercise("ex02", base)          # binds the chapter to your data
    ex.check("q3", answer)                  # → ✔ / ✘ + hint / · not answered yet

    ck.check("ex02.q3", answer)             # same, using the base bound by ck.exercise
    ck.check("ex02.q3", answer, base=base)  # or an explicit base

An unanswered question (``None``, ``...``) never raises: it says "not answered yet". A check
that can only verify part of an answer (its type or shape) says exactly which part it verified
and that the values were not checked; it never says "correct".

For instructors, :func:`answer_key` turns a class pack (``{student_id: CustomerBase}``) into a
table with one row per student and one column per question.

Layout: one concept per private module, public names re-exported here.

* ``_result`` — CheckResult
* ``_kinds`` — kinds of answers: Number, Count, Ranking, …
* ``_question`` — Question, Mistake, checking one answer
* ``_registry`` — the chapters' registry
* ``_exercise`` — ck.exercise, ck.check, answer_key
* ``_i18n`` — the generic feedback messages in Chinese (language of ck.labels)
* ``_judgement`` — Judgement (a choice and the figure that decides it), Written + Rubric
* ``_answers`` — the answers file the check cells write (for the instructor's desk)
"""

from __future__ import annotations

import sys
import types
from typing import Any

from ..base import CustomerBase
from ._result import CheckResult, CHAPTERS, NOT_ANSWERED, SYMBOLS
from ._kinds import BadAnswer, Choice, Count, Decision, Kind, Number, Ranking, Shape, Vector
from ._question import Mistake, Question, history, percent
from ._registry import exercise_questions, Chapter, chapters, question, questions
from ._exercise import AnswerKeyWarning, exercise, answer_key, Exercise, check
from ._answers import (ANSWERS_VERSION, SUFFIX, answers_path, fingerprint, from_data,
                       read_answers, record_plan, seal)
from ._judgement import (Criterion, Judgement, OptionRanking, Rubric, Selection, Written,
                         judgement, judgement_question)

__all__ = ["exercise", "answer_key", "exercise_questions", "Exercise", "CheckResult",
           "AnswerKeyWarning", "record_plan", "read_answers"]


class _CallableModule(types.ModuleType):
    """``casekit.check`` is both this package and a function: ``ck.check("ex02.q3", answer)``."""

    def __call__(self, question_id: str, answer: Any = None,
                 base: CustomerBase | None = None) -> CheckResult:
        return check(question_id, answer, base)


sys.modules[__name__].__class__ = _CallableModule
