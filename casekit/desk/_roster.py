"""Reading a class roster (the CSV given to ``class-pack``): the desk reads it with the same
function ``class-pack`` used (:func:`casekit.generate.classpack.read_roster`), so a roster a pack
was made from is read the same way when the submissions are collected."""

from __future__ import annotations

from ..generate.classpack import read_roster

__all__ = ["read_roster"]
