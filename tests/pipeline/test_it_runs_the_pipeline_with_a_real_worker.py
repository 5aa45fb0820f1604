"""End to end: beat dispatches, a real worker process polls the demo site's feeds over
HTTP, extracts every page and tags it, against the test database and broker of this run
(PostgreSQL + Redis in CI's first pass, SQLite + filesystem broker in the second)."""

import feedparser
import pytest

from newsmonitor.articles.models import Article, ArticlePair, ArticleTopic, FeedEntry
from newsmonitor.demo import load_demo_feeds
from newsmonitor.demo import SITE_DIR
from newsmonitor.demo.server import site_file
from newsmonitor.feeds.models import Feed
from newsmonitor.lib.urls import canonical_url
from tests.support.httpserver import LocalHTTPServer
from tests.support.worker import BeatProcess, WorkerProcess, wait_for

pytestmark = [pytest.mark.core, pytest.mark.slow]


@pytest.fixture
def demo_site():
    server = LocalHTTPServer(SITE_DIR).start()
    yield server
    server.stop()


def links_in_feeds(server, feeds):
    links = set()
    for feed in feeds:
        parsed = feedparser.parse(site_file(SITE_DIR.resolve(), feed.url.split("/", 3)[3], server.host_port))
        links |= {canonical_url(entry.link) for entry in parsed.entries}
    return links


@pytest.mark.django_db(transaction=True)
def test_it_takes_the_demo_site_from_feeds_to_extracted_articles(demo_site, tmp_path):
    feeds = load_demo_feeds(demo_site.host_port)
    expected = links_in_feeds(demo_site, feeds)
    assert len(feeds) >= 4 and len(expected) >= 40
    worker = WorkerProcess(allow_private=[demo_site.host_port]).start()
    beat = BeatProcess(tmp_path / "beat-schedule", allow_private=[demo_site.host_port]).start()
    try:
        def all_tagged():
            return Article.objects.filter(tagged_at__isnull=False).count() >= len(expected)

        wait_for(all_tagged, timeout=240, message="every demo article extracted and tagged")
    except AssertionError:
        raise AssertionError("worker log:\n" + worker.log() + "\nbeat log:\n" + beat.log())
    finally:
        beat.stop()
        worker.stop()

    assert set(Article.objects.values_list("url", flat=True)) == expected
    assert Article.objects.filter(extraction_status="done").count() == len(expected)
    assert all(f.last_success_at and f.error_count == 0 for f in Feed.objects.all())
    # Syndicated stories are announced by more feeds than there are articles.
    assert FeedEntry.objects.count() > Article.objects.count()
    for title, body in Article.objects.values_list("title", "body"):
        assert body and "\ufffd" not in title + body
    # The article this project exists for is on the Egypt-Pakistan timeline on its day.
    pair = ArticlePair.objects.get(article__url__endswith="/nile/2025-10-05-egypt-pakistan-military-production.html",
                                   a="EG", b="PK")
    assert pair.primary and str(pair.day) == "2025-10-05"
    assert ArticleTopic.objects.filter(article=pair.article, topic="defence-industry").exists()
