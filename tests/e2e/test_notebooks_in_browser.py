"""Open each course notebook in real JupyterLab, run it, move every dashboard's first slider with
the keyboard, and check the number that dashboard shows changes. A screenshot of each notebook
is saved in tests/e2e/artifacts/.

Convention of casekit.widgets: a dashboard shows its main number(s) in elements with class
``casekit-result`` and has a slider among its controls.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(p.name for p in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))

#: Notebooks whose dashboard shows its number only when a button is pressed (not on a slider
#: move): they must still run without an error here; their button is tested on its own.
BUTTON_DRIVEN = {
    "08_decide_and_play_forward.ipynb":
        "decision lab: ΔNPV appears on Play (tests/e2e/test_desk_dashboard.py presses it)",
}

RUN_TIMEOUT_MS = 240_000
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']:visible"
DASHBOARD = ".jp-OutputArea-output:has(.widget-slider .noUi-handle):has(.casekit-result)"


def _open_and_run_all(page, base, token, notebook):
    # a fresh workspace per notebook, so JupyterLab does not reopen the previous one
    workspace = notebook.split(".")[0].replace("_", "-")
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/notebooks/{notebook}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # A fresh JupyterLab may ask which kernel to start: accept the notebook's own (Python 3).
    accept = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    try:
        accept.wait_for(state="visible", timeout=8_000)
        accept.click()
    except Exception:
        pass  # no dialog: the kernel started by itself
    page.wait_for_selector(IDLE, timeout=120_000)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
    # Run All marks every code cell as queued ([*]); done when the kernel is idle again and
    # no cell is waiting.
    page.wait_for_timeout(1_000)
    page.wait_for_function(
        "() => { const i = document.querySelector('.jp-Notebook-ExecutionIndicator');"
        " const waiting = [...document.querySelectorAll('.jp-InputArea-prompt')]"
        "   .some(p => p.innerText.includes('*'));"
        " return i && i.dataset.status === 'idle' && !waiting; }", timeout=RUN_TIMEOUT_MS)


def _texts(dashboard) -> str:
    return " | ".join(dashboard.locator(".casekit-result").all_inner_texts())


def _move_slider_and_wait(page, dashboard, key, presses) -> bool:
    before = _texts(dashboard)
    handle = dashboard.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(presses):
        page.keyboard.press(key)
    try:
        page.wait_for_function(
            "([el, before]) => [...el.querySelectorAll('.casekit-result')]"
            ".map(e => e.innerText).join(' | ') !== before",
            arg=[dashboard.element_handle(), before], timeout=20_000)
    except Exception:
        return False
    page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)
    return True


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_and_sliders_drive_results(lab, page, artifacts, notebook):
    base, token = lab
    shot = str(artifacts / notebook.replace(".ipynb", ".png"))
    try:
        _open_and_run_all(page, base, token, notebook)
        errors = [t for t in page.locator(".jp-OutputArea-output[data-mime-type="
                                          "'application/vnd.jupyter.stderr']").all_inner_texts()
                  if "Traceback" in t or "Error" in t]
        assert not errors, f"{notebook}: a cell failed in the browser: {errors[0][:500]}"
        assert page.get_by_text("<Figure size").count() == 0
        if notebook in BUTTON_DRIVEN:
            page.screenshot(path=shot, full_page=True)
            return
        dashboards = page.locator(DASHBOARD)
        n = dashboards.count()
        assert n >= 1, f"{notebook}: no dashboard (slider + .casekit-result) was rendered"
        for i in range(n):
            dashboard = dashboards.nth(i)
            before = _texts(dashboard)
            moved = (_move_slider_and_wait(page, dashboard, "ArrowRight", 3)
                     or _move_slider_and_wait(page, dashboard, "ArrowLeft", 6))
            assert moved, f"{notebook}: dashboard {i + 1} of {n} did not change ({before!r})"
            assert _texts(dashboard) != before
        # plots are drawn as images, never as the text "<Figure size ...>"
        assert page.get_by_text("<Figure size").count() == 0
    except Exception:
        page.screenshot(path=shot.replace(".png", "-failed.png"), full_page=True)
        raise
    news = page.locator(".jp-toast-button", has_text="No")
    if news.count():
        news.first.click()  # JupyterLab's "get notified about news?" toast, out of the picture
        page.wait_for_timeout(1_000)
    dashboards.first.scroll_into_view_if_needed()
    page.wait_for_timeout(1_000)   # JupyterLab re-renders the cells scrolled into view
    page.screenshot(path=shot)
