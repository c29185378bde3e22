"""The instructor's dashboard in a real browser (issue 17): Voilà serves
dashboards/instructor.ipynb on a generated class of 30 students (tests/desk_class.py); the
hardest-question table and the grade plot appear, and the student selector changes the view.
Then notebook 08's decision lab: press Play, the realised ΔNPV appears, and the plot changes
when the plan changes. Screenshots are saved in tests/e2e/artifacts/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, _free_port, open_and_run_all

sys.path.insert(0, str(ROOT / "tests"))
from desk_class import quick_class  # noqa: E402


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voilà on loopback serving the instructor's dashboard for a generated class."""
    work = tmp_path_factory.mktemp("desk")
    pack, klass = quick_class(work, students=30)
    port = _free_port()
    env = dict(os.environ, CASEKIT_PACK=str(pack), CASEKIT_CLASS=str(klass),
               JUPYTER_RUNTIME_DIR=str(work / ".runtime"), JUPYTER_CONFIG_DIR=str(work / ".cfg"),
               MPLBACKEND="Agg")
    log = open(work / "voila.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", "--no-browser", "--Voila.ip=127.0.0.1",
         f"--port={port}", str(ROOT / "dashboards" / "instructor.ipynb")],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/voila/static/", timeout=2):
                    pass
            except urllib.error.HTTPError:
                break                                # the server answers
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("Voilà did not start:\n" + (work / "voila.log").read_text()[-3000:])
                time.sleep(0.5)
                continue
            break
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_instructor_dashboard_in_voila(voila, page, artifacts):
    try:
        page.goto(voila + "/", timeout=120_000)
        page.wait_for_selector(".casekit-desk-hardest-table", timeout=180_000)
        assert "30 students" in page.locator(".casekit-desk-status").inner_text()
        rows = page.locator(".casekit-desk-hardest-table tbody tr")
        assert rows.count() == 8                     # the 8 questions of exercise 02
        assert rows.first.locator("td").first.inner_text() == "ex02.q1"   # 10 of 30 in percent
        src = page.locator(".casekit-desk-distribution").get_attribute("src") or ""
        assert src.startswith("blob:") or src.startswith("data:image/png")
        assert "percent" in page.locator(".casekit-desk-mistakes-table").inner_text()
        before = page.locator(".casekit-desk-student").inner_text()
        page.locator(".casekit-desk-selector select").select_option("s002")
        page.wait_for_function(
            "before => document.querySelector('.casekit-desk-student').innerText !== before",
            arg=before, timeout=30_000)
        after = page.locator(".casekit-desk-student").inner_text()
        assert "wrong:percent" in before and "wrong:percent" not in after   # s001 vs s002
        assert page.locator(".casekit-desk-debrief-table tbody tr").count() == 5
    except Exception:
        page.screenshot(path=str(artifacts / "instructor_dashboard-failed.png"), full_page=True)
        raise
    page.screenshot(path=str(artifacts / "instructor_dashboard.png"), full_page=True)


LAB = ".jp-OutputArea-output:has(button:text('Play'))"


def test_decision_lab_play_shows_realised_npv_and_plot(lab, page, artifacts):
    base, token = lab
    try:
        open_and_run_all(page, base, token, "notebooks/08_decide_and_play_forward.ipynb")
        lab_box = page.locator(LAB).last
        lab_box.scroll_into_view_if_needed()
        lab_box.locator("button", has_text="Play").first.click()
        result = lab_box.locator(".casekit-realised")
        result.wait_for(timeout=60_000)
        first = result.inner_text()
        assert first.startswith("RMB")
        img = lab_box.locator("img")
        page.wait_for_function("el => (el.getAttribute('src') || '').length > 0",
                               arg=img.element_handle(), timeout=30_000)
        src = img.get_attribute("src")
        handle = lab_box.locator(".widget-slider .noUi-handle").first
        handle.focus()
        for _ in range(4):
            page.keyboard.press("ArrowRight")           # a bigger churn cut
        page.keyboard.press("Tab")                      # the slider sends its value
        page.wait_for_timeout(1_000)
        lab_box.locator("button", has_text="Play").first.click()
        # the HTML widget re-renders its content: read the result afresh inside the lab
        page.wait_for_function(
            "([box, first]) => { const r = box.querySelector('.casekit-realised');"
            " return r && r.innerText !== first; }",
            arg=[lab_box.element_handle(), first], timeout=60_000)
        page.wait_for_function("([box, src]) => box.querySelector('img').getAttribute('src')"
                               " !== src", arg=[lab_box.element_handle(), src], timeout=60_000)
        assert result.inner_text().startswith("RMB")
    except Exception:
        page.screenshot(path=str(artifacts / "08_decision_lab-failed.png"), full_page=True)
        raise
    page.screenshot(path=str(artifacts / "08_decision_lab.png"))
