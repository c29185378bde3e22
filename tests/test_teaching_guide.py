"""The teaching guide quotes the notebooks' figures: each one marked in bold must be printed.

``docs/teaching_guide.md`` and its Chinese edition ``docs/teaching_guide.zh.md`` have one
section per chapter (``## NN · …``) and one per case study (``## Case study N · …`` /
``## 案例 N · …``, naming its instructor notebook ``cases/solutions/NAME.ipynb``). A figure
written in bold — ``**−24,600**``, ``**0.880**``, ``**62.7%**``, ``**214k**`` — is a claim
that the section's notebook prints exactly that figure in a ``# NBVAL_CHECK_OUTPUT`` cell.
These tests look every such figure up in those outputs (as a whole number: ``**83**`` is not
found in ``83.00`` or ``183k``, ``**24,600**`` is not found in ``-24,600``), so a notebook
whose output changes makes the guide fail here instead of going stale silently. Figures the
guide derives itself (a difference, a rounding) are written without bold and not checked.

Only the spelling is normalised: the typographic minus (−) and the ASCII hyphen are the same
sign, a thin or ordinary space before ``%`` is dropped, and a leading ``+`` may be absent in
the output (``+58k`` is found in ``58k`` but not in ``-58k``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDES = {"en": ROOT / "docs" / "teaching_guide.md", "zh": ROOT / "docs" / "teaching_guide.zh.md"}
CHAPTERS = [f"{n:02d}" for n in range(10)]
CASES = ["tobacco_bureau_analyst", "telecom_account_manager"]

# a bold span holding only a figure: optional sign, digits with thousands commas, decimals,
# and a unit the notebooks print (%, k, M)
FIGURE = re.compile(r"\*\*([+\-−]?\d[\d,]*(?:\.\d+)?(?:[ \u2009]?%|k|M)?)\*\*")
CHAPTER_HEADING = re.compile(r"^## (\d\d) · ", re.M)
CASE_HEADING = re.compile(r"^## (?:Case study|案例) \d · ", re.M)
CASE_NOTEBOOK = re.compile(r"cases/solutions/(\w+)\.ipynb")
PLAN = re.compile(r"\*\*(?:Session plan \((\d+) min[^)]*\)\.|课堂安排（(\d+) 分钟[^）]*）。)\*\*"
                  r"(.*?)\n\n", re.S)


def _normalise(text: str) -> str:
    return re.sub(r"[ \u2009]%", "%", text.replace("−", "-"))


def _sections(text: str) -> dict[str, str]:
    """Section key (``"08"`` or a case notebook name) -> the section's text."""
    starts = [(m.start(), m.group(1)) for m in CHAPTER_HEADING.finditer(text)]
    for m in CASE_HEADING.finditer(text):
        starts.append((m.start(), None))
    starts.sort()
    out = {}
    for i, (pos, key) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = text[pos:end]
        if key is None:
            names = set(CASE_NOTEBOOK.findall(body))
            assert len(names) == 1, f"a case section must name one instructor notebook: {names}"
            key = names.pop()
        assert key not in out, f"two sections for {key}"
        out[key] = body
    return out


def _notebook(key: str) -> Path:
    if key in CASES:
        return ROOT / "cases" / "solutions" / f"{key}.ipynb"
    (path,) = sorted((ROOT / "notebooks").glob(f"{key}_*.ipynb"))
    return path


def _checked_outputs(path: Path) -> str:
    """Text printed by the notebook's ``# NBVAL_CHECK_OUTPUT`` cells, joined."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or "NBVAL_CHECK_OUTPUT" not in "".join(cell["source"]):
            continue
        for out in cell.get("outputs", []):
            if "text" in out:
                texts.append("".join(out["text"]))
            elif "text/plain" in out.get("data", {}):
                texts.append("".join(out["data"]["text/plain"]))
    return _normalise("\n".join(texts))


def _printed(figure: str, outputs: str) -> bool:
    """True when ``figure`` occurs in ``outputs`` as a whole figure, with its sign."""
    fig = _normalise(figure)
    signs = [fig]
    if fig.startswith("+"):
        signs.append(fig[1:])
    for f in signs:
        before = r"(?<![\d.,\-+])" if f[0].isdigit() else r"(?<![\d.,])"
        after = r"(?![\d]|[.,]\d|k|M|%)" if f[-1].isdigit() else r"(?![\d])"
        if re.search(before + re.escape(f) + after, outputs):
            return True
    return False


def _figures(section: str) -> list[str]:
    return [_normalise(f) for f in FIGURE.findall(section)]


@pytest.fixture(scope="module")
def guides():
    return {lang: _sections(path.read_text(encoding="utf-8")) for lang, path in GUIDES.items()}


@pytest.fixture(scope="module")
def outputs():
    return {key: _checked_outputs(_notebook(key)) for key in CHAPTERS + CASES}


def test_the_matcher_finds_whole_figures_only():
    out = _normalise("delta_npv  -24,600  83.00  183k  62.7%  0.880 lose 75%\n1,490,100 214k")
    assert _printed("−24,600", out) and _printed("-24,600", out)
    assert not _printed("24,600", out)            # the sign is part of the figure
    assert not _printed("83", out) and not _printed("18", out) and not _printed("3k", out)
    assert _printed("83.00", out) and _printed("183k", out) and _printed("+214k", out)
    assert _printed("62.7 %", out) and _printed("75%", out) and not _printed("62.7", out)
    assert not _printed("0.88", out) and not _printed("490,100", out)
    assert not _printed("-214k", out)


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_every_chapter_and_case_has_a_section_with_figures(lang, guides):
    sections = guides[lang]
    assert sorted(sections) == sorted(CHAPTERS + CASES)
    for key, body in sections.items():
        # chapter 00 has few results; every other section quotes the notebook several times
        assert len(_figures(body)) >= (2 if key == "00" else 5), (lang, key)


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_every_bold_figure_is_printed_by_the_sections_notebook(lang, guides, outputs):
    missing = [(key, fig) for key, body in guides[lang].items() for fig in _figures(body)
               if not _printed(fig, outputs[key])]
    assert not missing, (f"{GUIDES[lang].name}: figures not printed by a checked cell of the "
                         f"section's notebook (re-read the section): {missing}")


def test_the_chinese_edition_quotes_the_same_figures(guides):
    en, zh = guides["en"], guides["zh"]
    for key in en:
        assert Counter(_figures(zh[key])) == Counter(_figures(en[key])), key


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_session_plans_add_up(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    plans = PLAN.findall(text)
    assert len(plans) == 10, len(plans)            # one per chapter; the cases have tables
    for en_total, zh_total, items in plans:
        total = int(en_total or zh_total)
        minutes = [int(m) for m in re.findall(r"(?:^|·)\s*(\d+) ", items.strip())]
        assert sum(minutes) == total, (total, minutes, items[:60])


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_case_tables_add_up_to_the_class_time(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    bodies = re.split(CASE_HEADING, text)[1:]
    assert len(bodies) == 2
    for body in bodies:
        rows = re.findall(r"^\| (\d+) \|", body, re.M)
        (stated,) = re.findall(r"\*\*(?:Class time\.|课堂时间。)\*\* (?:≈|约) (\d+) ", body)
        assert rows and sum(map(int, rows)) == int(stated), (lang, rows, stated)


def test_the_editions_link_each_other_and_the_readmes_link_them():
    en, zh = (p.read_text(encoding="utf-8") for p in (GUIDES["en"], GUIDES["zh"]))
    assert "teaching_guide.zh.md" in en and "teaching_guide.md" in zh
    assert "docs/teaching_guide.zh.md" in (ROOT / "README.zh.md").read_text(encoding="utf-8")
    assert "docs/teaching_guide.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def _title(path: Path) -> str:
    """The English part of a notebook's first heading, without its chapter number."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"]).splitlines()[0]
    return re.sub(r"^# (?:\d\d · |Case · )?", "", first).split(" — ")[0]


def test_english_section_headings_name_the_notebooks_titles(guides):
    for key, body in guides["en"].items():
        heading = body.splitlines()[0]
        title = re.sub(r"^## (?:\d\d|Case study \d) · ", "", heading).split(" (")[0]
        assert title == _title(_notebook(key)), (heading, _title(_notebook(key)))
