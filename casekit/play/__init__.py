"""Play the world forward: decide, then see what happens — against the same future without
the decision (issue 13).

* :func:`play_forward` — continue a base for some periods with a plan and without it, on the
  same random numbers (common random numbers);
* :class:`Plan` and its actions :class:`AccountHours`, :class:`LetGo`,
  :class:`ServicePackage`, :class:`SupplyAllocation`, :class:`Acquisition` (and
  :class:`casekit.Scenario`, the
  retention programmes of :func:`casekit.what_if`), each with a documented response model;
* :class:`Outcome` — both arms, ``summary()``, ``against_forecast()``, the bases after the
  round (play them on for another round).
"""

from ._engine import play_forward
from ._outcome import Outcome
from ._plan import (SERVICE_PACKAGES, AccountHours, Acquisition, LetGo, Plan,
                    ServicePackage, SupplyAllocation)

__all__ = ["play_forward", "Plan", "Outcome", "AccountHours", "LetGo", "ServicePackage",
           "SupplyAllocation", "Acquisition", "SERVICE_PACKAGES"]
