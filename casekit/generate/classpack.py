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
import warnings
from pathlib import Path
from typing import Any, Callable, Mapping

import pandas as pd

from ..base import (CustomerBase, Params, check_folder_path, escape_text_columns,
                    is_dataset_folder, prepare_target, write_csv, write_folder_atomically)
from . import _draws as dr

__all__ = ["WORLD_GENERATORS", "generate_world", "regenerate", "student_seed", "class_pack",
           "AnswerKeyUnavailable", "is_pack_folder", "RESERVED_IDS",
           "ClassPackWarning", "read_roster"]

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

    Parameters
    ----------
    world : str
        A registered world: ``"telecom"`` or ``"tobacco"``.
    size : int, optional
        Customers (telecom) or retailers (tobacco); None keeps the world's default.
    periods : int, optional
        Months (telecom) or weeks (tobacco); None keeps the world's default.
    seed : int
        Random seed, >= 0 (default 0).
    progress : bool
        Show a progress bar (default False).
    **params
        The world's own parameters (see ``ck.telecom_params()``, ``ck.tobacco_params()``).

    Returns
    -------
    CustomerBase

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
    if isinstance(params, bool) or not isinstance(params, (str, os.PathLike)):
        raise TypeError(f"params={params!r}: expected casekit.Params, their dict, a params.json "
                        "path or a dataset folder")
    path = Path(params)
    if path.is_dir():
        path = path / "params.json"
    if not path.is_file():
        raise FileNotFoundError(f"params={str(params)!r}: no such file (expected a params.json "
                                "or a dataset folder holding one)")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"params={str(path)!r}: not UTF-8 text; params.json is written by "
                         "casekit in UTF-8") from None
    try:
        return Params.from_json(text)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"params={str(path)!r}: {exc}") from None


def regenerate(params: Params | Mapping[str, Any] | str | os.PathLike,
               progress: bool = False) -> CustomerBase:
    """Generate again, exactly, the base described by ``params``.

    ``params`` is a :class:`casekit.Params`, its dict, a ``params.json`` path, or a dataset
    folder. Same params → the same data, byte for byte once saved.

    Parameters
    ----------
    params : Params, dict, str or os.PathLike
        The parameters, their dict, a ``params.json`` path or a dataset folder.
    progress : bool
        Show a progress bar (default False).

    Returns
    -------
    CustomerBase
        The same base, byte for byte once saved.
    """
    p = _read_params(params)
    return generate_world(p.world, p.size, p.periods, seed=p.seed, progress=progress, **p.values)


def student_seed(course_seed: int, student_id: Any) -> int:
    """The seed of one student's dataset: SHA-256 of course seed and student id (see module).

    Parameters
    ----------
    course_seed : int
        The course's seed, >= 0.
    student_id : any
        The student's id (its text, stripped, is hashed).

    Returns
    -------
    int
        A seed >= 0.

    >>> student_seed(2025, "s001") == student_seed(2025, "s001") != student_seed(2025, "s002")
    True
    """
    return dr.stable_seed(dr.check_seed(course_seed), str(student_id).strip())


#: Names a student folder may not have: the pack's own files, and names Windows reserves.
RESERVED_IDS = ("manifest.csv", "answer_key.csv")
_WINDOWS_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                  *(f"lpt{i}" for i in range(1, 10))}
_MAX_ID = 64

#: How many datasets are drawn for one student before giving up (see :func:`class_pack`).
MAX_DRAWS = 5

#: The answer-key cell of a question that no draw of a student could answer.
NO_ANSWER = "no answer with these parameters"


class ClassPackWarning(UserWarning):
    """A class pack was written, but some questions have no answer with its parameters."""


def _read_csv_roster(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"roster {path.name}: is not UTF-8 text (byte {exc.start}); save it as "
                         "UTF-8 (in Excel: 'CSV UTF-8'; WPS/Excel in Chinese may have written "
                         "GBK)") from None
    except pd.errors.EmptyDataError:
        raise ValueError(f"roster {path.name}: the file is empty; expected a header line with "
                         "a student_id column") from None
    except pd.errors.ParserError as exc:
        raise ValueError(f"roster {path.name}: not a well-formed CSV file ({exc})") from None


def _id_problem(sid: str) -> str | None:
    """Why ``sid`` cannot name a student's folder, or None."""
    if not _SAFE_ID.match(sid) or sid.endswith("."):
        return ("use letters, digits, '.', '_' and '-' (starting with a letter or digit, not "
                "ending with '.')")
    if len(sid) > _MAX_ID:
        return f"at most {_MAX_ID} characters"
    if sid.lower() in RESERVED_IDS:
        return f"it is the name of a file of the pack ({', '.join(RESERVED_IDS)})"
    if sid.split(".")[0].lower() in _WINDOWS_NAMES:
        return "Windows reserves this name for a device"
    return None


def read_roster(roster: pd.DataFrame | str | os.PathLike) -> pd.DataFrame:
    """The class roster as a frame with columns ``student_id`` and ``name`` (text, stripped).

    One reader for every command that takes a roster (``class-pack``, ``collect``), so a
    roster accepted once is accepted everywhere.

    Parameters
    ----------
    roster : path or DataFrame
        A UTF-8 CSV (a BOM is fine) or a frame with a ``student_id`` column and optionally
        ``name``.

    Returns
    -------
    DataFrame
        Columns ``student_id``, ``name``; one row per student, in the roster's order.

    Raises
    ------
    ValueError
        No ``student_id`` column, no students, an id that cannot name a folder, an id given
        twice, or two ids that differ only in upper/lower case.
    """
    if isinstance(roster, pd.DataFrame):
        frame = roster.copy()
        where = "roster"
    elif isinstance(roster, (str, os.PathLike)) and not isinstance(roster, bool):
        path = Path(roster)
        if not path.is_file():
            raise FileNotFoundError(f"roster={str(path)!r}: no such file")
        frame = _read_csv_roster(path)
        where = f"roster {path.name}"
    else:
        raise TypeError(f"roster={roster!r}: expected a CSV path or a pandas DataFrame with a "
                        "student_id column")
    frame.columns = [str(c).strip() for c in frame.columns]
    if "student_id" not in frame.columns:
        raise ValueError(f"{where}: column 'student_id' is missing; columns present: "
                         f"{list(frame.columns)}")
    ids = frame["student_id"].astype(str).str.strip()
    if len(ids) == 0:
        raise ValueError(f"{where}: no students")
    for sid in ids:
        problem = _id_problem(sid)
        if problem:
            raise ValueError(f"{where}: student_id {sid!r} cannot name a folder: {problem}")
    dup = sorted(ids[ids.duplicated()].unique())
    if dup:
        raise ValueError(f"{where}: student_id {dup[:5]} appear more than once")
    folded = ids.str.lower()
    clash = sorted(ids[folded.duplicated(keep=False)])
    if clash:
        raise ValueError(f"{where}: student_id {clash[:6]} differ only in upper/lower case; on "
                         "Windows and macOS they would share one folder — make them differ")
    names = (frame["name"].astype(str).str.strip() if "name" in frame.columns
             else pd.Series([""] * len(frame)))
    return pd.DataFrame({"student_id": ids.to_numpy(), "name": names.to_numpy()})


def is_pack_folder(folder: Path) -> bool:
    """True when ``folder`` holds a class pack casekit wrote: a ``manifest.csv`` with casekit's
    header, optionally ``answer_key.csv``, and nothing else but dataset folders.

    Parameters
    ----------
    folder : pathlib.Path
        The folder checked.

    Returns
    -------
    bool
    """
    try:
        entries = list(folder.iterdir())
        with open(folder / "manifest.csv", encoding="utf-8") as f:
            header = f.readline().strip()
    except OSError:
        return False
    if header != ",".join(MANIFEST_COLUMNS):
        return False
    for entry in entries:
        if entry.is_symlink():
            return False
        if entry.name in RESERVED_IDS and entry.is_file():
            continue
        if not (entry.is_dir() and is_dataset_folder(entry)):
            return False
    return True


MANIFEST_COLUMNS = ("student_id", "name", "seed", "folder")


def _draw_seed(course_seed: int, student_id: str, draw: int) -> int:
    """The seed of a student's ``draw``-th dataset: the documented student seed first, then
    SHA-256 of "<course_seed>\\x1f<student_id>\\x1f<draw>" (same recipe, one more part)."""
    if draw == 0:
        return student_seed(course_seed, student_id)
    return dr.stable_seed(course_seed, student_id, draw)


def _key_row(key_func: Callable[..., pd.DataFrame], sid: str, base: CustomerBase
             ) -> tuple[pd.DataFrame, list[str]]:
    """``sid``'s row of the answer key and the questions left without an answer (empty)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # the empty cells are reported by the caller
        row = key_func({sid: base})
    cells = row.drop(columns="student_id").iloc[0]
    return row, [q for q, v in cells.items() if _no_answer(v)]


def _no_answer(cell: Any) -> bool:
    """An answer-key cell without an answer: empty, NaN, or answer_key's "no answer: …" text."""
    return (cell is None or (isinstance(cell, float) and cell != cell)
            or (isinstance(cell, str) and cell.startswith("no answer")))


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

    **Every question has an answer.** A student's data can leave an exercise question without
    an answer (e.g. a total profit ≤ 0 has no whale curve). The pack checks every student's
    dataset against the exercise questions of the world and, when one has no answer, draws that
    student's dataset again with the next seed of the documented sequence (SHA-256 of
    ``"<course_seed>\\x1f<student_id>\\x1f<draw>"``, draw = 1, 2, …); the manifest records the
    seed used. Deterministic: the same roster and course seed give the same pack, and a
    student's data do not depend on the rest of the roster. A question that none of
    :data:`MAX_DRAWS` draws answers is impossible with the chosen ``size``/``periods`` (the
    exercises are written for the world's defaults): the answer key says so
    (:data:`NO_ANSWER`, never a blank cell) and one :class:`ClassPackWarning` lists them.

    Student ids must name a folder safely: letters, digits, ``.``, ``_``, ``-``; not
    ``manifest.csv``/``answer_key.csv``, a Windows device name, or an id that differs from
    another only in case. Text cells of ``manifest.csv`` and ``answer_key.csv`` that a
    spreadsheet would run as a formula get a leading ``'`` (see :func:`casekit.base.escape_text`).

    The pack is built in a temporary folder beside ``out`` and renamed into place at the end:
    a failure leaves nothing half-built. An existing non-empty ``out`` is replaced only with
    ``overwrite=True`` and only when it is a class pack casekit wrote (a ``manifest.csv`` and
    dataset folders); anything else raises ``FileExistsError`` listing what is there. Folders
    and files get the permissions of your umask. Returns the manifest.

    Parameters
    ----------
    roster : pandas.DataFrame, str or os.PathLike
        The class roster: column ``student_id``, optionally ``name``.
    world : str
        ``"telecom"`` or ``"tobacco"``.
    out : str or os.PathLike
        The pack folder to create.
    course_seed : int
        The course's seed, >= 0 (default 0).
    size : int, optional
        Customers or retailers per dataset (alias ``customers``); default the world's.
    periods : int, optional
        Months or weeks; default the world's.
    overwrite : bool
        Replace an existing class pack casekit wrote (default False).
    answers : bool
        Also write ``answer_key.csv`` (default False).
    customers : int, optional
        Alias of ``size``.
    progress : bool
        Show a progress bar (default False).
    **params
        The world's own parameters, the same for everyone.

    Returns
    -------
    pandas.DataFrame
        The manifest: ``student_id``, ``name``, ``seed``, ``folder``.
    """
    if customers is not None:
        if size is not None and size != customers:
            raise ValueError(f"size={size!r} and customers={customers!r}: give one of them")
        size = customers
    _generator(world)                                  # fail fast on an unknown world
    students = read_roster(roster)
    course_seed = dr.check_seed(course_seed)
    where = "class_pack(out=...)"
    target = check_folder_path(out, where)
    prepare_target(target, overwrite, is_pack_folder, where,
                   "a class pack it wrote (manifest.csv, answer_key.csv and one dataset folder "
                   "per student)")
    check = importlib.import_module("casekit.check")
    key_func = getattr(check, "answer_key", None)
    if answers and key_func is None:
        raise AnswerKeyUnavailable("answer keys need casekit.check.answer_key, which this "
                                   "version of casekit does not have; run without --answers")
    rows: list[dict[str, Any]] = []
    keys: list[pd.DataFrame] = []
    impossible: dict[str, list[str]] = {}

    def build(folder: Path) -> None:
        with dr.progress(bool(progress), len(students), f"class pack ({world})") as bar:
            for sid, name in students.itertuples(index=False):
                base, seed, key, missing = _answerable_base(world, size, periods, params,
                                                            course_seed, sid, key_func)
                for q in missing:
                    impossible.setdefault(q, []).append(sid)
                base.save(folder / sid)
                # Names the student in their folder: check cells record it in answers files.
                (folder / sid / "student.json").write_text(
                    json.dumps({"student_id": sid}) + "\n", encoding="utf-8")
                rows.append({"student_id": sid, "name": name, "seed": seed, "folder": sid})
                if key is not None:
                    keys.append(key)
                bar.update()
        manifest = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))
        write_csv(escape_text_columns(manifest, empty=False)[0], folder / "manifest.csv")
        if answers:
            key = pd.concat(keys, ignore_index=True)
            write_csv(escape_text_columns(key, empty=False)[0], folder / "answer_key.csv")

    write_folder_atomically(target, build, where)
    if impossible:
        listed = "; ".join(f"{q} ({len(s)} student(s), e.g. {s[0]})"
                           for q, s in sorted(impossible.items()))
        warnings.warn(ClassPackWarning(
            f"class pack written to {str(target)!r}, but with size={size}, periods={periods} "
            f"these questions had no answer on any of {MAX_DRAWS} draws: {listed}. Their "
            f"answer-key cells say {NO_ANSWER!r}; the exercises are written for the world's "
            "default size and periods — use those for a pack students will do exercises on"),
            stacklevel=2)
    return pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))


def _answerable_base(world: str, size: int | None, periods: int | None,
                     params: Mapping[str, Any], course_seed: int, sid: str,
                     key_func: Callable[..., pd.DataFrame] | None
                     ) -> tuple[CustomerBase, int, pd.DataFrame | None, list[str]]:
    """The first dataset of ``sid``'s seed sequence on which every question has an answer.

    Returns the base, its seed, its answer-key row and the questions that no draw could
    answer (then the draw with the fewest such questions is kept, the first among equals).
    """
    draws = []
    for draw in range(MAX_DRAWS):
        seed = _draw_seed(course_seed, sid, draw)
        base = generate_world(world, size, periods, seed=seed, **params)
        if key_func is None:
            return base, seed, None, []
        key, missing = _key_row(key_func, sid, base)
        if not missing:
            return base, seed, key, []
        draws.append((base, seed, key, missing))
    # Questions no draw answers are impossible with these parameters: keep the first draw that
    # misses only those (draw 0 when it does), else the first with the fewest missing.
    impossible = set.intersection(*(set(d[3]) for d in draws))
    base, seed, key, missing = next((d for d in draws if set(d[3]) == impossible),
                                    min(draws, key=lambda d: len(d[3])))
    key[missing] = key[missing].astype(object)
    key.loc[:, missing] = NO_ANSWER
    return base, seed, key, missing
