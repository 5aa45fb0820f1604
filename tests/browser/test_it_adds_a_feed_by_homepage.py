"""Adding a feed by homepage in headless Chromium, as an editor does: log in, open the
feed list's "Add by homepage", paste a local site's address, read the previews, tick one
feed, name its outlet, save, and find it in the feed list. The pages raise no console
error (the admin runs under the site's CSP) and no serious accessibility violation in what
they add to the admin (Django's own breadcrumbs fail axe's link-in-text-block rule on
every admin page, which is not this test's to judge)."""

import re

import pytest
from django.contrib.auth.models import User

from newsmonitor.feeds.models import Feed
from tests.browser.conftest import AXE, describe, screenshot, unavailable

pytestmark = pytest.mark.slow
PASSWORD = "amber quiet harbour 19"


@pytest.fixture
def admin_site(transactional_db, live_server):
    User.objects.create_superuser("salma", "salma@example.org", PASSWORD)
    return live_server.url


@pytest.fixture
def page(chromium):
    """An English page collecting console errors and page errors, but for the favicon the
    admin does not have."""
    context = chromium.new_context(locale="en", extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error"
            and not msg.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def test_an_editor_adds_one_of_a_sites_feeds(admin_site, sites, page):
    site = sites("several")
    page.goto(admin_site + "/admin/login/?next=/admin/feeds/feed/")
    page.get_by_label("Username").fill("salma")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(admin_site + "/admin/feeds/feed/")

    page.get_by_role("link", name="Add by homepage").click()
    page.wait_for_url(admin_site + "/admin/feeds/feed/discover/")
    page.get_by_label("Site address").fill(site.host_port)
    page.get_by_role("button", name="Find feeds").click()
    page.get_by_role("heading", name="Feeds found").wait_for()

    rows = page.locator("tr.candidate")
    assert rows.count() == 5
    economy = page.locator("tr.candidate", has_text="بوابة الساحل: الاقتصاد")
    assert economy.locator("strong[lang=ar][dir=rtl]").inner_text() == "بوابة الساحل: الاقتصاد"
    assert "ارتفاع صادرات التمور" in economy.inner_text() and "2025-10-09" in economy.inner_text()
    assert "is not a feed" in page.locator("tr.candidate.refused", has_text="/rss").first.inner_text()
    assert page.get_by_label("New outlet's name").input_value() == "بوابة الساحل الإخبارية"
    seen = len(page.errors)
    violations = axe_on_content(page)
    assert not violations, describe(violations)
    del page.errors[seen:]  # axe's own probes apply inline styles, which the CSP blocks and logs
    screenshot(page, "discover-choose-en.png")

    page.get_by_label("بوابة الساحل: الاقتصاد").check()
    page.get_by_label("Country").fill("ML")
    page.get_by_role("button", name="Add the ticked feeds").click()
    page.wait_for_url(admin_site + "/admin/feeds/feed/")
    page.get_by_text("Added 1 feed to بوابة الساحل الإخبارية.").wait_for()
    assert page.locator("#result_list").get_by_text("بوابة الساحل: الاقتصاد").count() == 1

    feed = Feed.objects.get()
    assert feed.url == site.url("/ar/economy/atom.xml")
    assert (feed.outlet.name, feed.outlet.country) == ("بوابة الساحل الإخبارية", "ML")
    assert page.errors == [], page.errors
    assert re.search(r"/admin/feeds/feed/$", page.url)


def axe_on_content(page):
    """axe-core's serious or critical violations inside the page's own content."""
    if not AXE.exists():
        unavailable(f"axe-core is not installed ({AXE}); run npm ci at the repository root")
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate("""async () => {
        const r = await axe.run('#content-main', {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]
