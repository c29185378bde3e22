"""The exercise questions, one module per chapter (``ex01`` … ``ex07``).

Each module defines ``CHAPTER`` (a :class:`casekit.check.Chapter`) whose questions compute their
expected answers from the student's customer base with plain pandas/numpy — independently of
the casekit function the student is meant to use — and list the usual mistakes they recognise.
The notebooks that ask these questions are in ``exercises/source/`` (see ``casekit.assign``).
"""
