"""Pictures of playing the world forward (issue 13): what the plan did, beside the same future
without it, and beside the forecast.

Each function draws a table of :class:`casekit.Outcome` (``over_time()``, ``summary()``,
``against_forecast()``), so every number on a figure can be checked in its table:

* :func:`play_paths` — cumulative net cash (margin − plan costs) and customers at the start of
  each played period, plan arm beside no-plan arm;
* :func:`play_delta_bars` — ΔNPV against no plan by tier or segment;
* :func:`play_against_forecast` — realised ΔNPV beside the forecast and its P5–P95 band.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from .. import labels
from ..play import Outcome
from ._style import PALETTE, finish, new_figure, rmb_axis

__all__ = ["play_paths", "play_delta_bars", "play_against_forecast"]

labels.register({
    "play_paths_title": ("Played forward: with the plan and without it",
                         "推演：有方案与无方案"),
    "play_cum_net": ("cumulative net (margin − plan cost, RMB)", "累计净额（利润 − 方案成本，元）"),
    "play_customers": ("customers at the start of the period", "期初客户数"),
    "play_plan": ("with the plan", "有方案"),
    "play_no_plan": ("no plan (same random numbers)", "无方案（相同随机数）"),
    "play_period": ("period", "期"),
    "play_delta_title": ("ΔNPV against no plan", "相对无方案的净现值增量"),
    "play_delta_npv": ("ΔNPV (RMB)", "净现值增量（元）"),
    "play_forecast_title": ("Forecast and outcome", "预测与结果"),
    "play_forecast": ("forecast (what_if)", "预测（what_if）"),
    "play_band": ("forecast P5–P95", "预测 P5–P95"),
    "play_realised": ("realised", "实际"),
})


def _check(outcome: Any) -> Outcome:
    if not isinstance(outcome, Outcome):
        raise TypeError(f"outcome: expected the Outcome of casekit.play_forward, got "
                        f"{type(outcome).__name__}")
    return outcome


def play_paths(outcome: Outcome) -> Figure:
    """Two panels over the played periods: cumulative net cash and customers, both arms
    (from :meth:`casekit.Outcome.over_time`).

    Parameters
    ----------
    outcome : Outcome
        The result of :func:`casekit.play_forward`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = _check(outcome).over_time()
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(10.0, 4.0))
    styles = {"no_plan": dict(color="#777777", linestyle="--", label="play_no_plan"),
              "plan": dict(color=PALETTE[0], linestyle="-", label="play_plan")}
    for arm, style in styles.items():
        rows = table[table["arm"] == arm]
        kw = dict(style, label=labels.label(style["label"]))
        ax1.plot(rows["period"], rows["cum_net"], marker="o", markersize=3, **kw)
        ax2.plot(rows["period"], rows["customers"], marker="o", markersize=3, **kw)
    rmb_axis(ax1)
    finish(fig, ax1, title="play_paths_title", xlabel="play_period", ylabel="play_cum_net",
           legend=True)
    finish(fig, ax2, xlabel="play_period", ylabel="play_customers")
    return fig


def play_delta_bars(outcome: Outcome, by: str = "tier") -> Figure:
    """ΔNPV against no plan per group (``by``: "tier" or "segment"), from
    :meth:`casekit.Outcome.summary`.

    Parameters
    ----------
    outcome : Outcome
        The result of :func:`casekit.play_forward`.
    by : {"tier", "segment"}
        One bar per tier or per segment.

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = _check(outcome).summary(by=by)
    fig, ax = new_figure(figsize=(7.0, 3.5))
    values = table["delta_npv"].to_numpy()
    colours = [PALETTE[2] if v >= 0 else PALETTE[3] for v in values]
    ax.bar([labels.label(str(g)) for g in table.index], values, color=colours)
    ax.axhline(0.0, color="black", linewidth=0.8)
    rmb_axis(ax)
    return finish(fig, ax, title="play_delta_title", ylabel="play_delta_npv")


def play_against_forecast(outcome: Outcome, forecast: Any, scenario: str | None = None
                          ) -> Figure:
    """The forecast ΔNPV with its P5–P95 band (when the forecast was simulated) and the
    realised ΔNPV, from :meth:`casekit.Outcome.against_forecast`.

    Parameters
    ----------
    outcome : Outcome
        The result of :func:`casekit.play_forward`.
    forecast : WhatIfResult
        ``what_if`` on the same base and horizon (``runs > 0`` adds the P5–P95 band).
    scenario : str, optional
        Which scenario of the forecast (default: its only non-baseline one).

    Returns
    -------
    matplotlib.figure.Figure
    """
    row = _check(outcome).against_forecast(forecast, scenario).loc["delta_npv"]
    fig, ax = new_figure(figsize=(6.0, 2.6))
    if np.isfinite(row["band_low"]):
        ax.plot([row["band_low"], row["band_high"]], [0, 0], color=PALETTE[5], linewidth=8,
                solid_capstyle="butt", label=labels.label("play_band"))
    ax.plot([row["forecast"]], [0], marker="|", markersize=24, color=PALETTE[0],
            linestyle="none", label=labels.label("play_forecast"))
    ax.plot([row["realised"]], [0], marker="o", markersize=9, color=PALETTE[3],
            linestyle="none", label=labels.label("play_realised"))
    ax.set_yticks([])
    ax.axvline(0.0, color="black", linewidth=0.6)
    rmb_axis(ax, axis="x")
    return finish(fig, ax, title="play_forecast_title", xlabel="play_delta_npv", legend=True)
