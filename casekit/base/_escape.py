"""Formula-cell escaping: text a spreadsheet would run as a formula gets a leading ``'`` when
saved (:func:`escape_text`), and loses it again on load (:func:`unescape_text`)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from ._schema import Column


#: A text cell starting with one of these is run as a formula by Excel/WPS/LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_QUOTE = "'"


def _needs_escape(text: str) -> bool:
    return text == "" or text.startswith(FORMULA_STARTS) or text.startswith(_QUOTE)


def escape_text(text: str) -> str:
    """A text cell made safe for a spreadsheet: ``'`` before a formula start (OWASP's rule).

    The rule is reversible so that :func:`load` gives back exactly what was saved. In a column
    that is escaped, a ``'`` is put before every cell that starts with ``=``, ``+``, ``-``,
    ``@``, a tab, a carriage return **or a ``'``**, and before an empty text (so it is not read
    back as missing); :func:`unescape_text` removes one leading ``'``.

    >>> escape_text("=1+1"), escape_text("'quoted"), escape_text("Li Lei")
    ("'=1+1", "''quoted", 'Li Lei')
    >>> unescape_text(escape_text("'=x")) == "'=x"
    True

    References
    ----------
    OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
    """
    return _QUOTE + text if _needs_escape(text) else text


def unescape_text(text: str) -> str:
    """Undo :func:`escape_text` (one leading ``'`` removed)."""
    return text[1:] if text.startswith(_QUOTE) else text


def escape_text_columns(frame: pd.DataFrame, columns: Iterable[Column] | None = None, *,
                        empty: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` with :func:`escape_text` applied to each text column that needs it.

    A text column (string or category; with ``columns=None`` every object, string or category
    column) is escaped when one of its text cells starts like a formula, with ``'``, or is
    empty (numbers in an object column are left alone). Returns the
    frame to write (a copy when anything changed) and the names of the escaped columns, which
    :meth:`CustomerBase.save` records in ``schema.json`` so :func:`load` undoes exactly them.
    ``empty=False`` leaves empty cells empty (for files people read but casekit does not load
    back, such as a class pack's ``manifest.csv``).
    """
    if columns is None:
        names = [c for c in frame.columns
                 if pd.api.types.is_string_dtype(frame[c].dtype) or frame[c].dtype == object
                 or isinstance(frame[c].dtype, pd.CategoricalDtype)]
    else:
        names = [c.name for c in columns if c.dtype in ("string", "category")]
    escaped, out = [], frame
    for name in names:
        needs = _escape_mask(frame[name], empty)
        if not needs.any():
            continue
        if out is frame:
            out = frame.copy()
        new = frame[name].astype(object)
        new[needs] = [escape_text(v) for v in new[needs]]
        out[name] = new
        escaped.append(name)
    return out, escaped


def _escape_mask(column: pd.Series, empty: bool) -> np.ndarray:
    """Which cells of ``column`` are text that :func:`escape_text` changes (numbers never are).

    A category column is judged by its few categories, a string column with pandas' vectorised
    string methods; only an object column is looked at cell by cell.
    """
    def needs(v: Any) -> bool:
        return isinstance(v, str) and _needs_escape(v) and (empty or v != "")

    if isinstance(column.dtype, pd.CategoricalDtype):
        flags = np.array([needs(c) for c in column.dtype.categories] + [False])
        return flags[column.cat.codes.to_numpy()]          # code -1 (missing) → the last False
    if isinstance(column.dtype, pd.StringDtype):
        starts = column.str.startswith(FORMULA_STARTS + (_QUOTE,))
        if empty:
            starts = starts | (column == "")
        return starts.fillna(False).to_numpy(dtype=bool)
    return np.fromiter((needs(v) for v in column.to_numpy(dtype=object)), dtype=bool,
                       count=len(column))


def _has_cr(column: pd.Series) -> bool:
    """True when a text cell of ``column`` holds a carriage return."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return any(isinstance(c, str) and "\r" in c for c in column.dtype.categories)
    if isinstance(column.dtype, pd.StringDtype):
        return bool(column.str.contains("\r", regex=False).fillna(False).any())
    if column.dtype == object:
        return any(isinstance(v, str) and "\r" in v for v in column.to_numpy())
    return False


def write_csv(frame: pd.DataFrame, file: Path | Any) -> None:
    """Write ``frame`` as UTF-8 CSV with ``\n`` line ends, no index.

    Python's csv writer quotes a cell holding a ``\n`` but not one holding a lone ``\r`` (it is
    not part of the ``\n`` line end), which every reader then takes for a line break. A table
    with such a cell is written with every cell quoted, so it reads back unchanged; other tables
    keep their usual, minimal quoting (and their bytes). ``file`` may also be a text buffer.
    """
    has_cr = any(_has_cr(frame[c]) for c in frame.columns)
    frame.to_csv(file, index=False, lineterminator="\n",
                 quoting=csv.QUOTE_ALL if has_cr else csv.QUOTE_MINIMAL)
