"""Open each course notebook, and the student version of each case, in real JupyterLab, run
it, move every dashboard's first slider with the keyboard, and check the number that dashboard
shows changes. A screenshot of each notebook is saved in tests/e2e/artifacts/.

Convention of casekit.widgets: a dashboard shows its main number(s) in elements with class
``casekit-result`` and has a slider among its controls (the shared steps are in conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import (DASHBOARD, cell_errors, dismiss_news, open_and_run_all, result_texts,
                      slider_changes_result)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: The student versions of the case studies (their answers are still ``...``).
CASES = sorted(p.name for p in (ROOT / "cases").glob("*.ipynb"))


def _run_and_check_dashboards(page, path: str, need_dashboard: bool) -> int:
    open_and_run_all(page, *page.lab, path)
    errors = cell_errors(page)
    assert not errors, f"{path}: a cell failed in the browser: {errors[0][:500]}"
    # plots are drawn as images, never as the text "<Figure size ...>"
    assert page.get_by_text("<Figure size").count() == 0
    dashboards = page.locator(DASHBOARD)
    n = dashboards.count()
    if need_dashboard:
        assert n >= 1, f"{path}: no dashboard (slider + .casekit-result) was rendered"
    for i in range(n):
        dashboard = dashboards.nth(i)
        before = result_texts(dashboard)
        assert slider_changes_result(page, dashboard), \
            f"{path}: dashboard {i + 1} of {n} did not change ({before!r})"
        assert result_texts(dashboard) != before
    assert page.get_by_text("<Figure size").count() == 0
    return n


def _screenshot(page, shot: str, has_dashboard: bool) -> None:
    dismiss_news(page)
    if has_dashboard:
        page.locator(DASHBOARD).first.scroll_into_view_if_needed()
        page.wait_for_timeout(1_000)   # JupyterLab re-renders the cells scrolled into view
    page.screenshot(path=shot)


@pytest.fixture
def lab_page(lab, page):
    page.lab = lab
    return page


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_and_sliders_drive_results(lab_page, artifacts, notebook):
    shot = str(artifacts / notebook.replace(".ipynb", ".png"))
    try:
        n = _run_and_check_dashboards(lab_page, f"notebooks/{notebook}", need_dashboard=True)
    except Exception:
        lab_page.screenshot(path=shot.replace(".png", "-failed.png"), full_page=True)
        raise
    _screenshot(lab_page, shot, n > 0)


@pytest.mark.parametrize("case", CASES)
def test_case_student_version_runs_and_its_widgets_move(lab_page, artifacts, case):
    """A case's student version runs from top to bottom with no error (its answers are
    ``...``); a dashboard in it, if any, moves when its slider does."""
    shot = str(artifacts / ("case_" + case.replace(".ipynb", ".png")))
    try:
        n = _run_and_check_dashboards(lab_page, f"cases/{case}", need_dashboard=False)
    except Exception:
        lab_page.screenshot(path=shot.replace(".png", "-failed.png"), full_page=True)
        raise
    _screenshot(lab_page, shot, n > 0)
