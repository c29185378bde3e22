"""The outcome of playing a world forward: both arms, their money, and the debrief tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..periods import PERIODS_PER_YEAR, per_period_discount
from ._worlds import Future

__all__ = ["Outcome"]

_COLUMNS = ["customers", "kept_no_plan", "kept_plan", "revenue_no_plan", "revenue_plan",
            "margin_pv_no_plan", "margin_pv_plan", "cost_pv", "npv_no_plan", "npv_plan",
            "delta_npv"]


@dataclass
class Arm:
    """One arm of the play: the world adapter, its simulated future and what it pays."""

    world: Any
    future: Future
    alive0: np.ndarray
    let_go: np.ndarray
    periods: int
    cost_rate: np.ndarray
    once: np.ndarray
    fixed: float

    @cached_property
    def delta(self) -> float:
        v = self.world.v["discount_rate"]
        return float(per_period_discount(v, PERIODS_PER_YEAR[self.world.params.period_unit]))

    @cached_property
    def there(self) -> np.ndarray:
        """(periods × customers): a customer at the start of each future period."""
        return self.world.there(self.future, self.alive0, self.periods)

    @cached_property
    def periods_there(self) -> np.ndarray:
        """Per customer: how many of the played periods it was there at the start of."""
        left = self.future.left.astype(np.int64)
        T = self.world.params.periods
        return np.where(self.alive0, np.where(left == 0, self.periods, left - T), 0)

    @cached_property
    def per_customer(self) -> pd.DataFrame:
        """Per customer: revenue, margin (undiscounted and PV), cost PV, kept at the end.

        Cost PV of a customer there at the start of m periods: rate × Σ_{t<m} δ^t
        (a geometric sum), plus its one-off cost."""
        n = self.alive0.size
        f = self.future.frame
        cid = f["customer_id"].to_numpy()
        t = f["period"].to_numpy() - self.world.params.periods
        disc = (self.delta ** np.arange(self.periods + 1))[t]
        margin = f["margin"].to_numpy()
        m = self.periods_there
        annuity = (1.0 - self.delta ** m) / (1.0 - self.delta)
        cost_pv = self.cost_rate * annuity + self.once
        return pd.DataFrame({
            "revenue": np.bincount(cid, weights=f["revenue"].to_numpy(), minlength=n),
            "margin": np.bincount(cid, weights=margin, minlength=n),
            "margin_pv": np.bincount(cid, weights=margin * disc, minlength=n),
            "cost_pv": cost_pv,
            "kept": self.alive0 & (self.future.left == 0),
        })

    def cost_by_period(self) -> np.ndarray:
        """Programme cost paid at the start of each future period (undiscounted)."""
        return np.array([self.cost_rate[row].sum() for row in self.there])


@dataclass
class Outcome:
    """What happened when a base was played forward, with the plan and without it.

    Made by :func:`casekit.play_forward`, not by hand.

    Attributes
    ----------
    no, plan_arm : Arm
        The two arms: world adapter, simulated future, who was there, what was paid.
    plan : Plan
        The plan played.
    periods : int
        Periods played (months, weeks).
    seed : int
        The seed of the future (the world's own seed unless another was given).
    costs : DataFrame
        One row per action: customers reached, cost per period at the start, once, fixed.
    history : tuple of Outcome
        The rounds of the game so far, this one last.
    plan_activity, no_plan_activity : DataFrame
        Activity rows of the played periods, each arm.
    plan_base, no_plan_base : CustomerBase
        The whole base after the round (observed and played periods); play it on for
        another round, save it with ``.save()``.

    Notes
    -----
    Money: NPV = PV of margins − PV of the plan's costs; margin of played period t at its
    end (discount δ^t), per-period costs at its start for customers still there (δ^(t−1)),
    one-off and fixed costs now; δ = (1 + discount_rate)^(−1/periods per year).

    References
    ----------
    The timing of Fader & Hardie (2012), "Reconciling and clarifying CLV formulas" (as
    :func:`casekit.what_if`); common random numbers: Law (2015), *Simulation Modeling and
    Analysis*, ch. 11 (variance reduction for comparing two systems).
    """

    no: Arm
    plan_arm: Arm
    plan: Any
    periods: int
    seed: int
    costs: pd.DataFrame
    history: tuple = field(default=())

    def __post_init__(self) -> None:
        self.history = (*self.history, self)

    def __repr__(self) -> str:
        s = self.summary().iloc[0]
        unit = self.no.world.params.period_unit
        return (f"Outcome({self.no.world.name}, {self.periods} {unit}s played, "
                f"{len(self.plan)} action(s): ΔNPV RMB {s['delta_npv']:,.0f}, "
                f"kept {int(s['kept_plan']):,} vs {int(s['kept_no_plan']):,} without the plan)")

    # -- tables ------------------------------------------------------------------------
    @property
    def plan_activity(self) -> pd.DataFrame:
        """Activity rows of the played periods, plan arm."""
        return self.plan_arm.future.frame

    @property
    def no_plan_activity(self) -> pd.DataFrame:
        """Activity rows of the played periods, no-plan arm."""
        return self.no.future.frame

    @cached_property
    def plan_base(self) -> CustomerBase:
        """The base after the round along the plan (customers let go have churned at the
        last observed period)."""
        a = self.plan_arm
        return a.world.arm_base(a.future, self.periods, a.let_go)

    @cached_property
    def no_plan_base(self) -> CustomerBase:
        """The base after the round without any plan (with ``seed=None`` and a generated
        base: exactly ``ck.telecom`` / ``ck.tobacco`` with the longer window)."""
        a = self.no
        return a.world.arm_base(a.future, self.periods, a.let_go)

    # -- money ---------------------------------------------------------------------------
    def summary(self, by: str | None = None) -> pd.DataFrame:
        """Customers kept, revenue, margin, costs, NPV and ΔNPV against no plan.

        Parameters
        ----------
        by : None, "tier" or "segment"
            One row for the whole base (None), or one per tier (``truth.true_tier`` at the
            start of the round) or segment.

        Returns
        -------
        DataFrame with columns customers, kept_no_plan, kept_plan, revenue_no_plan,
        revenue_plan (undiscounted sums over the played periods), margin_pv_no_plan,
        margin_pv_plan, cost_pv (the plan's costs, PV), npv_no_plan, npv_plan, delta_npv.
        NPV = PV of margins − PV of plan costs (fixed costs only in the total). Timing as
        :func:`casekit.what_if`.
        """
        a, b = self.no.per_customer, self.plan_arm.per_customer
        base = self.plan_arm.world.base
        n_new = len(b) - len(a)
        if n_new > 0:                             # acquired customers: nothing without plan
            a = pd.concat([a, pd.DataFrame({c: np.zeros(n_new, dtype=a[c].dtype)
                                            for c in a.columns})], ignore_index=True)
        if by is None:
            groups = pd.Series("all", index=range(len(b)))
        elif by == "tier":
            groups = pd.Series(np.r_[base.truth["true_tier"].astype(str).to_numpy()[:len(b)
                                                                               - n_new],
                                     np.full(n_new, "new")])
        elif by == "segment":
            groups = pd.Series(np.r_[base.customers["segment"].astype(str).to_numpy()[
                :len(b) - n_new], self.plan_arm.world.segment_names()[len(b) - n_new:]])
        else:
            raise ValueError(f"summary: by={by!r}; allowed: None, 'tier', 'segment'")
        frame = pd.DataFrame({
            "g": groups.to_numpy(), "customers": 1,
            "kept_no_plan": a["kept"].astype(int), "kept_plan": b["kept"].astype(int),
            "revenue_no_plan": a["revenue"], "revenue_plan": b["revenue"],
            "margin_pv_no_plan": a["margin_pv"], "margin_pv_plan": b["margin_pv"],
            "cost_pv": b["cost_pv"] - a["cost_pv"]})
        out = frame.groupby("g", sort=True).sum()
        out.index.name = by or ""
        if by is None:
            out["cost_pv"] += self.plan_arm.fixed
        out["npv_no_plan"] = out["margin_pv_no_plan"]
        out["npv_plan"] = out["margin_pv_plan"] - out["cost_pv"]
        out["delta_npv"] = out["npv_plan"] - out["npv_no_plan"]
        return out[_COLUMNS]

    def over_time(self) -> pd.DataFrame:
        """Per played period: customers at its start, margin and plan cost, both arms.

        Returns
        -------
        pandas.DataFrame
            One row per arm and played period: ``arm``, ``period``, ``customers``, ``margin``,
            ``cost`` (RMB, undiscounted) and ``cum_net`` (cumulative margin − cost, after the
            fixed and one-off costs).
        """
        T = self.no.world.params.periods
        rows = []
        for arm, name in ((self.no, "no_plan"), (self.plan_arm, "plan")):
            f = arm.future.frame
            margin = f.groupby("period")["margin"].sum().reindex(
                range(T + 1, T + self.periods + 1), fill_value=0.0).to_numpy()
            cost = arm.cost_by_period()
            rows.append(pd.DataFrame({"arm": name, "period": np.arange(T + 1, T + self.periods
                                                                       + 1),
                                      "customers": arm.there.sum(axis=1), "margin": margin,
                                      "cost": cost, "cum_net": np.cumsum(margin - cost)
                                      - arm.fixed - arm.once.sum()}))
        return pd.concat(rows, ignore_index=True)

    def against_forecast(self, forecast: Any, scenario: str | None = None) -> pd.DataFrame:
        """Realised against expected: the forecast of :func:`casekit.what_if` beside this
        outcome.

        Parameters
        ----------
        forecast : WhatIfResult
            ``what_if(base, scenario, horizon=periods)`` on the same base (``runs > 0`` adds
            the forecast's P5–P95 band).
        scenario : str, optional
            Which scenario of the forecast (default: its only non-baseline one).

        Returns
        -------
        DataFrame, one row per measure (delta_npv, margin_pv_plan, margin_pv_no_plan,
        cost_pv) with forecast, band_low, band_high (NaN without Monte Carlo), realised, gap
        (realised − forecast) and inside_band.
        """
        summary = getattr(forecast, "summary", None)
        if summary is None:
            raise TypeError(f"against_forecast: forecast must be a what_if result, got "
                            f"{type(forecast).__name__}")
        table = forecast.summary()
        horizon = getattr(forecast, "horizon", None)
        if horizon is not None and int(horizon) != self.periods:
            raise ValueError(f"against_forecast: the forecast's horizon is {horizon} periods; "
                             f"this outcome played {self.periods} — forecast with "
                             f"horizon={self.periods}")
        names = [s for s in table.index if s != "baseline"]
        if scenario is None:
            if len(names) != 1:
                raise ValueError(f"against_forecast: the forecast has scenarios {names}; "
                                 "name one with scenario=")
            scenario = names[0]
        if scenario not in table.index:
            raise ValueError(f"against_forecast: scenario={scenario!r} is not in the forecast; "
                             f"allowed: {names}")
        fc, bl = table.loc[scenario], table.loc["baseline"]
        real = self.summary().iloc[0]
        band = lambda row, col: row.get(col, np.nan)  # noqa: E731
        rows = [
            ("delta_npv", fc["delta_npv"], band(fc, "delta_npv_p5"), band(fc, "delta_npv_p95"),
             real["delta_npv"]),
            ("margin_pv_plan", fc["margin_pv"], np.nan, np.nan, real["margin_pv_plan"]),
            ("margin_pv_no_plan", bl["margin_pv"], np.nan, np.nan, real["margin_pv_no_plan"]),
            ("cost_pv", fc["cost_pv"], np.nan, np.nan, real["cost_pv"]),
        ]
        out = pd.DataFrame(rows, columns=["measure", "forecast", "band_low", "band_high",
                                          "realised"]).set_index("measure")
        out["gap"] = out["realised"] - out["forecast"]
        out["inside_band"] = ((out["realised"] >= out["band_low"])
                              & (out["realised"] <= out["band_high"]))
        return out
