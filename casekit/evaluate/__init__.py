"""Multi-criteria evaluation: normalisation, weighted scores, AHP, fuzzy evaluation, grading.

The course's second way of finding key customers (after ranking them by one measure) is to
score them on several criteria at once and grade them (客户分级). This module holds the
textbook tools, each a small pure function on DataFrames:

=====================  =======================================================================
:func:`normalise`      each criterion to [0, 1] (min-max or rank), 1 = best
:func:`weighted_score` Σ_j w_j · x_ij with weights summing to 1
:func:`ahp`            weights from a pairwise comparison matrix (Saaty's AHP, 层次分析法)
:func:`fuzzy_evaluate` fuzzy comprehensive evaluation B = A ∘ R (模糊综合评价)
:func:`grade`          scores → grades: quantile bands, the 30-grade 档位 scheme, thresholds
:func:`tobacco_grading` the Chengdu tobacco bureau's pipeline (seed 002): format class first,
                       then contribution / law-abiding / integrity / influence, 区别城乡
:func:`regrade`        dynamic management (动态管理): re-grade every N periods
:func:`transition_matrix`, :func:`grade_moves`  how grades move between two gradings (能上能下)
:func:`hold_grades`    a hysteresis band: a grade moves only by more than k grades
:func:`grade_service`  what each grade receives: service package and scarce supply (差异服务)
=====================  =======================================================================

Nothing here imports matplotlib or ipywidgets; pictures are in ``casekit.plots`` and
dashboards in ``casekit.widgets``.

>>> import casekit as ck
>>> r = ck.ahp([[1, 3], [1/3, 1]])
>>> r.weights.round(2).tolist()
[0.75, 0.25]

Layout: one concept per private module, public names re-exported here.

* ``_inputs`` — input checks shared by the methods
* ``_score`` — normalise, weighted_score
* ``_ahp`` — AHP: ahp, pairwise_matrix
* ``_fuzzy`` — fuzzy comprehensive evaluation
* ``_grade`` — grade: quantiles, 30 grades, thresholds
* ``_transitions`` — transition_matrix, grade_moves, hold_grades
* ``_tobacco`` — the tobacco grading pipeline, regrade
* ``_grader`` — TobaccoGrader, scale_weights, grade_summary
* ``_service`` — grade_service, service_capacity, service_actions (差异服务, 货源投放)
"""

from __future__ import annotations

from ._inputs import SUM_TOL
from ._score import normalise, weighted_score
from ._ahp import RANDOM_INDEX, AHPResult, ahp, pairwise_matrix
from ._fuzzy import FUZZY_GRADES, FuzzyResult, fuzzy_evaluate, triangular_membership
from ._grade import grade, TIE_TOL
from ._transitions import transition_matrix, grade_moves, hold_grades
from ._tobacco import TOBACCO_CRITERIA, TOBACCO_WEIGHTS, tobacco_criteria, tobacco_grading, regrade
from ._grader import TOP_GRADE, TobaccoGrader, grade_summary, scale_weights
from ._service import SERVICE_BANDS, SUPPLY_FROM, grade_service, service_actions, service_capacity

__all__ = [
    "normalise", "weighted_score",
    "RANDOM_INDEX", "AHPResult", "ahp", "pairwise_matrix",
    "FUZZY_GRADES", "FuzzyResult", "fuzzy_evaluate", "triangular_membership",
    "grade", "transition_matrix", "grade_moves", "hold_grades",
    "TOBACCO_CRITERIA", "TOBACCO_WEIGHTS", "tobacco_criteria", "tobacco_grading", "regrade",
    "TobaccoGrader", "scale_weights", "grade_summary", "TOP_GRADE",
    "SERVICE_BANDS", "SUPPLY_FROM", "grade_service", "service_capacity", "service_actions",
]
