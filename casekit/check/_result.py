"""The result of checking one answer, and the symbols and phrases it shows."""

from __future__ import annotations

from dataclasses import dataclass, field


#: The exercise chapters, in course order (modules ``casekit.exercises.exNN``).
CHAPTERS = ("ex01", "ex02", "ex03", "ex04", "ex05", "ex06", "ex07", "ex09",
            "case_tobacco", "case_telecom")

#: Symbols at the start of every message, by status.
SYMBOLS = {"correct": "✔", "wrong": "✘", "unanswered": "·", "partial": "◐", "unavailable": "?"}

NOT_ANSWERED = "not answered yet — replace the `...` with your answer and run the cell again"


# --------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------


@dataclass
class CheckResult:
    """What one check found.

    ``ok`` is True (correct), False (wrong) or None (not answered, only partly checked, or no
    data to check against). ``status`` says which: ``"correct"``, ``"wrong"``,
    ``"unanswered"``, ``"partial"`` or ``"unavailable"``. ``mistake`` names the usual mistake
    the answer matched (e.g. ``"ascending"``), if any; ``message`` is the line printed.

    Attributes
    ----------
    question : str
        The question's full id, ``"exNN.qM"``.
    ok : bool or None
        True (correct), False (wrong) or None (not judged).
    status : str
        ``"correct"``, ``"wrong"``, ``"unanswered"``, ``"partial"`` or ``"unavailable"``.
    message : str
        The line printed to the student.
    mistake : str or None
        The code of the usual mistake the answer matched, if any.
    """

    question: str
    ok: bool | None
    status: str
    message: str
    mistake: str | None = None
    _displayed: bool = field(default=False, repr=False, compare=False)

    def __str__(self) -> str:
        return self.message

    def _ipython_display_(self) -> None:
        # check() has already printed the message; when the result is the last expression of
        # a cell, Jupyter would show it a second time. Swallow that first display only.
        if self._displayed:
            print(self.message)
        self._displayed = True
