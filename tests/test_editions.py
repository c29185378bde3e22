"""One source, two editions: English ``notebooks/`` and 中文 ``notebooks/zh/``.

* every source with Chinese prose has its Chinese edition, with the cells of its source, built
  executed; no Chinese notebook lacks a translated source;
* the editions' code does not drift: the Chinese code is the English code except for the
  language line and ``../`` paths one folder deeper (checked here by undoing those two changes
  by hand, not with the build's own function);
* both editions print the same checked figures (the numbers in ``# NBVAL_CHECK_OUTPUT`` cells);
* the Chinese edition's prose is Chinese, the English edition's English;
* the mechanism, on small sources in a temporary folder: tagged cells, untranslated sources,
  paths, the language line, stale and orphan Chinese notebooks.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from casekit import build as B
from casekit import editions as E

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCES = sorted((NOTEBOOKS / "source").glob("*.md"))
TRANSLATED = [p for p in SOURCES if "zh" in E.translations(p)]
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_notebook_00_is_translated_and_the_rest_is_listed_as_not_yet():
    assert NOTEBOOKS / "source" / "00_start_here.md" in TRANSLATED
    assert set(E.untranslated(NOTEBOOKS / "source")) == set(SOURCES) - set(TRANSLATED)


def test_every_chinese_notebook_has_a_translated_source():
    built = sorted(p.stem for p in (NOTEBOOKS / "zh").glob("*.ipynb"))
    assert built == sorted(p.stem for p in TRANSLATED)


@pytest.mark.parametrize("source", TRANSLATED, ids=lambda p: p.stem)
def test_chinese_edition_is_up_to_date_and_executed(source):
    built = _read(NOTEBOOKS / "zh" / f"{source.stem}.ipynb")
    assert B.cells_of(built) == B.cells_of(B.read_source(source, "zh")), \
        f"notebooks/zh/{source.stem}.ipynb is stale; run `make notebooks ARGS=\"--only " \
        f"{source.stem[:2]}\"`"
    counts = [c.execution_count for c in built.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


def _undo_zh(code: str) -> str:
    """The Chinese code with the two documented changes undone, written independently of
    casekit.editions: language lines dropped, ``"../../`` back to ``"../``."""
    lines = [ln for ln in code.split("\n") if "ck.labels.set_language(" not in ln]
    return re.sub(r"""(["'])\.\./\.\./""", r"\1../", "\n".join(lines))


def _undo_en(code: str) -> str:
    return "\n".join(ln for ln in code.split("\n") if "ck.labels.set_language(" not in ln)


@pytest.mark.parametrize("source", TRANSLATED, ids=lambda p: p.stem)
def test_code_of_the_two_editions_does_not_drift(source):
    en = _code(_read(NOTEBOOKS / f"{source.stem}.ipynb"))
    zh = _code(_read(NOTEBOOKS / "zh" / f"{source.stem}.ipynb"))
    assert len(en) == len(zh)
    drift = [k for k, (a, b) in enumerate(zip(en, zh)) if _undo_en(a) != _undo_zh(b)]
    assert not drift, f"{source.stem}: code cells {drift} differ beyond the language line"
    first = next(c for c in zh if "set_language" in c)
    assert 'ck.labels.set_language("zh")' in first
    assert not any('set_language("en")' in c for c in zh)


def _checked_numbers(nb) -> list[list[str]]:
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("# NBVAL_CHECK_OUTPUT"):
            text = "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                           for o in cell.outputs)
            out.append(NUMBER.findall(text))
    return out


@pytest.mark.parametrize("source", TRANSLATED, ids=lambda p: p.stem)
def test_both_editions_print_the_same_checked_figures(source):
    en = _checked_numbers(_read(NOTEBOOKS / f"{source.stem}.ipynb"))
    zh = _checked_numbers(_read(NOTEBOOKS / "zh" / f"{source.stem}.ipynb"))
    assert en and en == zh


def test_notebook_00_figures_are_the_geometric_lifetimes():
    # E[lifetime] = 1 / (1 - r): 5, 10, 20 and 100 months for r = .80, .90, .95, .99
    zh = _checked_numbers(_read(NOTEBOOKS / "zh" / "00_start_here.ipynb"))
    assert zh == [["0.80", "5.0", "0.90", "10.0", "0.95", "20.0", "0.99", "100.0"]]


@pytest.mark.parametrize("source", TRANSLATED, ids=lambda p: p.stem)
def test_chinese_prose_is_chinese_and_english_prose_english(source):
    zh = _read(NOTEBOOKS / "zh" / f"{source.stem}.ipynb")
    en = _read(NOTEBOOKS / f"{source.stem}.ipynb")
    for cell in zh.cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"`[^`]*`", "", cell.source)
            assert len(CJK.findall(text)) > 0.3 * len(re.findall(r"[A-Za-z]", text)), \
                f"zh/{source.stem}: a markdown cell is mostly not Chinese: {cell.source[:80]!r}"
    zh_text = "\n".join(c.source for c in zh.cells if c.cell_type == "markdown")
    for cell in en.cells:
        if cell.cell_type == "markdown":
            assert cell.source not in zh_text, "an English cell leaked into the Chinese edition"


# --- the mechanism on small sources -----------------------------------------------------------

HEAD = "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n"


def _source(tmp_path: Path, body: str, name: str = "01_x.md") -> Path:
    folder = tmp_path / "source"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


BILINGUAL = ('+++ {"lang": "en"}\n\n# Title\n\n+++ {"lang": "zh"}\n\n# 标题\n\n'
             '```{code-cell} ipython3\nimport casekit as ck\n\n'
             'ck.labels.set_language("en")   # try "zh"\nbase = "../datasets/telecom"\n```\n\n'
             'Shared text.\n')


def test_tagged_cells_go_to_their_edition_and_lose_the_tag(tmp_path):
    src = _source(tmp_path, BILINGUAL)
    en, zh = B.read_source(src, "en"), B.read_source(src, "zh")
    assert B.cells_of(en) == [
        ("markdown", "# Title"),
        ("code", 'import casekit as ck\n\nck.labels.set_language("en")   # try "zh"\n'
                 'base = "../datasets/telecom"'),
        ("markdown", "Shared text.")]
    assert B.cells_of(zh) == [
        ("markdown", "# 标题"),
        ("code", 'import casekit as ck\n\n' + E.LANGUAGE_LINES["zh"] + '\n'
                 'base = "../../datasets/telecom"'),
        ("markdown", "Shared text.")]
    assert all("lang" not in c.metadata for c in en.cells + zh.cells)


def test_language_line_goes_after_the_import_when_the_source_has_none(tmp_path):
    src = _source(tmp_path, '+++ {"lang": "zh"}\n\n# 标题\n\n```{code-cell} ipython3\n'
                            'import numpy as np\nimport casekit as ck  # the kit\nx = 1\n```\n')
    (code,) = _code(B.read_source(src, "zh"))
    assert code.split("\n") == ["import numpy as np", "import casekit as ck  # the kit",
                                E.LANGUAGE_LINES["zh"], "x = 1"]


def test_paths_deeper_only_at_the_start_of_a_string_literal():
    code = "a = '../x'\nb = \"data/../y\"\nc = ../z\nd = f\"../w\""
    assert E.localise_code(code, "zh") == \
        "a = '../../x'\nb = \"data/../y\"\nc = ../z\nd = f\"../../w\""


def test_untranslated_source_builds_its_english_edition_only(tmp_path):
    src = _source(tmp_path, "# Only English\n\n```{code-cell} ipython3\nx = 1\n```\n")
    assert E.translations(src) == ("en",)
    assert E.untranslated(tmp_path / "source") == [src]
    assert B.stale(tmp_path / "source", tmp_path) == [tmp_path / "01_x.ipynb"]
    B.build_notebook(src, tmp_path, run=False)
    assert B.stale(tmp_path / "source", tmp_path) == []
    assert not (tmp_path / "zh").exists()


def test_stale_names_both_editions_and_an_orphan_chinese_notebook(tmp_path):
    src = _source(tmp_path, BILINGUAL)
    assert B.stale(tmp_path / "source", tmp_path) == [tmp_path / "01_x.ipynb",
                                                       tmp_path / "zh" / "01_x.ipynb"]
    for lang in ("en", "zh"):
        B.build_notebook(src, tmp_path, run=False, lang=lang)
    assert B.stale(tmp_path / "source", tmp_path) == []
    src.write_text(src.read_text(encoding="utf-8").replace("# 标题", "# 新标题"),
                   encoding="utf-8")
    assert B.stale(tmp_path / "source", tmp_path) == [tmp_path / "zh" / "01_x.ipynb"]
    # the source loses its Chinese: its Chinese notebook is left over, and reported
    src.write_text(HEAD + "# Title\n", encoding="utf-8")
    B.build_notebook(src, tmp_path, run=False)
    assert B.stale(tmp_path / "source", tmp_path) == [tmp_path / "zh" / "01_x.ipynb"]


def test_check_command_lists_untranslated_sources_without_failing(capsys, monkeypatch):
    from casekit.cli import main

    monkeypatch.chdir(ROOT)
    assert main(["build", "--check"]) == 0
    out = capsys.readouterr().out
    for src in set(SOURCES) - set(TRANSLATED):
        assert f"not yet translated (English edition only): notebooks/source/{src.name}" in out
    assert "00_start_here.md" not in out.replace("up to date", "")


# --- starting the Chinese edition, and what README.zh.md claims --------------------------------


def _make_lab(*args: str, env_lang: str = "C.UTF-8") -> str:
    import os
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = dict(os.environ, LANG=env_lang)
    return subprocess.run(["make", "-n", "lab", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, check=True).stdout


def test_make_lab_lang_zh_opens_the_chinese_start_notebook():
    zh = _make_lab("LANG=zh")
    assert "--LabApp.default_url=/lab/tree/notebooks/zh/00_start_here.ipynb" in zh
    assert (NOTEBOOKS / "zh" / "00_start_here.ipynb").exists()
    assert "env -u LANG" in zh                      # "zh" is no locale: not passed on
    for english in (_make_lab(), _make_lab(env_lang="zh_CN.UTF-8")):
        assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in english
        assert "env -u LANG" not in english


def test_readme_zh_states_the_translation_status_truly():
    text = (ROOT / "README.zh.md").read_text(encoding="utf-8")
    assert "make lab LANG=zh" in text and "make test" in text
    rows = {m[1]: m[2] for m in re.finditer(r"^\| \d\d \| `(\w+)` \|[^|]*\| (.+) \|$", text,
                                            flags=re.M)}
    assert set(rows) == {p.stem for p in SOURCES}, "README.zh.md: one row per chapter"
    for stem, status in rows.items():
        translated = stem in {p.stem for p in TRANSLATED}
        assert ("✔" in status) == translated and ("尚未翻译" in status) != translated, \
            f"README.zh.md says {status!r} for {stem}"
