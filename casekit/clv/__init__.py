"""Customer lifetime value (客户终身价值): the textbook formula, the cash-flow table,
retention projection with the sBG model, and per-customer CLV for a customer base.

One module per concept, all re-exported here (``ck.clv``, ``casekit.clv.customer_clv``):

- ``_formula``: :func:`clv`, :func:`cash_flow_table`, :func:`clv_sensitivity`,
  :data:`TIMINGS` (and :func:`periodic_discount_rate` from :mod:`casekit.periods`);
- ``_sbg``: :class:`ShiftedBetaGeometric` (contractual retention, Fader & Hardie 2007);
- ``_customer``: :func:`customer_clv`, :func:`choose_clv_method`,
  :func:`observed_retention`, :func:`clv_error_table` — above both the formula and the
  non-contractual models of :mod:`casekit.btyd`.

:class:`ModelFitError` lives with the maximum-likelihood machinery in ``casekit.btyd``.

>>> round(clv(100, 0.8, 0.1), 2)                          # 100·1.1/0.3
366.67
"""

from ..btyd import ModelFitError
from ._formula import *  # noqa: F401,F403
from ._sbg import *  # noqa: F401,F403
from ._customer import *  # noqa: F401,F403
from . import _customer, _formula, _sbg

__all__ = [*_formula.__all__, *_sbg.__all__, *_customer.__all__, "ModelFitError"]
