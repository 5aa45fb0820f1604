"""Article URLs and entry GUIDs are keys: stored whole (unique by their hash), never
cut to fit an index, so two long links sharing a prefix stay two stories."""

import pytest

from newsmonitor.articles.models import Article, FeedEntry
from newsmonitor import pipeline
from tests.support.hostile_feeds import item, rss

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def long_link(base, tail):
    return f"http://{base}/story/{'ا' * 1200}?part={tail}"  # 1,240 characters, common to the 1,226th


def test_it_stores_two_long_links_with_a_common_prefix_as_two_articles(make_feed, allow_server):
    base = allow_server.host_port
    body = rss([item(base, 1, link=long_link(base, "one")), item(base, 2, link=long_link(base, "two"))])
    allow_server.route("long.xml", 200, body)
    outcome = pipeline.poll(make_feed("long.xml").pk)
    assert len(outcome.new_article_ids) == 2
    urls = list(Article.objects.order_by("id").values_list("url", flat=True))
    assert len(urls) == 2 and all(len(url) > 1000 for url in urls)
    assert urls[0].endswith("?part=one") and urls[1].endswith("?part=two")
    assert all(len(a) > 1000 for a in Article.objects.values_list("original_url", flat=True))


def test_it_keeps_two_long_guids_with_a_common_prefix_apart(make_feed, allow_server):
    base = allow_server.host_port
    guid = "tag:news.example,2025:" + "x" * 1200
    items = [item(base, n).replace(f">h-{n}<", f">{guid}-{n}<") for n in (1, 2)]
    allow_server.route("guids.xml", 200, rss(items))
    feed = make_feed("guids.xml")
    assert len(pipeline.poll(feed.pk).new_article_ids) == 2
    assert FeedEntry.objects.filter(feed=feed).count() == 2
    allow_server.route("guids.xml", 200, rss(items) + b"\n")  # changed bytes, same entries
    assert pipeline.poll(feed.pk).new_article_ids == []  # seen before: the hashed GUIDs match again


def test_it_finds_a_long_url_again_instead_of_doubling_it(make_feed, allow_server):
    base = allow_server.host_port
    body = rss([item(base, 1, link=long_link(base, "same"))])
    allow_server.route("a.xml", 200, body)
    allow_server.route("b.xml", 200, body.replace(b"h-1", b"other-guid"))
    pipeline.poll(make_feed("a.xml").pk)
    assert pipeline.poll(make_feed("b.xml").pk).new_article_ids == []
    assert Article.objects.count() == 1
