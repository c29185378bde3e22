"""Judgement questions: the student chooses AND gives the figure that decides it (issue 14 §3).

A :class:`Judgement` answer has two parts that are checked separately, and a third that is not:

1. **the figure** — compared with the figure computed from the student's own data;
2. **the choice** — a decision from a short list (:class:`~casekit.check.Choice`), a ranking of
   options (:class:`OptionRanking`) or a plan, i.e. a set of options (:class:`Selection`) —
   checked to *follow from the student's own figure* by the question's stated rule;
3. **the reason in words** (optional) — never checked; the message says so.

So a student with a wrong figure but a choice that follows from it is told exactly that: the
reasoning holds, the number does not. A right figure with a choice that does not follow from it
is told the opposite.

Open written answers (a memo, a SWOT) use :class:`Written`: the check verifies only that text
was given (and, optionally, that it names what it must); the content is graded by the instructor
with the question's :class:`Rubric` (criteria, levels, an exemplary answer), which the solution
notebook shows via :meth:`Rubric.to_markdown`.

Answer forms accepted for a judgement::

    ("keep", 1234.5)                                    # (choice, figure), either order
    ("keep", 1234.5, "it pays for itself")              # + the reason, not checked
    {"choice": "keep", "figure": 1234.5, "why": "..."}  # "decision" is read as "choice"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ._i18n import term
from ._kinds import BadAnswer, Choice, Kind, Number, _describe


# --------------------------------------------------------------------------------------------
# Kinds of choices besides Choice: a ranking of options, a set of options (a plan)
# --------------------------------------------------------------------------------------------


def _label(x: Any) -> str:
    """An option as text: ints stay digits, words are lower-cased and stripped."""
    if isinstance(x, (bool, np.bool_)):
        raise BadAnswer(f"expected an option, got {x!r}")
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)) and float(x).is_integer():
        return str(int(x))
    if isinstance(x, str):
        return x.strip().lower().replace("-", "_").replace(" ", "_")
    raise BadAnswer(f"expected an option name or id, got {_describe(x)}")


def _items(answer: Any, what: str) -> list[Any]:
    if isinstance(answer, pd.DataFrame):
        raise BadAnswer(f"expected {what}, got {_describe(answer)} — give a list")
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray)):
        return list(np.asarray(answer).reshape(-1))
    if isinstance(answer, (list, tuple, set, frozenset)):
        return list(answer)
    raise BadAnswer(f"expected {what}, got {_describe(answer)}")


class OptionRanking(Kind):
    """An order of all (or the first ``n``) of a few named options, best first.

    ``options`` may be words (``"harvest"``) or ids (``28``); an answer is a list of them.
    ``options=None`` accepts any labels (e.g. customer ids known only from the data).
    """

    def __init__(self, options: Sequence[Any] | None = None, n: int | None = None) -> None:
        self.options = None if options is None else tuple(_label(o) for o in options)
        if n is None and self.options is None:
            raise ValueError("OptionRanking: give options=, n=, or both")
        self.n = int(n) if n is not None else len(self.options)

    def describe(self) -> str:
        """"a list of n options, best first"."""
        among = f" from {', '.join(self.options)}" if self.options else ""
        return f"a list of {self.n} options{among}, best first"

    def normalise(self, answer: Any) -> tuple[str, ...]:
        """The answer as a tuple of option labels; unknown or repeated options are refused."""
        items = [_label(x) for x in _items(answer, self.describe())]
        if len(items) != self.n:
            raise BadAnswer(f"expected {self.n} options, got {len(items)}")
        if len(set(items)) != len(items):
            raise BadAnswer(f"an option appears twice in {list(items)}")
        if self.options is not None:
            bad = [x for x in items if x not in self.options]
            if bad:
                raise BadAnswer(f"{bad} not among the options {list(self.options)}")
        return tuple(items)

    def key(self, expected: Sequence[Any]) -> str:
        """The order as one text cell, options separated by ``|``."""
        return "|".join(_label(x) for x in expected)

    def parse_key(self, cell: Any) -> tuple[str, ...]:
        """A key cell read back as a tuple of labels."""
        return tuple(str(cell).strip().split("|"))


class Selection(Kind):
    """A set of options (a plan: which accounts get the hours); order does not matter."""

    def __init__(self, options: Sequence[Any] | None = None) -> None:
        self.options = None if options is None else tuple(_label(o) for o in options)

    def describe(self) -> str:
        """"a list of options (order does not matter)"."""
        among = f" from {', '.join(self.options)}" if self.options else ""
        return f"a list of options{among} (order does not matter)"

    def normalise(self, answer: Any) -> frozenset[str]:
        """The answer as a frozenset of labels; unknown options are refused."""
        items = [_label(x) for x in _items(answer, self.describe())]
        if self.options is not None:
            bad = [x for x in items if x not in self.options]
            if bad:
                raise BadAnswer(f"{bad} not among the options {list(self.options)}")
        return frozenset(items)

    def key(self, expected: Any) -> str:
        """The set as one text cell, sorted, separated by ``|``."""
        return "|".join(sorted(_label(x) for x in expected))

    def parse_key(self, cell: Any) -> frozenset[str]:
        """A key cell read back as a frozenset."""
        text = str(cell).strip()
        return frozenset(text.split("|")) if text else frozenset()


# --------------------------------------------------------------------------------------------
# Judgement: a choice and the figure that decides it
# --------------------------------------------------------------------------------------------


def _is_figure(x: Any) -> bool:
    if isinstance(x, (bool, np.bool_, str)):
        return False
    if isinstance(x, (int, float, np.integer, np.floating)):
        return True
    if isinstance(x, (np.ndarray, pd.Series)) and np.asarray(x).dtype.kind in "iuf":
        return True
    return False


def _blank(x: Any) -> bool:
    return x is None or x is Ellipsis


class Judgement(Kind):
    """A choice and the figure that decides it; both checked, the choice against the rule.

    Parameters
    ----------
    choice : Kind
        How the choice is read: :class:`~casekit.check.Choice` (one of a few words),
        :class:`OptionRanking` or :class:`Selection`.
    figure : Kind
        How the figure is read: :class:`~casekit.check.Number` or
        :class:`~casekit.check.Vector` (several figures, e.g. one per option ranked).
    rule : callable
        ``rule(figure) -> choice``: the choice that follows from a figure. Applied to the
        *student's* figure, it tells whether the student's choice follows from it.
    rule_text : str
        The rule in words, shown when the choice does not follow ("keep when ΔNPV > 0").
    figure_name : str
        What the figure is ("ΔNPV"), for messages.
    unchecked : str
        What this check cannot verify, said in every verdict (default: the reason in words).

    The expected answer of a question of this kind is ``(choice, figure)`` with
    ``choice == rule(figure)``.
    """

    def __init__(self, choice: Kind, figure: Kind, rule: Callable[[Any], Any],
                 rule_text: str, figure_name: str = "the figure",
                 unchecked: str = "your reason in words, if you gave one — your instructor "
                                  "reads it") -> None:
        if not isinstance(choice, Kind) or not isinstance(figure, Kind):
            raise TypeError("Judgement(choice=, figure=): expected casekit.check kinds, got "
                            f"{type(choice).__name__} and {type(figure).__name__}")
        if not callable(rule):
            raise TypeError(f"Judgement(rule=...): expected a function figure -> choice, got "
                            f"{type(rule).__name__}")
        self.choice, self.figure, self.rule = choice, figure, rule
        self.rule_text, self.figure_name, self.unchecked = rule_text, figure_name, unchecked

    # -- reading ---------------------------------------------------------------------------

    def describe(self) -> str:
        """What a judgement answer looks like."""
        return (f"a pair (choice, figure): the choice as {self.choice.describe()} and "
                f"{self.figure_name} as {self.figure.describe()} (a reason in words may follow)")

    def _parts(self, answer: Any) -> tuple[Any, Any, Any]:
        if isinstance(answer, Mapping):
            keys = {("choice" if k == "decision" else k) for k in map(str, answer)}
            if not {"choice", "figure"} <= keys or keys - {"choice", "figure", "why"}:
                raise BadAnswer(f"expected {self.describe()}; a dict needs the keys 'choice' "
                                f"and 'figure' (and optionally 'why'), got "
                                f"{sorted(map(str, answer))}")
            get = {("choice" if k == "decision" else k): v for k, v in answer.items()}
            return get["choice"], get["figure"], get.get("why")
        if isinstance(answer, tuple) and len(answer) in (2, 3):
            parts = list(answer)
            why = parts.pop() if len(parts) == 3 else None
            if _is_figure(parts[0]) and not _is_figure(parts[1]):
                parts.reverse()
            return parts[0], parts[1], why
        raise BadAnswer(f"expected {self.describe()}, got {_describe(answer)} — write it as "
                        "a tuple (choice, figure)")

    def normalise(self, answer: Any) -> tuple[Any, Any]:
        """The answer as ``(choice, figure)`` in canonical form (the reason is dropped)."""
        choice, figure, why = self._parts(answer)
        if _blank(choice):
            raise BadAnswer("the choice is not answered yet")
        if _blank(figure):
            raise BadAnswer(f"{self.figure_name} is not answered yet")
        if why is not None and why is not Ellipsis and not isinstance(why, str):
            raise BadAnswer(f"the reason must be text, got {_describe(why)}")
        return self.choice.normalise(choice), self.figure.normalise(figure)

    # -- comparing -------------------------------------------------------------------------

    def follows(self, choice: Any, figure: Any) -> bool:
        """True when ``choice`` is what the rule gives for ``figure``."""
        try:
            implied = self.choice.normalise(self.rule(figure))
        except BadAnswer:
            return False
        return self.choice.same(choice, implied)

    def same(self, answer: tuple, expected: tuple) -> bool:
        """Right figure (within tolerance) and a choice that follows from it."""
        return (self.figure.same(answer[1], expected[1])
                and self.choice.same(answer[0], self.choice.normalise(expected[0])))

    def matches(self, answer: tuple, wrong: Any, expected: tuple) -> bool:
        """As :meth:`Kind.matches`; a mistake given as a bare figure concerns the figure only."""
        if _is_figure(wrong) or isinstance(wrong, (list, np.ndarray)):
            try:
                w = self.figure.normalise(wrong)
            except BadAnswer:
                return False
            return not self.figure.same(w, expected[1]) and self.figure.same(answer[1], w)
        return super().matches(answer, wrong, expected)

    def as_answer(self, wrong: Any, expected: tuple) -> Any:
        """A full answer for mistake ``wrong``: a bare figure goes with the choice it implies."""
        if _is_figure(wrong) or isinstance(wrong, (list, np.ndarray)):
            return (self.rule(self.figure.normalise(wrong)), wrong)
        return wrong

    def verdict(self, answer: tuple, expected: tuple) -> list[str]:
        """One line per part: the figure, whether the choice follows, what was not checked."""
        fig_ok = self.figure.same(answer[1], expected[1])
        follows = self.follows(answer[0], answer[1])
        lines = []
        if fig_ok:
            lines.append(f"{self.figure_name}: right on your data")
        else:
            near = self.figure.near(answer[1], expected[1])
            lines.append(f"{self.figure_name}: not what your data give"
                         + (f" ({near})" if near else ""))
        if follows:
            lines.append("choice: follows from your figure"
                         + ("" if fig_ok else " — so your reasoning holds, the number does not"))
        else:
            lines.append(f"choice: does not follow from your figure (rule: {self.rule_text})")
        lines.append(f"not checked: {self.unchecked}")
        return lines

    def near(self, answer: tuple, expected: tuple) -> str | None:
        """The part-by-part verdict (see :meth:`verdict`)."""
        return "; ".join(self.verdict(answer, expected))

    # -- answer key ------------------------------------------------------------------------

    def key(self, expected: tuple) -> str:
        """``"choice; figure"`` in one text cell."""
        return f"{self.choice.key(self.choice.normalise(expected[0]))}; " \
               f"{_figure_key(self.figure, expected[1])}"

    def parse_key(self, cell: Any) -> tuple[Any, Any]:
        """A key cell ``"choice; figure"`` read back."""
        choice, figure = str(cell).rsplit(";", 1)
        return self.choice.parse_key(choice.strip()), self.figure.parse_key(figure.strip())


def _figure_key(kind: Kind, value: Any) -> str:
    out = kind.key(value)
    return f"{out:.10g}" if isinstance(out, float) else str(out)


def judgement(options: Sequence[str], rule: Callable[[float], str], rule_text: str,
              figure_name: str = "the figure", rtol: float = 1e-3, unit: str = "",
              unchecked: str | None = None) -> Judgement:
    """A judgement with one decision from ``options`` and one number (the usual case).

    Parameters
    ----------
    options : sequence of str
        The short list, e.g. ``("keep", "let_go")``.
    rule : callable
        number → option.
    rule_text : str
        The rule in words.
    figure_name : str
        What the number is.
    rtol : float
        Relative tolerance of the number.
    unit : str
        Its unit, for messages.
    unchecked : str, optional
        What the check cannot verify (default: the reason in words).

    Returns
    -------
    Judgement
    """
    kw = {} if unchecked is None else {"unchecked": unchecked}
    return Judgement(Choice(options), Number(rtol=rtol, unit=unit), rule, rule_text,
                     figure_name, **kw)


# --------------------------------------------------------------------------------------------
# Written answers and their rubric
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """One line of a rubric: what is judged and the description of each level (best first)."""

    name: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Rubric:
    """Criteria with levels, and an exemplary answer for the shipped dataset.

    ``exemplary`` is text, or a function ``base -> text`` (so the figures it quotes are those
    of the dataset the instructor runs it on).
    """

    criteria: tuple[Criterion, ...]
    exemplary: str | Callable[[Any], str]
    level_names: tuple[str, ...] = ("excellent", "adequate", "insufficient")

    def __post_init__(self) -> None:
        for c in self.criteria:
            if len(c.levels) != len(self.level_names):
                raise ValueError(f"Rubric: criterion {c.name!r} has {len(c.levels)} levels; "
                                 f"expected {len(self.level_names)} ({self.level_names})")

    def example(self, base: Any = None) -> str:
        """The exemplary answer (computed on ``base`` when it is a function)."""
        return self.exemplary(base) if callable(self.exemplary) else self.exemplary

    def to_markdown(self, base: Any = None) -> str:
        """The rubric as a Markdown table followed by the exemplary answer; in Chinese after
        ``ck.labels.set_language("zh")`` (criteria and levels; the exemplary answer stays
        English)."""
        head = f"| {term('criterion')} | " + " | ".join(map(term, self.level_names)) + " |"
        rule = "|---" * (len(self.level_names) + 1) + "|"
        rows = [f"| {term(c.name)} | " + " | ".join(map(term, c.levels)) + " |"
                for c in self.criteria]
        return "\n".join([head, rule, *rows, "",
                          f"**{term('Exemplary answer.')}** " + self.example(base)])


def _words(text: str) -> int:
    """Words in ``text``: runs of Latin letters/digits, plus one per two CJK characters."""
    import re
    latin = len(re.findall(r"[A-Za-z0-9]+(?:[.,'][A-Za-z0-9]+)*", text))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return latin + (cjk + 1) // 2


@dataclass
class Written(Kind):
    """An open written answer: only its presence, length and named topics are checked.

    The check says ◐ (partly checked) and names what it verified; the content is graded by
    the instructor with ``rubric``. ``must_mention`` lists topics the text must name, each a
    tuple of accepted words (English or Chinese), e.g. ``(("strength", "优势"), ...)``.
    """

    rubric: Rubric
    min_words: int = 30
    must_mention: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    partial = True

    def describe(self) -> str:
        """"a text of at least n words"."""
        return f"a text of at least {self.min_words} words"

    def normalise(self, answer: Any) -> str:
        """The answer as stripped text; anything but text is refused."""
        if not isinstance(answer, str):
            raise BadAnswer(f"expected {self.describe()}, got {_describe(answer)}")
        if not answer.strip():
            raise BadAnswer("not answered yet — write your answer between the quotes")
        return answer.strip()

    def problems(self, answer: str, expected: Any) -> list[str]:
        """What is missing: length, topics not named."""
        out = []
        n = _words(answer)
        if n < self.min_words:
            out.append(f"your text has {n} words; write at least {self.min_words}")
        low = answer.lower()
        for topic in self.must_mention:
            if not any(w.lower() in low for w in topic):
                out.append(f"it does not mention {' / '.join(topic)}")
        return out

    def same(self, answer: str, expected: Any) -> bool:
        """True when :meth:`problems` finds nothing (the content is not judged)."""
        return not self.problems(answer, expected)

    def verified(self, expected: Any) -> str:
        """The message for a text that passed: what was checked, and that the content was not."""
        what = f"text received (at least {self.min_words} words"
        if self.must_mention:
            what += ", naming " + ", ".join(t[0] for t in self.must_mention)
        return (what + ") — its content is NOT checked: your instructor grades it with the "
                "rubric in the solution notebook")

    def key(self, expected: Any) -> str:
        """The answer-key cell: the answer is graded by hand."""
        return "written: graded with the rubric"


def judgement_question(id: str, prompt: str, expected: Callable[[Any], Any], kind: Kind,
                       **question_fields: Any) -> Any:
    """A :class:`~casekit.check.Question` whose ✔ message also says what was not checked.

    Parameters
    ----------
    id, prompt, expected, kind
        As for :class:`~casekit.check.Question`; ``kind`` a :class:`Judgement` or
        :class:`Written`.
    **question_fields
        Further fields of Question (``mistakes``, ``reinforce``, ``worlds`` …).

    Returns
    -------
    Question
    """
    from ._question import Question   # imported here: _question does not depend on this module

    if not isinstance(kind, (Judgement, Written)):
        raise TypeError(f"judgement_question(kind=...): expected a Judgement or Written, got "
                        f"{type(kind).__name__}")
    if isinstance(kind, Judgement):
        reinforce = question_fields.pop("reinforce", "")
        lead = f"{reinforce.rstrip('.')}. " if reinforce else ""
        question_fields["reinforce"] = (f"{lead}The figure is right and the choice follows from "
                                        f"it. Not checked: {kind.unchecked}.")
    return Question(id, prompt, expected, kind, **question_fields)
