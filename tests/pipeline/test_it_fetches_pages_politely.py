"""Politeness: at most NEWSMONITOR_HOST_FETCHES_PER_MINUTE article pages from one
host per minute, counted on a shared row so every worker obeys it; an article that
must wait is carried, not failed."""

from datetime import datetime, timedelta, timezone

import pytest

from newsmonitor.articles.extraction import HostBusy, extract_article
from newsmonitor.articles.models import Article
from newsmonitor.feeds.politeness import host_of, take_slot
from newsmonitor import pipeline

pytestmark = [pytest.mark.core, pytest.mark.django_db]

NOON = datetime(2025, 9, 1, 12, 0, 10, tzinfo=timezone.utc)


def test_it_gives_each_host_its_slots_per_minute():
    assert [take_slot("https://a.example/1", NOON, limit=3) for _ in range(4)][:3] == [0, 0, 0]
    wait = take_slot("https://a.example/2", NOON, limit=3)
    assert 0 < wait <= 51  # until 12:01:00, and no sooner
    assert take_slot("https://b.example/1", NOON, limit=3) == 0  # another host has its own
    assert take_slot("https://a.example/3", NOON + timedelta(seconds=40), limit=3) == 11
    assert take_slot("https://a.example/3", NOON + timedelta(minutes=1), limit=3) == 0


def test_it_counts_a_host_with_its_port():
    assert host_of("http://127.0.0.1:8001/x") == "127.0.0.1:8001"
    assert host_of("https://News.Example/a?b") == "news.example"
    assert host_of("http://[::1]:99999/") == ""  # no usable host: nothing to count


def test_it_carries_an_article_whose_host_is_busy(settings, make_feed, allow_server):
    settings.NEWSMONITOR_HOST_FETCHES_PER_MINUTE = 2
    outcome = pipeline.poll(make_feed("site/alpha.xml").pk)
    first, second, third = outcome.new_article_ids
    assert extract_article(first) == "done"
    assert extract_article(second) == "done"
    pages_before = sum(allow_server.hits(f"site/p{n}.html") for n in (1, 2, 3))

    with pytest.raises(HostBusy) as busy:
        extract_article(third)

    assert busy.value.wait > 0
    article = Article.objects.get(pk=third)
    assert article.extraction_status == "pending" and article.extraction_attempts == 0
    assert sum(allow_server.hits(f"site/p{n}.html") for n in (1, 2, 3)) == pages_before  # not fetched
