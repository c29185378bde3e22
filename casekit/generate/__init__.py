"""The two synthetic worlds: telecom (contractual, monthly) and tobacco retail (weekly orders),
and class packs (one dataset per student)."""

from .telecom import *  # noqa: F401,F403
from .tobacco import *  # noqa: F401,F403
from . import _telecom_zh, _tobacco_zh  # noqa: F401  (Chinese datasheet texts)
from .classpack import class_pack, generate_world, regenerate, student_seed
from .telecom import __all__ as _telecom_all
from .tobacco import __all__ as _tobacco_all

__all__ = [*_telecom_all, *_tobacco_all, "class_pack", "generate_world", "regenerate",
           "student_seed"]
