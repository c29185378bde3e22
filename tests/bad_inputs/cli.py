"""Bad command lines: ``python -m casekit generate / class-pack / assign``.

A command reports a bad input as one line on stderr naming it, with exit status 2 and no
traceback (argparse's own usage errors too), so every row here is a documented result: the
check runs the command in-process and looks at its exit status and stderr.
"""

from __future__ import annotations

from bad_inputs import Case
from bad_inputs._files import (cli, dataset, exits_2_saying, foreign_folder, link_to_folder,
                               read_only_parent, roster, scratch, text_file, under_a_file)

SMALL = ("--customers", "30", "--periods", "2")
ROSTER = "student_id,name\ns01,Li Lei\n"
WHY = "python -m casekit: a clear one-line error, exit status 2, no traceback (cli.main)"


def row(id, call, *words):
    return Case(f"cli.{id}", call, None, check=exits_2_saying(*words), why=WHY)


def gen(*args):
    return lambda: cli("generate", "telecom", *SMALL, *args)


def pack(*args, text=ROSTER):
    return lambda: cli("class-pack", "--roster", roster(text), "--world", "telecom", *SMALL,
                       *args)


CASES = [
    row("unknown_command", lambda: cli("frobnicate"), "invalid choice"),
    # generate
    row("generate.unknown_world", lambda: cli("generate", "bank", "--out", scratch()),
        "invalid choice"),
    row("generate.no_world", lambda: cli("generate", "--out", scratch()), "telecom or tobacco"),
    row("generate.no_out", lambda: cli("generate", "telecom"), "--out"),
    row("generate.customers_zero", gen("--customers", "0", "--out", scratch()), "out of range"),
    row("generate.customers_text", gen("--customers", "many", "--out", scratch()),
        "not a whole number"),
    row("generate.seed_negative", gen("--seed", "-1", "--out", scratch()), "out of range"),
    row("generate.set_unknown", gen("--set", "nope=1", "--out", scratch()), "nope"),
    row("generate.set_no_value", gen("--set", "prepaid_share", "--out", scratch()),
        "NAME=VALUE"),
    row("generate.set_out_of_range", gen("--set", "prepaid_share=2", "--out", scratch()),
        "prepaid_share"),
    row("generate.params_missing", lambda: cli("generate", "--params", scratch("p.json"),
                                               "--out", scratch()), "no such file"),
    row("generate.params_broken", lambda: cli("generate", "--params", text_file("{", "p.json"),
                                              "--out", scratch()), "JSON"),
    row("generate.params_and_seed",
        lambda: cli("generate", "--params", dataset(), "--seed", "3", "--out", scratch()),
        "--seed"),
    row("generate.out_exists", gen("--out", dataset()), "--force"),
    row("generate.force_on_a_thesis", gen("--out", foreign_folder(), "--force"),
        "not written by casekit"),
    row("generate.out_a_link", gen("--out", link_to_folder(), "--force"), "symbolic link"),
    row("generate.out_under_a_file", gen("--out", under_a_file()), "cannot write the folder"),
    row("generate.out_read_only", gen("--out", read_only_parent()), "cannot write the folder"),
    row("generate.progress_and_quiet", gen("--progress", "--quiet", "--out", scratch()),
        "not allowed with"),
    # class-pack
    row("class_pack.no_roster", lambda: cli("class-pack", "--world", "telecom", "--out",
                                            scratch()), "--roster"),
    row("class_pack.roster_missing",
        lambda: cli("class-pack", "--roster", scratch("r.csv"), "--world", "telecom", "--out",
                    scratch()), "no such file"),
    row("class_pack.unknown_world",
        lambda: cli("class-pack", "--roster", roster(ROSTER), "--world", "bank", "--out",
                    scratch()), "invalid choice"),
    row("class_pack.path_traversal", pack("--out", scratch(), text="student_id\n../../evil\n"),
        "cannot name a folder"),
    row("class_pack.reserved_id", pack("--out", scratch(), text="student_id\nmanifest.csv\n"),
        "manifest.csv"),
    row("class_pack.roster_gbk", pack("--out", scratch(), text="student_id,name\ns1,李雷\n"
                                      .encode("gbk")), "UTF-8"),
    row("class_pack.roster_empty", pack("--out", scratch(), text=""), "empty"),
    row("class_pack.force_on_a_thesis", pack("--out", foreign_folder(), "--force"),
        "thesis.docx"),
    row("class_pack.out_read_only", pack("--out", read_only_parent()), "cannot write the folder"),
    row("class_pack.course_seed_negative", pack("--course-seed", "-2", "--out", scratch()),
        "out of range"),
    row("class_pack.progress_and_quiet", pack("--progress", "--quiet", "--out", scratch()),
        "not allowed with"),
    # assign
    row("assign.no_source", lambda: cli("assign", "--source", scratch("nowhere"),
                                        "--no-execute"), "no such folder"),
    row("assign.no_masters", lambda: cli("assign", "--source", foreign_folder(),
                                         "--no-execute"), "no exercise sources"),
    row("assign.lang_unknown", lambda: cli("assign", "--lang", "fr", "--no-execute"),
        "invalid choice: 'fr'"),
    row("assign.lang_zh_nothing_translated",
        lambda: cli("assign", "--source", _english_only_source(), "--lang", "zh", "--no-execute",
                    "--out", scratch()), "lang='zh'", "no"),
    row("build.lang_unknown", lambda: cli("build", "--check", "--lang", "fr"),
        "invalid choice: 'fr'"),
    # build (the course notebooks from their sources)
    row("build.no_source", lambda: cli("build", "--source", scratch("nowhere"), "--no-execute",
                                       "--no-exercises"), "no such folder"),
    row("build.only_unknown", lambda: cli("build", "--only", "99", "--no-execute",
                                          "--no-exercises", "--out", scratch()), "--only 99"),
    row("build.timeout_negative", lambda: cli("build", "--check", "--timeout", "-5"),
        "--timeout", "out of range"),
    row("build.timeout_text", lambda: cli("build", "--check", "--timeout", "soon"),
        "--timeout", "whole number"),
    row("build.source_front_matter_broken",
        lambda: cli("build", "--source", _source("01_bad.md", "---\njupytext: [unclosed\n---\n"),
                    "--no-execute", "--no-exercises", "--out", scratch()),
        "01_bad.md", "front matter"),
    row("build.source_not_utf8",
        lambda: cli("build", "--source", _source("02_latin.md", b"# caf\xe9 \xff\n"),
                    "--no-execute", "--no-exercises", "--out", scratch()),
        "02_latin.md", "UTF-8"),
    row("assign.broken_master",
        lambda: cli("assign", "--source", _broken_master(), "--no-execute", "--out", scratch()),
        "ex01_broken.md"),
]


def _broken_master():
    folder = scratch("source")
    folder.mkdir()
    (folder / "ex01_broken.md").write_text("---\njupytext: [unclosed\n---\n", encoding="utf-8")
    return folder


def _english_only_source():
    """An exercise-sources folder with one source that has no Chinese prose."""
    folder = scratch("english")
    folder.mkdir()
    (folder / "ex01_only_english.md").write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n# Only English\n\n"
        "```{code-cell} ipython3\nimport casekit as ck\n```\n", encoding="utf-8")
    return folder


def _source(name, content):
    """A sources folder holding one MyST source ``name`` with ``content`` (text or bytes)."""
    folder = scratch("sources")
    folder.mkdir()
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return folder
