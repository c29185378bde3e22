"""Reading a class roster (the CSV given to ``class-pack``)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd


def read_roster(roster: str | os.PathLike | pd.DataFrame) -> pd.DataFrame:
    """The roster as a frame with columns student_id and name (text, stripped).

    Parameters
    ----------
    roster : path or DataFrame
        A CSV (or frame) with a ``student_id`` column and optionally ``name``.

    Returns
    -------
    DataFrame
    """
    if isinstance(roster, pd.DataFrame):
        frame, where = roster.copy(), "roster"
    elif isinstance(roster, (str, os.PathLike)):
        path = Path(roster)
        if not path.is_file():
            raise FileNotFoundError(f"roster={str(path)!r}: no such file")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        where = f"roster {path.name}"
    else:
        raise TypeError(f"roster={roster!r}: expected a CSV path or a DataFrame")
    frame.columns = [str(c).strip() for c in frame.columns]
    if "student_id" not in frame.columns:
        raise ValueError(f"{where}: column 'student_id' is missing; columns present: "
                         f"{list(frame.columns)}")
    ids = frame["student_id"].astype(str).str.strip()
    if len(ids) == 0:
        raise ValueError(f"{where}: no students")
    dup = sorted(ids[ids.duplicated()].unique())
    if dup:
        raise ValueError(f"{where}: student_id {dup[:5]} appear more than once")
    names = (frame["name"].astype(str).str.strip() if "name" in frame.columns
             else pd.Series([""] * len(frame)))
    return pd.DataFrame({"student_id": ids.to_numpy(), "name": names.to_numpy()})
