"""Pictures of the instructor's desk (issue 17): the class's grades, its hardest questions,
and the case debrief. Each draws a table of :mod:`casekit.desk`, so every bar can be checked
in its table:

* :func:`desk_grade_distribution` — students per score band (:func:`casekit.desk.grade_distribution`);
* :func:`desk_hardest_questions` — share correct per question, hardest first
  (:func:`casekit.desk.hardest_questions`);
* :func:`desk_debrief` — each student's realised ΔNPV against their forecast
  (:func:`casekit.desk.debrief`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import labels
from ..desk import Gradebook, grade_distribution, hardest_questions
from ._style import PALETTE, finish, new_figure, percent_axis, rmb_axis

__all__ = ["desk_grade_distribution", "desk_hardest_questions", "desk_debrief"]

labels.register({
    "desk_dist_title": ("Grade distribution", "成绩分布"),
    "desk_score": ("score (share of questions correct)", "得分（答对题目比例）"),
    "desk_students": ("students", "学生人数"),
    "desk_hard_title": ("The hardest questions", "最难的题目"),
    "desk_share_correct": ("share of students correct", "答对学生比例"),
    "desk_debrief_title": ("Debrief: realised against forecast ΔNPV", "复盘：实际与预测净现值增量"),
    "desk_forecast": ("forecast ΔNPV (RMB)", "预测净现值增量（元）"),
    "desk_realised": ("realised ΔNPV (RMB)", "实际净现值增量（元）"),
    "desk_student": ("student", "学生"),
})


def desk_grade_distribution(book: Gradebook, bins: int = 10) -> Figure:
    """Students per score band, from :func:`casekit.desk.grade_distribution`.

    Parameters
    ----------
    book : Gradebook
        The class's gradebook (:class:`casekit.desk.Gradebook`).
    bins : int
        Equal score bands over 0..1.

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = grade_distribution(book, bins)
    fig, ax = new_figure(figsize=(6.5, 3.2))
    width = float(table["high"].iloc[0] - table["low"].iloc[0])
    ax.bar(table["low"], table["students"], width=width * 0.9, align="edge", color=PALETTE[0])
    percent_axis(ax, axis="x")
    return finish(fig, ax, title="desk_dist_title", xlabel="desk_score", ylabel="desk_students")


def desk_hardest_questions(book: Gradebook, top: int = 10) -> Figure:
    """Share of students correct per question, the hardest ``top`` (lowest bar first), from
    :func:`casekit.desk.hardest_questions`.

    Parameters
    ----------
    book : Gradebook
        The class's gradebook (:class:`casekit.desk.Gradebook`).
    top : int
        How many of the hardest questions are shown.

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = hardest_questions(book, top=top).iloc[::-1]
    fig, ax = new_figure(figsize=(6.5, 0.35 * len(table) + 1.2))
    ax.barh(table["question"], table["share_correct"].fillna(0.0), color=PALETTE[3])
    ax.set_xlim(0.0, 1.0)
    percent_axis(ax, axis="x")
    return finish(fig, ax, title="desk_hard_title", xlabel="desk_share_correct")


def desk_debrief(table: pd.DataFrame) -> Figure:
    """Each played plan: realised ΔNPV against the student's forecast (a point per student,
    the diagonal = forecast met); plans without a forecast are shown at forecast 0 as
    hollow points. From :func:`casekit.desk.debrief`.

    Parameters
    ----------
    table : DataFrame
        The table of :func:`casekit.desk.debrief`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(table, pd.DataFrame) or "realised_delta_npv" not in table.columns:
        raise TypeError("table: expected the DataFrame of casekit.desk.debrief")
    rows = table[table["status"] == "played"]
    fig, ax = new_figure(figsize=(5.5, 4.5))
    has = rows["forecast_delta_npv"].notna()
    ax.scatter(rows.loc[has, "forecast_delta_npv"], rows.loc[has, "realised_delta_npv"],
               color=PALETTE[0])
    ax.scatter(np.zeros(int((~has).sum())), rows.loc[~has, "realised_delta_npv"],
               facecolors="none", edgecolors=PALETTE[0])
    for r in rows.itertuples(index=False):
        x = r.forecast_delta_npv if np.isfinite(r.forecast_delta_npv) else 0.0
        ax.annotate(r.student_id, (x, r.realised_delta_npv), fontsize=7,
                    xytext=(3, 3), textcoords="offset points")
    values = pd.concat([rows["forecast_delta_npv"].fillna(0.0), rows["realised_delta_npv"]])
    if len(values):
        lo, hi = float(values.min()), float(values.max())
        pad = 0.05 * (hi - lo or 1.0)
        ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], color="#777777", linestyle="--",
                linewidth=0.8)
    ax.axhline(0.0, color="black", linewidth=0.6)
    rmb_axis(ax)
    rmb_axis(ax, axis="x")
    return finish(fig, ax, title="desk_debrief_title", xlabel="desk_forecast",
                  ylabel="desk_realised")
