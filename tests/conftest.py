"""Every test starts in English with matplotlib's settings as they were, and leaves them so.

The display language is process-wide (``casekit.labels``) and ``set_language("zh")`` changes
matplotlib rcParams; a test that switches either must not leak into the next one.
"""

from __future__ import annotations

import pytest

from casekit import labels


@pytest.fixture(autouse=True)
def english_and_fresh_rcparams():
    import matplotlib as mpl

    state = dict(labels._state)
    with mpl.rc_context():
        labels._state.update(language="en", plot_language="en")
        labels._state.pop("saved_rc", None)
        yield
    labels._state.clear()
    labels._state.update(state)


@pytest.fixture(autouse=True)
def answers_not_recorded(monkeypatch):
    """Check cells on class-pack data record answers files in the current folder (issue 17);
    tests do not, unless they say so (tests/desk_class.py, tests/test_desk.py)."""
    monkeypatch.setenv("CASEKIT_ANSWERS", "off")
