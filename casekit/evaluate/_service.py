"""What each grade receives (差异服务, 货源投放): a service package and a scarce-brand supply.

Seed 002 grades retailers in order to serve them differently: 亲情服务 and visits by the account
manager (客户经理), differentiated service by grade (按照客户分类等级……实行差异服务), and the
rationing of scarce brands (货源投放). This module turns a grading into that service, within
what the company has: the managers' hours and the scarce cartons of a week. The packages are
:data:`casekit.SERVICE_PACKAGES` (the ``ServicePackage`` action of ``casekit.play``), so a plan
made here can be played forward with :func:`service_actions`.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..base import require_columns
from ..play import SERVICE_PACKAGES, ServicePackage, SupplyAllocation

__all__ = ["SERVICE_BANDS", "SUPPLY_FROM", "grade_service", "service_capacity",
           "service_actions"]

#: The lowest grade (of 30) that asks for each package; grades below the lowest band get
#: "basic" (the service every retailer already has). A modelling choice: the top sixth of
#: the grades gets a weekly visit (premium), the next third a visit every month (standard).
SERVICE_BANDS: dict[str, int] = {"premium": 26, "standard": 16}

#: The lowest grade that shares the scarce brands (the top third of the grades).
SUPPLY_FROM = 21


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"grade_service({name}={value!r}): expected a number >= 0")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"grade_service({name}={value!r}): out of range; allowed: a finite "
                         "number >= 0")
    return value


def _check_bands(bands: Mapping[str, int], packages: Mapping[str, Mapping[str, float]]
                 ) -> list[tuple[str, int]]:
    if not isinstance(bands, Mapping):
        raise TypeError(f"grade_service(bands={bands!r}): expected a dict {{package: lowest "
                        "grade}}, e.g. {'premium': 26, 'standard': 16}")
    out = []
    for pkg, low in bands.items():
        if pkg not in packages or pkg == "basic":
            allowed = [p for p in packages if p != "basic"]
            raise ValueError(f"grade_service(bands=...): package {pkg!r} is not known; "
                             f"allowed: {allowed}")
        if isinstance(low, bool) or not isinstance(low, (int, np.integer)) or low < 1:
            raise ValueError(f"grade_service(bands=...): lowest grade {low!r} of {pkg!r} "
                             "must be a whole number >= 1")
        out.append((pkg, int(low)))
    # most demanding package first (more hours), as the greedy pass needs
    return sorted(out, key=lambda t: (-packages[t[0]]["hours"], -t[1]))


def _packages_within(order: pd.DataFrame, bands: list[tuple[str, int]],
                     packages: Mapping[str, Mapping[str, float]], capacity: float
                     ) -> tuple[list[str], list[str]]:
    """Wanted and given package per retailer, best-graded retailer first."""
    wanted, given, left = [], [], capacity
    ladder = [pkg for pkg, _ in bands]
    for g in order["grade"].to_numpy():
        want = next((pkg for pkg, low in bands if g >= low), "basic")
        wanted.append(want)
        got = "basic"
        if want != "basic":
            for pkg in ladder[ladder.index(want):]:          # the wanted one, then cheaper
                need = float(packages[pkg]["hours"])
                if need <= left + 1e-9:
                    got, left = pkg, left - need
                    break
        given.append(got)
    return wanted, given


def _shares(weights: np.ndarray, total: float) -> np.ndarray:
    """``total`` split in proportion to ``weights`` (all zero when no weight)."""
    if total == 0 or weights.sum() == 0:
        return np.zeros(weights.size)
    return total * weights / weights.sum()


def grade_service(graded: pd.DataFrame, capacity_hours: float, scarce_cartons: float, *,
                  bands: Mapping[str, int] | None = None, supply_from: int = SUPPLY_FROM,
                  packages: Mapping[str, Mapping[str, float]] | None = None) -> pd.DataFrame:
    """What each graded retailer receives: a service package and scarce cartons a week.

    **Service (差异服务).** A retailer of grade g *wants* the package of the highest band whose
    lowest grade is <= g (``bands``, default :data:`SERVICE_BANDS`: grades 26–30 premium,
    16–25 standard, the rest basic). The managers' hours are limited: going through the
    retailers from the best (grade, then score, descending; then customer_id), each gets the
    package it wants if the hours left allow it, otherwise the next cheaper package that fits,
    otherwise basic. So when capacity binds, the lowest-graded retailers of a band are served
    a level down — the grade decides who is served first.

    **Supply (货源投放).** The week's ``scarce_cartons`` go to the retailers of grade >=
    ``supply_from``, in proportion to g − supply_from + 1 (a retailer of grade 30 gets ten
    times the share of one of grade 21 with the default); the cartons add up to the pool.
    They are cartons a week on average: 0.5 is a carton every other weekly order.

    Parameters
    ----------
    graded : DataFrame
        ``customer_id`` and ``grade`` (1..30, 30 best; e.g. :func:`tobacco_grading`); a
        ``score`` column, if present, breaks ties within a grade.
    capacity_hours : float
        Manager hours available per week for extra service (see :func:`service_capacity`).
    scarce_cartons : float
        Scarce class-1 cartons to allocate per week.
    bands : dict, optional
        ``{package: lowest grade}`` for packages other than "basic".
    supply_from : int
        Lowest grade that shares the scarce cartons (>= 1).
    packages : dict, optional
        ``{package: {"hours": manager hours per retailer-week, ...}}`` (default
        :data:`casekit.SERVICE_PACKAGES`, the tobacco world's defaults).

    Returns
    -------
    DataFrame
        One row per retailer, in the order of ``graded``: ``customer_id``, ``grade``,
        ``wanted`` (the band's package), ``package`` (the one given), ``hours`` (manager hours
        per week it takes) and ``cartons`` (scarce cartons per week).

    References
    ----------
    Seed 002 (成都市烟草专卖局, 卷烟零售客户分类管理): 差异服务, 亲情服务, 货源投放 by grade.
    The bands, the greedy order and the proportional supply are this kit's modelling
    choices; the seed gives the principle, not a formula.

    >>> import pandas as pd
    >>> g = pd.DataFrame({"customer_id": [1, 2, 3], "grade": [30, 20, 5]})
    >>> grade_service(g, capacity_hours=1.0, scarce_cartons=0)["package"].tolist()
    ['premium', 'basic', 'basic']
    """
    require_columns(graded, ["customer_id", "grade"], "grade_service: graded")
    capacity = _number("capacity_hours", capacity_hours)
    pool = _number("scarce_cartons", scarce_cartons)
    packages = SERVICE_PACKAGES if packages is None else packages
    band_list = _check_bands(SERVICE_BANDS if bands is None else bands, packages)
    if isinstance(supply_from, bool) or not isinstance(supply_from, (int, np.integer)) \
            or supply_from < 1:
        raise ValueError(f"grade_service(supply_from={supply_from!r}): expected a whole "
                         "number >= 1 (a grade)")
    grade = pd.to_numeric(graded["grade"], errors="coerce")
    if grade.isna().any():
        raise ValueError("grade_service: graded['grade'] has missing or non-numeric values")
    frame = pd.DataFrame({"customer_id": graded["customer_id"].to_numpy(),
                          "grade": grade.to_numpy(),
                          "score": (graded["score"].to_numpy() if "score" in graded
                                    else np.zeros(len(graded))),
                          "_row": np.arange(len(graded))})
    order = frame.sort_values(["grade", "score", "customer_id"],
                              ascending=[False, False, True], kind="stable")
    wanted, given = _packages_within(order, band_list, packages, capacity)
    weights = np.clip(order["grade"].to_numpy() - supply_from + 1, 0, None).astype(float)
    out = order.assign(wanted=wanted, package=given,
                       hours=[float(packages[p]["hours"]) if p != "basic" else 0.0
                              for p in given],
                       cartons=_shares(weights, pool))
    out = out.sort_values("_row")
    return out[["customer_id", "grade", "wanted", "package", "hours", "cartons"]] \
        .reset_index(drop=True)


def service_capacity(base) -> tuple[float, float]:
    """The week's manager hours and scarce cartons of a tobacco base, as ``play_forward``
    counts them: ``manager_hours_per_week`` × the number of account managers, and
    ``scarce_cartons_per_week`` per 1,000 retailers.

    Parameters
    ----------
    base : CustomerBase
        A tobacco base.

    Returns
    -------
    (float, float)
        Manager hours a week and scarce class-1 cartons a week.

    References
    ----------
    Course text 浅谈客户关系管理 (seed 002): account managers and scarce-brand supply. The
    hours and cartons are the tobacco world's parameters (stated assumptions, see
    ``ck.tobacco_params()``).

    >>> import casekit as ck
    >>> hours, cartons = service_capacity(ck.tobacco(retailers=1000, weeks=8, seed=0))
    >>> cartons
    100.0
    """
    values = getattr(getattr(base, "params", None), "values", None)
    if not isinstance(values, Mapping) or "manager_hours_per_week" not in values:
        raise ValueError("service_capacity(base): expected a tobacco CustomerBase (its params "
                         "name manager_hours_per_week and scarce_cartons_per_week)")
    managers = base.customers["account_manager"].nunique()
    hours = float(values["manager_hours_per_week"]) * managers
    cartons = float(values["scarce_cartons_per_week"]) * len(base.customers) / 1000.0
    return hours, cartons


def service_actions(plan: pd.DataFrame) -> tuple[ServicePackage, SupplyAllocation]:
    """The ``casekit.play`` actions of a :func:`grade_service` plan, to play it forward.

    Returns ``(ServicePackage, SupplyAllocation)``: each package given to its retailers (by
    customer_id; "basic" is what they have anyway and is left out), and each retailer's
    cartons a week as extra cartons per order (a retailer orders at most once a week, so the
    cartons used stay within the pool).

    Parameters
    ----------
    plan : pandas.DataFrame
        What :func:`grade_service` returned (one row per retailer, with its package and
        cartons).

    Returns
    -------
    (ServicePackage, SupplyAllocation)
        The two actions, ready for ``ck.Plan``.

    References
    ----------
    Course text 浅谈客户关系管理 (seed 002): differentiated service by grade (差异服务) and
    supply allocation by grade (货源投放). The response of each action is the play model's
    assumption (see :mod:`casekit.play`).
    """
    require_columns(plan, ["customer_id", "package", "cartons"], "service_actions: plan")
    ids = plan["customer_id"].to_numpy()
    pkgs = [(ids[(plan["package"] == p).to_numpy()], p)
            for p in plan["package"].unique() if p != "basic"]
    cartons = plan["cartons"].to_numpy()
    supply = [(ids[cartons == x], float(x)) for x in np.unique(cartons[cartons > 0])]
    return (ServicePackage(pkgs, name="service by grade"),
            SupplyAllocation(supply, name="supply by grade"))
