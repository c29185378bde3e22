"""Writing the desk's tables: CSV files safe to open in a spreadsheet, written atomically.

The escaping and the CSV dialect are :mod:`casekit.base`'s (the rule a saved dataset uses, so
one rule holds everywhere); this module adds only what a desk table needs on top: never
replacing an existing file without ``overwrite=True``, and an atomic write.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from ..base import escape_text_columns, write_csv as _write_table
from ..build import write_atomic


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas.

    :func:`casekit.base.escape_text` on every text column: text starting with ``= + - @``, a
    tab, a carriage return or ``'`` gets a leading ``'``; numbers are left as they are
    (``-3.5`` stays a number) and empty cells stay empty (a desk table is read by people).

    Parameters
    ----------
    frame : DataFrame

    Returns
    -------
    DataFrame

    References
    ----------
    OWASP Foundation, "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection).
    """
    return escape_text_columns(frame, empty=False)[0]


def write_csv(frame: pd.DataFrame, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write ``frame`` to ``path`` as CSV (formulas escaped), atomically.

    An existing file is replaced only with ``overwrite=True``.

    Parameters
    ----------
    frame : DataFrame
    path : path
    overwrite : bool

    Returns
    -------
    Path
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(f"out={str(target)!r}: the file exists; pass overwrite=True "
                              "(CLI: --force) to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    _write_table(escape_formulas(frame), text)
    write_atomic(text.getvalue(), target)
    return target
