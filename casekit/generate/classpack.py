"""Generate any world by name, regenerate from a saved ``params.json``, and make class packs.

A **class pack** gives every student their own customer base — same world, same parameters,
a different seed — so students cannot copy numbers but can compare methods. The seed of a
student is derived from the course seed and the student id with SHA-256::

    seed = first 4 bytes of SHA-256("<course_seed>\\x1f<student_id>") as an unsigned
           big-endian integer, top bit cleared (0 ≤ seed < 2**31)

(:func:`casekit.generate._draws.stable_seed`), so it is the same on every machine, in every
Python version, for every roster order. Adding a student to the roster never changes the data
of the others.

Example
-------
>>> import pandas as pd
>>> roster = pd.DataFrame({"student_id": ["s01", "s02"], "name": ["Li Lei", "Han Meimei"]})
>>> manifest = class_pack(roster, "telecom", "class_2025", course_seed=2025,
...                       size=300, periods=12)                     # doctest: +SKIP
>>> manifest.columns.tolist()                                      # doctest: +SKIP
['student_id', 'name', 'seed', 'folder']
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
from pathlib import Path
from typing import Any, Callable, Mapping

import pandas as pd

from ..base import CustomerBase, Params
from . import _draws as dr

__all__ = ["WORLD_GENERATORS", "generate_world", "regenerate", "student_seed", "class_pack",
           "AnswerKeyUnavailable"]

#: The worlds casekit can generate: name → (module, function). Imported lazily.
WORLD_GENERATORS: dict[str, tuple[str, str]] = {
    "telecom": ("casekit.generate.telecom", "telecom"),
    "tobacco": ("casekit.generate.tobacco", "tobacco"),
}

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class AnswerKeyUnavailable(RuntimeError):
    """``answers=True`` was asked for but ``casekit.check.answer_key`` does not exist."""


def _generator(world: str) -> Callable[..., CustomerBase]:
    if not isinstance(world, str) or world not in WORLD_GENERATORS:
        raise ValueError(f"world={world!r} is not a casekit world; choose one of "
                         f"{sorted(WORLD_GENERATORS)}")
    module, name = WORLD_GENERATORS[world]
    return getattr(importlib.import_module(module), name)


def generate_world(world: str, size: int | None = None, periods: int | None = None, seed: int = 0,
             progress: bool = False, **params: Any) -> CustomerBase:
    """Generate world ``world`` with ``size`` customers over ``periods`` periods.

    A uniform front door for both worlds: ``size`` is ``customers`` (telecom) or ``retailers``
    (tobacco), ``periods`` is ``months`` or ``weeks``; ``None`` keeps the world's default.

    >>> generate_world("telecom", 200, 6, seed=1).params.size
    200
    """
    func = _generator(world)
    size_name, periods_name = list(inspect.signature(func).parameters)[:2]
    kwargs: dict[str, Any] = dict(params)
    if size is not None:
        kwargs[size_name] = size
    if periods is not None:
        kwargs[periods_name] = periods
    return func(seed=seed, progress=progress, **kwargs)


def _read_params(params: Params | Mapping[str, Any] | str | os.PathLike) -> Params:
    if isinstance(params, Params):
        return params
    if isinstance(params, Mapping):
        return Params.from_dict(params)
    path = Path(params)
    if path.is_dir():
        path = path / "params.json"
    if not path.is_file():
        raise FileNotFoundError(f"params={str(params)!r}: no such file (expected a params.json "
                                "or a dataset folder holding one)")
    try:
        return Params.from_json(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"params={str(path)!r}: not valid JSON ({exc})") from None


def regenerate(params: Params | Mapping[str, Any] | str | os.PathLike,
               progress: bool = False) -> CustomerBase:
    """Generate again, exactly, the base described by ``params``.

    ``params`` is a :class:`casekit.Params`, its dict, a ``params.json`` path, or a dataset
    folder. Same params → the same data, byte for byte once saved.
    """
    p = _read_params(params)
    return generate_world(p.world, p.size, p.periods, seed=p.seed, progress=progress, **p.values)


def student_seed(course_seed: int, student_id: Any) -> int:
    """The seed of one student's dataset: SHA-256 of course seed and student id (see module).

    >>> student_seed(2025, "s001") == student_seed(2025, "s001") != student_seed(2025, "s002")
    True
    """
    return dr.stable_seed(dr.check_seed(course_seed), str(student_id).strip())


def _read_roster(roster: pd.DataFrame | str | os.PathLike) -> pd.DataFrame:
    if isinstance(roster, pd.DataFrame):
        frame = roster.copy()
        where = "roster"
    else:
        path = Path(roster)
        if not path.is_file():
            raise FileNotFoundError(f"roster={str(path)!r}: no such file")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        where = f"roster {path.name}"
    frame.columns = [str(c).strip() for c in frame.columns]
    if "student_id" not in frame.columns:
        raise ValueError(f"{where}: column 'student_id' is missing; columns present: "
                         f"{list(frame.columns)}")
    ids = frame["student_id"].astype(str).str.strip()
    if len(ids) == 0:
        raise ValueError(f"{where}: no students")
    bad = [s for s in ids if not _SAFE_ID.match(s)]
    if bad:
        raise ValueError(f"{where}: student_id {bad[:5]} cannot name a folder; use letters, "
                         "digits, '.', '_' and '-' (starting with a letter or digit)")
    dup = sorted(ids[ids.duplicated()].unique())
    if dup:
        raise ValueError(f"{where}: student_id {dup[:5]} appear more than once")
    names = (frame["name"].astype(str).str.strip() if "name" in frame.columns
             else pd.Series([""] * len(frame)))
    return pd.DataFrame({"student_id": ids.to_numpy(), "name": names.to_numpy()})


def class_pack(roster: pd.DataFrame | str | os.PathLike, world: str,
               out: str | os.PathLike, course_seed: int = 0, size: int | None = None,
               periods: int | None = None, overwrite: bool = False, answers: bool = False,
               customers: int | None = None, progress: bool = False,
               **params: Any) -> pd.DataFrame:
    """One dataset folder per student, a ``manifest.csv`` and optionally ``answer_key.csv``.

    ``roster`` is a CSV path (or DataFrame) with a ``student_id`` column and optionally
    ``name``. Each student gets ``out/<student_id>/`` (a saved :class:`casekit.CustomerBase`)
    generated with seed :func:`student_seed` (course seed + student id); ``size`` (alias
    ``customers``), ``periods`` and ``params`` are the same for everyone. ``manifest.csv`` lists
    student_id, name, seed and folder (relative to ``out``). With ``answers=True`` the
    instructor's ``answer_key.csv`` (one row per student, from :func:`casekit.check.answer_key`)
    is written too — keep it away from students.

    Nothing is replaced unless ``overwrite=True``: an existing non-empty ``out`` folder raises
    ``FileExistsError``. Returns the manifest.
    """
    if customers is not None:
        if size is not None and size != customers:
            raise ValueError(f"size={size!r} and customers={customers!r}: give one of them")
        size = customers
    _generator(world)                                  # fail fast on an unknown world
    students = _read_roster(roster)
    course_seed = dr.check_seed(course_seed)
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"out={str(target)!r}: a file (not a folder) is there")
    if target.exists() and any(target.iterdir()) and not overwrite:
        raise FileExistsError(f"out={str(target)!r}: the folder exists and is not empty; pass "
                              "overwrite=True (CLI: --force) to replace its datasets")
    key_func = None
    if answers:
        check = importlib.import_module("casekit.check")
        key_func = getattr(check, "answer_key", None)
        if key_func is None:
            raise AnswerKeyUnavailable("answer keys need casekit.check.answer_key, which this "
                                       "version of casekit does not have; run without --answers")
    target.mkdir(parents=True, exist_ok=True)
    rows, bases = [], {}
    with dr.progress(progress, len(students), f"class pack ({world})") as bar:
        for sid, name in students.itertuples(index=False):
            seed = student_seed(course_seed, sid)
            base = generate_world(world, size, periods, seed=seed, **params)
            base.save(target / sid, overwrite=overwrite)
            rows.append({"student_id": sid, "name": name, "seed": seed, "folder": sid})
            if key_func is not None:
                bases[sid] = base
            bar.update()
    manifest = pd.DataFrame(rows, columns=["student_id", "name", "seed", "folder"])
    manifest.to_csv(target / "manifest.csv", index=False, lineterminator="\n")
    if key_func is not None:
        key = key_func(bases)
        key.to_csv(target / "answer_key.csv", index=False, lineterminator="\n")
    return manifest
