"""``grade``: re-check every submitted answer against that student's own data.

No student code is run: the answers file holds the answers as data (see
:mod:`casekit.check`), and each is checked again by the same question — the same expected
answer computed on the student's class-pack dataset, the same usual mistakes and hints.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from ..base import CustomerBase, Params, load
from ..check import CHAPTERS, BadAnswer, SUFFIX, fingerprint, from_data, question, questions, read_answers
from ._io import write_csv
from ._verify import verify

#: The cell of a question nobody can score: the file it came from is flagged.
FLAGGED = "flagged"
NOT_ANSWERED = "not answered"


@dataclass
class Gradebook:
    """The result of :func:`grade`.

    Attributes
    ----------
    table : DataFrame
        One row per student: student_id, name, one column per question (``correct``,
        ``wrong:<mistake>`` — the id of the hint the student saw —, ``wrong`` without a
        named mistake, ``partial``, ``not answered``, ``flagged``), then correct, wrong,
        not_answered, flagged, score (correct ÷ questions) and rubric (the instructor's
        score of written answers, from the rubric file; empty without one).
    mistakes : DataFrame
        question, mistake, hint, students — how many students made each named mistake,
        most frequent first.
    flags : DataFrame
        student_id, file, problem, message — files not scored, and why.
    answers : DataFrame
        The long table: student_id, question, result, mistake, answer (as recorded).
    questions : list of str
        The question ids graded, in course order.
    """

    table: pd.DataFrame
    mistakes: pd.DataFrame
    flags: pd.DataFrame
    answers: pd.DataFrame
    questions: list[str] = field(default_factory=list)

    def write(self, out: str | os.PathLike, overwrite: bool = False) -> list[Path]:
        """Write the gradebook to ``out`` and, beside it, ``<stem>_mistakes.csv`` and
        ``<stem>_flags.csv`` (formulas escaped, atomic; nothing replaced without
        ``overwrite``).

        Parameters
        ----------
        out : path
            The gradebook CSV.
        overwrite : bool

        Returns
        -------
        list of Path
        """
        target = Path(out)
        if target.suffix.lower() != ".csv":
            raise ValueError(f"out={str(target)!r}: expected a .csv file name")
        paths = [target, target.with_name(target.stem + "_mistakes.csv"),
                 target.with_name(target.stem + "_flags.csv")]
        busy = [str(p) for p in paths if p.exists()]
        if busy and not overwrite:
            raise FileExistsError(f"out={str(target)!r}: {busy} exist; pass overwrite=True "
                                  "(CLI: --force) to replace them")
        for frame, path in zip((self.table, self.mistakes, self.flags), paths):
            write_csv(frame, path, overwrite=True)
        return paths


def _manifest(pack: Path) -> pd.DataFrame:
    file = pack / "manifest.csv"
    if not file.is_file():
        raise FileNotFoundError(f"pack={str(pack)!r}: no manifest.csv — give the folder made "
                                "by `python -m casekit class-pack`")
    return pd.read_csv(file, dtype=str, keep_default_na=False)


def _fingerprints(pack: Path, manifest: pd.DataFrame) -> dict[str, str]:
    out = {}
    for sid, folder in zip(manifest["student_id"], manifest["folder"]):
        text = (pack / folder / "params.json").read_text(encoding="utf-8")
        out[sid] = fingerprint(Params.from_json(text))
    return out


def _graded_questions(world: str, seen: Iterable[str], chosen: Iterable[str] | None
                      ) -> list:
    from ..check import chapters

    if chosen is not None:
        ids = list(chosen)
        bad = [c for c in ids if c not in CHAPTERS]
        if bad:
            raise ValueError(f"chapters={bad!r}: unknown; choose from {CHAPTERS}")
    else:
        ids = [c.id for c in chapters() if c.id in set(seen)]
        if not ids:                                # nothing handed in yet: the world's own
            ids = [c.id for c in chapters() if c.world == world]
    return [q for q in questions() if q.chapter in ids and world in q.worlds]


def _cell(status: str, mistake: str | None) -> str:
    if status == "wrong":
        return f"wrong:{mistake}" if mistake else "wrong"
    return {"unanswered": NOT_ANSWERED}.get(status, status)


def _recheck(q: Any, entry: Any, load_base: Callable[[], CustomerBase], key: Any
             ) -> tuple[str, str | None]:
    """The verdict on one recorded answer: against the answer key's cell when there is one
    (the hint id is then the one the student saw, if the verdicts agree), else — or when the
    key and the student's verdict disagree — by checking again on the student's dataset."""
    if not isinstance(entry, dict) or entry.get("answer") is None:
        return NOT_ANSWERED, None
    answer = entry["answer"]
    if isinstance(answer, dict) and "unreadable" in answer:
        return "wrong:unreadable", "unreadable"
    value = from_data(answer)
    if key not in (None, "") and not q.kind.partial:
        try:
            expected = q.kind.parse_key(key)
            right = q.kind.same(q.kind.normalise(value), expected)
        except (BadAnswer, ValueError, TypeError):
            right = None
        seen = entry.get("status")
        if right is True and seen == "correct":
            return "correct", None
        if right is False and seen == "wrong":
            return _cell("wrong", entry.get("mistake")), entry.get("mistake")
    result = q.check(value, load_base())
    return _cell(result.status, result.mistake), result.mistake


def _read_key(pack: Path) -> pd.DataFrame | None:
    file = pack / "answer_key.csv"
    if not file.is_file():
        return None
    return pd.read_csv(file, dtype=str, keep_default_na=False).set_index("student_id")


def grade(pack: str | os.PathLike, submissions: str | os.PathLike,
          rubric: str | os.PathLike | pd.DataFrame | None = None,
          chapters: Iterable[str] | None = None, recheck: bool = False) -> Gradebook:
    """Grade a collected class: every answer re-checked on that student's own dataset.

    Parameters
    ----------
    pack : path
        The class pack (``manifest.csv`` and one dataset folder per student).
    submissions : path
        The class folder made by :func:`casekit.desk.collect` (``<student_id>/*.answers.json``).
    rubric : path or DataFrame, optional
        The instructor's scores of written answers: columns student_id and rubric.
    chapters : iterable of str, optional
        The exercise chapters graded (default: every chapter somebody handed in; when nobody
        handed in any, those written for the pack's world).
    recheck : bool
        False (default): an answer is compared with the pack's ``answer_key.csv`` (made by
        ``class-pack --answers``) and, when the key agrees with the verdict the student saw,
        that verdict and its hint id are kept — fast, no dataset loaded. The answer is
        checked again on the student's dataset (loaded from the pack) when there is no key
        cell, when the key and the student's verdict disagree, for table answers, and for
        every answer with ``recheck=True``.

    Returns
    -------
    Gradebook
        A file that was edited, belongs to another student, was answered on another
        dataset or has another format version is listed in ``flags`` and its questions are
        ``flagged`` — never scored.
    """
    pack, subs = Path(pack), Path(submissions)
    if not subs.is_dir():
        raise FileNotFoundError(f"submissions={str(subs)!r}: no such folder")
    manifest = _manifest(pack)
    prints = _fingerprints(pack, manifest)
    world = json.loads((pack / manifest["folder"].iloc[0] / "params.json")
                       .read_text(encoding="utf-8"))["world"]
    files = {sid: sorted((subs / sid).glob(f"*{SUFFIX}")) for sid in manifest["student_id"]}
    seen = {f.name[:-len(SUFFIX)] for fs in files.values() for f in fs}
    qs = _graded_questions(world, seen, chapters)
    qids = [q.id for q in qs]
    key = None if recheck else _read_key(pack)
    flags, long, rows = [], [], []
    for sid, name, folder in zip(manifest["student_id"], manifest["name"], manifest["folder"]):
        cells = {qid: NOT_ANSWERED for qid in qids}
        base: list[CustomerBase] = []

        def load_base(folder: str = folder) -> CustomerBase:
            if not base:
                base.append(load(pack / folder))
            return base[0]

        keyrow = key.loc[sid] if key is not None and sid in key.index else {}
        for file in files[sid]:
            try:
                rec = read_answers(file)
            except ValueError as exc:
                flags.append({"student_id": sid, "file": file.name, "problem": "unreadable",
                              "message": str(exc)})
                continue
            problems = verify(rec, sid, file.name, prints)
            flags += [vars(p) for p in problems]
            answered = rec.get("answers") or {}
            for qid in qids:
                if qid.split(".")[0] != rec.get("notebook"):
                    continue
                if problems:
                    cells[qid] = FLAGGED
                    continue
                if qid not in answered:
                    continue
                cells[qid], mistake = _recheck(question(qid), answered[qid], load_base,
                                               keyrow.get(qid))
                long.append({"student_id": sid, "question": qid, "result": cells[qid],
                             "mistake": mistake,
                             "answer": json.dumps(answered[qid].get("answer"))})
        rows.append({"student_id": sid, "name": name, **cells})
    table = pd.DataFrame(rows, columns=["student_id", "name", *qids])
    _totals(table, qids, rubric)
    answers = pd.DataFrame(long, columns=["student_id", "question", "result", "mistake",
                                          "answer"])
    return Gradebook(table, _mistakes(answers, qs),
                     pd.DataFrame(flags, columns=["student_id", "file", "problem", "message"]),
                     answers, qids)


def _totals(table: pd.DataFrame, qids: list[str], rubric: Any) -> None:
    cells = table[qids]
    table["correct"] = (cells == "correct").sum(axis=1)
    table["wrong"] = cells.apply(lambda c: c.str.startswith("wrong")).sum(axis=1)
    table["not_answered"] = (cells == NOT_ANSWERED).sum(axis=1)
    table["flagged"] = (cells == FLAGGED).sum(axis=1)
    table["score"] = (table["correct"] / max(len(qids), 1)).round(4)
    table["rubric"] = float("nan")
    if rubric is not None:
        scores = _read_rubric(rubric)
        table["rubric"] = table["student_id"].map(scores)


def _read_rubric(rubric: Any) -> pd.Series:
    frame = rubric if isinstance(rubric, pd.DataFrame) else pd.read_csv(
        Path(rubric), dtype={"student_id": str})
    for col in ("student_id", "rubric"):
        if col not in frame.columns:
            raise ValueError(f"rubric: column {col!r} is missing; columns present: "
                             f"{list(frame.columns)}")
    values = pd.to_numeric(frame["rubric"], errors="coerce")
    bad = frame.loc[values.isna() & frame["rubric"].notna(), "rubric"].tolist()
    if bad:
        raise ValueError(f"rubric: scores {bad[:5]} are not numbers")
    return pd.Series(values.to_numpy(), index=frame["student_id"].astype(str).str.strip())


def _mistakes(answers: pd.DataFrame, qs: list) -> pd.DataFrame:
    hints = {(q.id, m.key): m.hint for q in qs for m in q.mistakes}
    named = answers.dropna(subset=["mistake"])
    named = named[named["result"].str.startswith("wrong")]
    counts = (named.groupby(["question", "mistake"]).size().rename("students").reset_index()
              .sort_values(["students", "question", "mistake"], ascending=[False, True, True],
                           kind="mergesort"))
    counts["hint"] = [hints.get((q, m), "the answer could not be read" if m == "unreadable"
                                else "") for q, m in zip(counts["question"], counts["mistake"])]
    return counts[["question", "mistake", "hint", "students"]].reset_index(drop=True)
