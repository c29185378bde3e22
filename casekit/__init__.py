"""casekit — a Jupyter course and simulation kit for key-customer management (客户关系管理).

Two synthetic worlds (telecom, tobacco retail) share one shape, :class:`CustomerBase`; every
method of the course works on either. The public API is flat::

    import casekit as ck
    base = ck.telecom(customers=2000, months=24, seed=0)
    ck.labels.set_language("zh")

Plots and widgets live in ``ck.plots`` and ``ck.widgets`` (imported on first use, so the
analysis code runs without matplotlib or ipywidgets being loaded).
"""

from __future__ import annotations

import importlib
from typing import Any

from . import labels
from .base import Column, CustomerBase, ParamSpec, Params, load, register_world
from .generate import *  # noqa: F401,F403
from .identify import *  # noqa: F401,F403
from .evaluate import *  # noqa: F401,F403
from .clv import *  # noqa: F401,F403
from .btyd import *  # noqa: F401,F403
from .scenarios import *  # noqa: F401,F403
from .check import *  # noqa: F401,F403
from .worlds import *  # noqa: F401,F403
from .periods import PERIODS_PER_YEAR, per_period_discount, per_period_rate  # noqa: F401

# play the world forward (issue 13)
from .play import *  # noqa: F401,F403

# managing key accounts (issue 14, notebook 09)
from .manage import *  # noqa: F401,F403

__version__ = "0.1.0"

_LAZY = ("plots", "widgets", "desk")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'casekit' has no attribute {name!r}")
