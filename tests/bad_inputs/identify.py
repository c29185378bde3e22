"""Bad inputs to casekit.identify: concentration, ABC, whale curve, pyramid, RFM, value matrix,
elastic customers, the key-account framework."""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

import casekit as ck
from bad_inputs import Case
from bad_inputs._files import small_base

V = pd.Series([100.0, 50.0, 30.0, 10.0, 5.0, 5.0], index=pd.RangeIndex(6, name="customer_id"),
              name="revenue")
P = pd.Series([300.0, 80.0, 20.0, -10.0, -40.0, -50.0], index=V.index, name="margin")
HUGE = pd.Series([1e308, 1e308, 1e308, 1.0], name="revenue")
ACT = pd.DataFrame({"customer_id": [1, 1, 2, 3], "period": [1, 2, 2, 3],
                    "revenue": [10.0, 20.0, 5.0, 1.0]})
NAN = float("nan")
INF = float("inf")


@functools.lru_cache(maxsize=1)
def _tel():
    return ck.telecom(customers=200, months=6, seed=1)


def _el(**kw):
    return lambda: ck.elastic_customers(_tel(), **kw)


def _without(base, column):
    """``base`` with one customers column dropped."""
    from casekit.base import CustomerBase
    return CustomerBase(base.customers.drop(columns=column), base.activity, base.truth,
                        base.params)


CASES = [
    # customer_values
    Case("identify.customer_values.agg_unknown",
         lambda: ck.customer_values(small_base(), agg="median"), ValueError, "agg"),
    Case("identify.customer_values.measure_unknown",
         lambda: ck.customer_values(small_base(), "profit"), ValueError, "profit"),
    Case("identify.customer_values.a_string", lambda: ck.customer_values("customers.csv"),
         TypeError, "values"),
    Case("identify.customer_values.none", lambda: ck.customer_values(None), TypeError, "values"),
    Case("identify.customer_values.2d_array", lambda: ck.customer_values(np.ones((2, 2))),
         ValueError, "shape"),
    Case("identify.customer_values.duplicate_ids",
         lambda: ck.customer_values(pd.Series([1.0, 2.0], index=[7, 7])), ValueError,
         "duplicates"),
    Case("identify.customer_values.text_values",
         lambda: ck.customer_values(pd.Series(["a", "b"])), TypeError, "numbers"),
    Case("identify.customer_values.nan", lambda: ck.customer_values(pd.Series([1.0, NAN])),
         ValueError, "NaN"),
    Case("identify.customer_values.per_period_on_series",
         lambda: ck.customer_values(V, agg="per_period"), ValueError, "per_period"),
    # pareto_table / top_share / gini / lorenz
    Case("identify.pareto_table.empty", lambda: ck.pareto_table(pd.Series([], dtype=float)),
         ValueError, "no customers"),
    Case("identify.pareto_table.negative",
         lambda: ck.pareto_table(pd.Series([5.0, -1.0])), ValueError, "negative"),
    Case("identify.pareto_table.all_zero", lambda: ck.pareto_table(pd.Series([0.0, 0.0])),
         ValueError, "total"),
    Case("identify.pareto_table.inf", lambda: ck.pareto_table(pd.Series([1.0, INF])),
         ValueError, "infinite"),
    Case("identify.pareto_table.huge_values", lambda: ck.pareto_table(HUGE), None,
         check=lambda t: bool(np.isfinite(t.select_dtypes("number").to_numpy()).all()),
         why="sums of values near 1e308 are taken on values scaled by the largest one, so "
             "shares stay finite (a total overflowing float64 is not an error)"),
    Case("identify.top_share.huge_values", lambda: ck.top_share(HUGE, 0.5), None,
         check=lambda x: math.isclose(x, 2 / 3, rel_tol=1e-9),
         why="the top half of [1e308, 1e308, 1e308, 1] holds 2/3 of the total (scaled sums)"),
    Case("identify.gini.huge_values", lambda: ck.gini(HUGE), None,
         check=lambda g: math.isfinite(g) and 0 <= g <= 1,
         why="the Gini index of values near 1e308 is finite (scaled sums)"),
    Case("identify.top_share.top_zero", lambda: ck.top_share(V, 0), ValueError, "top"),
    Case("identify.top_share.top_above_1", lambda: ck.top_share(V, 1.5), ValueError, "top"),
    Case("identify.top_share.top_nan", lambda: ck.top_share(V, NAN), ValueError, "top"),
    Case("identify.top_share.top_text", lambda: ck.top_share(V, "20%"), TypeError, "top"),
    Case("identify.top_share.top_percent", lambda: ck.top_share(V, 20), ValueError, "top"),
    Case("identify.gini.single_customer", lambda: ck.gini(pd.Series([5.0])), None,
         check=lambda g: g == 0.0, why="one customer: no inequality, Gini 0 (gini docstring)"),
    Case("identify.lorenz_curve.negative", lambda: ck.lorenz_curve(pd.Series([1.0, -2.0])),
         ValueError, "negative"),
    # ABC
    Case("identify.abc_classes.a_after_b", lambda: ck.abc_classes(V, a=0.95, b=0.8), ValueError,
         "a="),
    Case("identify.abc_classes.a_nan", lambda: ck.abc_classes(V, a=NAN), ValueError, "a="),
    Case("identify.abc_classes.b_above_1", lambda: ck.abc_classes(V, b=1.2), ValueError, "b="),
    Case("identify.abc_summary.a_zero", lambda: ck.abc_summary(V, a=0), ValueError, "a="),
    # whale curve
    Case("identify.whale_curve.total_negative", lambda: ck.whale_curve(P - 1000), ValueError,
         "total"),
    Case("identify.whale_curve.cost_negative", lambda: ck.whale_curve(P, cost_to_serve=-1),
         ValueError, "cost_to_serve"),
    Case("identify.whale_curve.cost_nan", lambda: ck.whale_curve(P, cost_to_serve=NAN),
         ValueError, "cost_to_serve"),
    Case("identify.whale_curve.cost_text", lambda: ck.whale_curve(P, cost_to_serve="5"),
         TypeError, "cost_to_serve"),
    Case("identify.whale_curve.cost_series_missing_ids",
         lambda: ck.whale_curve(P, cost_to_serve=pd.Series([1.0], index=[0])), ValueError,
         "cost_to_serve"),
    Case("identify.whale_summary.top_nan", lambda: ck.whale_summary(P, top=NAN), ValueError,
         "top"),
    Case("identify.whale_summary.bottom_above_1", lambda: ck.whale_summary(P, bottom=2),
         ValueError, "bottom"),
    # pyramid
    Case("identify.pyramid_tiers.shares_not_1", lambda: ck.pyramid_tiers(V, (0.2, 0.2, 0.2)),
         ValueError, "shares"),
    Case("identify.pyramid_tiers.shares_two", lambda: ck.pyramid_tiers(V, (0.5, 0.5)),
         ValueError, "shares"),
    Case("identify.pyramid_tiers.shares_text", lambda: ck.pyramid_tiers(V, "abc"), TypeError,
         "shares"),
    Case("identify.pyramid_tiers.shares_nan", lambda: ck.pyramid_tiers(V, (NAN, 0.5, 0.5)),
         ValueError, "shares"),
    Case("identify.pyramid_tiers.threshold_nan",
         lambda: ck.pyramid_tiers(V, potential=V, potential_threshold=NAN), ValueError,
         "potential_threshold"),
    Case("identify.pyramid_tiers.threshold_inf",
         lambda: ck.pyramid_tiers(V, potential=V, potential_threshold=INF), ValueError,
         "potential_threshold"),
    Case("identify.pyramid_tiers.threshold_without_potential",
         lambda: ck.pyramid_tiers(V, potential_threshold=10.0), ValueError, "potential"),
    Case("identify.pyramid.time_not_1", lambda: ck.pyramid(V, time=(0.5, 0.5, 0.5)),
         ValueError, "time"),
    # rfm
    Case("identify.rfm.not_a_frame", lambda: ck.rfm([1, 2, 3]), TypeError, "activity"),
    Case("identify.rfm.empty", lambda: ck.rfm(ACT.iloc[:0]), ValueError, "no rows"),
    Case("identify.rfm.column_missing", lambda: ck.rfm(ACT.drop(columns="revenue")),
         ValueError, "revenue"),
    Case("identify.rfm.now_before_data", lambda: ck.rfm(ACT, now=1), ValueError, "now"),
    Case("identify.rfm.now_float", lambda: ck.rfm(ACT, now=3.5), TypeError, "now"),
    Case("identify.rfm.monetary_unknown", lambda: ck.rfm(ACT, monetary="max"), ValueError,
         "monetary"),
    Case("identify.rfm.now_far_ahead", lambda: ck.rfm(ACT, now=10**15), None,
         check=lambda t: int(t["recency"].min()) == 10**15 - 3,
         why="a `now` far after the data is allowed: recency = now - last period, counted in "
             "64-bit integers (rfm docstring)"),
    Case("identify.rfm.ties_unknown", lambda: ck.rfm(ACT, ties="random"), ValueError, "ties"),
    Case("identify.rfm.period_text",
         lambda: ck.rfm(ACT.assign(period=["a", "b", "c", "d"])), TypeError, "period"),
    Case("identify.rfm.amount_nan",
         lambda: ck.rfm(ACT.assign(revenue=[1.0, NAN, 2.0, 3.0])), ValueError, "revenue"),
    # value trend, matrix, elastic customers
    Case("identify.value_trend.not_a_base", lambda: ck.value_trend(V), TypeError, "base"),
    Case("identify.value_trend.ahead_zero", lambda: ck.value_trend(small_base(), ahead=0),
         ValueError, "ahead"),
    Case("identify.value_matrix.split_nan",
         lambda: ck.value_matrix(V, potential=V, split=NAN), ValueError, "split"),
    Case("identify.value_matrix.split_word", lambda: ck.value_matrix(V, potential=V,
                                                                     split="mode"),
         ValueError, "split"),
    Case("identify.value_matrix.split_pair_nan",
         lambda: ck.value_matrix(V, potential=V, split=(1.0, NAN)), ValueError, "split"),
    Case("identify.value_matrix.split_three", lambda: ck.value_matrix(V, potential=V,
                                                                      split=(1, 2, 3)),
         ValueError, "split"),
    Case("identify.value_matrix.no_potential", lambda: ck.value_matrix(V), ValueError,
         "potential"),
    Case("identify.value_matrix.potential_text", lambda: ck.value_matrix(V, potential=5),
         TypeError, "potential"),
    # key-account evaluation, comparison with the truth
    Case("identify.key_account_evaluation.method_unknown",
         lambda: ck.key_account_evaluation(small_base(), method="ahp"), ValueError, "method"),
    Case("identify.key_account_evaluation.not_a_frame",
         lambda: ck.key_account_evaluation([1, 2]), TypeError, "data"),
    Case("identify.key_account_evaluation.weights_unknown",
         lambda: ck.key_account_evaluation(small_base(), weights={"zodiac": 1.0}), ValueError,
         "zodiac"),
    Case("identify.key_account_evaluation.weight_negative",
         lambda: ck.key_account_evaluation(
             small_base(), weights={"total_margin": -1.0}), ValueError, "weights"),
    Case("identify.key_account_evaluation.weight_nan",
         lambda: ck.key_account_evaluation(
             small_base(), weights={"total_margin": NAN}), ValueError, "weights"),
    Case("identify.key_account_evaluation.criteria_empty",
         lambda: ck.key_account_evaluation(small_base(), criteria={}), ValueError, "criteria"),
    Case("identify.key_account_evaluation.criteria_bad_direction",
         lambda: ck.key_account_evaluation(small_base(),
                                           criteria={"total_margin": ("value", 2)}),
         ValueError, "criteria"),
    Case("identify.compare_to_truth.empty_selections",
         lambda: ck.compare_to_truth({}, [1, 2]), ValueError, "selections"),
    Case("identify.compare_to_truth.no_truth",
         lambda: ck.compare_to_truth({"a": [1]}, []), ValueError, "truth_top"),
    Case("identify.compare_to_truth.selection_a_number",
         lambda: ck.compare_to_truth({"a": 5}, [1, 2]), TypeError, "selections"),
    Case("identify.precision_recall_table.not_a_base",
         lambda: ck.precision_recall_table(V), TypeError, "base"),
    Case("identify.precision_recall_table.method_unknown",
         lambda: ck.precision_recall_table(small_base(), ["astrology"]), ValueError,
         "astrology"),
    Case("identify.precision_recall_table.top_nan",
         lambda: ck.precision_recall_table(small_base(), top=NAN), ValueError, "top"),
    # elastic customers (seed 003) and the seed 000 framework on a world without its columns
    Case("identify.elastic_customers.not_a_base",
         lambda: ck.elastic_customers(pd.Series([-1.0, 2.0])), TypeError, "base"),
    Case("identify.elastic_customers.world_lacks_traits",
         lambda: ck.elastic_customers(_without(ck.tobacco(retailers=50, weeks=4, seed=1),
                                               "growth_outlook")), ValueError,
         "growth_outlook"),
    Case("identify.elastic_customers.tobacco_late_share_over_one",
         lambda: ck.elastic_customers(ck.tobacco(retailers=50, weeks=4, seed=1),
                                      max_late_share=1.5), ValueError, "max_late_share"),
    Case("identify.elastic_customers.tobacco_recent_past_window",
         lambda: ck.elastic_customers(ck.tobacco(retailers=50, weeks=4, seed=1), recent=5),
         ValueError, "recent"),
    Case("identify.elastic_customers.late_share_text", _el(max_late_share="0.1"), ValueError,
         "max_late_share"),
    Case("identify.elastic_customers.recent_zero", _el(recent=0), ValueError, "recent"),
    Case("identify.elastic_customers.recent_past_window", _el(recent=7), ValueError, "recent"),
    Case("identify.elastic_customers.min_traits_seven", _el(min_traits=7), ValueError,
         "min_traits"),
    Case("identify.elastic_customers.min_traits_text", _el(min_traits="2"), ValueError,
         "min_traits"),
    Case("identify.elastic_customers.quantile_over_one", _el(frequency_quantile=1.5),
         ValueError, "frequency_quantile"),
    Case("identify.elastic_customers.max_loss_negative", _el(max_loss=-1.0), ValueError,
         "max_loss"),
    Case("identify.elastic_customers.capacity_nan", _el(capacity=float("nan")), ValueError,
         "capacity"),
    Case("identify.elastic_customers.payment_days_text", _el(max_payment_days="60"),
         ValueError, "max_payment_days"),
    Case("identify.elastic_customers.clv_missing_customer",
         _el(clv=pd.Series([1.0], index=[0])), ValueError, "clv"),
    Case("identify.elastic_customers.zero_capacity_keeps_none", _el(capacity=0.0), None,
         check=lambda r: not r["keep"].any(),
         why="capacity 0: no cost to serve fits, every elastic customer is dropped"),
    Case("identify.key_account_evaluation.tobacco_lacks_groups",
         lambda: ck.key_account_evaluation(ck.tobacco(retailers=50, weeks=4, seed=1)),
         ValueError, "one column per group"),
]
