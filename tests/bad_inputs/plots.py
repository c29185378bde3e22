"""Bad inputs to the figures of the identify, evaluate, scenarios and worlds chapters
(casekit.plots; the CLV figures are in clv.py)."""

from __future__ import annotations

from functools import lru_cache

import matplotlib
import pandas as pd

import casekit as ck
from bad_inputs import Case

NAN = float("nan")
V = pd.Series([5.0, 3.0, 1.0, 0.5])


def P():
    return ck.plots


@lru_cache(maxsize=None)
def tel():
    return ck.telecom(customers=200, months=12, seed=4)


@lru_cache(maxsize=None)
def tob():
    return ck.tobacco(retailers=100, weeks=12, seed=4)


@lru_cache(maxsize=None)
def what_if():
    return ck.what_if(tel(), ck.Scenario("care", retention_uplift=0.1, uplift_kind="churn"))


def _drawn(fig):
    """The figure was drawn (documented result rows)."""
    return isinstance(fig, matplotlib.figure.Figure)


CASES = [
    # identify
    Case("plots.pareto_curve.top_nan", lambda: P().pareto_curve(V, top=NAN), ValueError, "top"),
    Case("plots.pareto_curve.max_points_zero", lambda: P().pareto_curve(V, max_points=0),
         ValueError, "max_points"),
    Case("plots.pareto_curve.max_points_huge", lambda: P().pareto_curve(V, max_points=10**12),
         ValueError, "max_points"),
    Case("plots.whale_curve.max_points_negative",
         lambda: P().whale_curve(V - 1, max_points=-1), ValueError, "max_points"),
    Case("plots.whale_curve.max_points_float",
         lambda: P().whale_curve(V - 1, max_points=2.5), TypeError, "max_points"),
    Case("plots.value_matrix.scale_unknown", lambda: P().value_matrix(tel(), scale="cubic"),
         ValueError, "scale"),
    Case("plots.value_matrix.max_points_zero", lambda: P().value_matrix(tel(), max_points=0),
         ValueError, "max_points"),
    Case("plots.pyramid.shares", lambda: P().pyramid(V, shares=(1, 1, 1)), ValueError,
         "shares"),
    Case("plots.rfm_heatmap.value_unknown", lambda: P().rfm_heatmap(tel().activity, value="z"),
         ValueError, "value"),
    # worlds
    Case("plots.concentration_curves.a_number", lambda: P().concentration_curves(5), TypeError,
         "bases"),
    Case("plots.concentration_curves.list_of_numbers",
         lambda: P().concentration_curves([1, 2]), TypeError, "CustomerBase"),
    Case("plots.concentration_curves.empty", lambda: P().concentration_curves({}), ValueError,
         "bases"),
    Case("plots.concentration_curves.top_2", lambda: P().concentration_curves(tel(), top=2),
         ValueError, "top"),
    Case("plots.concentration_curves.max_points_one",
         lambda: P().concentration_curves(tel(), max_points=1), ValueError, "max_points"),
    Case("plots.revenue_distribution.bins_zero",
         lambda: P().revenue_distribution(tel(), bins=0), ValueError, "bins"),
    Case("plots.revenue_distribution.bins_huge",
         lambda: P().revenue_distribution(tel(), bins=10**9), ValueError, "bins"),
    Case("plots.revenue_distribution.by_unknown",
         lambda: P().revenue_distribution(tel(), by="zodiac"), ValueError, "zodiac"),
    Case("plots.world_summary.top_nan", lambda: P().world_summary(tel(), top=NAN), ValueError,
         "top"),
    Case("plots.world_composition.not_a_base", lambda: P().world_composition(5), TypeError,
         "base"),
    Case("plots.order_frequency.telecom", lambda: P().order_frequency(tel()), ValueError,
         "orders"),
    Case("plots.order_frequency.bins_zero", lambda: P().order_frequency(tob(), bins=0),
         ValueError, "bins"),
    Case("plots.order_frequency.min_weeks_negative",
         lambda: P().order_frequency(tob(), min_weeks=-1), ValueError, "min_weeks"),
    Case("plots.retention_by_contract.by_unknown",
         lambda: P().retention_by_contract(tel(), by="zodiac"), ValueError, "zodiac"),
    Case("plots.survival_table.tobacco", lambda: P().survival_table(tob()), ValueError,
         "contract"),
    Case("plots.weekly_orders.telecom", lambda: P().weekly_orders(tel()), ValueError,
         "format_class"),
    Case("plots.price_class_mix.telecom", lambda: P().price_class_mix(tel()), ValueError,
         "cartons"),
    # evaluate
    Case("plots.ahp_weights.not_a_result", lambda: P().ahp_weights(5), TypeError, "result"),
    Case("plots.grade_distribution.empty",
         lambda: P().grade_distribution(pd.Series([], dtype=int)), ValueError, "grades"),
    Case("plots.grade_transitions.one_number", lambda: P().grade_transitions(5), TypeError,
         "grade_transitions"),
    Case("plots.grade_transitions.by_customer_id",
         lambda: P().grade_transitions(pd.Series([1, 2]), pd.Series([1])), None,
         check=_drawn, why="two gradings are paired by customer id (the Series index), as in "
                            "transition_matrix; customers in only one are left out"),
    # scenarios
    Case("plots.delta_npv_bars.not_a_result", lambda: P().delta_npv_bars(5), TypeError,
         "result"),
    Case("plots.payback_curve.scenario_unknown",
         lambda: P().payback_curve(what_if(), scenario="zzz"), ValueError, "zzz"),
    Case("plots.retention_fan.without_monte_carlo", lambda: P().retention_fan(what_if()), None,
         check=_drawn, why="without runs the fan shows the expected lines only; bands appear "
                            "when the result was simulated (retention_fan docstring)"),
    Case("plots.tier_projection.not_a_frame", lambda: P().tier_projection(5), TypeError,
         "projection"),
    Case("plots.reichheld_bars.not_a_frame", lambda: P().reichheld_bars(5), TypeError, "check"),
    Case("plots.allocation_comparison.not_a_frame", lambda: P().allocation_comparison(5),
         TypeError, "comparison"),
    # shared helpers
    Case("plots.rmb.text", lambda: P().rmb("5"), TypeError, "value"),
    Case("plots.new_figure.figsize_negative", lambda: P().new_figure(figsize=(-1, 2)),
         ValueError, "figsize"),
    Case("plots.new_figure.figsize_huge", lambda: P().new_figure(figsize=(10**6, 2)),
         ValueError, "figsize"),
    Case("plots.percent_axis.axis_z", lambda: P().percent_axis(P().new_figure()[1], axis="z"),
         ValueError, "axis"),
    Case("plots.rmb_axis.axis_z", lambda: P().rmb_axis(P().new_figure()[1], axis="z"),
         ValueError, "axis"),
]
