"""``python -m casekit collect``, ``grade`` and ``debrief``: the instructor's desk.

Examples::

    python -m casekit collect handins/ --roster roster.csv --out class_2025_submissions
    python -m casekit grade --pack class_2025 --submissions class_2025_submissions \\
        --out gradebook.csv [--rubric rubric.csv]
    python -m casekit debrief --pack class_2025 --submissions class_2025_submissions \\
        --out debrief.csv

Nothing is replaced without ``--force``.
"""

from __future__ import annotations

import argparse

__all__: list[str] = []


def _collect(args: argparse.Namespace) -> int:
    from ._collect import collect

    found = collect(args.dirs, args.roster, args.out, overwrite=args.force)
    print(found.report())
    print(f"wrote {args.out} (one folder per student, collect_report.csv)")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from ._grade import grade

    book = grade(args.pack, args.submissions, rubric=args.rubric)
    paths = book.write(args.out, overwrite=args.force)
    t = book.table
    print(f"graded {len(t)} students on {len(book.questions)} questions: mean score "
          f"{t['score'].mean():.1%}; {int((t[book.questions] == 'not answered').all(axis=1).sum())}"
          " handed in nothing")
    for f in book.flags.itertuples(index=False):
        print(f"flagged: {f.student_id} {f.file}: {f.message}")
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0


def _debrief(args: argparse.Namespace) -> int:
    from ._debrief import debrief
    from ._io import write_csv

    table = debrief(args.pack, args.submissions, case=args.case)
    write_csv(table, args.out, overwrite=args.force)
    played = int((table["status"] == "played").sum())
    print(f"played {played} plans ({len(table) - played} flagged, not played); wrote {args.out}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``collect``, ``grade`` and ``debrief`` sub-commands."""
    p = sub.add_parser("collect", help="gather the students' answers files into a class folder",
                       description="Gather *.answers.json files (and the notebooks beside "
                                   "them) from DIR... into OUT/<student_id>/, matched to the "
                                   "roster; reports missing, duplicate and unknown students.")
    p.add_argument("dirs", nargs="+", metavar="DIR", help="folders to search (recursively)")
    p.add_argument("--roster", required=True, help="the roster CSV (column student_id)")
    p.add_argument("--out", required=True, help="the class folder to create")
    p.add_argument("--force", action="store_true", help="replace an existing class folder")
    p.set_defaults(func=_collect)

    p = sub.add_parser("grade", help="re-check every answer on the student's own dataset",
                       description="Grade a collected class against the class pack: a "
                                   "gradebook (one row per student), a mistakes table and "
                                   "the flagged files, without running any student code.")
    p.add_argument("--pack", required=True, help="the class pack folder (manifest.csv)")
    p.add_argument("--submissions", required=True, help="the class folder made by collect")
    p.add_argument("--out", required=True, help="gradebook CSV (…_mistakes.csv and "
                                                "…_flags.csv are written beside it)")
    p.add_argument("--rubric", help="CSV student_id,rubric: your scores of written answers")
    p.add_argument("--force", action="store_true", help="replace existing files")
    p.set_defaults(func=_grade)

    p = sub.add_parser("debrief", help="play every student's case plan on their own dataset",
                       description="Play each plan recorded with ck.record_plan forward on "
                                   "the student's own dataset; one row per plan.")
    p.add_argument("--pack", required=True, help="the class pack folder (manifest.csv)")
    p.add_argument("--submissions", required=True, help="the class folder made by collect")
    p.add_argument("--case", help="only this case (its answers file name)")
    p.add_argument("--out", required=True, help="the debrief CSV")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=_debrief)
