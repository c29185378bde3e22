"""The Chinese edition in real JupyterLab: notebooks/zh/00_start_here.ipynb and
notebooks/zh/02_not_all_customers_are_equal.ipynb (both have a dashboard).

After running every cell, the page must show

* Chinese prose (headings and text of the notebook's markdown cells), and not the English
  edition's;
* Chinese widget captions (the sliders' labels; for 00 also the dashboard's result line), and
  a slider move changes the dashboard's number;
* no missing-glyph boxes, checked two independent ways:
  1. the fonts Chromium actually used to draw the prose and the widget caption, as its
     DevTools protocol reports them (``CSS.getPlatformFontsForNode``): a CJK font must draw
     the Chinese characters (all glyphs of a node drawn by one non-CJK font = boxes);
  2. every distinct Chinese character on the page, drawn on a canvas in the font of the
     element it appears in, gives its own bitmap, different from the bitmap of a code point
     no font has (U+10FFFD, drawn as the missing-glyph box): boxes are all alike.

A screenshot of each is saved as tests/e2e/artifacts/zh_<notebook>.png (look at it).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from conftest import (DASHBOARD, cell_errors, dismiss_news, open_and_run_all, result_texts,
                      slider_changes_result)

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_FONT = re.compile(r"CJK|Han Sans|WenQuanYi|YaHei|PingFang|Hei|Droid Sans Fallback", re.I)
NOTEBOOKS = ["00_start_here", "02_not_all_customers_are_equal"]

#: Phrases of 00 checked by hand (the generic check below applies to every notebook).
PHRASES_00 = ("从这里开始", "本节学习目标", "预期客户寿命", "练习在哪里")


def _title(path: Path) -> str:
    """The first heading of a built notebook's first markdown cell."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AssertionError(f"{path}: no heading")


def _all_markdown_texts(page) -> list[str]:
    """The rendered text of every markdown cell: JupyterLab only renders the cells near the
    viewport, so scroll the notebook from top to bottom and collect along the way."""
    scroller = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first
    seen: dict[str, None] = {}
    scroller.evaluate("el => el.scrollTo(0, 0)")
    while True:
        page.wait_for_timeout(400)
        for t in page.locator(".jp-MarkdownOutput").all_inner_texts():
            seen.setdefault(t, None)
        at_end = scroller.evaluate(
            "el => { const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;"
            " el.scrollBy(0, el.clientHeight * 0.8); return end; }")
        if at_end:
            return list(seen)


def _platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium used to draw the text inside the first element matching
    ``selector`` (DevTools protocol), each ``{familyName, glyphCount, ...}``."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no element {selector!r} on the page"
    fonts: list[dict] = []
    # the fonts are reported per node for its own text: walk the text-bearing descendants
    stack = [node]
    while stack:
        n = stack.pop()
        fonts += cdp.send("CSS.getPlatformFontsForNode", {"nodeId": n})["fonts"]
        children = cdp.send("DOM.querySelectorAll", {"nodeId": n, "selector": ":scope > *"})
        stack += children["nodeIds"]
    cdp.detach()
    return fonts


def _assert_cjk_font(page, selector: str) -> None:
    fonts = _platform_fonts(page, selector)
    cjk = [f for f in fonts if CJK_FONT.search(f["familyName"])]
    assert cjk and sum(f["glyphCount"] for f in cjk) >= 2, \
        f"{selector}: its Chinese was not drawn with a CJK font: {fonts}"


# Draw each character on a canvas in a given CSS font; return a hash of its pixels per char.
_GLYPH_BITMAPS = """
([chars, font]) => {
  const c = document.createElement('canvas'); c.width = 64; c.height = 64;
  const g = c.getContext('2d', {willReadFrequently: true});
  const hash = (ch) => {
    g.clearRect(0, 0, 64, 64); g.fillStyle = '#000'; g.font = font; g.textBaseline = 'top';
    g.fillText(ch, 4, 4);
    const d = g.getImageData(0, 0, 64, 64).data; let h = 0, ink = 0;
    for (let i = 3; i < d.length; i += 4) { h = (h * 31 + d[i]) >>> 0; ink += d[i] > 0; }
    return h + ':' + ink;
  };
  return {chars: chars.map(hash), missing: hash(String.fromCodePoint(0x10FFFD))};
}
"""


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_chinese_edition_shows_chinese_prose_widgets_and_real_glyphs(lab, page, artifacts,
                                                                     name):
    base, token = lab
    zh_file = ROOT / "notebooks" / "zh" / f"{name}.ipynb"
    if not zh_file.is_file():
        pytest.skip(f"{zh_file.relative_to(ROOT)} is not built yet (its translation has not "
                    "landed)")
    shot = str(artifacts / f"zh_{name}.png")
    try:
        open_and_run_all(page, base, token, f"notebooks/zh/{name}.ipynb")
        errors = cell_errors(page)
        assert not errors, f"a cell failed in the browser: {errors[0][:500]}"

        # Chinese prose, and none of the English edition's
        text = "\n".join(_all_markdown_texts(page))
        zh_title, en_title = _title(zh_file), _title(ROOT / "notebooks" / f"{name}.ipynb")
        assert CJK.search(zh_title) and zh_title != en_title
        assert zh_title in text, f"the Chinese title {zh_title!r} was not rendered"
        assert en_title not in text, f"the English title {en_title!r} was rendered"
        if name == "00_start_here":
            for phrase in PHRASES_00:
                assert phrase in text, f"Chinese prose {phrase!r} not rendered"
            assert "Learning goals of this notebook" not in text   # English cells left out

        # Chinese widget captions, and a slider move changes the dashboard's number
        dashboard = page.locator(DASHBOARD).first
        dashboard.scroll_into_view_if_needed()
        dashboard.wait_for(timeout=30_000)
        labels = dashboard.locator(".widget-slider .widget-label")
        deadline = time.monotonic() + 20       # JupyterLab lays the labels out after the
        captions = labels.all_text_contents()  # slider views attach: wait for their text
        while not (captions and all(c.strip() for c in captions)) \
                and time.monotonic() < deadline:
            page.wait_for_timeout(250)
            captions = labels.all_text_contents()
        assert captions and all(CJK.search(c) for c in captions), captions
        shown = result_texts(dashboard)
        if name == "00_start_here":
            assert captions[0].strip() == "月保留率 r"
            shown = dashboard.locator(".widget-html-content:has(.casekit-result)").first \
                .inner_text().strip()
            assert re.fullmatch(r"预期客户寿命: 10\.0 个月 \(1 / \(1 − 0\.90\)\)", shown), shown
        before = result_texts(dashboard)
        assert slider_changes_result(page, dashboard), f"{name}: {before!r} did not change"

        # 1. the fonts Chromium drew the Chinese with: the widget caption, then the prose
        _assert_cjk_font(page, ".widget-slider .widget-label")
        if name == "00_start_here":
            _assert_cjk_font(page, ".widget-html-content")
        page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first.evaluate(
            "el => el.scrollTo(0, 0)")
        page.locator(".jp-MarkdownOutput h1").first.wait_for(timeout=10_000)
        _assert_cjk_font(page, ".jp-MarkdownOutput h1")
        _assert_cjk_font(page, ".jp-MarkdownOutput p")

        # 2. each Chinese character its own glyph, none the missing-glyph box
        chars = sorted(set(CJK.findall(text + " ".join(captions) + shown)))
        assert len(chars) > 100
        font = page.evaluate("() => { const s = getComputedStyle(document.querySelector("
                             "'.jp-MarkdownOutput p')); return '32px ' + s.fontFamily; }")
        drawn = page.evaluate(_GLYPH_BITMAPS, [chars, font])
        boxes = [ch for ch, h in zip(chars, drawn["chars"]) if h == drawn["missing"]]
        assert not boxes, f"drawn as the missing-glyph box: {''.join(boxes)}"
        assert all(not h.endswith(":0") for h in drawn["chars"]), "a character drew no ink"
        assert len(set(drawn["chars"])) == len(chars), \
            "several characters share one bitmap (boxes look alike)"
    except Exception:
        page.screenshot(path=shot.replace(".png", "-failed.png"), full_page=True)
        raise
    dismiss_news(page)
    page.locator(".widget-slider").first.scroll_into_view_if_needed()
    page.wait_for_timeout(1_000)
    page.screenshot(path=shot)
