"""Tier migration (客户层级迁移): a Markov chain over key / normal / small / lost (Pfeifer &
Carraway 2000). Not the customer-migration setting (客户迁移, seed 003) of chapter 06."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..base import CustomerBase, require_columns
from ..periods import PERIODS_PER_YEAR, per_period_rate, periods_per_year
from ..validate import check_choice, check_number, check_size, check_whole


#: States of the migration chain: the three tiers and the absorbing "lost".
MIGRATION_TIERS = ("key", "normal", "small", "lost")


# --------------------------------------------------------------------------------------------
# Tier migration: a Markov chain over key / normal / small / lost (Pfeifer & Carraway 2000)
# --------------------------------------------------------------------------------------------


@dataclass
class Migration:
    """A tier-migration model estimated from activity (see :func:`migration_model`).

    Attributes
    ----------
    P : DataFrame
        Transition probabilities per window, rows = tier now ("from"), columns = tier one
        window later ("to"), in the order key, normal, small, lost; every row sums to 1.
    transitions : DataFrame
        The observed counts behind ``P``.
    counts : Series
        Customers per tier in the last complete window (lost = seen before, inactive now).
    rewards : Series
        Mean value (RMB of ``value``) per customer and window in each tier; lost = 0.
    tiers : DataFrame
        Tier of each customer (rows, ``customer_id`` index) in each window (columns 1..W);
        missing before a customer's first activity.
    window : int
        Periods per window (e.g. 3 months: the chain steps once a quarter).
    period_unit : str
    """

    P: pd.DataFrame
    transitions: pd.DataFrame
    counts: pd.Series
    rewards: pd.Series
    tiers: pd.DataFrame
    window: int
    period_unit: str
    value: str = "margin"

    def window_rate(self, discount: float) -> float:
        """The annual rate ``discount`` converted to one window of the chain.

        Formula: (1 + d)^(window/k) − 1 with k periods per year
        (:func:`casekit.periods.per_period_rate`).

        Parameters
        ----------
        discount : float
            The annual discount rate, >= 0.

        Returns
        -------
        float

        >>> m = Migration(P=None, transitions=None, counts=None, rewards=None, tiers=None,
        ...               window=3, period_unit="month")
        >>> round(m.window_rate(0.10), 6)                  # 1.1^(3/12) − 1
        0.024114
        """
        return per_period_rate(check_number("discount", discount, low=0.0),
                               periods_per_year(self.period_unit), periods=self.window)

    def equity(self, discount: float, periods: int | None = None) -> pd.Series:
        """Customer equity per tier: :func:`customer_equity` with this ``P`` and ``rewards``.

        Parameters
        ----------
        discount : float
            The *annual* rate; it is converted to one window (:meth:`window_rate`).
        periods : int, optional
            Steps of the chain to sum over; None = an infinite horizon.

        Returns
        -------
        Series
            Value of one customer starting in each tier (RMB of ``value``).

        References
        ----------
        Pfeifer & Carraway (2000), "Modeling customer relationships as Markov chains".
        """
        return customer_equity(self.P, self.rewards, self.window_rate(discount), periods)

    def total_equity(self, discount: float, periods: int | None = None) -> float:
        """The whole base's equity: Σ over tiers of customers now × equity per customer.

        Parameters
        ----------
        discount : float
            The annual discount rate (see :meth:`equity`).
        periods : int, optional
            Steps of the chain; None = an infinite horizon.

        Returns
        -------
        float
        """
        return float((self.counts * self.equity(discount, periods)).sum())

    def with_matrix(self, P: Any) -> "Migration":
        """The same model with another transition matrix (a scenario such as :func:`shift_up`).

        Parameters
        ----------
        P : DataFrame
            Transition probabilities over the same tiers; rows sum to 1.

        Returns
        -------
        Migration
            A copy; counts, rewards, window and unit are unchanged.
        """
        _check_P(P)
        return replace(self, P=P)


def migration_model(data: CustomerBase | pd.DataFrame, window: int | None = None,
                    value: str = "margin", shares: Sequence[float] = (0.10, 0.30),
                    lost_absorbing: bool = True, period_unit: str | None = None) -> Migration:
    """Estimate a tier transition matrix from activity (Pfeifer & Carraway 2000).

    Steps: cut the periods into consecutive windows of ``window`` periods (incomplete last
    window dropped; default a quarter: 3 months or 13 weeks); sum each customer's ``value``
    (margin by default) per window; in each window rank the *active* customers (any row in the
    window) by that sum — the top round(10 % × active) are key, up to round(40 % × active)
    normal, the rest small (the course pyramid; ``shares`` = (0.10, 0.30)); a customer seen
    before but without activity in a window is "lost". P[i, j] = (customers in tier i in one
    window and j in the next) / (customers in tier i). With ``lost_absorbing=True``
    (default, the retention setting: a churned contract does not come back) the lost row
    is [0, 0, 0, 1]; with False, returns are estimated too
    (the non-contractual "customer migration" setting, 客户迁移, e.g. a retailer who skips a
    quarter).

    Teaching note: tiers are *relative* (by rank each window), as the pyramid is; a customer
    moves up when it grows faster than the others.

    Parameters
    ----------
    data : CustomerBase or DataFrame
        A base, or an activity table (``customer_id``, ``period`` and ``value``).
    window : int, optional
        Periods per step of the chain (default a quarter).
    value : str
        The activity column ranked each window (default margin).
    shares : (float, float)
        Shares of the active customers that are key and normal.
    lost_absorbing : bool
        Whether lost customers never come back.
    period_unit : str, optional
        The unit of ``period`` for a bare activity table (needed when ``window`` is None).

    Returns
    -------
    Migration

    References
    ----------
    Pfeifer & Carraway (2000), "Modeling customer relationships as Markov chains",
    Journal of Interactive Marketing.

    >>> mig = migration_model(base)           # doctest: +SKIP
    >>> mig.P.round(3)                        # doctest: +SKIP
    """
    if isinstance(data, CustomerBase):
        act = data.activity
        period_unit = data.params.period_unit
        last = int(data.params.periods)
        if not len(act):
            raise ValueError("migration_model: base.activity is empty")
    elif isinstance(data, pd.DataFrame):
        act = data
        if not len(act):
            raise ValueError("migration_model: activity is empty")
        last = int(act["period"].max()) if "period" in act.columns else 0
    else:
        raise TypeError(f"data: expected a CustomerBase or an activity DataFrame, got "
                        f"{type(data).__name__}")
    require_columns(act, ["customer_id", "period", value], "migration_model activity")
    if window is None:
        if period_unit is None:
            raise ValueError("migration_model: give window= (periods per window) or "
                             "period_unit= for an activity table")
        window = {"month": 3, "week": 13, "quarter": 1, "year": 1, "day": 91}[
            check_choice("period_unit", period_unit, tuple(PERIODS_PER_YEAR))]
    window = check_whole("window", window, low=1)
    shares = tuple(check_number("shares", s, low=0.0, high=1.0) for s in shares)
    if len(shares) != 2 or sum(shares) > 1:
        raise ValueError(f"shares={shares!r}: expected (key share, normal share) with a sum <= 1, "
                         "e.g. (0.10, 0.30)")
    W = last // window
    if W < 2:
        raise ValueError(f"migration_model: {last} periods make {W} complete window(s) of "
                         f"{window}; need at least 2 — use a shorter window")
    per = act["period"].to_numpy()
    keep = per <= W * window
    codes, ids = pd.factorize(act["customer_id"].to_numpy()[keep], sort=True)
    N = len(ids)
    w = (per[keep].astype(np.int64) - 1) // window
    flat = codes.astype(np.int64) * W + w
    vals = np.bincount(flat, weights=act[value].to_numpy(dtype=float)[keep],
                       minlength=N * W).reshape(N, W)
    active = np.bincount(flat, minlength=N * W).reshape(N, W) > 0
    seen = np.maximum.accumulate(active, axis=1)
    state = np.full((N, W), -1, dtype=np.int8)
    state[seen & ~active] = 3
    for j in range(W):                   # a loop over windows, not rows
        a = np.flatnonzero(active[:, j])
        order = np.argsort(-vals[a, j], kind="stable")
        rank = np.empty(len(a), dtype=np.int64)
        rank[order] = np.arange(1, len(a) + 1)
        n_key = int(np.rint(shares[0] * len(a)))
        n_top = int(np.rint((shares[0] + shares[1]) * len(a)))
        state[a, j] = np.where(rank <= n_key, 0, np.where(rank <= n_top, 1, 2))
    frm, to = state[:, :-1].ravel(), state[:, 1:].ravel()
    ok = frm >= 0
    counts4 = np.bincount(frm[ok].astype(np.int64) * 4 + to[ok], minlength=16).reshape(4, 4)
    names = list(MIGRATION_TIERS)
    trans = pd.DataFrame(counts4, index=pd.Index(names, name="from"),
                         columns=pd.Index(names, name="to"))
    P = counts4.astype(float)
    if lost_absorbing or P[3].sum() == 0:
        P[3] = [0.0, 0.0, 0.0, 1.0]
    empty = [names[i] for i in range(3) if P[i].sum() == 0]
    if empty:
        raise ValueError(f"migration_model: no customer was ever in tier(s) {empty}; use more "
                         "data, a longer window or other shares")
    P = P / P.sum(axis=1, keepdims=True)
    Pdf = pd.DataFrame(P, index=trans.index.copy(), columns=trans.columns.copy())
    rew = np.array([vals[state == k].mean() if np.any(state == k) else 0.0 for k in range(3)]
                   + [0.0])
    rewards = pd.Series(rew, index=pd.Index(names, name="tier"), name=f"{value}_per_window")
    last_state = state[:, -1]
    cnt = pd.Series([int(np.sum(last_state == k)) for k in range(4)],
                    index=pd.Index(names, name="tier"), name="customers")
    cat = pd.CategoricalDtype(names, ordered=False)
    tiers = pd.DataFrame({j + 1: pd.Categorical.from_codes(state[:, j].astype(int), dtype=cat)
                          for j in range(W)}, index=pd.Index(ids, name="customer_id"))
    tiers.columns.name = "window"
    return Migration(P=Pdf, transitions=trans, counts=cnt, rewards=rewards, tiers=tiers,
                     window=window, period_unit=period_unit or "period", value=value)


def migration_matrix(data: CustomerBase | pd.DataFrame, window: int | None = None,
                     **kwargs: Any) -> pd.DataFrame:
    """The transition matrix P of :func:`migration_model` (rows from, columns to).

    Parameters
    ----------
    data, window, **kwargs
        As for :func:`migration_model`.

    Returns
    -------
    DataFrame
        Transition probabilities; every row sums to 1.

    References
    ----------
    Pfeifer, P. E. & Carraway, R. L. (2000). Modeling customer relationships as Markov
    chains. *Journal of Interactive Marketing*, 14(2), 43–55.
    """
    return migration_model(data, window=window, **kwargs).P


def _check_P(P: Any) -> tuple[np.ndarray, pd.Index]:
    if isinstance(P, pd.DataFrame):
        idx = P.index
        if list(P.index) != list(P.columns):
            raise ValueError(f"P: rows {list(P.index)} and columns {list(P.columns)} must name "
                             "the same tiers in the same order")
        arr = P.to_numpy(dtype=float)
    else:
        arr = np.asarray(P, dtype=float)
        idx = pd.Index(list(MIGRATION_TIERS) if arr.shape == (4, 4) else range(len(arr)),
                       name="tier")
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise ValueError(f"P: expected a square matrix, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < -1e-12):
        raise ValueError("P: probabilities must be finite and >= 0")
    rows = arr.sum(axis=1)
    bad = np.abs(rows - 1.0) > 1e-8
    if bad.any():
        raise ValueError(f"P: every row must sum to 1; row(s) {list(idx[bad])} sum to "
                         f"{np.round(rows[bad], 6).tolist()}")
    return np.clip(arr, 0.0, None), idx


def _vector(x: Any, idx: pd.Index, name: str) -> np.ndarray:
    if isinstance(x, pd.Series):
        missing = [k for k in idx if k not in x.index]
        if missing:
            raise ValueError(f"{name}: no value for tier(s) {missing}; it has {list(x.index)}")
        arr = x.reindex(idx).to_numpy(dtype=float)
    elif isinstance(x, Mapping):
        missing = [k for k in idx if k not in x]
        if missing:
            raise ValueError(f"{name}: no value for tier(s) {missing}")
        arr = np.array([float(x[k]) for k in idx])
    else:
        arr = np.asarray(x, dtype=float)
    if arr.shape != (len(idx),):
        raise ValueError(f"{name}: expected {len(idx)} values (one per tier {list(idx)}), got "
                         f"shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: values must be finite")
    return arr


def project_tiers(P: Any, counts: Any, periods: int) -> pd.DataFrame:
    """Expected customers per tier after each step: n_{t+1} = n_t · P.

    ``counts`` is the tier count now (Series indexed by tier, a dict, or an array in P's
    order); ``periods`` the number of steps (windows of P). Returns a DataFrame with rows
    step 0..periods and one column per tier (Pfeifer & Carraway 2000).

    Parameters
    ----------
    P : DataFrame or array_like
        The transition matrix (rows sum to 1).
    counts : Series, dict or array_like
        Customers per tier now.
    periods : int
        Steps to project.

    Returns
    -------
    DataFrame
        Rows step 0..periods, one column per tier.

    References
    ----------
    Pfeifer & Carraway (2000).

    >>> P = [[0.8, 0.1, 0.05, 0.05], [0.05, 0.8, 0.1, 0.05], [0, 0.05, 0.85, 0.1], [0, 0, 0, 1]]
    >>> project_tiers(P, [10, 30, 60, 0], 1).round(2).iloc[1].tolist()
    [9.5, 28.0, 54.5, 8.0]
    """
    arr, idx = _check_P(P)
    n0 = _vector(counts, idx, "counts")
    if np.any(n0 < 0):
        raise ValueError("counts: customer counts cannot be negative")
    periods = check_size("periods", periods, 8 * len(idx), low=0, fixed=8 * len(idx))
    out = np.empty((periods + 1, len(idx)))
    out[0] = n0
    for t in range(1, periods + 1):
        out[t] = out[t - 1] @ arr
    return pd.DataFrame(out, index=pd.RangeIndex(periods + 1, name="step"),
                        columns=pd.Index(list(idx), name="tier"))


#: The most steps :func:`customer_equity` sums one by one (about a second of matrix products).
MAX_EQUITY_STEPS = 1_000_000


def customer_equity(P: Any, R: Any, discount: float, periods: int | None = None) -> pd.Series:
    """Expected discounted value of a customer starting in each tier (Pfeifer & Carraway 2000).

    Formula: V = Σ_{t=0}^{T} [(1+d)^-1 P]^t R, where R is the reward (margin) per customer per
    step in each tier, earned at the start of every step (t = 0 is now) and d the discount
    rate *per step of P* (one window: for a quarterly P and 10 % a year, d = 1.1^(1/4) − 1).
    Infinite horizon (``periods=None``): V = (I − P/(1+d))^-1 R, solved with
    ``numpy.linalg.solve`` (needs d > 0: with d = 0 and an absorbing "lost" state,
    I − P is singular).

    Parameters
    ----------
    P : DataFrame or array_like
        The transition matrix (rows sum to 1).
    R : Series, dict or array_like
        Reward per customer and step in each tier.
    discount : float
        Discount rate per step of P (> −1; > 0 for an infinite horizon).
    periods : int, optional
        T, the last step summed; None = infinite.

    Returns
    -------
    Series
        Value of a customer starting in each tier, named ``customer_equity``.

    References
    ----------
    Pfeifer & Carraway (2000).

    >>> P = [[0.9, 0.1], [0.0, 1.0]]            # stay with 90 %, or be lost for good
    >>> float(round(customer_equity(P, [100.0, 0.0], 0.10).iloc[0], 2))   # 100/(1 − 0.9/1.1)
    550.0
    """
    arr, idx = _check_P(P)
    r = _vector(R, idx, "R")
    d = check_number("discount", discount, low=-1.0, low_open=True,
                allowed="> -1 (a rate per step of P)")
    M = arr / (1.0 + d)
    if periods is None:
        if d <= 0:
            raise ValueError(f"discount={discount!r}: an infinite horizon needs a discount "
                             "rate > 0 (or give periods=)")
        v = np.linalg.solve(np.eye(len(idx)) - M, r)
    else:
        periods = check_whole("periods", periods, low=0)
        if periods > MAX_EQUITY_STEPS:
            raise ValueError(f"periods={periods:,} is out of range; allowed: whole numbers <= "
                             f"{MAX_EQUITY_STEPS:,} steps (each is a matrix product; for a "
                             "longer horizon use periods=None, the infinite sum)")
        v = r.copy()
        term = r.copy()
        for _ in range(periods):
            term = M @ term
            v += term
    return pd.Series(v, index=pd.Index(list(idx), name="tier"), name="customer_equity")


def shift_up(P: Any, from_tier: str, amount: float, to_tier: str | None = None) -> pd.DataFrame:
    """A scenario on the matrix: move probability ``amount`` in row ``from_tier`` up.

    The mass goes to ``to_tier`` (default: the tier just above ``from_tier``, e.g. normal →
    key) and is taken from the outcomes *below* ``to_tier`` in proportion to their current
    probabilities (for normal → key: from staying normal, dropping to small and being lost).
    ``to_tier == from_tier`` keeps more customers where they are (a pure retention effort).
    ``amount`` is an absolute probability (0.05 = five points of the row).

    Parameters
    ----------
    P : DataFrame or array_like
        The transition matrix over key / normal / small / lost.
    from_tier : str
        The row changed.
    amount : float
        Probability moved (0..the mass available below ``to_tier``).
    to_tier : str, optional
        Where it goes (default the tier above ``from_tier``).

    Returns
    -------
    DataFrame
        The new matrix; every row still sums to 1.

    References
    ----------
    Pfeifer, P. E. & Carraway, R. L. (2000). Modeling customer relationships as Markov
    chains. *Journal of Interactive Marketing*, 14(2), 43–55.

    Taking the moved probability from the lower outcomes in proportion is this kit's
    assumption (a teaching scenario).

    >>> P = [[.8, .1, .05, .05], [.05, .8, .1, .05], [0, .05, .85, .1], [0, 0, 0, 1]]
    >>> shift_up(P, "normal", 0.05).loc["normal"].round(4).tolist()
    [0.1, 0.7579, 0.0947, 0.0474]
    """
    arr, idx = _check_P(P)
    names = list(idx)
    if from_tier not in names:
        raise ValueError(f"from_tier={from_tier!r} is not a tier; choose one of {names}")
    i = names.index(from_tier)
    if to_tier is None:
        if i == 0:
            raise ValueError(f"from_tier={from_tier!r} is the top tier; give to_tier= (e.g. "
                             f"to_tier={from_tier!r} to keep more of them)")
        j = i - 1
    else:
        if to_tier not in names:
            raise ValueError(f"to_tier={to_tier!r} is not a tier; choose one of {names}")
        j = names.index(to_tier)
    amount = check_number("amount", amount, low=0.0, high=1.0)
    row = arr[i].copy()
    below = row[j + 1:]
    avail = below.sum()
    if amount > avail + 1e-12:
        raise ValueError(f"amount={amount:g} is more than the probability {avail:.4f} below "
                         f"{names[j]!r} in row {from_tier!r}")
    if avail > 0:
        row[j + 1:] = below * (1.0 - amount / avail)
        row[j] += amount
    out = arr.copy()
    out[i] = row
    return pd.DataFrame(out, index=pd.Index(names, name="from"),
                        columns=pd.Index(names, name="to"))
