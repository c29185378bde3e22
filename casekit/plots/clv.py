"""Plots for the CLV chapters (notebooks 05 and 06): one function per picture."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import labels
from ._style import PALETTE, finish, new_figure, percent_axis, rmb_axis

__all__ = ["cash_flow_plot", "timing_plot", "sbg_plot", "clv_vs_truth_plot",
           "frequency_fit_plot", "probability_alive_plot"]

# The ``*_axes`` / ``*_marks`` halves of cash_flow_plot, sbg_plot and probability_alive_plot
# (what stays and what a dashboard's slider moves) are public for the dashboards of
# casekit.widgets.clv but not part of the flat API.

labels.register({
    "cash_flow_title": ("Where a customer's lifetime value comes from", "客户终身价值的构成"),
    "period_number": ("period", "期数"),
    "break_even": ("break-even", "收回获取成本"),
    "timing_title": ("Same customer, three timing conventions", "同一客户的三种现金流时点"),
    "retention_per_period": ("retention rate per period", "每期保留率"),
    "share_remaining": ("share remaining", "留存占比"),     # also casekit.widgets.start
    "sbg_title": ("Cohort survival and retention (sBG)", "客户群留存与保留率（sBG）"),
    "actual": ("actual", "实际"),
    "model": ("model", "模型"),
    "fitted_periods": ("fitted on", "拟合区间"),
    "clv_truth_title": ("Estimated vs true CLV", "估计值与真实客户终身价值"),
    "perfect_estimate": ("estimate = truth", "估计 = 真实"),
    "frequency_fit_title": ("Repeat purchases: data vs BG/NBD", "重复购买次数：数据与 BG/NBD"),
    "repeat_purchases": ("repeat purchases", "重复购买次数"),
    "number_of_customers": ("customers", "客户数"),
    "p_alive_title": ("Probability a customer is still active", "客户仍活跃的概率"),
    "recency": ("recency (time of last purchase)", "最近一次购买时间"),
    "probability_alive": ("P(alive)", "仍活跃概率"),
})


def cash_flow_plot(table: pd.DataFrame) -> Figure:
    """Bars: present value of each period's expected margin; line: cumulative value.

    ``table`` is the output of :func:`casekit.cash_flow_table`. The line starts at minus the
    acquisition cost, climbs with each period's present value and ends at the CLV; where it
    crosses zero the acquisition cost is paid back.

    Parameters
    ----------
    table : DataFrame
        A :func:`casekit.cash_flow_table` (its ``attrs`` carry the acquisition cost).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(figsize=(7.0, 3.8))
    cash_flow_axes(fig, ax)
    cash_flow_marks(ax, table)
    return fig


def cash_flow_axes(fig: Figure, ax) -> None:
    """The parts of a cash-flow figure that do not depend on the table: RMB axis, labels."""
    rmb_axis(ax)
    finish(fig, ax, title="cash_flow_title", xlabel="period_number", ylabel="clv")


def _cash_flow_series(table: pd.DataFrame):
    """What the cash-flow figure shows: periods, present values, the cumulative line (from
    −acquisition cost at period 0) and the break-even period (None if none to show)."""
    period = table["period"].to_numpy()
    acq = table.attrs.get("acquisition_cost", 0.0)
    x = np.concatenate([[0], period])
    y = np.concatenate([[-acq], table["cumulative_value"].to_numpy()])
    above = np.flatnonzero(y >= 0)
    even = x[above[0]] if acq > 0 and above.size and above[0] > 0 else None
    return period, table["present_value"].to_numpy(dtype=float), x, y, even


def cash_flow_marks(ax, table: pd.DataFrame) -> list:
    """Draw the bars, the cumulative line, the zero line, the break-even line and the legend
    of :func:`cash_flow_plot` on ``ax``; return these artists, in this order (a dashboard
    moves or replaces just them when a slider moves, see :func:`cash_flow_update`)."""
    period, present, x, y, even = _cash_flow_series(table)
    bars = ax.bar(period, present, color=PALETTE[5], label=labels.plot_label("present_value"))
    line, = ax.plot(x, y, color=PALETTE[0], lw=2, marker="o", ms=3,
                    label=labels.plot_label("cumulative_value"))
    artists = [*bars, line, ax.axhline(0, color="black", lw=0.8)]
    handles = [line]
    if even is not None:
        handles.append(ax.axvline(even, color=PALETTE[3], ls="--", lw=1,
                                  label=labels.plot_label("break_even")))
        artists.append(handles[-1])
    artists.append(ax.legend(handles=handles + [bars], frameon=False))
    return artists


def cash_flow_update(marks: list, table: pd.DataFrame) -> bool:
    """Move the artists ``marks`` (from :func:`cash_flow_marks`) to show ``table`` instead,
    in place: cheaper than drawing new bars. Returns False, changing nothing, when the new
    table needs other artists (another number of periods, a break-even line appearing or
    going); then draw new marks."""
    period, present, x, y, even = _cash_flow_series(table)
    bars = [a for a in marks if isinstance(a, Rectangle)]
    rest = marks[len(bars):]               # line, zero line, [break-even line], legend
    if len(bars) != len(period) or (len(rest) == 4) != (even is not None):
        return False
    for bar, height in zip(bars, present):
        bar.set_height(height)
    rest[0].set_data(x, y)
    if even is not None:
        rest[2].set_xdata([even, even])
    return True


def timing_plot(margin: float, retention: float, discount: float, periods: int = 12) -> Figure:
    """Present value of each period's margin under the three timing conventions of clv().

    Parameters
    ----------
    margin : float
        Margin per period of an active customer (RMB).
    retention : float
        Retention rate per period.
    discount : float
        Discount rate per period.
    periods : int
        Number of periods shown.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..clv import TIMINGS, cash_flow_table

    fig, ax = new_figure(figsize=(7.0, 3.6))
    width = 0.27
    for i, timing in enumerate(TIMINGS):
        t = cash_flow_table(margin, retention, discount, periods, timing=timing)
        ax.bar(t["period"] + (i - 1) * width, t["present_value"], width=width,
               color=PALETTE[i],
               label=f"{labels.plot_label('clv_timing_' + timing)}: ¥{t.attrs['clv']:,.0f}")
    rmb_axis(ax)
    return finish(fig, ax, title="timing_title", xlabel="period_number",
                  ylabel="present_value", legend=True)


def sbg_plot(model, survivors=None, periods: int = 12, fitted_periods: int | None = None
             ) -> Figure:
    """Left: share of a cohort surviving (model, and data if given). Right: retention rate.

    The retention curve rises with tenure although no customer changes: the churn-prone
    leave first (Fader & Hardie 2007).

    Parameters
    ----------
    model : ShiftedBetaGeometric
        A fitted :class:`casekit.ShiftedBetaGeometric`.
    survivors : array_like, optional
        Customers still active at periods 0, 1, … of the cohort (drawn as data points).
    periods : int
        Number of periods the model curves are drawn for.
    fitted_periods : int, optional
        Shade the periods the model was fitted on.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(9.0, 3.6))
    sbg_axes(fig, ax1, ax2, survivors=survivors, fitted_periods=fitted_periods)
    sbg_marks(ax1, ax2, model, periods)
    return fig


def sbg_axes(fig: Figure, ax1, ax2, survivors=None, fitted_periods: int | None = None) -> None:
    """The parts of :func:`sbg_plot` that do not depend on the model: the data (survivors,
    drawn above the model curves), the fitted span, axes and labels."""
    if survivors is not None:
        s = np.asarray(survivors, dtype=float)
        share = s / s[0]
        ts = np.arange(len(s))
        ax1.plot(ts, share, "o", color=PALETTE[1], zorder=2.5, label=labels.plot_label("actual"))
        ax2.plot(ts[1:], share[1:] / share[:-1], "o", color=PALETTE[1], zorder=2.5,
                 label=labels.plot_label("actual"))
    if fitted_periods is not None:
        for ax in (ax1, ax2):
            ax.axvspan(0, fitted_periods, color="grey", alpha=0.12,
                       label=labels.plot_label("fitted_periods"))
    percent_axis(ax1)
    percent_axis(ax2)
    ax1.set_ylim(0, 1.02)
    finish(fig, ax1, title="survival", xlabel="period_number", ylabel="share_remaining")
    finish(fig, ax2, title="retention_per_period", xlabel="period_number", ylabel="retention")


def sbg_marks(ax1, ax2, model, periods: int = 12) -> list:
    """Draw the model's survival curve on ``ax1`` and retention curve on ``ax2``, and the
    legend of ``ax1`` (model first); return these artists (a dashboard replaces just them when
    α or β moves)."""
    t = np.arange(periods + 1)
    survival, = ax1.plot(t, model.survival(t), color=PALETTE[0], lw=2,
                         label=labels.plot_label("model"))
    t1 = np.arange(1, periods + 1)
    retention, = ax2.plot(t1, model.retention(t1), color=PALETTE[0], lw=2, marker="o", ms=3,
                          label=labels.plot_label("model"))
    handles, _ = ax1.get_legend_handles_labels()
    handles = [survival] + [h for h in handles if h is not survival]
    return [survival, retention, ax1.legend(handles=handles, frameon=False)]


def clv_vs_truth_plot(result: pd.DataFrame, by: str | None = "segment") -> Figure:
    """Scatter of estimated against true CLV (symmetric log scale), coloured by group.

    Parameters
    ----------
    result : DataFrame
        A :func:`casekit.customer_clv` table with ``clv`` and ``true_clv`` columns.
    by : str, optional
        The column whose groups get one colour each (None or a missing column: one group).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(figsize=(6.0, 5.0))
    groups = (result.groupby(by, observed=True) if by and by in result.columns
              else [("all", result)])
    for i, (name, frame) in enumerate(groups):
        ax.scatter(frame["true_clv"], frame["clv"], s=8, alpha=0.5,
                   color=PALETTE[i % len(PALETTE)], label=labels.plot_label(str(name)))
    lo = float(min(result["true_clv"].min(), result["clv"].min()))
    hi = float(max(result["true_clv"].max(), result["clv"].max()))
    ax.plot([lo, hi], [lo, hi], color="black", lw=1, ls="--",
            label=labels.plot_label("perfect_estimate"))
    scale = max(1.0, float(np.nanmedian(np.abs(result["true_clv"]))) / 10)
    ax.set_xscale("symlog", linthresh=scale)
    ax.set_yscale("symlog", linthresh=scale)
    return finish(fig, ax, title="clv_truth_title", xlabel="true_clv", ylabel="estimated_clv",
                  legend=True)


def frequency_fit_plot(model, summary: pd.DataFrame, max_frequency: int = 7) -> Figure:
    """Number of customers with 0, 1, …, max+ repeat purchases: data next to the BG/NBD.

    Parameters
    ----------
    model : BetaGeo
        A fitted BG/NBD model (:class:`casekit.BetaGeo`).
    summary : DataFrame
        The :func:`casekit.summary_from_activity` table it was fitted on (``frequency``, ``T``).
    max_frequency : int
        Repeat purchases from this number up are pooled in the last bar.

    Returns
    -------
    matplotlib.figure.Figure
    """
    expected = model.expected_frequency_counts(summary["T"], max_frequency)
    x = summary["frequency"].to_numpy()
    actual = np.array([np.sum(x == k) for k in range(max_frequency)]
                      + [np.sum(x >= max_frequency)])
    fig, ax = new_figure(figsize=(7.0, 3.6))
    pos = np.arange(len(actual))
    ax.bar(pos - 0.2, actual, width=0.4, color=PALETTE[1], label=labels.plot_label("actual"))
    ax.bar(pos + 0.2, expected["expected"], width=0.4, color=PALETTE[0],
           label=labels.plot_label("model"))
    ax.set_xticks(pos, expected["frequency"])
    return finish(fig, ax, title="frequency_fit_title", xlabel="repeat_purchases",
                  ylabel="number_of_customers", legend=True)


def probability_alive_plot(model, frequencies=(1, 3, 6, 10), T: float = 39.0) -> Figure:
    """P(alive) against recency for a few purchase frequencies, observation length T.

    A frequent buyer who has not bought for a while is probably gone; an infrequent one
    may just be slow.

    Parameters
    ----------
    model : BetaGeo
        A fitted model with a ``probability_alive(frequency, recency, T)`` method.
    frequencies : sequence of int
        The repeat-purchase counts, one curve each.
    T : float
        The length of the observation period (in the model's time unit).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(figsize=(6.5, 3.6))
    probability_alive_axes(fig, ax)
    probability_alive_marks(ax, model, frequencies, T)
    return fig


def probability_alive_axes(fig: Figure, ax) -> None:
    """The parts of :func:`probability_alive_plot` that do not depend on the model: the
    probability axis (0–100 %) and the labels."""
    ax.set_ylim(0, 1.02)
    percent_axis(ax)
    finish(fig, ax, title="p_alive_title", xlabel="recency", ylabel="probability_alive")


def probability_alive_marks(ax, model, frequencies=(1, 3, 6, 10), T: float = 39.0) -> list:
    """Draw one P(alive) curve per frequency (recency 0.5 … T) and the legend on ``ax``;
    return these artists (a dashboard replaces just them when a slider moves)."""
    rec = np.linspace(0.5, T, 80)
    lines = []
    for i, f in enumerate(frequencies):
        p = model.probability_alive(np.full(rec.size, f), rec, np.full(rec.size, T))
        lines += ax.plot(rec, p, color=PALETTE[i % len(PALETTE)], lw=2, label=f"x = {f}")
    return lines + [ax.legend(handles=lines, frameon=False)]
