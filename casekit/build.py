"""``python -m casekit build``: the executed course notebooks, rebuilt from their text sources.

Every course notebook has one reviewable text source, ``notebooks/source/NN_name.md``, in
Jupytext's MyST Markdown format (``md:myst``: markdown as it is, each code cell a
```` ```{code-cell} ipython3 ```` block, cells separated by ``+++``). The ``.ipynb`` students
open, ``notebooks/NN_name.ipynb``, is *built*: converted from the source, executed top to bottom
in a fresh ``python3`` kernel (in ``notebooks/``, so ``../datasets`` resolves) and written
atomically, with its outputs — plots and widget snapshots included. The same command rebuilds
the case studies (``cases/source/*.md``) and the exercises (``exercises/source/exNN_name.md``),
each as a student notebook (solutions → ``...``, not executed) and an executed instructor
notebook in ``solutions/`` (:mod:`casekit.assign`).

The build is **deterministic**: building again with nothing changed rewrites no byte. What
would otherwise change on every run is normalised (:mod:`casekit.notebook_format`):

* widget model ids (random in the kernel) become ids derived from the notebook's name and the
  order in which the widgets were created, in the outputs and in the widget-state metadata;
* cell ids are derived from the cell's content (so inserting a cell leaves the others' ids);
* consecutive pieces of printed text are joined (the kernel splits them by flush timing);
* execution timing is not recorded; kernel metadata is fixed (no Python patch version);
* notebooks whose bytes would not change are not rewritten.

An ``.ipynb`` whose cells differ from its source *and* that is newer than its source was edited
by hand (perhaps a student's work): it is not overwritten without ``--force``.

``--check`` executes nothing: it lists the notebooks whose cells (types and sources) differ
from their sources (course notebooks, cases and exercises) and exits with 1 if any does
(``tests/test_notebook_sources.py`` does the same); it also lists, without failing, the sources not yet translated into Chinese.

**Two editions (English and 中文) from one source**: markdown cells tagged ``lang: en`` /
``lang: zh`` in their MyST metadata (``+++ {"lang": "zh"}``), each English cell followed by its
Chinese twin; code cells once. A source with Chinese prose is built twice, to
``notebooks/NN_name.ipynb`` and ``notebooks/zh/NN_name.ipynb``; one without builds its English
edition as before and ``--check`` lists it as "not yet translated". Exercises and cases
likewise: ``exercises/zh/``, ``exercises/solutions/zh/``, ``cases/zh/``,
``cases/solutions/zh/``. The format and the two mechanical differences of the Chinese edition's code are described in :mod:`casekit.editions`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable

from .notebook_format import KERNEL, LANGUAGE_INFO, normalise
from .editions import EDITIONS, edition_path, read_edition, translations, untranslated

__all__: list[str] = []



#: The case studies: MyST sources, built alongside the course notebooks like the exercises —
#: a student notebook ``cases/<name>.ipynb`` (solution regions → ``...``, not executed) and an
#: executed instructor notebook ``cases/solutions/<name>.ipynb`` (``--only <name>`` picks one).
CASES_SOURCE, CASES_OUT = "cases/source", "cases"
#: The exercises: MyST sources ``exNN_name.md``, built like the cases (``--only ex09``).
EXERCISES_SOURCE, EXERCISES_OUT = "exercises/source", "exercises"


class StaleEditError(FileExistsError):
    """A built notebook was edited by hand after its source; refusing to overwrite it."""


def sources(folder: str | Path = "notebooks/source") -> list[Path]:
    """The notebook sources ``*.md`` in ``folder``, sorted by name.

    Parameters
    ----------
    folder : str or Path
        Folder of the MyST Markdown sources.

    Returns
    -------
    list of Path
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"sources(folder={str(folder)!r}): no such folder; run from the "
                                "project root or pass --source notebooks/source")
    return sorted(folder.glob("*.md"))


def read_source(path: str | Path, lang: str = "en"):
    """The notebook (no outputs) of edition ``lang`` that the MyST Markdown source ``path``
    describes: :func:`casekit.editions.read_edition`.

    Parameters
    ----------
    path : str or Path
        A ``.md`` file in Jupytext's MyST format.
    lang : {"en", "zh"}
        The edition: its markdown cells (untagged or tagged ``lang: <lang>``), and for "zh"
        the code as :func:`casekit.editions.localise_code` makes it.

    Returns
    -------
    nbformat.NotebookNode
        Cells as in the source; ``jupytext`` and ``lang`` metadata dropped, kernel metadata
        fixed.
    """
    if lang not in EDITIONS:
        raise ValueError(f"read_source(lang={lang!r}): allowed editions are {tuple(EDITIONS)}")
    return read_edition(path, lang)


def _seconds(text: str) -> int:
    """argparse type of ``--timeout``: a whole number of seconds, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is out of range; allowed: 1 or more seconds")
    return value


def cells_of(nb) -> list[tuple[str, str]]:
    """``(cell_type, source)`` of every cell: what must agree between a source and its build."""
    return [(c.cell_type, c.source) for c in nb.cells]


def execute(nb, cwd: str | Path, timeout: int = 600):
    """Run ``nb`` top to bottom in a fresh kernel in folder ``cwd`` (outputs stored, no timing).

    Parameters
    ----------
    nb : nbformat.NotebookNode
    cwd : str or Path
        Working folder of the kernel.
    timeout : int
        Seconds a cell may run.

    Returns
    -------
    nbformat.NotebookNode
    """
    from nbclient import NotebookClient

    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout <= 0:
        raise ValueError(f"timeout={timeout!r}: expected a whole number of seconds > 0")
    NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, record_timing=False,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def _text(nb) -> str:
    import nbformat

    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def write_atomic(text: str, target: Path) -> bool:
    """Write ``text`` to ``target`` through a temporary file and a rename; skip equal bytes.

    Returns
    -------
    bool
        True when the file was written, False when it already held these bytes.
    """
    target = Path(target)
    data = text.encode("utf-8")
    if target.exists() and target.read_bytes() == data:
        return False
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _hand_edited(source: Path, target: Path, want) -> bool:
    """True when ``target``'s cells differ from ``want`` and it is newer than ``source``."""
    import nbformat

    if not target.exists():
        return False
    if cells_of(nbformat.read(target, as_version=4)) == cells_of(want):
        return False
    return target.stat().st_mtime > source.stat().st_mtime


def build_notebook(source: str | Path, out: str | Path = "notebooks", run: bool = True,
                   force: bool = False, timeout: int = 600, lang: str = "en"
                   ) -> tuple[Path, bool]:
    """Build edition ``lang`` of the MyST source ``source``: ``out/<name>.ipynb`` (English)
    or ``out/zh/<name>.ipynb`` (中文).

    Parameters
    ----------
    source : str or Path
        ``notebooks/source/NN_name.md``.
    out : str or Path
        Folder of the built English notebooks; an edition's sub-folder (``zh``) is the
        kernel's working folder for that edition.
    run : bool
        Execute the notebook (False: cells only, no outputs).
    force : bool
        Overwrite a built notebook even if it was edited by hand after its source.
    timeout : int
        Seconds a cell may run.
    lang : {"en", "zh"}
        The edition (see the module docstring).

    Returns
    -------
    (Path, bool)
        The notebook's path and whether its bytes changed.
    """
    source = Path(source)
    target = edition_path(source, out, lang)
    nb = read_source(source, lang)
    if not force and _hand_edited(source, target, nb):
        raise StaleEditError(
            f"{target} was edited after its source {source} and its cells differ from it; "
            f"copy your changes into {source} (the file to edit), or rebuild with --force to "
            "discard them")
    target.parent.mkdir(parents=True, exist_ok=True)
    if run:
        nb = execute(nb, target.parent.resolve(), timeout)
    name = source.stem if lang == "en" else f"{EDITIONS[lang]}/{source.stem}"
    nb = normalise(nb, name)
    return target, write_atomic(_text(nb), target)


def build_assignment(source: str | Path, out: str | Path, lang: str = "en", run: bool = True,
                     force: bool = False, timeout: int = 600) -> list[tuple[Path, bool]]:
    """Build edition ``lang`` of an exercise or case source: its student notebook (not
    executed) and its executed instructor notebook, normalised like the course notebooks.

    Parameters
    ----------
    source : str or Path
        ``exercises/source/exNN_name.md`` or ``cases/source/<name>.md``; code between
        ``# BEGIN SOLUTION`` and ``# END SOLUTION`` is the student's to write (see
        :mod:`casekit.assign`).
    out : str or Path
        Folder of the English student notebooks (``exercises`` or ``cases``); the paths of
        each edition are :func:`casekit.editions.assignment_paths` (``out/zh/``,
        ``out/solutions/zh/``). The instructor notebook's folder is its kernel's working
        folder, which is why ``DATASET`` moves one level up there.
    lang : {"en", "zh"}
        The edition.
    run, force, timeout
        As in :func:`build_notebook`; ``force`` concerns the student notebook, which a
        student may have edited.

    Returns
    -------
    list of (Path, bool)
        The student and instructor notebooks and whether their bytes changed.
    """
    from .assign import versions

    source = Path(source)
    (target, student), (sol_target, solution) = versions(source, Path(out), lang)
    if not force and _hand_edited(source, target, student):
        raise StaleEditError(
            f"{target} was edited after its source {source} and its cells differ from it; "
            f"copy your changes into {source}, or rebuild with --force to discard them")
    target.parent.mkdir(parents=True, exist_ok=True)
    sol_target.parent.mkdir(parents=True, exist_ok=True)
    if run:
        solution = execute(solution, sol_target.parent.resolve(), timeout)
    name = source.stem if lang == "en" else f"{EDITIONS[lang]}/{source.stem}"
    return [(t, write_atomic(_text(normalise(nb, name)), t))
            for t, nb in ((target, student), (sol_target, solution))]


def build_exercises(source: str | Path = "exercises/source", out: str | Path | None = None,
                    only: Iterable[str] | None = None, timeout: int = 600, lang: str = "all",
                    run: bool = True, force: bool = False) -> list[tuple[Path, bool]]:
    """Student and executed instructor notebooks of every exercise source, in every edition
    it has (:func:`build_assignment`); what ``python -m casekit assign`` writes, made
    deterministic like the course notebooks.

    Parameters
    ----------
    source : str or Path
        Folder of the sources ``exNN_name.md``.
    out : str or Path, optional
        Folder of the English student notebooks; default: the parent of ``source``.
    only : iterable of str, optional
        Chapters such as ``["ex09"]``.
    timeout, run, force
        As in :func:`build_assignment`.
    lang : {"all", "en", "zh"}
        The editions to build ("all": every edition a source has).

    Returns
    -------
    list of (Path, bool)
        Each notebook written and whether its bytes changed.
    """
    from .assign import editions_of, masters

    source = Path(source)
    if not source.is_dir():
        raise FileNotFoundError(f"build_exercises(source={str(source)!r}): no such folder")
    out = Path(out) if out is not None else source.parent
    wanted = set(only or ())
    result = []
    for path in masters(source):
        if wanted and path.name[:4] not in wanted:
            continue
        for edition in editions_of(path, lang):
            result += build_assignment(path, out, edition, run=run, force=force,
                                       timeout=timeout)
    return result


def build_case(source: str | Path, out: str | Path = CASES_OUT, run: bool = True,
               force: bool = False, timeout: int = 600, lang: str = "all"
               ) -> list[tuple[Path, bool]]:
    """Build a case study from its MyST source, as the exercises are built: every edition it
    has (``lang="all"``) or one, each a student notebook ``out/[zh/]<name>.ipynb`` and an
    executed instructor notebook ``out/solutions/[zh/]<name>.ipynb``
    (:func:`build_assignment`).

    Returns
    -------
    list of (Path, bool)
        The student and instructor notebooks and whether their bytes changed.
    """
    from .assign import editions_of

    return [r for edition in editions_of(Path(source), lang)
            for r in build_assignment(source, out, edition, run=run, force=force,
                                      timeout=timeout)]


def stale_cases(source: str | Path = CASES_SOURCE, out: str | Path = CASES_OUT) -> list[Path]:
    """Case notebooks (student or instructor, every edition) missing or whose cells differ
    from their source; and Chinese case notebooks no source produces any more."""
    import nbformat

    from .assign import editions_of, orphans, versions

    result = []
    found = sources(source)
    for path in found:
        for lang in editions_of(path):
            for target, want in versions(path, Path(out), lang):
                if not target.exists() or \
                        cells_of(nbformat.read(target, as_version=4)) != cells_of(want):
                    result.append(target)
    return result + orphans(found, Path(out))


def stale(source: str | Path = "notebooks/source", out: str | Path = "notebooks") -> list[Path]:
    """Built notebooks, of every edition a source has, that are missing or whose cells differ
    from their sources; and Chinese editions whose source is gone or no longer translated."""
    import nbformat

    result = []
    expected = set()
    for path in sources(source):
        for lang in translations(path):
            target = edition_path(path, out, lang)
            expected.add(target)
            if not target.exists() or \
                    cells_of(nbformat.read(target, as_version=4)) != cells_of(
                        read_source(path, lang)):
                result.append(target)
    for lang, folder in EDITIONS.items():
        if folder:
            result += sorted(p for p in (Path(out) / folder).glob("*.ipynb") if p not in expected)
    return result


def _folders(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """(kind, source folder, out folder) of what ``build`` covers: the course notebooks, and
    with the default ``--source`` the cases and (unless ``--no-exercises``) the exercises."""
    folders = [("notebook", args.source, args.out)]
    if args.source == "notebooks/source":
        if Path(CASES_SOURCE).is_dir():
            folders.append(("case", CASES_SOURCE, CASES_OUT))
        if not args.no_exercises and Path(EXERCISES_SOURCE).is_dir():
            folders.append(("exercise", EXERCISES_SOURCE, EXERCISES_OUT))
    return folders


def _check(folders: list[tuple[str, str, str]]) -> int:
    from .assign import stale as stale_exercises

    check = {"notebook": stale, "case": stale_cases, "exercise": stale_exercises}
    old = [p for kind, src, out in folders for p in check[kind](src, out)]
    for p in old:
        print(f"out of date: {p}")
    for _, src, _ in folders:
        for p in untranslated(src):
            print(f"not yet translated (English edition only): {p}")
    if old:
        print("run `python -m casekit build` (or `make notebooks`) to rebuild them "
              "(a Chinese edition without a translated source: delete it)", file=sys.stderr)
        return 1
    print(f"all notebooks are up to date with {' and '.join(src for _, src, _ in folders)}")
    return 0


def _main(args: argparse.Namespace) -> int:
    folders = _folders(args)
    if args.check:
        return _check(folders)
    found = [(kind, p, out) for kind, src, out in folders for p in sources(src)
             if kind != "exercise" or p.name[:2] == "ex"]
    if args.only:
        wanted = set(args.only)
        found = [(kind, p, out) for kind, p, out in found
                 if p.name[:2] in wanted or p.name[:4] in wanted or p.stem in wanted]
        if not found:
            raise FileNotFoundError(f"--only {' '.join(args.only)}: no source in "
                                    f"{' or '.join(src for _, src, _ in folders)}")
    options = dict(run=not args.no_execute, force=args.force, timeout=args.timeout)
    for kind, path, out in found:
        if kind == "notebook":
            built = [build_notebook(path, out, lang=lang, **options)
                     for lang in translations(path) if args.lang in ("all", lang)]
        else:
            built = build_case(path, out, lang=args.lang, **options)
        for target, changed in built:
            print(f"{'wrote' if changed else 'unchanged'} {target}", flush=True)
    return 0


def register(subparsers) -> None:
    """Add the ``build`` sub-command to ``python -m casekit``."""
    p = subparsers.add_parser(
        "build", help="rebuild the executed course notebooks from notebooks/source/*.md "
                      "(and the exercises)",
        description="Convert each notebooks/source/NN_name.md (MyST Markdown) into "
                    "notebooks/NN_name.ipynb, execute it in a fresh kernel and write it "
                    "atomically; likewise the cases (cases/source/*.md) and the exercises "
                    "(exercises/source/exNN_*.md), each a student and an instructor notebook. "
                    "Building twice with no change leaves every file as it was.")
    p.add_argument("--source", default="notebooks/source",
                   help="folder of the MyST sources (default: notebooks/source)")
    p.add_argument("--out", default="notebooks",
                   help="folder of the built notebooks (default: notebooks)")
    p.add_argument("--only", nargs="*", metavar="NN",
                   help="only these notebooks, e.g. --only 03 07, exercises --only ex09, or a "
                        "case by name")
    p.add_argument("--lang", choices=("all",) + tuple(EDITIONS), default="all",
                   help="only this edition (default: all the editions a source has: English, "
                        "and 中文 in notebooks/zh/ when the source has Chinese prose)")
    p.add_argument("--no-exercises", action="store_true",
                   help="do not rebuild the exercise notebooks")
    p.add_argument("--no-execute", action="store_true",
                   help="write the cells only, without outputs")
    p.add_argument("--force", action="store_true",
                   help="overwrite a built notebook even if it was edited after its source")
    p.add_argument("--timeout", type=_seconds, default=600,
                   help="seconds a cell may run (default: 600)")
    p.add_argument("--check", action="store_true",
                   help="execute and write nothing; exit 1 if a notebook is out of date")
    p.set_defaults(func=_main)
