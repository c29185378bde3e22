"""The tobacco world's profile weights as parameters (issue 16): each has an effect, and the
defaults are the values the world was built with.

Expectations are derived from the documented process, not from the generator's output:
a loading of 0 removes the dependence on the latent score (rank correlation about 0, within a
few standard errors 1/√n); the −b²/2 offset keeps the mean rate whatever the loading (the
lognormal mean E[exp(−bZ − b²/2)] = 1); the Beta(mκ, (1 − m)κ) variance is m(1 − m)/(κ + 1).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

import casekit as ck
from casekit.generate.tobacco_spec import FORMAT_TABLE

N = 6000


def _rho(x, y) -> float:
    return float(stats.spearmanr(np.asarray(x, float), np.asarray(y, float))[0])


@pytest.fixture(scope="module")
def ref():
    return ck.tobacco(retailers=N, weeks=2, seed=11)


def test_defaults_are_the_values_the_world_was_built_with():
    d = ck.tobacco_params().values
    assert (d["influence_size_loading"], d["traffic_influence_loading"],
            d["location_influence_loading"], d["location_noise_sd"]) == (0.5, 0.6, 0.9, 0.436)
    assert (d["violation_compliance_loading"], d["honesty_integrity_loading"],
            d["late_payment_integrity_loading"], d["e_settlement_concentration"]) == \
        (0.8, 0.8, 0.9, 10.0)
    assert (d["price_urban_shift"], d["price_size_loading"], d["price_format_loading"],
            d["price_noise_sd"], d["price_class1_offset"]) == (0.4, 0.3, 0.5, 0.7, -0.8)


def test_traffic_loading_zero_removes_the_influence_reading(ref):
    # default: log traffic = … + 0.6·z_inf + 0.3·noise → a clear positive rank correlation
    assert _rho(ref.customers["foot_traffic"], ref.truth["true_influence"]) > 0.3
    off = ck.tobacco(retailers=N, weeks=2, seed=11, traffic_influence_loading=0.0)
    # z_inf is independent of format and region, so what is left is noise: |ρ| < 4/√n
    assert abs(_rho(off.customers["foot_traffic"], off.truth["true_influence"])) < 4 / N ** 0.5
    # only the traffic column moved
    assert off.customers["location_score"].equals(ref.customers["location_score"])
    assert off.activity.equals(ref.activity)


def test_violation_loading_moves_who_not_how_many(ref):
    off = ck.tobacco(retailers=N, weeks=2, seed=11, violation_compliance_loading=0.0)
    assert _rho(ref.customers["licence_violations"], ref.truth["true_compliance"]) < -0.1
    assert abs(_rho(off.customers["licence_violations"], off.truth["true_compliance"])) \
        < 4 / N ** 0.5
    # mean count by hand: 3 years × 0.08 a year × mean format multiplier (shares of the formats)
    shares = ref.customers["format"].value_counts(normalize=True)
    mult = sum(shares[f] * FORMAT_TABLE[f][4] for f in shares.index)
    expected = 3 * 0.08 * mult
    for b in (ref, off):
        counts = b.customers["licence_violations"].to_numpy(float)
        assert counts.mean() == pytest.approx(expected, abs=4 * counts.std() / N ** 0.5)


def test_e_settlement_concentration_sets_the_spread():
    # urban groceries: m = expit(logit(0.85) − 0.3) (format shift of grocery), sd √(m(1−m)/(κ+1))
    m = special.expit(special.logit(0.85) + FORMAT_TABLE["grocery"][6])
    for kappa in (10.0, 100.0):
        c = ck.tobacco(retailers=N, weeks=2, seed=4, e_settlement_concentration=kappa).customers
        x = c.loc[(c["format"] == "grocery") & (c["region"] == "urban"),
                  "e_settlement_share"].to_numpy(float)
        assert x.mean() == pytest.approx(m, abs=0.01)
        assert x.std() == pytest.approx(np.sqrt(m * (1 - m) / (kappa + 1)), rel=0.1)


def test_price_noise_zero_gives_one_price_per_format_region_and_size():
    c = ck.tobacco(retailers=400, weeks=2, seed=3, price_noise_sd=0.0,
                   price_size_loading=0.0).customers
    # without noise and size, the price position depends on region and format only
    assert c.groupby(["format", "region"], observed=True)["price_class3"].nunique().max() == 1


def test_influence_size_loading_ties_influence_to_size(ref):
    one = ck.tobacco(retailers=N, weeks=2, seed=11, influence_size_loading=1.0)
    big_spend = lambda b: b.truth["true_order_value_potential"]  # noqa: E731  (∝ size)
    # influence = Φ(z_size) exactly: rank correlation with ν (a function of z_size within a
    # format and region) is high; at the default 0.5 it is about 0.5 or less
    assert _rho(big_spend(one), one.truth["true_influence"]) > \
        _rho(big_spend(ref), ref.truth["true_influence"]) + 0.2


def test_bad_values_of_the_new_parameters():
    with pytest.raises(ValueError, match=r"influence_size_loading=1\.5 is out of range"):
        ck.tobacco_params(influence_size_loading=1.5)
    with pytest.raises(ValueError, match="e_settlement_concentration"):
        ck.tobacco_params(e_settlement_concentration=0.0)
    with pytest.raises(TypeError, match="price_noise_sd"):
        ck.tobacco_params(price_noise_sd="0.7")
