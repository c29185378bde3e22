"""Pictures of the what-if chapter (07): retention scenarios, migration and allocation.

One function per picture, each drawing a result of :mod:`casekit.scenarios` (so every number on
a figure can be checked in the table it came from):

* :func:`retention_fan` — customers retained over time (or the extra customers a programme
  keeps), expected values with Monte Carlo P5–P95 bands: the fan chart;
* :func:`delta_npv_bars` — ΔNPV of each scenario against doing nothing, with bands and the
  planned value when the plan used estimates;
* :func:`payback_curve` — cumulative discounted incremental cash flow and the payback period;
* :func:`tier_projection` — projected customers per tier (Markov migration);
* :func:`allocation_comparison` — budget split and ΔNPV of allocation rules;
* :func:`reichheld_bars` — profit change from five points fewer defections, next to
  Reichheld & Sasser's 25–85 %.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import labels
from ..labels import plot_label
from ..scenarios import PYRAMID_TIERS, REICHHELD_RANGE, WhatIfResult
from ._style import PALETTE, finish, new_figure, percent_axis, rmb, rmb_axis

__all__ = ["retention_fan", "delta_npv_bars", "payback_curve", "tier_projection",
           "allocation_comparison", "reichheld_bars"]

labels.register({
    "scn_fan_title": ("Customers retained over time", "各期保留的客户数"),
    "scn_fan_delta_title": ("Extra customers kept by the programme", "方案多保留的客户数"),
    "scn_extra_customers": ("extra customers retained", "多保留的客户数"),
    "scn_expected": ("expected", "期望值"),
    "scn_band": ("Monte Carlo P5–P95", "蒙特卡洛 P5–P95"),
    "scn_median": ("Monte Carlo median", "蒙特卡洛中位数"),
    "scn_delta_npv_title": ("ΔNPV against doing nothing", "相对不行动的净现值增量"),
    "scn_payback_title": ("Cumulative discounted incremental cash flow",
                          "累计贴现增量现金流"),
    "scn_cum_cash": ("cumulative discounted net (RMB)", "累计贴现净现金流（元）"),
    "scn_payback_at": ("paid back in", "回收于第"),
    "scn_not_paid_back": ("not paid back within the horizon", "期内未收回"),
    "scn_step": ("step (window of P)", "步（P 的时间窗）"),
    "scn_customers": ("customers", "客户数"),
    "scn_allocation_title": ("Budget split by rule", "各规则的预算分配"),
    "scn_budget_share": ("share of the budget", "预算占比"),
    "scn_allocation_npv_title": ("ΔNPV by rule", "各规则的净现值增量"),
    "scn_reichheld_title": ("Five points fewer defections: profit change",
                            "流失率降低 5 个百分点：利润变化"),
    "scn_profit_change": ("profit change", "利润变化"),
    "scn_reported_range": ("Reichheld & Sasser 1990: +25 % to +85 %",
                           "Reichheld & Sasser 1990：+25% 至 +85%"),
    "scn_period": ("period", "期"),
})

_TIER_COLOURS = {"key": PALETTE[0], "normal": PALETTE[2], "small": PALETTE[5],
                 "lost": "#999999"}


def _check_result(result: Any) -> WhatIfResult:
    if not isinstance(result, WhatIfResult):
        raise TypeError(f"result: expected the WhatIfResult of casekit.what_if, got "
                        f"{type(result).__name__}")
    return result


def _scenario_name(result: WhatIfResult, scenario: str | None) -> str:
    """The scenario a plot shows: ``scenario``, or the result's first one when None."""
    names = [s.name for s in result.scenarios]
    name = names[0] if scenario is None else scenario
    if name not in names:
        raise ValueError(f"scenario={scenario!r} is not in the result; choose one of {names}")
    return name


def _unit_key(result: WhatIfResult) -> str:
    return result.period_unit if result.period_unit in ("month", "week") else "scn_period"


def retention_fan(result: WhatIfResult, scenario: str | None = None, delta: bool = False
                  ) -> Figure:
    """Customers retained after each period: expected lines and Monte Carlo bands.

    ``scenario`` picks one scenario (default: the first) drawn against the baseline;
    ``delta=True`` draws the *extra* customers the programme keeps (scenario − baseline), whose
    P5–P95 band fans out with time. Bands appear when the result was simulated (``runs > 0``).

    Parameters
    ----------
    result : WhatIfResult
        The result of :func:`casekit.what_if`.
    scenario : str, optional
        The scenario drawn (default: the first).
    delta : bool
        Draw the extra customers the scenario keeps over the baseline.

    Returns
    -------
    matplotlib.figure.Figure
    """
    result = _check_result(result)
    name = _scenario_name(result, scenario)
    fig, ax = new_figure(figsize=(7.0, 3.8))
    if delta:
        fan_delta_marks(ax, result, name)
        fan_delta_axes(fig, ax, result)
        return fig
    ot = result.over_time(name)
    t = np.arange(result.horizon + 1)
    rows = {k: ot[ot["scenario"] == k] for k in ("baseline", name)}
    has_bands = result.bands is not None
    for key, colour, label in (("baseline", "#777777", plot_label("scn_baseline")),
                               (name, PALETTE[0], name)):
        r = rows[key]
        ax.plot(t, r["retained"], color=colour, lw=2, label=label)
        if has_bands:
            ax.fill_between(t, r["retained_p5"], r["retained_p95"], color=colour, alpha=0.18,
                            lw=0)
    if has_bands:
        ax.fill_between([], [], [], color="#777777", alpha=0.18, label=plot_label("scn_band"))
    ax.set_ylim(bottom=0)
    return finish(fig, ax, title="scn_fan_title", xlabel=_unit_key(result),
                  ylabel="scn_retained_customers", legend=True)



def fan_delta_marks(ax, result: WhatIfResult, name: str) -> list:
    """The extra customers kept by scenario ``name`` over time: the expected line and, after
    a simulation, the Monte Carlo P5–P95 band and median. Returns the artists (the retention
    lab replaces just these when a slider moves)."""
    sc = result.over_time(name)
    sc = sc[sc["scenario"] == name]
    t = np.arange(result.horizon + 1)
    artists = ax.plot(t, sc["delta_retained"], color=PALETTE[0], lw=2,
                      label=plot_label("scn_expected"))
    if result.bands is not None:
        artists.append(ax.fill_between(t, sc["delta_retained_p5"], sc["delta_retained_p95"],
                                       color=PALETTE[0], alpha=0.2, lw=0,
                                       label=plot_label("scn_band")))
        artists += ax.plot(t, sc["delta_retained_p50"], color=PALETTE[0], lw=1, ls="--",
                           label=plot_label("scn_median"))
    return artists


def fan_delta_axes(fig: Figure, ax, result: WhatIfResult):
    """The static part of the ΔNPV fan chart: the zero line, labels and the legend of the
    marks already drawn. Returns the legend."""
    ax.axhline(0, color="#999999", lw=1)
    finish(fig, ax, title="scn_fan_delta_title", xlabel=_unit_key(result),
           ylabel="scn_extra_customers", legend=True)
    return ax.get_legend()

def delta_npv_bars(result: WhatIfResult) -> Figure:
    """ΔNPV of each scenario (bars), Monte Carlo P5–P95 (whiskers) and the plan (diamonds).

    Parameters
    ----------
    result : WhatIfResult
        The result of :func:`casekit.what_if`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    result = _check_result(result)
    s = result.summary().drop(index="baseline")
    y = np.arange(len(s))
    colours = [PALETTE[2] if v >= 0 else PALETTE[3] for v in s["delta_npv"]]
    fig, ax = new_figure(figsize=(7.0, 1.4 + 0.6 * len(s)))
    ax.barh(y, s["delta_npv"], color=colours, alpha=0.85, label=plot_label("scn_realised"))
    if "delta_npv_p5" in s.columns:
        lo = s["delta_npv"] - s["delta_npv_p5"]
        hi = s["delta_npv_p95"] - s["delta_npv"]
        ax.errorbar(s["delta_npv"], y, xerr=[lo.clip(lower=0), hi.clip(lower=0)], fmt="none",
                    ecolor="black", capsize=4, lw=1, label=plot_label("scn_band"))
    if "planned_delta_npv" in s.columns:
        ax.plot(s["planned_delta_npv"], y, "D", color=PALETTE[1], ms=7,
                label=plot_label("scn_planned"))
    ax.axvline(0, color="#444444", lw=1)
    ax.set_yticks(y, list(s.index))
    ax.invert_yaxis()
    rmb_axis(ax, "x")
    finish(fig, ax, title="scn_delta_npv_title", xlabel="scn_delta_npv")
    if len(ax.get_legend_handles_labels()[0]) > 1:
        fig.legend(frameon=False, loc="outside lower center", ncol=3, fontsize=9)
    return fig


def payback_curve(result: WhatIfResult, scenario: str | None = None) -> Figure:
    """Cumulative discounted incremental net cash flow of a scenario; where it turns ≥ 0.

    Parameters
    ----------
    result : WhatIfResult
        The result of :func:`casekit.what_if`.
    scenario : str, optional
        The scenario drawn (default: the first).

    Returns
    -------
    matplotlib.figure.Figure
    """
    result = _check_result(result)
    name = _scenario_name(result, scenario)
    cum = result.cum_delta[name]
    t = np.arange(result.horizon + 1)
    fig, ax = new_figure(figsize=(7.0, 3.6))
    ax.plot(t, cum, color=PALETTE[0], lw=2)
    ax.fill_between(t, cum, 0, where=cum < 0, color=PALETTE[3], alpha=0.15, lw=0)
    ax.fill_between(t, cum, 0, where=cum >= 0, color=PALETTE[2], alpha=0.15, lw=0)
    ax.axhline(0, color="#444444", lw=1)
    pb = result.summary_table.loc[name, "payback_periods"]
    unit = plot_label(_unit_key(result))
    if np.isfinite(pb):
        ax.axvline(pb, color=PALETTE[1], ls="--", lw=1)
        ax.annotate(f"{plot_label('scn_payback_at')} {pb:.0f} {unit}", (pb, 0),
                    xytext=(6, 10), textcoords="offset points", color=PALETTE[1])
    else:
        ax.text(0.98, 0.85, plot_label("scn_not_paid_back"), transform=ax.transAxes,
                color=PALETTE[3], ha="right")
    rmb_axis(ax, "y")
    return finish(fig, ax, title="scn_payback_title", xlabel=_unit_key(result),
                  ylabel="scn_cum_cash")


def tier_projection(projection: pd.DataFrame) -> Figure:
    """Projected customers per tier after each step (the output of :func:`project_tiers`).

    Parameters
    ----------
    projection : DataFrame
        The output of :func:`casekit.project_tiers` (one row per step, one column per tier).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(projection, pd.DataFrame):
        raise TypeError("projection: expected the DataFrame of casekit.project_tiers")
    fig, ax = new_figure(figsize=(7.0, 3.8))
    tier_projection_marks(ax, projection)
    ax.set_xlim(projection.index.min(), projection.index.max())
    ax.set_ylim(0, float(projection.sum(axis=1).max()) * 1.02 or 1.0)
    return finish(fig, ax, title="scn_tier_projection", xlabel="scn_step",
                  ylabel="scn_customers", legend=True)


def tier_projection_marks(ax, projection: pd.DataFrame) -> list:
    """The stacked areas of :func:`tier_projection`; returns them (the migration explorer
    replaces just these when a probability moves)."""
    cols = list(projection.columns)
    colours = [_TIER_COLOURS.get(str(c), PALETTE[i % len(PALETTE)]) for i, c in enumerate(cols)]
    return list(ax.stackplot(projection.index.to_numpy(), projection.to_numpy().T,
                             colors=colours, alpha=0.85,
                             labels=[plot_label(str(c)) for c in cols]))

def allocation_comparison(comparison: pd.DataFrame) -> Figure:
    """Budget shares per tier (stacked) and ΔNPV of each rule (:func:`compare_allocations`).

    Parameters
    ----------
    comparison : DataFrame
        The output of :func:`casekit.compare_allocations` (one row per allocation rule).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(comparison, pd.DataFrame) or "delta_npv" not in comparison.columns:
        raise TypeError("comparison: expected the DataFrame of casekit.compare_allocations")
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(9.0, 3.6))
    rules = list(comparison.index)
    names = [(plot_label(f"scn_{r}_rule") if r in ("pyramid", "equal", "optimal") else str(r))
             .replace(" ", "\n", 1) for r in rules]
    x = np.arange(len(rules))
    bottom = np.zeros(len(rules))
    for t in PYRAMID_TIERS:
        share = comparison[f"share_{t}"].to_numpy(dtype=float)
        ax1.bar(x, share, bottom=bottom, color=_TIER_COLOURS[t], label=plot_label(t))
        bottom += share
    ax1.set_xticks(x, names)
    ax1.set_ylim(0, 1.05)
    percent_axis(ax1)
    finish(fig, ax1, title="scn_allocation_title", ylabel="scn_budget_share")
    ax1.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    d = comparison["delta_npv"].to_numpy(dtype=float)
    ax2.bar(x, d, color=[PALETTE[2] if v >= 0 else PALETTE[3] for v in d])
    for xi, v in zip(x, d):
        ax2.annotate(rmb(v), (xi, v), xytext=(0, 3 if v >= 0 else -12),
                     textcoords="offset points", ha="center", fontsize=9)
    ax2.axhline(0, color="#444444", lw=1)
    ax2.set_xticks(x, names)
    rmb_axis(ax2, "y")
    return finish(fig, ax2, title="scn_allocation_npv_title", ylabel="scn_delta_npv")


def reichheld_bars(check: pd.DataFrame) -> Figure:
    """Profit change per group from :func:`reichheld_check`, against the reported 25–85 %.

    Parameters
    ----------
    check : DataFrame
        The output of :func:`casekit.reichheld_check` (one row per group).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(check, pd.DataFrame) or "profit_change" not in check.columns:
        raise TypeError("check: expected the DataFrame of casekit.reichheld_check")
    fig, ax = new_figure(figsize=(7.0, 1.4 + 0.5 * len(check)))
    y = np.arange(len(check))
    lo, hi = REICHHELD_RANGE
    ax.axvspan(lo, hi, color=PALETTE[1], alpha=0.15, lw=0, label=plot_label("scn_reported_range"))
    ax.barh(y, check["profit_change"], color=PALETTE[0])
    for yi, v in zip(y, check["profit_change"]):
        ax.annotate(f"{v:+.0%}", (v, yi), xytext=(4, -4), textcoords="offset points",
                    fontsize=9)
    ax.set_yticks(y, [plot_label(str(i)) for i in check.index])
    ax.invert_yaxis()
    ax.set_xlim(0, max(hi, float(check["profit_change"].max())) * 1.15)
    percent_axis(ax, "x")
    finish(fig, ax, title="scn_reichheld_title", xlabel="scn_profit_change")
    fig.legend(frameon=False, loc="outside lower center", fontsize=9)
    return fig
