"""The registry of exercise chapters (``casekit/exercises/exNN.py``), loaded on demand."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from dataclasses import dataclass

from typing import Any, Mapping

import pandas as pd

from ._i18n import _chinese, pick, register_terms
from ._judgement import Judgement
from ._question import Question
from ._result import CHAPTERS


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
        _CHAPTERS[chapter] = _with_chinese(ch)
    return _CHAPTERS[chapter]


def _with_chinese(ch: Chapter) -> Chapter:
    """``ch`` with the Chinese feedback of ``casekit/exercises/zh/<chapter>.py``, if it exists
    (see :mod:`casekit.check._i18n`)."""
    name = f"casekit.exercises.zh.{ch.id}"
    if importlib.util.find_spec(name) is None:
        return ch
    zh = importlib.import_module(name)
    register_terms(getattr(zh, "TERMS", {}))
    return dataclasses.replace(ch, questions=in_chinese(ch.questions, zh.TEXTS))


def in_chinese(questions: tuple, texts: Mapping[str, Mapping[str, Any]]) -> tuple:
    """``questions`` with their Chinese fields filled from ``texts`` (a zh module's ``TEXTS``).

    Parameters
    ----------
    questions : tuple of Question
        One chapter's questions.
    texts : mapping
        Question short id (``"q3"``) → ``{"prompt", "reinforce", "retry", "why",
        "hints": {key: hint}}``
        (every entry optional).

    Returns
    -------
    tuple of Question
        New frozen copies; a question ``texts`` does not name is returned as it is.

    Raises
    ------
    ValueError
        When ``texts`` names a question or a mistake that does not exist, or a field that is
        not one of these.
    """
    by_id = {q.short_id: q for q in questions}
    unknown = sorted(set(texts) - set(by_id))
    if unknown:
        raise ValueError(f"Chinese texts for questions that do not exist: {unknown}")
    out = []
    for q in questions:
        zh = texts.get(q.short_id, {})
        bad = sorted(set(zh) - {"prompt", "reinforce", "retry", "why", "hints"})
        if bad:
            raise ValueError(f"{q.id}: unknown fields {bad} in its Chinese texts")
        hints = zh.get("hints", {})
        keys = [m.key for m in q.mistakes]
        missing = sorted(set(hints) - set(keys))
        if missing:
            raise ValueError(f"{q.id}: Chinese hints for mistakes it does not have: {missing} "
                             f"(it has {keys})")
        mistakes = tuple(dataclasses.replace(m, hint_zh=hints[m.key]) if m.key in hints else m
                         for m in q.mistakes)
        fields: dict[str, Any] = {"mistakes": mistakes}
        if zh.get("prompt"):
            fields["prompt_zh"] = zh["prompt"]
        if zh.get("retry"):
            fields["retry_zh"] = zh["retry"]
        if zh.get("reinforce"):
            fields["reinforce_zh"] = zh["reinforce"]
        if isinstance(q.kind, Judgement):    # as judgement_question composes the English
            lead = zh.get("reinforce", "").rstrip("。. ")
            fields["reinforce_zh"] = ((lead + "。") if lead else "") + \
                f"数字正确，选择也由它推出。未检查：{_chinese(q.kind.unchecked)}。"
        out.append(dataclasses.replace(q, **fields))
    return tuple(out)


def chapters() -> list[Chapter]:
    """Every exercise chapter whose module exists, in course order.

    Returns
    -------
    list of Chapter
    """
    out = []
    for c in CHAPTERS:
        if importlib.util.find_spec(f"casekit.exercises.{c}") is not None:
            out.append(_load_chapter(c))
    return out


def question(question_id: str) -> Question:
    """The registered question ``"exNN.qM"``; a clear error for an unknown id.

    Parameters
    ----------
    question_id : str
        ``"exNN.qM"``.

    Returns
    -------
    Question
    """
    if not isinstance(question_id, str) or "." not in question_id:
        raise ValueError(f"question_id={question_id!r}: expected a text like 'ex02.q3'")
    ch = _load_chapter(question_id.split(".")[0])
    for q in ch.questions:
        if q.id == question_id:
            return q
    raise ValueError(f"question_id={question_id!r} does not exist; {ch.id} has "
                     f"{[q.id for q in ch.questions]}")


def questions(chapter: str | None = None) -> list[Question]:
    """All registered questions (of one chapter, or of every chapter).

    Parameters
    ----------
    chapter : str, optional
        ``"exNN"``; None = every chapter.

    Returns
    -------
    list of Question
    """
    chs = [_load_chapter(chapter)] if chapter is not None else chapters()
    return [q for ch in chs for q in ch.questions]


def exercise_questions(chapter: str | None = None) -> pd.DataFrame:
    """A table of the exercise questions: id, chapter, kind of answer, worlds, prompt, and the
    usual mistakes each one recognises.

    Parameters
    ----------
    chapter : str, optional
        ``"exNN"``; None = every chapter.

    Returns
    -------
    DataFrame
        One row per question (the prompt in the display language).
    """
    rows = [{"question": q.id, "chapter": q.chapter, "answer": q.kind.describe(),
             "worlds": ", ".join(q.worlds), "prompt": pick(q.prompt, q.prompt_zh),
             "mistakes recognised": ", ".join(m.key for m in q.mistakes)}
            for q in questions(chapter)]
    return pd.DataFrame(rows, columns=["question", "chapter", "answer", "worlds", "prompt",
                                       "mistakes recognised"])
