"""The Chinese edition in real JupyterLab: notebooks/zh/00_start_here.ipynb (it has a widget).

After running every cell, the page must show

* Chinese prose (headings and text of the notebook's markdown cells);
* Chinese widget captions (the slider's label and the dashboard's result line);
* no missing-glyph boxes, checked two independent ways:
  1. the fonts Chromium actually used to draw the prose and the widget caption, as its
     DevTools protocol reports them (``CSS.getPlatformFontsForNode``): a CJK font must draw
     the Chinese characters (all glyphs of a node drawn by one non-CJK font = boxes);
  2. every distinct Chinese character on the page, drawn on a canvas in the font of the
     element it appears in, gives its own bitmap, different from the bitmap of a code point
     no font has (U+10FFFD, drawn as the missing-glyph box): boxes are all alike.

A screenshot is saved as tests/e2e/artifacts/zh_00_start_here.png (look at it).
"""

from __future__ import annotations

import re

NOTEBOOK = "notebooks/zh/00_start_here.ipynb"
RUN_TIMEOUT_MS = 240_000
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']:visible"
CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_FONT = re.compile(r"CJK|Han Sans|WenQuanYi|YaHei|PingFang|Hei|Droid Sans Fallback", re.I)


def _open_and_run_all(page, base, token):
    page.goto(f"{base}/lab/workspaces/zh-00/tree/{NOTEBOOK}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    accept = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    try:
        accept.wait_for(state="visible", timeout=8_000)
        accept.click()
    except Exception:
        pass  # no kernel dialog: the kernel started by itself
    page.wait_for_selector(IDLE, timeout=120_000)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
    page.wait_for_timeout(1_000)
    page.wait_for_function(
        "() => { const i = document.querySelector('.jp-Notebook-ExecutionIndicator');"
        " const waiting = [...document.querySelectorAll('.jp-InputArea-prompt')]"
        "   .some(p => p.innerText.includes('*'));"
        " return i && i.dataset.status === 'idle' && !waiting; }", timeout=RUN_TIMEOUT_MS)


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


def test_chinese_edition_shows_chinese_prose_widgets_and_real_glyphs(lab, page, artifacts):
    base, token = lab
    shot = str(artifacts / "zh_00_start_here.png")
    try:
        _open_and_run_all(page, base, token)
        errors = [t for t in page.locator(".jp-OutputArea-output[data-mime-type="
                                          "'application/vnd.jupyter.stderr']").all_inner_texts()
                  if "Traceback" in t or "Error" in t]
        assert not errors, f"a cell failed in the browser: {errors[0][:500]}"

        # Chinese prose
        text = "\n".join(_all_markdown_texts(page))
        for phrase in ("从这里开始", "本节学习目标", "预期客户寿命", "练习在哪里"):
            assert phrase in text, f"Chinese prose {phrase!r} not rendered"
        assert "Learning goals of this notebook" not in text   # English cells are left out

        # Chinese widget captions
        label = page.locator(".widget-slider .widget-label").first
        label.scroll_into_view_if_needed()
        label.wait_for(timeout=30_000)
        assert label.inner_text().strip() == "月保留率 r"
        result = page.locator(".widget-html-content:has(.casekit-result)").first
        assert re.fullmatch(r"预期客户寿命: 10\.0 个月 \(1 / \(1 − 0\.90\)\)",
                            result.inner_text().strip()), result.inner_text()

        # 1. the fonts Chromium drew the Chinese with: the widget caption, then the prose
        _assert_cjk_font(page, ".widget-slider .widget-label")
        _assert_cjk_font(page, ".widget-html-content")
        page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first.evaluate(
            "el => el.scrollTo(0, 0)")
        page.locator(".jp-MarkdownOutput h1").first.wait_for(timeout=10_000)
        _assert_cjk_font(page, ".jp-MarkdownOutput h1")
        _assert_cjk_font(page, ".jp-MarkdownOutput p")

        # 2. each Chinese character its own glyph, none the missing-glyph box
        chars = sorted(set(CJK.findall(text + label.inner_text() + result.inner_text())))
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
    news = page.locator(".jp-toast-button", has_text="No")
    if news.count():
        news.first.click()
        page.wait_for_timeout(1_000)
    page.locator(".widget-slider").first.scroll_into_view_if_needed()
    page.wait_for_timeout(1_000)
    page.screenshot(path=shot)
