"""The tables of the instructor's dashboard, each from a :class:`Gradebook`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..check import question
from ._grade import FLAGGED, NOT_ANSWERED, Gradebook


def _book(book: object) -> Gradebook:
    if not isinstance(book, Gradebook):
        raise TypeError(f"book: expected the Gradebook of casekit.desk.grade, got "
                        f"{type(book).__name__}")
    return book


def grade_distribution(book: Gradebook, bins: int = 10) -> pd.DataFrame:
    """How many students scored in each band of ``score`` (share of questions correct).

    Parameters
    ----------
    book : Gradebook
    bins : int
        Equal bands over 0..1 (the last one includes 1).

    Returns
    -------
    DataFrame
        low, high, students.
    """
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 1 <= bins <= 100:
        raise ValueError(f"bins={bins!r}: expected a whole number from 1 to 100")
    scores = _book(book).table["score"].to_numpy(dtype=float)
    edges = np.linspace(0.0, 1.0, int(bins) + 1)
    idx = np.clip(np.floor(scores * bins + 1e-9).astype(int), 0, bins - 1)
    counts = np.bincount(idx, minlength=bins)
    return pd.DataFrame({"low": edges[:-1], "high": edges[1:], "students": counts})


def hardest_questions(book: Gradebook, top: int | None = None) -> pd.DataFrame:
    """The questions the class found hardest: fewest correct first.

    Parameters
    ----------
    book : Gradebook
    top : int, optional
        Keep the ``top`` hardest.

    Returns
    -------
    DataFrame
        question, prompt, correct, wrong, not_answered, flagged, share_correct (of the
        students whose file was not flagged), top_mistake (the most frequent named mistake).
    """
    book = _book(book)
    rows = []
    for qid in book.questions:
        cells = book.table[qid]
        scored = int((cells != FLAGGED).sum())
        correct = int((cells == "correct").sum())
        named = book.mistakes[book.mistakes["question"] == qid]
        rows.append({"question": qid, "prompt": question(qid).prompt, "correct": correct,
                     "wrong": int(cells.str.startswith("wrong").sum()),
                     "not_answered": int((cells == NOT_ANSWERED).sum()),
                     "flagged": len(cells) - scored,
                     "share_correct": correct / scored if scored else np.nan,
                     "top_mistake": named["mistake"].iloc[0] if len(named) else ""})
    out = pd.DataFrame(rows, columns=["question", "prompt", "correct", "wrong", "not_answered",
                                      "flagged", "share_correct", "top_mistake"])
    out = out.sort_values(["share_correct", "question"], kind="mergesort").reset_index(drop=True)
    return out if top is None else out.head(int(top))


def frequent_mistakes(book: Gradebook, top: int = 10) -> pd.DataFrame:
    """The named mistakes the class made most often, with the hint the students saw.

    Parameters
    ----------
    book : Gradebook
    top : int

    Returns
    -------
    DataFrame
        question, mistake, hint, students.
    """
    return _book(book).mistakes.head(int(top)).reset_index(drop=True)


def student_answers(book: Gradebook, student_id: str) -> pd.DataFrame:
    """One student's answers: the verdict, the hint's id and the answer recorded, per question.

    Parameters
    ----------
    book : Gradebook
    student_id : str

    Returns
    -------
    DataFrame
        question, result, hint, answer.
    """
    book = _book(book)
    known = book.table["student_id"].tolist()
    if student_id not in known:
        raise ValueError(f"student_id={student_id!r} is not in this class; known: "
                         f"{known[:5]}{' …' if len(known) > 5 else ''}")
    row = book.table.set_index("student_id").loc[student_id]
    given = book.answers[book.answers["student_id"] == student_id].set_index("question")
    hints = {(q.id, m.key): m.hint for q in map(question, book.questions) for m in q.mistakes}
    out = []
    for qid in book.questions:
        result = row[qid]
        mistake = result.split(":", 1)[1] if result.startswith("wrong:") else ""
        out.append({"question": qid, "result": result,
                    "hint": hints.get((qid, mistake), ""),
                    "answer": given["answer"].get(qid, "")})
    return pd.DataFrame(out, columns=["question", "result", "hint", "answer"])
