"""Widgets for the CLV chapters: a CLV calculator, an sBG explorer, a probabilistic-CLV view.

Each is a thin view: read the controls, call a pure function of casekit.clv / casekit.btyd,
show the number in ``<span class="casekit-result">`` and redraw a figure. The returned box
exposes its controls and ``update()`` so tests can drive it from Python.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from IPython.display import display

from .. import labels
from ..btyd import BetaGeo, GammaGamma
from ..clv import TIMINGS, ShiftedBetaGeometric, cash_flow_table, clv
from ..plots.clv import cash_flow_plot, probability_alive_plot, sbg_plot

__all__ = ["clv_calculator", "sbg_explorer", "probabilistic_clv_view"]

labels.register({
    "margin_per_period": ("margin per period (RMB)", "每期利润（元）"),
    "retention_slider": ("retention per period", "每期保留率"),
    "churn_slider": ("churn per period", "每期流失率"),
    "discount_per_period": ("discount rate per period", "每期贴现率"),
    "horizon_periods": ("horizon (periods, 0 = forever)", "期限（期，0 = 无限）"),
    "timing": ("timing", "现金流时点"),
    "wording": ("wording", "表述"),
    "retention_word": ("retention", "保留"),
    "churn_word": ("churn", "流失"),
    "clv_result": ("Customer lifetime value", "客户终身价值"),
    "sbg_alpha": ("α (churn-prone)", "α（易流失程度）"),
    "sbg_beta": ("β (loyal)", "β（忠诚程度）"),
    "retention_first": ("retention in period 1", "第 1 期保留率"),
    "retention_later": ("retention in period", "保留率，第"),
    "mean_churn": ("mean churn probability", "平均流失概率"),
    "frequency_slider": ("repeat purchases x", "重复购买次数 x"),
    "recency_slider": ("recency t_x", "最近购买时间 t_x"),
    "T_slider": ("observed for T", "观察期 T"),
    "monetary_slider": ("mean spend (RMB)", "平均消费（元）"),
    "horizon_units": ("horizon", "期限"),
    "annual_discount": ("annual discount rate", "年贴现率"),
    "p_alive_result": ("P(alive)", "仍活跃概率"),
    "expected_purchases_result": ("expected purchases", "预期购买次数"),
    "expected_spend_result": ("expected spend per purchase", "预期每次消费"),
})

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="440px")


def _float(value, lo, hi, step, key, fmt=".2f"):
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step,
                               description=labels.label(key), readout_format=fmt,
                               continuous_update=False, style=_STYLE, layout=_LAYOUT)


def _int(value, lo, hi, key):
    return widgets.IntSlider(value=value, min=lo, max=hi, description=labels.label(key),
                             continuous_update=False, style=_STYLE, layout=_LAYOUT)


def clv_calculator(margin: float = 50.0, retention: float = 0.90, discount: float = 0.01,
                   horizon: int = 0, acquisition_cost: float = 200.0,
                   timing: str = "start") -> widgets.VBox:
    """CLV calculator: margin, retention (or churn), discount, horizon, acquisition cost, timing.

    Shows the CLV (``clv()``), the cash-flow table of the first periods and its plot. The
    wording toggle switches the second slider between retention r and churn 1 − r; the
    value is the same customer either way. Box attributes: ``margin``, ``retention``,
    ``discount``, ``horizon``, ``acquisition``, ``timing``, ``wording``, ``number``,
    ``table``, ``plot``, ``update()``.
    """
    m = _float(margin, 0.0, 500.0, 1.0, "margin_per_period", ".0f")
    r = _float(retention, 0.0, 0.99, 0.01, "retention_slider")
    d = _float(discount, 0.0, 0.2, 0.001, "discount_per_period", ".3f")
    h = _int(horizon, 0, 120, "horizon_periods")
    acq = _float(acquisition_cost, 0.0, 2000.0, 10.0, "acquisition_cost", ".0f")
    t = widgets.Dropdown(options=[(labels.label("clv_timing_" + k), k) for k in TIMINGS],
                         value=timing, description=labels.label("timing"), style=_STYLE,
                         layout=_LAYOUT)
    wording = widgets.ToggleButtons(options=[(labels.label("retention_word"), "retention"),
                                             (labels.label("churn_word"), "churn")],
                                    value="retention", description=labels.label("wording"),
                                    style=_STYLE)
    number = widgets.HTML()
    table = widgets.HTML()
    plot = widgets.Output()
    box = widgets.VBox([m, r, d, h, acq, t, wording, number, table, plot])
    state = {"busy": False}

    def rate() -> float:
        return r.value if wording.value == "retention" else 1.0 - r.value

    def on_wording(change) -> None:
        state["busy"] = True
        r.description = labels.label("retention_slider" if change["new"] == "retention"
                                     else "churn_slider")
        r.value = round(1.0 - r.value, 4)
        r.min, r.max = (0.0, 0.99) if change["new"] == "retention" else (0.01, 1.0)
        state["busy"] = False
        update()

    def update(_change=None) -> None:
        if state["busy"]:
            return
        ret = rate()
        periods = h.value if h.value > 0 else None
        value = clv(m.value, ret, d.value, periods, t.value, acq.value)
        word = (f"r = {ret:.2f}" if wording.value == "retention"
                else f"churn = {1 - ret:.2f}")
        number.value = (f"<b>{labels.label('clv_result')}</b>: "
                        f"<span class='casekit-result'>¥{value:,.2f}</span> "
                        f"({word}, d = {d.value:.3f}, "
                        f"{labels.label('clv_timing_' + t.value)})")
        shown = h.value if h.value > 0 else 24
        cf = cash_flow_table(m.value, ret, d.value, shown, timing=t.value,
                             acquisition_cost=acq.value)
        table.value = cf.head(12).round(3).to_html(index=False)
        plot.clear_output(wait=True)
        with plot:
            display(cash_flow_plot(cf))

    for w in (m, r, d, h, acq, t):
        w.observe(update, names="value")
    wording.observe(on_wording, names="value")
    update()
    box.margin, box.retention, box.discount, box.horizon = m, r, d, h
    box.acquisition, box.timing, box.wording = acq, t, wording
    box.number, box.table, box.plot, box.update = number, table, plot, update
    return box


def sbg_explorer(alpha: float = 0.704, beta: float = 1.182, periods: int = 12) -> widgets.VBox:
    """sBG explorer: move α and β and see why a cohort's retention rises with tenure.

    Shows the retention rate in period 1 and in the last period, the mean churn
    probability α/(α+β), survival and retention curves. Box attributes: ``alpha``,
    ``beta``, ``number``, ``plot``, ``update()``.
    """
    a = _float(alpha, 0.05, 10.0, 0.01, "sbg_alpha", ".3f")
    b = _float(beta, 0.05, 20.0, 0.01, "sbg_beta", ".3f")
    number = widgets.HTML()
    plot = widgets.Output()
    box = widgets.VBox([a, b, number, plot])

    def update(_change=None) -> None:
        model = ShiftedBetaGeometric(alpha=a.value, beta=b.value)
        r1, rn = float(model.retention(1)), float(model.retention(periods))
        number.value = (f"<b>{labels.label('retention_first')}</b>: "
                        f"<span class='casekit-result'>{r1:.1%}</span> · "
                        f"{labels.label('retention_later')} {periods}: {rn:.1%} · "
                        f"{labels.label('mean_churn')} α/(α+β) = "
                        f"{a.value / (a.value + b.value):.1%}")
        plot.clear_output(wait=True)
        with plot:
            display(sbg_plot(model, periods=periods))

    a.observe(update, names="value")
    b.observe(update, names="value")
    update()
    box.alpha, box.beta, box.number, box.plot, box.update = a, b, number, plot, update
    return box


def probabilistic_clv_view(purchases: BetaGeo | None = None, spend: GammaGamma | None = None,
                           time_unit: str | None = None, T: float = 39.0) -> widgets.VBox:
    """One customer's probabilistic CLV: x, t_x, T and mean spend → P(alive), purchases, value.

    Defaults to the published CDNOW models (weeks; Fader, Hardie & Lee 2005). The value is
    the expected discounted spend over the horizon, with the annual discount rate converted
    to the model's time unit. Box attributes: ``frequency``, ``recency``, ``T``,
    ``monetary``, ``horizon``, ``discount``, ``number``, ``plot``, ``update()``.
    """
    from ..clv import periodic_discount_rate

    bg = purchases or BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="week")
    gg = spend or GammaGamma(p=6.25, q=3.74, gamma=15.44)
    unit = time_unit or bg.time_unit
    if unit is None:
        raise ValueError("time_unit: the purchase model has no time unit; say what it is "
                         "(e.g. time_unit='week')")
    x = _int(2, 0, 60, "frequency_slider")
    tmax = widgets.FloatSlider(value=T, min=1.0, max=max(2.0 * T, 60.0), step=1.0,
                               description=labels.label("T_slider"), continuous_update=False,
                               style=_STYLE, layout=_LAYOUT)
    tx = widgets.FloatSlider(value=min(20.0, T), min=0.0, max=T, step=0.5,
                             description=labels.label("recency_slider"),
                             continuous_update=False, style=_STYLE, layout=_LAYOUT)
    mon = _float(float(gg.mean_spend) if np.isfinite(gg.mean_spend) else 50.0, 1.0,
                 max(200.0, 3 * float(gg.mean_spend) if np.isfinite(gg.mean_spend) else 200.0),
                 1.0, "monetary_slider", ".0f")
    hor = _int(52, 1, 260, "horizon_units")
    disc = _float(0.10, 0.0, 0.3, 0.01, "annual_discount")
    number = widgets.HTML()
    plot = widgets.Output()
    box = widgets.VBox([x, tx, tmax, mon, hor, disc, number, plot])

    def update(_change=None) -> None:
        tx.max = tmax.value
        freq = x.value
        rec = min(tx.value, tmax.value) if freq > 0 else 0.0
        if freq > 0 and rec == 0:
            rec = min(0.5, tmax.value)
        alive = float(bg.probability_alive([freq], [rec], [tmax.value])[0])
        n = float(bg.expected_purchases(hor.value, [freq], [rec], [tmax.value])[0])
        d = periodic_discount_rate(disc.value, unit) if unit != "year" else disc.value
        dn = float(bg.discounted_expected_purchases(hor.value, d, [freq], [rec],
                                                    [tmax.value])[0])
        es = float(gg.expected_spend([freq], [mon.value])[0])
        number.value = (f"<b>CLV</b> ({hor.value} {unit}s): "
                        f"<span class='casekit-result'>¥{es * dn:,.2f}</span> · "
                        f"{labels.label('p_alive_result')} {alive:.1%} · "
                        f"{labels.label('expected_purchases_result')} {n:.2f} · "
                        f"{labels.label('expected_spend_result')} ¥{es:,.2f}")
        plot.clear_output(wait=True)
        with plot:
            display(probability_alive_plot(bg, frequencies=sorted({1, max(freq, 1), 10}),
                                           T=tmax.value))

    for w in (x, tx, tmax, mon, hor, disc):
        w.observe(update, names="value")
    update()
    box.frequency, box.recency, box.T, box.monetary = x, tx, tmax, mon
    box.horizon, box.discount, box.number, box.plot, box.update = hor, disc, number, plot, update
    return box
