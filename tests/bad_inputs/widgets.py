"""Bad inputs to the dashboards (casekit.widgets): a constructor validates its arguments like
the function it views and raises the same clear error — it never quietly changes a value
(clamps it to a slider's range) or fails inside ipywidgets."""

from __future__ import annotations

from functools import lru_cache

import casekit as ck
from bad_inputs import Case

NAN = float("nan")


def w():
    return ck.widgets


@lru_cache(maxsize=None)
def tel():
    return ck.telecom(customers=300, months=12, seed=4)


@lru_cache(maxsize=None)
def tob():
    return ck.tobacco(retailers=200, weeks=20, seed=4)


CASES = [
    # start: retention demo
    Case("widgets.retention_demo.retention_above_1", lambda: w().retention_demo(retention=1.5),
         ValueError, "retention"),
    Case("widgets.retention_demo.retention_below_slider",
         lambda: w().retention_demo(retention=0.2), ValueError, "retention"),
    Case("widgets.retention_demo.retention_nan", lambda: w().retention_demo(retention=NAN),
         ValueError, "retention"),
    Case("widgets.retention_demo.retention_text", lambda: w().retention_demo(retention="0.9"),
         TypeError, "retention"),
    Case("widgets.retention_demo.months_huge", lambda: w().retention_demo(months=10**9),
         ValueError, "bytes"),
    Case("widgets.retention_demo.months_zero", lambda: w().retention_demo(months=0), ValueError,
         "months"),
    Case("widgets.retention_demo.months_float", lambda: w().retention_demo(months=2.5),
         TypeError, "months"),
    Case("widgets.expected_lifetime.retention_1", lambda: w().expected_lifetime(1.0),
         ValueError, "retention"),
    Case("widgets.expected_lifetime.retention_text", lambda: w().expected_lifetime("0.9"),
         TypeError, "retention"),
    # worlds
    Case("widgets.world_explorer.size_huge", lambda: w().world_explorer(size=10**9),
         ValueError, "size"),
    Case("widgets.world_explorer.size_small", lambda: w().world_explorer(size=10), ValueError,
         "size"),
    Case("widgets.world_explorer.world_unknown", lambda: w().world_explorer(world="bank"),
         ValueError, "world"),
    Case("widgets.world_explorer.concentration_above_slider",
         lambda: w().world_explorer(concentration=5.0), ValueError, "concentration"),
    Case("widgets.world_explorer.seed_negative", lambda: w().world_explorer(seed=-1),
         ValueError, "seed"),
    Case("widgets.explore_world.world_unknown", lambda: w().explore_world("bank"), ValueError,
         "world"),
    # identify
    Case("widgets.pareto_explorer.measure_unknown",
         lambda: w().pareto_explorer(tel(), measure="nope"), ValueError, "nope"),
    Case("widgets.pareto_explorer.top_above_slider",
         lambda: w().pareto_explorer(tel(), top=0.9), ValueError, "top"),
    Case("widgets.pareto_explorer.top_nan", lambda: w().pareto_explorer(tel(), top=NAN),
         ValueError, "top"),
    Case("widgets.pareto_explorer.a_after_b",
         lambda: w().pareto_explorer(tel(), a=0.9, b=0.6), ValueError, "a="),
    Case("widgets.pareto_explorer.worlds_a_number", lambda: w().pareto_explorer(5), TypeError,
         "worlds"),
    Case("widgets.pareto_explorer.worlds_empty", lambda: w().pareto_explorer({}), ValueError,
         "worlds"),
    Case("widgets.whale_explorer.measure_unknown",
         lambda: w().whale_explorer(tel(), measure="nope"), ValueError, "nope"),
    Case("widgets.whale_explorer.cost_negative",
         lambda: w().whale_explorer(tel(), cost_to_serve=-1), ValueError, "cost_to_serve"),
    # scenarios
    Case("widgets.retention_lab.target_unknown",
         lambda: w().retention_lab(tel(), target="vip"), ValueError, "target"),
    Case("widgets.retention_lab.uplift_above_slider",
         lambda: w().retention_lab(tel(), uplift=2.0), ValueError, "uplift"),
    Case("widgets.retention_lab.kind_unknown", lambda: w().retention_lab(tel(), kind="pct"),
         ValueError, "kind"),
    Case("widgets.retention_lab.cost_negative", lambda: w().retention_lab(tel(), cost=-5),
         ValueError, "cost"),
    Case("widgets.retention_lab.horizon_zero",
         lambda: w().retention_lab(tel(), horizon_years=0), ValueError, "horizon_years"),
    Case("widgets.retention_lab.runs_huge", lambda: w().retention_lab(tel(), runs=10**9),
         ValueError, "runs"),
    Case("widgets.retention_lab.world_unknown", lambda: w().retention_lab(tel(), world="bank"),
         ValueError, "world"),
    Case("widgets.retention_lab.discount_nan", lambda: w().retention_lab(tel(), discount=NAN),
         ValueError, "discount"),
    Case("widgets.retention_lab.bases_a_number", lambda: w().retention_lab(5), TypeError,
         "bases"),
    Case("widgets.migration_explorer.steps_zero",
         lambda: w().migration_explorer(tel(), steps=0), ValueError, "steps"),
    Case("widgets.migration_explorer.steps_huge",
         lambda: w().migration_explorer(tel(), steps=10**9), ValueError, "steps"),
    Case("widgets.migration_explorer.discount_nan",
         lambda: w().migration_explorer(tel(), discount=NAN), ValueError, "discount"),
    Case("widgets.migration_explorer.model_a_number", lambda: w().migration_explorer(5),
         TypeError, "model"),
    # evaluate
    Case("widgets.grading_dashboard.weights_unknown",
         lambda: w().grading_dashboard(tob(), weights={"zodiac": 1.0}), ValueError, "zodiac"),
    Case("widgets.grading_dashboard.weight_negative",
         lambda: w().grading_dashboard(tob(), weights={"contribution": -1.0}), ValueError,
         "weights"),
    Case("widgets.grading_dashboard.base_telecom",
         lambda: w().grading_dashboard(tel()), ValueError, "tobacco"),
    Case("widgets.grading_dashboard.base_a_number", lambda: w().grading_dashboard(5),
         TypeError, "base"),
    Case("widgets.grading_dashboard.retailers_zero",
         lambda: w().grading_dashboard(retailers=0), ValueError, "retailers"),
    Case("widgets.ahp_builder.one_criterion", lambda: w().ahp_builder(["only"]), ValueError,
         "criteria"),
    Case("widgets.ahp_builder.duplicate_criteria", lambda: w().ahp_builder(["a", "a"]),
         ValueError, "criteria"),
    Case("widgets.ahp_builder.judgement_off_scale",
         lambda: w().ahp_builder(["a", "b"], judgements={("a", "b"): 20}), ValueError,
         "judgements"),
    Case("widgets.saaty_value.position_9", lambda: w().saaty_value(9), ValueError, "position"),
    Case("widgets.saaty_value.position_text", lambda: w().saaty_value("x"), TypeError,
         "position"),
    Case("widgets.saaty_position.zero", lambda: w().saaty_position(0), ValueError, "value"),
    Case("widgets.saaty_position.nan", lambda: w().saaty_position(NAN), ValueError, "value"),
    # the CLV dashboards validate like the functions they view (no clamping to the slider)
    Case("widgets.clv_calculator.retention_above_1",
         lambda: w().clv_calculator(retention=1.5), ValueError, "retention"),
    Case("widgets.clv_calculator.margin_nan",
         lambda: w().clv_calculator(margin=NAN), ValueError, "margin"),
    Case("widgets.clv_calculator.horizon_fraction",
         lambda: w().clv_calculator(horizon=2.5), TypeError, "horizon"),
    Case("widgets.clv_calculator.timing_unknown",
         lambda: w().clv_calculator(timing="middle"), ValueError, "timing"),
    Case("widgets.clv_calculator.acquisition_negative",
         lambda: w().clv_calculator(acquisition_cost=-1), ValueError, "acquisition_cost"),
    Case("widgets.probabilistic_clv_view.T_negative",
         lambda: w().probabilistic_clv_view(T=-5), ValueError, "T"),
    Case("widgets.probabilistic_clv_view.T_text",
         lambda: w().probabilistic_clv_view(T="39"), TypeError, "T"),
]
