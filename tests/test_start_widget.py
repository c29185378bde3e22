"""The first widget (notebook 00): moving the slider changes the number and the plot."""


import numpy as np
import pytest

from casekit.widgets.start import expected_lifetime, retention_demo

from pictures import assert_same_picture, pixels




def test_expected_lifetime_by_hand():
    # geometric lifetime: r = 0.9 -> 1 / 0.1 = 10 periods; r = 0 -> exactly one period
    assert expected_lifetime(0.9) == pytest.approx(10.0)
    assert expected_lifetime(0.0) == 1.0
    with pytest.raises(ValueError, match=r"retention=1\.0"):
        expected_lifetime(1.0)


def test_slider_drives_number_and_plot():
    box = retention_demo(retention=0.80, months=24)
    assert ">5.0<" in box.number.value           # 1 / (1 - 0.8)
    first = bytes(box.plot.value)
    box.slider.value = 0.95
    assert ">20.0<" in box.number.value          # 1 / (1 - 0.95)
    assert box.figure is box.live.figure         # the figure stays; its curve is redrawn
    assert len(box.figure.axes[0].lines) == 1    # the old curve is gone
    t, share = box.figure.axes[0].lines[0].get_data()
    assert t[-1] == 24 and share[12] == pytest.approx(0.95 ** 12)
    assert bytes(box.plot.value) != first


def test_a_move_blits_and_matches_a_fresh_demo():
    box = retention_demo(retention=0.80, months=24)
    draws = box.live.full_draws
    box.slider.value = 0.93
    assert box.live.full_draws == draws           # only the curve was drawn again
    fresh = retention_demo(retention=0.93, months=24)
    assert_same_picture(box.plot.value, fresh.plot.value)
    # and the picture did change: the old one differs from the new one
    before = retention_demo(retention=0.80, months=24)
    assert (pixels(before.plot.value) != pixels(box.plot.value)).any()
