"""``python -m casekit assign``: student and instructor notebooks from one master per chapter.

A master notebook (``exercises/source/exNN_<name>.ipynb``) marks each solution region::

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

``--check`` only compares: it lists the generated notebooks whose cell sources differ from what
the masters give (outputs are not compared) and exits with 1 if any is out of date.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path
from typing import Iterable


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


def _why_cells(master, cell) -> list:
    """Markdown cells with the worked explanation of each question ``cell`` checks
    (:mod:`casekit.exercises.why`), for the instructor notebook."""
    import nbformat

    from .exercises.why import why

    code = "\n".join(c.source for c in master.cells if c.cell_type == "code")
    found = _CHAPTER_CALL.search(code)
    if found is None or cell.cell_type != "code":
        return []
    out = []
    for m in _CHECKED.finditer(cell.source):
        qid = f"{found.group('chapter')}.{m.group('q')}"
        text = why(qid)
        if text:
            new = nbformat.v4.new_markdown_cell(f"**Why ({m.group('q').upper()}).** {text}")
            new["id"] = f"why-{qid.replace('.', '-')}"
            out.append(new)
    return out


def make_solution(master) -> "nbformat.NotebookNode":
    """The instructor notebook for ``master`` (solutions kept, not yet executed), with the
    worked explanation ("why") of each question under the cell that checks it."""
    nb = _blank(master)
    for k, cell in enumerate(master.cells):
        new = copy.deepcopy(cell)
        if _solution_only(cell):
            new.source = cell.source.split("\n", 1)[1] if "\n" in cell.source else ""
        if cell.cell_type == "code":
            new.source = solution_source(new.source, f"cell {k}")
            new.outputs, new.execution_count = [], None
        nb.cells.append(new)
        nb.cells.extend(_why_cells(master, cell))
    return nb


def execute(nb, cwd: Path, timeout: int = 300) -> "nbformat.NotebookNode":
    """Run ``nb`` top to bottom in a fresh python3 kernel in folder ``cwd`` (outputs stored)."""
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def _read(path: Path) -> "nbformat.NotebookNode":
    """Read notebook ``path``; a clear error naming it when it is not a notebook."""
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text, so not a notebook") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # NotJSONError is a ValueError
        raise ValueError(f"{path}: not a valid Jupyter notebook ({exc})") from None


def _sources(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nb.cells]


def masters(source: Path) -> list[Path]:
    """The master notebooks ``exNN_*.ipynb`` in folder ``source``, sorted."""
    return sorted(p for p in Path(source).glob("ex[0-9][0-9]_*.ipynb"))


def stale(source: Path, out: Path) -> list[Path]:
    """Generated notebooks that are missing or whose cell sources differ from their master."""
    result = []
    for master_path in masters(source):
        master = _read(master_path)
        for target, want in ((out / master_path.name, make_student(master)),
                             (out / "solutions" / master_path.name, make_solution(master))):
            if not target.exists() or _sources(_read(target)) != _sources(want):
                result.append(target)
    return result


def assign(source: str | Path = "exercises/source", out: str | Path | None = None,
           run: bool = True, only: Iterable[str] | None = None) -> list[Path]:
    """Write the student and instructor notebooks of every master in ``source``.

    ``out`` defaults to the parent of ``source``; student notebooks go to ``out/``, instructor
    notebooks to ``out/solutions/`` (executed when ``run``). ``only`` restricts to chapters
    such as ``["ex02"]``. Returns the files written.
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
        raise FileNotFoundError(f"assign: no master notebooks exNN_*.ipynb in {str(source)!r}"
                                + (f" for {sorted(only)}" if only else ""))
    (out / "solutions").mkdir(parents=True, exist_ok=True)
    written = []
    for master_path in found:
        master = _read(master_path)
        student = make_student(master)
        solution = make_solution(master)
        if run:
            execute(solution, (out / "solutions").resolve())
        for target, nb in ((out / master_path.name, student),
                           (out / "solutions" / master_path.name, solution)):
            nbformat.validate(nb)
            nbformat.write(nb, target)
            written.append(target)
    return written


def _main(args: argparse.Namespace) -> int:
    source = Path(args.source)
    out = Path(args.out) if args.out else source.parent
    if args.check:
        old = stale(source, out)
        for p in old:
            print(f"out of date: {p}")
        if old:
            print("run `python -m casekit assign` to regenerate them", file=sys.stderr)
            return 1
        print(f"all exercise notebooks are up to date with {source}")
        return 0
    for p in assign(source, out, run=not args.no_execute, only=args.only or None):
        print(f"wrote {p}")
    return 0


def register(subparsers) -> None:
    """Add the ``assign`` sub-command to ``python -m casekit``."""
    p = subparsers.add_parser(
        "assign", help="build student and instructor exercise notebooks from the masters",
        description=__doc__.split("\n\n")[0] + " Reads exercises/source/exNN_*.ipynb; writes "
        "exercises/exNN_*.ipynb (students) and exercises/solutions/exNN_*.ipynb (instructors, "
        "executed).")
    p.add_argument("--source", default="exercises/source",
                   help="folder of the master notebooks (default: exercises/source)")
    p.add_argument("--out", default=None,
                   help="output folder (default: the parent of --source)")
    p.add_argument("--only", nargs="*", metavar="exNN",
                   help="only these chapters, e.g. --only ex02 ex05")
    p.add_argument("--no-execute", action="store_true",
                   help="do not run the instructor notebooks (no outputs stored)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if a generated notebook is out of date")
    p.set_defaults(func=_main)
