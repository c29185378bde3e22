"""``collect``: gather the students' answers files (and notebooks) into one class folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from ..check import SUFFIX, read_answers
from ._io import write_csv
from ._roster import read_roster


@dataclass
class Collected:
    """What :func:`collect` found.

    Attributes
    ----------
    table : DataFrame
        One row per roster student: student_id, name, files (notebooks found, e.g.
        ``"ex01 ex02"``), status (``collected`` / ``missing``).
    duplicates : DataFrame
        student_id, notebook, file kept, file left out (the same notebook handed in twice).
    unknown : DataFrame
        file, student_id named in it (not on the roster) — or a reason it could not be read.
    """

    table: pd.DataFrame
    duplicates: pd.DataFrame
    unknown: pd.DataFrame

    @property
    def missing(self) -> list[str]:
        """The roster students who handed in nothing."""
        return self.table.loc[self.table["status"] == "missing", "student_id"].tolist()

    def report(self) -> str:
        """The lines the command prints: counts, then every missing, duplicate and unknown.

        Returns
        -------
        str
            The printed lines, joined by newlines.
        """
        lines = [f"collected {int((self.table['status'] == 'collected').sum())} of "
                 f"{len(self.table)} students"]
        lines += [f"missing: {s} handed in no answers file" for s in self.missing]
        lines += [f"duplicate: {r.student_id} {r.notebook}: kept {r.kept}, left out {r.dropped}"
                  for r in self.duplicates.itertuples(index=False)]
        lines += [f"unknown: {r.file}: {r.reason}" for r in self.unknown.itertuples(index=False)]
        return "\n".join(lines)


def _answers_files(dirs: Iterable[str | os.PathLike]) -> list[Path]:
    files = []
    for d in dirs:
        folder = Path(d)
        if not folder.is_dir():
            raise FileNotFoundError(f"collect: DIR={str(folder)!r} is not a folder")
        files += sorted(folder.rglob(f"*{SUFFIX}"))
    return files


def collect(dirs: Iterable[str | os.PathLike], roster: str | os.PathLike | pd.DataFrame,
            out: str | os.PathLike, overwrite: bool = False) -> Collected:
    """Gather answers files (and the notebooks beside them) into ``out/<student_id>/``.

    Each ``*.answers.json`` under ``dirs`` is matched to the roster by the student id the
    notebook wrote into it (from the student's class-pack folder). Reported: roster students
    with no file (missing), a notebook handed in twice by one student (duplicate: the file
    written last — the newest ``saved`` order of the scan — is kept), files naming no roster
    student or unreadable (unknown). ``out/collect_report.csv`` holds the table.

    Parameters
    ----------
    dirs : iterable of paths
        Folders to search (recursively), e.g. one per student or an LMS download.
    roster : path or DataFrame
        The class roster (column ``student_id``, optionally ``name``).
    out : path
        The class folder to create; an existing non-empty one only with ``overwrite``.
    overwrite : bool
        Replace an existing class folder.

    Returns
    -------
    Collected
    """
    students = read_roster(roster)
    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())) and not overwrite:
        raise FileExistsError(f"out={str(target)!r}: exists and is not empty; pass "
                              "overwrite=True (CLI: --force) to replace it")
    known = set(students["student_id"])
    chosen: dict[tuple[str, str], Path] = {}
    dups, unknown = [], []
    for file in _answers_files(dirs):
        try:
            rec = read_answers(file)
        except ValueError as exc:
            unknown.append({"file": str(file), "student_id": None, "reason": str(exc)})
            continue
        sid = rec.get("student_id")
        sid = None if sid is None else str(sid)
        if sid is None:
            unknown.append({"file": str(file), "student_id": None, "reason": "the file names "
                            "no student (answered on a dataset that is not a class-pack folder)"})
            continue
        if sid not in known:
            unknown.append({"file": str(file), "student_id": sid,
                            "reason": f"student {sid!r} is not on the roster"})
            continue
        key = (sid, str(rec.get("notebook")))
        if key in chosen:
            old = chosen[key]
            keep, drop = (file, old) if file.stat().st_mtime >= old.stat().st_mtime else (old, file)
            chosen[key] = keep
            dups.append({"student_id": sid, "notebook": key[1], "kept": str(keep),
                         "dropped": str(drop)})
        else:
            chosen[key] = file
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.collecting-", dir=target.parent))
    try:
        for (sid, nb), file in chosen.items():
            dest = tmp / sid
            dest.mkdir(exist_ok=True)
            shutil.copy2(file, dest / file.name)
            for notebook in sorted(file.parent.glob(f"{nb}*.ipynb")):
                shutil.copy2(notebook, dest / notebook.name)
        rows = []
        for sid, name in students.itertuples(index=False):
            nbs = sorted(n for (s, n) in chosen if s == sid)
            rows.append({"student_id": sid, "name": name, "files": " ".join(nbs),
                         "status": "collected" if nbs else "missing"})
        table = pd.DataFrame(rows, columns=["student_id", "name", "files", "status"])
        write_csv(table, tmp / "collect_report.csv")
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Collected(table,
                     pd.DataFrame(dups, columns=["student_id", "notebook", "kept", "dropped"]),
                     pd.DataFrame(unknown, columns=["file", "student_id", "reason"]))
