"""The result of :func:`what_if`: summary, flows over time, bands and the decision table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._flows import _FLOW_COLS


# --------------------------------------------------------------------------------------------
# what_if and its result
# --------------------------------------------------------------------------------------------


class WhatIfResult:
    """The outcome of :func:`what_if`: a summary per scenario and flows over time.

    ``summary()`` — one row per scenario (``baseline`` first): customers targeted, expected
    customers retained at the horizon, present values (RMB) of revenue, margin and programme
    cost, NPV (margin PV − cost PV), ΔNPV against doing nothing, ROI (ΔNPV / cost PV: net RMB
    returned per RMB spent, both discounted) and the discounted payback period (the first
    period by whose end the cumulative discounted incremental margin covers the cumulative
    discounted cost; NaN when not within the horizon; 0 when nothing is spent). With
    ``planning_retention``: ``planned_*`` columns — what the plan promised. With ``runs > 0``:
    Monte Carlo mean, standard error and P5/P50/P95 of NPV, ΔNPV and ROI.

    ``over_time()`` — per scenario and period (0..horizon): expected customers retained,
    revenue, margin and cost of the period (undiscounted, RMB), their Δs against the
    baseline, the cumulative discounted incremental net; with Monte Carlo, P5/P50/P95 of the
    customers retained and of the extra customers retained (``delta_retained_p*``).

    ``decision()`` — the cost of deciding on an estimate (only with ``planning_retention``).

    Made by :func:`what_if`, not by hand.

    Attributes
    ----------
    summary_table : pandas.DataFrame
        The table ``summary()`` copies.
    flows : dict of str to numpy.ndarray
        Per scenario, the expected flows per period 0..horizon (retained, revenue, margin,
        cost; undiscounted RMB).
    cum_delta : dict of str to numpy.ndarray
        Per scenario, the cumulative discounted incremental net against the baseline.
    bands : dict of str to pandas.DataFrame or None
        Per scenario, Monte Carlo P5/P50/P95 bands of customers retained; None without runs.
    scenarios : list of Scenario
        The scenarios valued.
    horizon : int
        Periods looked ahead.
    discount : float
        Annual discount rate.
    period_unit : str
        ``"month"`` or ``"week"``.
    periods_per_year : int
        Periods in a year of the world (12 or 52).
    runs : int
        Monte Carlo runs (0: closed form only).
    seed : int or None
        Seed of the Monte Carlo runs.
    spend_cv : float
        Coefficient of variation of spend used by the Monte Carlo draws.
    planned : bool
        True when made with ``planning_retention`` (then ``decision()`` is available).
    """

    def __init__(self, summary, flows, cum_delta, bands, scenarios, horizon, discount,
                 period_unit, periods_per_year, runs, seed, spend_cv, planned=False):
        self.summary_table = summary
        self.flows, self.cum_delta, self.bands = flows, cum_delta, bands
        self.scenarios, self.horizon, self.discount = scenarios, horizon, discount
        self.period_unit, self.periods_per_year = period_unit, periods_per_year
        self.runs, self.seed, self.spend_cv, self.planned = runs, seed, spend_cv, planned

    def __repr__(self) -> str:
        return (f"WhatIfResult({len(self.scenarios)} scenario(s), horizon {self.horizon} "
                f"{self.period_unit}s, discount {self.discount:.0%} a year, runs={self.runs})")

    def summary(self) -> pd.DataFrame:
        """One row per scenario (see the class docstring); a copy you may change.

        Returns
        -------
        pandas.DataFrame
            One row per scenario, ``baseline`` first.
        """
        out = self.summary_table.copy()
        out.attrs.update(horizon=self.horizon, period_unit=self.period_unit,
                         discount=self.discount, runs=self.runs)
        return out

    def _repr_html_(self) -> str:
        cols = ["customers_targeted", "npv", "delta_npv", "roi", "payback_periods"]
        if self.planned:
            cols.insert(3, "planned_delta_npv")
        runs = f", {self.runs} Monte Carlo runs" if self.runs else ""
        head = (f"<p>What-if over {self.horizon} {self.period_unit}s, discount "
                f"{self.discount:.0%} a year{runs}.</p>")
        return head + self.summary_table[cols].to_html(float_format=lambda x: f"{x:,.2f}")

    def over_time(self, scenario: str | None = None) -> pd.DataFrame:
        """Per scenario and period: expected flows, differences to baseline, MC bands.

        Parameters
        ----------
        scenario : str, optional
            A scenario's name: only it and the baseline. Default: every scenario.

        Returns
        -------
        pandas.DataFrame
            One row per scenario and period 0..horizon (see the class docstring).
        """
        names = list(self.flows) if scenario is None else ["baseline", scenario]
        if scenario is not None and scenario not in self.flows:
            raise ValueError(f"scenario={scenario!r} is not in this result; choose one of "
                             f"{list(self.flows)}")
        base = self.flows["baseline"]
        t = np.arange(self.horizon + 1)
        frames = []
        for name in dict.fromkeys(names):
            f = self.flows[name]
            d = pd.DataFrame(f, columns=list(_FLOW_COLS))
            d.insert(0, "period", t)
            d.insert(0, "scenario", name)
            d["net"] = d["margin"] - d["cost"]
            for j, col in enumerate(_FLOW_COLS):
                d[f"delta_{col}"] = f[:, j] - base[:, j]
            d["cum_discounted_delta_net"] = (self.cum_delta[name] if name in self.cum_delta
                                             else np.zeros(len(t)))
            if self.bands is not None:
                b = self.bands[name]
                for col in ("retained_p5", "retained_p50", "retained_p95",
                            "delta_retained_p5", "delta_retained_p50", "delta_retained_p95"):
                    d[col] = b[col].to_numpy()
            frames.append(d)
        out = pd.concat(frames, ignore_index=True)
        out["scenario"] = pd.Categorical(out["scenario"], categories=list(dict.fromkeys(names)))
        out.attrs.update(period_unit=self.period_unit)
        return out

    def decision(self) -> pd.DataFrame:
        """The cost of deciding on an estimate: go/no-go on the plan, judged by the truth.

        Per scenario: planned and true ΔNPV; ``go_on_plan`` (planned ΔNPV > 0);
        ``value_on_plan`` (true ΔNPV if we go, else 0); ``best_value`` (max(true ΔNPV, 0));
        ``cost_of_estimate`` = best_value − value_on_plan ≥ 0. A last row ``choose_best``
        picks the scenario with the best planned ΔNPV (or nothing) and compares it with the
        truly best choice.

        Returns
        -------
        pandas.DataFrame
            One row per scenario, then ``choose_best``; RMB.
        """
        if not self.planned:
            raise ValueError("decision(): run what_if(..., planning_retention=...) to compare a "
                             "plan made on estimates with the truth")
        s = self.summary_table.drop(index="baseline")
        go = s["planned_delta_npv"] > 0
        value = np.where(go, s["delta_npv"], 0.0)
        best = np.maximum(s["delta_npv"], 0.0)
        out = pd.DataFrame({"planned_delta_npv": s["planned_delta_npv"],
                            "true_delta_npv": s["delta_npv"], "go_on_plan": go,
                            "value_on_plan": value, "best_value": best,
                            "cost_of_estimate": best - value}, index=s.index)
        pick = s["planned_delta_npv"].idxmax()
        v_plan = float(s.loc[pick, "delta_npv"]) if s.loc[pick, "planned_delta_npv"] > 0 else 0.0
        v_best = max(float(s["delta_npv"].max()), 0.0)
        out.loc["choose_best"] = {"planned_delta_npv": float(s["planned_delta_npv"].max()),
                                  "true_delta_npv": v_plan, "go_on_plan": v_plan != 0.0,
                                  "value_on_plan": v_plan, "best_value": v_best,
                                  "cost_of_estimate": v_best - v_plan}
        out.attrs["choice_on_plan"] = pick if s.loc[pick, "planned_delta_npv"] > 0 else None
        return out
