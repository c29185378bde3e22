"""The answers file: what the check cells of a notebook record, for the instructor's desk.

Every ``ex.check(...)`` / ``ck.check(...)`` on a **class-pack dataset** (a folder made by
``python -m casekit class-pack``, which holds ``student.json``) records the answer in a small
file next to the notebook, ``<chapter>.answers.json`` (e.g. ``ex02.answers.json``), so that
grading never has to run the student's code. Nothing is sent anywhere; the file is rewritten
atomically (temporary file + rename) after each check. On the shipped datasets nothing is
recorded (there is nobody to grade). A check on another dataset than the file's starts the
file afresh: one file holds the answers given on one dataset.

Format (version :data:`ANSWERS_VERSION`)::

    {"format": "casekit-answers", "version": 1, "casekit": "0.1.0", "notebook": "ex02",
     "student_id": "s001",
     "dataset": {"world": "telecom", "seed": 123, "fingerprint": "<sha256 of params>"},
     "answers": {"ex02.q1": {"answer": 0.43, "status": "correct", "mistake": null}, ...},
     "plan": {...},                       # case studies only: ck.record_plan
     "hash": "sha256:<of everything above>"}

``answer`` is the answer as the check read it (its canonical form: a number, a list of ids,
``[decision, figure]``, a list of numbers; a table is kept as its shape and value range).
The hash makes an edited file visible; the dataset fingerprint makes a file from another
student's pack visible (see :mod:`casekit.desk`). It is a seal against editing by hand, not a
cryptographic signature: a determined student could recompute it — but every answer is
re-checked by the grader against that student's own data anyway.

Switch recording off with the environment variable ``CASEKIT_ANSWERS=off``; send it to
another folder with ``CASEKIT_ANSWERS=<folder>`` (also records on non-class-pack data).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..base import CustomerBase, Params
from ..build import write_atomic
from ._kinds import BadAnswer, Shape

#: The format version written; files of another version are flagged by the grader.
ANSWERS_VERSION = 1
FORMAT = "casekit-answers"
#: The file in each class-pack student folder naming the student (written by class-pack).
STUDENT_FILE = "student.json"
SUFFIX = ".answers.json"


def fingerprint(params: Params) -> str:
    """SHA-256 of a dataset's parameters (its ``params.json`` text): equal data, equal print.

    Parameters
    ----------
    params : Params
        ``base.params``.

    Returns
    -------
    str
        64 hex digits.
    """
    return hashlib.sha256(params.to_json().encode("utf-8")).hexdigest()


def seal(record: Mapping[str, Any]) -> str:
    """The content hash of an answers record (every key but ``"hash"``), ``"sha256:<hex>"``.

    Parameters
    ----------
    record : mapping
        The answers file as read from JSON.

    Returns
    -------
    str
    """
    body = {k: v for k, v in record.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def student_of(base: CustomerBase | None) -> str | None:
    """The student id of a base loaded from a class-pack folder (its ``student.json``), or
    None for any other base."""
    source = getattr(base, "source", None)
    if source is None:
        return None
    file = Path(source) / STUDENT_FILE
    if not file.is_file():
        return None
    try:
        sid = json.loads(file.read_text(encoding="utf-8")).get("student_id")
    except (json.JSONDecodeError, AttributeError, OSError):
        return None
    return str(sid) if sid is not None else None


def answers_dir(base: CustomerBase | None) -> Path | None:
    """Where answers are recorded for ``base`` now, or None when they are not recorded."""
    setting = os.environ.get("CASEKIT_ANSWERS", "").strip()
    if setting.lower() in {"off", "0", "no", "false"}:
        return None
    if setting:
        return Path(setting)
    return Path.cwd() if student_of(base) is not None else None


# --------------------------------------------------------------------------------------------
# Answers as JSON data
# --------------------------------------------------------------------------------------------


def to_data(value: Any) -> Any:
    """A normalised answer as JSON data (numbers, text, lists; a table as its shape)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else None
    if isinstance(value, pd.DataFrame):
        return {"table": _table_summary(value)}
    if isinstance(value, (list, tuple, np.ndarray, pd.Series, pd.Index)):
        return [to_data(v) for v in list(value)]
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    return {"unreadable": repr(value)[:200]}


def _table_summary(frame: pd.DataFrame) -> dict[str, Any]:
    lows, highs, nans = {}, {}, []
    for c in frame.columns:
        col = pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype=float)
        if np.isnan(col).any():
            nans.append(str(c))
        finite = col[np.isfinite(col)]
        lows[str(c)] = float(finite.min()) if finite.size else None
        highs[str(c)] = float(finite.max()) if finite.size else None
    return {"rows": int(len(frame)), "columns": [str(c) for c in frame.columns],
            "min": lows, "max": highs, "nan": nans}


def from_data(data: Any) -> Any:
    """Read an answer recorded by :func:`to_data` back into something the check reads
    (a table comes back as a small frame with the same rows, columns and value range)."""
    if isinstance(data, dict) and set(data) == {"table"}:
        t = data["table"]
        n = int(t["rows"])
        cols = {}
        for c in t["columns"]:
            lo, hi = t["min"].get(c), t["max"].get(c)
            col = np.full(n, np.nan if lo is None else lo, dtype=float)
            if n > 1 and hi is not None:
                col[1] = hi
            if c in t["nan"] and n:
                col[-1] = np.nan
            cols[c] = col
        return pd.DataFrame(cols, columns=t["columns"])
    return data


# --------------------------------------------------------------------------------------------
# Reading and writing the file
# --------------------------------------------------------------------------------------------


def answers_path(folder: str | os.PathLike, notebook: str) -> Path:
    """The answers file of ``notebook`` (``"ex02"``, a case id) in ``folder``."""
    return Path(folder) / f"{notebook}{SUFFIX}"


def read_answers(path: str | os.PathLike) -> dict[str, Any]:
    """Read an answers file as a dict (no checking; see :func:`casekit.desk.verify`).

    Parameters
    ----------
    path : path
        A ``*.answers.json`` file.

    Returns
    -------
    dict
    """
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"path={str(file)!r}: no such answers file")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"path={str(file)!r}: not an answers file (not valid JSON: {exc})"
                         ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"path={str(file)!r}: not a casekit answers file (its 'format' is "
                         f"{data.get('format') if isinstance(data, dict) else None!r}, "
                         f"expected {FORMAT!r})")
    return data


def _version() -> str:
    """casekit's version as installed (written into answers files, for the instructor)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("casekit")
    except PackageNotFoundError:
        return "unknown"


def _fresh(notebook: str, base: CustomerBase | None) -> dict[str, Any]:
    dataset = None
    if base is not None:
        dataset = {"world": base.world, "seed": int(base.seed),
                   "fingerprint": fingerprint(base.params)}
    return {"format": FORMAT, "version": ANSWERS_VERSION, "casekit": _version(),
            "notebook": notebook, "student_id": student_of(base), "dataset": dataset,
            "answers": {}}


def _update(notebook: str, base: CustomerBase | None, change: Mapping[str, Any]) -> Path | None:
    """Merge ``change`` (top-level keys; ``answers`` merged per question) into the file."""
    folder = answers_dir(base)
    if folder is None:
        return None
    path = answers_path(folder, notebook)
    record = _fresh(notebook, base)
    if path.is_file():
        try:
            old = read_answers(path)
        except ValueError:
            old = None
        # Keep earlier answers only when they were given on the same data, by this version.
        if (old is not None and old.get("version") == ANSWERS_VERSION
                and old.get("dataset") == record["dataset"]
                and old.get("student_id") == record["student_id"]):
            record["answers"] = dict(old.get("answers", {}))
            if "plan" in old:
                record["plan"] = old["plan"]
    for key, value in change.items():
        if key == "answers":
            record["answers"].update(value)
        else:
            record[key] = value
    record["hash"] = seal(record)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(json.dumps(record, indent=1, ensure_ascii=False, allow_nan=False) + "\n", path)
    return path


def record(question: Any, answer: Any, base: CustomerBase | None, result: Any) -> Any:
    """The hook of the check cells: record ``answer`` and the verdict the student saw.

    Never breaks the student's notebook: a problem writing the file is reported in one line
    and the check's result is returned unchanged.

    Parameters
    ----------
    question : Question
        The question checked.
    answer : Any
        The answer as given.
    base : CustomerBase or None
        The data it was checked against.
    result : CheckResult
        The verdict shown.

    Returns
    -------
    CheckResult
        ``result`` itself.
    """
    if answers_dir(base) is None:
        return result
    try:
        value = question.kind.normalise(answer)
        data = to_data(value)
    except BadAnswer:
        data = {"unreadable": repr(answer)[:200]}
    except Exception:  # an unanswered or odd answer must not break the notebook
        data = None
    if result.status == "unanswered":
        data = None
    entry = {"answer": data, "status": result.status, "mistake": result.mistake}
    try:
        _update(question.chapter, base, {"answers": {question.id: entry}})
    except (OSError, ValueError, TypeError) as exc:
        print(f"(could not record your answer for the instructor: {exc})")
    return result


def record_plan(case: str, plan: Any, base: CustomerBase, periods: int = 12,
                forecast: float | None = None) -> Path | None:
    """Record a case study's decision — ``plan`` played ``periods`` periods on ``base`` —
    in ``<case>.answers.json`` for the debrief (see :func:`casekit.desk.debrief`).

    Parameters
    ----------
    case : str
        The case id (the answers file's name), e.g. ``"case1"``.
    plan : Plan
        The student's plan (stored as ``plan.to_dict()``).
    base : CustomerBase
        The data it is played on (the student's class-pack folder).
    periods : int
        The periods the plan is played.
    forecast : float, optional
        The ΔNPV the student forecast for the plan (e.g. from ``ck.what_if``), RMB.

    Returns
    -------
    Path or None
        The file written (None when answers are not recorded for this base).
    """
    if not isinstance(case, str) or not case.strip() or any(c in case for c in "/\\. "):
        raise ValueError(f"record_plan(case={case!r}): expected a short id such as 'case1' "
                         "(letters, digits, '_' or '-')")
    if not isinstance(base, CustomerBase):
        raise TypeError(f"record_plan(base=...): expected a CustomerBase, got "
                        f"{type(base).__name__}")
    to_dict = getattr(plan, "to_dict", None)
    if to_dict is None:
        raise TypeError(f"record_plan(plan=...): expected a ck.Plan, got {type(plan).__name__}")
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(f"record_plan(periods={periods!r}): expected a whole number >= 1")
    if forecast is not None:
        forecast = float(forecast)
        if not math.isfinite(forecast):
            raise ValueError(f"record_plan(forecast={forecast!r}): expected a finite number "
                             "of RMB or None")
    entry = {"plan": to_dict(), "periods": int(periods), "forecast_delta_npv": forecast}
    return _update(case, base, {"plan": entry})
