"""The command line: ``python -m casekit --help``.

Sub-commands live next to the code they drive: each module named in :data:`COMMAND_MODULES`
has a function ``register(subparsers)`` that adds its sub-command(s) and sets ``func`` (called
with the parsed arguments, returning an exit code).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

#: Modules that add sub-commands (each has ``register(subparsers)``).
COMMAND_MODULES: tuple[str, ...] = ("casekit.assign", "casekit.build",
                                     "casekit.generate.commands", "casekit.figures",
                                     "casekit.desk.commands")


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``python -m casekit``: every sub-command with its options.

    Returns
    -------
    argparse.ArgumentParser
    """
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="python -m casekit",
        description="casekit: a course and simulation kit for key-customer management "
                    "(客户关系管理). Generate synthetic customer bases, class packs and "
                    "exercise notebooks.")
    parser.add_argument("--version", action="version", version=f"casekit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m casekit`` with ``argv``; return the exit status (0 ok, 1 ``assign
    --check`` found stale notebooks, 2 a clear error printed on stderr without a traceback).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except (ValueError, TypeError, OSError) as exc:
        # A bad argument, or a file or folder that cannot be read or written (missing,
        # read-only, a disk full): one line naming it, no traceback, exit status 2.
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
