"""Questions, their usual mistakes, and checking one answer against the expected one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..base import CustomerBase
from ._i18n import localise, pick
from ._kinds import BadAnswer, Kind
from ._result import CheckResult, NOT_ANSWERED, SYMBOLS


# --------------------------------------------------------------------------------------------
# Questions and mistakes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mistake:
    """A usual mistake: the answer it produces and the hint shown when a student gives it.

    ``wrong(base, expected)`` returns the mistaken answer (in the question's kind), or None
    when the mistake cannot be told apart on this base. ``key`` names the mistake family
    (``"ascending"``, ``"revenue_for_margin"``, ``"percent"``, ``"churn_for_retention"``,
    ``"timing"``, ``"acquisition_cost"``, ``"ddof"``, ``"off_by_one"``, …).
    ``hint_zh`` is the hint in Chinese, shown after ``ck.labels.set_language("zh")`` (empty:
    the English hint).
    """

    key: str
    hint: str
    wrong: Callable[[CustomerBase, Any], Any]
    hint_zh: str = ""


def percent(what: str = "rate") -> Mistake:
    """The answer given in percent (×100) where casekit asks for a fraction.

    Parameters
    ----------
    what : str
        What the fraction is, for the hint ("rate", "share", …).

    Returns
    -------
    Mistake
    """
    return Mistake("percent", f"this looks like a percentage: casekit writes a {what} as a "
                   "fraction (0.25 means 25%) — divide by 100",
                   lambda base, exp: 100.0 * _figure(exp))


def _figure(expected: Any) -> float:
    """The number in an expected answer (the figure of a decision)."""
    if isinstance(expected, tuple) and len(expected) == 2 and isinstance(expected[0], str):
        return float(expected[1])
    return float(expected)


@dataclass(frozen=True, eq=False)
class Question:
    """One exercise question: id, prompt, expected answer, kind and usual mistakes.

    ``expected(base)`` computes the answer from the student's customer base (independently of
    the casekit function the student is meant to use, where practical). ``worlds`` lists the
    worlds the question can be computed on (for the answer key). ``reinforce_zh`` and
    ``retry_zh`` are the Chinese ``reinforce`` and ``retry``, ``prompt_zh`` the Chinese prompt
    (empty: the English text; filled from ``casekit/exercises/zh/``, see ``_i18n``).
    """

    id: str
    prompt: str
    expected: Callable[[CustomerBase], Any]
    kind: Kind
    mistakes: tuple[Mistake, ...] = ()
    reinforce: str = "correct."
    retry: str = "not the expected answer — re-read the question and recheck your computation"
    worlds: tuple[str, ...] = ("telecom", "tobacco")
    needs_base: bool = True
    reinforce_zh: str = ""
    retry_zh: str = ""
    prompt_zh: str = ""

    @property
    def chapter(self) -> str:
        """The chapter id, e.g. ``"ex02"`` for ``"ex02.q3"``."""
        return self.id.split(".")[0]

    @property
    def short_id(self) -> str:
        """The id within the chapter, e.g. ``"q3"`` for ``"ex02.q3"``."""
        return self.id.split(".", 1)[1]

    def answer(self, base: CustomerBase | None) -> Any:
        """The expected answer on ``base``, computed afresh on every call.

        Nothing is cached: a base changed in place (``base.activity = ...``) is checked as
        it is now, never against answers computed from what it was.
        """
        return self.expected(base)

    def check(self, answer: Any, base: CustomerBase | None = None) -> CheckResult:
        """Compare ``answer`` with the expected answer on ``base``; see the module docs."""
        return _check(self, answer, base)


def _unanswered(answer: Any) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, (tuple, list)) and answer and all(a is Ellipsis or a is None
                                                            for a in answer):
        return True
    if isinstance(answer, Mapping) and answer and all(a is Ellipsis or a is None
                                                      for a in answer.values()):
        return True
    return False


def _result(q: Question, status: str, text: str, mistake: str | None = None) -> CheckResult:
    ok = {"correct": True, "wrong": False}.get(status)
    return CheckResult(q.id, ok, status, f"{SYMBOLS[status]} {q.id}: {localise(text)}", mistake)


def _check(q: Question, answer: Any, base: CustomerBase | None) -> CheckResult:
    _HISTORY[q.id] = answer
    if _unanswered(answer):
        return _result(q, "unanswered", NOT_ANSWERED)
    try:
        value = q.kind.normalise(answer)
    except BadAnswer as exc:
        text = str(exc)
        status = "unanswered" if "not answered yet" in text else "wrong"
        return _result(q, status, text)
    if q.needs_base and base is None:
        return _result(q, "unavailable", "no dataset to check against — run "
                       f"`ex = ck.exercise({q.chapter!r}, base)` first, then `ex.check(...)`")
    if q.needs_base and base.world not in q.worlds:
        return _result(q, "unavailable", f"this question is written for the "
                       f"{' or '.join(q.worlds)} world; your base is {base.world!r}")
    try:
        expected = q.answer(base)
    except Exception as exc:  # a casekit problem: never break the student's notebook
        return _result(q, "unavailable", "could not compute the expected answer on this "
                       f"dataset ({type(exc).__name__}: {exc}) — this is a casekit problem, "
                       "not yours; tell your instructor")
    if q.kind.same(value, expected):
        if q.kind.partial:
            return _result(q, "partial", q.kind.verified(expected))
        reinforce = pick(q.reinforce, q.reinforce_zh)
        return _result(q, "correct", "correct. " + reinforce if reinforce != "correct."
                       else "correct.")
    for m in q.mistakes:
        wrong = m.wrong(base, expected)
        if wrong is not None and q.kind.matches(value, wrong, expected):
            return _result(q, "wrong", pick(m.hint, m.hint_zh), m.key)
    if q.kind.partial:
        return _result(q, "wrong", "; ".join(q.kind.problems(value, expected)))
    near = q.kind.near(value, expected)
    return _result(q, "wrong", near if near else pick(q.retry, q.retry_zh))


#: The last answer given to each question in this session (used by tests and instructors).
_HISTORY: dict[str, Any] = {}


def history() -> dict[str, Any]:
    """The last answer checked for each question id in this Python session.

    Returns
    -------
    dict
        question id → the last answer given (a copy).
    """
    return dict(_HISTORY)
