"""Pictures for multi-criteria evaluation and grading: AHP weights, grades, grade transitions.

Each function returns a :class:`matplotlib.figure.Figure`; every text goes through
:func:`casekit.labels.plot_label`, so ``labels.set_language("zh")`` switches the figures.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import labels
from ..evaluate import AHPResult, transition_matrix
from ._style import PALETTE, finish, new_figure, percent_axis

__all__ = ["ahp_weights", "grade_counts", "grade_distribution", "grade_transitions"]

labels.register({
    "ahp_weights_title": ("AHP weights", "层次分析法权重"),
    "criterion": ("criterion", "评价指标"),
    "consistency_ratio": ("consistency ratio CR", "一致性比率 CR"),
    "consistent_ok": ("consistent (CR < 0.10)", "一致性可接受（CR < 0.10）"),
    "consistent_no": ("inconsistent: revise the judgements (CR ≥ 0.10)",
                      "一致性不可接受：请修改判断（CR ≥ 0.10）"),
    "grade_distribution_title": ("Retailers per grade", "各档位客户数"),
    "share_of_group": ("share of the group", "组内占比"),
    "grade_before": ("grade before", "调整前档位"),
    "grade_after": ("grade after", "调整后档位"),
    "grade_transitions_title": ("Grade transitions (rows sum to 100%)",
                                "档位转移矩阵（每行合计 100%）"),
    "all_retailers": ("all", "全部"),
})


def ahp_weights(result: AHPResult) -> Figure:
    """Bar chart of AHP weights, largest first, with λmax, CI and CR and the verdict.

    Parameters
    ----------
    result : AHPResult
        The result of :func:`casekit.ahp`.

    Returns
    -------
    matplotlib.figure.Figure

    >>> import casekit as ck
    >>> fig = ahp_weights(ck.ahp([[1, 3], [1 / 3, 1]]))
    """
    if not isinstance(result, AHPResult):
        raise TypeError(f"ahp_weights(result=...): expected the result of casekit.ahp(...), got "
                        f"{type(result).__name__}")
    w = result.weights.sort_values(ascending=True)
    fig, ax = new_figure(figsize=(6.0, 0.45 * len(w) + 1.6))
    ahp_axes(fig, ax, list(w.index))
    ahp_marks(ax, result, list(w.index))
    ax.set_xlim(0, max(1e-9, float(w.max())) * 1.25)
    return fig


def ahp_axes(fig: Figure, ax, criteria: list) -> None:
    """The static part of the AHP-weights figure: one row per criterion (bottom to top in
    the given order), title and axis label."""
    ax.set_yticks(range(len(criteria)), [labels.plot_label(str(k)) for k in criteria])
    ax.set_ylim(-0.6, len(criteria) - 0.4)
    finish(fig, ax, title="ahp_weights_title", xlabel="weight")


def ahp_marks(ax, result: AHPResult, criteria: list) -> list:
    """The bars, their values and the λmax / CI / CR verdict of ``result``, one row per
    criterion in the order of :func:`ahp_axes`; returns the artists (the AHP builder
    replaces just these when a judgement moves)."""
    w = result.weights.reindex(criteria).to_numpy(dtype=float)
    colour = PALETTE[0] if result.consistent else PALETTE[3]
    # plain rectangles (what barh draws, 0.8 high), so no BarContainer outlives them
    artists = [ax.add_patch(Rectangle((0.0, y - 0.4), v, 0.8, color=colour))
               for y, v in enumerate(w)]
    for y, v in enumerate(w):
        artists.append(ax.text(v, y, f" {v:.3f}", va="center", fontsize=9))
    verdict = labels.plot_label("consistent_ok" if result.consistent else "consistent_no")
    artists.append(ax.text(0.99, 0.02, f"λmax = {result.lambda_max:.3f}   CI = {result.ci:.3f}"
                           f"   CR = {result.cr:.3f}\n{verdict}", transform=ax.transAxes,
                           ha="right", va="bottom", fontsize=9, color=colour))
    return artists

def _grades_and_groups(grades: Any, by: Any) -> tuple[pd.Series, pd.Series | None]:
    if isinstance(grades, pd.DataFrame):
        if "grade" not in grades.columns:
            raise ValueError("grade_distribution: the DataFrame has no column 'grade'; columns "
                             f"present: {list(grades.columns)}")
        frame = grades
        grades = frame["grade"]
        if isinstance(by, str):
            if by not in frame.columns:
                raise ValueError(f"grade_distribution(by={by!r}): no such column; columns "
                                 f"present: {list(frame.columns)}")
            by = frame[by]
    g = grades if isinstance(grades, pd.Series) else pd.Series(np.asarray(grades))
    if len(g) == 0:
        raise ValueError("grade_distribution: no grades to plot")
    if by is None:
        return g, None
    b = by if isinstance(by, pd.Series) else pd.Series(np.asarray(by), index=g.index)
    if len(b) != len(g):
        raise ValueError(f"grade_distribution(by=...): {len(b)} group labels for {len(g)} grades")
    return g, b.set_axis(g.index)


def grade_counts(grades, by=None) -> pd.DataFrame:
    """Customers per grade (rows, every grade from 1 to the highest for integer grades) and
    group (columns; one column ``all_retailers`` without ``by``). Vectorised with bincount.

    Parameters
    ----------
    grades, by
        As for :func:`grade_distribution`.

    Returns
    -------
    DataFrame
        Counts, indexed by grade, one column per group (empty groups dropped).
    """
    g, b = _grades_and_groups(grades, by)
    if isinstance(g.dtype, pd.CategoricalDtype):
        order = list(g.cat.categories)
        gcode = np.asarray(g.cat.codes, dtype=np.int64)
    else:
        values = g.to_numpy()
        uniq = np.unique(values)
        if np.issubdtype(values.dtype, np.integer) and uniq.min() >= 1:
            order = list(range(1, int(uniq.max()) + 1))
            gcode = values.astype(np.int64) - 1
        else:
            order = uniq.tolist()
            gcode = np.searchsorted(uniq, values)
    if b is None:
        bcode, groups = np.zeros(len(g), dtype=np.int64), ["all_retailers"]
    elif isinstance(b.dtype, pd.CategoricalDtype):
        bcode = np.asarray(b.cat.codes, dtype=np.int64)
        groups = [str(c) for c in b.cat.categories]
    else:
        bcode, uniq_b = pd.factorize(b.to_numpy(), sort=True)
        groups = [str(c) for c in uniq_b]
    k, m = len(order), len(groups)
    counts = np.bincount(bcode * k + gcode, minlength=k * m).reshape(m, k).T
    table = pd.DataFrame(counts, index=pd.Index(order, name="grade"),
                         columns=pd.Index(groups, name="group"))
    return table.loc[:, table.sum(axis=0) > 0]


def grade_distribution(grades, by=None, *, share: bool = True) -> Figure:
    """How many customers hold each grade, one outline per group (e.g. urban vs rural).

    ``grades``: a Series of grades, or the DataFrame of :func:`casekit.tobacco_grading` (then
    ``by`` may name a column, e.g. ``"region"``). ``share=True`` shows each group's shares
    (so groups of different size compare), else counts. The counts are
    :func:`grade_counts`.

    Parameters
    ----------
    grades : Series, array_like or DataFrame
        The grades, or a :func:`casekit.tobacco_grading` table with a ``grade`` column.
    by : str, Series or array_like, optional
        The group of each customer (or a column of the table): one outline per group.
    share : bool
        Show each group's shares rather than counts.

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = grade_counts(grades, by)
    if share:
        table = table / table.sum(axis=0)
    fig, ax = new_figure(figsize=(6.4, 3.0))
    grade_distribution_marks(ax, table)
    grade_distribution_axes(fig, ax, list(table.index), share=share)
    ax.set_ylim(0, None)
    return fig


def grade_distribution_axes(fig: Figure, ax, order: list, *, share: bool = True):
    """The static part of :func:`grade_distribution`: grade ticks, limits, labels and the
    legend of the outlines already drawn. Returns the legend."""
    edges = np.arange(len(order) + 1) + 0.5
    step = 1 if len(order) <= 12 else 5
    ticks = [i for i in range(len(order)) if (i + 1) % step == 0 or i == 0]
    ax.set_xticks([t + 1 for t in ticks], [str(order[t]) for t in ticks])
    ax.set_xlim(edges[0], edges[-1])
    if share:
        percent_axis(ax)
    finish(fig, ax, title="grade_distribution_title", xlabel="grade",
           ylabel="share_of_group" if share else "customers", legend=True)
    return ax.get_legend()


def grade_distribution_marks(ax, table: pd.DataFrame) -> list:
    """One filled outline per column of ``table`` (rows: grades in order); returns the
    artists (the grading dashboard replaces just these when a weight moves)."""
    edges = np.arange(len(table.index) + 1) + 0.5
    artists = []
    for i, col in enumerate(table.columns):
        colour = PALETTE[i % len(PALETTE)]
        values = table[col].to_numpy(dtype=float)
        artists.append(ax.stairs(values, edges, fill=True, alpha=0.25, color=colour))
        artists.append(ax.stairs(values, edges, lw=1.8, color=colour,
                                 label=labels.plot_label(str(col))))
    return artists

def grade_transitions(before, after=None, *, annotate: bool | None = None) -> Figure:
    """Heatmap of a grade transition matrix (rows: grade before, columns: grade after).

    Pass a matrix from :func:`casekit.transition_matrix`, or two gradings (``before``,
    ``after``) to compute it. Cells show row shares; numbers are written in when there are at
    most 10 grades (``annotate``).

    Parameters
    ----------
    before : DataFrame, Series or array_like
        A transition matrix, or the grades before.
    after : Series or array_like, optional
        The grades after (then the matrix is computed from ``before`` and ``after``).
    annotate : bool, optional
        Write the shares in the cells (default: when there are at most 10 grades).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if after is None:
        if not isinstance(before, pd.DataFrame):
            raise TypeError("grade_transitions: pass a transition matrix (DataFrame) or two "
                            "gradings (before, after)")
        p = before
    else:
        p = transition_matrix(before, after)
    values = p.to_numpy(dtype=float)
    k = values.shape[0]
    size = 4.2 if k <= 10 else 5.6
    fig, ax = new_figure(figsize=(size + 1.0, size))
    im = ax.imshow(values, cmap="Blues", vmin=0, vmax=1, origin="lower", aspect="equal")
    step = 1 if k <= 10 else 5
    ticks = [i for i in range(k) if (i + 1) % step == 0 or i == 0]
    ax.set_xticks(ticks, [str(p.columns[i]) for i in ticks])
    ax.set_yticks(ticks, [str(p.index[i]) for i in ticks])
    if annotate is None:
        annotate = k <= 10
    if annotate:
        for i in range(k):
            for j in range(values.shape[1]):
                v = values[i, j]
                if np.isfinite(v) and v > 0:
                    ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=8,
                            color="white" if v > 0.6 else "black")
    cbar = fig.colorbar(im, ax=ax, shrink=0.8)
    cbar.ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    finish(fig, ax, title="grade_transitions_title", xlabel="grade_after", ylabel="grade_before")
    ax.grid(False)
    return fig
