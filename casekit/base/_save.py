"""Saving a dataset folder safely: refuse to overwrite a folder that is not a dataset (or any
folder without ``overwrite=True``), write into a temporary folder and swap it in atomically,
with the permissions the umask allows."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


#: The files of a dataset folder written by :meth:`CustomerBase.save` (and ``student.json``,
#: the student's id, which ``class-pack`` adds to each student's folder).
DATASET_FILES = ("customers.csv", "activity.csv", "truth.csv", "params.json", "schema.json",
                 "README.md", "README.zh.md", "student.json")


def check_folder_path(path: Any, where: str) -> Path:
    """``path`` as a Path, or a TypeError naming ``where`` when it is not a path at all."""
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{where}: path={path!r} is not a folder path; give a str or "
                        "pathlib.Path")
    if str(path).strip() == "":
        raise ValueError(f"{where}: path={str(path)!r} is empty; name a folder")
    return Path(path)


def _listing(folder: Path, limit: int = 8) -> str:
    try:
        names = sorted(p.name + ("/" if p.is_dir() and not p.is_symlink() else "")
                       + (" (a link)" if p.is_symlink() else "") for p in folder.iterdir())
    except OSError:
        return "(cannot be listed)"
    shown = ", ".join(names[:limit])
    return shown + (f", … ({len(names)} entries)" if len(names) > limit else "")


def is_dataset_folder(folder: Path) -> bool:
    """True when ``folder`` holds only the files :meth:`CustomerBase.save` writes (as plain
    files, not links) and a casekit ``schema.json``."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    if not entries or any(p.name not in DATASET_FILES or p.is_symlink() or not p.is_file()
                          for p in entries):
        return False
    try:
        schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(schema, dict) and "schema_version" in schema and "tables" in schema


def prepare_target(target: Path, overwrite: bool, recognise: Any, where: str,
                   what: str) -> None:
    """Refuse to write to ``target`` unless it is absent, an empty folder, or (with
    ``overwrite``) a folder ``recognise(target)`` says casekit wrote; ``what`` describes that
    kind of folder in the message."""
    if not isinstance(overwrite, bool):
        raise TypeError(f"{where}: overwrite={overwrite!r}: expected True or False")
    if target.is_symlink():
        raise FileExistsError(f"{where}: {str(target)!r} is a symbolic link; casekit does not "
                              "write through links — give the real folder's path")
    if not target.exists():
        return
    if not target.is_dir():
        raise FileExistsError(f"{where}: {str(target)!r} is a file (not a folder); choose "
                              "another path")
    if not any(target.iterdir()):
        return
    if not overwrite:
        raise FileExistsError(f"{where}: the folder {str(target)!r} exists and is not empty; "
                              "pass overwrite=True (CLI: --force) to replace it")
    if not recognise(target):
        raise FileExistsError(
            f"{where}: the folder {str(target)!r} was not written by casekit, so overwrite=True "
            f"will not replace it; it holds {_listing(target)}. casekit replaces only {what}. "
            "Choose another folder, or move those files away yourself")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_folder_atomically(target: Path, write: Any, where: str) -> None:
    """Call ``write(tmp)`` on a new temporary folder beside ``target``, then swap it in.

    The folder gets the permissions the umask gives a new folder (``mkdtemp`` would leave it
    ``rwx------``). On any failure the temporary folder is removed and ``target`` is as before.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.writing-", dir=target.parent))
    except OSError as exc:
        raise _write_error(exc, target, where) from None
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        write(tmp)
        _swap_in(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _write_error(exc, target, where) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_error(exc: OSError, target: Path, where: str) -> OSError:
    """A clear error for a folder that cannot be written (read-only, full disk, a file in the
    way), of the same OSError subclass."""
    reason = exc.strerror or str(exc)
    name = f" ({exc.filename})" if exc.filename else ""
    cls = type(exc) if type(exc) in (PermissionError, FileExistsError, FileNotFoundError,
                                     NotADirectoryError, IsADirectoryError) else OSError
    return cls(f"{where}: cannot write the folder {str(target)!r}: {reason}{name}. Check that "
               "its parent folder exists, is a folder and is writable (not read-only), and that "
               "the disk is not full")


def _swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by folder ``new`` with renames, so readers never see half a folder."""
    if not target.exists():
        os.replace(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
