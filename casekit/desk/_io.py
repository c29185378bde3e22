"""Writing the desk's tables: CSV files safe to open in a spreadsheet, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..build import write_atomic

#: A cell starting with one of these is read as a formula by spreadsheet programs
#: (OWASP, "CSV Injection"); such text cells are written with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas.

    Text starting with ``= + - @``, a tab or a carriage return gets a leading ``'``
    (numbers are left as they are: ``-3.5`` stays a number).

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
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str)
                                    and v.startswith(FORMULA_START) else v)
    return out


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
    write_atomic(escape_formulas(frame).to_csv(index=False, lineterminator="\n"), target)
    return target
