"""The app in a real browser: headless Debian chromium driven by Playwright.

Starts ``python -m sim app`` on a free localhost port, loads the page, moves a lever,
steps and plays the model, follows a pupil and switches scenario, and checks that the
numbers and the plots change. Screenshots go to ``results/app-screenshots/``.

CI installs chromium (``.ci/run``); locally the test is skipped only when no chromium
binary exists. Playwright never downloads a browser here: it is pointed at the system's.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "results" / "app-screenshots"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p and os.path.exists(p)), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (/usr/bin/chromium); install it with "
                             "'apt-get install -y chromium' (CI does, in .ci/run)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([sys.executable, "-m", "sim", "app", "--port", str(port)],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while not _answers(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"the app did not start on {url}:\n"
                                f"{log.read().decode()[-3000:]}")
                time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        browser = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1600, "height": 1000})
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(app_url)
        page.wait_for_selector("#kpi-week", timeout=90_000)
        page.errors = errors
        yield page
        browser.close()


def text(page, selector: str) -> str:
    return page.locator(selector).first.inner_text().strip()


def image(page, panel: str) -> str:
    """The src of a panel's figure: a new image gets a new blob URL."""
    return page.locator(f".panel-{panel} img").first.get_attribute("src")


def wait_for(page, selector: str, predicate, timeout=60.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        value = text(page, selector)
        if predicate(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{selector} stayed {value!r}")
        page.wait_for_timeout(200)


def shoot(page, name: str, height: int = 1000) -> Path:
    """A screenshot of the window at ``height`` pixels (Solara scrolls inside the page, so
    a full-page screenshot needs a tall window)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def test_app_runs_in_a_browser(page):
    # 1. The page is there, with every panel and the levers.
    assert text(page, "#kpi-week") == "0"
    for panel in ("outcomes", "absence", "ladder", "trust", "network", "pupil"):
        assert page.locator(f".panel-{panel} img").count() >= 1, panel
    assert text(page, ".lever-n_coordinators .lever-value") == "2"
    start_absence = text(page, "#kpi-mean-absence")
    assert start_absence.endswith("%")
    shoot(page, "01-start.png", height=2300)
    before = {p: image(page, p) for p in ("outcomes", "ladder", "trust", "absence", "network")}

    # 2. A lever moved before the first week: feedback 30 % -> 50 % (arrow keys on the slider).
    assert text(page, ".lever-feedback_probability .lever-value") == "30%"
    slider = page.locator(".lever-feedback_probability [role=slider]").first
    slider.focus()
    for _ in range(4):
        slider.press("ArrowRight")
    wait_for(page, ".lever-feedback_probability .lever-value", lambda v: v == "50%")
    # the list of pending changes follows the slider (each key press queues a change)
    wait_for(page, ".pending", lambda v: "feedback probability → 0.5" in v)

    # 3. One step: a week passes, the change is applied from week 0, plots and numbers update.
    page.get_by_role("button", name="Step").click()
    wait_for(page, "#kpi-week", lambda v: v == "1")
    wait_for(page, ".changes", lambda v: "week 0: feedback probability 0.3 → 0.5" in v)
    for panel, src in before.items():
        deadline = time.monotonic() + 30
        while image(page, panel) == src and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert image(page, panel) != src, f"the {panel} plot did not update after a step"
    assert text(page, "#kpi-reports") != "" and text(page, "#kpi-trust-school") != "–"

    # 4. Play for a while, then pause: weeks advance and the numbers move.
    after_one = {k: text(page, f"#kpi-{k}") for k in ("mean-absence", "reports", "familiarity")}
    page.get_by_role("button", name="▶").click()
    wait_for(page, "#kpi-week", lambda v: int(v) >= 24, timeout=180)
    page.get_by_role("button", name="❚❚").click()
    week = int(text(page, "#kpi-week"))
    page.wait_for_timeout(1500)
    assert int(text(page, "#kpi-week")) in (week, week + 1), "the model kept playing after pause"
    later = {k: text(page, f"#kpi-{k}") for k in after_one}
    assert later != after_one, f"numbers did not move over {week} weeks: {later}"
    assert int(later["reports"]) > int(after_one["reports"])

    # 5. A lever mid-run: one coordinator less from this week on.
    week = int(text(page, "#kpi-week"))
    slider = page.locator(".lever-n_coordinators [role=slider]").first
    slider.focus()
    slider.press("ArrowLeft")
    wait_for(page, ".lever-n_coordinators .lever-value", lambda v: v == "1")
    page.get_by_role("button", name="Step").click()
    # the page may show the week count one render ahead of or behind the play thread: the
    # change is logged at the week it applied from (test_app.py checks that exactly)
    wait_for(page, ".changes", lambda v: any(f"week {w}: n coordinators 2 → 1" in v
                                             for w in (week - 1, week, week + 1)))

    # 6. Follow another pupil: the inspector's figure and events change.
    pupil_src = image(page, "pupil")
    field = page.locator(".panel-pupil input[type=number], .panel-pupil input").last
    field.fill("7")
    field.press("Enter")
    page.wait_for_timeout(500)
    deadline = time.monotonic() + 30
    while image(page, "pupil") == pupil_src and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert image(page, "pupil") != pupil_src, "the pupil inspector did not change pupil"
    shoot(page, "02-running.png", height=2300)
    shoot(page, "03-projector.png", height=900)

    # 7. A scenario preset: every lever takes the scenario's value and a new run starts.
    page.locator(".v-select").first.click()
    page.get_by_role("option", name="orust-pre-skifo").click()
    wait_for(page, "#kpi-week", lambda v: v == "0")
    wait_for(page, ".lever-n_coordinators .lever-value", lambda v: v == "0")
    wait_for(page, ".lever-consent_routine .lever-value", lambda v: v == "off")
    page.get_by_role("button", name="Step").click()
    wait_for(page, "#kpi-week", lambda v: v == "1")
    shoot(page, "04-preset.png", height=2300)

    # 8. Reset starts the same scenario again from week 0.
    page.get_by_role("button", name="Reset").click()
    wait_for(page, "#kpi-week", lambda v: v == "0")
    assert not page.errors, page.errors
    assert not page.locator(".v-alert.error").count(), "the app showed an error"
