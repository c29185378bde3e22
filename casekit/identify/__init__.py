"""Identify key customers (识别核心客户): Pareto/ABC, Lorenz/Gini, whale curve, pyramid, RFM,
value matrix, elastic customers, the telecom key-account evaluation, and a check against truth.

Every method takes the per-customer values it needs in any of these forms:

* a :class:`pandas.Series` indexed by customer id (one value per customer);
* a :class:`pandas.DataFrame` with a ``customer_id`` column and the measure column (several
  rows per customer, e.g. an ``activity`` table, are summed);
* a numpy array or list (customers are then numbered 0..n-1);
* a :class:`casekit.CustomerBase`: the measure (``"revenue"``, ``"margin"`` or any numeric
  column of ``activity``) is aggregated per customer over the observed periods, and customers
  without activity count with value 0.

Ties are always broken the same way: by customer id, ascending. Results are DataFrames with
English snake_case columns; category values (``"key"``, ``"champions"``, ``"maintain"``) are
translated for display with :func:`casekit.labels.label`.

Example
-------
>>> import casekit as ck
>>> ck.top_share([50, 30, 10, 5, 5], 0.2)        # the top customer of five holds half
0.5
>>> ck.gini([1, 1, 1, 1])
0.0

Layout: one concept per private module, public names re-exported here.

* ``_values`` — per-customer values from any input; ranking
* ``_pareto`` — Pareto / ABC, Lorenz, Gini
* ``_whale`` — the whale curve
* ``_pyramid`` — the customer pyramid
* ``_rfm`` — RFM scores and segments
* ``_matrix`` — value trend, value matrix
* ``_elastic`` — elastic customers: traits, preconditions, strategy
* ``_key_account`` — the telecom key-account evaluation
* ``_truth`` — precision and recall against the truth
"""

from __future__ import annotations

from ._values import customer_values, curve_at
from ._pareto import (
    pareto_table, top_share, abc_classes, abc_summary, lorenz_curve, gini, pareto_values,
    abc_class_counts,
)
from ._whale import whale_curve, whale_summary, whale_values
from ._pyramid import pyramid_tiers, pyramid, PYRAMID_STRATEGY
from ._rfm import rfm, RFM_SEGMENTS, RFM_GRID
from ._matrix import value_trend, value_matrix
from ._elastic import (
    elastic_customers, ELASTIC_COLUMNS, TOBACCO_ELASTIC_COLUMNS, ELASTIC_TRAITS,
    ELASTIC_STRATEGIES,
)
from ._key_account import key_account_evaluation, TELECOM_CRITERIA, TELECOM_GROUPS
from ._truth import compare_to_truth, precision_recall_table, SELECTION_METHODS, selected_ids

__all__ = [
    "customer_values", "pareto_table", "top_share", "abc_classes", "abc_summary",
    "lorenz_curve", "gini", "whale_curve", "whale_summary", "pyramid_tiers", "pyramid",
    "PYRAMID_STRATEGY", "rfm", "RFM_SEGMENTS", "value_trend", "value_matrix",
    "elastic_customers", "ELASTIC_COLUMNS", "TOBACCO_ELASTIC_COLUMNS", "ELASTIC_TRAITS",
    "ELASTIC_STRATEGIES",
    "key_account_evaluation", "TELECOM_CRITERIA", "TELECOM_GROUPS",
    "compare_to_truth",
    "precision_recall_table", "SELECTION_METHODS",
    # the building blocks the pictures draw
    "pareto_values", "abc_class_counts", "curve_at", "whale_values", "RFM_GRID", "selected_ids",
]
