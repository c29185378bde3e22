"""The two editions of a course notebook, English and 中文, from one MyST source.

A source ``notebooks/source/NN_name.md`` holds the code once and the prose in both languages.
A markdown cell meant for one edition only carries the cell metadata ``lang``, which Jupytext's
MyST format writes on the ``+++`` line that opens the cell. Each English cell is directly
followed by its Chinese twin, so a diff (and a reviewer) sees the pair side by side::

    +++ {"lang": "en"}

    ## Your first widget

    +++ {"lang": "zh"}

    ## 第一个小部件

Untagged markdown cells and all code cells belong to both editions (a code cell cannot carry
``lang``: code is shared). A source with at least one ``lang: zh`` cell is *translated*: the
build (:mod:`casekit.build`) writes ``notebooks/NN_name.ipynb`` (English: the untagged and
``lang: en`` cells) and ``notebooks/zh/NN_name.ipynb`` (中文: the untagged and ``lang: zh``
cells). A source without one builds its English edition exactly as before and is listed by
``python -m casekit build --check`` as "not yet translated". The ``lang`` metadata is not
copied into the built notebooks.

The Chinese edition's code is the English edition's code with two mechanical changes, made by
:func:`localise_code`; ``tests/test_editions.py`` fails on any other difference:

* **the language line**: the line ``ck.labels.set_language("en")…`` becomes
  ``ck.labels.set_language("zh")`` (with a Chinese comment); a source without such a line gets
  one right after its first ``import casekit as ck`` line;
* **one folder deeper**: ``notebooks/zh/`` is one level below ``notebooks/``, so a string
  literal that starts with a relative path leaving the folder (``"../datasets/telecom"``) gains
  one ``../`` (``"../../datasets/telecom"``) — what a student who opens the notebook there
  needs. Chinese prose writes its own links (``../../exercises/``).

The exercises (``exercises/source/exNN_name.md``) and the case studies (``cases/source/*.md``)
are bilingual the same way. Each edition of such an *assignment* is built twice more, by
:mod:`casekit.assign`: a student notebook (solution regions → ``...``) and an instructor
notebook one folder deeper (``solutions/``). :func:`assignment_paths` says where:
``exercises/exNN.ipynb`` and ``exercises/solutions/exNN.ipynb`` for English,
``exercises/zh/exNN.ipynb`` and ``exercises/solutions/zh/exNN.ipynb`` for 中文 (likewise
``cases/zh/`` and ``cases/solutions/zh/``). The Chinese code gets its language line and one
``../`` more first; the instructor notebook's ``DATASET = "../…"`` then gains its own ``../``,
so ``"../datasets/telecom"`` becomes ``"../../../datasets/telecom"`` in
``exercises/solutions/zh/``.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["EDITIONS", "LANG_KEY", "LANGUAGE_LINES", "assignment_paths", "edition_cells",
           "edition_path", "localise_code", "read_edition", "translations", "untranslated"]

#: The editions, by language: the sub-folder of the built folder each is written to.
EDITIONS = {"en": "", "zh": "zh"}
#: The markdown-cell metadata key that puts a cell in one edition only.
LANG_KEY = "lang"
#: The language line of each edition but English (what :func:`localise_code` writes).
LANGUAGE_LINES = {"zh": 'ck.labels.set_language("zh")   # 中文版：标签、图表和练习反馈显示中文'}

_LANGUAGE_LINE = re.compile(r"""^([ \t]*)ck\.labels\.set_language\((["'])en\2\)[^\n]*$""", re.M)
_IMPORT_CK = re.compile(r"^import casekit as ck[ \t]*(#[^\n]*)?$", re.M)
_UP_PATH = re.compile(r"""(?<=["'])\.\./""")


def _check_lang(lang: str, where: str) -> None:
    if lang not in EDITIONS:
        raise ValueError(f"{where}(lang={lang!r}): allowed editions are {tuple(EDITIONS)}")


def localise_code(code: str, lang: str) -> str:
    """The code of one cell as edition ``lang`` runs it (see the module docstring).

    Parameters
    ----------
    code : str
        The source of one code cell, as in the English edition.
    lang : {"en", "zh"}
        The edition; "en" returns ``code`` unchanged.

    Returns
    -------
    str
        ``code`` with the line ``ck.labels.set_language("en")…`` replaced by the edition's
        language line and each string literal starting with ``../`` one folder deeper.

    Examples
    --------
    >>> print(localise_code('ck.labels.set_language("en")  # try "zh"\\n'
    ...                     'base = ck.load("../datasets/telecom")', "zh"))
    ck.labels.set_language("zh")   # 中文版：标签、图表和练习反馈显示中文
    base = ck.load("../../datasets/telecom")
    """
    _check_lang(lang, "localise_code")
    if lang == "en":
        return code
    depth = "../" * (len(Path(EDITIONS[lang]).parts) + 1)
    code = _UP_PATH.sub(depth, code)
    return _LANGUAGE_LINE.sub(lambda m: m.group(1) + LANGUAGE_LINES[lang], code)


def edition_cells(cells: list, lang: str, where: str = "the source") -> list:
    """The cells of edition ``lang`` among the cells of a bilingual notebook.

    Parameters
    ----------
    cells : list of nbformat.NotebookNode
        All cells of the source (both languages); not changed.
    lang : {"en", "zh"}
        The edition.
    where : str
        The source's name, for error messages.

    Returns
    -------
    list of nbformat.NotebookNode
        Copies of the untagged cells and those tagged ``lang``, without the ``lang`` metadata;
        for an edition other than English the code as :func:`localise_code` makes it and a
        language line (after the first ``import casekit as ck`` when no line was replaced).

    Raises
    ------
    ValueError
        A cell tagged with an unknown language, a tagged code cell, or (for "zh") no place
        for the language line.
    """
    import copy

    _check_lang(lang, "edition_cells")
    _check_tags(cells, where)
    out = [copy.deepcopy(c) for c in cells if c.metadata.get(LANG_KEY, lang) == lang]
    for cell in out:
        cell.metadata.pop(LANG_KEY, None)
    if lang == "en":
        return out
    code = [c for c in out if c.cell_type == "code"]
    replaced = any(_LANGUAGE_LINE.search(c.source) for c in code)
    for cell in code:
        cell.source = localise_code(cell.source, lang)
    if not replaced:
        _insert_language_line(code, lang, where)
    return out


def _check_tags(cells: list, where: str) -> None:
    for k, cell in enumerate(cells):
        lang = cell.metadata.get(LANG_KEY)
        if lang is None:
            continue
        if lang not in EDITIONS:
            raise ValueError(f"{where}: cell {k} has lang={lang!r}; allowed values are "
                             f"{tuple(EDITIONS)}")
        if cell.cell_type != "markdown":
            raise ValueError(f"{where}: cell {k} is a {cell.cell_type} cell with "
                             f"lang={lang!r}; only markdown cells have a language (code is "
                             "shared by the editions)")


def _insert_language_line(code_cells: list, lang: str, where: str) -> None:
    """Put the language line right after the first ``import casekit as ck``."""
    for cell in code_cells:
        if _IMPORT_CK.search(cell.source):
            cell.source = _IMPORT_CK.sub(lambda m: m.group(0) + "\n" + LANGUAGE_LINES[lang],
                                         cell.source, count=1)
            return
    raise ValueError(f"{where}: has {lang!r} prose but no code line `import casekit as ck` "
                     "or `ck.labels.set_language(\"en\")` for the edition's language line")


def read_edition(path: str | Path, lang: str = "en"):
    """The notebook (no outputs) of edition ``lang`` that the MyST source ``path`` describes.

    Parameters
    ----------
    path : str or Path
        A ``.md`` file in Jupytext's MyST format.
    lang : {"en", "zh"}
        The edition: its markdown cells (untagged or tagged ``lang: <lang>``), and for "zh"
        the code as :func:`localise_code` makes it.

    Returns
    -------
    nbformat.NotebookNode
        Cells as in the source, each with an id derived from its content; ``jupytext`` and
        ``lang`` metadata dropped, kernel metadata fixed.
    """
    import copy

    from .notebook_format import KERNELSPEC, LANGUAGE_INFO, read_myst, set_cell_ids

    _check_lang(lang, "read_edition")
    nb = read_myst(path)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = copy.deepcopy(LANGUAGE_INFO)
    nb.cells = edition_cells(nb.cells, lang, where=str(path))
    set_cell_ids(nb)
    return nb


def translations(source: str | Path) -> tuple[str, ...]:
    """The editions source ``source`` has prose for: ``("en",)`` or ``("en", "zh")``.

    Parameters
    ----------
    source : str or Path
        A MyST Markdown source; a language counts when at least one markdown cell is tagged
        with it.

    Returns
    -------
    tuple of str
    """
    from .notebook_format import read_myst

    cells = read_myst(source).cells
    _check_tags(cells, str(source))
    tagged = {c.metadata.get(LANG_KEY) for c in cells}
    return tuple(lang for lang in EDITIONS if lang == "en" or lang in tagged)


def edition_path(source: str | Path, out: str | Path, lang: str) -> Path:
    """Where edition ``lang`` of ``source`` is built: ``out/NN.ipynb`` or ``out/zh/NN.ipynb``.

    Parameters
    ----------
    source : str or Path
        ``notebooks/source/NN_name.md``.
    out : str or Path
        The folder of the English edition.
    lang : {"en", "zh"}

    Returns
    -------
    Path
    """
    _check_lang(lang, "edition_path")
    return Path(out) / EDITIONS[lang] / (Path(source).stem + ".ipynb")


def assignment_paths(source: str | Path, out: str | Path, lang: str) -> tuple[Path, Path]:
    """Where edition ``lang`` of an exercise or case source is built: (student, instructor).

    Parameters
    ----------
    source : str or Path
        ``exercises/source/exNN_name.md`` or ``cases/source/<name>.md``.
    out : str or Path
        The folder of the English student notebooks (``exercises`` or ``cases``).
    lang : {"en", "zh"}

    Returns
    -------
    (Path, Path)
        ``out/[zh/]<name>.ipynb`` and ``out/solutions/[zh/]<name>.ipynb``.
    """
    _check_lang(lang, "assignment_paths")
    name = Path(source).stem + ".ipynb"
    return (Path(out) / EDITIONS[lang] / name,
            Path(out) / "solutions" / EDITIONS[lang] / name)


def untranslated(folder: str | Path = "notebooks/source", lang: str = "zh") -> list[Path]:
    """The sources in ``folder`` with no prose in ``lang`` yet (English edition only).

    Parameters
    ----------
    folder : str or Path
        Folder of the MyST sources.
    lang : {"zh"}

    Returns
    -------
    list of Path
    """
    _check_lang(lang, "untranslated")
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"untranslated(folder={str(folder)!r}): no such folder")
    return [p for p in sorted(folder.glob("*.md")) if lang not in translations(p)]
