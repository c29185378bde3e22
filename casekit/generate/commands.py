"""``python -m casekit generate`` and ``python -m casekit class-pack``.

Examples::

    python -m casekit generate telecom --customers 2000 --periods 24 --seed 0 --out my_telecom
    python -m casekit generate tobacco --customers 1500 --periods 52 --seed 7 --out my_tobacco \\
        --set urban_share=0.5
    python -m casekit generate --params datasets/telecom/params.json --out copy_of_telecom
    python -m casekit class-pack --roster roster.csv --world telecom --out class_2025 \\
        --course-seed 2025 --customers 800 --answers

An existing non-empty output folder is never replaced without ``--force``.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import Any

from .classpack import (WORLD_GENERATORS, AnswerKeyUnavailable, ClassPackWarning, class_pack,
                        generate_world, regenerate)

__all__: list[str] = []


def _parse_set(items: list[str] | None) -> dict[str, Any]:
    """``["a=1", "b=x"]`` → ``{"a": 1, "b": "x"}`` (values read as JSON when they parse)."""
    out: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            raise ValueError(f"--set {item!r}: expected NAME=VALUE, e.g. --set prepaid_share=0.4")
        name, text = item.split("=", 1)
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = text
        out[name.strip()] = value
    return out


def _generate(args: argparse.Namespace) -> int:
    if args.params is not None:
        given = [f"--{n}" for n in ("customers", "periods", "seed", "set")
                 if getattr(args, n.replace("-", "_")) not in (None, [])]
        if args.world is not None or given:
            raise ValueError("--params regenerates exactly what params.json says; do not "
                             f"combine it with {[args.world] if args.world else []}{given}")
        base = regenerate(args.params, progress=_show_progress(args))
    else:
        if args.world is None:
            raise ValueError("name a world (telecom or tobacco) or give --params params.json")
        base = generate_world(args.world, args.customers, args.periods,
                              seed=0 if args.seed is None else args.seed,
                              progress=_show_progress(args), **_parse_set(args.set))
    path = base.save(args.out, overwrite=args.force)
    print(f"wrote {path}: {base.world} world, seed {base.seed}, {len(base.customers):,} "
          f"customers, {len(base.activity):,} activity rows over {base.params.periods} "
          f"{base.period_unit}s")
    return 0


def _show_progress(args: argparse.Namespace) -> bool:
    """A progress bar unless --quiet; by default only when stderr is a terminal (not a log)."""
    if args.quiet:
        return False
    if args.progress:
        return True
    return sys.stderr.isatty()


def _class_pack(args: argparse.Namespace) -> int:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ClassPackWarning)
            manifest = class_pack(args.roster, args.world, args.out,
                                  course_seed=args.course_seed, size=args.customers,
                                  periods=args.periods, overwrite=args.force,
                                  answers=args.answers, progress=_show_progress(args),
                                  **_parse_set(args.set))
    except AnswerKeyUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for w in caught:
        if issubclass(w.category, ClassPackWarning):
            print(f"warning: {w.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    extra = " and answer_key.csv (for the instructor only)" if args.answers else ""
    print(f"wrote {len(manifest)} {args.world} datasets to {args.out} with manifest.csv{extra}")
    return 0


def _whole_number(minimum: int):
    """An argparse type: a whole number >= ``minimum``, with a message naming the value."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f"{value} is out of range; allowed: whole numbers >= {minimum}")
        return value
    return parse


_positive = _whole_number(1)
_seed = _whole_number(0)


def register(subparsers: Any) -> None:
    """Add ``generate`` and ``class-pack`` to ``python -m casekit``."""
    worlds = sorted(WORLD_GENERATORS)
    g = subparsers.add_parser(
        "generate", help="generate a synthetic customer base and save it as a dataset folder",
        description="Generate a synthetic customer base (CSV tables, params.json, schema.json "
                    "and a README datasheet) — or regenerate one exactly from its params.json.")
    g.add_argument("world", nargs="?", choices=worlds, help="the world to generate")
    g.add_argument("--customers", type=_positive, metavar="N",
                   help="number of customers (telecom) or retailers (tobacco); default: the "
                        "world's class size")
    g.add_argument("--periods", type=_positive, metavar="N",
                   help="months (telecom) or weeks (tobacco) observed; default: 24 / 52")
    g.add_argument("--seed", type=_seed, metavar="S", help="random seed (default 0)")
    g.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override a world parameter (repeatable), e.g. --set prepaid_share=0.4")
    g.add_argument("--params", metavar="PARAMS_JSON",
                   help="regenerate exactly from a saved params.json (or its dataset folder)")
    g.add_argument("--out", required=True, metavar="DIR", help="folder to write")
    g.add_argument("--force", action="store_true", help="replace DIR if it exists")
    _progress_options(g)
    g.set_defaults(func=_generate)

    c = subparsers.add_parser(
        "class-pack", help="one dataset per student (seed from course seed + student id)",
        description="Generate one dataset folder per student of a roster, each with its own "
                    "seed derived from the course seed and the student id (SHA-256), plus "
                    "manifest.csv — and with --answers the instructor's answer_key.csv.")
    c.add_argument("--roster", required=True, metavar="CSV",
                   help="CSV with a student_id column (and optionally name)")
    c.add_argument("--world", required=True, choices=worlds, help="the world every student gets")
    c.add_argument("--out", required=True, metavar="DIR", help="folder for the class pack")
    c.add_argument("--course-seed", type=_seed, default=0, metavar="S",
                   help="the course's seed (default 0); change it every term")
    c.add_argument("--customers", type=_positive, metavar="N",
                   help="customers (retailers) per student; default: the world's class size")
    c.add_argument("--periods", type=_positive, metavar="N", help="months / weeks observed")
    c.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override a world parameter for everyone (repeatable)")
    c.add_argument("--force", action="store_true", help="replace existing datasets in DIR")
    c.add_argument("--answers", action="store_true",
                   help="also write answer_key.csv (one row per student) for the instructor")
    _progress_options(c)
    c.set_defaults(func=_class_pack)


def _progress_options(parser: argparse.ArgumentParser) -> None:
    both = parser.add_mutually_exclusive_group()
    both.add_argument("--progress", action="store_true",
                      help="show a progress bar even when stderr is not a terminal")
    both.add_argument("--quiet", action="store_true",
                      help="no progress bar (by default one is shown when stderr is a terminal)")
