"""The datasheet's prose on the response models of play_forward (one section per action),
read from the base's own parameters; the acquisition costs it states are the telecom story's."""

from __future__ import annotations

import numpy as np

import casekit as ck
from casekit.base._responses import CHANNEL_COST_TEXT, LINE_ACQ_COST_TEXT
from casekit.generate.telecom_spec import CHANNEL_COST, CHANNELS, LINE_ACQ_COST, SEGMENTS

ACTIONS = ("Scenario", "AccountHours", "LetGo", "ServicePackage", "SupplyAllocation",
           "Acquisition")


def _readme(base, tmp_path) -> str:
    return (base.save(tmp_path / base.world) / "README.md").read_text(encoding="utf-8")


def test_every_action_has_a_section_in_both_worlds(tmp_path):
    for base in (ck.telecom(200, 3, seed=1), ck.tobacco(200, 8, seed=1)):
        text = _readme(base, tmp_path)
        part = text.split("## Response models of a plan (ck.play_forward)")[1]
        heads = [line[4:].split(" ")[0] for line in part.splitlines()
                 if line.startswith("### ")]
        assert heads[:len(ACTIONS)] == list(ACTIONS)
        assert "Source:" in part and "### Forecast and outcome" in part


def test_the_values_are_the_base_own_parameters(tmp_path):
    text = _readme(ck.telecom(200, 3, seed=1, am_hour_cost=200.0, am_response_k=0.5),
                   tmp_path)
    assert "Cost: RMB 200 an hour" in text
    assert "(1 − e^(−0.5·h))" in text
    tob = _readme(ck.tobacco(2000, 8, seed=1, scarce_cartons_per_week=40.0), tmp_path)
    # 40 cartons per 1,000 retailers, 2,000 retailers: 80 a week
    assert "may not exceed 40 per 1,000 retailers (80 a week in this base" in tob
    assert "| premium | 1 | 0.25 | 0.3 | 0.5 | 20 |" in tob      # the defaults, by hand


def test_the_stated_acquisition_costs_are_the_telecom_story():
    assert list(CHANNEL_COST_TEXT) == list(CHANNELS)
    assert np.array_equal(np.array(list(CHANNEL_COST_TEXT.values()), dtype=float),
                          CHANNEL_COST)
    # LINE_ACQ_COST is indexed by segment code, in SEGMENTS order
    assert list(LINE_ACQ_COST_TEXT) == list(SEGMENTS)
    assert np.array_equal(np.array(list(LINE_ACQ_COST_TEXT.values()), dtype=float),
                          LINE_ACQ_COST)
