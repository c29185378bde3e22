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
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import sys
import types
import warnings
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .base import CustomerBase

__all__ = ["exercise", "answer_key", "exercise_questions", "Exercise", "CheckResult"]

#: The exercise chapters, in course order (modules ``casekit.exercises.exNN``).
CHAPTERS = ("ex01", "ex02", "ex03", "ex04", "ex05", "ex06", "ex07")

#: Symbols at the start of every message, by status.
SYMBOLS = {"correct": "✔", "wrong": "✘", "unanswered": "·", "partial": "◐", "unavailable": "?"}

NOT_ANSWERED = "not answered yet — replace the `...` with your answer and run the cell again"


# --------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------


@dataclass
class CheckResult:
    """What one check found.

    ``ok`` is True (correct), False (wrong) or None (not answered, only partly checked, or no
    data to check against). ``status`` says which: ``"correct"``, ``"wrong"``,
    ``"unanswered"``, ``"partial"`` or ``"unavailable"``. ``mistake`` names the usual mistake
    the answer matched (e.g. ``"ascending"``), if any; ``message`` is the line printed.
    """

    question: str
    ok: bool | None
    status: str
    message: str
    mistake: str | None = None
    _displayed: bool = field(default=False, repr=False, compare=False)

    def __str__(self) -> str:
        return self.message

    def _ipython_display_(self) -> None:
        # check() has already printed the message; when the result is the last expression of
        # a cell, Jupyter would show it a second time. Swallow that first display only.
        if self._displayed:
            print(self.message)
        self._displayed = True


# --------------------------------------------------------------------------------------------
# Kinds of answers
# --------------------------------------------------------------------------------------------


class BadAnswer(Exception):
    """The answer has the wrong type or shape; the message says what was expected."""


def _describe(answer: Any) -> str:
    if isinstance(answer, pd.DataFrame):
        return f"a DataFrame of shape {answer.shape}"
    if isinstance(answer, pd.Series):
        return f"a Series of {len(answer)} values"
    if isinstance(answer, np.ndarray):
        return f"a numpy array of shape {answer.shape}"
    if isinstance(answer, (list, tuple, set)):
        return f"a {type(answer).__name__} of {len(answer)} items"
    if isinstance(answer, str):
        return f"the text {answer!r}"
    return f"{answer!r} ({type(answer).__name__})"


def _scalar(answer: Any) -> Any:
    """Unwrap one-element containers (a 1-value Series, a 0-d array) to the value."""
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray)) and np.size(answer) == 1:
        return np.asarray(answer).reshape(-1)[0]
    if isinstance(answer, pd.DataFrame) and answer.size == 1:
        return answer.to_numpy().reshape(-1)[0]
    if isinstance(answer, (list, tuple)) and len(answer) == 1:
        return answer[0]
    return answer


class Kind:
    """How an answer is read, compared and written in the answer key."""

    #: True when a check of this kind verifies only part of the answer (e.g. its shape).
    partial = False

    def normalise(self, answer: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def same(self, answer: Any, expected: Any) -> bool:
        return answer == expected

    def near(self, answer: Any, expected: Any) -> str | None:
        """A hint when the answer is close to right (rounded, right set in the wrong order)."""
        return None

    def matches(self, answer: Any, wrong: Any, expected: Any) -> bool:
        """True when ``answer`` is the mistaken answer ``wrong`` (and that differs from right)."""
        try:
            wrong = self.normalise(wrong)
        except BadAnswer:
            return False
        return not self.same(wrong, expected) and self.same(answer, wrong)

    def as_answer(self, wrong: Any, expected: Any) -> Any:
        """A full answer a student making mistake ``wrong`` would give (used by tests)."""
        return wrong

    def key(self, expected: Any) -> Any:
        """The expected answer as one cell of the answer key (a number or a short text)."""
        return expected

    def parse_key(self, cell: Any) -> Any:
        """Read one cell of an answer key back into this kind (inverse of :meth:`key`)."""
        return cell

    def describe(self) -> str:
        return "an answer"


class Number(Kind):
    """One number, compared with a relative tolerance ``rtol`` (and absolute ``atol``)."""

    def __init__(self, rtol: float = 1e-3, atol: float = 1e-9, unit: str = "") -> None:
        self.rtol, self.atol, self.unit = float(rtol), float(atol), unit

    def describe(self) -> str:
        return "one number" + (f" ({self.unit})" if self.unit else "")

    def normalise(self, answer: Any) -> float:
        value = _scalar(answer)
        if isinstance(value, (bool, np.bool_)):
            raise BadAnswer(f"expected {self.describe()}, got {value!r} — a yes/no is not a "
                            "number here")
        if isinstance(value, str):
            raise BadAnswer(f"expected {self.describe()}, got {_describe(value)} — give the "
                            "number itself, without quotes")
        if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray, list, tuple, set, dict)):
            raise BadAnswer(f"expected {self.describe()}, got {_describe(value)} — reduce it "
                            "to one number (e.g. with .sum(), .mean() or .loc[...])")
        try:
            out = float(value)
        except (TypeError, ValueError):
            raise BadAnswer(f"expected {self.describe()}, got {_describe(value)}") from None
        if math.isnan(out):
            raise BadAnswer("your answer is NaN (not a number) — look for missing values or a "
                            "division by zero")
        return out

    def same(self, answer: float, expected: float) -> bool:
        return bool(np.isclose(answer, expected, rtol=self.rtol, atol=self.atol))

    def near(self, answer: float, expected: float) -> str | None:
        if expected != 0 and abs(answer - expected) <= 0.02 * abs(expected):
            return ("close, but not within the tolerance (±{:.2g}%) — do not round; give the "
                    "full-precision value".format(100 * self.rtol))
        if expected != 0 and np.isclose(answer, -expected, rtol=self.rtol, atol=self.atol):
            return "right size, wrong sign"
        return None

    def key(self, expected: float) -> float:
        return float(expected)

    def parse_key(self, cell: Any) -> float:
        return float(cell)


class Count(Number):
    """A whole number (a count of customers, a period number), compared exactly."""

    def __init__(self, unit: str = "") -> None:
        super().__init__(rtol=0.0, atol=1e-9, unit=unit)

    def describe(self) -> str:
        return "a whole number" + (f" ({self.unit})" if self.unit else "")

    def normalise(self, answer: Any) -> int:
        value = super().normalise(answer)
        if value != round(value):
            raise BadAnswer(f"expected {self.describe()}, got {value!r}")
        return int(round(value))

    def near(self, answer: float, expected: float) -> str | None:
        if abs(answer - expected) == 1:
            return "off by one — check whether the boundary case belongs in (< or ≤?)"
        return None

    def key(self, expected: int) -> int:
        return int(expected)

    def parse_key(self, cell: Any) -> int:
        return int(round(float(cell)))


class Ranking(Kind):
    """An ordered list of ``n`` customer ids (a list, array, Series of ids, or Index)."""

    def __init__(self, n: int, what: str = "customer_id") -> None:
        self.n, self.what = int(n), what

    def describe(self) -> str:
        return f"a list of {self.n} {self.what} values, best first"

    def normalise(self, answer: Any) -> tuple[int, ...]:
        value = answer
        if isinstance(value, pd.DataFrame):
            if self.what in value.columns:
                value = value[self.what]
            else:
                raise BadAnswer(f"expected {self.describe()}, got {_describe(value)} without a "
                                f"{self.what!r} column — give e.g. df[{self.what!r}].tolist()")
        if isinstance(value, pd.Series):
            if not pd.api.types.is_integer_dtype(value.dtype):
                raise BadAnswer(f"expected {self.describe()}, got a Series of "
                                f"{value.dtype} values — if the ids are its index, give "
                                "series.index.tolist()")
            value = value.to_numpy()
        if isinstance(value, (pd.Index, np.ndarray, list, tuple)):
            arr = np.asarray(value)
            if arr.ndim != 1:
                raise BadAnswer(f"expected {self.describe()}, got {_describe(answer)}")
            if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
                arr = arr.astype(np.int64)
            if arr.dtype.kind not in "iu":
                raise BadAnswer(f"expected {self.describe()} (whole numbers), got "
                                f"{_describe(answer)}")
            if len(arr) != self.n:
                raise BadAnswer(f"expected {self.n} ids, got {len(arr)}")
            return tuple(int(v) for v in arr)
        raise BadAnswer(f"expected {self.describe()}, got {_describe(answer)}")

    def near(self, answer: tuple, expected: tuple) -> str | None:
        if set(answer) == set(expected):
            return "the right customers, in the wrong order — list the best first"
        common = len(set(answer) & set(expected))
        return f"{common} of your {self.n} ids are right" if common else None

    def key(self, expected: tuple) -> str:
        return " ".join(str(v) for v in expected)

    def parse_key(self, cell: Any) -> tuple[int, ...]:
        return tuple(int(v) for v in str(cell).split())


_YES = {"yes", "y", "true", "keep", "是", "对"}
_NO = {"no", "n", "false", "drop", "否", "不"}


class Choice(Kind):
    """One of a few words, e.g. ``("yes", "no")``; True/False are read as yes/no."""

    def __init__(self, options: Sequence[str] = ("yes", "no")) -> None:
        self.options = tuple(str(o).lower() for o in options)

    def describe(self) -> str:
        return "one of " + ", ".join(repr(o) for o in self.options)

    def normalise(self, answer: Any) -> str:
        value = _scalar(answer)
        if isinstance(value, (bool, np.bool_)) and set(self.options) == {"yes", "no"}:
            return "yes" if value else "no"
        if isinstance(value, str):
            word = value.strip().lower()
            if word.replace("-", "_").replace(" ", "_") in self.options:
                return word.replace("-", "_").replace(" ", "_")
            if word in self.options:
                return word
            if set(self.options) == {"yes", "no"}:
                if word in _YES:
                    return "yes"
                if word in _NO:
                    return "no"
        raise BadAnswer(f"expected {self.describe()}, got {_describe(value)}")


class Decision(Kind):
    """A judgement and the figure that decides it: ``("yes", 1234.5)`` (either order) or a
    dict ``{"decision": "yes", "figure": 1234.5}``. Both parts are checked."""

    def __init__(self, choice: Choice | None = None, figure: Number | None = None,
                 figure_name: str = "the figure") -> None:
        self.choice = choice or Choice()
        self.figure = figure or Number()
        self.figure_name = figure_name

    def describe(self) -> str:
        return (f"a pair (decision, figure): the decision {self.choice.describe()} and "
                f"{self.figure_name} as a number")

    def normalise(self, answer: Any) -> tuple[str, float]:
        if isinstance(answer, Mapping):
            if set(answer) != {"decision", "figure"}:
                raise BadAnswer(f"expected {self.describe()}; a dict needs exactly the keys "
                                f"'decision' and 'figure', got {sorted(map(str, answer))}")
            parts = [answer["decision"], answer["figure"]]
        elif isinstance(answer, (list, tuple)) and len(answer) == 2:
            parts = list(answer)
        else:
            raise BadAnswer(f"expected {self.describe()}, got {_describe(answer)}")
        # Accept (figure, decision) too: the decision is the part that reads as a word/bool.
        def is_word(x: Any) -> bool:
            return isinstance(x, (str, bool, np.bool_))
        if not is_word(parts[0]) and is_word(parts[1]):
            parts.reverse()
        if parts[0] is Ellipsis or parts[0] is None:
            raise BadAnswer("the decision part is not answered yet")
        if parts[1] is Ellipsis or parts[1] is None:
            raise BadAnswer(f"{self.figure_name} is not answered yet")
        return self.choice.normalise(parts[0]), self.figure.normalise(parts[1])

    def same(self, answer: tuple, expected: tuple) -> bool:
        return answer[0] == expected[0] and self.figure.same(answer[1], expected[1])

    def matches(self, answer: tuple, wrong: Any, expected: tuple) -> bool:
        # A mistake given as a bare number concerns the figure only, whatever the decision.
        if isinstance(wrong, (int, float, np.integer, np.floating)) and not isinstance(
                wrong, (bool, np.bool_)):
            return (not self.figure.same(float(wrong), expected[1])
                    and self.figure.same(answer[1], float(wrong)))
        return super().matches(answer, wrong, expected)

    def as_answer(self, wrong: Any, expected: tuple) -> Any:
        if isinstance(wrong, (int, float, np.integer, np.floating)):
            return (expected[0], float(wrong))
        return wrong

    def near(self, answer: tuple, expected: tuple) -> str | None:
        fig_ok = self.figure.same(answer[1], expected[1])
        if fig_ok and answer[0] != expected[0]:
            return f"{self.figure_name} is right, but the decision does not follow from it"
        if not fig_ok and answer[0] == expected[0]:
            near = self.figure.near(answer[1], expected[1])
            return (f"the decision is right but {self.figure_name} is not"
                    + (f" ({near})" if near else "") + " — the figure is what decides it")
        return None

    def key(self, expected: tuple) -> str:
        return f"{expected[0]}; {expected[1]:.10g}"

    def parse_key(self, cell: Any) -> tuple[str, float]:
        choice, figure = str(cell).split(";")
        return choice.strip(), float(figure)


class Vector(Kind):
    """``n`` numbers in a fixed order (a list, array or Series), compared element-wise."""

    def __init__(self, n: int, rtol: float = 1e-3, atol: float = 1e-6,
                 names: Sequence[str] | None = None) -> None:
        self.n, self.rtol, self.atol = int(n), float(rtol), float(atol)
        self.names = tuple(names) if names else None

    def describe(self) -> str:
        order = f" in the order {', '.join(self.names)}" if self.names else ""
        return f"{self.n} numbers{order}"

    def normalise(self, answer: Any) -> np.ndarray:
        if isinstance(answer, pd.Series) and self.names and set(self.names) <= set(answer.index):
            answer = answer.loc[list(self.names)]
        if isinstance(answer, (str, bytes, Mapping)) or not isinstance(
                answer, (list, tuple, np.ndarray, pd.Series, pd.Index)):
            raise BadAnswer(f"expected {self.describe()}, got {_describe(answer)}")
        try:
            arr = np.asarray(answer, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise BadAnswer(f"expected {self.describe()}, got {_describe(answer)}") from None
        if len(arr) != self.n:
            raise BadAnswer(f"expected {self.n} numbers, got {len(arr)}")
        if not np.all(np.isfinite(arr)):
            raise BadAnswer("some of your numbers are NaN or infinite")
        return arr

    def same(self, answer: np.ndarray, expected: Any) -> bool:
        return bool(np.allclose(answer, np.asarray(expected, float), rtol=self.rtol,
                                atol=self.atol))

    def key(self, expected: Any) -> str:
        return " ".join(f"{v:.10g}" for v in np.asarray(expected, float))

    def parse_key(self, cell: Any) -> np.ndarray:
        return np.array([float(v) for v in str(cell).split()])


class Shape(Kind):
    """A table whose shape, columns and value range are checked — **not its values**.

    The expected answer is a dict ``{"rows": n, "columns": [...], "range": (lo, hi)}``
    (range optional). A matching table gets status "partial" and the message says so.
    """

    partial = True

    def describe(self) -> str:
        return "a DataFrame"

    def normalise(self, answer: Any) -> pd.DataFrame:
        if not isinstance(answer, pd.DataFrame):
            raise BadAnswer(f"expected a DataFrame, got {_describe(answer)}")
        return answer

    def problems(self, answer: pd.DataFrame, expected: Mapping[str, Any]) -> list[str]:
        out = []
        if len(answer) != expected["rows"]:
            out.append(f"expected {expected['rows']} rows (one per customer), got {len(answer)}")
        missing = [c for c in expected["columns"] if c not in answer.columns]
        if missing:
            out.append(f"columns {missing} are missing (present: {list(answer.columns)})")
        elif "range" in expected:
            lo, hi = expected["range"]
            vals = answer[list(expected["columns"])].to_numpy(dtype=float)
            if np.isnan(vals).any() or vals.min() < lo or vals.max() > hi:
                out.append(f"values of {list(expected['columns'])} must lie in {lo}..{hi}")
        return out

    def same(self, answer: pd.DataFrame, expected: Mapping[str, Any]) -> bool:
        return not self.problems(answer, expected)

    def verified(self, expected: Mapping[str, Any]) -> str:
        what = f"shape is right ({expected['rows']} rows, columns {', '.join(expected['columns'])})"
        if "range" in expected:
            what += f" and every value lies in {expected['range'][0]}..{expected['range'][1]}"
        return what + " — values not checked"

    def key(self, expected: Mapping[str, Any]) -> str:
        return f"{expected['rows']} rows × {len(expected['columns'])} columns"


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
    """

    key: str
    hint: str
    wrong: Callable[[CustomerBase, Any], Any]


def percent(what: str = "rate") -> Mistake:
    """The answer given in percent (×100) where casekit asks for a fraction."""
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
    worlds the question can be computed on (for the answer key).
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

    @property
    def chapter(self) -> str:
        return self.id.split(".")[0]

    @property
    def short_id(self) -> str:
        return self.id.split(".", 1)[1]

    def answer(self, base: CustomerBase | None) -> Any:
        """The expected answer on ``base`` (cached per base)."""
        return _cached(self, "expected", base, lambda: self.expected(base))

    def check(self, answer: Any, base: CustomerBase | None = None) -> CheckResult:
        """Compare ``answer`` with the expected answer on ``base``; see the module docs."""
        return _check(self, answer, base)


_CACHE: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()
class _NoBase:
    """Cache owner for questions that need no data."""


_NO_BASE = _NoBase()


def _cached(q: Question, what: str, base: CustomerBase | None, compute: Callable[[], Any]) -> Any:
    owner = base if base is not None else _NO_BASE
    store = _CACHE.setdefault(owner, {})
    k = (q.id, what)
    if k not in store:
        store[k] = compute()
    return store[k]


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
    return CheckResult(q.id, ok, status, f"{SYMBOLS[status]} {q.id}: {text}", mistake)


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
        return _result(q, "correct", "correct. " + q.reinforce if q.reinforce != "correct."
                       else "correct.")
    for m in q.mistakes:
        wrong = _cached(q, "mistake:" + m.key + m.hint, base, lambda m=m: m.wrong(base, expected))
        if wrong is not None and q.kind.matches(value, wrong, expected):
            return _result(q, "wrong", m.hint, m.key)
    if q.kind.partial:
        return _result(q, "wrong", "; ".join(q.kind.problems(value, expected)))
    near = q.kind.near(value, expected)
    return _result(q, "wrong", near if near else q.retry)


#: The last answer given to each question in this session (used by tests and instructors).
_HISTORY: dict[str, Any] = {}


def history() -> dict[str, Any]:
    """The last answer checked for each question id in this Python session."""
    return dict(_HISTORY)


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chapter:
    """An exercise notebook: its id (``"ex02"``), title, notebook name and default world."""

    id: str
    title: str
    notebook: str
    world: str
    questions: tuple[Question, ...]


_CHAPTERS: dict[str, Chapter] = {}


def _load_chapter(chapter: str) -> Chapter:
    if chapter not in _CHAPTERS:
        if chapter not in CHAPTERS:
            raise ValueError(f"chapter={chapter!r} is not an exercise; choose one of {CHAPTERS}")
        module = importlib.import_module(f"casekit.exercises.{chapter}")
        ch = module.CHAPTER
        ids = [q.id for q in ch.questions]
        if len(set(ids)) != len(ids) or not all(i.startswith(chapter + ".") for i in ids):
            raise RuntimeError(f"casekit.exercises.{chapter}: question ids {ids} must be unique "
                               f"and start with {chapter!r}")
        _CHAPTERS[chapter] = ch
    return _CHAPTERS[chapter]


def chapters() -> list[Chapter]:
    """Every exercise chapter whose module exists, in course order."""
    out = []
    for c in CHAPTERS:
        if importlib.util.find_spec(f"casekit.exercises.{c}") is not None:
            out.append(_load_chapter(c))
    return out


def question(question_id: str) -> Question:
    """The registered question ``"exNN.qM"``; a clear error for an unknown id."""
    if not isinstance(question_id, str) or "." not in question_id:
        raise ValueError(f"question_id={question_id!r}: expected a text like 'ex02.q3'")
    ch = _load_chapter(question_id.split(".")[0])
    for q in ch.questions:
        if q.id == question_id:
            return q
    raise ValueError(f"question_id={question_id!r} does not exist; {ch.id} has "
                     f"{[q.id for q in ch.questions]}")


def questions(chapter: str | None = None) -> list[Question]:
    """All registered questions (of one chapter, or of every chapter)."""
    chs = [_load_chapter(chapter)] if chapter is not None else chapters()
    return [q for ch in chs for q in ch.questions]


def exercise_questions(chapter: str | None = None) -> pd.DataFrame:
    """A table of the exercise questions: id, chapter, kind of answer, worlds, prompt, and the
    usual mistakes each one recognises."""
    rows = [{"question": q.id, "chapter": q.chapter, "answer": q.kind.describe(),
             "worlds": ", ".join(q.worlds), "prompt": q.prompt,
             "mistakes recognised": ", ".join(m.key for m in q.mistakes)}
            for q in questions(chapter)]
    return pd.DataFrame(rows, columns=["question", "chapter", "answer", "worlds", "prompt",
                                       "mistakes recognised"])


# --------------------------------------------------------------------------------------------
# The student-facing API
# --------------------------------------------------------------------------------------------

_BOUND: dict[str, CustomerBase] = {}


class Exercise:
    """One exercise notebook bound to the student's data: ``ex.check("q2", answer)``.

    Made by :func:`exercise`. ``ex.questions()`` lists the questions.
    """

    def __init__(self, chapter: Chapter, base: CustomerBase | None) -> None:
        self.chapter, self.base = chapter, base

    def __repr__(self) -> str:
        data = (f"{self.base.world} base, seed {self.base.seed}, {len(self.base):,} customers"
                if self.base is not None else "no data")
        return (f"Exercise {self.chapter.id} — {self.chapter.title} "
                f"({len(self.chapter.questions)} questions; {data})")

    def check(self, question_id: str, answer: Any = None) -> CheckResult:
        """Check ``answer`` to question ``"qM"`` (or ``"exNN.qM"``) and print the verdict."""
        qid = question_id if "." in str(question_id) else f"{self.chapter.id}.{question_id}"
        try:
            q = question(qid)
        except ValueError as exc:
            return _print(CheckResult(str(qid), None, "unavailable", f"? {exc}"))
        return _print(q.check(answer, self.base))

    def questions(self) -> pd.DataFrame:
        """The questions of this exercise."""
        return exercise_questions(self.chapter.id)


def _print(result: CheckResult) -> CheckResult:
    print(result.message)
    return result


def exercise(chapter: str, base: CustomerBase | None = None) -> Exercise:
    """Bind exercise ``chapter`` (``"ex01"`` … ``"ex07"``) to your customer base.

    Every expected answer is then computed from ``base`` — the dataset you loaded — so the
    same notebook works on the shipped dataset and on your own class-pack folder.

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
    """
    try:
        q = question(question_id)
    except ValueError as exc:
        return _print(CheckResult(str(question_id), None, "unavailable", f"? {exc}"))
    return _print(q.check(answer, base if base is not None else _BOUND.get(q.chapter)))


# --------------------------------------------------------------------------------------------
# Answer keys for class packs
# --------------------------------------------------------------------------------------------


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
        warnings.warn("answer_key: no expected answer for " + "; ".join(problems[:10])
                      + (f"; … ({len(problems)} in all)" if len(problems) > 10 else ""),
                      stacklevel=2)
    return pd.DataFrame(rows, columns=["student_id", *[q.id for q in qs]])


# --------------------------------------------------------------------------------------------
# ``casekit.check`` is both this module and a function: ck.check("ex02.q3", answer)
# --------------------------------------------------------------------------------------------


class _CallableModule(types.ModuleType):
    def __call__(self, question_id: str, answer: Any = None,
                 base: CustomerBase | None = None) -> CheckResult:
        return check(question_id, answer, base)


sys.modules[__name__].__class__ = _CallableModule
