"""Files for the catalogue's rows: small saved datasets, edited copies, rosters, CLI runs.

Not an area (no rows): ``CASES`` is empty. Everything is written under one temporary folder
per test session, removed at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import casekit as ck

CASES: list = []

_ROOT: Path | None = None
_COUNT = [0]


def scratch(name: str = "x") -> Path:
    """A new, not yet existing path in this session's temporary folder."""
    global _ROOT
    if _ROOT is None:
        _ROOT = Path(tempfile.mkdtemp(prefix="casekit-bad-inputs-"))
        atexit.register(shutil.rmtree, _ROOT, True)
    _COUNT[0] += 1
    return _ROOT / f"{_COUNT[0]:04d}_{name}"


@lru_cache(maxsize=None)
def small_base() -> ck.CustomerBase:
    """A telecom base of 40 customers over 3 months."""
    return ck.telecom(customers=40, months=3, seed=1)


@lru_cache(maxsize=None)
def _saved() -> Path:
    path = scratch("saved")
    small_base().save(path)
    return path


def dataset(edit: Callable[[Path], Any] | None = None) -> Path:
    """A fresh copy of the small saved dataset, changed by ``edit(folder)``."""
    path = scratch("dataset")
    shutil.copytree(_saved(), path)
    if edit is not None:
        edit(path)
    return path


def edit_lines(file: str, change: Callable[[list[str]], list[str]]) -> Callable[[Path], None]:
    """An edit that rewrites the lines of ``file`` (UTF-8) with ``change(lines)``."""
    def edit(folder: Path) -> None:
        lines = (folder / file).read_text(encoding="utf-8").split("\n")[:-1]
        (folder / file).write_text("\n".join(change(lines)) + "\n", encoding="utf-8")
    return edit


def set_cell(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """An edit setting one cell (``row`` counted from 1 after the header) of a CSV file."""
    def change(lines: list[str]) -> list[str]:
        header = lines[0].split(",")
        cells = lines[row].split(",")
        cells[header.index(column)] = value
        lines[row] = ",".join(cells)
        return lines
    return edit_lines(file, change)


def edit_json(file: str, change: Callable[[dict], Any]) -> Callable[[Path], None]:
    """An edit that loads ``file`` as JSON, applies ``change(data)`` and writes it back."""
    def edit(folder: Path) -> None:
        data = json.loads((folder / file).read_text(encoding="utf-8"))
        change(data)
        (folder / file).write_text(json.dumps(data), encoding="utf-8")
    return edit


def write(file: str, content: str | bytes) -> Callable[[Path], None]:
    """An edit replacing ``file`` by ``content``."""
    def edit(folder: Path) -> None:
        if isinstance(content, bytes):
            (folder / file).write_bytes(content)
        else:
            (folder / file).write_text(content, encoding="utf-8")
    return edit


def text_file(content: str | bytes, name: str = "file.csv") -> Path:
    """A new file holding ``content`` (text as UTF-8, or bytes as given)."""
    path = scratch(name)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def foreign_folder() -> Path:
    """A folder casekit did not write: someone's thesis."""
    path = scratch("thesis")
    path.mkdir()
    (path / "thesis.docx").write_text("three years of work")
    return path


def link_to_folder() -> Path:
    """A symbolic link to an (empty) folder."""
    real = scratch("real")
    real.mkdir()
    link = scratch("link")
    link.symlink_to(real, target_is_directory=True)
    return link


def under_a_file() -> Path:
    """A path whose parent is a regular file (no folder can be made there)."""
    return text_file("x", "a_file") / "out"


def read_only_parent() -> Path:
    """A path inside a folder nobody may write to (on Linux as root: /sys)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and sys.platform.startswith("linux"):
        return Path("/sys") / f"casekit-{os.getpid()}"
    folder = scratch("read_only")
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "out"


def non_empty_folder() -> Path:
    """A non-empty dataset folder casekit wrote."""
    return dataset()


def roster(text: str | bytes) -> Path:
    """A roster CSV file."""
    return text_file(text, "roster.csv")


def cli(*args: Any) -> tuple[int, str]:
    """Run ``python -m casekit`` in-process: (exit status, stderr)."""
    from casekit.cli import main

    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:          # argparse's own usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


def exits_2_saying(*words: str) -> Callable[[tuple[int, str]], bool]:
    """Check of a CLI row: exit status 2, each word in stderr, and no traceback."""
    def check(result: tuple[int, str]) -> bool:
        code, err = result
        ok = code == 2 and "Traceback" not in err and all(w.lower() in err.lower() for w in words)
        if not ok:
            print(f"exit {code}; stderr:\n{err}")
        return ok
    return check
