"""The student-facing API (``ck.exercise``, ``ck.check``) and answer keys for class packs."""

from __future__ import annotations

import warnings
from typing import Any, Iterable, Mapping

import pandas as pd

from ..base import CustomerBase
from ._kinds import _describe
from ._registry import Chapter, _load_chapter, chapters, exercise_questions, question, questions
from ._result import CHAPTERS, CheckResult
from . import _answers


# --------------------------------------------------------------------------------------------
# The student-facing API
# --------------------------------------------------------------------------------------------

_BOUND: dict[str, CustomerBase] = {}


class Exercise:
    """One exercise notebook bound to the student's data: ``ex.check("q2", answer)``.

    Made by :func:`exercise`. ``ex.questions()`` lists the questions.

    Parameters
    ----------
    chapter : Chapter
        The exercise's registered chapter (its id, title and questions).
    base : CustomerBase or None
        The student's data the expected answers are computed from; None when the exercise
        has no data.
    """

    def __init__(self, chapter: Chapter, base: CustomerBase | None) -> None:
        self.chapter, self.base = chapter, base

    def __repr__(self) -> str:
        data = (f"{self.base.world} base, seed {self.base.seed}, {len(self.base):,} customers"
                if self.base is not None else "no data")
        return (f"Exercise {self.chapter.id} — {self.chapter.title} "
                f"({len(self.chapter.questions)} questions; {data})")

    def check(self, question_id: str, answer: Any = None) -> CheckResult:
        """Check ``answer`` to question ``"qM"`` (or ``"exNN.qM"``) and print the verdict.

        Parameters
        ----------
        question_id : str
            ``"qM"`` of this exercise, or a full ``"exNN.qM"``.
        answer : any, optional
            The student's answer (None: not answered yet).

        Returns
        -------
        CheckResult
            The verdict, also printed.
        """
        qid = question_id if "." in str(question_id) else f"{self.chapter.id}.{question_id}"
        try:
            q = question(qid)
        except ValueError as exc:
            return _print(CheckResult(str(qid), None, "unavailable", f"? {exc}"))
        return _print(_answers.record(q, answer, self.base, q.check(answer, self.base)))

    def questions(self) -> pd.DataFrame:
        """The questions of this exercise.

        Returns
        -------
        pandas.DataFrame
            One row per question (see :func:`exercise_questions`).
        """
        return exercise_questions(self.chapter.id)


def _print(result: CheckResult) -> CheckResult:
    print(result.message)
    return result


def exercise(chapter: str, base: CustomerBase | None = None) -> Exercise:
    """Bind exercise ``chapter`` (``"ex01"`` … ``"ex07"``) to your customer base.

    Every expected answer is then computed from ``base`` — the dataset you loaded — so the
    same notebook works on the shipped dataset and on your own class-pack folder.

    Parameters
    ----------
    chapter : str
        The chapter id, ``"ex01"`` … ``"ex07"``.
    base : CustomerBase, optional
        Your data; None for chapters whose questions need none.

    Returns
    -------
    Exercise
        ``.check(question, answer)`` and ``.questions()``.

    >>> ex = ck.exercise("ex02", ck.load("../datasets/telecom"))   # doctest: +SKIP
    >>> ex.check("q1", 0.83)                                        # doctest: +SKIP
    """
    if base is not None and not isinstance(base, CustomerBase):
        raise TypeError(f"exercise(base=...): expected a casekit CustomerBase (from ck.load or "
                        f"ck.telecom/ck.tobacco), got {type(base).__name__}")
    ch = _load_chapter(chapter)
    if base is not None:
        _BOUND[ch.id] = base
    return Exercise(ch, base)


def check(question_id: str, answer: Any = None, base: CustomerBase | None = None) -> CheckResult:
    """Check ``answer`` to ``question_id`` (``"ex02.q3"``), print ✔/✘/not answered, return it.

    Without ``base``, the base bound by the last ``ck.exercise(chapter, base)`` is used.
    ``casekit.check`` itself is callable: ``ck.check("ex02.q3", answer)``.

    Parameters
    ----------
    question_id : str
        ``"exNN.qM"``.
    answer : Any
        Your answer (None or ``...``: not answered yet).
    base : CustomerBase, optional
        The data to check against.

    Returns
    -------
    CheckResult
    """
    try:
        q = question(question_id)
    except ValueError as exc:
        return _print(CheckResult(str(question_id), None, "unavailable", f"? {exc}"))
    if base is not None and not isinstance(base, CustomerBase):
        return _print(CheckResult(q.id, None, "unavailable",
                                  f"? {q.id}: base={_describe(base)} is not a casekit "
                                  "CustomerBase — pass the base you loaded with ck.load(...) "
                                  "(or ck.telecom/ck.tobacco), or leave base= out"))
    base = base if base is not None else _BOUND.get(q.chapter)
    return _print(_answers.record(q, answer, base, q.check(answer, base)))



# --------------------------------------------------------------------------------------------
# Answer keys for class packs
# --------------------------------------------------------------------------------------------


class AnswerKeyWarning(UserWarning):
    """Some questions have no expected answer on some students' data (their key cell is
    empty); the message names each student, question and reason."""


def answer_key(bases: Mapping[Any, CustomerBase], chapters: Iterable[str] | None = None
               ) -> pd.DataFrame:
    """The expected answer of every question for every student of a class pack.

    ``bases`` maps student_id → CustomerBase. Returns one row per student (column
    ``student_id``, as text) and one column per question id (numbers as numbers; rankings,
    vectors and decisions as short text, e.g. ``"yes; 1234.5"``; read a cell back with
    ``question(qid).kind.parse_key``). By default the questions are those of the exercise
    notebooks written for the students' world — a telecom pack keys ex01, ex02, ex03, ex05
    and ex07, a tobacco pack ex04 and ex06; ``chapters=`` picks chapters explicitly (then
    every question of them that can be computed on the world). A cell is empty where a
    student's world does not fit the question, or where the question has no answer on that
    student's data (a warning names them).

    Parameters
    ----------
    bases : mapping
        student_id → CustomerBase.
    chapters : iterable of str, optional
        The chapters keyed (default those written for the students' world).

    Returns
    -------
    DataFrame
        One row per student, one column per question id.

    >>> key = ck.answer_key({"s01": ck.telecom(customers=300, seed=1)})   # doctest: +SKIP
    """
    if not isinstance(bases, Mapping) or not bases:
        raise ValueError(f"bases={bases!r}: expected a non-empty dict student_id → CustomerBase")
    for sid, b in bases.items():
        if not isinstance(b, CustomerBase):
            raise TypeError(f"bases[{sid!r}]: expected a CustomerBase, got {type(b).__name__}")
    worlds = {b.world for b in bases.values()}
    if chapters is None:
        chosen = [c.id for c in globals()["chapters"]() if c.world in worlds]
    else:
        if isinstance(chapters, str):
            chapters = [chapters]          # one chapter, not its letters
        if not isinstance(chapters, Iterable):
            raise TypeError(f"chapters={chapters!r}: expected chapter ids such as ['ex02'] "
                            "(or one id, 'ex02')")
        chosen = list(chapters)
        bad = [c for c in chosen if c not in CHAPTERS]
        if bad:
            raise ValueError(f"chapters={bad!r}: unknown; choose from {CHAPTERS}")
    qs = [q for q in questions() if q.chapter in chosen and (set(q.worlds) & worlds)]
    rows, problems = [], []
    for sid, b in bases.items():
        row: dict[str, Any] = {"student_id": str(sid)}
        for q in qs:
            if b.world not in q.worlds:
                row[q.id] = None
                continue
            try:
                row[q.id] = q.kind.key(q.answer(b))
            except Exception as exc:  # one odd dataset must not stop the whole key
                row[q.id] = None
                problems.append(f"{sid} {q.id}: {exc}")
        rows.append(row)
    if problems:
        warnings.warn(AnswerKeyWarning(
            "answer_key: no expected answer (empty cell) for " + "; ".join(problems[:10])
            + (f"; … ({len(problems)} in all)" if len(problems) > 10 else "")
            + ". A class pack draws such a student's data again (casekit.class_pack)"),
            stacklevel=2)
    return pd.DataFrame(rows, columns=["student_id", *[q.id for q in qs]])
