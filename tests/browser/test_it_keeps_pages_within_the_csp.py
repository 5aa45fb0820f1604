"""The site under its Content-Security-Policy in headless Chromium: the researchers'
pages and the admin (login, change list, change form) raise no CSP violation, the
filters script still runs, and the policy really is enforced (an injected inline
script is blocked and reported)."""

import re

import pytest
from django.contrib.auth.models import User

from newsmonitor.feeds.models import Feed, Outlet
from tests.support.factory import load_sample

pytestmark = pytest.mark.slow

PASSWORD = "tall ochre lantern 47"
# Registered before any page script: every securitypolicyviolation of the document.
RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def site(transactional_db, live_server):
    articles = load_sample()
    outlet = Outlet.objects.first()
    feed = Feed.objects.create(url="https://example.org/rss.xml", outlet=outlet, title="مثال")
    User.objects.create_superuser("amina", "amina@example.org", PASSWORD)
    return live_server.url, articles, feed


@pytest.fixture
def browser_page(chromium):
    """A page that collects CSP violations (event and console) and page errors."""
    context = chromium.new_context(locale="en", extra_http_headers={"Accept-Language": "en"})
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.csp_console, page.errors = [], []
    page.on("console", lambda msg: (page.csp_console if "Content Security Policy" in msg.text
                                    else page.errors if msg.type == "error" and not is_favicon(msg) else []
                                    ).append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def is_favicon(msg):
    # The admin's pages name no icon, so Chromium asks for /favicon.ico, which is not there.
    return msg.location.get("url", "").endswith("/favicon.ico")


def visit(page, url):
    response = page.goto(url)
    assert response.ok, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("load")
    return violations(page)


def violations(page):
    return page.evaluate("window.__csp") + page.csp_console


def test_the_researchers_pages_raise_no_violation_and_the_filters_still_work(site, browser_page):
    url, articles, _feed = site
    page = browser_page
    for path in ["/", "/countries/PK/", f"/articles/{articles[0].pk}/", "/search/?q=باكستان", "/pairs/EG-PK/"]:
        assert visit(page, url + path) == [], path
    # The last page is the pair timeline: its filters script (a same-origin file) runs.
    with page.expect_response(lambda r: r.request.headers.get("x-partial") == "1"):
        page.get_by_label("Sports").check()
    page.wait_for_function("document.querySelectorAll('#results ol.articles > li.item').length === 1")
    assert re.search(r"[?&]topic=sports", page.url)
    # The heatmap and swatches keep their inline style attributes.
    visit(page, url + "/countries/PK/")
    assert page.locator("span.swatch, span.inline-bar").first.evaluate("e => e.getAttribute('style')")
    width = page.locator("span.inline-bar").first.evaluate("e => getComputedStyle(e).getPropertyValue('--w')")
    assert width.strip().endswith("%")
    assert violations(page) == [] and page.errors == [], page.errors


def test_the_admin_works_under_the_policy(site, browser_page):
    url, _articles, feed = site
    page = browser_page
    assert visit(page, url + "/admin/login/") == []
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/admin/")
    assert violations(page) == []
    assert visit(page, url + "/admin/feeds/feed/") == []
    page.locator("#action-toggle").check()  # actions.js runs: the "select all" box ticks every row
    assert page.locator("input.action-select").first.is_checked()
    assert visit(page, url + f"/admin/feeds/feed/{feed.pk}/change/") == []
    page.locator('input[name="title"]').fill("مثال آخر")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(url + "/admin/feeds/feed/")
    assert Feed.objects.get(pk=feed.pk).title == "مثال آخر"
    assert visit(page, url + "/admin/auth/user/add/") == []
    assert visit(page, url + "/admin/axes/accessattempt/") == []
    assert violations(page) == [] and page.errors == [], page.errors


def test_the_policy_is_enforced(site, browser_page):
    url, _articles, _feed = site
    page = browser_page
    visit(page, url + "/")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.__injected = true";
        document.body.append(s);
    }""")
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src") for v in violations(page)), violations(page)
