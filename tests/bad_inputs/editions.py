"""Bad inputs to the two-edition build (casekit.editions, casekit.build, casekit.assign): each
error names the language, the cell or the folder at fault."""

from pathlib import Path

import nbformat

from bad_inputs import Case
from casekit import assign, build, editions

_ROOT = Path(__file__).resolve().parents[2]
_SOURCE = _ROOT / "notebooks" / "source" / "00_start_here.md"
_EXERCISES = _ROOT / "exercises" / "source"


def _md(text, **meta):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata.update(meta)
    return cell


def _code(text, **meta):
    cell = nbformat.v4.new_code_cell(text)
    cell.metadata.update(meta)
    return cell


CASES = [
    Case("editions.localise_code.unknown_language",
         lambda: editions.localise_code("x = 1", "fr"), ValueError, "lang='fr'"),
    Case("editions.edition_path.unknown_language",
         lambda: editions.edition_path("notebooks/source/00_x.md", "notebooks", "EN"),
         ValueError, "lang='EN'"),
    Case("editions.edition_cells.unknown_language_tag",
         lambda: editions.edition_cells([_md("# T", lang="de")], "zh", "00_x.md"),
         ValueError, "lang='de'"),
    Case("editions.edition_cells.tagged_code_cell",
         lambda: editions.edition_cells([_code("x = 1", lang="zh")], "en", "00_x.md"),
         ValueError, "code cell"),
    Case("editions.edition_cells.no_place_for_language_line",
         lambda: editions.edition_cells([_md("# 标题", lang="zh"), _code("x = 1")], "zh",
                                        "00_x.md"),
         ValueError, "import casekit as ck"),
    Case("editions.untranslated.missing_folder",
         lambda: editions.untranslated("no/such/folder"), FileNotFoundError, "no/such/folder"),
    Case("build.read_source.unknown_language",
         lambda: build.read_source(_SOURCE, lang="cn"),
         ValueError, "lang='cn'"),
    Case("editions.assignment_paths.unknown_language",
         lambda: editions.assignment_paths("exercises/source/ex01_x.md", "exercises", "cn"),
         ValueError, "lang='cn'"),
    Case("editions.read_edition.unknown_language",
         lambda: editions.read_edition(_SOURCE, "english"), ValueError, "lang='english'"),
    Case("assign.editions_of.unknown_language",
         lambda: assign.editions_of(_SOURCE, "zh-CN"), ValueError, "lang='zh-CN'"),
    Case("assign.assign.lang_unknown",
         lambda: assign.assign(_EXERCISES, run=False, only=["ex01"], lang="fr"),
         ValueError, "lang='fr'"),
    Case("build.build_case.unknown_language",
         lambda: build.build_case(_SOURCE, "/nonexistent", run=False, lang="cn"),
         ValueError, "lang='cn'"),
    Case("editions.localise_code.english_unchanged",
         lambda: editions.localise_code('ck.load("../datasets/telecom")', "en"), None,
         check=lambda out: out == 'ck.load("../datasets/telecom")',
         why="localise_code docstring: 'en' returns the code unchanged"),
]
