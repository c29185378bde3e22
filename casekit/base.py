"""The one shape every world returns: :class:`CustomerBase`, and how it is saved and loaded.

A customer base has three tables and its parameters::

    customers : one row per customer — profile and observed summary columns
    activity  : one row per customer × period (telecom: monthly bill; tobacco: weekly order)
    truth     : one row per customer — the latent values the generator used
    params    : every generator parameter, JSON round-trippable, including the seed

Every table carries ``customer_id``; ``activity`` also carries ``period`` (an integer counted
from 1, in the unit ``params.period_unit``). Every column is described by a :class:`Column`
(type, unit, meaning), so a saved folder documents itself: ``README.md`` for people,
``schema.json`` for :func:`load`.

Example
-------
>>> import casekit as ck
>>> base = ck.telecom(customers=200, months=12, seed=1)      # doctest: +SKIP
>>> base.save("my_telecom")                                  # doctest: +SKIP
>>> again = ck.load("my_telecom")                            # doctest: +SKIP
>>> again.equals(base)                                       # doctest: +SKIP
True
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = ["Column", "ParamSpec", "Params", "CustomerBase", "load", "register_world", "TABLES",
           "require_columns"]

#: The three tables of a customer base, in the order they are saved and documented.
TABLES = ("customers", "activity", "truth")

#: The column types a schema may name, and the pandas dtype each one loads as.
DTYPES = ("int8", "int16", "int32", "int64", "float32", "float64", "bool", "category", "string")

SCHEMA_VERSION = 1


# --------------------------------------------------------------------------------------------
# Column and parameter descriptions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a table: its type, unit and meaning (one row of the datasheet).

    ``dtype`` is one of :data:`DTYPES`. A ``category`` column lists its ``categories`` in
    order; ``ordered=True`` makes comparisons such as ``tier > "normal"`` meaningful.
    """

    name: str
    dtype: str
    unit: str = ""
    meaning: str = ""
    categories: tuple[str, ...] | None = None
    ordered: bool = False

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(
                f"Column {self.name!r}: dtype={self.dtype!r} is not supported; use one of {DTYPES}"
            )
        if self.dtype == "category" and self.categories is None:
            raise ValueError(f"Column {self.name!r}: a category column needs its categories")
        if self.categories is not None:
            object.__setattr__(self, "categories", tuple(str(c) for c in self.categories))

    def pandas_dtype(self) -> Any:
        """The pandas dtype this column has in memory."""
        if self.dtype == "category":
            return pd.CategoricalDtype(list(self.categories or ()), ordered=self.ordered)
        if self.dtype == "string":
            return pd.StringDtype()
        return np.dtype(self.dtype)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "dtype": self.dtype, "unit": self.unit,
                               "meaning": self.meaning}
        if self.categories is not None:
            out["categories"] = list(self.categories)
            out["ordered"] = self.ordered
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Column":
        cats = d.get("categories")
        return cls(name=d["name"], dtype=d["dtype"], unit=d.get("unit", ""),
                   meaning=d.get("meaning", ""),
                   categories=tuple(cats) if cats is not None else None,
                   ordered=bool(d.get("ordered", False)))

    @classmethod
    def infer(cls, name: str, series: pd.Series) -> "Column":
        """Describe an existing column (type only; unit and meaning left empty)."""
        dt = series.dtype
        if isinstance(dt, pd.CategoricalDtype):
            return cls(name, "category", categories=tuple(str(c) for c in dt.categories),
                       ordered=bool(dt.ordered))
        if pd.api.types.is_bool_dtype(dt):
            return cls(name, "bool")
        if pd.api.types.is_integer_dtype(dt) and str(dt) in DTYPES:
            return cls(name, str(dt))
        if pd.api.types.is_float_dtype(dt) and str(dt) in DTYPES:
            return cls(name, str(dt))
        if pd.api.types.is_string_dtype(dt) or dt == object:
            return cls(name, "string")
        raise TypeError(f"column {name!r} has dtype {dt}, which casekit cannot save; "
                        f"convert it to one of {DTYPES}")


@dataclass(frozen=True)
class ParamSpec:
    """The documentation of one generator parameter: default, unit, meaning and source.

    ``low`` and ``high`` (inclusive, when given) are the range a value must lie in;
    ``kind`` is ``"float"``, ``"int"``, ``"share"`` (a fraction in [0, 1]) or ``"str"``.
    """

    name: str
    default: Any
    unit: str
    meaning: str
    source: str = ""
    low: float | None = None
    high: float | None = None
    kind: str = "float"
    choices: tuple[Any, ...] | None = None

    def check(self, value: Any) -> Any:
        """Return ``value`` converted to this parameter's kind, or raise a clear error."""
        name = self.name
        if self.kind == "str":
            if not isinstance(value, str):
                raise TypeError(f"{name}={value!r}: expected a string")
            if self.choices is not None and value not in self.choices:
                raise ValueError(f"{name}={value!r} is not allowed; choose one of {self.choices}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"{name}={value!r}: expected a number ({self.kind})")
        if self.kind == "int":
            if float(value) != int(value):
                raise TypeError(f"{name}={value!r}: expected a whole number")
            value = int(value)
        else:
            value = float(value)
            if not np.isfinite(value):
                raise ValueError(f"{name}={value!r}: must be a finite number")
        low, high = self.low, self.high
        if self.kind == "share":
            low = 0.0 if low is None else low
            high = 1.0 if high is None else high
        if (low is not None and value < low) or (high is not None and value > high):
            lo = "-inf" if low is None else f"{low:g}"
            hi = "inf" if high is None else f"{high:g}"
            raise ValueError(f"{name}={value!r} is out of range; allowed: [{lo}, {hi}]"
                             + (f" ({self.unit})" if self.unit else ""))
        return value


# --------------------------------------------------------------------------------------------
# The registry of worlds (filled by casekit.generate)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _World:
    name: str
    period_unit: str
    params: tuple[ParamSpec, ...]
    columns: dict[str, tuple[Column, ...]]
    #: (target, value reached, source) rows the datasheet lists under "Calibration targets".
    calibration: tuple[tuple[str, str, str], ...] = ()


_WORLDS: dict[str, _World] = {}


def register_world(name: str, *, period_unit: str, params: Iterable[ParamSpec],
                   columns: Mapping[str, Iterable[Column]],
                   calibration: Iterable[tuple[str, str, str]] = ()) -> None:
    """Make a world known to casekit: its parameter documentation and its table schema
    (and, optionally, its calibration targets as (target, value reached, source) rows).

    Generators call this once at import; :class:`Params` and :class:`CustomerBase` then use
    it for validation, datasheets and ``describe()``.
    """
    missing = [t for t in TABLES if t not in columns]
    if missing:
        raise ValueError(f"register_world({name!r}): columns for tables {missing} are missing")
    _WORLDS[name] = _World(name, period_unit, tuple(params),
                           {t: tuple(columns[t]) for t in TABLES},
                           tuple(tuple(row) for row in calibration))


def world_spec(name: str) -> _World | None:
    """The registered description of world ``name``, or None for an unregistered world."""
    return _WORLDS.get(name)


# --------------------------------------------------------------------------------------------
# Params
# --------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"parameter value {value!r} of type {type(value).__name__} is not JSON-able")


@dataclass(frozen=True)
class Params:
    """Every parameter a world was generated with: JSON round-trippable, seed included.

    ``world`` names the generator (``"telecom"``, ``"tobacco"``), ``size`` is the number of
    customers, ``periods`` the number of periods observed in ``period_unit``; ``values`` holds
    the world's own parameters (read them as attributes: ``params.arpu_consumer``).
    """

    world: str
    seed: int
    size: int
    periods: int
    period_unit: str
    values: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)):
            raise TypeError(f"seed={self.seed!r}: expected a whole number (int) >= 0")
        if self.seed < 0:
            raise ValueError(f"seed={self.seed!r} is out of range; allowed: integers >= 0")
        object.__setattr__(self, "seed", int(self.seed))
        object.__setattr__(self, "values", _jsonable(dict(self.values)))

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(f"{type(self).__name__} of world {self.__dict__.get('world')!r} "
                             f"has no parameter {name!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"world": self.world, "seed": self.seed, "size": self.size,
                "periods": self.periods, "period_unit": self.period_unit,
                "values": dict(self.values)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Params":
        """Params from their dict (as in params.json); every key is checked by name."""
        need = ("world", "seed", "size", "periods", "period_unit")
        if not isinstance(d, Mapping):
            raise TypeError(f"params: expected a JSON object / dict with keys {list(need)} and "
                            f"'values', got {type(d).__name__}")
        missing = [k for k in need if k not in d]
        if missing:
            raise ValueError(f"params: missing keys {missing}; expected {list(need)} and 'values'")
        unknown = [k for k in d if k not in (*need, "values")]
        if unknown:
            raise ValueError(f"params: unknown key(s) {unknown}; expected {list(need)} and "
                             "'values' (a world's own parameters go inside 'values')")
        for key in ("world", "period_unit"):
            if not isinstance(d[key], str) or not d[key]:
                raise TypeError(f"params: key {key!r} is {d[key]!r}; expected a non-empty text")
        for key, low in (("size", 0), ("periods", 1)):
            value = d[key]
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"params: key {key!r} is {value!r}; expected a whole number")
            if value < low:
                raise ValueError(f"params: key {key!r} is {value!r}; allowed: whole numbers "
                                 f">= {low}")
        values = d.get("values", {})
        if not isinstance(values, Mapping):
            raise TypeError(f"params: key 'values' is {values!r}; expected an object of "
                            "parameter names and values")
        return cls(world=d["world"], seed=d["seed"], size=int(d["size"]),
                   periods=int(d["periods"]), period_unit=d["period_unit"], values=dict(values))

    @classmethod
    def from_json(cls, text: str) -> "Params":
        """Params from the text of a params.json file."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"params: not valid JSON at line {exc.lineno}, column {exc.colno} "
                             f"({exc.msg})") from None
        return cls.from_dict(data)

    def describe(self) -> pd.DataFrame:
        """A table of the world's parameters: value, default, unit, meaning and source."""
        spec = world_spec(self.world)
        specs = {p.name: p for p in spec.params} if spec else {}
        rows = []
        for name, value in self.values.items():
            p = specs.get(name)
            rows.append({"parameter": name, "value": value,
                         "default": p.default if p else None, "unit": p.unit if p else "",
                         "meaning": p.meaning if p else "", "source": p.source if p else ""})
        return pd.DataFrame(rows, columns=["parameter", "value", "default", "unit", "meaning",
                                           "source"])

    def _repr_html_(self) -> str:
        head = (f"<p><b>{self.world}</b> world · seed {self.seed} · {self.size:,} customers · "
                f"{self.periods} {self.period_unit}s</p>")
        return head + self.describe().to_html(index=False)


# --------------------------------------------------------------------------------------------
# CustomerBase
# --------------------------------------------------------------------------------------------


@dataclass(eq=False)
class CustomerBase:
    """A synthetic customer base: observed tables, the latent truth, and the parameters.

    Attributes
    ----------
    customers, activity, truth : pandas.DataFrame
        See the module docstring; ``base.datasheet()`` describes every column.
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
        return self.params.world

    @property
    def seed(self) -> int:
        return self.params.seed

    @property
    def period_unit(self) -> str:
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
        """True when both bases have the same params and identical tables (dtypes included)."""
        return (isinstance(other, CustomerBase) and self.params == other.params
                and all(getattr(self, t).equals(getattr(other, t))
                        and (getattr(self, t).dtypes == getattr(other, t).dtypes).all()
                        and list(getattr(self, t).columns) == list(getattr(other, t).columns)
                        for t in TABLES))

    def datasheet(self, table: str | None = None) -> pd.DataFrame:
        """Every column of every table (or of one): type, unit and meaning."""
        tables = TABLES if table is None else (_check_table(table),)
        rows = [{"table": t, "column": c.name, "type": c.dtype, "unit": c.unit,
                 "meaning": c.meaning} for t in tables for c in self.columns[t]]
        return pd.DataFrame(rows)

    # -- save ----------------------------------------------------------------------------
    def save(self, path: str | os.PathLike, overwrite: bool = False) -> Path:
        """Write the base to folder ``path``: three CSV files, params, schema and a datasheet.

        Files: ``customers.csv``, ``activity.csv``, ``truth.csv``, ``params.json``,
        ``schema.json`` (column types, read by :func:`load`) and ``README.md`` (the datasheet).

        An existing non-empty folder is never replaced unless ``overwrite=True``, and even then
        only when it is a dataset folder casekit wrote (nothing in it but those six files, with a
        casekit ``schema.json``): a folder holding anything else is refused with a message listing
        what is there. A symbolic link at ``path`` is refused too. The write is atomic:
        everything is written to a temporary folder beside ``path`` and swapped in at the end,
        so a crash mid-write leaves the old folder as it was. The folder and its files get the
        permissions your umask gives new files (e.g. ``rwxr-xr-x`` with umask 022).

        Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
        ``@``, a tab or a carriage return) are written with a leading ``'`` (OWASP's rule for
        CSV injection); :func:`load` removes it again, so the round trip is exact (see
        :func:`escape_text`).

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
                 "are unknown; here they let you check every estimate.", ""]
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
        return "\n".join(lines)


def require_columns(frame: pd.DataFrame, columns: Iterable[str], where: str) -> None:
    """Raise a ValueError naming the missing columns of ``frame`` and listing those present."""
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


# --------------------------------------------------------------------------------------------
# Text cells a spreadsheet would run as a formula (CSV injection)
# --------------------------------------------------------------------------------------------

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


def write_csv(frame: pd.DataFrame, file: Path) -> None:
    """Write ``frame`` as UTF-8 CSV with ``\n`` line ends, no index.

    Python's csv writer quotes a cell holding a ``\n`` but not one holding a lone ``\r`` (it is
    not part of the ``\n`` line end), which every reader then takes for a line break. A table
    with such a cell is written with every cell quoted, so it reads back unchanged; other tables
    keep their usual, minimal quoting (and their bytes).
    """
    has_cr = any(_has_cr(frame[c]) for c in frame.columns)
    frame.to_csv(file, index=False, lineterminator="\n",
                 quoting=csv.QUOTE_ALL if has_cr else csv.QUOTE_MINIMAL)


# --------------------------------------------------------------------------------------------
# Writing folders: recognise our own, never replace anything else, write atomically
# --------------------------------------------------------------------------------------------

#: The files of a dataset folder written by :meth:`CustomerBase.save` (and ``student.json``,
#: the student's id, which ``class-pack`` adds to each student's folder).
DATASET_FILES = ("customers.csv", "activity.csv", "truth.csv", "params.json", "schema.json",
                 "README.md", "student.json")


def check_folder_path(path: Any, where: str) -> Path:
    """``path`` as a Path, or a TypeError naming ``where`` when it is not a path at all."""
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{where}: path={path!r} is not a folder path; give a str or "
                        "pathlib.Path")
    if str(path).strip() == "":
        raise ValueError(f"{where}: path={str(path)!r} is empty; name a folder")
    return Path(path)


def _listing(folder: Path, limit: int = 8) -> str:
    try:
        names = sorted(p.name + ("/" if p.is_dir() and not p.is_symlink() else "")
                       + (" (a link)" if p.is_symlink() else "") for p in folder.iterdir())
    except OSError:
        return "(cannot be listed)"
    shown = ", ".join(names[:limit])
    return shown + (f", … ({len(names)} entries)" if len(names) > limit else "")


def is_dataset_folder(folder: Path) -> bool:
    """True when ``folder`` holds only the files :meth:`CustomerBase.save` writes (as plain
    files, not links) and a casekit ``schema.json``."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    if not entries or any(p.name not in DATASET_FILES or p.is_symlink() or not p.is_file()
                          for p in entries):
        return False
    try:
        schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(schema, dict) and "schema_version" in schema and "tables" in schema


def prepare_target(target: Path, overwrite: bool, recognise: Any, where: str,
                   what: str) -> None:
    """Refuse to write to ``target`` unless it is absent, an empty folder, or (with
    ``overwrite``) a folder ``recognise(target)`` says casekit wrote; ``what`` describes that
    kind of folder in the message."""
    if not isinstance(overwrite, bool):
        raise TypeError(f"{where}: overwrite={overwrite!r}: expected True or False")
    if target.is_symlink():
        raise FileExistsError(f"{where}: {str(target)!r} is a symbolic link; casekit does not "
                              "write through links — give the real folder's path")
    if not target.exists():
        return
    if not target.is_dir():
        raise FileExistsError(f"{where}: {str(target)!r} is a file (not a folder); choose "
                              "another path")
    if not any(target.iterdir()):
        return
    if not overwrite:
        raise FileExistsError(f"{where}: the folder {str(target)!r} exists and is not empty; "
                              "pass overwrite=True (CLI: --force) to replace it")
    if not recognise(target):
        raise FileExistsError(
            f"{where}: the folder {str(target)!r} was not written by casekit, so overwrite=True "
            f"will not replace it; it holds {_listing(target)}. casekit replaces only {what}. "
            "Choose another folder, or move those files away yourself")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_folder_atomically(target: Path, write: Any, where: str) -> None:
    """Call ``write(tmp)`` on a new temporary folder beside ``target``, then swap it in.

    The folder gets the permissions the umask gives a new folder (``mkdtemp`` would leave it
    ``rwx------``). On any failure the temporary folder is removed and ``target`` is as before.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.writing-", dir=target.parent))
    except OSError as exc:
        raise _write_error(exc, target, where) from None
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        write(tmp)
        _swap_in(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _write_error(exc, target, where) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_error(exc: OSError, target: Path, where: str) -> OSError:
    """A clear error for a folder that cannot be written (read-only, full disk, a file in the
    way), of the same OSError subclass."""
    reason = exc.strerror or str(exc)
    name = f" ({exc.filename})" if exc.filename else ""
    cls = type(exc) if type(exc) in (PermissionError, FileExistsError, FileNotFoundError,
                                     NotADirectoryError, IsADirectoryError) else OSError
    return cls(f"{where}: cannot write the folder {str(target)!r}: {reason}{name}. Check that "
               "its parent folder exists, is a folder and is writable (not read-only), and that "
               "the disk is not full")


def _swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by folder ``new`` with renames, so readers never see half a folder."""
    if not target.exists():
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# load
# --------------------------------------------------------------------------------------------

_READ_DTYPE = {"int8": "int8", "int16": "int16", "int32": "int32", "int64": "int64",
               "float32": "float32", "float64": "float64", "bool": "bool",
               "category": "string", "string": "string"}


# pandas < 3 parses floats exactly only when asked; pandas 3 does by default and deprecates the flag.
_EXACT_FLOATS = ({"float_precision": "round_trip"} if int(pd.__version__.split(".")[0]) < 3
                 else {})

# Only an empty field is missing: a text cell "NA" or "null" is text (as it was saved).
_NA = {"keep_default_na": False, "na_values": [""]}


def load(path: str | os.PathLike) -> CustomerBase:
    """Read a customer base written by :meth:`CustomerBase.save` (or shipped in datasets/).

    Checks every file against ``schema.json`` and raises a clear error naming the file and
    the column (and row, where there is one) for:

    - a missing file, an empty file, a file that is not UTF-8 text, broken JSON, or a
      ``schema.json``/``params.json`` key that is missing, unknown or of the wrong type;
    - a missing, extra or misplaced column, or a value of the wrong type;
    - NaN or infinity in a float column (casekit datasets have no missing values);
    - rows that contradict each other: duplicate customer ids, truth rows that are not the
      customers' rows, activity of an unknown customer, a period outside 1..``periods``, a
      header-only ``activity.csv``, or a ``size`` in params.json that is not the number of
      customers;
    - a world that ``schema.json`` and ``params.json`` name differently, and, for a world
      casekit knows (telecom, tobacco), parameters it does not have, values outside their
      documented range, missing parameters, or another period unit.

    A base of a world casekit does not know (one you built yourself as a
    :class:`CustomerBase`) loads with the columns its ``schema.json`` describes; its
    parameters are not checked (there is no documentation to check them against).
    Text cells escaped by :meth:`save` (see :func:`escape_text`) are read back unchanged.
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load(path={path!r}): expected the path of a dataset folder (a str or "
                        "pathlib.Path), e.g. ck.load('../datasets/telecom')")
    folder = Path(path)
    if folder.is_file():
        raise NotADirectoryError(f"load(path={str(folder)!r}): this is a file; pass the dataset "
                                 f"folder that holds it ({str(folder.parent)!r})")
    if not folder.is_dir():
        raise FileNotFoundError(f"load(path={str(folder)!r}): no such folder")
    needed = [f"{t}.csv" for t in TABLES] + ["params.json", "schema.json"]
    missing = [f for f in needed if not (folder / f).is_file()]
    if missing:
        raise FileNotFoundError(f"load({str(folder)!r}): missing file(s) {missing}; a casekit "
                                f"dataset folder holds {needed} and README.md")
    params = _read_params_file(folder / "params.json")
    columns, escaped = _read_schema(folder / "schema.json", params)
    frames = {t: _read_table(folder / f"{t}.csv", columns[t], escaped.get(t, ()))
              for t in TABLES}
    _check_rows(frames, params)
    return CustomerBase(frames["customers"], frames["activity"], frames["truth"], params,
                        columns=columns, source=folder.resolve())


def _read_text(file: Path) -> str:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise type(exc)(f"{file.name}: cannot be read ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{file.name}: is not UTF-8 text (byte {exc.start}); save it as UTF-8 "
                         "(in Excel: 'CSV UTF-8'; a Chinese Windows tool may have written GBK)"
                         ) from None


def _read_json(file: Path) -> Any:
    text = _read_text(file)
    if not text.strip():
        raise ValueError(f"{file.name}: the file is empty; expected a JSON object")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{file.name}: not valid JSON at line {exc.lineno}, column {exc.colno} "
                         f"({exc.msg})") from None


def _read_params_file(file: Path) -> Params:
    data = _read_json(file)
    try:
        params = Params.from_dict(data)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{file.name}: {exc}") from None
    _check_world_params(params, file.name)
    return params


def _check_world_params(params: Params, where: str) -> None:
    """For a registered world: no unknown parameter, each in its range, the right unit."""
    spec = world_spec(params.world)
    if spec is None:
        return
    if params.period_unit != spec.period_unit:
        raise ValueError(f"{where}: period_unit={params.period_unit!r}, but the {params.world} "
                         f"world counts in {spec.period_unit!r}")
    specs = {p.name: p for p in spec.params}
    unknown = [k for k in params.values if k not in specs]
    if unknown:
        raise ValueError(f"{where}: key(s) {unknown} in 'values' are not parameters of the "
                         f"{params.world} world; allowed: {sorted(specs)}")
    absent = [k for k in specs if k not in params.values]
    if absent:
        raise ValueError(f"{where}: 'values' lacks parameter(s) {absent} of the {params.world} "
                         "world; without them the data cannot be regenerated exactly")
    for name, value in params.values.items():
        try:
            specs[name].check(value)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{where}: values.{exc}") from None


def _read_schema(file: Path, params: Params
                 ) -> tuple[dict[str, tuple[Column, ...]], dict[str, tuple[str, ...]]]:
    schema = _read_json(file)
    if not isinstance(schema, dict):
        raise ValueError(f"{file.name}: expected a JSON object, got {type(schema).__name__}")
    version = schema.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ValueError(f"{file.name}: key 'schema_version' is {version!r}; this casekit reads "
                         f"version {SCHEMA_VERSION}")
    if schema.get("world", params.world) != params.world:
        raise ValueError(f"{file.name}: key 'world' is {schema.get('world')!r} but params.json "
                         f"says world {params.world!r}; the two files must name the same world")
    tables = schema.get("tables")
    if not isinstance(tables, dict) or any(t not in tables for t in TABLES):
        raise ValueError(f"{file.name}: key 'tables' must map each of {list(TABLES)} to its "
                         "list of columns")
    columns = {}
    for t in TABLES:
        if not isinstance(tables[t], list):
            raise ValueError(f"{file.name}: key 'tables.{t}' must be a list of columns")
        cols = []
        for i, d in enumerate(tables[t]):
            where = f"{file.name}: key 'tables.{t}[{i}]'"
            if not isinstance(d, dict) or not isinstance(d.get("name"), str) \
                    or not isinstance(d.get("dtype"), str):
                raise ValueError(f"{where} must be an object with text 'name' and 'dtype'")
            try:
                cols.append(Column.from_dict(d))
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{where}: {exc}") from None
        columns[t] = tuple(cols)
    escaped = schema.get("escaped", {})
    if not isinstance(escaped, dict) or any(
            t not in TABLES or not isinstance(v, list)
            or any(n not in [c.name for c in columns[t]] for n in v)
            for t, v in escaped.items()):
        raise ValueError(f"{file.name}: key 'escaped' must map tables to lists of their text "
                         "columns")
    return columns, {t: tuple(v) for t, v in escaped.items()}


def _csv(file: Path, **kwargs: Any) -> pd.DataFrame:
    """pd.read_csv with the errors of an empty, non-UTF-8 or malformed file explained."""
    try:
        return pd.read_csv(file, encoding="utf-8", **kwargs)
    except UnicodeDecodeError as exc:
        raise ValueError(f"{file.name}: is not UTF-8 text (byte {exc.start}); save it as UTF-8 "
                         "(in Excel: 'CSV UTF-8'; a Chinese Windows tool may have written GBK)"
                         ) from None
    except pd.errors.EmptyDataError:
        raise ValueError(f"{file.name}: the file is empty; expected a header line with the "
                         "columns schema.json lists") from None
    except pd.errors.ParserError as exc:
        raise ValueError(f"{file.name}: not a well-formed CSV file ({exc})") from None


def _read_table(file: Path, columns: tuple[Column, ...], escaped: Iterable[str] = ()
                ) -> pd.DataFrame:
    header = list(_csv(file, nrows=0).columns)
    names = [c.name for c in columns]
    missing = [n for n in names if n not in header]
    extra = [n for n in header if n not in names]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {missing}")
        if extra:
            parts.append(f"unexpected column(s) {extra}")
        raise ValueError(f"{file.name}: " + "; ".join(parts) + f" (schema.json expects {names})")
    if header != names:
        raise ValueError(f"{file.name}: columns are in the order {header}; expected {names}")
    try:
        frame = _csv(file, dtype={c.name: _READ_DTYPE[c.dtype] for c in columns},
                     **_NA, **_EXACT_FLOATS)
    except (ValueError, TypeError, OverflowError) as exc:
        if str(exc).startswith(file.name):
            raise
        frame = None
    if frame is None:
        raw = _csv(file, dtype=str, keep_default_na=False)
        for c in columns:
            _diagnose(file, c, raw[c.name])
        raise ValueError(f"{file.name}: could not be read with the types in schema.json")
    for name in escaped:
        values = frame[name]
        present = values.notna()
        frame.loc[present, name] = [unescape_text(v) for v in values[present]]
    for c in columns:
        if c.dtype == "category":
            values = frame[c.name]
            unknown = sorted(set(values.dropna().unique()) - set(c.categories or ()))
            if unknown:
                raise ValueError(f"{file.name}, column {c.name!r}: value(s) {unknown[:5]} are not "
                                 f"among the allowed categories {list(c.categories or ())}")
            frame[c.name] = values.astype(object).astype(c.pandas_dtype())
        elif c.dtype == "string":
            frame[c.name] = frame[c.name].astype(pd.StringDtype())
    _check_finite(frame, columns, file.name)
    return frame


def _diagnose(file: Path, column: Column, raw: pd.Series) -> None:
    """Raise a clear error if the text of ``raw`` cannot become ``column.dtype``."""
    if column.dtype in ("category", "string"):
        return
    for i, text in enumerate(raw.to_numpy()):
        try:
            if column.dtype == "bool":
                if text not in ("True", "False"):
                    raise ValueError
            elif column.dtype.startswith("int"):
                info = np.iinfo(np.dtype(column.dtype))
                v = int(text)
                if not info.min <= v <= info.max:
                    raise ValueError
            elif not np.isfinite(float(text)):
                raise ValueError
        except (ValueError, TypeError, OverflowError):
            where = f"{file.name}, column {column.name!r}, row {i + 1}: value {text!r}"
            if text == "" or column.dtype.startswith("float"):
                raise ValueError(f"{where} is not {'a finite number' if text else 'given'}; "
                                 "casekit datasets have no missing or infinite values") from None
            raise ValueError(f"{where} is not of type {column.dtype}") from None


def _check_rows(frames: Mapping[str, pd.DataFrame], params: Params) -> None:
    """The tables agree with each other and with params.json (see :func:`load`)."""
    customers, activity, truth = (frames[t] for t in TABLES)
    ids = customers["customer_id"]
    dup = ids[ids.duplicated()]
    if len(dup):
        raise ValueError(f"customers.csv, column 'customer_id': id(s) {dup.unique()[:5].tolist()} "
                         "appear more than once")
    if len(customers) != params.size:
        raise ValueError(f"customers.csv has {len(customers):,} rows but params.json says "
                         f"size={params.size:,}; the file may be cut short or edited")
    if not truth["customer_id"].reset_index(drop=True).equals(ids.reset_index(drop=True)):
        raise ValueError("truth.csv, column 'customer_id': the rows are not those of "
                         f"customers.csv ({len(truth):,} vs {len(customers):,} rows, one per "
                         "customer in the same order)")
    if len(customers) and len(activity) == 0:
        raise ValueError("activity.csv has a header but no rows; a customer base has activity")
    unknown = ~activity["customer_id"].isin(ids)
    if unknown.any():
        i = int(np.argmax(unknown.to_numpy()))
        raise ValueError(f"activity.csv, column 'customer_id', row {i + 1}: customer "
                         f"{activity['customer_id'].iloc[i]!r} is not in customers.csv")
    period = activity["period"].to_numpy()
    outside = (period < 1) | (period > params.periods)
    if outside.any():
        i = int(np.argmax(outside))
        raise ValueError(f"activity.csv, column 'period', row {i + 1}: period {period[i]!r} is "
                         f"outside 1..{params.periods} (params.json periods={params.periods})")
    dup = activity.duplicated(["customer_id", "period"])
    if dup.any():
        i = int(np.argmax(dup.to_numpy()))
        raise ValueError(f"activity.csv, row {i + 1}: customer "
                         f"{activity['customer_id'].iloc[i]!r} has period "
                         f"{activity['period'].iloc[i]!r} twice (one row per customer and period)")
