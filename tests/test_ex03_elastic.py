"""ex03.q4–q5 (issue 12, item 1): the elastic-customer count agrees with ck.elastic_customers,
and the keep decision is a real one — it goes either way across class-pack datasets."""

from __future__ import annotations

import casekit as ck
from casekit.exercises import ex03
from casekit.generate.classpack import student_seed


def test_keep_elastic_goes_either_way_across_students():
    decisions = set()
    for sid in range(6):
        base = ck.telecom(customers=2000, months=24, seed=student_seed(2025, f"s{sid:03d}"))
        # q4's recount (written from the seed's definition) = the library's rule
        assert ex03.elastic_count(base) == int(ck.elastic_customers(base)["elastic"].sum())
        decision, loss = ex03.keep_elastic(base)
        assert loss > 0
        decisions.add(decision)
    assert decisions == {"yes", "no"}


def test_keep_elastic_compares_the_loss_with_one_percent_of_margin():
    base = ck.telecom(customers=2000, months=24, seed=student_seed(2025, "s000"))
    decision, loss = ex03.keep_elastic(base)
    limit = ex03.keep_elastic(base, figure="limit")[1]
    assert (decision == "yes") == (loss <= limit)
    # the limit is 1 % of the active customers' total mean margin over the last 6 months
    act = base.activity[base.activity["period"] > 18]
    m = act.groupby("customer_id")["margin"].mean()
    active = base.customers.loc[~base.customers["churned"], "customer_id"]
    assert abs(limit - 0.01 * m.reindex(active, fill_value=0.0).sum()) < 1e-6
