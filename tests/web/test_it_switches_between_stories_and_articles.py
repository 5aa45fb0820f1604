"""count=stories (the default) or count=articles lives in the address with the other
filters: every page offers the other count, and the links a page makes (pages of the
list, exports, feed, API, email) keep the one it has; a value that is neither is left
out with a notice on a page, and refused by the API."""

import re

import feedparser
import pytest
from django.http import QueryDict
from django.utils import translation

from newsmonitor.timelines.readmodels.filters import Filters
from tests.support.wire import load_wire


@pytest.fixture
def wire(db):
    return load_wire()


def test_the_filter_reads_and_writes_the_count():
    assert Filters.from_query(QueryDict("")).count == "stories"
    articles = Filters.from_query(QueryDict("topic=energy&count=articles"))
    assert articles.count == "articles" and not articles.stories
    assert articles.querystring() == "?topic=energy&count=articles"
    assert Filters.from_query(QueryDict("count=stories")).querystring() == ""  # the default is not written
    assert articles.as_dict()["count"] == "articles"
    with translation.override("en"):
        bad = Filters.from_query(QueryDict("count=words"))
    assert bad.count == "stories" and bad.errors == ["count='words' is not one of stories, articles"]


def test_the_pair_timeline_keeps_the_count_in_every_link(client, wire):
    html = client.get("/pairs/EG-PK/?count=articles&topic=defence-industry").content.decode()
    assert '<option value="articles" selected>' in html
    for name in ("feed.atom", "export.csv", "export.json"):
        assert f"/pairs/EG-PK/{name}?topic=defence-industry&amp;count=articles" in html
    assert "/api/pairs/EG-PK/timeline/?topic=defence-industry&amp;count=articles" in html
    assert re.search(r'href="/subscribe/\?pair=EG-PK&amp;topic=defence-industry&amp;count=articles"', html)
    assert 'href="/pairs/EG-PK/?topic=defence-industry" data-count-switch' in html
    stories = client.get("/pairs/EG-PK/?topic=defence-industry").content.decode()
    assert '<option value="articles" selected>' not in stories
    assert 'href="/pairs/EG-PK/?topic=defence-industry&amp;count=articles" data-count-switch' in stories


def test_the_next_page_keeps_the_count(client, wire):
    from newsmonitor.timelines.templatetags.timelines import with_cursor

    assert with_cursor(Filters.from_query(QueryDict("count=articles")), "2025~1") == "?count=articles&cursor=2025~1"
    first = client.get("/api/articles/?pair=EG-PK&count=articles&limit=5").json()
    assert len(first["results"]) == 5 and "count=articles" in first["next"]
    seen = [r["id"] for r in first["results"]]
    following = first["next"]
    while following:
        page = client.get(following).json()
        seen += [r["id"] for r in page["results"]]
        following = page["next"]
    assert len(seen) == len(set(seen)) == 12
    stories = client.get("/api/articles/?pair=EG-PK&limit=2").json()
    rest = client.get(stories["next"]).json()
    assert len(stories["results"]) + len(rest["results"]) == 3 and rest["next"] is None


def test_search_counts_both_and_switches(client, wire):
    response = client.get("/search/?q=باكستان", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["counts"]["stories"] == {"n": 4, "more": False}
    assert response.context["counts"]["articles"] == {"n": 13, "more": False}
    html = response.content.decode()
    assert '<span class="n-stories">4 stories</span> · <span class="n-articles">13 articles</span>' in html
    assert 'href="/search/?q=%D8%A8%D8%A7%D9%83%D8%B3%D8%AA%D8%A7%D9%86&amp;count=articles"' in html
    assert len(response.context["rows"]) == 4
    assert len(client.get("/search/?q=باكستان&count=articles").context["rows"]) == 13


def test_home_and_country_pages_switch(client, wire):
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/?count=articles" data-count-switch' in home
    by_articles = client.get("/?count=articles", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/" data-count-switch' in by_articles and "&amp;count=articles" in by_articles  # pair links
    country = client.get("/countries/EG/?from=2020-01-01&count=articles").content.decode()
    assert '<input type="hidden" name="count" value="articles">' in country
    assert re.search(r'href="/countries/EG/\?from=[\d-]+&amp;to=[\d-]+" data-count-switch', country)
    assert re.search(r'href="/pairs/EG-PK/\?from=[\d-]+&amp;to=[\d-]+&amp;count=articles"', country)
    listing = client.get("/countries/?count=articles").content.decode()
    assert 'href="/countries/EG/?count=articles"' in listing


def test_a_bad_count_is_left_out_with_a_notice_and_refused_by_the_api(client, wire):
    page = client.get("/pairs/EG-PK/?count=all", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and page.context["filters"].count == "stories"
    assert "Left out: count=&#x27;all&#x27; is not one of stories, articles." in page.content.decode()
    assert "count=" in client.get("/countries/EG/?count=all", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    api = client.get("/api/pairs/EG-PK/timeline/?count=all")
    assert api.status_code == 400 and "count" in api.json()["error"]
    assert client.get("/api/articles/?count=all").status_code == 400


def test_the_atom_feed_has_one_entry_per_story_unless_asked_for_articles(client, wire):
    stories = feedparser.parse(client.get("/pairs/EG-PK/feed.atom", HTTP_ACCEPT_LANGUAGE="en").content)
    assert len(stories.entries) == 3
    assert "one entry each" in stories.feed.subtitle
    articles = feedparser.parse(client.get("/pairs/EG-PK/feed.atom?count=articles").content)
    assert len(articles.entries) == 12
    assert len(feedparser.parse(client.get("/search/feed.atom?q=باكستان").content).entries) == 4
