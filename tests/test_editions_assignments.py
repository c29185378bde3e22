"""Two editions of the exercises and the cases: ``exercises/zh/``, ``exercises/solutions/zh/``,
``cases/zh/``, ``cases/solutions/zh/`` (the chapters' editions are in test_editions.py).

For every exercise or case source with Chinese prose:

* its Chinese student and instructor notebooks exist with the cells of the source (not stale),
  the instructor notebook executed top to bottom; no Chinese notebook lacks a translated source;
* the code does not drift: the Chinese code is the English code except for the language line
  and one ``../`` more at the start of a path (undone here by hand, not with casekit.editions);
* the instructor notebooks of both editions print the same checked figures (numbers with
  decimals or thousands separators in the ``# NBVAL_CHECK_OUTPUT`` cells);
* the Chinese prompts are Chinese, and so are the worked explanations ("why") under each check
  in the Chinese instructor notebooks;
* ``DATASET`` points at the dataset from each notebook's own folder, in every edition.

And the mechanism, on tiny sources in a temporary folder: a bilingual case and exercise build
four notebooks with the right paths, an English-only one two; ``assign --lang`` picks an edition.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from casekit import assign as A
from casekit import build as B

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
#: A figure: a number with decimals or thousands separators. Bare whole numbers are left out:
#: the feedback's sentences name "the 80/20 rule" in English and "二八法则" in Chinese.
FIGURE = re.compile(r"-?\d[\d,]*\.\d+|-?\d{1,3}(?:,\d{3})+")
DATASET = re.compile(r"""^\s*DATASET\s*=\s*["']([^"']+)["']""", re.M)

#: (source, folder of the English student notebooks) of every exercise and case source.
ASSIGNMENTS = [(p, ROOT / "exercises") for p in A.masters(ROOT / "exercises" / "source")] + \
              [(p, ROOT / "cases") for p in sorted((ROOT / "cases" / "source").glob("*.md"))]
TRANSLATED = [(p, out) for p, out in ASSIGNMENTS if "zh" in A.editions_of(p)]
IDS = [p.stem for p, _ in TRANSLATED]


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _paths(source: Path, out: Path, lang: str) -> tuple[Path, Path]:
    """Student and instructor notebook of an edition, written out here rather than asked of
    casekit.editions."""
    sub = "zh/" if lang == "zh" else ""
    return out / f"{sub}{source.stem}.ipynb", out / "solutions" / f"{sub}{source.stem}.ipynb"


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_the_exercise_prompts_are_translated():
    assert {p.stem[:4] for p, out in TRANSLATED if out.name == "exercises"} >= {"ex01"}


@pytest.mark.parametrize("folder", ["exercises", "cases"])
def test_every_chinese_notebook_has_a_translated_source(folder):
    want = sorted(p.stem for p, out in TRANSLATED if out.name == folder)
    for sub in ("zh", "solutions/zh"):
        built = sorted(p.stem for p in (ROOT / folder / sub).glob("*.ipynb"))
        assert built == want, f"{folder}/{sub}"


@pytest.mark.parametrize("source, out", TRANSLATED, ids=IDS)
def test_chinese_editions_are_up_to_date_and_executed(source, out):
    for (target, want), path in zip(A.versions(source, out, "zh"), _paths(source, out, "zh")):
        assert target == path
        assert B.cells_of(_read(path)) == B.cells_of(want), \
            f"{path.relative_to(ROOT)} is stale; run `make notebooks ARGS=\"--only {source.stem[:4]}\"`"
    solution = _read(_paths(source, out, "zh")[1])
    counts = [c.execution_count for c in solution.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


def _undo_zh(code: str) -> str:
    lines = [ln for ln in code.split("\n") if "ck.labels.set_language(" not in ln]
    return re.sub(r"""(["'])\.\./\.\./""", r"\1../", "\n".join(lines))


def _undo_en(code: str) -> str:
    return "\n".join(ln for ln in code.split("\n") if "ck.labels.set_language(" not in ln)


@pytest.mark.parametrize("source, out", TRANSLATED, ids=IDS)
def test_code_of_the_two_editions_does_not_drift(source, out):
    for en_path, zh_path in zip(_paths(source, out, "en"), _paths(source, out, "zh")):
        en, zh = _code(_read(en_path)), _code(_read(zh_path))
        assert len(en) == len(zh)
        drift = [k for k, (a, b) in enumerate(zip(en, zh)) if _undo_en(a) != _undo_zh(b)]
        assert not drift, f"{zh_path.name}: code cells {drift} differ beyond the language line"
        assert sum('ck.labels.set_language("zh")' in c for c in zh) == 1
        assert not any('set_language("en")' in c for c in zh)


def _checked_outputs(nb) -> list[str]:
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("# NBVAL_CHECK_OUTPUT"):
            out.append("".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                               for o in cell.outputs))
    return out


def _checked_numbers(nb) -> list[list[str]]:
    return [FIGURE.findall(text) for text in _checked_outputs(nb)]


def _verdicts(nb) -> list[str]:
    """The verdict marks (✔ ✘ ◐ ·) that start the lines each checked cell prints, in order."""
    return ["".join(re.findall(r"^\s*([✔✘◐·])", text, flags=re.M))
            for text in _checked_outputs(nb)]


@pytest.mark.parametrize("source, out", TRANSLATED, ids=IDS)
def test_both_editions_print_the_same_checked_figures_and_verdicts(source, out):
    en = _read(_paths(source, out, "en")[1])
    zh = _read(_paths(source, out, "zh")[1])
    assert _checked_numbers(en) == _checked_numbers(zh)
    verdicts = _verdicts(en)
    assert verdicts and verdicts == _verdicts(zh)
    # an exercise's checked cells each check an answer; a case's also print the figures its
    # decisions rest on (the portfolio, the played year), without a verdict
    is_case = source.parent.parent.name == "cases"
    assert all((v or is_case) and set(v) <= set("✔◐") for v in verdicts), verdicts
    assert any(verdicts), verdicts


@pytest.mark.parametrize("source, out", TRANSLATED, ids=IDS)
def test_chinese_prompts_are_chinese(source, out):
    en_text = "\n".join(c.source for c in _read(_paths(source, out, "en")[0]).cells
                        if c.cell_type == "markdown")
    for path in _paths(source, out, "zh"):
        for cell in _read(path).cells:
            if cell.cell_type != "markdown":
                continue
            text = re.sub(r"`[^`]*`", "", cell.source)
            assert len(CJK.findall(text)) > 0.3 * len(re.findall(r"[A-Za-z]", text)), \
                f"{path.name}: a markdown cell is mostly not Chinese: {cell.source[:80]!r}"
            assert len(cell.source) < 40 or cell.source not in en_text, \
                f"{path.name}: an English cell leaked into the Chinese edition"


@pytest.mark.parametrize("source, out", ASSIGNMENTS, ids=[p.stem for p, _ in ASSIGNMENTS])
def test_dataset_path_resolves_from_each_notebook_folder(source, out):
    for lang in A.editions_of(source):
        for path in _paths(source, out, lang):
            found = DATASET.findall("\n".join(_code(_read(path))))
            assert found, f"{path.name}: no DATASET line"
            for rel in found:
                assert (path.parent / rel).resolve().is_dir(), f"{path}: DATASET = {rel!r}"


# --- the mechanism on tiny sources ------------------------------------------------------------

HEAD = "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n"
CASE = (HEAD + '+++ {"lang": "en"}\n\n# Case\n\n+++ {"lang": "zh"}\n\n# 案例\n\n'
        '```{code-cell} ipython3\nimport os\nimport casekit as ck\n\n'
        'ck.labels.set_language("en")\nDATASET = "../datasets/toy"\n```\n\n'
        '+++ {"lang": "en"}\n\n**Q1.** Does the folder exist?\n\n'
        '+++ {"lang": "zh"}\n\n**Q1.** 文件夹存在吗？\n\n'
        '```{code-cell} ipython3\n# BEGIN SOLUTION: found\nfound = os.path.isdir(DATASET)\n'
        '# END SOLUTION\nprint("found", found)\n```\n')


def _case_folder(tmp_path: Path, text: str = CASE, name: str = "toy_case.md") -> Path:
    (tmp_path / "datasets" / "toy").mkdir(parents=True, exist_ok=True)
    (tmp_path / "cases" / "source").mkdir(parents=True, exist_ok=True)
    src = tmp_path / "cases" / "source" / name
    src.write_text(text, encoding="utf-8")
    return src


def test_a_bilingual_case_builds_four_notebooks_with_paths_one_level_deeper(tmp_path):
    src = _case_folder(tmp_path)
    out = tmp_path / "cases"
    assert B.stale_cases(src.parent, out) == [out / "toy_case.ipynb",
                                              out / "solutions" / "toy_case.ipynb",
                                              out / "zh" / "toy_case.ipynb",
                                              out / "solutions" / "zh" / "toy_case.ipynb"]
    built = B.build_case(src, out, run=False)
    assert [p for p, changed in built if changed] == [
        out / "toy_case.ipynb", out / "solutions" / "toy_case.ipynb",
        out / "zh" / "toy_case.ipynb", out / "solutions" / "zh" / "toy_case.ipynb"]
    assert B.stale_cases(src.parent, out) == []
    zh_student, zh_solution = (_read(out / "zh" / "toy_case.ipynb"),
                               _read(out / "solutions" / "zh" / "toy_case.ipynb"))
    assert [c.source for c in zh_student.cells if c.cell_type == "markdown"] == \
        ["# 案例", "**Q1.** 文件夹存在吗？"]
    assert _code(zh_student) == [
        'import os\nimport casekit as ck\n\n'
        'ck.labels.set_language("zh")   # 中文版：标签、图表和练习反馈显示中文\n'
        'DATASET = "../../datasets/toy"',
        'found = ...  # your code here\nprint("found", found)']
    assert 'DATASET = "../../../datasets/toy"' in _code(zh_solution)[0]
    assert _code(zh_solution)[1] == 'found = os.path.isdir(DATASET)\nprint("found", found)'
    # the Chinese prose changes: only the Chinese notebooks are stale
    src.write_text(CASE.replace("文件夹存在吗？", "数据文件夹在吗？"), encoding="utf-8")
    assert B.stale_cases(src.parent, out) == [out / "zh" / "toy_case.ipynb",
                                              out / "solutions" / "zh" / "toy_case.ipynb"]
    # the source loses its Chinese: the Chinese notebooks are left over, and reported
    src.write_text(re.sub(r'\+\+\+ \{"lang": "zh"\}\n\n[^\n]*\n\n', "", CASE), encoding="utf-8")
    B.build_case(src, out, run=False)
    assert B.stale_cases(src.parent, out) == [out / "zh" / "toy_case.ipynb",
                                              out / "solutions" / "zh" / "toy_case.ipynb"]


def test_the_chinese_instructor_notebook_finds_the_dataset_when_executed(tmp_path):
    src = _case_folder(tmp_path)
    out = tmp_path / "cases"
    B.build_case(src, out, lang="zh", timeout=120)
    assert not (out / "toy_case.ipynb").exists()            # lang="zh": the Chinese edition only
    solution = _read(out / "solutions" / "zh" / "toy_case.ipynb")
    assert solution.cells[-1].outputs[0]["text"] == "found True\n"


def test_an_english_only_case_builds_its_english_notebooks_only(tmp_path):
    src = _case_folder(tmp_path, HEAD + "# Only English\n\n```{code-cell} ipython3\n"
                                        "import casekit as ck\nDATASET = \"../datasets/toy\"\n```\n")
    built = B.build_case(src, tmp_path / "cases", run=False)
    assert [p.relative_to(tmp_path) for p, _ in built] == [
        Path("cases/toy_case.ipynb"), Path("cases/solutions/toy_case.ipynb")]
    assert not (tmp_path / "cases" / "zh").exists()


def test_assign_lang_writes_one_edition(tmp_path):
    src = tmp_path / "exercises" / "source"
    src.mkdir(parents=True)
    (src / "ex01_toy.md").write_text(CASE, encoding="utf-8")
    out = tmp_path / "exercises"
    written = A.assign(src, run=False, lang="zh")
    assert written == [out / "zh" / "ex01_toy.ipynb", out / "solutions" / "zh" / "ex01_toy.ipynb"]
    assert A.stale(src, out, "zh") == []
    assert A.stale(src, out) == [out / "ex01_toy.ipynb", out / "solutions" / "ex01_toy.ipynb"]
    assert A.assign(src, run=False, lang="en") == [out / "ex01_toy.ipynb",
                                                   out / "solutions" / "ex01_toy.ipynb"]
    assert A.stale(src, out) == []


def test_assign_cli_names_the_sources_not_yet_translated(tmp_path, capsys):
    from casekit.cli import main

    src = tmp_path / "source"
    src.mkdir()
    (src / "ex01_toy.md").write_text(CASE, encoding="utf-8")
    (src / "ex02_english.md").write_text(
        HEAD + "# English\n\n```{code-cell} ipython3\nimport casekit as ck\n```\n",
        encoding="utf-8")
    assert main(["assign", "--source", str(src), "--lang", "zh", "--no-execute"]) == 0
    captured = capsys.readouterr()
    assert f"wrote {tmp_path / 'zh' / 'ex01_toy.ipynb'}" in captured.out
    assert "ex02_english" not in captured.out
    assert f"not yet translated (zh): {src / 'ex02_english.md'}" in captured.err


@pytest.mark.parametrize("name", ["tobacco_bureau_analyst", "telecom_account_manager"])
def test_a_real_case_source_with_one_chinese_cell_gets_its_chinese_edition(tmp_path, name):
    """What the case translator will do: a Chinese twin after the title cell is enough for the
    build to write the Chinese student and instructor notebooks, with the code localised."""
    text = (ROOT / "cases" / "source" / f"{name}.md").read_text(encoding="utf-8")
    head, body = text.split("---\n", 2)[1:]
    if '+++ {"lang": "zh"}' in body:    # translated: its own English and Chinese title cells
        title, zh_title = (B.read_source(ROOT / "cases" / "source" / f"{name}.md", lang)
                           .cells[0].source for lang in ("en", "zh"))
        assert title.startswith("# Case") and zh_title.startswith("# 案例")
        src = _case_folder(tmp_path, text, name=f"{name}.md")
    else:
        title, rest = body.lstrip("\n").split("\n\n", 1)
        zh_title = "# 案例（中文标题）"
        src = _case_folder(tmp_path, f"---\n{head}---\n\n+++ {{\"lang\": \"en\"}}\n\n{title}\n\n"
                                     f"+++ {{\"lang\": \"zh\"}}\n\n{zh_title}\n\n+++\n\n{rest}",
                           name=f"{name}.md")
    out = tmp_path / "cases"
    B.build_case(src, out, run=False)
    en_student, en_solution = (_read(p) for p in _paths(src, out, "en"))
    zh_student, zh_solution = (_read(p) for p in _paths(src, out, "zh"))
    assert en_student.cells[0].source == title
    assert zh_student.cells[0].source == zh_title
    assert _code(en_student) == _code(_read(ROOT / "cases" / f"{name}.ipynb"))
    world = "tobacco" if "tobacco" in name else "telecom"
    assert DATASET.findall("\n".join(_code(zh_student))) == [f"../../datasets/{world}"]
    assert DATASET.findall("\n".join(_code(zh_solution))) == [f"../../../datasets/{world}"]
    assert 'ck.labels.set_language("zh")' in _code(zh_student)[0]
    assert len(_code(zh_solution)) == len(_code(en_solution))
