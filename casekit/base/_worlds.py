"""The registry of worlds (:func:`register_world`, filled by :mod:`casekit.generate`) and
:class:`Params`, the JSON round-trippable parameters of a generated base."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ._schema import TABLES, Column, ParamSpec


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

    Parameters
    ----------
    name : str
        The world's name (``Params.world``).
    period_unit : str
        The unit of a period (``"month"``, ``"week"``).
    params : iterable of ParamSpec
        The documentation of every generator parameter.
    columns : mapping of str to iterable of Column
        The schema of each table: ``customers``, ``activity``, ``truth``.
    calibration : iterable of (str, str, str), optional
        Calibration targets as (target, value reached, source) rows.
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

    Parameters
    ----------
    world : str
        The generator's name.
    seed : int
        The random seed (>= 0).
    size : int
        Number of customers.
    periods : int
        Number of periods observed.
    period_unit : str
        The unit of a period, as registered for the world (``"month"``, ``"week"``).
    values : dict, optional
        The world's own parameters by name (JSON-ready values).
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
        """The params as a JSON-ready dict (the content of ``params.json``).

        Returns
        -------
        dict
            ``world``, ``seed``, ``size``, ``periods``, ``period_unit`` and ``values``.
        """
        return {"world": self.world, "seed": self.seed, "size": self.size,
                "periods": self.periods, "period_unit": self.period_unit,
                "values": dict(self.values)}

    def to_json(self) -> str:
        """The text of ``params.json``: :meth:`to_dict` as indented JSON.

        Returns
        -------
        str
            UTF-8 text ending in a newline (Chinese kept as written).
        """
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Params":
        """Params from their dict (as in params.json); every key is checked by name.

        Parameters
        ----------
        d : mapping
            As written by :meth:`to_dict`; ``values`` may be missing.

        Returns
        -------
        Params
        """
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
        """Params from the text of a params.json file.

        Parameters
        ----------
        text : str
            The JSON text.

        Returns
        -------
        Params
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"params: not valid JSON at line {exc.lineno}, column {exc.colno} "
                             f"({exc.msg})") from None
        return cls.from_dict(data)

    def describe(self) -> pd.DataFrame:
        """A table of the world's parameters: value, default, unit, meaning and source.

        Returns
        -------
        pandas.DataFrame
            One row per entry of ``values``; default, unit, meaning and source come from the
            world's registered :class:`ParamSpec` (empty for an unknown name).
        """
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
