"""A plan: the actions a student decides on, played together (see :mod:`._actions` for
each action's response model and the combination rules), and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..scenarios import Scenario
from ._actions import (SERVICE_PACKAGES, AccountHours, Acquisition, LetGo, ServicePackage,
                       SupplyAllocation, hours_response, select, service_package)

__all__ = ["Plan", "AccountHours", "LetGo", "ServicePackage", "SupplyAllocation",
           "Acquisition", "SERVICE_PACKAGES", "select", "service_package", "hours_response"]

_ACTIONS = (Scenario, AccountHours, LetGo, ServicePackage, SupplyAllocation, Acquisition)


@dataclass(frozen=True)
class Plan:
    """A set of actions played together (``ck.Plan(scenario, ck.AccountHours(200), ...)``).

    Parameters
    ----------
    *actions : Scenario, AccountHours, LetGo, ServicePackage, SupplyAllocation, Acquisition
        The actions, or lists of them; each with its own ``name`` (names must differ).

    Attributes
    ----------
    actions : tuple
        The actions, in the order given.

    Notes
    -----
    An empty plan is allowed: it plays the world on unchanged (both arms identical). The
    combination rules (one retention action per customer, nothing else for a customer let
    go) are checked when the plan is played against a base; see the module docstring and
    each action's response model.

    References
    ----------
    Each action's docstring names its formula's source or states its assumption.
    """

    actions: tuple = field(default=())

    def __init__(self, *actions: Any) -> None:
        flat: list[Any] = []
        for a in actions:
            flat.extend(a if isinstance(a, (list, tuple)) else [a])
        for a in flat:
            if not isinstance(a, _ACTIONS):
                raise TypeError(f"Plan: {a!r} is not an action; allowed: Scenario, "
                                "AccountHours, LetGo, ServicePackage, SupplyAllocation, "
                                "Acquisition")
        names = [getattr(a, "name", "") for a in flat]
        dup = {x for x in names if names.count(x) > 1}
        if dup:
            raise ValueError(f"Plan: action names {sorted(dup)} are used twice; give each "
                             "action its own name")
        object.__setattr__(self, "actions", tuple(flat))

    def __repr__(self) -> str:
        return "Plan(" + ", ".join(repr(a) for a in self.actions) + ")"

    def __len__(self) -> int:
        return len(self.actions)

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON data: ``{"actions": [{"action": "AccountHours", "hours": 200,
        ...}, ...]}`` (recorded in a case's answers file; read back with :meth:`from_dict`).

        Targets given as ids, masks, tiers, dicts or per-customer Series are kept; a callable
        target cannot be written down and raises TypeError naming the action.

        Returns
        -------
        dict
        """
        out = []
        for a in self.actions:
            entry: dict[str, Any] = {"action": type(a).__name__}
            for f in fields(a):
                entry[f.name] = _encode(getattr(a, f.name), getattr(a, "name", ""), f.name)
            out.append(entry)
        return {"actions": out}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Plan":
        """The plan written by :meth:`to_dict` (the same actions, equal targets and values).

        Parameters
        ----------
        data : mapping
            ``{"actions": [...]}``.

        Returns
        -------
        Plan
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("actions"), list):
            raise ValueError(f"Plan.from_dict: data={data!r:.80}; expected a dict with a list "
                             "'actions' (from Plan.to_dict)")
        by_name = {c.__name__: c for c in _ACTIONS}
        actions = []
        for entry in data["actions"]:
            kind = entry.get("action") if isinstance(entry, Mapping) else None
            if kind not in by_name:
                raise ValueError(f"Plan.from_dict: action {kind!r} is not known; allowed: "
                                 f"{sorted(by_name)}")
            args = {k: _decode(v) for k, v in entry.items() if k != "action"}
            actions.append(by_name[kind](**args))
        return cls(*actions)


def _encode(value: Any, action: str, name: str) -> Any:
    """One action field as JSON data; tuples, arrays and Series are tagged to come back."""
    if value is None or isinstance(value, (bool, str, int, float)):
        return value
    if isinstance(value, (np.bool_, np.integer, np.floating)):
        return value.item()
    if isinstance(value, pd.Series):
        return {"__series__": {"index": [_encode(i, action, name) for i in value.index],
                               "values": [_encode(v, action, name) for v in value]}}
    if isinstance(value, np.ndarray):
        return {"__array__": [_encode(v, action, name) for v in value.tolist()],
                "dtype": str(value.dtype)}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v, action, name) for v in value]}
    if isinstance(value, list):
        return [_encode(v, action, name) for v in value]
    if isinstance(value, Mapping) and all(isinstance(k, str) and not k.startswith("__")
                                          for k in value):
        return {k: _encode(v, action, name) for k, v in value.items()}
    raise TypeError(f"Plan.to_dict: {action}: {name}={value!r:.60} cannot be written down; "
                    "give customer ids, a boolean mask, a tier or a dict instead")


def _decode(data: Any) -> Any:
    """Inverse of :func:`_encode`."""
    if isinstance(data, list):
        return [_decode(v) for v in data]
    if isinstance(data, Mapping):
        if "__series__" in data:
            s = data["__series__"]
            return pd.Series([_decode(v) for v in s["values"]],
                             index=pd.Index([_decode(i) for i in s["index"]],
                                            name="customer_id"))
        if "__array__" in data:
            return np.asarray(data["__array__"], dtype=data.get("dtype"))
        if "__tuple__" in data:
            return tuple(_decode(v) for v in data["__tuple__"])
        return {k: _decode(v) for k, v in data.items()}
    return data
