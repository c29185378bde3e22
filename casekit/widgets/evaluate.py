"""Dashboards for multi-criteria evaluation: an AHP builder and a tobacco grading dashboard.

Both are thin views: read the controls → call :func:`casekit.ahp` or :func:`casekit.grade` →
show the numbers and a figure from :mod:`casekit.plots`. The returned box exposes its
controls, ``.number`` (HTML with the main result in ``<span class="casekit-result">``),
``.plot`` and ``.update()`` so tests can set values in Python and read the result.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import labels
from ..evaluate import (TOBACCO_CRITERIA, TOBACCO_WEIGHTS, TOP_GRADE, AHPResult, TobaccoGrader,
                        SERVICE_BANDS, SUPPLY_FROM, ahp, grade_service, grade_summary, pairwise_matrix,
                        service_capacity)
from ..plots import evaluate as evplots
from ..plots import new_figure
from ._live import LiveFigure, stable_range

__all__ = ["ahp_builder", "grading_dashboard", "saaty_value", "saaty_position"]

labels.register({
    "ahp_builder_help": ("Move each slider toward the criterion that matters more "
                         "(Saaty's scale: 1 equal … 9 extremely more important).",
                         "将滑块移向更重要的指标（Saaty 标度：1 同等重要 … 9 极端重要）。"),
    "equally_important": ("equally important", "同等重要"),
    "times_as_important": ("× as important as", "倍重要于"),
    "ahp_inconsistent_warning": ("CR ≥ 0.10: these judgements contradict each other. Revise "
                                 "the comparisons that disagree most.",
                                 "CR ≥ 0.10：判断之间相互矛盾，请修改最不一致的比较。"),
    "ahp_consistent_note": ("CR < 0.10: consistent enough to use.",
                            "CR < 0.10：一致性可以接受。"),
    "grade_separately": ("grade urban and rural separately (区别城乡)", "城乡分别评档"),
    "changed_grade": ("of retailers change grade compared with the starting weights",
                      "的零售客户档位相对初始权重发生变化"),
    "mean_grade": ("mean grade", "平均档位"),
    "top_grades": ("in grades {top}–30", "位于 {top}–30 档"),       # top = TOP_GRADE
    "weights_used": ("weights used (scaled to sum to 1)", "实际权重（归一化）"),
    "premium_from": ("premium service from grade", "高级服务起始档位"),
    "service_line": ("service (差异服务): {premium} premium, {standard} standard of {wanted} "
                     "asking; {hours:.0f} of {capacity:.0f} manager hours a week; scarce "
                     "cartons to grades {supply}–30",
                     "差异服务：高级 {premium} 户、标准 {standard} 户（申请 {wanted} 户）；"
                     "客户经理每周 {hours:.0f}/{capacity:.0f} 小时；紧俏货源投放 {supply}–30 档"),
})

_TOBACCO_DIMS = tuple(TOBACCO_CRITERIA)
#: Starting judgements of the AHP builder for the four tobacco dimensions (upper triangle):
#: contribution 3× law-abiding, 3× integrity, 5× influence; law-abiding = integrity,
#: law-abiding 2× influence, integrity 2× influence. A teaching default (CR ≈ 0.002).
_TOBACCO_JUDGEMENTS = (3, 3, 5, 1, 2, 2)


def saaty_value(position: int) -> float:
    """Judgement a_ij for a slider position on Saaty's scale: 0 → 1, +k → k+1, −k → 1/(k+1).

    Parameters
    ----------
    position : int
        The slider position, −8..8.

    Returns
    -------
    float
        The judgement, 1/9..9.

    >>> [saaty_value(p) for p in (-8, -2, 0, 2, 8)]
    [0.1111111111111111, 0.3333333333333333, 1.0, 3.0, 9.0]
    """
    if isinstance(position, bool) or not isinstance(position, (int, np.integer)):
        raise TypeError(f"saaty_value(position={position!r}): expected a whole number -8..8")
    position = int(position)
    if not -8 <= position <= 8:
        raise ValueError(f"saaty_value(position={position}): allowed -8..8 (1/9 .. 9)")
    return float(position + 1) if position >= 0 else 1.0 / (1 - position)


def saaty_position(value: float) -> int:
    """The slider position for a judgement (inverse of :func:`saaty_value`, rounded).

    Parameters
    ----------
    value : float
        A positive judgement (values beyond 1/9..9 go to the end positions).

    Returns
    -------
    int
        The position, −8..8.
    """
    if not (isinstance(value, (int, float, np.integer, np.floating)) and math.isfinite(value)
            and value > 0):
        raise ValueError(f"saaty_position(value={value!r}): expected a positive number")
    if value >= 1:
        return int(min(8, round(value) - 1))
    return int(-min(8, round(1.0 / value) - 1))


#: Resolution of the dashboards' figures (dots per inch): compact next to the sliders.
_DPI = 72


def _verbal(a: str, b: str, position: int) -> str:
    la, lb = labels.label(a), labels.label(b)
    if position == 0:
        return f"{la} = {lb} ({labels.label('equally_important')})"
    if position > 0:
        return f"{la} {position + 1}{labels.label('times_as_important')} {lb}"
    return f"{lb} {1 - position}{labels.label('times_as_important')} {la}"


def ahp_builder(criteria: Sequence[str] = _TOBACCO_DIMS, judgements=None,
                *, show_plot: bool = True) -> widgets.VBox:
    """Pairwise sliders on Saaty's 1/9 … 9 scale → live AHP weights, CR and a warning.

    One slider per pair of criteria (upper triangle, in reading order); moving a slider to
    the right makes the left-hand criterion more important. ``judgements``: starting values
    as for :func:`casekit.pairwise_matrix` (default for the four tobacco dimensions:
    3, 3, 5, 1, 2, 2; otherwise all equal).

    The box has ``.sliders`` (``.slider`` the first), ``.number`` (weights and CR in
    ``<span class="casekit-result">``), ``.warning``, ``.plot`` (an Image), ``.result``
    (the current :class:`casekit.AHPResult`, handy after you have played) and ``.update()``.

    Parameters
    ----------
    criteria : sequence of str
        The criteria (at least two; default the four tobacco dimensions).
    judgements : optional
        Starting judgements, as for :func:`casekit.pairwise_matrix`, each on Saaty's scale.
    show_plot : bool
        Draw the weights figure.

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    names = list(criteria)
    if len(names) < 2:
        raise ValueError(f"ahp_builder(criteria={names}): need at least two criteria")
    pairs = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))]
    if judgements is None:
        judgements = _TOBACCO_JUDGEMENTS if tuple(names) == _TOBACCO_DIMS else [1] * len(pairs)
    start = pairwise_matrix(names, judgements)        # validates the starting judgements
    for i, j in pairs:
        value = float(start.iloc[i, j])
        if not 1 / 9 - 1e-12 <= value <= 9 + 1e-12 or \
                abs(saaty_value(saaty_position(value)) - value) > 1e-9 * max(1.0, value):
            raise ValueError(f"ahp_builder(judgements=...): {names[i]!r} vs {names[j]!r} = "
                             f"{value:g} is not on Saaty's scale (1/9, …, 1/2, 1, 2, …, 9), "
                             "which the sliders show")
    sliders, captions, rows = [], [], []
    for i, j in pairs:
        pos = saaty_position(float(start.iloc[i, j]))
        s = widgets.IntSlider(value=pos, min=-8, max=8, step=1, readout=False,
                              continuous_update=False,
                              description=f"{labels.label(names[j])} ◀ ▶ "
                                          f"{labels.label(names[i])}",
                              style={"description_width": "260px"},
                              layout=widgets.Layout(width="520px"))
        cap = widgets.HTML()
        sliders.append(s)
        captions.append(cap)
        rows.append(widgets.HBox([s, cap]))
    number = widgets.HTML()
    warning = widgets.HTML()
    live = LiveFigure()
    plot = live.image
    drawn: dict[str, Any] = {"language": None}
    help_text = widgets.HTML(f"<i>{labels.label('ahp_builder_help')}</i>")
    box = widgets.VBox([help_text, *rows, number, warning] + ([plot] if show_plot else []))

    def update(_change=None) -> None:
        values = [saaty_value(s.value) for s in sliders]
        for (i, j), s, cap in zip(pairs, sliders, captions):
            cap.value = _verbal(names[i], names[j], s.value)
        result = ahp(pairwise_matrix(names, values))
        box.result = result
        parts = " · ".join(f"{labels.label(str(k))} {v:.3f}" for k, v in result.weights.items())
        number.value = (f"<b>{labels.label('weight')}</b>: <span class='casekit-result'>{parts}"
                        f" · CR {result.cr:.3f}</span>")
        if result.consistent:
            warning.value = (f"<span style='color:#009E73'>"
                             f"{labels.label('ahp_consistent_note')}</span>")
        else:
            warning.value = (f"<b style='color:#D55E00'>"
                             f"{labels.label('ahp_inconsistent_warning')}</b>")
        if show_plot:
            draw(result)

    def draw(result: AHPResult) -> None:
        """Rows stay in the criteria's order (first on top), so a move only redraws the bars,
        their values and the CR verdict; the x axis changes only when the bars outgrow it."""
        order = names[::-1]
        need = float(result.weights.max()) * 1.25
        if drawn["language"] != labels.get_language():
            fig, ax = new_figure(figsize=(6.0, 0.45 * len(names) + 1.6))
            fig.set_dpi(_DPI)
            evplots.ahp_axes(fig, ax, order)
            ax.set_xlim(*stable_range(0.0, need))
            drawn.update(language=labels.get_language(), ax=ax)
            live.show(fig, animated=evplots.ahp_marks(ax, result, order))
            return
        ax = drawn["ax"]
        live.move(evplots.ahp_marks(ax, result, order), ax=ax,
                  xlim=stable_range(0.0, need, ax.get_xlim()))

    for s in sliders:
        s.observe(update, names="value")
    update()
    box.sliders, box.slider, box.captions = sliders, sliders[0], captions
    box.number, box.warning, box.plot, box.update = number, warning, plot, update
    box.live = live
    return box


def grading_dashboard(base=None, weights=None, *, retailers: int = 3000, seed: int = 0,
                      show_plot: bool = True) -> widgets.VBox:
    """Criterion weights → 30-grade grading of tobacco retailers, urban vs rural.

    Four weight sliders (contribution first; scaled to sum to 1) and a switch: grade urban
    and rural retailers separately (区别城乡: criteria normalised and grades assigned within
    format class × region) or together (within format class only). Shows the share of
    retailers whose grade differs from the grading at the starting ``weights`` (default
    :data:`casekit.TOBACCO_WEIGHTS`), mean grades and top-grade shares per region, and the
    grade distribution per region, and what the grades receive (:func:`casekit.grade_service`
    within :func:`casekit.service_capacity`: packages given against those asked for, and the
    managers' hours used).

    ``base``: a tobacco :class:`casekit.CustomerBase` (default ``ck.tobacco(retailers,
    seed=seed)``). The criteria are computed once; a slider move only re-weights and
    re-grades. The box has ``.sliders`` (``.slider`` the first), ``.separate``, ``.number``,
    ``.plot``, ``.premium_from`` (a slider: the lowest grade that asks for premium service;
    standard from grade 16), ``.grades`` (the current grading), ``.service`` (its service plan; ties within
    a grade go by customer_id) and ``.update()``.

    Parameters
    ----------
    base : CustomerBase, optional
        A tobacco world (default: one generated with ``retailers`` and ``seed``).
    weights : mapping, Series or AHPResult, optional
        Starting weight per criterion (default :data:`casekit.TOBACCO_WEIGHTS`).
    retailers : int
        Retailers of the generated default world.
    seed : int
        Seed of the generated default world.
    show_plot : bool
        Draw the grade-distribution figure.

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    if base is None:
        from ..generate.classpack import generate_world

        base = generate_world("tobacco", retailers, seed=seed)     # its default 52 weeks
    graders = {True: TobaccoGrader(base, by=("format_class", "region")),
               False: TobaccoGrader(base, by=("format_class",))}
    dims = graders[True].dimensions
    start = dict(TOBACCO_WEIGHTS)
    if weights is not None:
        if not isinstance(weights, (AHPResult, Mapping, pd.Series)):
            raise TypeError(f"grading_dashboard(weights={weights!r}): expected "
                            "{criterion: weight}, a Series or an AHPResult")
        w = weights.weights if isinstance(weights, AHPResult) else pd.Series(dict(weights))
        unknown = [k for k in w.index if k not in dims]
        if unknown:
            raise ValueError(f"grading_dashboard(weights=...): {unknown} are not criteria; "
                             f"the criteria are {list(dims)}")
        start = {k: w.get(k, 0.0) for k in dims}
        for k, v in start.items():
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) \
                    or not 0.0 <= float(v) <= 1.0:
                raise ValueError(f"grading_dashboard(weights=...): weights[{k!r}]={v!r}; "
                                 "allowed: numbers in [0, 1] (the sliders)")
        if sum(float(v) for v in start.values()) <= 0:
            raise ValueError("grading_dashboard(weights=...): the weights sum to 0; give at "
                             "least one positive weight")
        start = {k: float(v) for k, v in start.items()}
    region = base.customers["region"].astype(str).to_numpy()
    region_s = pd.Series(pd.Categorical(region), index=pd.RangeIndex(len(region)))

    sliders = [widgets.FloatSlider(value=round(start[k], 2), min=0.0, max=1.0, step=0.05,
                                   description=labels.label(k), readout_format=".2f",
                                   continuous_update=False,
                                   style={"description_width": "initial"},
                                   layout=widgets.Layout(width="360px"))
               for k in dims]
    separate = widgets.Checkbox(value=True, description=labels.label("grade_separately"),
                                indent=False)
    used = widgets.HTML()
    number = widgets.HTML()
    service_text = widgets.HTML()
    premium_from = widgets.IntSlider(value=SERVICE_BANDS["premium"],
                                     min=SERVICE_BANDS["standard"] + 1, max=30,
                                     description=labels.label("premium_from"),
                                     continuous_update=False,
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="360px"))
    capacity, cartons = service_capacity(base)
    ids = base.customers["customer_id"].to_numpy()
    live = LiveFigure()
    plot = live.image
    box = widgets.VBox([*sliders, separate, used, number, premium_from, service_text]
                       + ([plot] if show_plot else []))

    reference = {sep: graders[sep].grades(start).to_numpy() for sep in (True, False)}

    state: dict[str, Any] = {}

    def update(_change=None) -> None:
        sep = bool(separate.value)
        raw = [s.value for s in sliders]
        w = graders[sep].weights(raw)
        g = graders[sep].grades(raw)
        box.grades = g
        changed = float(np.mean(g.to_numpy() != reference[sep]))
        used.value = (f"{labels.label('weights_used')}: " + ", ".join(
            f"{labels.label(k)} {v:.2f}" for k, v in w.items()))
        summary = grade_summary(g, region)
        parts = [f"{labels.label(r)}: {labels.label('mean_grade')} "
                 f"{summary.loc[r, 'mean_grade']:.1f}, {summary.loc[r, 'top_share']:.0%} "
                 f"{labels.label('top_grades').format(top=TOP_GRADE)}"
                 for r in ("urban", "rural") if r in summary.index]
        number.value = (f"<span class='casekit-result'>{changed:.1%}</span> "
                        f"{labels.label('changed_grade')}<br>" + " · ".join(parts))
        plan = grade_service(pd.DataFrame({"customer_id": ids, "grade": g.to_numpy()}),
                             capacity, cartons, bands={"premium": int(premium_from.value),
                                                       "standard": SERVICE_BANDS["standard"]})
        box.service = plan
        wanted = int((plan["wanted"] != "basic").sum())
        service_text.value = labels.label("service_line").format(
            premium=int((plan["package"] == "premium").sum()),
            standard=int((plan["package"] == "standard").sum()), wanted=wanted,
            hours=plan["hours"].sum(), capacity=capacity, supply=SUPPLY_FROM)
        if show_plot:
            # The picture shows each region's share per grade: redraw only when a share moves
            # by 0.1 percentage point or more (a change no one could see is not redrawn).
            # Graded within regions, equal-frequency grades keep the shares fixed, so moving
            # a weight slider then costs no redraw.
            counts = evplots.grade_counts(g, region_s)
            shares = np.round(counts.to_numpy() / counts.to_numpy().sum(axis=0), 3)
            key = (shares.tobytes(), tuple(counts.columns), labels.get_language())
            if key != state.get("key"):
                draw(counts / counts.sum(axis=0))
                state["key"] = key

    def draw(table: pd.DataFrame) -> None:
        """Grade axis, labels and legend are drawn once; a move redraws the outlines (and the
        legend above them); the y axis changes only when the outlines outgrow it."""
        need = float(table.to_numpy().max()) * 1.05
        layout = (tuple(table.index), tuple(table.columns), labels.get_language())
        if state.get("layout") != layout:
            fig, ax = new_figure(figsize=(6.4, 3.0))
            fig.set_dpi(_DPI)
            marks = evplots.grade_distribution_marks(ax, table)
            legend = evplots.grade_distribution_axes(fig, ax, list(table.index))
            ax.set_ylim(*stable_range(0.0, need))
            state.update(layout=layout, ax=ax, legend=legend)
            live.show(fig, animated=marks + [legend])
            return
        ax = state["ax"]
        live.move(evplots.grade_distribution_marks(ax, table), keep=[state["legend"]], ax=ax,
                  ylim=stable_range(0.0, need, ax.get_ylim()))

    for s in sliders:
        s.observe(update, names="value")
    separate.observe(update, names="value")
    premium_from.observe(update, names="value")
    update()
    box.sliders, box.slider, box.separate = sliders, sliders[0], separate
    box.number, box.used, box.plot, box.update = number, used, plot, update
    box.service_text, box.premium_from = service_text, premium_from
    box.live = live
    return box
