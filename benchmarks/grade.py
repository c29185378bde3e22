"""Benchmark ``casekit.desk.grade``: a 300-student class (target: under 10 s).

Set-up (not timed): a telecom class pack of N students (300 customers, 24 months each) with
its answer key for exercises 01, 02, 03 and 07 (31 questions), and one answers file per
student and chapter, written in the documented format (``casekit.check``): every answer is
the student's expected answer, except one in ten, given in percent (×100) — recorded as the
check shows it, ✘ with the hint ``percent`` where the question knows that mistake.

Timed (median of repeats):

1. ``grade`` — the default: each answer compared with the student's key cell; the hint id the
   student saw is kept when key and verdict agree;
2. ``grade(recheck=True)`` on the first 30 students — every answer checked again on the
   student's dataset (loaded from the pack): the baseline, per student;

and the ratio of the per-student times.

Run::

    .venv/bin/python benchmarks/grade.py
    .venv/bin/python benchmarks/grade.py --students 60 --repeats 1
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import warnings
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_ms  # noqa: E402

import casekit as ck  # noqa: E402
from casekit.check import ANSWERS_VERSION, fingerprint, question, seal  # noqa: E402
from casekit.desk import collect, grade  # noqa: E402

CHAPTERS = ("ex01", "ex02", "ex03", "ex07")


def _answers_files(pack: Path, out: Path) -> None:
    key = pd.read_csv(pack / "answer_key.csv", dtype=str, keep_default_na=False)
    n = 0
    for row in key.to_dict("records"):
        sid = row.pop("student_id")
        params = ck.Params.from_json(
            (pack / sid / "params.json").read_text(encoding="utf-8"))
        folder = out / sid
        folder.mkdir(parents=True)
        for ch in CHAPTERS:
            answers = {}
            for qid, cell in row.items():
                if not qid.startswith(ch + ".") or cell == "":
                    continue
                q = question(qid)
                value = q.kind.parse_key(cell)
                n += 1
                if n % 10 == 0 and isinstance(value, float):
                    mistake = "percent" if any(m.key == "percent" for m in q.mistakes) else None
                    answers[qid] = {"answer": 100 * value, "status": "wrong", "mistake": mistake}
                    continue
                data = list(value) if isinstance(value, tuple) else value
                answers[qid] = {"answer": getattr(data, "tolist", lambda: data)(),
                                "status": "correct", "mistake": None}
            rec = {"format": "casekit-answers", "version": ANSWERS_VERSION,
                   "casekit": ck.__version__, "notebook": ch, "student_id": sid,
                   "dataset": {"world": params.world, "seed": params.seed,
                               "fingerprint": fingerprint(params)}, "answers": answers}
            rec["hash"] = seal(rec)
            (folder / f"{ch}.answers.json").write_text(json.dumps(rec), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="casekit-grade-bench-"))
    roster = root / "roster.csv"
    pd.DataFrame({"student_id": [f"s{i:03d}" for i in range(args.students)]}).to_csv(
        roster, index=False)
    ck.class_pack(roster, "telecom", root / "pack", course_seed=7, size=300, periods=24)
    bases = {f"s{i:03d}": ck.load(root / "pack" / f"s{i:03d}") for i in range(args.students)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ck.answer_key(bases, chapters=CHAPTERS).to_csv(root / "pack" / "answer_key.csv",
                                                       index=False)
    _answers_files(root / "pack", root / "handins")
    collect([root / "handins"], roster, root / "class")
    book = grade(root / "pack", root / "class")
    reloads = 0 if book.flags.empty else len(book.flags)
    fast = median_ms(lambda: grade(root / "pack", root / "class"), args.repeats)
    few = min(30, args.students)
    sub = root / "class30"
    sub.mkdir()
    for sid in list(bases)[:few]:
        (sub / sid).symlink_to(root / "class" / sid)
    pd.read_csv(root / "pack" / "manifest.csv", dtype=str).head(few).to_csv(
        root / "pack30.csv", index=False)
    pack30 = root / "pack30"
    pack30.mkdir()
    (root / "pack30.csv").rename(pack30 / "manifest.csv")
    for sid in list(bases)[:few]:
        (pack30 / sid).symlink_to(root / "pack" / sid)
    slow = median_ms(lambda: grade(pack30, sub, recheck=True), 1)
    questions = len(book.questions)
    answered = int((book.table[book.questions] != "not answered").to_numpy().sum())
    print(f"class: {args.students} students, {questions} questions, {answered} answers, "
          f"{len(book.mistakes)} mistake kinds found, {reloads} flags")
    print(f"{'mode':<28}{'students':>9}{'total s':>10}{'ms/student':>12}")
    print(f"{'grade (answer key)':<28}{args.students:>9}{fast / 1000:>10.2f}"
          f"{fast / args.students:>12.1f}")
    print(f"{'grade(recheck=True)':<28}{few:>9}{slow / 1000:>10.2f}{slow / few:>12.1f}")
    print(f"ratio recheck / key per student: {(slow / few) / (fast / args.students):.1f}x; "
          f"target: {args.students} students < 10 s -> "
          f"{'met' if fast < 10_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
