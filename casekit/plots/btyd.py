"""Plots for choosing and checking a buy-till-you-die model on a holdout (notebook 06).

Each function draws a table computed by a public analysis function of ``casekit.btyd``
(:func:`~casekit.btyd.holdout_by_frequency`, :func:`~casekit.btyd.tracking_table`,
:func:`~casekit.btyd.frequency_recency_matrix`); none computes anything itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import labels
from ._style import PALETTE, finish, new_figure

__all__ = ["calibration_holdout_plot", "tracking_plot", "frequency_recency_plot"]

labels.register({
    "calibration_holdout_title": ("Holdout purchases by calibration frequency",
                                  "按校准期购买次数分组的验证期购买"),
    "calibration_frequency": ("repeat purchases in the calibration period", "校准期重复购买次数"),
    "mean_holdout_purchases": ("mean purchases in the holdout", "验证期平均购买次数"),
    "tracking_incremental_title": ("Purchases per period (holdout)", "每期购买次数（验证期）"),
    "tracking_cumulative_title": ("Cumulative purchases (holdout)", "累计购买次数（验证期）"),
    "purchasing_customers": ("purchases", "购买次数"),
    "holdout_period": ("period", "期"),
    "fr_matrix_expected": ("Expected purchases by frequency and recency",
                           "按频率与最近购买时间的期望购买次数"),
    "fr_matrix_alive": ("P(alive) by frequency and recency", "按频率与最近购买时间的存活概率"),
    "frequency_axis": ("frequency (repeat purchases)", "频率（重复购买次数）"),
    "recency_axis": ("recency (period of the last purchase)", "最近一次购买时间"),
})


def calibration_holdout_plot(table: pd.DataFrame) -> Figure:
    """Actual vs predicted mean holdout purchases per calibration-frequency group.

    Parameters
    ----------
    table : DataFrame
        From :func:`casekit.holdout_by_frequency` (columns ``customers``, ``actual`` and
        one per model).

    Returns
    -------
    matplotlib.figure.Figure
    """
    models = [c for c in table.columns if c not in ("customers", "actual")]
    fig, ax = new_figure(figsize=(7.0, 3.8))
    pos = np.arange(len(table))
    ax.plot(pos, table["actual"], color="black", lw=2, marker="o",
            label=labels.plot_label("actual"))
    for i, name in enumerate(models):
        ax.plot(pos, table[name], color=PALETTE[i % len(PALETTE)], lw=1.5, ls="--",
                marker=".", label=name)
    ax.set_xticks(pos, list(table.index))
    return finish(fig, ax, title="calibration_holdout_title", xlabel="calibration_frequency",
                  ylabel="mean_holdout_purchases", legend=True)


def tracking_plot(table: pd.DataFrame) -> Figure:
    """Period-by-period purchases over the holdout, incremental (left) and cumulative (right).

    Parameters
    ----------
    table : DataFrame
        From :func:`casekit.tracking_table`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    models = table.attrs.get("models") or [c for c in table.columns if c not in
                                            ("period", "actual") and
                                            not c.startswith("cumulative_")]
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(10.0, 3.8))
    for ax, prefix, title in ((ax1, "", "tracking_incremental_title"),
                              (ax2, "cumulative_", "tracking_cumulative_title")):
        ax.plot(table["period"], table[f"{prefix}actual"], color="black", lw=2,
                label=labels.plot_label("actual"))
        for i, name in enumerate(models):
            ax.plot(table["period"], table[f"{prefix}{name}"], color=PALETTE[i % len(PALETTE)],
                    lw=1.5, ls="--", label=name)
        finish(fig, ax, title=title, xlabel="holdout_period", ylabel="purchasing_customers",
               legend=ax is ax1)
    return fig


def frequency_recency_plot(matrix: pd.DataFrame) -> Figure:
    """Heat map of a frequency × recency matrix (expected purchases or P(alive)).

    Parameters
    ----------
    matrix : DataFrame
        From :func:`casekit.frequency_recency_matrix` (its ``attrs["kind"]`` picks the title).

    Returns
    -------
    matplotlib.figure.Figure
    """
    kind = matrix.attrs.get("kind", "expected")
    fig, ax = new_figure(figsize=(6.5, 5.0))
    values = np.ma.masked_invalid(matrix.to_numpy(dtype=float))
    image = ax.imshow(values, origin="lower", aspect="auto", cmap="viridis",
                      extent=(matrix.columns.min() - 0.5, matrix.columns.max() + 0.5,
                              matrix.index.min() - 0.5, matrix.index.max() + 0.5),
                      vmin=0.0, vmax=1.0 if kind == "alive" else None)
    fig.colorbar(image, ax=ax)
    finish(fig, ax, title="fr_matrix_alive" if kind == "alive" else "fr_matrix_expected",
           xlabel="recency_axis", ylabel="frequency_axis")
    ax.grid(False)
    return fig
