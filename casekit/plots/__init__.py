"""One function per picture; each returns a matplotlib Figure and labels it via casekit.labels.

Sub-modules by chapter; every public name is re-exported here (``ck.plots.whale_curve``).
"""

from ._style import *  # noqa: F401,F403
from .worlds import *  # noqa: F401,F403
from .identify import *  # noqa: F401,F403
from .evaluate import *  # noqa: F401,F403
from .clv import *  # noqa: F401,F403
from .btyd import *  # noqa: F401,F403
from .scenarios import *  # noqa: F401,F403

# playing the world forward (issue 13)
from .play import *  # noqa: F401,F403,E402

# managing key accounts (issue 14, notebook 09)
from .manage import *  # noqa: F401,F403,E402

# the instructor's desk (issue 17)
from .desk import *  # noqa: F401,F403,E402
