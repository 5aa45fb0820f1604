"""Hostile and broken feeds through the real poller and the local test server: each
leaves the feed with a reason an admin can read, and stores nothing it should not."""

import tracemalloc

import pytest

from newsmonitor.articles.models import Article
from newsmonitor.feeds.models import FetchLog
from newsmonitor import pipeline
from tests.support.hostile_feeds import corpus

pytestmark = [pytest.mark.core, pytest.mark.django_db]

CASES = corpus("__BASE__")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_it_says_what_is_wrong_and_stores_nothing_hostile(case, make_feed, allow_server):
    base = allow_server.host_port
    allow_server.route(f"hostile/{case.name}.xml", 200, case.body.replace(b"__BASE__", base.encode()),
                       {"Content-Type": case.content_type})
    feed = make_feed(f"hostile/{case.name}.xml")

    outcome = pipeline.poll(feed.pk)

    feed.refresh_from_db()
    assert feed.last_error_kind == case.kind, feed.last_error
    assert case.says in feed.last_error
    assert Article.objects.count() == case.articles
    log = FetchLog.objects.get(feed=feed)
    assert case.notes in log.notes
    assert outcome.status == ("error" if case.kind not in ("", "malformed-feed") else "ok")
    stored = " ".join(" ".join(row) for row in Article.objects.values_list("title", "summary", "url",
                                                                            "original_url", "author"))
    for text in case.forbidden:
        assert text not in stored
    # Nothing a feed names is fetched while reading it (external entities, DTDs).
    assert allow_server.hits("hostile/evil.dtd") == 0


def test_it_bounds_enormous_fields(make_feed, allow_server):
    case = next(c for c in CASES if c.name == "enormous-fields")
    allow_server.route("hostile/huge.xml", 200, case.body.replace(b"__BASE__", allow_server.host_port.encode()))
    pipeline.poll(make_feed("hostile/huge.xml").pk)
    article = Article.objects.get()
    assert 0 < len(article.title) <= 1000 and 0 < len(article.summary) <= 2000


def test_it_reads_an_entity_bomb_without_growing(make_feed, allow_server):
    """The linear bomb took 433 MB through the loose parser; refused before parsing,
    it costs about what its bytes do. (A bound on memory, not on time.)"""
    case = next(c for c in CASES if c.name == "linear-expansion")
    body = case.body.replace(b"__BASE__", allow_server.host_port.encode())
    allow_server.route("hostile/bomb.xml", 200, body)
    feed = make_feed("hostile/bomb.xml")
    tracemalloc.start()
    try:
        pipeline.poll(feed.pk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"peak of {peak // 2**20} MiB for a {len(body) // 1024} KiB feed"
