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


_WORLDS: dict[str, _World] = {}


def register_world(name: str, *, period_unit: str, params: Iterable[ParamSpec],
                   columns: Mapping[str, Iterable[Column]]) -> None:
    """Make a world known to casekit: its parameter documentation and its table schema.

    Generators call this once at import; :class:`Params` and :class:`CustomerBase` then use
    it for validation, datasheets and ``describe()``.
    """
    missing = [t for t in TABLES if t not in columns]
    if missing:
        raise ValueError(f"register_world({name!r}): columns for tables {missing} are missing")
    _WORLDS[name] = _World(name, period_unit, tuple(params),
                           {t: tuple(columns[t]) for t in TABLES})


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
        need = ("world", "seed", "size", "periods", "period_unit")
        missing = [k for k in need if k not in d]
        if missing:
            raise ValueError(f"params: missing keys {missing}; expected {list(need)} and 'values'")
        return cls(world=d["world"], seed=d["seed"], size=int(d["size"]),
                   periods=int(d["periods"]), period_unit=d["period_unit"],
                   values=dict(d.get("values", {})))

    @classmethod
    def from_json(cls, text: str) -> "Params":
        return cls.from_dict(json.loads(text))

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
        An existing folder is never replaced unless ``overwrite=True``. The write is atomic:
        everything is written to a temporary folder beside ``path`` and swapped in at the
        end, so a crash mid-write leaves the old folder as it was.
        """
        target = Path(path)
        if target.exists() and not target.is_dir():
            raise FileExistsError(f"save(path={str(target)!r}): a file (not a folder) is there; "
                                  "choose another path")
        if target.exists() and any(target.iterdir()) and not overwrite:
            raise FileExistsError(f"save(path={str(target)!r}): the folder exists and is not "
                                  "empty; pass overwrite=True (CLI: --force) to replace it")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.writing-", dir=target.parent))
        try:
            self._write_files(tmp)
            _swap_in(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return target

    def _write_files(self, folder: Path) -> None:
        for table in TABLES:
            frame = getattr(self, table)
            _check_frame_matches(frame, self.columns[table], table)
            frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
        (folder / "params.json").write_text(self.params.to_json(), encoding="utf-8")
        schema = {"schema_version": SCHEMA_VERSION, "world": self.world,
                  "tables": {t: [c.to_dict() for c in self.columns[t]] for t in TABLES}}
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


def load(path: str | os.PathLike) -> CustomerBase:
    """Read a customer base written by :meth:`CustomerBase.save` (or shipped in datasets/).

    Checks every file against ``schema.json`` and raises a clear error naming the file and
    the column for a missing file, a missing or extra column, or a value of the wrong type.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(f"load(path={str(folder)!r}): no such folder")
    needed = [f"{t}.csv" for t in TABLES] + ["params.json", "schema.json"]
    missing = [f for f in needed if not (folder / f).is_file()]
    if missing:
        raise FileNotFoundError(f"load({str(folder)!r}): missing file(s) {missing}; a casekit "
                                f"dataset folder holds {needed} and README.md")
    params = Params.from_json((folder / "params.json").read_text(encoding="utf-8"))
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    columns = {t: tuple(Column.from_dict(c) for c in schema["tables"][t]) for t in TABLES}
    frames = {t: _read_table(folder / f"{t}.csv", columns[t]) for t in TABLES}
    return CustomerBase(frames["customers"], frames["activity"], frames["truth"], params,
                        columns=columns)


def _read_table(file: Path, columns: tuple[Column, ...]) -> pd.DataFrame:
    header = list(pd.read_csv(file, nrows=0).columns)
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
        frame = pd.read_csv(file, dtype={c.name: _READ_DTYPE[c.dtype] for c in columns},
                            **_EXACT_FLOATS)
    except (ValueError, TypeError, OverflowError):
        frame = None
    if frame is None:
        raw = pd.read_csv(file, dtype=str, keep_default_na=False)
        for c in columns:
            _diagnose(file, c, raw[c.name])
        raise ValueError(f"{file.name}: could not be read with the types in schema.json")
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
            else:
                float(text)
        except (ValueError, TypeError):
            raise ValueError(f"{file.name}, column {column.name!r}, row {i + 1}: value {text!r} "
                             f"is not of type {column.dtype}") from None
