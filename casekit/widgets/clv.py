"""Widgets for the CLV chapters: a CLV calculator, an sBG explorer, a probabilistic-CLV view.

Each is a thin view: read the controls, call a pure function of casekit.clv / casekit.btyd,
show the number in ``<span class="casekit-result">`` and redraw a figure. The returned box
exposes its controls and ``update()`` so tests can drive it from Python.

The figures are live (:class:`casekit.widgets._live.LiveFigure`): built once, then a slider
move replaces (or moves in place) only the artists it moves (the ``*_marks`` functions of
casekit.plots.clv) and redraws just those on the kept background. Axes end at nice numbers
and stay while the picture fits them, so most moves keep them; when a move changes an axis
(a much longer horizon, a taller bar chart, a longer observation period) the figure is laid
out and drawn again in full. Either way the picture equals that of a dashboard freshly built
at the new setting whenever the two have the same axes.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import labels
from ..btyd import CDNOW_BGNBD, CDNOW_GAMMA_GAMMA, BetaGeo, GammaGamma
from ..clv import TIMINGS, ShiftedBetaGeometric, cash_flow_table, clv
from ..plots import clv as clvplots
from ..plots import new_figure
from ._checks import number_in, one_of, whole_in
from ._live import LiveFigure, nice_ceiling

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
    "clv_over_horizon": ("CLV ({n} {unit}s)", "客户终身价值（{n} {unit}）"),
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


def _fit_cash_flow(ax, table: pd.DataFrame, keep: bool = False) -> None:
    """Limits of the calculator's cash-flow chart: x from period 0 to a nice number
    (:func:`nice_ceiling`) at or beyond the last bar, with 5 % margins; y from
    :func:`_cash_flow_ylim`. With ``keep``, each axis stays while the chart fits in it and
    fills at least 40 % of it (each side, for y), so a sweep of a slider shows the bars and
    the line move against a fixed scale; an axis grows at once when the chart outgrows it."""
    right = len(table) + 0.4                     # the last bar's right edge
    x_now = ax.get_xlim()[1] / 1.05
    if not (keep and 0.4 * x_now <= right <= x_now):
        end = nice_ceiling(right)
        ax.set_xlim(-0.05 * end, 1.05 * end)
    low, high = _cash_flow_ylim(table)
    now_low, now_high = ax.get_ylim()
    if not (keep and now_low <= low <= 0.4 * now_low and 0.4 * now_high <= high <= now_high):
        ax.set_ylim(low, high)


def _fit_recency(ax, T: float, keep: bool = False) -> None:
    """The recency axis of the P(alive) view: 0 to a nice number at or beyond T; with
    ``keep`` it stays while T fits and fills at least half of it, so moving T shows the
    curves reach further (or less far) on a fixed axis."""
    now = ax.get_xlim()[1]
    if not (keep and 0.5 * now <= T <= now):
        ax.set_xlim(0, nice_ceiling(T))


def _cash_flow_ylim(table: pd.DataFrame) -> tuple[float, float]:
    """y limits that fit the cash-flow chart: nice numbers (:func:`nice_ceiling`) 5 % beyond
    the bars and the cumulative line (which starts at −acquisition cost), and at least 5 % of
    the top below zero."""
    acq = float(table.attrs.get("acquisition_cost", 0.0))
    values = np.concatenate([[-acq, 0.0], table["present_value"].to_numpy(float),
                             table["cumulative_value"].to_numpy(float)])
    high = nice_ceiling(max(1.05 * float(values.max()), 0.05 * float(-values.min()), 1.0))
    low = -nice_ceiling(max(-1.05 * float(values.min()), 0.05 * high))
    return low, high


def clv_calculator(margin: float = 50.0, retention: float = 0.90, discount: float = 0.01,
                   horizon: int = 0, acquisition_cost: float = 200.0,
                   timing: str = "start") -> widgets.VBox:
    """CLV calculator: margin, retention (or churn), discount, horizon, acquisition cost, timing.

    Shows the CLV (``clv()``), the cash-flow table of the first periods and its plot. The
    wording toggle switches the second slider between retention r and churn 1 − r; the
    value is the same customer either way. Box attributes: ``margin``, ``retention``,
    ``discount``, ``horizon``, ``acquisition``, ``timing``, ``wording``, ``number``,
    ``table``, ``plot`` (the image), ``live`` (its :class:`LiveFigure`), ``update()``. The y
    axis grows in nice steps when the chart outgrows it and shrinks only when the chart fills
    less than 40 % of it, so most moves keep it and the bars are seen to grow or shrink.

    Parameters
    ----------
    margin : float
        Starting margin per period (RMB, 0..500).
    retention : float
        Starting retention rate per period (0..0.99).
    discount : float
        Starting discount rate per period (0..0.2).
    horizon : int
        Starting number of periods (0..120; 0 = no end).
    acquisition_cost : float
        Starting acquisition cost (RMB, 0..2,000).
    timing : {"start", "end", "end_at_risk"}
        Starting timing convention (as in :func:`casekit.clv`).

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    margin = number_in("margin", margin, 0.0, 500.0)
    retention = number_in("retention", retention, 0.0, 0.99)
    discount = number_in("discount", discount, 0.0, 0.2)
    horizon = whole_in("horizon", horizon, 0, 120)
    acquisition_cost = number_in("acquisition_cost", acquisition_cost, 0.0, 2000.0)
    timing = one_of("timing", timing, TIMINGS)
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
    live = LiveFigure()
    box = widgets.VBox([m, r, d, h, acq, t, wording, number, table, live.image])
    state = {"busy": False}
    drawn: dict = {"key": None, "inputs": None}

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
                        f"<span class='casekit-result'>{labels.money(value, decimals=2)}</span> "
                        f"({word}, d = {d.value:.3f}, "
                        f"{labels.label('clv_timing_' + t.value)})")
        shown = h.value if h.value > 0 else 24
        cf = cash_flow_table(m.value, ret, d.value, shown, timing=t.value,
                             acquisition_cost=acq.value)
        table.value = cf.head(12).round(3).to_html(index=False)
        inputs = (m.value, ret, d.value, shown, t.value, acq.value, labels.get_language())
        if inputs != drawn["inputs"]:         # e.g. the wording toggle: same customer
            draw(cf)
            drawn["inputs"] = inputs

    def draw(cf: pd.DataFrame) -> None:
        """The axes are built once (per language); a move moves the bars and lines (or draws
        new ones when their number changes)."""
        key = labels.get_language()
        if drawn["key"] != key:
            fig, ax = new_figure(figsize=(7.0, 3.8))
            clvplots.cash_flow_axes(fig, ax)
            marks = clvplots.cash_flow_marks(ax, cf)
            _fit_cash_flow(ax, cf)
            drawn.update(key=key, ax=ax)
            live.show(fig, animated=marks)
            return
        ax = drawn["ax"]
        live.redraw_marks([ax], lambda: clvplots.cash_flow_marks(ax, cf),
                      update=lambda: clvplots.cash_flow_update(live.animated, cf),
                      fit=lambda: _fit_cash_flow(ax, cf, keep=True))

    for w in (m, r, d, h, acq, t):
        w.observe(update, names="value")
    wording.observe(on_wording, names="value")
    update()
    box.margin, box.retention, box.discount, box.horizon = m, r, d, h
    box.acquisition, box.timing, box.wording = acq, t, wording
    box.number, box.table, box.update = number, table, update
    box.plot, box.live = live.image, live
    return box


def sbg_explorer(alpha: float = 0.704, beta: float = 1.182, periods: int = 12) -> widgets.VBox:
    """sBG explorer: move α and β and see why a cohort's retention rises with tenure.

    Shows the retention rate in period 1 and in the last period, the mean churn
    probability α/(α+β), survival and retention curves. Box attributes: ``alpha``,
    ``beta``, ``number``, ``plot`` (the image), ``live`` (its :class:`LiveFigure`),
    ``update()``. Both panels keep a 0–100 % axis, so a move shows how far the curves go.

    Parameters
    ----------
    alpha, beta : float
        Starting sBG parameters (α in 0.05..10, β in 0.05..20).
    periods : int
        Number of periods drawn; the last one is the "last period" reading.

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    a = _float(alpha, 0.05, 10.0, 0.01, "sbg_alpha", ".3f")
    b = _float(beta, 0.05, 20.0, 0.01, "sbg_beta", ".3f")
    number = widgets.HTML()
    live = LiveFigure()
    box = widgets.VBox([a, b, number, live.image])
    drawn: dict = {"key": None}

    def update(_change=None) -> None:
        model = ShiftedBetaGeometric(alpha=a.value, beta=b.value)
        r1, rn = float(model.retention(1)), float(model.retention(periods))
        number.value = (f"<b>{labels.label('retention_first')}</b>: "
                        f"<span class='casekit-result'>{r1:.1%}</span> · "
                        f"{labels.label('retention_later')} {periods}: {rn:.1%} · "
                        f"{labels.label('mean_churn')} α/(α+β) = "
                        f"{a.value / (a.value + b.value):.1%}")
        draw(model)

    def draw(model: ShiftedBetaGeometric) -> None:
        key = labels.get_language()
        if drawn["key"] != key:
            fig, (ax1, ax2) = new_figure(1, 2, figsize=(9.0, 3.6))
            clvplots.sbg_axes(fig, ax1, ax2)
            ax2.set_ylim(0, 1.02)             # as the survival panel: retention is a share
            marks = clvplots.sbg_marks(ax1, ax2, model, periods)
            drawn.update(key=key, axes=(ax1, ax2))
            live.show(fig, animated=marks)
            return
        ax1, ax2 = drawn["axes"]
        live.redraw_marks([ax1, ax2], lambda: clvplots.sbg_marks(ax1, ax2, model, periods))

    a.observe(update, names="value")
    b.observe(update, names="value")
    update()
    box.alpha, box.beta, box.number, box.update = a, b, number, update
    box.plot, box.live = live.image, live
    return box


def probabilistic_clv_view(purchases: BetaGeo | None = None, spend: GammaGamma | None = None,
                           time_unit: str | None = None, T: float = 39.0) -> widgets.VBox:
    """One customer's probabilistic CLV: x, t_x, T and mean spend → P(alive), purchases, value.

    Defaults to the published CDNOW models (weeks; Fader, Hardie & Lee 2005). The value is
    the expected discounted spend over the horizon, with the annual discount rate converted
    to the model's time unit. Box attributes: ``frequency``, ``recency``, ``T``,
    ``monetary``, ``horizon``, ``discount``, ``number``, ``plot`` (the image), ``live`` (its
    :class:`LiveFigure`), ``update()``. The figure (P(alive) curves for x = 1, this x and 10)
    is redrawn only when x or T moves; its recency axis ends at a nice number at or beyond T
    and stays while T fills at least half of it.

    Parameters
    ----------
    purchases : BetaGeo, optional
        A fitted BG/NBD model (default the published CDNOW one, in weeks).
    spend : GammaGamma, optional
        A fitted Gamma-Gamma spend model (default the published CDNOW one).
    time_unit : str, optional
        The models' time unit (default ``purchases.time_unit``).
    T : float
        Starting customer age T, in that time unit.

    Returns
    -------
    ipywidgets.VBox
        The dashboard; display it as a cell's last expression.
    """
    from ..periods import periodic_discount_rate

    T = number_in("T", T, 1.0, 10_000.0, what="T slider (customer age, in the model's time unit)")
    bg = purchases or BetaGeo(**CDNOW_BGNBD, time_unit="week")
    gg = spend or GammaGamma(**CDNOW_GAMMA_GAMMA)
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
    live = LiveFigure()
    box = widgets.VBox([x, tx, tmax, mon, hor, disc, number, live.image])
    drawn: dict = {"key": None, "inputs": None}

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
        title = labels.label("clv_over_horizon").format(n=hor.value, unit=labels.label(unit))
        number.value = (f"<b>{title}</b>: "
                        f"<span class='casekit-result'>{labels.money(es * dn, decimals=2)}</span> · "
                        f"{labels.label('p_alive_result')} {alive:.1%} · "
                        f"{labels.label('expected_purchases_result')} {n:.2f} · "
                        f"{labels.label('expected_spend_result')} {labels.money(es, decimals=2)}")
        draw(sorted({1, max(freq, 1), 10}), tmax.value)

    def draw(frequencies: list, T: float) -> None:
        key = labels.get_language()
        if drawn["key"] == key and drawn["inputs"] == (frequencies, T):
            return                            # t_x, spend, horizon, discount: same curves
        drawn["inputs"] = (frequencies, T)
        if drawn["key"] != key:
            fig, ax = new_figure(figsize=(6.5, 3.6))
            clvplots.probability_alive_axes(fig, ax)
            marks = clvplots.probability_alive_marks(ax, bg, frequencies, T)
            _fit_recency(ax, T)
            drawn.update(key=key, ax=ax)
            live.show(fig, animated=marks)
            return
        ax = drawn["ax"]
        live.redraw_marks([ax],
                      lambda: clvplots.probability_alive_marks(ax, bg, frequencies, T),
                      fit=lambda: _fit_recency(ax, T, keep=True))

    for w in (x, tx, tmax, mon, hor, disc):
        w.observe(update, names="value")
    update()
    box.frequency, box.recency, box.T, box.monetary = x, tx, tmax, mon
    box.horizon, box.discount, box.number, box.update = hor, disc, number, update
    box.plot, box.live = live.image, live
    return box
