"""Counting stories or articles in headless Chromium: a pair timeline shows a wire
story once with the outlets that also carried it; choosing "articles" in the filter
form swaps the results without a reload and puts count=articles in the address; the
count note's link goes back; the article page lists the story's other articles; axe
finds no serious violation in either count."""

import re

import pytest

from tests.browser.conftest import describe, run_axe, screenshot
from tests.support.wire import load_wire

pytestmark = pytest.mark.slow


@pytest.fixture
def site(transactional_db, live_server):
    return live_server.url, load_wire()


def items(page):
    return page.locator("#results ol.articles > li.item").count()


def test_switching_the_count_in_the_filter_form(site, open_page):
    url, wire = site
    page = open_page(f"{url}/pairs/EG-PK/", lang="en")
    page.evaluate("window.__stayed = true")
    assert items(page) == 3
    assert page.locator("#results .summary").inner_text().startswith("3 stories · 12 articles")
    assert "Also in:" in page.locator("#results li.item").first.inner_text()
    assert not run_axe(page), describe(run_axe(page))
    screenshot(page, "pair-timeline-stories-en.png")
    with page.expect_response(lambda r: "/pairs/EG-PK/" in r.url and r.request.headers.get("x-partial") == "1"):
        page.locator("select[name=count]").select_option("articles")
    page.wait_for_function("document.querySelectorAll('#results ol.articles > li.item').length === 12")
    assert page.evaluate("window.__stayed") is True and re.search(r"[?&]count=articles", page.url)
    assert page.locator("#results .summary").inner_text().startswith("12 articles · 3 stories")
    assert not run_axe(page), describe(run_axe(page))
    page.locator("#results a[data-count-switch]").click()
    page.wait_for_url(re.compile(r"/pairs/EG-PK/$"))
    assert items(page) == 3 and page.locator("select[name=count]").input_value() == ""
    assert not page.errors, page.errors


def test_the_article_page_lists_the_story_right_to_left(site, open_page):
    url, wire = site
    page = open_page(f"{url}/articles/{wire['wire'][0].pk}/")
    members = page.locator("ol.members > li.item")
    assert members.count() == 9
    assert members.first.locator("a").get_attribute("dir") == "rtl"
    assert not run_axe(page), describe(run_axe(page))
    assert not page.errors, page.errors
