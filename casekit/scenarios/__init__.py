"""What-if retention scenarios (挽留/保留方案模拟): costs, ROI, Monte Carlo bands, tier migration
and budget allocation.

This is the chapter where students *experiment*: "what if we spend RMB 200 a year on each key
account to lift their retention two points?" (course seeds ``000``, ``001``, ``004``). Four tools:

1. :class:`Scenario` and :func:`what_if` — a retention programme aimed at some customers, valued
   against doing nothing: expected customers retained over time, revenue, margin, programme
   cost, NPV, ΔNPV, ROI and payback; in closed form (``runs=0``) or by Monte Carlo with
   P5/P50/P95 bands (``runs>0``). The world responds as its ``truth`` says; a student may plan
   with *estimated* retention and see what deciding on an estimate costs.
2. Tier migration (客户层级迁移, Pfeifer & Carraway 2000): :func:`migration_model` estimates a Markov
   transition matrix over the tiers key / normal / small / lost from ``activity``;
   :func:`project_tiers` projects tier counts; :func:`customer_equity` values each tier,
   V = Σ_t [(1+d)^-1 P]^t R; :func:`shift_up` is a scenario acting on the matrix.
3. Allocation (金字塔时间分配): :func:`allocate_budget` splits a retention budget across tiers by
   the course's 60/30/10 pyramid, equally per customer, or optimally under a diminishing-returns
   response (Blattberg & Deighton 1991); :func:`compare_allocations` puts them side by side.
4. Retention economics: :func:`reichheld_check` (Reichheld & Sasser 1990: five points fewer
   defections, 25–85 % more profit) and :func:`gupta_lehmann` (Gupta, Lehmann & Stuart 2004:
   1 % better retention ≈ 5 % more firm value).

Conventions used throughout (stated once here, repeated where they matter)
--------------------------------------------------------------------------
* **Periods** are the base's own unit (``base.params.period_unit``: month for telecom, week for
  tobacco); ``horizon`` counts them. A year has 12 months or 52 weeks.
* **Discount**: ``discount`` is an *annual* rate; per period v = (1 + d)^(-1/periods_per_year).
* **Timing** — the worlds' own convention (their ``true_clv``): every customer still active
  at the end of observation (t = 0) is a customer in period 1; at the end of each period it
  stays with probability r. So it is there in period t with probability S_t = r^(t−1) and
  brings that period's margin at the period's *end*, discounted v^t. The programme pays its
  per-period cost at the *start* of period t for those there (S_t, discounted v^(t−1));
  one-off and fixed costs are paid now. With constant margin m, retention r and no growth,
  one customer is worth m·v·(1 − (rv)^H)/(1 − rv) → m/(1 + d_p − r), the textbook form with
  the first margin certain (Fader & Hardie 2012; ``timing="end"`` in :func:`casekit.clv`).
  A retention programme therefore changes margins from period 2 on.
* **Who counts**: customers who already left during observation (telecom ``churned``,
  tobacco ``true_alive`` False) are not part of the future and are left out.
* **Growth**: a customer's margin grows at ``true_growth`` a year (per period factor
  g = (1 + growth)^(1/periods_per_year)) for ``growth_years`` years (default: the world's
  ``growth_years`` parameter, else 1 year — tobacco's ``true_growth`` is the growth over the
  next year), then stays flat: the margin of period t is m·g^min(t−1, G), G = growth_years ×
  periods per year. A loss-making customer's margin is held flat (in the telecom world its
  fixed costs do not grow; growing a loss would deepen it).
* **Retention uplifts** are explicit: ``uplift_kind`` says how (points, relative, churn cut),
  ``uplift_per`` on which scale (annual retention R = r^12 for months, or per period r).

Sources: Reichheld & Sasser (1990) "Zero defections", HBR; Gupta & Lehmann (2003, 2005);
Gupta, Lehmann & Stuart (2004) "Valuing customers", JMR; Pfeifer & Carraway (2000) "Modeling
customer relationships as Markov chains", J. Interactive Marketing; Blattberg & Deighton (1991)
"Interactive marketing: exploiting the age of addressability", Sloan Management Review.

Layout: one concept per private module, public names re-exported here.

* ``_response`` — the world's true response and the valuation setting
* ``_scenario`` — Scenario: a programme, its target and uplift
* ``_flows`` — closed-form present values and expected flows
* ``_montecarlo`` — Monte Carlo building blocks; estimate_spend_cv
* ``_planner`` — RetentionPlanner: baseline cached, scenarios valued
* ``_result`` — WhatIfResult
* ``_whatif`` — what_if
* ``_migration`` — tier migration (Pfeifer & Carraway 2000)
* ``_allocation`` — budget allocation across tiers
* ``_economics`` — Reichheld & Sasser; Gupta, Lehmann & Stuart
"""

from __future__ import annotations

from ._response import true_response
from ._scenario import Scenario, UPLIFT_KINDS, PYRAMID_TIERS
from ._montecarlo import estimate_spend_cv
from ._planner import RetentionPlanner
from ._result import WhatIfResult
from ._whatif import what_if
from ._migration import (
    MIGRATION_TIERS, Migration, migration_model, migration_matrix, project_tiers, customer_equity,
    shift_up,
)
from ._allocation import PYRAMID_SHARES, allocate_budget, compare_allocations, retention_response
from ._economics import reichheld_check, gupta_lehmann, REICHHELD_RANGE, GUPTA_LEHMANN_REPORTED

__all__ = [
    # what-if scenarios
    "Scenario", "what_if", "WhatIfResult", "true_response", "UPLIFT_KINDS",
    "RetentionPlanner", "estimate_spend_cv", "PYRAMID_TIERS",
    # tier migration (Pfeifer & Carraway 2000)
    "MIGRATION_TIERS", "Migration", "migration_model", "migration_matrix", "project_tiers",
    "customer_equity", "shift_up",
    # allocation
    "PYRAMID_SHARES", "allocate_budget", "compare_allocations", "retention_response",
    # retention economics
    "reichheld_check", "gupta_lehmann",
]
