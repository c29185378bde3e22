"""The :class:`CustomerBase`: three tables and the parameters, their checks, ``save`` and the
datasheets (``README.md``, ``README.zh.md``) of a saved folder."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from ._datasheet_zh import datasheet_markdown_zh
from ._escape import escape_text_columns, write_csv
from ._save import check_folder_path, is_dataset_folder, prepare_target, write_folder_atomically
from ._schema import SCHEMA_VERSION, TABLES, Column
from ._responses import response_section
from ._worlds import Params, world_spec


@dataclass(eq=False)
class CustomerBase:
    """A synthetic customer base: observed tables, the latent truth, and the parameters.

    Attributes
    ----------
    customers, activity, truth : pandas.DataFrame
        See :mod:`casekit.base`; ``base.datasheet()`` describes every column.
    params : Params
        Everything needed to generate the same base again, byte for byte.
    columns : dict, optional
        ``{table: [Column, ...]}``. Defaults to the registered world's schema, or is inferred
        from the frames for a base you built yourself.
    """

    customers: pd.DataFrame
    activity: pd.DataFrame
    truth: pd.DataFrame
    params: Params
    columns: dict[str, tuple[Column, ...]] | None = None
    #: The folder the base was loaded from (set by :func:`load`; None for a generated base).
    source: Path | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        for table in TABLES:
            frame = getattr(self, table)
            if not isinstance(frame, pd.DataFrame):
                raise TypeError(f"CustomerBase.{table}: expected a pandas DataFrame, "
                                f"got {type(frame).__name__}")
            if "customer_id" not in frame.columns:
                raise ValueError(f"CustomerBase.{table}: column 'customer_id' is missing; "
                                 f"columns present: {list(frame.columns)}")
        if "period" not in self.activity.columns:
            raise ValueError("CustomerBase.activity: column 'period' is missing; columns "
                             f"present: {list(self.activity.columns)}")
        if not isinstance(self.params, Params):
            raise TypeError(f"CustomerBase.params: expected casekit.Params, "
                            f"got {type(self.params).__name__}")
        if self.columns is None:
            spec = world_spec(self.params.world)
            if spec is not None and all(
                [c.name for c in spec.columns[t]] == list(getattr(self, t).columns)
                for t in TABLES
            ):
                self.columns = dict(spec.columns)
            else:
                self.columns = {t: tuple(Column.infer(c, getattr(self, t)[c])
                                         for c in getattr(self, t).columns) for t in TABLES}
        else:
            self.columns = {t: tuple(self.columns[t]) for t in TABLES}

    # -- convenience ---------------------------------------------------------------------
    @property
    def world(self) -> str:
        """The world's name (``params.world``)."""
        return self.params.world

    @property
    def seed(self) -> int:
        """The seed the base was generated with (``params.seed``)."""
        return self.params.seed

    @property
    def period_unit(self) -> str:
        """The unit of a period (``params.period_unit``): ``"month"`` for telecom, ``"week"``
        for tobacco."""
        return self.params.period_unit

    def __len__(self) -> int:
        return len(self.customers)

    def __repr__(self) -> str:
        return (f"CustomerBase(world={self.world!r}, seed={self.seed}, "
                f"customers={len(self.customers):,}, activity rows={len(self.activity):,}, "
                f"periods={self.params.periods} {self.period_unit}s)")

    def _repr_html_(self) -> str:
        return (f"<p><b>CustomerBase</b>: {self.world} world, seed {self.seed}, "
                f"{len(self.customers):,} customers, {len(self.activity):,} activity rows over "
                f"{self.params.periods} {self.period_unit}s.</p>"
                + self.customers.head().to_html(index=False))

    def equals(self, other: "CustomerBase") -> bool:
        """True when both bases have the same params and identical tables (dtypes included).

        Parameters
        ----------
        other : CustomerBase
            The base to compare with.

        Returns
        -------
        bool
        """
        return (isinstance(other, CustomerBase) and self.params == other.params
                and all(getattr(self, t).equals(getattr(other, t))
                        and (getattr(self, t).dtypes == getattr(other, t).dtypes).all()
                        and list(getattr(self, t).columns) == list(getattr(other, t).columns)
                        for t in TABLES))

    def datasheet(self, table: str | None = None) -> pd.DataFrame:
        """Every column of every table (or of one): type, unit and meaning.

        Parameters
        ----------
        table : str, optional
            ``"customers"``, ``"activity"`` or ``"truth"``; default all three.

        Returns
        -------
        pandas.DataFrame
            Columns ``table``, ``column``, ``type``, ``unit``, ``meaning``.
        """
        tables = TABLES if table is None else (_check_table(table),)
        rows = [{"table": t, "column": c.name, "type": c.dtype, "unit": c.unit,
                 "meaning": c.meaning} for t in tables for c in self.columns[t]]
        return pd.DataFrame(rows)

    # -- save ----------------------------------------------------------------------------
    def save(self, path: str | os.PathLike, overwrite: bool = False) -> Path:
        """Write the base to folder ``path``: three CSV files, params, schema and a datasheet.

        Files: ``customers.csv``, ``activity.csv``, ``truth.csv``, ``params.json``,
        ``schema.json`` (column types, read by :func:`load`), ``README.md`` (the datasheet) and
        ``README.zh.md`` (the same datasheet in Chinese).

        An existing non-empty folder is never replaced unless ``overwrite=True``, and even then
        only when it is a dataset folder casekit wrote (nothing in it but those seven files, with a
        casekit ``schema.json``): a folder holding anything else is refused with a message listing
        what is there. A symbolic link at ``path`` is refused too. The write is atomic:
        everything is written to a temporary folder beside ``path`` and swapped in at the end,
        so a crash mid-write leaves the old folder as it was. The folder and its files get the
        permissions your umask gives new files (e.g. ``rwxr-xr-x`` with umask 022).

        Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
        ``@``, a tab or a carriage return) are written with a leading ``'`` (OWASP's rule for
        CSV injection); :func:`load` removes it again, so the round trip is exact (see
        :func:`escape_text`).

        Parameters
        ----------
        path : str or os.PathLike
            The dataset folder to write.
        overwrite : bool, optional
            Replace an existing casekit dataset folder (default False: refuse).

        Returns
        -------
        pathlib.Path
            The folder written.

        Raises
        ------
        FileExistsError
            ``path`` is a file, a link, a non-empty folder without ``overwrite=True``, or a folder
            casekit did not write.
        ValueError
            A float column holds NaN or infinity (casekit datasets have no missing values).
        PermissionError
            The folder cannot be written (the message names it).
        """
        target = check_folder_path(path, "save(path=...)")
        prepare_target(target, overwrite, is_dataset_folder, "save(path=...)",
                       "a casekit dataset (customers.csv, activity.csv, truth.csv, params.json, "
                       "schema.json, README.md)")
        for table in TABLES:
            frame = getattr(self, table)
            _check_frame_matches(frame, self.columns[table], table)
            _check_finite(frame, self.columns[table], f"CustomerBase.{table}")
        write_folder_atomically(target, self._write_files, "save(path=...)")
        return target

    def _write_files(self, folder: Path) -> None:
        escaped: dict[str, list[str]] = {}
        for table in TABLES:
            frame, cols = escape_text_columns(getattr(self, table), self.columns[table])
            if cols:
                escaped[table] = cols
            write_csv(frame, folder / f"{table}.csv")
        (folder / "params.json").write_text(self.params.to_json(), encoding="utf-8")
        schema: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION, "world": self.world,
            "tables": {t: [c.to_dict() for c in self.columns[t]] for t in TABLES}}
        if escaped:              # only then: datasets without such cells keep their bytes
            schema["escaped"] = escaped
        (folder / "schema.json").write_text(
            json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (folder / "README.md").write_text(self._datasheet_markdown(), encoding="utf-8")
        (folder / "README.zh.md").write_text(
            datasheet_markdown_zh(self.params, self.columns, len(self.customers),
                                  len(self.activity), self.params.describe()), encoding="utf-8")

    def _datasheet_markdown(self) -> str:
        p = self.params
        lines = [f"# Datasheet: {p.world} customer base (seed {p.seed})", "",
                 "Synthetic data generated by casekit. Regenerate it byte for byte with:", "",
                 "```", "python -m casekit generate --params params.json --out <new folder>", "```", "",
                 f"- customers: {len(self.customers):,} (one row each in customers.csv and "
                 "truth.csv)",
                 f"- activity rows: {len(self.activity):,} (one per customer × {p.period_unit} "
                 "with activity)",
                 f"- periods observed: {p.periods} {p.period_unit}s, counted from 1", "",
                 "`truth.csv` holds the latent values the generator used. In a real firm they "
                 "are unknown; here they let you check every estimate.", "",
                 "The Chinese datasheet (中文版): [README.zh.md](README.zh.md).", ""]
        for table in TABLES:
            lines += [f"## {table}.csv", "", "| column | type | unit | meaning |",
                      "|---|---|---|---|"]
            for c in self.columns[table]:
                kind = c.dtype
                if c.categories is not None:
                    kind += " (" + ", ".join(c.categories) + ")"
                lines.append(f"| `{c.name}` | {kind} | {c.unit} | {c.meaning} |")
            lines.append("")
        desc = p.describe()
        if len(desc):
            lines += ["## Parameters (params.json)", "",
                      "| parameter | value | unit | meaning | source |", "|---|---|---|---|---|"]
            for r in desc.itertuples(index=False):
                lines.append(f"| `{r.parameter}` | {r.value} | {r.unit} | {r.meaning} | "
                             f"{r.source} |")
            lines.append("")
        spec = world_spec(p.world)
        if spec is not None and spec.calibration:
            lines += ["## Calibration targets", "",
                      "What the defaults were tuned to reach, checked by the tests.", "",
                      "| target | reached by the defaults | source |", "|---|---|---|"]
            lines += [f"| {t} | {v} | {src} |" for t, v, src in spec.calibration]
            lines.append("")
        lines += response_section(p)
        return "\n".join(lines)


def require_columns(frame: pd.DataFrame, columns: Iterable[str], where: str) -> None:
    """Raise a ValueError naming the missing columns of ``frame`` and listing those present.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table checked.
    columns : iterable of str
        The columns it must have.
    where : str
        Names the table in the message.

    Raises
    ------
    ValueError
        When a column is missing.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{where}: column(s) {missing} missing; columns present: "
                         f"{list(frame.columns)}")


def _check_table(table: str) -> str:
    if table not in TABLES:
        raise ValueError(f"table={table!r} is not a table; choose one of {TABLES}")
    return table


def _check_frame_matches(frame: pd.DataFrame, columns: Iterable[Column], table: str) -> None:
    names = [c.name for c in columns]
    if list(frame.columns) != names:
        raise ValueError(f"{table}: the columns {list(frame.columns)} do not match the schema "
                         f"{names}")


def _check_finite(frame: pd.DataFrame, columns: Iterable[Column], where: str) -> None:
    """Raise a ValueError naming the first float column of ``frame`` with NaN or infinity."""
    for c in columns:
        if c.dtype.startswith("float"):
            values = frame[c.name].to_numpy()
            bad = ~np.isfinite(values)
            if bad.any():
                i = int(np.argmax(bad))
                raise ValueError(f"{where}, column {c.name!r}, row {i + 1}: value {values[i]!r} "
                                 "is not a finite number; casekit datasets have no missing or "
                                 "infinite values")
