"""Is a submitted answers file what the check cells wrote, for this student's data?"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..check import ANSWERS_VERSION, seal

#: Why a file is not scored: code → what the instructor reads.
PROBLEMS = {
    "version": "written in answers-file format version {found}; this casekit reads version "
               "{expected} — ask the student to re-run the notebook with the course's casekit",
    "edited": "the answers file was edited after the notebook wrote it (its content hash does "
              "not match)",
    "other_student": "the file names student {found}, but it was handed in as {expected}'s",
    "other_pack": "the answers were given on {found}'s dataset, not on {expected}'s own",
    "not_this_pack": "the answers were given on a dataset that is not in this class pack "
                     "(world {world}, seed {seed})",
}


@dataclass(frozen=True)
class Flag:
    """A problem with one submitted file: the student, the file, a code of
    :data:`PROBLEMS` and the message.

    Attributes
    ----------
    student_id : str
        The student the file was handed in as.
    file : str
        The file's name.
    problem : str
        A code of :data:`PROBLEMS`.
    message : str
        What is wrong, for the instructor.
    """

    student_id: str
    file: str
    problem: str
    message: str


def verify(record: Mapping[str, Any], student_id: str, file: str,
           fingerprints: Mapping[str, str]) -> list[Flag]:
    """The problems of one answers file handed in as ``student_id``'s (empty when none).

    Parameters
    ----------
    record : mapping
        The answers file (from :func:`casekit.check.read_answers`).
    student_id : str
        Whose submission it is (the class folder it sits in).
    file : str
        Its name, for the messages.
    fingerprints : mapping
        student_id → dataset fingerprint of every student of the class pack.

    Returns
    -------
    list of Flag
    """
    def flag(code: str, **kw: Any) -> Flag:
        return Flag(student_id, file, code, PROBLEMS[code].format(**kw))

    if record.get("version") != ANSWERS_VERSION:
        return [flag("version", found=record.get("version"), expected=ANSWERS_VERSION)]
    flags = []
    if record.get("hash") != seal(record):
        flags.append(flag("edited"))
    named = record.get("student_id")
    if named is not None and str(named) != student_id:
        flags.append(flag("other_student", found=named, expected=student_id))
    dataset = record.get("dataset") or {}
    given = dataset.get("fingerprint")
    if given != fingerprints.get(student_id):
        owners = [s for s, f in fingerprints.items() if f == given]
        if owners:
            flags.append(flag("other_pack", found=owners[0], expected=student_id))
        else:
            flags.append(flag("not_this_pack", world=dataset.get("world"),
                              seed=dataset.get("seed")))
    return flags
