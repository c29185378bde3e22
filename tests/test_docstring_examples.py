"""Every example in a casekit docstring (``>>>``) runs and prints what it says.

Students copy these examples; a stale one teaches the wrong thing. ``python -m casekit`` is
left out: importing it runs the command line.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import casekit

MODULES = sorted(m.name for m in pkgutil.walk_packages(casekit.__path__, "casekit.")
                 if m.name != "casekit.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS |
                             doctest.NORMALIZE_WHITESPACE, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_package_has_examples():
    finder = doctest.DocTestFinder()
    examples = sum(len(t.examples) for n in MODULES
                   for t in finder.find(importlib.import_module(n)))
    assert examples > 50
