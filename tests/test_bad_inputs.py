"""Every row of the bad-input catalogue (``tests/bad_inputs/``): a clear error from casekit."""

from __future__ import annotations

import importlib
import pkgutil
import re
import traceback
from pathlib import Path

import pytest

import bad_inputs
from bad_inputs import Case

CASEKIT = Path(__import__("casekit").__file__).resolve().parent


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    for info in sorted(pkgutil.iter_modules(bad_inputs.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"bad_inputs.{info.name}")
        cases.extend(module.CASES)
    return cases


CASES = _all_cases()


def test_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def _raised_in_casekit(exc: BaseException) -> bool:
    """True when the innermost frame of the traceback is a casekit file."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(CASEKIT)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case):
    if case.error is None:
        result = case.call()
        assert case.check is None or case.check(result), f"documented result not met: {case.why}"
        return
    with pytest.raises(case.error) as info:
        case.call()
    message = str(info.value)
    assert re.search(re.escape(case.word), message, flags=re.IGNORECASE), (
        f"message does not name {case.word!r}: {message}")
    assert _raised_in_casekit(info.value), (
        "raised from inside a library, not by casekit:\n"
        + "".join(traceback.format_exception(info.value)))
