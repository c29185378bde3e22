"""Bad inputs to the CLV formula, the cash-flow table, the sBG, per-customer CLV and the
buy-till-you-die models (casekit.clv, casekit.btyd)."""

import numpy as np
import pandas as pd

import casekit as ck
from bad_inputs import Case

_CDNOW = ck.BetaGeo(**ck.CDNOW_BGNBD, time_unit="week")
_SBG = ck.ShiftedBetaGeometric(alpha=0.7, beta=1.2)
_BGBB = ck.BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
_X30, _TX30, _T30 = np.full(30, 2.0), np.full(30, 5.0), np.full(30, 10.0)
_LOG = pd.DataFrame({"customer_id": [0, 0, 1], "period": [1, 3, 2], "revenue": [1.0, 2.0, 3.0]})


def _summary_without_unit():
    s = ck.summary_from_activity(_LOG, observation_end=4, time_unit="week")
    s.attrs.clear()
    return s


CASES = [
    # -- the formula ------------------------------------------------------------------------
    Case("clv.clv.series_misaligned",
         lambda: ck.clv(pd.Series([100.0, 200.0], index=["a", "b"]),
                        pd.Series([0.9, 0.8], index=["b", "a"]), 0.1),
         ValueError, "different indexes",
         why="numpy would pair a's margin with b's retention"),
    Case("clv.clv.series_aligned",
         lambda: ck.clv(pd.Series([100.0, 200.0], index=["a", "b"]),
                        pd.Series([0.9, 0.8], index=["a", "b"]), 0.0, periods=1),
         None, check=lambda r: list(r.index) == ["a", "b"] and r.tolist() == [100.0, 200.0],
         why="same index: a Series out, one value per customer"),
    Case("clv.clv.retention_above_one", lambda: ck.clv(100, 1.5, 0.1), ValueError, "retention"),
    Case("clv.clv.margin_nan", lambda: ck.clv(np.nan, 0.9, 0.1), ValueError, "margin"),
    Case("clv.clv.margin_text", lambda: ck.clv("100", 0.9, 0.1), TypeError, "margin"),
    Case("clv.clv.discount_minus_one", lambda: ck.clv(100, 0.9, -1.0), ValueError, "discount"),
    Case("clv.clv.timing_unknown", lambda: ck.clv(100, 0.9, 0.1, timing="middle"), ValueError,
         "timing"),
    Case("clv.clv.periods_fraction", lambda: ck.clv(100, 0.9, 0.1, periods=2.5), ValueError,
         "periods"),
    Case("clv.clv.never_leaves", lambda: ck.clv(100, 1.0, 0.0), ValueError, "retention"),
    Case("clv.periodic_discount_rate.unit", lambda: ck.periodic_discount_rate(0.1, "fortnight"),
         ValueError, "period_unit"),
    Case("clv.periodic_discount_rate.rate_nan", lambda: ck.periodic_discount_rate(np.nan, "week"),
         ValueError, "annual_rate"),
    # -- the cash-flow table ----------------------------------------------------------------
    Case("clv.cash_flow_table.periods_huge_memory",
         lambda: ck.cash_flow_table(100, 0.9, 0.01, periods=10**9), ValueError, "80.0 GB",
         why="refused before allocating: the message gives the memory it would take"),
    Case("clv.cash_flow_table.periods_huge_bound",
         lambda: ck.cash_flow_table(100, 0.9, 0.01, periods=10**9), ValueError, "100,000"),
    Case("clv.cash_flow_table.periods_zero", lambda: ck.cash_flow_table(100, 0.9, 0.01, periods=0),
         ValueError, "periods"),
    Case("clv.cash_flow_table.revenue_length",
         lambda: ck.cash_flow_table([1.0, 2.0, 3.0], 0.9, 0.1, periods=5), ValueError, "revenue"),
    Case("clv.cash_flow_table.no_horizon", lambda: ck.cash_flow_table(100, 0.9, 0.1),
         ValueError, "periods"),
    Case("clv.cash_flow_table.discount_sequence",
         lambda: ck.cash_flow_table(100, 0.9, [0.1, 0.2], periods=2), TypeError, "discount"),
    # -- sBG ----------------------------------------------------------------------------------
    Case("clv.sbg.survival_negative", lambda: _SBG.survival(-3), ValueError, "t=-3"),
    Case("clv.sbg.retention_period_zero", lambda: _SBG.retention(0), ValueError, "t=0"),
    Case("clv.sbg.churn_probability_nan", lambda: _SBG.churn_probability(np.nan), ValueError,
         "t contains NaN"),
    Case("clv.sbg.alpha_nan", lambda: ck.ShiftedBetaGeometric(alpha=np.nan, beta=1.0),
         ValueError, "alpha"),
    Case("clv.sbg.only_beta", lambda: ck.ShiftedBetaGeometric(beta=1.0), ValueError, "alpha"),
    Case("clv.sbg.survivors_rise", lambda: ck.ShiftedBetaGeometric().fit([100, 80, 90]),
         ValueError, "survivors"),
    # -- per-customer CLV ---------------------------------------------------------------------
    Case("clv.customer_clv.method_unknown",
         lambda: ck.customer_clv(ck.load("datasets/telecom"), method="magic"), ValueError,
         "method"),
    Case("clv.customer_clv.horizon_zero",
         lambda: ck.customer_clv(ck.load("datasets/telecom"), horizon=0), ValueError, "horizon"),
    Case("clv.customer_clv.not_a_base", lambda: ck.customer_clv(_LOG), TypeError, "base"),
    Case("clv.choose_clv_method.not_a_base", lambda: ck.choose_clv_method("tobacco"), TypeError,
         "base"),
    # -- buy-till-you-die models ---------------------------------------------------------------
    Case("btyd.bgnbd.probability_of_purchases_fraction",
         lambda: _CDNOW.probability_of_purchases(1.5, 10.0), ValueError, "x=1.5"),
    Case("btyd.bgnbd.probability_of_purchases_negative_t",
         lambda: _CDNOW.probability_of_purchases(1, -2.0), ValueError, "t=-2"),
    Case("btyd.bgnbd.params_nan", lambda: ck.BetaGeo(r=np.nan, alpha=1.0, a=1.0, b=1.0),
         ValueError, "r=nan"),
    Case("btyd.bgnbd.params_partial", lambda: ck.BetaGeo(r=1.0), ValueError, "give all 4 parameters"),
    Case("btyd.bgnbd.params_text", lambda: ck.BetaGeo(r="1", alpha=1.0, a=1.0, b=1.0),
         TypeError, "r="),
    Case("btyd.bgnbd.recency_after_T", lambda: ck.BetaGeo().fit([1, 2], [10.0, 5.0], [8.0, 9.0]),
         ValueError, "recency"),
    Case("btyd.bgnbd.weights_negative",
         lambda: ck.BetaGeo().fit(_X30, _TX30, _T30, weights=np.full(30, -1.0)), ValueError,
         "weights"),
    Case("btyd.bgnbd.discount_nan",
         lambda: _CDNOW.discounted_expected_purchases(10, np.nan, [1], [2.0], [5.0]), ValueError,
         "discount"),
    Case("btyd.bgnbd.horizon_fraction",
         lambda: _CDNOW.discounted_expected_purchases(2.5, 0.01, [1], [2.0], [5.0]), ValueError,
         "horizon"),
    Case("btyd.gammagamma.negative_spend", lambda: ck.GammaGamma().fit([1, 2], [10.0, -3.0]),
         ValueError, "monetary"),
    Case("btyd.gammagamma.params_nan", lambda: ck.GammaGamma(p=np.nan, q=1.0, gamma=1.0),
         ValueError, "p=nan"),
    Case("btyd.paretonbd.params_negative",
         lambda: ck.ParetoNBD(r=-1.0, alpha=1.0, s=1.0, beta=1.0), ValueError, "r=-1"),
    Case("btyd.bgbb.fractional_periods",
         lambda: ck.BetaGeoBetaBinom().fit(np.full(30, 1.5), np.full(30, 2.0), np.full(30, 6.0)),
         ValueError, "frequency"),
    Case("btyd.bgbb.frequency_above_recency",
         lambda: ck.BetaGeoBetaBinom().fit([3], [2], [6]), ValueError, "frequency > recency"),
    Case("btyd.bgbb.future_negative",
         lambda: _BGBB.probability_alive([1], [1], [6], future=-1), ValueError, "future"),
    Case("btyd.mbgcnbd.k_zero", lambda: ck.MBGCNBD(k=0), ValueError, "k=0"),
    Case("btyd.mbgcnbd.k_fraction", lambda: ck.MBGCNBD(k=2.5), ValueError, "k=2.5"),
    Case("btyd.mbgcnbd.litt_missing", lambda: ck.MBGCNBD(k=3).fit(_X30, _TX30, _T30),
         ValueError, "litt"),
    Case("btyd.estimate_regularity.min_purchases",
         lambda: ck.estimate_regularity(_LOG, min_purchases=2), ValueError, "min_purchases"),
    Case("btyd.calibration_holdout.end_out_of_range",
         lambda: ck.calibration_holdout(_LOG, 3, observation_end=3, time_unit="week"),
         ValueError, "calibration_end"),
    Case("btyd.btyd_clv.no_time_unit",
         lambda: ck.btyd_clv(_CDNOW, ck.GammaGamma(**ck.CDNOW_GAMMA_GAMMA),
                             _summary_without_unit(), horizon=10, annual_discount=0.1),
         ValueError, "time_unit"),
    Case("btyd.frequency_recency_matrix.kind",
         lambda: ck.frequency_recency_matrix(_CDNOW, 10, kind="both"), ValueError, "kind"),
    Case("btyd.compare_models.empty", lambda: ck.compare_models({}, _LOG), TypeError, "models"),
    Case("btyd.summary_from_activity.no_unit",
         lambda: ck.summary_from_activity(_LOG, observation_end=4), ValueError, "time_unit"),
]
