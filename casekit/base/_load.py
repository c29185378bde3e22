""":func:`load`: read a saved dataset folder back into a :class:`CustomerBase`, checking every
file against its schema and the registered world (a clear error names the file, the column
and the value)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ._customer_base import CustomerBase, _check_finite
from ._escape import unescape_text
from ._schema import SCHEMA_VERSION, TABLES, Column
from ._worlds import Params, world_spec


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

    Parameters
    ----------
    path : str or os.PathLike
        A dataset folder (``customers.csv``, ``activity.csv``, ``truth.csv``,
        ``params.json``, ``schema.json``).

    Returns
    -------
    CustomerBase
        The base, with ``source`` set to the folder.
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
