"""Bad inputs to the two-edition build (casekit.editions, casekit.build): each error names the
language, the cell or the folder at fault."""

from pathlib import Path

import nbformat

from bad_inputs import Case
from casekit import build, editions

_SOURCE = Path(__file__).resolve().parents[2] / "notebooks" / "source" / "00_start_here.md"


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
    Case("editions.localise_code.english_unchanged",
         lambda: editions.localise_code('ck.load("../datasets/telecom")', "en"), None,
         check=lambda out: out == 'ck.load("../datasets/telecom")',
         why="localise_code docstring: 'en' returns the code unchanged"),
]
