"""A generated class for the instructor's desk: a class pack, and each student's hand-in made
by running the exercise's solution code on that student's own dataset (in-process, with
the notebook's check cells recording the answers file), then deliberate mistakes injected.

Used by tests/test_desk.py, tests/e2e (the dashboard) and benchmarks/grade.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any, Callable

import pandas as pd

import casekit as ck

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "exercises" / "solutions"
#: The instructor versions of the case studies, by case chapter.
CASE_SOLUTIONS = {"case_telecom": ROOT / "cases" / "solutions" / "telecom_account_manager.ipynb",
                  "case_tobacco": ROOT / "cases" / "solutions" / "tobacco_bureau_analyst.ipynb"}


def solution_code(chapter: str) -> list[str]:
    """The code cells of the solution notebook of ``chapter`` (an exercise such as ``"ex02"``
    or a case such as ``"case_telecom"``; shell/magic lines dropped)."""
    if chapter in CASE_SOLUTIONS:
        nb_file = CASE_SOLUTIONS[chapter]
    else:
        nb_file, = SOLUTIONS.glob(f"{chapter}_*.ipynb")
    nb = json.loads(nb_file.read_text(encoding="utf-8"))
    cells = []
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            src = "".join(c["source"])
            cells.append("\n".join(line for line in src.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
    return cells


def run_solution(chapter: str, dataset: Path, workdir: Path) -> dict[str, Any]:
    """Run ``chapter``'s solution code on ``dataset`` with ``workdir`` as the notebook's
    folder (where the answers file is written). Returns the notebook's namespace."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns: dict[str, Any] = {"display": lambda *a, **k: None}
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        with contextlib.redirect_stdout(io.StringIO()), _cwd(workdir):
            for src in solution_code(chapter):
                src = re.sub(r"^DATASET\s*=.*$", f"DATASET = {str(dataset)!r}", src,
                             flags=re.M)
                exec(compile(src, f"{chapter} solution", "exec"), ns)
    finally:
        plt.close("all")
    return ns


def make_pack(root: Path, students: int, world: str = "telecom", size: int = 300,
              periods: int = 24, key_chapters: tuple[str, ...] = ()) -> tuple[Path, Path]:
    """A class pack of ``students`` (ids s001, s002, …) and its roster CSV; with
    ``key_chapters``, the instructor's answer key of those chapters (as ``--answers`` writes
    it for all of them)."""
    roster = root / "roster.csv"
    pd.DataFrame({"student_id": [f"s{i:03d}" for i in range(1, students + 1)],
                  "name": [f"Student {i}" for i in range(1, students + 1)]}
                 ).to_csv(roster, index=False)
    ck.class_pack(roster, world, root / "pack", course_seed=2026, size=size, periods=periods)
    if key_chapters:
        bases = {sid: ck.load(root / "pack" / sid)
                 for sid in pd.read_csv(roster, dtype=str)["student_id"]}
        ck.answer_key(bases, chapters=key_chapters).to_csv(root / "pack" / "answer_key.csv",
                                                           index=False)
    return root / "pack", roster


def hand_in(pack: Path, handins: Path, chapter: str,
            inject: dict[tuple[str, str], Callable[[Any], Any]] | None = None,
            skip: tuple[str, ...] = ()) -> None:
    """Each student (but ``skip``) runs the solution of ``chapter`` in ``handins/<sid>/``;
    then, for each ``(sid, "qN"): f`` of ``inject``, re-runs that check cell with
    ``f(solution answer)`` — the answer a student making that mistake gives."""
    inject = inject or {}
    manifest = pd.read_csv(pack / "manifest.csv", dtype=str)
    for sid in manifest["student_id"]:
        if sid in skip:
            continue
        ns = run_solution(chapter, pack / sid, handins / sid)
        for (who, q), change in inject.items():
            if who == sid:
                ex = ns["ex"]
                with contextlib.redirect_stdout(io.StringIO()), _cwd(handins / sid):
                    ex.check(q, change(ck.check.history()[f"{chapter}.{q}"]))


@contextlib.contextmanager
def _cwd(path: Path):
    """Work in ``path`` as a student's notebook folder: answers are recorded there (the
    default rule), whatever CASEKIT_ANSWERS the tests set."""
    old, setting = Path.cwd(), os.environ.pop("CASEKIT_ANSWERS", None)
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)
        if setting is not None:
            os.environ["CASEKIT_ANSWERS"] = setting


def quick_class(root: Path, students: int = 30) -> tuple[Path, Path]:
    """A class for the dashboard: exercise 02 answered through the check cells with each
    student's key answers (every third student gives q1 in percent, every fifth skips q6),
    and a case plan recorded by the first five students; collected into ``root/class``."""
    from casekit.desk import collect

    pack, roster = make_pack(root, students, key_chapters=("ex02",))
    key = pd.read_csv(pack / "answer_key.csv", dtype=str, keep_default_na=False)
    for i, row in enumerate(key.to_dict("records")):
        sid = row.pop("student_id")
        base = ck.load(pack / sid)
        (root / "handins" / sid).mkdir(parents=True)
        with contextlib.redirect_stdout(io.StringIO()), _cwd(root / "handins" / sid):
            ex = ck.exercise("ex02", base)
            for qid, cell in row.items():
                value = ck.check.question(qid).kind.parse_key(cell)
                if qid == "ex02.q1" and i % 3 == 0:
                    value = 100 * value
                if qid == "ex02.q6" and i % 5 == 0:
                    value = ...
                ex.check(qid.split(".")[1], value)
            if i < 5:
                plan = ck.Plan(ck.AccountHours(8.0 * (i + 1)))
                ck.record_plan("case1", plan, base, periods=6, forecast=5000.0 * i)
    collect([root / "handins"], roster, root / "class")
    return pack, root / "class"
