"""Bad inputs to class_pack, student_seed, generate_world and regenerate (casekit.generate)."""

from __future__ import annotations

import csv
import json

import pandas as pd

import casekit as ck
from casekit.generate import classpack as cp
from bad_inputs import Case
from bad_inputs._files import (dataset, foreign_folder, link_to_folder, roster, scratch,
                               text_file, under_a_file)

ROSTER = "student_id,name\ns01,Li Lei\ns02,Han Meimei\n"


def pack(students=ROSTER, out=None, **kwargs):
    kwargs.setdefault("size", 30)
    kwargs.setdefault("periods", 2)
    source = students if isinstance(students, pd.DataFrame) else roster(students)
    return cp.class_pack(source, "telecom", scratch("pack") if out is None else out, **kwargs)


def ids(*sids):
    return pd.DataFrame({"student_id": list(sids)})


def _pack_with_formula_name():
    out = scratch("pack")
    cp.class_pack(pd.DataFrame({"student_id": ["a"], "name": ["=cmd|'/c calc'!A1"]}), "telecom",
                  out, size=30, periods=2)
    with open(out / "manifest.csv", newline="", encoding="utf-8") as f:
        return [row[1] for row in csv.reader(f)][1:]


def _failed_pack_leaves_nothing():
    out = scratch("pack")
    try:
        cp.class_pack(ids("a", "b"), "telecom", out, size=30, periods=2, nope=1)
    except TypeError:
        pass
    return out.exists(), sorted(p.name for p in out.parent.iterdir() if out.name in p.name)


CASES = [
    # the roster
    Case("classpack.roster.none", lambda: cp.class_pack(None, "telecom", scratch()), TypeError,
         "roster"),
    Case("classpack.roster.no_such_file",
         lambda: cp.class_pack(scratch("nobody.csv"), "telecom", scratch()), FileNotFoundError,
         "nobody.csv"),
    Case("classpack.roster.empty_file", lambda: pack(""), ValueError, "empty"),
    Case("classpack.roster.gbk", lambda: pack("student_id,name\ns01,李雷\n".encode("gbk")),
         ValueError, "UTF-8"),
    Case("classpack.roster.no_student_id", lambda: pack("id,name\ns1,A\n"), ValueError,
         "student_id"),
    Case("classpack.roster.no_students", lambda: pack("student_id\n"), ValueError,
         "no students"),
    Case("classpack.roster.duplicate", lambda: pack(ids("s1", "s1")), ValueError,
         "more than once"),
    Case("classpack.roster.case_clash", lambda: pack(ids("Li01", "li01")), ValueError, "case"),
    Case("classpack.roster.path_traversal", lambda: pack(ids("../evil")), ValueError,
         "cannot name a folder"),
    Case("classpack.roster.path_traversal_deep", lambda: pack(ids("a/../../etc")), ValueError,
         "cannot name a folder"),
    Case("classpack.roster.absolute_path", lambda: pack(ids("/etc/passwd")), ValueError,
         "cannot name a folder"),
    Case("classpack.roster.backslash", lambda: pack(ids("..\\evil")), ValueError,
         "cannot name a folder"),
    Case("classpack.roster.dot_dot", lambda: pack(ids("..")), ValueError, "cannot name a folder"),
    Case("classpack.roster.hidden", lambda: pack(ids(".ssh")), ValueError, "cannot name a folder"),
    Case("classpack.roster.space", lambda: pack(ids("Li Lei")), ValueError,
         "cannot name a folder"),
    Case("classpack.roster.manifest_csv", lambda: pack(ids("s1", "manifest.csv")), ValueError,
         "manifest.csv"),
    Case("classpack.roster.answer_key_csv", lambda: pack(ids("Answer_Key.CSV")), ValueError,
         "answer_key.csv"),
    Case("classpack.roster.windows_device", lambda: pack(ids("CON")), ValueError, "Windows"),
    Case("classpack.roster.windows_device_ext", lambda: pack(ids("com1.txt")), ValueError,
         "Windows"),
    Case("classpack.roster.trailing_dot", lambda: pack(ids("s1.")), ValueError,
         "cannot name a folder"),
    Case("classpack.roster.too_long", lambda: pack(ids("s" * 65)), ValueError, "64"),
    Case("classpack.roster.a_number", lambda: cp.class_pack(7, "telecom", scratch()), TypeError,
         "roster"),
    # the other arguments
    Case("classpack.world.unknown", lambda: cp.class_pack(roster(ROSTER), "bank", scratch()),
         ValueError, "world"),
    Case("classpack.course_seed.negative", lambda: pack(course_seed=-3), ValueError, "seed"),
    Case("classpack.course_seed.float", lambda: pack(course_seed=1.5), TypeError, "seed"),
    Case("classpack.size.both_names", lambda: pack(size=10, customers=20), ValueError,
         "give one"),
    Case("classpack.size.negative", lambda: pack(size=-5), ValueError, "customers"),
    Case("classpack.params.unknown", lambda: pack(nope=1), TypeError, "nope"),
    # the output folder
    Case("classpack.out.none", lambda: cp.class_pack(roster(ROSTER), "telecom", None),
         TypeError, "path"),
    Case("classpack.out.a_file", lambda: pack(out=text_file("x"), overwrite=True),
         FileExistsError, "file"),
    Case("classpack.out.not_empty", lambda: pack(out=foreign_folder()), FileExistsError,
         "overwrite=True"),
    Case("classpack.out.overwrite_a_thesis", lambda: pack(out=foreign_folder(), overwrite=True),
         FileExistsError, "thesis.docx"),
    Case("classpack.out.overwrite_a_dataset", lambda: pack(out=dataset(), overwrite=True),
         FileExistsError, "not written by casekit"),
    Case("classpack.out.a_link", lambda: pack(out=link_to_folder(), overwrite=True),
         FileExistsError, "symbolic link"),
    Case("classpack.out.under_a_file", lambda: pack(out=under_a_file()), OSError,
         "cannot write the folder"),
    Case("classpack.out.overwrite_not_bool", lambda: pack(out=dataset(), overwrite=1),
         TypeError, "overwrite"),
    # documented results
    Case("classpack.manifest.formula_name_neutralised", _pack_with_formula_name, None,
         check=lambda names: names == ["'=cmd|'/c calc'!A1"],
         why="text cells of manifest.csv that a spreadsheet would run start with ' (class_pack)"),
    Case("classpack.out.failed_pack_leaves_nothing", _failed_pack_leaves_nothing, None,
         check=lambda r: r == (False, []),
         why="a pack is built beside out and renamed at the end (class_pack docstring)"),
    # the functions behind the CLI
    Case("classpack.student_seed.negative", lambda: cp.student_seed(-1, "a"), ValueError, "seed"),
    Case("classpack.generate_world.unknown", lambda: cp.generate_world("bank"), ValueError,
         "world"),
    Case("classpack.regenerate.none", lambda: cp.regenerate(None), TypeError, "params"),
    Case("classpack.regenerate.no_such_file", lambda: cp.regenerate(scratch("p.json")),
         FileNotFoundError, "no such file"),
    Case("classpack.regenerate.broken_json", lambda: cp.regenerate(text_file("{", "p.json")),
         ValueError, "JSON"),
    Case("classpack.regenerate.not_utf8",
         lambda: cp.regenerate(text_file(b'{"world": "\xb5"}', "p.json")), ValueError, "UTF-8"),
    Case("classpack.regenerate.missing_keys", lambda: cp.regenerate({"world": "telecom"}),
         ValueError, "missing"),
    Case("classpack.regenerate.unknown_world",
         lambda: cp.regenerate({"world": "bank", "seed": 0, "size": 5, "periods": 2,
                                "period_unit": "month"}), ValueError, "world"),
    Case("classpack.regenerate.unknown_key",
         lambda: cp.regenerate(text_file(json.dumps(
             {**ck.telecom(customers=20, months=2).params.to_dict(), "extra": 1}), "p.json")),
         ValueError, "extra"),
]
