"""One function per dashboard; each returns an ipywidgets container (a thin view).

A widget reads its controls, calls a pure function of casekit, and draws the result with
casekit.plots. Sub-modules by chapter; every public name is re-exported here.
"""

from .start import *  # noqa: F401,F403
from .worlds import *  # noqa: F401,F403
from .identify import *  # noqa: F401,F403
from .evaluate import *  # noqa: F401,F403
from .clv import *  # noqa: F401,F403
from .scenarios import *  # noqa: F401,F403

# playing the world forward (issue 13)
from .play import *  # noqa: F401,F403,E402

# the instructor's desk (issue 17)
from .desk import *  # noqa: F401,F403,E402

# managing key accounts (chapter 09)
from .manage import *  # noqa: F401,F403,E402
