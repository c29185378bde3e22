"""The decision lab (chapter 08): set a plan, see its forecast at once, press Play, see what
happens — beside the same future without the plan.

A thin view. It reads the controls, builds a :class:`casekit.Plan` (a retention programme
:class:`casekit.Scenario`, :class:`casekit.AccountHours`, :class:`casekit.LetGo`). As the
controls move it shows the forecast of the plan's programme, :func:`casekit.what_if` in
closed form over the periods to play (``what_if`` values retention programmes only: hours and
let-go are not in the forecast, as its caption says). Play calls :func:`casekit.play_forward`
and shows :meth:`casekit.Outcome.summary` and :func:`casekit.plots.play_paths`.
"Play on" plays the next round from the last outcome (its plan arm; the no-plan path of the
whole game stays beside it).
"""

from __future__ import annotations

import html
import io

import ipywidgets as widgets

from .. import labels
from ..base import CustomerBase
from ..play import AccountHours, LetGo, Outcome, Plan, play_forward
from ..plots.play import play_paths
from ..scenarios import Scenario, what_if

__all__ = ["decision_lab"]

labels.register({
    "play_lab_target": ("programme for", "挽留方案对象"),
    "play_lab_cut": ("share of churn prevented", "减少的流失比例"),
    "play_lab_cost": ("cost (RMB per customer-year)", "成本（元/客户/年）"),
    "play_lab_hours": ("extra manager hours per period", "每期新增客户经理工时"),
    "play_lab_split": ("hours for", "工时分配"),
    "play_lab_let_go": ("let go (剔除)", "剔除"),
    "play_lab_periods": ("periods to play", "推演期数"),
    "play_lab_seed": ("future (seed)", "未来（随机种子）"),
    "play_lab_play": ("Play", "推演"),
    "play_lab_play_on": ("Play on (next round)", "继续推演（下一轮）"),
    "play_lab_realised": ("realised ΔNPV", "实际净现值增量"),
    "play_lab_forecast": ("forecast ΔNPV (what_if, programme only)",
                          "预测净现值增量（what_if，仅挽留方案）"),
    "play_lab_kept": ("customers kept", "保留客户数"),
    "play_lab_none": ("nobody", "无"),
    "play_lab_vs": ("vs", "对比不执行计划的"),
    "play_lab_world_own": ("the world's own", "客户群自己的未来"),
    "play_lab_split_normal_small": ("normal 75 % / small 25 %", "普通客户 75% / 小客户 25%"),
    "play_lab_split_pyramid": ("pyramid 60/30/10", "客户金字塔 60/30/10"),
    "play_lab_split_equal": ("equal per customer", "每位客户相同"),
})

_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="360px")
_SPLITS = {"normal 75 % / small 25 %": {"normal": 0.75, "small": 0.25},
           "pyramid 60/30/10": "pyramid", "equal per customer": "equal"}
#: The label key of each split's caption (the option's value stays the key of _SPLITS).
_SPLIT_LABELS = {"normal 75 % / small 25 %": "play_lab_split_normal_small",
                 "pyramid 60/30/10": "play_lab_split_pyramid",
                 "equal per customer": "play_lab_split_equal"}


def decision_lab(base: CustomerBase, periods: int | None = None) -> widgets.VBox:
    """The decision lab for ``base`` (a telecom or tobacco base).

    Controls (attributes of the returned box): ``target`` (tier of the retention programme or
    nobody), ``cut`` (share of churn prevented, per year), ``cost`` (RMB per customer-year),
    ``hours`` and ``split`` (extra account-manager hours per period and how they are shared),
    ``let_go`` (a tier let go, or nobody), ``periods``, ``seed`` (None = the world's own
    future), the ``play`` and ``play_on`` buttons. Outputs: ``forecast`` (HTML, live: the
    forecast ΔNPV of the programme being set, ``what_if(base, programme,
    horizon=periods).summary()``, in ``<span class="casekit-result">``; RMB 0 when the
    programme is for nobody; redrawn whenever the programme or the periods change),
    ``number`` (HTML after Play: the realised ΔNPV in
    ``<span class="casekit-result casekit-realised">``, customers kept, or the plan's error),
    ``plot`` (an Image of :func:`casekit.plots.play_paths`), ``outcome`` (the last
    :class:`casekit.Outcome`). ``press(on=False)`` is what the buttons do; ``refresh()``
    redraws the forecast.

    Parameters
    ----------
    base : CustomerBase
        The world the plan is played in.
    periods : int, optional
        Periods to play at first (default 12 months or 26 weeks).

    Returns
    -------
    ipywidgets.VBox
        The lab, with the controls and outputs above as attributes.

    References
    ----------
    The forecast is :func:`casekit.what_if` (closed form); the play is
    :func:`casekit.play_forward` (see their references).
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"decision_lab: base must be a casekit CustomerBase, got "
                        f"{type(base).__name__}")
    unit = base.params.period_unit
    if periods is None:
        periods = 12 if unit == "month" else 26
    none = labels.label("play_lab_none")
    tiers = [(none, "")] + [(labels.label(t), t) for t in ("key", "normal", "small")]
    target = widgets.Dropdown(options=tiers, value="key", style=_STYLE, layout=_WIDE,
                              description=labels.label("play_lab_target"))
    cut = widgets.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.05, readout_format=".0%",
                              description=labels.label("play_lab_cut"), style=_STYLE,
                              layout=_WIDE, continuous_update=False)
    cost = widgets.BoundedFloatText(value=200.0, min=0.0, max=1e7, step=10.0, style=_STYLE,
                                    layout=_WIDE, description=labels.label("play_lab_cost"))
    hours = widgets.BoundedFloatText(value=0.0, min=0.0, max=1e6, step=10.0, style=_STYLE,
                                     layout=_WIDE, description=labels.label("play_lab_hours"))
    split = widgets.Dropdown(options=[(labels.label(_SPLIT_LABELS[k]), k) for k in _SPLITS],
                             style=_STYLE, layout=_WIDE,
                             description=labels.label("play_lab_split"))
    let_go = widgets.Dropdown(options=tiers, value="", style=_STYLE, layout=_WIDE,
                              description=labels.label("play_lab_let_go"))
    n_periods = widgets.IntSlider(value=periods, min=1, max=4 * periods, style=_STYLE,
                                  layout=_WIDE, description=labels.label("play_lab_periods"),
                                  continuous_update=False)
    seed = widgets.Dropdown(options=[(labels.label("play_lab_world_own"), None)]
                            + [(str(s), s) for s in range(1, 21)],
                            value=None, style=_STYLE, layout=_WIDE,
                            description=labels.label("play_lab_seed"))
    play = widgets.Button(description=labels.label("play_lab_play"), button_style="primary")
    play_on = widgets.Button(description=labels.label("play_lab_play_on"), disabled=True)
    forecast = widgets.HTML()
    number = widgets.HTML()
    plot = widgets.Image(format="png", layout=widgets.Layout(display="none"))  # until Play
    box = widgets.VBox([widgets.HBox([widgets.VBox([target, cut, cost, hours]),
                                      widgets.VBox([split, let_go, n_periods, seed])]),
                        forecast, widgets.HBox([play, play_on]), number, plot])
    state: dict = {"outcome": None}

    def plan_and_programme() -> tuple[Plan, Scenario | None]:
        actions, programme = [], None
        if target.value:
            programme = Scenario("programme", target=target.value, retention_uplift=cut.value,
                                 uplift_kind="churn", cost_per_customer=cost.value)
            actions.append(programme)
        if hours.value > 0:
            actions.append(AccountHours(hours.value, split=_SPLITS[split.value]))
        if let_go.value:
            actions.append(LetGo(let_go.value))
        return Plan(*actions), programme

    def refresh(_change=None) -> float | None:
        """Show the forecast ΔNPV of the programme being set (what_if, closed form)."""
        try:
            programme = plan_and_programme()[1]
            value = 0.0 if programme is None else float(
                what_if(base, programme, horizon=n_periods.value).summary()
                .loc["programme", "delta_npv"])
        except (ValueError, TypeError) as err:
            forecast.value = f"<p style='color:#D55E00'>{html.escape(str(err))}</p>"
            return None
        forecast.value = (f"<p><b>{labels.label('play_lab_forecast')}</b>: "
                          f"<span class='casekit-result'>RMB {value:,.0f}</span></p>")
        return value

    def press(on: bool = False) -> Outcome | None:
        start = state["outcome"] if on and state["outcome"] is not None else base
        try:
            plan = plan_and_programme()[0]
            out = play_forward(start, plan, periods=n_periods.value, seed=seed.value)
        except (ValueError, TypeError) as err:
            number.value = f"<p style='color:#D55E00'>{html.escape(str(err))}</p>"
            return None
        state["outcome"] = box.outcome = out
        s = out.summary().iloc[0]
        parts = [f"<b>{labels.label('play_lab_realised')}</b>: "
                 f"<span class='casekit-result casekit-realised'>RMB {s['delta_npv']:,.0f}"
                 "</span>",
                 f"{labels.label('play_lab_kept')}: {int(s['kept_plan']):,} "
                 f"{labels.label('play_lab_vs')} {int(s['kept_no_plan']):,}"]
        number.value = "<p>" + " · ".join(parts) + "</p>"
        buf = io.BytesIO()
        play_paths(out).savefig(buf, format="png", dpi=80)
        plot.value = buf.getvalue()
        plot.layout.display = None
        play_on.disabled = False
        return out

    play.on_click(lambda _b: press(False))
    play_on.on_click(lambda _b: press(True))
    for control in (target, cut, cost, n_periods):
        control.observe(refresh, names="value")
    refresh()
    box.target, box.cut, box.cost, box.hours, box.split = target, cut, cost, hours, split
    box.let_go, box.periods, box.seed = let_go, n_periods, seed
    box.play, box.play_on, box.number, box.plot = play, play_on, number, plot
    box.outcome, box.press, box.forecast, box.refresh = None, press, forecast, refresh
    return box
