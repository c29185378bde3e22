"""The two synthetic worlds: telecom (contractual, monthly) and tobacco retail (weekly orders)."""

from .telecom import *  # noqa: F401,F403
from .tobacco import *  # noqa: F401,F403
from .telecom import __all__ as _telecom_all
from .tobacco import __all__ as _tobacco_all

__all__ = [*_telecom_all, *_tobacco_all]
