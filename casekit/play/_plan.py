"""A plan: the actions a student decides on, each with a documented response model.

Every action names the customers it touches and says how the world responds. The response
parameters live in the world's own parameters (``base.params``; ``telecom_params()
.describe()`` and the datasheet ``README.md`` list them with their source or stated
assumption), so a played base always carries the response it was played with.

Actions and their response models (per customer, for the periods played):

* :class:`casekit.Scenario` — a retention programme, unchanged in meaning (see its docstring
  and :func:`casekit.what_if`): expected per-period retention r becomes
  ``scenario.apply_retention(r)``; the margin rises by ``margin_uplift`` × the expected margin
  (as extra revenue); its cost is paid as ``what_if`` prices it (per customer still there at
  the start of each period, once, or fixed now).
* :class:`AccountHours` — extra account-manager (客户经理) hours per customer per period.
  Diminishing returns (Blattberg & Deighton 1991; the concave call-response of Lodish's
  CALLPLAN 1971): with h hours per customer per period,

      churn cut   c(h) = am_churn_cut_max · (1 − e^(−am_response_k · h))
      growth      Δg(h) = am_growth_max · (1 − e^(−am_response_k · h))   (per year)

  retention r' = 1 − (1 − r)(1 − c(h)) (never above 1, never below r), the annual growth rate
  of the customer's volume (telecom) or order value (tobacco) rises by Δg(h). Cost: h ×
  the hourly cost of a manager, paid for customers still there at the start of a period. The
  hours of a period cannot exceed the managers' capacity.
* :class:`LetGo` — letting customers go (剔除): they leave at the end of the last observed
  period, so their revenue, margin and cost to serve stop. No cost (an assumption: exit costs
  such as a telecom early-termination refund are not modelled).
* :class:`Acquisition` (telecom) — spend on acquisition channels brings new customers from
  the world's prospects (``telecom.prospects``: would-be customers drawn by the same story as
  the base, as new joiners). Each channel finds its own kind of customer (direct sales: key
  accounts; stores, online, agents: consumers and SMEs, :data:`casekit.generate.telecom
  ._CHANNEL_P`) at each prospect's own acquisition cost (channel cost + per-line cost, ×
  lognormal noise). Prospects are taken in their fixed order while the spend lasts; they
  join in the first played period and the spend is paid now. (The tobacco company is the
  monopoly wholesaler: every licensed retailer already buys from it, so tobacco has no
  acquisition action.)
* :class:`ServicePackage` (tobacco) — a service level per group (差异服务, seed 002):
  ``basic`` / ``standard`` / ``premium`` (parameters ``service_<package>_*`` of the tobacco
  world; :data:`SERVICE_PACKAGES` at the defaults), each with manager hours
  per retailer-week (counted against capacity), a cut of the weeks without an order
  (q' = 1 − (1 − q)(1 − a)), a cut of the closure probability after an order (p' = p(1 − b))
  and of late payments (compliance), and a cost per retailer-week.
* :class:`SupplyAllocation` (tobacco) — scarce brands (货源投放, seed 002): x extra class-1
  cartons with every order of a targeted retailer, raising the expected order value by x ×
  its class-1 price; the cartons allotted per week cannot exceed the scarce supply
  (``scarce_cartons_per_week`` per 1,000 retailers).

Combination rules: a customer may get at most one of the retention actions (Scenario,
AccountHours, ServicePackage) — stacking two is undefined and raises ``ValueError`` naming both
actions; a customer let go can get no other action; SupplyAllocation combines with any
retention action (its value factor multiplies).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..scenarios import PYRAMID_SHARES, Scenario, retention_response

__all__ = ["Plan", "AccountHours", "LetGo", "ServicePackage", "SupplyAllocation",
           "Acquisition", "SERVICE_PACKAGES"]

TIERS = ("key", "normal", "small")

#: Tobacco service packages (差异服务). Each package's response is a set of tobacco world
#: parameters ``service_<package>_<effect>`` (hours, order_cut, dropout_cut, late_cut, cost;
#: see ``tobacco_params().describe()``); "basic" is the service retailers already get.
PACKAGES = ("basic", "standard", "premium")
_EFFECTS = ("hours", "order_cut", "dropout_cut", "late_cut", "cost")


def service_package(values: Mapping[str, Any], package: str) -> dict[str, float]:
    """The response of a tobacco service package under the world's parameters ``values``:
    manager hours per retailer-week, cuts of no-order weeks, of closure after an order and of
    late payments, and the cost per retailer-week (all 0 for "basic")."""
    if package == "basic":
        return {e: 0.0 for e in _EFFECTS}
    return {e: float(values[f"service_{package}_{e}"]) for e in _EFFECTS}


def _default_packages() -> dict[str, dict[str, float]]:
    from ..generate.tobacco import tobacco_params
    values = tobacco_params().values
    return {p: service_package(values, p) for p in PACKAGES}


#: The packages at the tobacco world's default parameters (for reading; a base uses its own).
SERVICE_PACKAGES: dict[str, dict[str, float]] = _default_packages()


def _nonneg(action: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{action}: {name}={value!r} must be a number >= 0")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{action}: {name}={value!r} is out of range; allowed: a number >= 0")
    return value


def select(action: str, target: Any, base: CustomerBase) -> np.ndarray:
    """Boolean mask (customers order) of ``target``: "all", a tier name or list of tiers
    (``truth.true_tier``), a boolean mask, a list/array of customer_ids, or a dict
    ``{column: value(s)}`` of customers/truth. Unknown ids or tiers raise ValueError naming
    the action."""
    n = len(base.customers)
    ids = base.customers["customer_id"].to_numpy()
    if isinstance(target, str):
        target = [target]
    if target is None:
        raise ValueError(f"{action}: target=None; give 'all', a tier, ids or a mask")
    if isinstance(target, (list, tuple)) and target and all(isinstance(t, str) for t in target):
        if list(target) == ["all"]:
            return np.ones(n, dtype=bool)
        tiers = base.truth["true_tier"].astype(str).to_numpy()
        mask = np.zeros(n, dtype=bool)
        for t in target:
            if t not in TIERS:
                raise ValueError(f"{action}: target tier {t!r} is not a tier; allowed: "
                                 f"'all' or {TIERS}")
            hit = tiers == t
            if not hit.any():
                raise ValueError(f"{action}: target tier {t!r}: the base has no customer in "
                                 "that tier")
            mask |= hit
        return mask
    if isinstance(target, Mapping):
        if len(target) != 1:
            raise ValueError(f"{action}: a dict target has one key (a column), got "
                             f"{list(target)}")
        (col, val), = target.items()
        frame = base.customers if col in base.customers.columns else base.truth
        if col not in frame.columns:
            raise ValueError(f"{action}: target column {col!r} is in neither customers nor "
                             "truth")
        vals = val if isinstance(val, (list, tuple, set)) else [val]
        mask = frame[col].isin(list(vals)).to_numpy()
        if not mask.any():
            raise ValueError(f"{action}: target {{{col!r}: {val!r}}} selects no customer")
        return mask
    arr = np.asarray(target)
    if arr.dtype == bool:
        if arr.shape != (n,):
            raise ValueError(f"{action}: the target mask has {arr.size} values; the base has "
                             f"{n} customers")
        return arr.copy()
    if arr.dtype.kind in "iu":
        pos = pd.Index(ids).get_indexer(arr.ravel())
        if (pos < 0).any():
            raise ValueError(f"{action}: unknown customer_id(s) "
                             f"{arr.ravel()[pos < 0][:5].tolist()}; the base has ids "
                             f"{ids.min()}..{ids.max()}")
        mask = np.zeros(n, dtype=bool)
        mask[pos] = True
        return mask
    raise TypeError(f"{action}: target={target!r}: expected 'all', a tier, a dict, a boolean "
                    "mask or customer ids")


@dataclass(frozen=True)
class AccountHours:
    """Extra account-manager hours per period, per tier or per customer.

    Parameters
    ----------
    hours : float, dict or pandas.Series
        A total number of hours per period split over the tiers by ``split``; or a dict
        ``{tier: hours per period for the whole tier}``; or a Series of hours per customer
        per period indexed by customer_id.
    split : "pyramid", "equal" or dict, optional
        How a total is split over the tiers key/normal/small: the course's pyramid 60/30/10
        (:data:`casekit.scenarios.PYRAMID_SHARES`), equal per customer, or given shares.
    name : str
        Shown in the plan's cost table and in errors.

    Within a tier, hours are shared equally by the customers still active. The response
    model and its parameters: see the module docstring (``am_churn_cut_max``,
    ``am_growth_max``, ``am_response_k``, ``am_hour_cost`` and the capacity in
    ``base.params``).
    """

    hours: Any
    split: Any = "pyramid"
    name: str = "account hours"

    def per_customer(self, base: CustomerBase, active: np.ndarray) -> np.ndarray:
        n = len(base.customers)
        if isinstance(self.hours, pd.Series):
            h = self.hours.reindex(base.customers["customer_id"].to_numpy())
            unknown = self.hours.index.difference(base.customers["customer_id"])
            if len(unknown):
                raise ValueError(f"{self.name}: unknown customer_id(s) {list(unknown[:5])}")
            h = h.fillna(0.0).to_numpy(dtype=float)
            if np.any(h < 0) or not np.all(np.isfinite(h)):
                raise ValueError(f"{self.name}: hours must be finite and >= 0 per customer")
            return h
        if isinstance(self.hours, Mapping):
            by_tier = {t: _nonneg(self.name, f"hours[{t!r}]", h) for t, h in self.hours.items()}
        else:
            total = _nonneg(self.name, "hours", self.hours)
            by_tier = self._split(total, base, active)
        tiers = base.truth["true_tier"].astype(str).to_numpy()
        h = np.zeros(n)
        for t, hours in by_tier.items():
            if t not in TIERS:
                raise ValueError(f"{self.name}: tier {t!r} is not a tier; allowed {TIERS}")
            who = (tiers == t) & active
            if hours > 0 and not who.any():
                raise ValueError(f"{self.name}: tier {t!r} has no active customer in this "
                                 "base; hours cannot be spent there")
            h[who] = hours / max(int(who.sum()), 1)
        return h

    def _split(self, total: float, base: CustomerBase, active: np.ndarray) -> dict[str, float]:
        tiers = base.truth["true_tier"].astype(str).to_numpy()
        if isinstance(self.split, Mapping):
            shares = {t: _nonneg(self.name, f"split[{t!r}]", s) for t, s in self.split.items()}
            if abs(sum(shares.values()) - 1.0) > 1e-9:
                raise ValueError(f"{self.name}: split shares add up to {sum(shares.values()):g}"
                                 "; allowed: shares adding up to 1")
        elif self.split == "pyramid":
            shares = dict(PYRAMID_SHARES)
        elif self.split == "equal":
            counts = {t: int(((tiers == t) & active).sum()) for t in TIERS}
            shares = {t: c / max(sum(counts.values()), 1) for t, c in counts.items()}
        else:
            raise ValueError(f"{self.name}: split={self.split!r}; allowed: 'pyramid', 'equal' "
                             "or a dict {tier: share}")
        return {t: total * s for t, s in shares.items()}


@dataclass(frozen=True)
class LetGo:
    """Let customers go (剔除): they leave at the end of the last observed period; their
    revenue, margin and cost to serve stop. ``target`` as in :func:`select` (ids, mask,
    tier, dict)."""

    target: Any
    name: str = "let go"


@dataclass(frozen=True)
class ServicePackage:
    """Tobacco: a service package per group (差异服务): ``{target: package}`` with package in
    :data:`SERVICE_PACKAGES` and target a tier name (or any target of :func:`select`, given
    as a tuple ``(target, package)`` list)."""

    packages: Any
    name: str = "service package"

    def items(self) -> list[tuple[Any, str]]:
        pairs = (list(self.packages.items()) if isinstance(self.packages, Mapping)
                 else list(self.packages))
        for _, pkg in pairs:
            if pkg not in PACKAGES:
                raise ValueError(f"{self.name}: package {pkg!r} is not known; allowed: "
                                 f"{PACKAGES}")
        return pairs


@dataclass(frozen=True)
class SupplyAllocation:
    """Tobacco: scarce-brand supply (货源投放): ``{target: extra class-1 cartons per order}``
    for each targeted retailer (target as in :func:`select`, e.g. a tier name)."""

    cartons: Any
    name: str = "supply allocation"

    def items(self) -> list[tuple[Any, float]]:
        pairs = (list(self.cartons.items()) if isinstance(self.cartons, Mapping)
                 else list(self.cartons))
        return [(t, _nonneg(self.name, f"cartons[{t!r}]", x)) for t, x in pairs]


@dataclass(frozen=True)
class Acquisition:
    """Telecom: spend on acquisition channels, ``{channel: RMB}`` (channels of
    ``customers.acquisition_channel``: retail_store, online, telesales, agent,
    direct_sales). New customers come from the world's prospects (see the module
    docstring)."""

    spend: Any
    name: str = "acquisition"

    def items(self) -> list[tuple[str, float]]:
        if not isinstance(self.spend, Mapping) or not self.spend:
            raise TypeError(f"{self.name}: spend={self.spend!r}; expected a dict "
                            "{channel: RMB}, e.g. {'direct_sales': 50000}")
        return [(c, _nonneg(self.name, f"spend[{c!r}]", x)) for c, x in self.spend.items()]


_ACTIONS = (Scenario, AccountHours, LetGo, ServicePackage, SupplyAllocation, Acquisition)


@dataclass(frozen=True)
class Plan:
    """A set of actions played together (``ck.Plan(scenario, ck.AccountHours(200), ...)``).

    An empty plan is allowed: it plays the world on unchanged (both arms identical).
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


def hours_response(hours: np.ndarray, v: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """(churn cut, extra annual growth) bought by ``hours`` per customer per period:
    ``retention_response`` (ceiling·(1 − e^(−k·h))) with the world's am_* parameters."""
    cut = retention_response(hours, v["am_churn_cut_max"], v["am_response_k"])
    growth = retention_response(hours, v["am_growth_max"], v["am_response_k"])
    return cut, growth


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
