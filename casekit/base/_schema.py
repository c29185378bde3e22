"""Columns and parameters described: :class:`Column` (type, unit, meaning) and :class:`ParamSpec`
(default, range, source), the shape every saved ``schema.json`` and ``params.json`` follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

#: The three tables of a customer base, in the order they are saved and documented.
TABLES = ("customers", "activity", "truth")

#: The column types a schema may name, and the pandas dtype each one loads as.
DTYPES = ("int8", "int16", "int32", "int64", "float32", "float64", "bool", "category", "string")

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Column:
    """One column of a table: its type, unit and meaning (one row of the datasheet).

    ``dtype`` is one of :data:`DTYPES`. A ``category`` column lists its ``categories`` in
    order; ``ordered=True`` makes comparisons such as ``tier > "normal"`` meaningful.

    Parameters
    ----------
    name : str
        The column's name.
    dtype : str
        One of :data:`DTYPES`.
    unit : str, optional
        The unit (``"RMB"``, ``"months"``, …); empty when it has none.
    meaning : str, optional
        One sentence: what the column holds.
    categories : tuple of str, optional
        The categories, in order; required when ``dtype="category"``.
    ordered : bool, optional
        Whether the categories are ordered (default False).
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
        """The pandas dtype this column has in memory.

        Returns
        -------
        numpy.dtype or pandas.CategoricalDtype or pandas.StringDtype
        """
        if self.dtype == "category":
            return pd.CategoricalDtype(list(self.categories or ()), ordered=self.ordered)
        if self.dtype == "string":
            return pd.StringDtype()
        return np.dtype(self.dtype)

    def to_dict(self) -> dict[str, Any]:
        """The column as a JSON-ready dict (one entry of ``schema.json``).

        Returns
        -------
        dict
            ``name``, ``dtype``, ``unit``, ``meaning`` (and ``categories``, ``ordered`` for a
            category column).
        """
        out: dict[str, Any] = {"name": self.name, "dtype": self.dtype, "unit": self.unit,
                               "meaning": self.meaning}
        if self.categories is not None:
            out["categories"] = list(self.categories)
            out["ordered"] = self.ordered
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Column":
        """The column a :meth:`to_dict` dict describes.

        Parameters
        ----------
        d : mapping
            Keys as written by :meth:`to_dict`; ``unit``, ``meaning``, ``categories`` and
            ``ordered`` may be missing.

        Returns
        -------
        Column
        """
        cats = d.get("categories")
        return cls(name=d["name"], dtype=d["dtype"], unit=d.get("unit", ""),
                   meaning=d.get("meaning", ""),
                   categories=tuple(cats) if cats is not None else None,
                   ordered=bool(d.get("ordered", False)))

    @classmethod
    def infer(cls, name: str, series: pd.Series) -> "Column":
        """Describe an existing column (type only; unit and meaning left empty).

        Parameters
        ----------
        name : str
            The column's name.
        series : pandas.Series
            The column's values; its dtype decides ``dtype``.

        Returns
        -------
        Column
        """
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

    Parameters
    ----------
    name : str
        The parameter's name (a keyword of the world's generator).
    default : any
        Its default value.
    unit : str
        Its unit (``"RMB/month"``, ``"share"``, …).
    meaning : str
        One sentence: what it sets.
    source : str, optional
        Where the default comes from (a publication, a course text) or the assumption it is.
    low, high : float, optional
        Inclusive bounds a value must lie in.
    kind : str, optional
        ``"float"`` (default), ``"int"``, ``"share"`` or ``"str"``.
    choices : tuple, optional
        The allowed values, when only a few are.
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
        """Return ``value`` converted to this parameter's kind, or raise a clear error.

        Parameters
        ----------
        value : any
            The value given for this parameter.

        Returns
        -------
        any
            ``value`` as a float, int or str.

        Raises
        ------
        TypeError, ValueError
            When the value is of the wrong kind, out of ``[low, high]`` or not in ``choices``.
        """
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
