"""The actions of a plan, each with a documented response model.

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
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..scenarios import PYRAMID_SHARES, retention_response

__all__ = ["AccountHours", "LetGo", "ServicePackage", "SupplyAllocation", "Acquisition",
           "SERVICE_PACKAGES", "select", "service_package", "hours_response"]


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

    Notes
    -----
    Within a tier, hours are shared equally by the customers still active. With h hours per
    customer per period the response is saturating (diminishing returns)::

        churn cut  c(h)  = am_churn_cut_max · (1 − e^(−am_response_k · h))
        growth     Δg(h) = am_growth_max · (1 − e^(−am_response_k · h))   (per year)
        retention  r' = 1 − (1 − r)(1 − c(h))

    (tobacco: the cut acts on the closure probability after an order). Cost: h ×
    ``am_hour_cost`` per customer still there at the start of each period. The hours of a
    period may not exceed the managers' capacity (telecom: ``am_capacity_per_key_account`` ×
    key accounts; tobacco: ``manager_hours_per_week`` × managers). Defaults: telecom
    0.5 / 0.05 / 0.2 per hour-month / RMB 112.5 an hour; tobacco 0.5 / 0.05 / 2.0 per
    hour-week / RMB 75 an hour (``base.params``, listed in the datasheet).

    References
    ----------
    The saturating form: Blattberg & Deighton (1991), "Interactive marketing: exploiting the
    age of addressability", Sloan Management Review; the concave sales-call response of
    Lodish (1971), "CALLPLAN", Management Science. The parameter values are stated
    assumptions (no published figure for this market).
    """

    hours: Any
    split: Any = "pyramid"
    name: str = "account hours"

    def per_customer(self, base: CustomerBase, active: np.ndarray) -> np.ndarray:
        """Hours per period for each customer of ``base`` (0 for customers not reached).

        Parameters
        ----------
        base : CustomerBase
        active : bool array
            Customers still there at the end of observation (the only ones given hours).

        Returns
        -------
        numpy.ndarray
            One value per customer, in ``base.customers`` order.
        """
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
    """Let customers go (剔除): they leave at the end of the last observed period.

    Parameters
    ----------
    target : str, list, dict, bool array or customer ids
        Who leaves, as in :func:`select`: "all", a tier or list of tiers, a dict
        ``{column: value(s)}``, a boolean mask or a list of customer_ids.
    name : str
        Shown in the plan's cost table and in errors.

    Notes
    -----
    Response: their revenue, margin and cost to serve stop from the first played period on
    (they have no row in the played periods; their churn period is the last observed one).
    The action costs nothing.

    References
    ----------
    Stated assumption: exit costs (a telecom early-termination refund, a licence
    transfer) are not modelled. Pruning unprofitable customers: course decks (seeds 000,
    001: 剔除); Haenlein, Kaplan & Schoder (2006), "Valuing the real option of abandoning
    unprofitable customers", Journal of Marketing.
    """

    target: Any
    name: str = "let go"


@dataclass(frozen=True)
class ServicePackage:
    """Tobacco: a service package per group of retailers (差异服务).

    Parameters
    ----------
    packages : dict or list of (target, package)
        ``{target: package}`` with package "basic", "standard" or "premium" and target a
        tier name; any other target of :func:`select` (ids, a mask, a dict) is given as a
        list of ``(target, package)`` pairs.
    name : str
        Shown in the plan's cost table and in errors.

    Notes
    -----
    Response of a package with hours h, cuts a, b, l and cost c per retailer-week (the
    tobacco parameters ``service_<package>_*``; :data:`SERVICE_PACKAGES` at the defaults:
    standard 0.25 h, a = 0.10, b = 0.10, l = 0.25, RMB 5; premium 1.0 h, 0.25, 0.30, 0.50,
    RMB 20; basic is today's service, all 0)::

        order rate       q' = 1 − (1 − q)(1 − a)
        closure / order  p' = p(1 − b)
        late payment     late' = late · (1 − l)

    The hours count against the managers' capacity; the cost is paid per retailer still
    open at the start of each week. A retailer gets one package (a second retention action
    on it is refused).

    References
    ----------
    Differentiated service by grade: seed 002 (the Chengdu retail-customer service article),
    which describes the practice, not its effect: the response values are stated
    assumptions (a premium package is about one visit a week).
    """

    packages: Any
    name: str = "service package"

    def items(self) -> list[tuple[Any, str]]:
        """The ``(target, package)`` pairs, each package checked.

        Returns
        -------
        list of tuple
        """
        pairs = (list(self.packages.items()) if isinstance(self.packages, Mapping)
                 else list(self.packages))
        for _, pkg in pairs:
            if pkg not in PACKAGES:
                raise ValueError(f"{self.name}: package {pkg!r} is not known; allowed: "
                                 f"{PACKAGES}")
        return pairs


@dataclass(frozen=True)
class SupplyAllocation:
    """Tobacco: scarce-brand supply (货源投放) for groups of retailers.

    Parameters
    ----------
    cartons : dict or list of (target, cartons)
        ``{target: x}``: x ≥ 0 extra class-1 cartons with every order of each targeted
        retailer (target as in :func:`select`, e.g. a tier name).
    name : str
        Shown in the plan's cost table and in errors.

    Notes
    -----
    Response: the expected order value V rises to V + x·P₁ (P₁ the retailer's class-1 price
    per carton), so the margin of each order rises with it; the order rate and closures do
    not change. Supply costs the company nothing extra (it sells the cartons), but the
    cartons allotted a week, Σ x·q over the targeted retailers, may not exceed the scarce
    pool ``scarce_cartons_per_week`` per 1,000 retailers (default 100). Combines with a
    service package (the value factors multiply).

    References
    ----------
    Scarce-brand allocation by grade: seed 002 (货源投放); the pool size is a stated
    assumption (weakly sourced modelling choice).
    """

    cartons: Any
    name: str = "supply allocation"

    def items(self) -> list[tuple[Any, float]]:
        """The ``(target, cartons)`` pairs, each number checked to be >= 0.

        Returns
        -------
        list of tuple
        """
        pairs = (list(self.cartons.items()) if isinstance(self.cartons, Mapping)
                 else list(self.cartons))
        return [(t, _nonneg(self.name, f"cartons[{t!r}]", x)) for t, x in pairs]


@dataclass(frozen=True)
class Acquisition:
    """Telecom: spend on acquisition channels; new customers come from the world's prospects.

    Parameters
    ----------
    spend : dict
        ``{channel: RMB}`` with channels of ``customers.acquisition_channel``:
        retail_store, online, telesales, agent, direct_sales.
    name : str
        Shown in the plan's cost table and in errors.

    Notes
    -----
    Each channel finds its own kind of customer (``telecom_spec.CHANNEL_P``: 80 % of key
    accounts and 20 % of SMEs come through direct sales, no consumer does; consumers come
    through stores, online, telesales and agents). A prospect costs ``(channel cost + per-line cost × lines) × M``, M lognormal with
    mean 1 and σ 0.3 (channel costs RMB 150 / 50 / 100 / 200 / 5,000; per line RMB 60 key
    account, 50 SME, 30 consumer), the same story as the base's own ``acquisition_cost``.
    Prospects are taken in their fixed order while the budget covers each one; a later
    round's acquisition continues after the prospects already acquired. They join in the
    first played period (a new contract, volume index 1) and the spend is paid now.
    Telecom only: the tobacco company is the monopoly wholesaler.

    References
    ----------
    Channel costs and mixes: stated assumptions of the telecom world (see
    ``ck.telecom_params().describe()``); the prospects are drawn like the base's new
    joiners (Fader & Hardie 2007, sBG heterogeneity of churn).
    """

    spend: Any
    name: str = "acquisition"

    def items(self) -> list[tuple[str, float]]:
        """The ``(channel, RMB)`` pairs, each amount checked to be >= 0.

        Returns
        -------
        list of tuple
        """
        if not isinstance(self.spend, Mapping) or not self.spend:
            raise TypeError(f"{self.name}: spend={self.spend!r}; expected a dict "
                            "{channel: RMB}, e.g. {'direct_sales': 50000}")
        return [(c, _nonneg(self.name, f"spend[{c!r}]", x)) for c, x in self.spend.items()]


def hours_response(hours: np.ndarray, v: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """(churn cut, extra annual growth) bought by ``hours`` per customer per period:
    ``retention_response`` (ceiling·(1 − e^(−k·h))) with the world's am_* parameters."""
    cut = retention_response(hours, v["am_churn_cut_max"], v["am_response_k"])
    growth = retention_response(hours, v["am_growth_max"], v["am_response_k"])
    return cut, growth
