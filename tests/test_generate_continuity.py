"""A longer generation continues the same world (issue 13).

``ck.telecom(..., months=N + k)`` and ``ck.telecom(..., months=N)`` describe one world
observed for two lengths of time. What "equal" means, precisely:

* activity: the rows of periods 1..N of the longer base are the shorter base's activity,
  byte for byte (same rows, same order, same dtypes, same CSV text);
* customers: the *static* columns (the profile at the start) are identical; the *observed
  summaries* (totals, months active, churned, order weeks …) are those of the shorter window,
  so they equal the longer base's activity summed over periods 1..N only;
* truth: the latent per-customer values that do not refer to "now" are identical (θ, λ, the
  growth rate; q, p, V∞, the margin rate, the latent scores); values at the end of
  observation (retention, CLV, tier …) refer to a different "now" and may differ.

Expected values come from the longer base itself, filtered with pandas — not from the
generator's own summary code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit as ck

TELECOM_SUMMARY = ["complaints", "months_active", "churned", "churn_month", "total_revenue",
                   "total_margin", "avg_monthly_revenue"]
TOBACCO_SUMMARY = ["late_payments", "orders", "total_cartons", "total_revenue", "total_margin",
                   "first_order_week", "last_order_week", "licence_closed"]
TELECOM_LATENT = ["customer_id", "true_churn_propensity", "true_complaint_rate", "true_growth"]
TOBACCO_LATENT = ["customer_id", "true_order_rate", "true_dropout",
                  "true_order_value_potential", "true_margin_rate", "true_compliance",
                  "true_integrity", "true_influence"]


def _first_periods(base: ck.CustomerBase, n: int) -> pd.DataFrame:
    a = base.activity
    return a[a["period"] <= n].reset_index(drop=True)


def _same_bytes(x: pd.DataFrame, y: pd.DataFrame) -> bool:
    return (x.to_csv(index=False) == y.to_csv(index=False)
            and list(x.dtypes) == list(y.dtypes) and x.equals(y))


@pytest.mark.parametrize("size,n,k,seed", [(300, 6, 6, 0), (2000, 12, 12, 3),
                                           (5000, 24, 7, 11)])
def test_telecom_longer_generation_continues(size, n, k, seed):
    short = ck.telecom(customers=size, months=n, seed=seed)
    long = ck.telecom(customers=size, months=n + k, seed=seed)
    assert _same_bytes(_first_periods(long, n), short.activity)
    assert (long.activity["period"] > n).any()               # the longer base did go on
    static = [c for c in short.customers.columns if c not in TELECOM_SUMMARY]
    assert _same_bytes(short.customers[static], long.customers[static])
    assert _same_bytes(short.truth[TELECOM_LATENT], long.truth[TELECOM_LATENT])
    # observed summaries of the short base = the long base's rows of periods 1..n
    first = _first_periods(long, n).groupby("customer_id")
    c = short.customers.set_index("customer_id")
    assert (first.size() == c["months_active"]).all()
    assert np.allclose(first["revenue"].sum(), c["total_revenue"], atol=0.006)
    assert (first["complaints"].sum() == c["complaints"]).all()
    lc = long.customers.set_index("customer_id")["churn_month"]
    assert (c["churn_month"] == np.where((lc > 0) & (lc <= n), lc, 0)).all()


@pytest.mark.parametrize("size,n,k,seed", [(300, 10, 5, 0), (1500, 26, 26, 2),
                                           (4000, 52, 8, 9)])
def test_tobacco_longer_generation_continues(size, n, k, seed):
    short = ck.tobacco(retailers=size, weeks=n, seed=seed)
    long = ck.tobacco(retailers=size, weeks=n + k, seed=seed)
    assert _same_bytes(_first_periods(long, n), short.activity)
    assert (long.activity["period"] > n).any()
    static = [c for c in short.customers.columns if c not in TOBACCO_SUMMARY]
    assert _same_bytes(short.customers[static], long.customers[static])
    assert _same_bytes(short.truth[TOBACCO_LATENT], long.truth[TOBACCO_LATENT])
    first = _first_periods(long, n).groupby("customer_id")
    c = short.customers.set_index("customer_id")
    orders = first.size().reindex(c.index, fill_value=0)
    assert (orders == c["orders"]).all()
    assert np.allclose(first["revenue"].sum().reindex(c.index, fill_value=0),
                       c["total_revenue"], atol=0.006)
    assert (first["cartons"].sum().reindex(c.index, fill_value=0) == c["total_cartons"]).all()
    assert (c["late_payments"] <= long.customers.set_index("customer_id")["late_payments"]).all()
    # a licence that closed within n weeks closed at the same week in the longer base
    ds, dl = short.truth["true_dropout_week"], long.truth["true_dropout_week"]
    assert (ds[ds > 0] == dl[ds > 0]).all()
    assert ((dl > 0) & (dl <= n)).sum() == (ds > 0).sum()
