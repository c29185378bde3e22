"""``python -m casekit assign``: student and instructor notebooks from one source per chapter.

An exercise source (``exercises/source/exNN_<name>.md``, Jupytext's MyST Markdown like the
course notebooks' sources, see :mod:`casekit.build`) marks each solution region::

    # BEGIN SOLUTION: arpu
    arpu = base.activity["revenue"].mean()
    # END SOLUTION
    ex.check("q2", arpu)

The **student version** (``exercises/exNN_<name>.ipynb``) replaces each region by a placeholder,
one line per name after ``BEGIN SOLUTION:`` (``arpu = ...  # your code here``; without names, the
last variable the region assigns), drops cells whose first line is ``# SOLUTION ONLY`` (code) or
``<!-- SOLUTION ONLY -->`` (markdown), and has no outputs. Its checks print "not answered yet".

The **instructor version** (``exercises/solutions/exNN_<name>.ipynb``) keeps the solutions
(markers removed), starts each check cell with ``# NBVAL_CHECK_OUTPUT`` so ``pytest --nbval-lax``
verifies that every check still prints ✔, points ``DATASET = "../…"`` one folder further up
(the solutions live one level deeper), and is executed so it is stored with its outputs.

**Two editions**: a source whose prompts are also in Chinese (markdown cells tagged
``+++ {"lang": "en"}`` / ``+++ {"lang": "zh"}``, see :mod:`casekit.editions`) gives a Chinese
student notebook ``exercises/zh/exNN_<name>.ipynb`` and a Chinese instructor notebook
``exercises/solutions/zh/exNN_<name>.ipynb``; ``--lang zh`` writes only those (to hand out the
中文版), ``--lang en`` only the English ones.

``--check`` only compares: it lists the generated notebooks whose cell sources differ from what
the sources give (outputs are not compared) and exits with 1 if any is out of date.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path
from typing import Iterable

from .editions import EDITIONS


__all__: list[str] = []

BEGIN = re.compile(r"^(?P<indent>\s*)#\s*BEGIN SOLUTION(?:\s*:\s*(?P<names>[\w\s,]*))?\s*$")
END = re.compile(r"^\s*#\s*END SOLUTION\s*$")
ASSIGN = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)")
DATASET = re.compile(r"""^(?P<head>\s*DATASET\s*=\s*[rR]?["'])(?P<path>\.\./)""")
SOLUTION_ONLY_CODE = "# SOLUTION ONLY"
SOLUTION_ONLY_MD = "<!-- SOLUTION ONLY -->"
NBVAL_MARK = "# NBVAL_CHECK_OUTPUT"
PLACEHOLDER = "{indent}{name} = ...  # your code here"
CHECK_CALL = re.compile(r"\.check\(|\bck\.check\(")


class MarkerError(ValueError):
    """A solution region is not well formed (unclosed, nested, or with nothing to assign)."""


def _regions(lines: list[str], where: str) -> list[tuple[int, int, str, list[str]]]:
    """(begin, end, indent, names) of each solution region in ``lines``."""
    out, start = [], None
    for i, line in enumerate(lines):
        if BEGIN.match(line):
            if start is not None:
                raise MarkerError(f"{where}: line {i + 1}: BEGIN SOLUTION inside another region "
                                  f"(opened at line {start + 1})")
            start = i
        elif END.match(line):
            if start is None:
                raise MarkerError(f"{where}: line {i + 1}: END SOLUTION without BEGIN SOLUTION")
            m = BEGIN.match(lines[start])
            names = [n for n in re.split(r"[\s,]+", m.group("names") or "") if n]
            if not names:
                assigned = [a.group("name") for a in
                            (ASSIGN.match(l[len(m.group("indent")):]) for l in lines[start + 1:i])
                            if a]
                if not assigned:
                    raise MarkerError(f"{where}: the region at line {start + 1} assigns no "
                                      "variable; name the answer: '# BEGIN SOLUTION: answer'")
                names = [assigned[-1]]
            out.append((start, i, m.group("indent"), names))
            start = None
    if start is not None:
        raise MarkerError(f"{where}: BEGIN SOLUTION at line {start + 1} is never closed")
    return out


def student_source(source: str, where: str = "cell") -> str:
    """The student's version of one code cell: each solution region → placeholders."""
    lines = source.split("\n")
    regions = _regions(lines, where)
    out, pos = [], 0
    for begin, end, indent, names in regions:
        out += lines[pos:begin]
        out += [PLACEHOLDER.format(indent=indent, name=n) for n in names]
        pos = end + 1
    out += lines[pos:]
    return "\n".join(out)


def solution_source(source: str, where: str = "cell") -> str:
    """The instructor's version of one code cell: markers removed, dataset path one level up,
    and ``# NBVAL_CHECK_OUTPUT`` first in a cell that both holds a solution and checks it."""
    lines = source.split("\n")
    regions = _regions(lines, where)
    marks = {b for b, _, _, _ in regions} | {e for _, e, _, _ in regions}
    kept = [DATASET.sub(lambda m: m.group("head") + "../" + m.group("path"), line)
            for i, line in enumerate(lines) if i not in marks]
    if regions and CHECK_CALL.search(source) and kept and kept[0] != NBVAL_MARK:
        kept.insert(0, NBVAL_MARK)
    return "\n".join(kept)


def _solution_only(cell) -> str | None:
    first = cell.source.split("\n", 1)[0].strip()
    if cell.cell_type == "code" and first == SOLUTION_ONLY_CODE:
        return "code"
    if cell.cell_type == "markdown" and first == SOLUTION_ONLY_MD:
        return "markdown"
    return None


def _blank(nb):
    new = copy.deepcopy(nb)
    new.cells = []
    return new


def make_student(master) -> "nbformat.NotebookNode":
    """The student notebook for ``master`` (no solutions, no outputs)."""
    nb = _blank(master)
    for k, cell in enumerate(master.cells):
        if _solution_only(cell):
            continue
        new = copy.deepcopy(cell)
        if cell.cell_type == "code":
            new.source = student_source(cell.source, f"cell {k}")
            new.outputs, new.execution_count = [], None
        nb.cells.append(new)
    return nb


_CHAPTER_CALL = re.compile(r'ck\.exercise\(\s*"(?P<chapter>[A-Za-z0-9_]+)"')
_CHECKED = re.compile(r'ex\.check\(\s*"(?P<q>q\d+)"')


def _why_cells(master, cell, lang: str = "en") -> list:
    """Markdown cells with the worked explanation of each question ``cell`` checks
    (:func:`casekit.exercises.why.why_markdown`), for the instructor notebook of edition
    ``lang``: ``**Why (Q3).** …`` in English, ``**解题思路（第 3 题）：** …`` in Chinese."""
    import nbformat

    from .exercises.why import why_markdown

    code = "\n".join(c.source for c in master.cells if c.cell_type == "code")
    found = _CHAPTER_CALL.search(code)
    if found is None or cell.cell_type != "code":
        return []
    out = []
    for m in _CHECKED.finditer(cell.source):
        qid = f"{found.group('chapter')}.{m.group('q')}"
        text = why_markdown(qid, lang)
        if text:
            new = nbformat.v4.new_markdown_cell(text)
            new["id"] = f"why-{qid.replace('.', '-')}"
            out.append(new)
    return out


def make_solution(master, lang: str = "en") -> "nbformat.NotebookNode":
    """The instructor notebook for ``master`` (solutions kept, not yet executed), with the
    worked explanation ("why") of each question under the cell that checks it.

    ``master`` is edition ``lang`` of a source (:func:`read_master`); the worked explanations
    are those of :mod:`casekit.exercises.why` in that language."""
    nb = _blank(master)
    for k, cell in enumerate(master.cells):
        new = copy.deepcopy(cell)
        if _solution_only(cell):
            new.source = cell.source.split("\n", 1)[1] if "\n" in cell.source else ""
        if cell.cell_type == "code":
            new.source = solution_source(new.source, f"cell {k}")
            new.outputs, new.execution_count = [], None
        nb.cells.append(new)
        nb.cells.extend(_why_cells(master, cell, lang))
    return nb


def execute(nb, cwd: Path, timeout: int = 300) -> "nbformat.NotebookNode":
    """Run ``nb`` top to bottom in a fresh python3 kernel in folder ``cwd`` (outputs stored)."""
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def read_master(path: str | Path, lang: str = "en") -> "nbformat.NotebookNode":
    """Edition ``lang`` of the exercise (or case) source ``path``, before student/instructor.

    Parameters
    ----------
    path : str or Path
        ``exercises/source/exNN_<name>.md`` (Jupytext MyST Markdown).
    lang : {"en", "zh"}
        The edition (see :mod:`casekit.editions`).

    Returns
    -------
    nbformat.NotebookNode
        The cells of that edition, no outputs.

    Raises
    ------
    ValueError
        The file is not UTF-8 MyST Markdown, or ``lang`` is not an edition.
    """
    from .editions import read_edition

    return read_edition(path, lang)


def _sources(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nb.cells]


def masters(source: Path) -> list[Path]:
    """The exercise sources ``exNN_*.md`` in folder ``source``, sorted."""
    return sorted(p for p in Path(source).glob("ex[0-9][0-9]_*.md"))


def editions_of(path: Path, lang: str = "all") -> tuple[str, ...]:
    """The editions of source ``path`` to write: those it has prose for, limited to ``lang``.

    Parameters
    ----------
    path : Path
        An exercise or case source.
    lang : {"all", "en", "zh"}
        "all": every edition the source has.

    Returns
    -------
    tuple of str
    """
    from .editions import translations

    if lang != "all" and lang not in EDITIONS:
        raise ValueError(f"lang={lang!r}: allowed are 'all' or one of {tuple(EDITIONS)}")
    return tuple(e for e in translations(path) if lang in ("all", e))


def versions(path: Path, out: Path, lang: str) -> list[tuple[Path, "nbformat.NotebookNode"]]:
    """(target, notebook) of the student and the instructor notebook of edition ``lang`` of
    source ``path`` (not executed); targets as :func:`casekit.editions.assignment_paths`."""
    from .editions import assignment_paths

    master = read_master(path, lang)
    student, solution = assignment_paths(path, out, lang)
    return [(student, make_student(master)), (solution, make_solution(master, lang))]


def orphans(paths: Iterable[Path], out: Path) -> list[Path]:
    """Built notebooks in the edition sub-folders of ``out`` (``out/zh``,
    ``out/solutions/zh``) that no source edition in ``paths`` produces any more."""
    from .editions import assignment_paths, translations

    expected = {t for p in paths for lang in translations(p)
                for t in assignment_paths(p, out, lang)}
    found = []
    for folder in (f for f in EDITIONS.values() if f):
        for parent in (Path(out) / folder, Path(out) / "solutions" / folder):
            found += sorted(p for p in parent.glob("*.ipynb") if p not in expected)
    return found


def stale(source: Path, out: Path, lang: str = "all") -> list[Path]:
    """Generated notebooks, of every edition a source has (or of edition ``lang`` only), that
    are missing or whose cell sources differ from their source; and (unless ``lang="en"``)
    Chinese notebooks no source produces any more."""
    import nbformat

    result = []
    found = masters(source)
    for path in found:
        for edition in editions_of(path, lang):
            for target, want in versions(path, Path(out), edition):
                if not target.exists() or \
                        _sources(nbformat.read(target, as_version=4)) != _sources(want):
                    result.append(target)
    return result + (orphans(found, Path(out)) if lang != "en" else [])


def assign(source: str | Path = "exercises/source", out: str | Path | None = None,
           run: bool = True, only: Iterable[str] | None = None, lang: str = "all"
           ) -> list[Path]:
    """Write the student and instructor notebooks of every exercise source in ``source``.

    Parameters
    ----------
    source : str or Path
        Folder of the sources ``exNN_<name>.md``.
    out : str or Path, optional
        Student notebooks go to ``out/`` (Chinese: ``out/zh/``), instructor notebooks to
        ``out/solutions/`` (``out/solutions/zh/``); default: the parent of ``source``.
    run : bool
        Execute the instructor notebooks so they are stored with outputs.
    only : iterable of str, optional
        Chapters such as ``["ex02"]``.
    lang : {"all", "en", "zh"}
        The editions to write; "all" writes every edition a source has. Sources without
        prose in ``lang`` are skipped.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    FileNotFoundError
        No such folder, or no source (for ``only``, or with prose in ``lang``).
    """
    import nbformat  # imported here: it costs seconds, and the CLI need not pay it

    source = Path(source)
    if not source.is_dir():
        raise FileNotFoundError(f"assign(source={str(source)!r}): no such folder; run from the "
                                "project root or pass --source exercises/source")
    out = Path(out) if out is not None else source.parent
    found = masters(source)
    if only:
        wanted = set(only)
        found = [p for p in found if p.name[:4] in wanted]
    if not found:
        raise FileNotFoundError(f"assign: no exercise sources exNN_*.md in {str(source)!r}"
                                + (f" for {sorted(only)}" if only else ""))
    jobs = [(p, e) for p in found for e in editions_of(p, lang)]
    if not jobs:
        raise FileNotFoundError(f"assign(lang={lang!r}): none of the {len(found)} sources in "
                                f"{str(source)!r} has prose in that language yet")
    written = []
    for path, edition in jobs:
        (student, nb_student), (solution, nb_solution) = versions(path, out, edition)
        for target in (student, solution):
            target.parent.mkdir(parents=True, exist_ok=True)
        if run:
            execute(nb_solution, solution.parent.resolve())
        for target, nb in ((student, nb_student), (solution, nb_solution)):
            nbformat.validate(nb)
            nbformat.write(nb, target)
            written.append(target)
    return written


def _main(args: argparse.Namespace) -> int:
    source = Path(args.source)
    out = Path(args.out) if args.out else source.parent
    if args.check:
        old = stale(source, out, args.lang)
        for p in old:
            print(f"out of date: {p}")
        if old:
            print("run `python -m casekit assign` to regenerate them", file=sys.stderr)
            return 1
        print(f"all exercise notebooks are up to date with {source}")
        return 0
    for p in assign(source, out, run=not args.no_execute, only=args.only or None,
                    lang=args.lang):
        print(f"wrote {p}")
    if args.lang not in ("all", "en"):
        for p in masters(source):
            if args.lang not in editions_of(p) and (not args.only or p.name[:4] in args.only):
                print(f"not yet translated ({args.lang}): {p}", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    """Add the ``assign`` sub-command to ``python -m casekit``."""
    p = subparsers.add_parser(
        "assign", help="build student and instructor exercise notebooks from their sources",
        description=__doc__.split("\n\n")[0] + " Reads exercises/source/exNN_*.md; writes "
        "exercises/exNN_*.ipynb (students) and exercises/solutions/exNN_*.ipynb (instructors, "
        "executed), and for a source with Chinese prompts exercises/zh/ and "
        "exercises/solutions/zh/ (中文版).")
    p.add_argument("--source", default="exercises/source",
                   help="folder of the exercise sources exNN_*.md (default: exercises/source)")
    p.add_argument("--out", default=None,
                   help="output folder (default: the parent of --source)")
    p.add_argument("--only", nargs="*", metavar="exNN",
                   help="only these chapters, e.g. --only ex02 ex05")
    p.add_argument("--lang", choices=("all",) + tuple(EDITIONS), default="all",
                   help="the edition to write: en (exercises/), zh (中文版: exercises/zh/) or "
                        "all the editions a source has (default)")
    p.add_argument("--no-execute", action="store_true",
                   help="do not run the instructor notebooks (no outputs stored)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if a generated notebook (of --lang) is out of "
                        "date")
    p.set_defaults(func=_main)
