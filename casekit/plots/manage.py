"""Pictures of notebook 09 (managing key accounts): the stakeholder map, the stage confusion
table, the classification matrix. Thin views over ``casekit.manage``."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import labels
from ..manage import (ROLES, STAGE_NAMES, STAGES, classification_matrix, stage_confusion,
                      stakeholder_map as _stakeholders)
from ._style import PALETTE, finish, new_figure

__all__ = ["stakeholder_map", "stage_confusion_plot", "classification_matrix_plot"]

labels.register({f"stage_{k}": v for k, v in STAGE_NAMES.items()})
labels.register({f"role_{k}": (k.replace("_", " "), v[1]) for k, v in ROLES.items()})
labels.register({
    "manage_stakeholders_title": ("Stakeholder map: influence × attitude", "关键人物图：影响力 × 态度"),
    "manage_influence": ("influence (1–5)", "影响力（1–5）"),
    "manage_attitude": ("attitude (−2 opponent … +2 supporter)", "态度（−2 反对 … +2 支持）"),
    "manage_confusion_title": ("Diagnosed stage against the true stage",
                               "诊断阶段与真实阶段"),
    "manage_true_stage": ("true stage", "真实阶段"),
    "manage_diagnosed_stage": ("diagnosed stage", "诊断阶段"),
    "manage_matrix_title": ("Customer classification matrix", "客户分类矩阵图"),
    "manage_value": ("monthly margin (RMB)", "月均利润（元）"),
    "manage_growth": ("bill trend (a year)", "账单趋势（年）"),
    "manage_cell_star": ("star", "明星客户"), "manage_cell_cash_cow": ("cash cow", "现金牛客户"),
    "manage_cell_question_mark": ("question mark", "问题客户"), "manage_cell_dog": ("dog", "瘦狗客户"),
})


def stakeholder_map(base, customer_id: int) -> Figure:
    """The account's contacts by attitude (x) and influence (y), labelled by role
    (from :func:`casekit.stakeholder_map`).

    Parameters
    ----------
    base : CustomerBase
        A base with contacts (the key-account world).
    customer_id : int
        The account whose contacts are shown.

    Returns
    -------
    matplotlib.figure.Figure
    """
    c = _stakeholders(base, customer_id)
    fig, ax = new_figure(figsize=(6.5, 4.5))
    jitter = np.linspace(-0.15, 0.15, len(c)) if len(c) > 1 else np.zeros(1)
    colours = [PALETTE[2] if a >= 1 else (PALETTE[3] if a <= -1 else PALETTE[1])
               for a in c["attitude"]]
    ax.scatter(c["attitude"] + jitter, c["influence"], s=120, color=colours)
    seen: dict = {}
    for x, a, y, role in zip(c["attitude"] + jitter, c["attitude"], c["influence"], c["role"]):
        k = seen.get((a, y), 0)           # contacts on the same spot: stack their labels
        seen[(a, y)] = k + 1
        ax.annotate(labels.plot_label(f"role_{role}"), (x, y), textcoords="offset points",
                    xytext=(6, 4 + 10 * k), fontsize=8)
    ax.axvline(0.5, color="#999999", linewidth=0.8, linestyle="--")
    ax.axhline(3.5, color="#999999", linewidth=0.8, linestyle="--")
    ax.set_xlim(-2.6, 2.6)
    ax.set_ylim(0.5, 5.5)
    return finish(fig, ax, title="manage_stakeholders_title", xlabel="manage_attitude",
                  ylabel="manage_influence")


def stage_confusion_plot(base, diagnosed=None) -> Figure:
    """The confusion table of :func:`casekit.stage_confusion` as a heat map with counts.

    Parameters
    ----------
    base : CustomerBase
        A base whose truth holds each account's lifecycle stage.
    diagnosed : Series, optional
        A diagnosis per customer_id (default :func:`casekit.diagnose_stage`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = stage_confusion(base, diagnosed)
    fig, ax = new_figure(figsize=(7.0, 5.5))
    ax.imshow(table.to_numpy(), cmap="Blues")
    names = [labels.plot_label(f"stage_{s}") for s in STAGES]
    ax.set_xticks(range(len(STAGES)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(STAGES)), names)
    vmax = table.to_numpy().max()
    for i in range(len(STAGES)):
        for j in range(len(STAGES)):
            v = int(table.iloc[i, j])
            if v:
                ax.text(j, i, str(v), ha="center", va="center",
                        color="white" if v > vmax / 2 else "black", fontsize=9)
    return finish(fig, ax, title="manage_confusion_title", xlabel="manage_diagnosed_stage",
                  ylabel="manage_true_stage")


def classification_matrix_plot(base) -> Figure:
    """The accounts on the BCG-style matrix (:func:`casekit.classification_matrix`), the
    median lines dividing the four cells.

    Parameters
    ----------
    base : CustomerBase
        A base of key accounts (see :func:`casekit.classification_matrix`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    m = classification_matrix(base)
    fig, ax = new_figure(figsize=(7.0, 4.5))
    for k, cell in enumerate(("star", "cash_cow", "question_mark", "dog")):
        rows = m[m["cell"] == cell]
        ax.scatter(rows["growth"], rows["value"], s=14, color=PALETTE[k],
                   label=labels.plot_label(f"manage_cell_{cell}"))
    ax.axvline(m["growth"].median(), color="#999999", linewidth=0.8, linestyle="--")
    ax.axhline(m["value"].median(), color="#999999", linewidth=0.8, linestyle="--")
    return finish(fig, ax, title="manage_matrix_title", xlabel="manage_growth",
                  ylabel="manage_value", legend=True)
