"""``python -m casekit``: the command-line interface (see ``casekit.cli``)."""

from .cli import main

raise SystemExit(main())
