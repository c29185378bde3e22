"""A retention programme: :class:`Scenario`, its target and how its uplift acts on retention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..periods import per_period_retention
from ..validate import check_choice, check_number


#: The ways a retention uplift u may act on a retention rate R (see :class:`Scenario`).
UPLIFT_KINDS: dict[str, str] = {
    "points": "R' = R + u (u as a fraction: 0.02 = two percentage points)",
    "relative": "R' = R·(1 + u) (0.02 = retention two per cent higher)",
    "churn": "R' = 1 − (1 − R)·(1 − u) (u = share of churn prevented: 0.2 cuts churn by a fifth)",
}
_UPLIFT_PER = ("year", "period")
_COST_PER = ("year", "period", "once")

#: Tiers of the course pyramid, best first (the order of ``truth.true_tier`` reversed).
PYRAMID_TIERS = ("key", "normal", "small")


# --------------------------------------------------------------------------------------------
# Scenario
# --------------------------------------------------------------------------------------------


def _check_target(target: Any) -> None:
    if target is None:
        raise ValueError("Scenario target=None: give 'all', a tier name, a dict, a boolean "
                         "mask or a callable")
    if isinstance(target, str):
        if target != "all" and target not in PYRAMID_TIERS:
            raise ValueError(f"Scenario target={target!r}: a text target is 'all' or a tier "
                             f"name {PYRAMID_TIERS}; for a segment write "
                             "{'segment': 'key_account'}")
        return
    if isinstance(target, (list, tuple)) and target and all(isinstance(x, str) for x in target):
        bad = [x for x in target if x not in PYRAMID_TIERS]
        if bad:
            raise ValueError(f"Scenario target={list(target)!r}: {bad} are not tiers; "
                             f"allowed: {PYRAMID_TIERS}")
        return
    if isinstance(target, Mapping):
        if len(target) != 1:
            raise ValueError(f"Scenario target={dict(target)!r}: a dict target has exactly one "
                             "key: a column name, or 'quantile'")
        (key, value), = target.items()
        if key == "quantile":
            if not (isinstance(value, (tuple, list)) and len(value) == 3):
                raise ValueError(f"Scenario target={{'quantile': {value!r}}}: expected "
                                 "(measure, low, high), e.g. ('true_clv', 0.9, 1.0) for the "
                                 "top 10 %")
            _, lo, hi = value
            lo = check_number("target quantile low", lo, low=0.0, high=1.0)
            hi = check_number("target quantile high", hi, low=0.0, high=1.0)
            if not lo < hi:
                raise ValueError(f"Scenario target quantile: low={lo} must be below high={hi}")
        elif isinstance(value, (list, tuple, set)) and len(value) == 0:
            raise ValueError(f"Scenario target={{{key!r}: []}}: empty target (no values)")
        return
    if callable(target):
        return
    if isinstance(target, (np.ndarray, pd.Series, list, tuple)):
        arr = np.asarray(target)
        if arr.dtype != bool:
            raise TypeError(f"Scenario target: a mask must be boolean, got dtype {arr.dtype}; "
                            "use e.g. base.customers['segment'] == 'key_account'")
        if not arr.any():
            raise ValueError("Scenario target: empty target (the boolean mask selects no "
                             "customer)")
        return
    raise TypeError(f"Scenario target={target!r}: expected 'all', a tier name, a dict "
                    "{column: value(s)} or {'quantile': (measure, low, high)}, a boolean mask "
                    "or a callable base -> mask")


@dataclass(frozen=True, eq=False)
class Scenario:
    """A retention programme: whom it targets, what it changes, and what it costs.

    Parameters
    ----------
    name : str
        Shown in tables and plots ("baseline" is reserved for doing nothing).
    target : str, list, dict, mask or callable
        Which customers the programme reaches:

        * ``"all"`` — everyone;
        * a tier ``"key"`` / ``"normal"`` / ``"small"`` or a list of them — by the world's
          ``truth.true_tier`` (top 10 % / next 30 % / rest by true CLV; for *your own* tiers
          pass a mask);
        * ``{"segment": "key_account"}`` — a column of ``customers`` (or ``truth``) equal to a
          value or in a list of values;
        * ``{"quantile": ("true_clv", 0.9, 1.0)}`` — customers whose measure (a column name)
          ranks in that quantile range (here the top 10 %);
        * a boolean array/Series, one value per customer (a Series indexed by
          ``customer_id`` is aligned on it);
        * a callable ``f(base) -> boolean mask``.
    retention_uplift : float
        The change u to retention, as a fraction (0.02 = two points / two per cent).
    uplift_kind : {"points", "relative", "churn"}
        ``"points"``: R' = R + u; ``"relative"``: R' = R·(1 + u); ``"churn"``: churn is cut by
        the share u, R' = 1 − (1 − R)(1 − u). Never guessed: say which you mean.
    uplift_per : {"year", "period"}
        The scale of R. ``"year"`` (default): the *annual* retention R = r^12 (months) or
        r^52 (weeks) is changed and converted back, r' = R'^(1/12) — "two points a year", as
        managers say it. ``"period"``: the per-period r itself.
    margin_uplift : float
        Relative change of the margin per period, m' = m·(1 + u) (0.05 = 5 % more margin;
        note it also deepens the loss of a loss-making customer). Taken as extra revenue.
    cost_per_customer : float
        Programme cost per targeted customer, in RMB per ``cost_per``. Paid only for customers
        still there, at the start of each period (``"year"`` is paid in equal instalments,
        cost/12 a month or cost/52 a week).
    cost_per : {"year", "period", "once"}
        The unit of ``cost_per_customer``: RMB per customer per **year** (default), per
        **period** of the base, or **once** (paid now for every targeted customer).
    fixed_cost : float
        One-off programme cost in RMB, paid now (set-up, a system, training).

    Validated on creation (negative costs, bad kinds, an empty mask); uplifts that push
    retention above 1 and targets that select nobody are reported when run against a base.

    >>> Scenario("key care", target="key", retention_uplift=0.02, cost_per_customer=200)
    ... # doctest: +NORMALIZE_WHITESPACE
    Scenario('key care': target='key', retention +0.02 points per year, margin +0,
             cost RMB 200 per customer per year, fixed RMB 0)
    """

    name: str
    target: Any = "all"
    retention_uplift: float = 0.0
    margin_uplift: float = 0.0
    cost_per_customer: float = 0.0
    fixed_cost: float = 0.0
    uplift_kind: str = "points"
    uplift_per: str = "year"
    cost_per: str = "year"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"Scenario name={self.name!r}: give a text name, e.g. 'key care'")
        if not self.name.strip():
            raise ValueError(f"Scenario name={self.name!r}: give a non-empty text name")
        if self.name == "baseline":
            raise ValueError("Scenario name='baseline' is reserved for doing nothing; choose "
                             "another name")
        check_choice("uplift_kind", self.uplift_kind, tuple(UPLIFT_KINDS))
        check_choice("uplift_per", self.uplift_per, _UPLIFT_PER)
        check_choice("cost_per", self.cost_per, _COST_PER)
        limits = {"points": dict(low=-1.0, high=1.0),
                  "relative": dict(low=-1.0, allowed="> -1 (a fraction, 0.02 = +2 %)",
                                   low_open=True),
                  "churn": dict(high=1.0, allowed="<= 1 (share of churn prevented)")}
        object.__setattr__(self, "retention_uplift",
                           check_number("retention_uplift", self.retention_uplift,
                                   **limits[self.uplift_kind]))
        object.__setattr__(self, "margin_uplift",
                           check_number("margin_uplift", self.margin_uplift, low=-1.0,
                                   allowed=">= -1 (relative change, 0.05 = +5 %)"))
        object.__setattr__(self, "cost_per_customer",
                           check_number("cost_per_customer", self.cost_per_customer, low=0.0,
                                   allowed=">= 0 RMB (a cost cannot be negative)"))
        object.__setattr__(self, "fixed_cost",
                           check_number("fixed_cost", self.fixed_cost, low=0.0,
                                   allowed=">= 0 RMB (a cost cannot be negative)"))
        _check_target(self.target)

    def __repr__(self) -> str:
        tgt = self.target if isinstance(self.target, (str, list, tuple, dict)) else \
            type(self.target).__name__
        return (f"Scenario({self.name!r}: target={tgt!r}, retention "
                f"{self.retention_uplift:+g} {self.uplift_kind} per {self.uplift_per}, margin "
                f"{self.margin_uplift:+g}, cost RMB {self.cost_per_customer:g} per customer per "
                f"{self.cost_per}, fixed RMB {self.fixed_cost:g})")

    # -- applied to a base ----------------------------------------------------------------
    def mask(self, base: CustomerBase) -> np.ndarray:
        """Boolean array (``base.customers`` order): which customers the programme reaches.

        Parameters
        ----------
        base : CustomerBase
            The customers the target is resolved in.

        Returns
        -------
        numpy.ndarray of bool
            One per customer, in ``base.customers`` order.
        """
        mask = _resolve_target(self.target, base, self.name)
        if not mask.any():
            raise ValueError(f"Scenario {self.name!r}: empty target — target={self.target!r} "
                             "selects no customer of this base")
        return mask

    def apply_retention(self, r: np.ndarray, periods_per_year: int) -> np.ndarray:
        """New per-period retention r' for per-period retention ``r`` (see ``uplift_kind``).

        Raises ValueError when the uplift would push retention above 1 (or below 0), naming
        how many customers and the highest value.

        Parameters
        ----------
        r : numpy.ndarray
            Per-period retention of each targeted customer, in [0, 1].
        periods_per_year : int
            Periods in a year (12 or 52), to turn an annual uplift into a per-period one.

        Returns
        -------
        numpy.ndarray
            The new per-period retention r', like ``r``.
        """
        r = np.asarray(r, dtype=float)
        u = self.retention_uplift
        if u == 0.0:
            return r.copy()
        k = periods_per_year if self.uplift_per == "year" else 1
        big = r ** k if k != 1 else r
        if self.uplift_kind == "points":
            new = big + u
        elif self.uplift_kind == "relative":
            new = big * (1.0 + u)
        else:
            new = 1.0 - (1.0 - big) * (1.0 - u)
        scale = "annual" if k != 1 else "per-period"
        over = new > 1.0 + 1e-12
        if over.any():
            raise ValueError(
                f"Scenario {self.name!r}: retention_uplift={u:g} ({self.uplift_kind}) pushes "
                f"{scale} retention above 1 for {int(over.sum()):,} targeted customer(s) (highest "
                f"{new.max():.4f}, from {big[over].max():.4f}); lower the uplift, target fewer "
                "customers, or use uplift_kind='churn' (a share of churn prevented never "
                "exceeds 1)")
        under = new < -1e-12
        if under.any():
            raise ValueError(f"Scenario {self.name!r}: retention_uplift={u:g} pushes {scale} "
                             f"retention below 0 for {int(under.sum()):,} customer(s)")
        new = np.clip(new, 0.0, 1.0)
        return per_period_retention(new, k) if k != 1 else new


def _mask_from(values: Any, base: CustomerBase, name: str) -> np.ndarray:
    n = len(base.customers)
    if isinstance(values, pd.Series) and values.index.name == "customer_id":
        ids = base.customers["customer_id"]
        out = values.reindex(ids.to_numpy())
        if out.isna().any():
            raise ValueError(f"Scenario {name!r}: the mask has no value for some customer_id(s)")
        arr = out.to_numpy()
    else:
        arr = np.asarray(values)
    if arr.dtype != bool:
        raise TypeError(f"Scenario {name!r}: the target mask must be boolean, got {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(f"Scenario {name!r}: the target mask has {arr.shape[0] if arr.ndim else 0}"
                         f" values; the base has {n:,} customers")
    return arr


def _column(base: CustomerBase, col: str, name: str) -> pd.Series:
    ids = base.customers["customer_id"].to_numpy()
    if col in base.customers.columns:
        return base.customers[col].reset_index(drop=True)
    if col in base.truth.columns:
        return base.truth.set_index("customer_id")[col].reindex(ids).reset_index(drop=True)
    raise ValueError(f"Scenario {name!r}: target column {col!r} is in neither customers nor "
                     f"truth; customers has {list(base.customers.columns)}, truth has "
                     f"{list(base.truth.columns)}")


def _resolve_target(target: Any, base: CustomerBase, name: str) -> np.ndarray:
    n = len(base.customers)
    if isinstance(target, str) and target == "all":
        return np.ones(n, dtype=bool)
    if isinstance(target, str) or (isinstance(target, (list, tuple)) and target
                                   and all(isinstance(x, str) for x in target)):
        tiers = [target] if isinstance(target, str) else list(target)
        col = _column(base, "true_tier", name)
        return col.astype(str).isin(tiers).to_numpy()
    if isinstance(target, Mapping):
        (key, value), = target.items()
        if key == "quantile":
            measure, lo, hi = value
            s = measure if isinstance(measure, pd.Series) else _column(base, measure, name)
            s = pd.Series(np.asarray(s, dtype=float))
            q = (s.rank(method="first").to_numpy() - 1.0) / n
            return (q >= float(lo)) & (q < float(hi) if hi < 1 else q <= 1.0)
        col = _column(base, key, name)
        values = list(value) if isinstance(value, (list, tuple, set)) else [value]
        if isinstance(col.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(col):
            return col.astype(str).isin([str(v) for v in values]).to_numpy()
        return col.isin(values).to_numpy()
    if callable(target):
        return _mask_from(target(base), base, name)
    return _mask_from(target, base, name)
