"""Kinds of answers (number, count, ranking, choice, decision, vector, table shape):
how each is read, compared and written into an answer key."""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd


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
        """The student's answer in this kind's canonical form; :class:`BadAnswer` (with a
        message saying what was expected) when it cannot be read as one."""
        raise NotImplementedError

    def same(self, answer: Any, expected: Any) -> bool:
        """The student's answer in this kind's canonical form; :class:`BadAnswer` (with a
        message saying what was expected) when it cannot be read as one."""
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
        """What an answer of this kind looks like, for messages ("one number", …)."""
        return "an answer"


def _key_decimals(value: float, rtol: float, atol: float) -> int:
    """Decimal places an answer-key value needs for a check with tolerance ``atol + rtol·|v|``
    (numpy.isclose): the rounding may move it by at most 1/200 of the tolerance."""
    tol = atol + rtol * abs(value)
    if tol <= 0:
        return 15
    return int(min(15, max(0, math.ceil(-math.log10(tol / 200)))))


def _rounded(value: float, rtol: float, atol: float) -> float:
    """``value`` rounded to the digits the checker's tolerance needs (99.99999999999991 → 100),
    at most 15 significant digits."""
    if not math.isfinite(value):
        return value
    return float(f"{round(value, _key_decimals(value, rtol, atol)):.15g}")


def _key_text(value: float, rtol: float, atol: float) -> str:
    """:func:`_rounded` as short text for a text cell of the key."""
    return f"{_rounded(float(value), rtol, atol):.15g}"


def _unquoted(cell: Any) -> Any:
    """A key cell read back from answer_key.csv without the ``'`` that neutralises a cell a
    spreadsheet would run as a formula (casekit.base.escape_text)."""
    return cell[1:] if isinstance(cell, str) and cell.startswith("'") else cell


class Number(Kind):
    """One number, compared with a relative tolerance ``rtol`` (and absolute ``atol``)."""

    def __init__(self, rtol: float = 1e-3, atol: float = 1e-9, unit: str = "") -> None:
        self.rtol, self.atol, self.unit = float(rtol), float(atol), unit

    def describe(self) -> str:
        """"one number", with the unit when there is one."""
        return "one number" + (f" ({self.unit})" if self.unit else "")

    def normalise(self, answer: Any) -> float:
        """The answer as a float: one-element containers are unwrapped; text, booleans,
        collections and NaN are refused with a message saying how to fix them."""
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
        except OverflowError:
            raise BadAnswer(f"your answer is too large to be a number ({len(str(value))} "
                            "digits) — check the units and the formula") from None
        except (TypeError, ValueError):
            raise BadAnswer(f"expected {self.describe()}, got {_describe(value)}") from None
        if math.isnan(out):
            raise BadAnswer("your answer is NaN (not a number) — look for missing values or a "
                            "division by zero")
        if math.isinf(out):
            raise BadAnswer("your answer is infinite — look for a division by zero (or by a "
                            "count that is 0)")
        return out

    def same(self, answer: float, expected: float) -> bool:
        """True when within the tolerance: |answer − expected| ≤ atol + rtol·|expected|."""
        return bool(np.isclose(answer, expected, rtol=self.rtol, atol=self.atol))

    def near(self, answer: float, expected: float) -> str | None:
        """A hint for an answer within 2 % (rounded too much) or of the right size with the
        wrong sign."""
        if expected != 0 and abs(answer - expected) <= 0.02 * abs(expected):
            return ("close, but not within the tolerance (±{:.2g}%) — do not round; give the "
                    "full-precision value".format(100 * self.rtol))
        if expected != 0 and np.isclose(answer, -expected, rtol=self.rtol, atol=self.atol):
            return "right size, wrong sign"
        return None

    def key(self, expected: float) -> float:
        """The expected number as a float cell, rounded to the digits the tolerance needs."""
        return _rounded(float(expected), self.rtol, self.atol)

    def parse_key(self, cell: Any) -> float:
        """A key cell read back as a float."""
        return float(_unquoted(cell))


class Count(Number):
    """A whole number (a count of customers, a period number), compared exactly."""

    def __init__(self, unit: str = "") -> None:
        super().__init__(rtol=0.0, atol=1e-9, unit=unit)

    def describe(self) -> str:
        """"a whole number", with the unit when there is one."""
        return "a whole number" + (f" ({self.unit})" if self.unit else "")

    def normalise(self, answer: Any) -> int:
        """The answer as an int; a number with a fractional part is refused."""
        value = super().normalise(answer)
        if value != round(value):
            raise BadAnswer(f"expected {self.describe()}, got {value!r}")
        return int(round(value))

    def near(self, answer: float, expected: float) -> str | None:
        """An off-by-one hint when the count is one away from the expected count."""
        if abs(answer - expected) == 1:
            return "off by one — check whether the boundary case belongs in (< or ≤?)"
        return None

    def key(self, expected: int) -> int:
        """The expected count as an int cell."""
        return int(expected)

    def parse_key(self, cell: Any) -> int:
        """A key cell read back as an int."""
        return int(round(float(_unquoted(cell))))


class Ranking(Kind):
    """An ordered list of ``n`` customer ids (a list, array, Series of ids, or Index)."""

    def __init__(self, n: int, what: str = "customer_id") -> None:
        self.n, self.what = int(n), what

    def describe(self) -> str:
        """"a list of n customer_id values, best first"."""
        return f"a list of {self.n} {self.what} values, best first"

    def normalise(self, answer: Any) -> tuple[int, ...]:
        """The answer as a tuple of ``n`` ints: a list, array, Index, an integer Series, or
        a DataFrame with the id column; anything else is refused with a hint."""
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
        """Says when the right ids come in the wrong order, or how many of them are right."""
        if set(answer) == set(expected):
            return "the right customers, in the wrong order — list the best first"
        common = len(set(answer) & set(expected))
        return f"{common} of your {self.n} ids are right" if common else None

    def key(self, expected: tuple) -> str:
        """The expected ids as one text cell, separated by spaces."""
        return " ".join(str(v) for v in expected)

    def parse_key(self, cell: Any) -> tuple[int, ...]:
        """A key cell (ids separated by spaces) read back as a tuple of ints."""
        return tuple(int(v) for v in str(_unquoted(cell)).split())


_YES = {"yes", "y", "true", "keep", "是", "对"}
_NO = {"no", "n", "false", "drop", "否", "不"}


class Choice(Kind):
    """One of a few words, e.g. ``("yes", "no")``; True/False are read as yes/no."""

    def __init__(self, options: Sequence[str] = ("yes", "no")) -> None:
        self.options = tuple(str(o).lower() for o in options)

    def describe(self) -> str:
        """The allowed words, quoted."""
        return "one of " + ", ".join(repr(o) for o in self.options)

    def normalise(self, answer: Any) -> str:
        """The answer as one of :attr:`options` (lower case; spaces and hyphens read as
        underscores; True/False and common yes/no words, also Chinese, for a yes/no choice)."""
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
        """What a decision answer looks like: the pair (decision, figure)."""
        return (f"a pair (decision, figure): the decision {self.choice.describe()} and "
                f"{self.figure_name} as a number")

    def normalise(self, answer: Any) -> tuple[str, float]:
        """The answer as ``(decision, figure)``: a pair in either order or a dict with keys
        ``decision`` and ``figure``; an unanswered part is reported as not answered yet."""
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
        """True when the decision is the same and the figure is within its tolerance."""
        return answer[0] == expected[0] and self.figure.same(answer[1], expected[1])

    def matches(self, answer: tuple, wrong: Any, expected: tuple) -> bool:
        """As :meth:`Kind.matches`; a mistake given as a bare number concerns the figure only."""
        # A mistake given as a bare number concerns the figure only, whatever the decision.
        if isinstance(wrong, (int, float, np.integer, np.floating)) and not isinstance(
                wrong, (bool, np.bool_)):
            return (not self.figure.same(float(wrong), expected[1])
                    and self.figure.same(answer[1], float(wrong)))
        return super().matches(answer, wrong, expected)

    def as_answer(self, wrong: Any, expected: tuple) -> Any:
        """A full answer for mistake ``wrong``: a bare number goes with the right decision."""
        if isinstance(wrong, (int, float, np.integer, np.floating)):
            return (expected[0], float(wrong))
        return wrong

    def near(self, answer: tuple, expected: tuple) -> str | None:
        """Says which part is right when only the decision or only the figure is."""
        fig_ok = self.figure.same(answer[1], expected[1])
        if fig_ok and answer[0] != expected[0]:
            return f"{self.figure_name} is right, but the decision does not follow from it"
        if not fig_ok and answer[0] == expected[0]:
            near = self.figure.near(answer[1], expected[1])
            return (f"the decision is right but {self.figure_name} is not"
                    + (f" ({near})" if near else "") + " — the figure is what decides it")
        return None

    def key(self, expected: tuple) -> str:
        """The expected pair as one cell, ``"decision; figure"``."""
        return f"{expected[0]}; {_key_text(expected[1], self.figure.rtol, self.figure.atol)}"

    def parse_key(self, cell: Any) -> tuple[str, float]:
        """A key cell ``"decision; figure"`` read back as a pair."""
        choice, figure = str(_unquoted(cell)).split(";")
        return choice.strip(), float(figure)


class Vector(Kind):
    """``n`` numbers in a fixed order (a list, array or Series), compared element-wise."""

    def __init__(self, n: int, rtol: float = 1e-3, atol: float = 1e-6,
                 names: Sequence[str] | None = None) -> None:
        self.n, self.rtol, self.atol = int(n), float(rtol), float(atol)
        self.names = tuple(names) if names else None

    def describe(self) -> str:
        """"n numbers", with their order when the entries are named."""
        order = f" in the order {', '.join(self.names)}" if self.names else ""
        return f"{self.n} numbers{order}"

    def normalise(self, answer: Any) -> np.ndarray:
        """The answer as a float array of length ``n``; a Series is put in the order of
        :attr:`names` when it has those labels. Text, mappings, NaN and infinities are refused."""
        if isinstance(answer, pd.Series) and self.names and set(self.names) <= set(answer.index):
            answer = answer.loc[list(self.names)]
        if isinstance(answer, (str, bytes, Mapping)) or not isinstance(
                answer, (list, tuple, np.ndarray, pd.Series, pd.Index)):
            raise BadAnswer(f"expected {self.describe()}, got {_describe(answer)}")
        try:
            arr = np.asarray(answer, dtype=float).reshape(-1)
        except OverflowError:
            raise BadAnswer("some of your numbers are too large to be numbers — check the "
                            "units and the formula") from None
        except (TypeError, ValueError):
            raise BadAnswer(f"expected {self.describe()}, got {_describe(answer)}") from None
        if len(arr) != self.n:
            raise BadAnswer(f"expected {self.n} numbers, got {len(arr)}")
        if not np.all(np.isfinite(arr)):
            raise BadAnswer("some of your numbers are NaN or infinite")
        return arr

    def same(self, answer: np.ndarray, expected: Any) -> bool:
        """True when every entry is within the tolerance (``numpy.allclose``)."""
        return bool(np.allclose(answer, np.asarray(expected, float), rtol=self.rtol,
                                atol=self.atol))

    def key(self, expected: Any) -> str:
        """The expected numbers as one text cell, separated by spaces."""
        return " ".join(_key_text(v, self.rtol, self.atol) for v in np.asarray(expected, float))

    def parse_key(self, cell: Any) -> np.ndarray:
        """A key cell (numbers separated by spaces) read back as an array."""
        return np.array([float(v) for v in str(_unquoted(cell)).split()])


class Shape(Kind):
    """A table whose shape, columns and value range are checked — **not its values**.

    The expected answer is a dict ``{"rows": n, "columns": [...], "range": (lo, hi)}``
    (range optional). A matching table gets status "partial" and the message says so.
    """

    partial = True

    def describe(self) -> str:
        """"a DataFrame"."""
        return "a DataFrame"

    def normalise(self, answer: Any) -> pd.DataFrame:
        """The answer itself when it is a DataFrame; anything else is refused."""
        if not isinstance(answer, pd.DataFrame):
            raise BadAnswer(f"expected a DataFrame, got {_describe(answer)}")
        return answer

    def problems(self, answer: pd.DataFrame, expected: Mapping[str, Any]) -> list[str]:
        """What is wrong with the table's shape: row count, missing columns, values out of
        the expected range (an empty list when nothing is)."""
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
        """True when :meth:`problems` finds nothing (the values themselves are not checked)."""
        return not self.problems(answer, expected)

    def verified(self, expected: Mapping[str, Any]) -> str:
        """The message for a table that passed: exactly what was checked, and that the
        values were not."""
        what = f"shape is right ({expected['rows']} rows, columns {', '.join(expected['columns'])})"
        if "range" in expected:
            what += f" and every value lies in {expected['range'][0]}..{expected['range'][1]}"
        return what + " — values not checked"

    def key(self, expected: Mapping[str, Any]) -> str:
        """The expected shape as one text cell."""
        return f"{expected['rows']} rows × {len(expected['columns'])} columns"
