"""Open each course notebook in real JupyterLab, run it, move a slider with the keyboard, and
check the number it drives changes. A screenshot of each is saved in tests/e2e/artifacts/.

Each dashboard shows its main number in an element with class ``casekit-result`` and has a
slider as its first control (the convention of casekit.widgets).
"""

from __future__ import annotations

import pytest

# (notebook, how many arrow-key presses to make on the first slider)
NOTEBOOKS = [
    ("00_start_here.ipynb", 3),
]

RUN_TIMEOUT_MS = 40_000


def _open_and_run_all(page, base, token, notebook):
    page.goto(f"{base}/lab/tree/notebooks/{notebook}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # A fresh JupyterLab may ask which kernel to start: accept the notebook's own (Python 3).
    accept = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    try:
        accept.wait_for(state="visible", timeout=8_000)
        accept.click()
    except Exception:
        pass  # no dialog: the kernel started by itself
    # Wait for the kernel to be ready, then Run ▸ Run All Cells through the menu bar.
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=120_000)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()


def _result_text(page) -> str:
    return page.locator(".casekit-result").first.inner_text()


@pytest.mark.parametrize("notebook, presses", NOTEBOOKS)
def test_notebook_runs_and_slider_drives_result(lab, page, artifacts, notebook, presses):
    base, token = lab
    shot = str(artifacts / notebook.replace(".ipynb", ".png"))
    _open_and_run_all(page, base, token, notebook)
    result = page.locator(".casekit-result").first
    try:
        result.wait_for(state="visible", timeout=RUN_TIMEOUT_MS)
    except Exception:
        page.screenshot(path=shot.replace(".png", "-failed.png"), full_page=True)
        raise
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=RUN_TIMEOUT_MS)
    before = _result_text(page)

    handle = page.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => { const el = document.querySelector('.casekit-result');"
        " return el && el.innerText !== before; }", arg=before, timeout=30_000)
    # let the kernel finish every update the key presses queued, then read the final state
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=RUN_TIMEOUT_MS)
    page.wait_for_timeout(500)
    after = _result_text(page)
    assert after != before
    # the dashboard's plot is drawn as an image, not as the text "<Figure size ...>"
    assert page.locator(".jp-OutputArea-output img").count() >= 1
    assert page.get_by_text("<Figure size").count() == 0
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
    assert not tracebacks, tracebacks[:1]
    news = page.locator(".jp-toast-button", has_text="No")
    if news.count():
        news.first.click()  # JupyterLab's "get notified about news?" toast, out of the picture
        page.wait_for_timeout(1_000)
    result.scroll_into_view_if_needed()
    page.screenshot(path=shot)
