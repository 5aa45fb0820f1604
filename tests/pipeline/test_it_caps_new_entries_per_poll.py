"""A feed of 10,000 entries makes at most NEWSMONITOR_POLL_MAX_NEW_ENTRIES articles
per poll, newest first; the rest are carried to the following polls, none lost and
none doubled."""

import pytest

from newsmonitor.articles.models import Article, FeedEntry
from newsmonitor.feeds.models import FetchLog
from newsmonitor import pipeline
from tests.support.hostile_feeds import many_entries

pytestmark = [pytest.mark.core, pytest.mark.django_db]


@pytest.fixture
def big_feed(request, settings, make_feed, allow_server):
    settings.NEWSMONITOR_POLL_MAX_NEW_ENTRIES = 100
    n = getattr(request, "param", 1_000)
    body = many_entries(allow_server.host_port, n=n)
    allow_server.route("hostile/many.xml", 200, body, {"ETag": '"v1"', "Last-Modified": "Mon, 01 Sep 2025 00:00:00 GMT"})
    return make_feed("hostile/many.xml")


@pytest.mark.parametrize("big_feed", [10_000], indirect=True)
def test_it_stores_at_most_the_cap_and_says_how_many_wait(big_feed):
    outcome = pipeline.poll(big_feed.pk)
    assert len(outcome.new_article_ids) == 100
    assert outcome.held_back == 9_900
    assert Article.objects.count() == 100 == FeedEntry.objects.count()
    log = FetchLog.objects.get(feed=big_feed)
    assert log.entries_seen == 10_000 and log.new_articles == 100 and log.held_back == 9_900
    assert "9900 new entries held back" in log.notes


def test_it_takes_the_newest_entries_first(big_feed):
    pipeline.poll(big_feed.pk)
    newest = max(Article.objects.values_list("published_at", flat=True))
    # The generator dates entry n at hour n % 24 of one day: 41 or 42 entries an
    # hour, so the newest 100 are hours 23, 22 and part of 21.
    assert newest.hour == 23
    assert set(Article.objects.values_list("published_at__hour", flat=True)) == {23, 22, 21}


def test_it_carries_the_rest_to_the_next_polls_without_a_304(big_feed, allow_server):
    first = pipeline.poll(big_feed.pk)
    big_feed.refresh_from_db()
    assert big_feed.etag == "" and big_feed.last_modified == ""  # or the next poll would get a 304
    second = pipeline.poll(big_feed.pk)
    assert second.status == "ok" and len(second.new_article_ids) == 100
    assert not set(first.new_article_ids) & set(second.new_article_ids)
    assert Article.objects.count() == 200
    sent = [h for _m, path, h in allow_server.requests if path.endswith("many.xml")]
    assert not any(k.lower() == "if-none-match" for k in sent[-1])


def test_it_comes_back_soon_for_held_back_entries(settings, big_feed):
    settings.NEWSMONITOR_POLL_MIN_INTERVAL = 120
    pipeline.poll(big_feed.pk)
    big_feed.refresh_from_db()
    assert (big_feed.next_check_at - big_feed.last_checked_at).total_seconds() == pytest.approx(120, abs=2)


def test_it_keeps_validators_when_nothing_is_held_back(settings, big_feed):
    settings.NEWSMONITOR_POLL_MAX_NEW_ENTRIES = 20_000
    pipeline.poll(big_feed.pk)
    big_feed.refresh_from_db()
    assert big_feed.etag == '"v1"'
    assert FetchLog.objects.get(feed=big_feed).held_back == 0
