"""Headless Chromium for the dashboard's browser tests (Playwright driving the
system's /usr/bin/chromium: no browser download), axe-core from node_modules, and
the pages served by pytest-django's live_server.

Outside CI a missing browser, Playwright or axe-core skips these tests; with CI=true
it fails them, so a broken install is never mistaken for a pass."""

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.support.paths import ROOT
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.getenv("NEWSMONITOR_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.getenv("CI", "").lower() == "true"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between browser steps are plain blocking calls all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def unavailable(reason):
    if IN_CI:
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install playwright)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium):
    """open_page(url, lang="ar", width=1280) -> a page whose console errors and page
    errors are collected in page.errors."""
    contexts = []

    def opener(url, lang="ar", width=1280):
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale=lang,
                                       extra_http_headers={"Accept-Language": lang})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()


def run_axe(page):
    """axe-core's violations of impact serious or critical on the page."""
    if not AXE.exists():
        unavailable(f"axe-core is not installed ({AXE}); run npm ci at the repository root")
    # Evaluated through the DevTools protocol, not added as an inline <script>: the
    # site's Content-Security-Policy (script-src 'self') would block that.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def describe(violations):
    return json.dumps(violations, ensure_ascii=False, indent=1)


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
