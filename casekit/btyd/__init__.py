"""Non-contractual CLV ("buy till you die" models): who is still a customer, how much will
they buy, and what is that worth.

One module per concept, all re-exported here:

- ``_fit``: the maximum-likelihood machinery every model uses (:class:`MaximumLikelihoodModel`,
  :class:`ModelFitError`);
- ``_data``: :func:`summary_from_activity` (purchase log → frequency, recency, T, monetary);
- ``_bgnbd``: :class:`BetaGeo` (BG/NBD, continuous time, Poisson purchases);
- ``_paretonbd``: :class:`ParetoNBD` (Pareto/NBD, dropout at any time);
- ``_mbgcnbd``: :class:`MBGCNBD` (MBG/CNBD-k, regular Erlang-k purchases) and
  :func:`estimate_regularity`; ``_mbg_likelihood``: its log-likelihood;
- ``_bgbb``: :class:`BetaGeoBetaBinom` (BG/BB, discrete purchase opportunities);
- ``_gammagamma``: :class:`GammaGamma` (spend per purchase);
- ``_value``: :func:`btyd_clv` (expected discounted value per customer);
- ``_holdout``: calibration/holdout split and the model-comparison diagnostics.

Why casekit implements these itself, on purpose: the reference library ``lifetimes`` is
archived and breaks on today's pandas, and PyMC-Marketing brings roughly 800 MB of
dependencies and takes seconds per fit — too heavy for a class laptop and for a widget that
must answer while a slider moves. No maintained Python library fits regular buyers
(MBG/CNBD-k). The maximum-likelihood fits are short, numerically stable (log-space
parameters; gammaln, betaln, logsumexp) and use only numpy and scipy.
"""

from ._fit import *  # noqa: F401,F403
from ._data import *  # noqa: F401,F403
from ._bgnbd import *  # noqa: F401,F403
from ._gammagamma import *  # noqa: F401,F403
from ._bgbb import *  # noqa: F401,F403
from ._paretonbd import *  # noqa: F401,F403
from ._mbgcnbd import *  # noqa: F401,F403
from ._value import *  # noqa: F401,F403
from ._holdout import *  # noqa: F401,F403
from . import (_bgbb, _bgnbd, _data, _fit, _gammagamma, _holdout,  # noqa: E402,F401
               _mbg_likelihood, _mbgcnbd, _paretonbd, _value)

__all__ = [*_fit.__all__, *_data.__all__, *_bgnbd.__all__, *_gammagamma.__all__,
           *_bgbb.__all__, *_paretonbd.__all__, *_mbgcnbd.__all__, *_value.__all__,
           *_holdout.__all__]
