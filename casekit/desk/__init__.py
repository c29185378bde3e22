"""The instructor's desk: collect, grade and debrief a class (issue 17).

The loop: ``python -m casekit class-pack`` gives every student a dataset; the check cells of
their notebooks record answers in ``<notebook>.answers.json`` beside the notebook
(:mod:`casekit.check`); then

* :func:`collect` gathers the files into a class folder, matched to the roster (missing,
  duplicate and unknown students reported);
* :func:`grade` re-checks every answer on that student's own dataset — no student code is
  run — into a :class:`Gradebook` (one row per student, a mistakes table, flagged files);
* :func:`debrief` plays every recorded case plan forward on its student's dataset;
* :func:`grade_distribution`, :func:`hardest_questions`, :func:`frequent_mistakes`,
  :func:`student_answers` — the dashboard's tables (``dashboards/instructor.ipynb``).

Layout: one concept per private module.

* ``_roster`` — reading the roster
* ``_io`` — CSV writes (spreadsheet formulas escaped, atomic)
* ``_verify`` — is a submitted file genuine and this student's?
* ``_collect`` — collect
* ``_grade`` — grade, Gradebook
* ``_analysis`` — the dashboard's tables
* ``_debrief`` — the case debrief
"""

from ._io import escape_formulas, write_csv
from ._roster import read_roster
from ._verify import PROBLEMS, Flag, verify
from ._collect import Collected, collect
from ._grade import Gradebook, grade
from ._analysis import frequent_mistakes, grade_distribution, hardest_questions, student_answers
from ._debrief import debrief

__all__ = ["collect", "Collected", "grade", "Gradebook", "debrief", "grade_distribution",
           "hardest_questions", "frequent_mistakes", "student_answers", "verify", "Flag",
           "PROBLEMS", "escape_formulas", "write_csv", "read_roster"]
