"""The catalogue of bad inputs (issue 11): one row per case, grouped by area.

Each area is a module in this folder (``base.py``, ``identify.py``, ``clv.py``, ...) that defines
``CASES``, a list of :class:`Case`. ``tests/test_bad_inputs.py`` collects every module's rows and
checks, for each row, that

- the call raises ``error`` (an exception class, or a tuple of them);
- the message contains ``word`` (case-insensitive): the parameter, file or column at fault;
- the error is raised by casekit itself, not from inside numpy, pandas, scipy, json, pathlib or
  ipywidgets (the innermost traceback frame is a casekit file);

and, for rows with ``error=None`` (a documented result rather than an error), that ``call`` returns
without raising and ``check(result)`` is true. New public API adds its rows here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Case:
    """One bad input: ``call()`` must raise ``error`` whose message contains ``word``.

    ``id`` is ``area.function.what`` (e.g. ``"clv.cash_flow_table.periods_huge"``); it names the
    test. ``error=None`` marks a documented result: ``call()`` must return and ``check(result)``
    hold (say in ``why`` where the docstring documents it).
    """

    id: str
    call: Callable[[], Any]
    error: type[BaseException] | tuple[type[BaseException], ...] | None
    word: str = ""
    check: Callable[[Any], bool] | None = None
    why: str = ""
