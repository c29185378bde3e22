"""The kit's shared facts and checks: periods per year, rate conversion, argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import casekit as ck
from casekit import periods, validate


def test_periods_per_year_is_one_table():
    assert periods.periods_per_year("month") == 12 and periods.periods_per_year("week") == 52
    assert ck.PERIODS_PER_YEAR is periods.PERIODS_PER_YEAR
    with pytest.raises(ValueError, match="fortnight"):
        periods.periods_per_year("fortnight")


def test_per_period_rate_compounds_back_to_the_year():
    d = periods.per_period_rate(0.10, 12)
    assert (1 + d) ** 12 == pytest.approx(1.10, rel=1e-14)
    q = periods.per_period_rate(0.10, 12, periods=3)          # one quarter of months
    assert (1 + q) ** 4 == pytest.approx(1.10, rel=1e-14)
    arr = periods.per_period_rate(np.array([0.0, 0.21]), 2)   # 1.21^(1/2) = 1.1
    assert arr.tolist() == pytest.approx([0.0, 0.10])
    assert periods.per_period_discount(0.21, 2) == pytest.approx(1 / 1.1)


def test_checks_name_the_parameter_and_what_is_allowed():
    assert validate.check_number("x", 3, low=0) == 3.0
    with pytest.raises(TypeError, match="x=True"):
        validate.check_number("x", True)
    with pytest.raises(ValueError, match=r"x=2.0 is out of range; allowed: \[0, 1\]"):
        validate.check_number("x", 2.0, low=0, high=1)
    assert validate.check_whole("n", 4.0) == 4
    with pytest.raises(TypeError, match="whole number"):
        validate.check_whole("n", 4.5)
    with pytest.raises(ValueError, match="choose one of"):
        validate.check_choice("rule", "best", ("pyramid", "equal"))
    with pytest.raises(ValueError, match=r"allowed: \(0, 1\]"):
        validate.check_fraction("top", 0)
    with pytest.raises(TypeError, match="expected a CustomerBase"):
        validate.check_base([1, 2])


def test_world_tables_live_in_the_analysis_layer():
    from casekit import worlds
    from casekit.plots import worlds as wp

    for name in worlds.__all__:
        if name != "PRICE_CLASS_COLUMNS":
            assert getattr(ck, name) is getattr(worlds, name) is getattr(wp, name)
            assert getattr(worlds, name).__module__ == "casekit.worlds"


def test_periodic_discount_rate_is_one_function_with_checked_inputs():
    assert ck.periodic_discount_rate is periods.periodic_discount_rate
    from casekit.clv import periodic_discount_rate as from_clv

    assert from_clv is periods.periodic_discount_rate
    assert (1 + periods.periodic_discount_rate(0.10, "week")) ** 52 == pytest.approx(1.10,
                                                                                     rel=1e-14)
    with pytest.raises(ValueError, match="annual_rate=-1 is out of range"):
        periods.periodic_discount_rate(-1.0, "month")
    with pytest.raises(ValueError, match="fortnight"):
        periods.periodic_discount_rate(0.1, "fortnight")


def test_array_checks_for_the_models():
    assert validate.check_vector("x", 2).tolist() == [2.0]
    with pytest.raises(ValueError, match=r"x: expected a 1-D array, got shape \(1, 2\)"):
        validate.check_vector("x", [[1, 2]])
    with pytest.raises(ValueError, match=r"margin contains NaN .* position\(s\) \[1\]"):
        validate.check_array("margin", [1.0, float("nan")])
    with pytest.raises(TypeError, match="margin=True"):
        validate.check_array("margin", True)
    with pytest.raises(ValueError, match="lengths {'a': 2, 'b': 3}"):
        validate.check_same_length(a=[1, 2], b=[1, 2, 3])
    with pytest.raises(ValueError, match="discount=-2, -1 is out of range"):
        validate.check_rate_above_minus_one("discount", np.array([0.1, -2.0, -1.0]))
