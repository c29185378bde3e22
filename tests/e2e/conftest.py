"""Real-browser fixtures: a JupyterLab server on loopback and headless Chromium via Playwright.

The server runs from this venv, with a random token, on a copy of the course in a temporary
folder (so JupyterLab's autosave can never touch the repository). It is stopped at the end by
its own process id. Chromium is Debian's (`apt install chromium`); Playwright's own browser
download is neither needed nor available.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.e2e)


def _chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium not found: install it (Debian/Ubuntu: sudo apt install chromium) or "
                "set CHROMIUM=/path/to/chrome")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """Start JupyterLab on a copy of notebooks/, datasets/, exercises/ and cases/; yield
    (base_url, token). One server for the whole run: every test opens its notebook in a
    workspace of its own."""
    work = tmp_path_factory.mktemp("course")
    for folder in ("notebooks", "datasets", "exercises", "cases"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, work / folder)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(work / ".runtime"),
               JUPYTER_CONFIG_DIR=str(work / ".config"))
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", *root,
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    json.load(r)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n"
                                + (work / "lab.log").read_text()[-3000:])
                time.sleep(0.5)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# ------------------------------------------------------------------------------------------
# Shared steps of the notebook tests
# ------------------------------------------------------------------------------------------

RUN_TIMEOUT_MS = 240_000
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']:visible"
#: A dashboard (convention of casekit.widgets): a slider among its controls and its main
#: number(s) in elements of class ``casekit-result``.
DASHBOARD = ".jp-OutputArea-output:has(.widget-slider .noUi-handle):has(.casekit-result)"


def open_and_run_all(page, base: str, token: str, path: str) -> None:
    """Open ``path`` (relative to the server's root, e.g. ``"notebooks/02_x.ipynb"``) in
    JupyterLab, in a fresh workspace named after it, and run all its cells; return when the
    kernel is idle and no cell is waiting."""
    # a fresh workspace per notebook, so JupyterLab does not reopen the previous one
    workspace = path.rsplit(".", 1)[0].replace("/", "-").replace("_", "-")
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{path}?reset&token={token}")
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


def cell_errors(page) -> list[str]:
    """The error outputs (tracebacks) shown on the page."""
    return [t for t in page.locator(".jp-OutputArea-output[data-mime-type="
                                    "'application/vnd.jupyter.stderr']").all_inner_texts()
            if "Traceback" in t or "Error" in t]


def result_texts(dashboard) -> str:
    """The texts of a dashboard's ``.casekit-result`` elements, joined."""
    return " | ".join(dashboard.locator(".casekit-result").all_inner_texts())


def move_slider_and_wait(page, dashboard, key: str, presses: int) -> bool:
    """Focus the dashboard's first slider, press ``key`` ``presses`` times; True when its
    ``.casekit-result`` text changed (then wait for the kernel to be idle)."""
    before = result_texts(dashboard)
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


def slider_changes_result(page, dashboard) -> bool:
    """Move the dashboard's first slider right, or else left: did its number change?"""
    return (move_slider_and_wait(page, dashboard, "ArrowRight", 3)
            or move_slider_and_wait(page, dashboard, "ArrowLeft", 6))


def dismiss_news(page) -> None:
    """Click away JupyterLab's "get notified about news?" toast, out of the screenshots."""
    news = page.locator(".jp-toast-button", has_text="No")
    if news.count():
        news.first.click()
        page.wait_for_timeout(1_000)
