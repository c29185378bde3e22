"""Dashboards of the what-if chapter (07): the retention lab and the migration explorer.

Thin views over :mod:`casekit.scenarios`:

* :func:`retention_lab` — choose a world, the customers to target, the retention uplift, the
  cost per customer, the horizon and the discount rate; see ΔNPV, ROI and payback at once
  (closed form) and a fan chart of the extra customers kept; a button adds Monte Carlo bands.
  The baseline of each (world, horizon, discount) is computed once and cached, so moving the
  uplift or cost only re-values the targeted customers.
* :func:`migration_explorer` — edit the tier transition probabilities (or move normal
  customers up with one slider) and see the projected tier counts and the customer equity.
"""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import labels
from .. import scenarios as scn
from ..base import CustomerBase
from ..generate.classpack import WORLD_GENERATORS
from ..plots import scenarios as splots
from ..plots import finish, new_figure
from ._checks import number_in, whole_in
from ._live import LiveFigure, stable_range

__all__ = ["retention_lab", "migration_explorer"]

labels.register({
    "scn_lab_uplift": ("retention uplift", "保留率提升"),
    "scn_lab_kind": ("uplift means", "提升方式"),
    "scn_lab_kind_churn": ("share of churn prevented", "减少流失的比例"),
    "scn_lab_kind_points": ("annual retention + points", "年保留率 + 百分点"),
    "scn_lab_kind_relative": ("annual retention × (1 + uplift)", "年保留率 × (1 + 提升)"),
    "scn_lab_target": ("target", "目标客户"),
    "scn_lab_cost": ("cost per customer (RMB / year)", "每客户成本（元/年）"),
    "scn_lab_horizon": ("horizon (years)", "时间跨度（年）"),
    "scn_lab_discount": ("discount rate (per year)", "贴现率（年）"),
    "scn_lab_world": ("world", "数据集"),
    "scn_lab_world_telecom": ("telecom", "电信"),
    "scn_lab_world_tobacco": ("tobacco", "卷烟零售"),
    "scn_lab_runs": ("Monte Carlo runs", "蒙特卡洛次数"),
    "scn_lab_simulate": ("Run Monte Carlo", "运行蒙特卡洛模拟"),
    "scn_lab_targeted": ("customers targeted", "目标客户数"),
    "scn_lab_cost_pv": ("programme cost (PV)", "方案成本（现值）"),
    "scn_lab_payback": ("payback", "回收期"),
    "scn_lab_never": ("not within the horizon", "期内未收回"),
    "scn_lab_band": ("Monte Carlo P5–P95 of ΔNPV", "ΔNPV 的蒙特卡洛 P5–P95"),
    "scn_lab_tier": ("tier", "层级"),
    "scn_lab_segment": ("segment", "客户类型"),
    "scn_mig_shift": ("move normal → key (probability points)", "普通 → 重点（概率）"),
    "scn_mig_steps": ("steps ahead", "预测步数"),
    "scn_mig_total_equity": ("customer equity of today's customers", "现有客户的客户资产"),
    "scn_mig_equity_per": ("equity per customer", "每位客户的资产"),
    "scn_mig_reset": ("Reset to estimate", "恢复估计值"),
    "scn_mig_row_error": ("a row sums to more than 1", "某行概率之和大于 1"),
    "scn_mig_help": ("Rows: tier now; columns: tier one window later (lost = 1 − the rest).",
                     "行：当前层级；列：一个时间窗后的层级（流失 = 1 − 其余之和）。"),
})

_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="440px")
_KINDS = ("churn", "points", "relative")
#: The controls' ranges: retention lab (uplift, cost RMB/year, horizon years, discount, runs)
#: and migration explorer (steps ahead, discount).
_UPLIFT_RANGE = (0.0, 0.5)
_COST_RANGE = (0.0, 1e7)
_HORIZON_RANGE = (1, 10)
_DISCOUNT_RANGE = (0.0, 0.30)
_RUNS_RANGE = (50, 2000)
_STEPS_RANGE = (1, 60)
_MIG_DISCOUNT_RANGE = (0.01, 0.30)


def _world_caption(name: str) -> str:
    """The caption of a world's button: the two worlds' names in the current language, any
    other name (a key of the ``bases`` dict) as given."""
    return labels.label(f"scn_lab_world_{name}") if name in WORLD_GENERATORS else name


def _error_html(exc: Exception) -> str:
    return ("<span class='casekit-result'>—</span> <span style='color:#D55E00'>"
            f"{html.escape(str(exc))}</span>")


def _make_world(world: str, size: int, seed: int) -> CustomerBase:
    """A world from the registry of generators, at its own default number of periods."""
    from ..generate import generate_world

    return generate_world(world, size, seed=seed)


class _LabWorld:
    """A world with its cached response, target masks and planners."""

    def __init__(self, base: CustomerBase):
        self.base = base
        self.resp = scn.true_response(base)
        self.spend_cv = scn.estimate_spend_cv(base)
        self.ppy = self.resp.attrs["periods_per_year"]
        self.masks: dict[str, np.ndarray] = {}
        self.planners: dict[tuple, Any] = {}
        tiers = base.truth.set_index("customer_id")["true_tier"].reindex(
            base.customers["customer_id"].to_numpy()).astype(str).to_numpy()
        self.targets: list[tuple[str, str]] = [(labels.label("scn_all_customers"), "all")]
        self.masks["all"] = np.ones(len(base.customers), dtype=bool)
        for t in scn.PYRAMID_TIERS:
            key = f"tier:{t}"
            self.masks[key] = tiers == t
            self.targets.append((f"{labels.label('scn_lab_tier')}: {labels.label(t)}", key))
        if "segment" in base.customers.columns:
            seg = base.customers["segment"].astype(str).to_numpy()
            for s in pd.unique(seg):
                key = f"segment:{s}"
                self.masks[key] = seg == s
                self.targets.append((f"{labels.label('scn_lab_segment')}: {labels.label(s)}",
                                     key))

    def planner(self, horizon: int, discount: float):
        key = (horizon, round(discount, 6))
        if key not in self.planners:
            if len(self.planners) > 6:
                self.planners.pop(next(iter(self.planners)))
            self.planners[key] = scn.RetentionPlanner(
                self.base, horizon=horizon, discount=discount, spend_cv=self.spend_cv,
                resp=self.resp)
        return self.planners[key]


def retention_lab(bases: CustomerBase | Mapping[str, CustomerBase] | None = None,
                  world: str | None = None, target: str = "tier:key", uplift: float = 0.20,
                  kind: str = "churn", cost: float = 200.0, horizon_years: int = 5,
                  discount: float | None = None, runs: int = 200, size: int = 2000,
                  seed: int = 0) -> widgets.VBox:
    """The retention lab: a programme's ΔNPV, ROI and payback, live, with a fan chart.

    ``bases`` is a CustomerBase, a dict ``{name: base}``, or None (then a telecom and a
    tobacco world of ``size`` customers are generated on first use, seeded ``seed``).
    Controls (attributes of the returned box): ``uplift`` (the first control, a slider; its
    meaning is set by ``kind``: share of churn prevented, points or relative change of
    *annual* retention — see :class:`casekit.Scenario`; ``box.slider`` is the same),
    ``kind``, ``target`` (all, a tier by true CLV, or a segment), ``cost`` (RMB per targeted
    customer per year), ``horizon`` (years), ``discount`` (annual), ``world``, ``runs`` and
    the ``simulate`` button (Monte Carlo). Outputs: ``number`` (HTML: ΔNPV in
    ``<span class="casekit-result">``, ROI, payback, customers targeted, cost PV; Monte Carlo
    band after a simulation), ``plot`` (an Image), ``figure`` (the Figure it shows), ``result``
    (the last :class:`casekit.WhatIfResult`). ``update()`` recomputes in closed form;
    ``simulate()`` runs the Monte Carlo.

    Parameters
    ----------
    bases, world : optional
        The worlds to choose from (see above); the name of the one shown first.
    target : str
        Starting target group, e.g. ``"tier:key"``.
    uplift : float
        Starting uplift, read as ``kind`` says.
    kind : {"churn", "points", "relative"}
        Starting kind of uplift (see :class:`casekit.Scenario`).
    cost : float
        Starting cost per targeted customer per year (RMB).
    horizon_years : int
        Starting horizon in years.
    discount : float, optional
        Starting annual discount rate (default the world's).
    runs, size, seed : int
        Starting Monte Carlo runs; customers per generated world; seed of both.

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    if isinstance(bases, CustomerBase):
        bases = {bases.params.world: bases}
    if bases is not None and not isinstance(bases, Mapping):
        raise TypeError(f"bases={bases!r}: expected a CustomerBase, a dict {{name: "
                        "CustomerBase}} or None")
    given = dict(bases) if bases is not None else {}
    for name, b in given.items():
        if not isinstance(b, CustomerBase):
            raise TypeError(f"bases[{name!r}]: expected a CustomerBase, got {type(b).__name__}")
    names = list(given) if given else sorted(WORLD_GENERATORS)
    world = world if world is not None else names[0]
    if world not in names:
        raise ValueError(f"world={world!r} is not one of {names}")
    if kind not in _KINDS:
        raise ValueError(f"kind={kind!r}: choose one of {_KINDS}")
    number_in("uplift", uplift, *_UPLIFT_RANGE)
    number_in("cost", cost, *_COST_RANGE, what="cost box")
    whole_in("horizon_years", horizon_years, *_HORIZON_RANGE)
    if discount is not None:
        number_in("discount", discount, *_DISCOUNT_RANGE)
    whole_in("runs", runs, *_RUNS_RANGE)
    cache: dict[str, _LabWorld] = {}

    def lab_world(name: str) -> _LabWorld:
        if name not in cache:
            base = given[name] if name in given else _make_world(name, size, seed)
            cache[name] = _LabWorld(base)
        return cache[name]

    first = lab_world(world)
    if target not in first.masks:
        raise ValueError(f"target={target!r} is not a target of the {world} world; choose one "
                         f"of {list(first.masks)}")
    if discount is None:
        discount = float(first.base.params.values.get("discount_rate", 0.10))

    uplift_s = widgets.FloatSlider(value=uplift, min=_UPLIFT_RANGE[0], max=_UPLIFT_RANGE[1],
                                   step=0.005,
                                   description=labels.label("scn_lab_uplift"),
                                   readout_format=".1%", continuous_update=False, style=_STYLE,
                                   layout=_WIDE)
    kind_d = widgets.Dropdown(options=[(labels.label(f"scn_lab_kind_{k}"), k) for k in _KINDS],
                              value=kind, description=labels.label("scn_lab_kind"),
                              style=_STYLE, layout=_WIDE)
    target_d = widgets.Dropdown(options=first.targets,
                                value=target,
                                description=labels.label("scn_lab_target"), style=_STYLE,
                                layout=_WIDE)
    cost_t = widgets.BoundedFloatText(value=cost, min=_COST_RANGE[0], max=_COST_RANGE[1],
                                      step=10.0,
                                      description=labels.label("scn_lab_cost"), style=_STYLE,
                                      layout=_WIDE)
    horizon_s = widgets.IntSlider(value=horizon_years, min=_HORIZON_RANGE[0],
                                  max=_HORIZON_RANGE[1], step=1,
                                  description=labels.label("scn_lab_horizon"),
                                  continuous_update=False, style=_STYLE, layout=_WIDE)
    discount_s = widgets.FloatSlider(value=discount, min=_DISCOUNT_RANGE[0],
                                     max=_DISCOUNT_RANGE[1], step=0.01,
                                     description=labels.label("scn_lab_discount"),
                                     readout_format=".0%", continuous_update=False,
                                     style=_STYLE, layout=_WIDE)
    world_t = widgets.ToggleButtons(options=[(_world_caption(n), n) for n in names],
                                    value=world,
                                    description=labels.label("scn_lab_world"), style=_STYLE)
    runs_s = widgets.IntSlider(value=runs, min=_RUNS_RANGE[0], max=_RUNS_RANGE[1], step=50,
                               description=labels.label("scn_lab_runs"),
                               continuous_update=False, style=_STYLE, layout=_WIDE)
    button = widgets.Button(description=labels.label("scn_lab_simulate"), icon="random")
    number = widgets.HTML()
    live = LiveFigure()
    plot = live.image
    box = widgets.VBox([uplift_s, kind_d, target_d, cost_t,
                        widgets.HBox([horizon_s, discount_s]), world_t,
                        widgets.HBox([runs_s, button]), number, plot])
    box.result = None
    box.figure = None
    drawn: dict[str, Any] = {"layout": None}

    def scenario(lw: _LabWorld) -> scn.Scenario:
        return scn.Scenario("programme", target=lw.masks[target_d.value],
                            retention_uplift=uplift_s.value, uplift_kind=kind_d.value,
                            cost_per_customer=cost_t.value)

    def show(result: scn.WhatIfResult, lw: _LabWorld) -> None:
        s = result.summary().loc["programme"]
        unit = labels.label(lw.base.params.period_unit)
        pb = s["payback_periods"]
        payback = (f"{pb:.0f} {unit}" if np.isfinite(pb) else labels.label("scn_lab_never"))
        roi = f"{s['roi']:.1%}" if np.isfinite(s["roi"]) else "—"
        colour = "#009E73" if s["delta_npv"] >= 0 else "#D55E00"
        text = (f"<b>ΔNPV</b> <span class='casekit-result' style='color:{colour}'>"
                f"{labels.money(s['delta_npv'])}</span> · <b>{labels.label('scn_roi')}</b> {roi} · "
                f"{labels.label('scn_lab_payback')} {payback} · "
                f"{labels.label('scn_lab_targeted')} {int(s['customers_targeted']):,} · "
                f"{labels.label('scn_lab_cost_pv')} {labels.money(s['cost_pv'])}")
        if result.runs:
            text += (f"<br>{labels.label('scn_lab_band')}: {labels.money(s['delta_npv_p5'])} … "
                     f"{labels.money(s['delta_npv_p95'])} ({result.runs} runs)")
        number.value = text                  # sent to the browser before the figure is drawn
        draw(result)

    def draw(result: scn.WhatIfResult) -> None:
        """Axes, labels and legend are drawn once per world, horizon and band/no band; a
        slider move redraws the fan itself. The y axis keeps its range while the fan fits and
        fills at least 30 % of it, so students see the fan grow and shrink."""
        over = result.over_time("programme")
        over = over[over["scenario"] == "programme"]
        high = max(float(over["delta_retained_p95" if result.runs else "delta_retained"].max()),
                   1.0)                                   # at least one customer tall
        low = min(float(over["delta_retained_p5" if result.runs else "delta_retained"].min()),
                  -0.03 * high)                           # the zero line stays in view
        layout = (world_t.value, result.horizon, result.period_unit, bool(result.runs),
                  labels.get_language())
        if drawn["layout"] != layout:
            fig, ax = new_figure(figsize=(7.0, 3.8))
            marks = splots.fan_delta_marks(ax, result, "programme")
            legend = splots.fan_delta_axes(fig, ax, result)
            ax.set_ylim(*stable_range(low, high))
            drawn.update(layout=layout, ax=ax, legend=legend)
            box.figure = fig
            live.show(fig, animated=marks + [legend])      # the legend stays above the fan
            return
        ax = drawn["ax"]
        live.move(splots.fan_delta_marks(ax, result, "programme"), keep=[drawn["legend"]],
                  ax=ax, ylim=stable_range(low, high, ax.get_ylim()))

    def compute(runs_: int = 0) -> None:
        try:
            lw = lab_world(world_t.value)
            planner = lw.planner(int(horizon_s.value) * lw.ppy, float(discount_s.value))
            result = planner.run([scenario(lw)], runs=runs_, seed=seed)
        except (ValueError, TypeError) as exc:
            number.value = _error_html(exc)
            return
        box.result = result
        show(result, lw)

    def update(_change=None) -> None:
        compute(0)

    def simulate(_button=None) -> None:
        compute(int(runs_s.value))

    def world_changed(_change=None) -> None:
        lw = lab_world(world_t.value)
        keep = target_d.value if target_d.value in lw.masks else "all"
        with target_d.hold_trait_notifications():
            target_d.options = lw.targets
            target_d.value = keep
        update()

    for control in (uplift_s, kind_d, target_d, cost_t, horizon_s, discount_s):
        control.observe(update, names="value")
    world_t.observe(world_changed, names="value")
    button.on_click(simulate)
    box.uplift = box.slider = uplift_s
    box.kind, box.target, box.cost, box.horizon = kind_d, target_d, cost_t, horizon_s
    box.discount, box.world, box.runs, box.button = discount_s, world_t, runs_s, button
    box.number, box.plot, box.update, box.simulate = number, plot, update, simulate
    box.live = live
    update()
    return box


def migration_explorer(model: scn.Migration | CustomerBase | None = None, steps: int = 20,
                       discount: float | None = None) -> widgets.VBox:
    """Edit a tier transition matrix and see projected tier counts and customer equity.

    ``model`` is a :class:`casekit.Migration` (from :func:`casekit.migration_model`) or a
    CustomerBase (estimated with the defaults); None generates a small telecom world.
    Controls: ``shift`` (the first control, a slider: probability moved from the normal row
    up to key with :func:`casekit.shift_up`; ``box.slider`` is the same), ``cells`` (a dict
    ``{(from, to): FloatText}`` for the key / normal / small columns of the key, normal and
    small rows — lost is 1 − the rest), ``steps`` (windows to project), ``discount``
    (annual), ``reset``. Outputs: ``number`` (HTML: the equity of today's customers,
    Σ counts × V, in ``<span class="casekit-result">``, and V per tier), ``plot``,
    ``figure``, ``P`` (the matrix in use), ``equity`` (V per tier). ``update()`` recomputes.

    Parameters
    ----------
    model : Migration or CustomerBase, optional
        The migration model, or a base to estimate it from (see above).
    steps : int
        Starting number of windows to project.
    discount : float, optional
        Starting annual discount rate (default the world's, else 10 %).

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    whole_in("steps", steps, *_STEPS_RANGE)
    if discount is not None:
        number_in("discount", discount, *_MIG_DISCOUNT_RANGE)
    if model is not None and not isinstance(model, (CustomerBase, scn.Migration)):
        raise TypeError(f"model: expected a casekit Migration or CustomerBase, got "
                        f"{type(model).__name__}")
    if model is None:
        model = _make_world("telecom", 2000, 0)
    if isinstance(model, CustomerBase):
        disc = model.params.values.get("discount_rate", 0.10)
        model = scn.migration_model(model)
    else:
        disc = 0.10
    if not isinstance(model, scn.Migration):
        raise TypeError(f"model: expected a casekit Migration or CustomerBase, got "
                        f"{type(model).__name__}")
    discount = disc if discount is None else discount
    tiers = list(scn.MIGRATION_TIERS)
    P0 = model.P.copy()
    shift_s = widgets.FloatSlider(value=0.0, min=0.0, max=0.2, step=0.005,
                                  description=labels.label("scn_mig_shift"),
                                  readout_format=".3f", continuous_update=False, style=_STYLE,
                                  layout=_WIDE)
    steps_s = widgets.IntSlider(value=steps, min=_STEPS_RANGE[0], max=_STEPS_RANGE[1], step=1,
                                description=labels.label("scn_mig_steps"),
                                continuous_update=False, style=_STYLE, layout=_WIDE)
    discount_s = widgets.FloatSlider(value=discount, min=_MIG_DISCOUNT_RANGE[0],
                                     max=_MIG_DISCOUNT_RANGE[1], step=0.01,
                                     description=labels.label("scn_lab_discount"),
                                     readout_format=".0%", continuous_update=False,
                                     style=_STYLE, layout=_WIDE)
    cells: dict[tuple[str, str], widgets.BoundedFloatText] = {}
    grid_rows = [widgets.HBox([widgets.Label("", layout=widgets.Layout(width="80px"))]
                              + [widgets.Label(labels.label(t),
                                               layout=widgets.Layout(width="90px"))
                                 for t in tiers])]
    lost_labels: dict[str, widgets.Label] = {}
    for f in tiers[:3]:
        row = [widgets.Label(labels.label(f), layout=widgets.Layout(width="80px"))]
        for t in tiers[:3]:
            w = widgets.BoundedFloatText(value=round(float(P0.loc[f, t]), 4), min=0.0, max=1.0,
                                         step=0.01, layout=widgets.Layout(width="90px"))
            cells[(f, t)] = w
            row.append(w)
        lost_labels[f] = widgets.Label("", layout=widgets.Layout(width="90px"))
        row.append(lost_labels[f])
        grid_rows.append(widgets.HBox(row))
    reset = widgets.Button(description=labels.label("scn_mig_reset"))
    number = widgets.HTML()
    live = LiveFigure()
    plot = live.image
    box = widgets.VBox([shift_s, widgets.HTML(f"<i>{labels.label('scn_mig_help')}</i>"),
                        *grid_rows, widgets.HBox([steps_s, discount_s]), reset, number, plot])
    box.figure = None
    drawn: dict[str, Any] = {"layout": None}

    def matrix() -> pd.DataFrame:
        P = P0.copy()
        for f in tiers[:3]:
            vals = [float(cells[(f, t)].value) for t in tiers[:3]]
            if sum(vals) > 1 + 1e-9:
                raise ValueError(f"{labels.label('scn_mig_row_error')}: {labels.label(f)} "
                                 f"({sum(vals):.3f})")
            P.loc[f, tiers[:3]] = vals
            P.loc[f, "lost"] = 1.0 - sum(vals)
        if shift_s.value > 0:
            P = scn.shift_up(P, "normal", float(shift_s.value))
        return P

    def update(_change=None) -> None:
        try:
            P = matrix()
            scenario = model.with_matrix(P)
            V = scenario.equity(float(discount_s.value))
            total = scenario.total_equity(float(discount_s.value))
            proj = scn.project_tiers(P, model.counts, int(steps_s.value))
        except (ValueError, TypeError) as exc:
            number.value = _error_html(exc)
            return
        for f in tiers[:3]:
            lost_labels[f].value = f"{P.loc[f, 'lost']:.4f}"
        box.P, box.equity, box.projection = P, V, proj
        per = " · ".join(f"{labels.label(t)} {labels.money(V[t])}" for t in tiers[:3])
        number.value = (f"<b>{labels.label('scn_mig_total_equity')}</b> "
                        f"<span class='casekit-result'>{labels.money(total)}</span><br>"
                        f"{labels.label('scn_mig_equity_per')}: {per}")
        draw(proj)

    def draw(proj: pd.DataFrame) -> None:
        """Axes and legend are drawn once per number of steps; a move redraws the stacked
        areas (and the legend above them); the y axis keeps its range while they fit."""
        need = float(proj.sum(axis=1).max()) or 1.0
        layout = (tuple(proj.index), tuple(proj.columns), labels.get_language())
        if drawn["layout"] != layout:
            fig, ax = new_figure(figsize=(7.0, 3.8))
            marks = splots.tier_projection_marks(ax, proj)
            ax.set_xlim(proj.index.min(), proj.index.max())
            ax.set_ylim(*stable_range(0.0, need))
            finish(fig, ax, title="scn_tier_projection", xlabel="scn_step",
                   ylabel="scn_customers", legend=True)
            legend = ax.get_legend()
            drawn.update(layout=layout, ax=ax, legend=legend)
            box.figure = fig
            live.show(fig, animated=marks + [legend])
            return
        ax = drawn["ax"]
        live.move(splots.tier_projection_marks(ax, proj), keep=[drawn["legend"]], ax=ax,
                  ylim=stable_range(0.0, need, ax.get_ylim()))

    def do_reset(_button=None) -> None:
        for (f, t), w in cells.items():
            with w.hold_trait_notifications():
                w.value = round(float(P0.loc[f, t]), 4)
        shift_s.value = 0.0
        update()

    for control in (shift_s, steps_s, discount_s, *cells.values()):
        control.observe(update, names="value")
    reset.on_click(do_reset)
    box.shift = box.slider = shift_s
    box.cells, box.steps, box.discount, box.reset = cells, steps_s, discount_s, reset
    box.number, box.plot, box.update, box.model = number, plot, update, model
    box.live = live
    update()
    return box
