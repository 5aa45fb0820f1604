"""The dashboard in headless Chromium: the timeline loads, filters change list and
chart without a reload, the language switch flips the direction, no console errors,
and axe-core finds no serious or critical accessibility violation."""

import re

import pytest

from tests.support.factory import load_sample
from tests.browser.conftest import describe, run_axe, screenshot

pytestmark = pytest.mark.slow


@pytest.fixture
def site(transactional_db, live_server):
    articles = load_sample()
    return live_server.url, articles


def items(page):
    return page.locator("#results ol.articles > li.item").count()


def bars(page):
    return page.locator("#results svg.chart g.bar").count()


def test_the_pair_timeline_loads_with_chart_and_articles(site, open_page):
    url, _articles = site
    page = open_page(f"{url}/pairs/EG-PK/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert items(page) == 6
    assert bars(page) >= 5
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').count() == 1
    title = page.locator("#results li.item h4").first
    assert title.get_attribute("dir") == "rtl" and title.get_attribute("lang") == "ar"
    screenshot(page, "pair-timeline-ar.png")
    english = open_page(f"{url}/pairs/EG-PK/", lang="en")
    assert english.locator("html").get_attribute("dir") == "ltr"
    assert "Egypt" in english.locator("h1").inner_text()
    screenshot(english, "pair-timeline-en.png")
    phone = open_page(f"{url}/pairs/EG-PK/", width=390)
    screenshot(phone, "pair-timeline-ar-phone.png")
    assert not page.errors and not english.errors and not phone.errors, page.errors + english.errors


def test_a_filter_changes_the_list_and_the_chart_without_a_reload(site, open_page):
    url, _articles = site
    page = open_page(f"{url}/pairs/EG-PK/", lang="en")
    page.evaluate("window.__stayed = true")
    before_bars = bars(page)
    with page.expect_response(lambda r: "/pairs/EG-PK/" in r.url and r.request.headers.get("x-partial") == "1"):
        page.get_by_label("Sports").check()
    page.wait_for_function("document.querySelectorAll('#results ol.articles > li.item').length === 1")
    assert page.evaluate("window.__stayed") is True  # no full reload
    assert re.search(r"[?&]topic=sports", page.url)
    assert bars(page) == 1 < before_bars
    assert "topic=sports" in page.locator('link[rel="alternate"]').get_attribute("href")
    # The URL is the view: opening it afresh shows the same thing.
    fresh = open_page(page.url, lang="en")
    assert items(fresh) == 1 and fresh.get_by_label("Sports").is_checked()
    assert not page.errors and not fresh.errors, page.errors + fresh.errors


def test_filters_work_without_scripts(site, chromium):
    url, _articles = site
    context = chromium.new_context(java_script_enabled=False, extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    page.goto(f"{url}/pairs/EG-PK/")
    page.get_by_label("Primary pair only").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"primary=1"))
    assert page.locator("#results ol.articles > li.item").count() == 5
    context.close()


def test_the_language_switch_flips_the_direction(site, open_page):
    url, _articles = site
    page = open_page(f"{url}/pairs/EG-PK/?topic=defence-industry", lang="ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("button[data-switch-language]").click()
    page.wait_for_function("document.documentElement.dir === 'ltr'")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "topic=defence-industry" in page.url  # the same view, in the other language
    assert page.locator("#results li.item h4").first.get_attribute("dir") == "rtl"  # article text stays RTL
    page.locator("button[data-switch-language]").click()
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_pages_have_no_serious_accessibility_violations(site, open_page, lang):
    url, articles = site
    for path in ["/", "/pairs/EG-PK/", "/countries/PK/", f"/articles/{articles[0].pk}/", "/search/?q=باكستان"]:
        page = open_page(url + path, lang=lang)
        violations = run_axe(page)
        assert not violations, f"{path} ({lang}): {describe(violations)}"
        assert not page.errors, f"{path}: {page.errors}"
