import pytest

from newsmonitor.articles.models import Article, FeedEntry
from newsmonitor.feeds.models import Feed, FetchLog
from newsmonitor import pipeline

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def test_it_stores_each_entry_as_an_article(make_feed):
    feed = make_feed("site/alpha.xml")
    outcome = pipeline.poll(feed.pk)
    assert outcome.status == "ok"
    assert outcome.entries_seen == 3
    assert len(outcome.new_article_ids) == 3
    titles = set(Article.objects.values_list("title", flat=True))
    assert "مصر وباكستان تتفقان على لجنة مشتركة للتصنيع الدفاعي" in titles
    assert FeedEntry.objects.filter(feed=feed).count() == 3


def test_it_canonicalises_links(make_feed, http_server):
    feed = make_feed("site/alpha.xml")
    pipeline.poll(feed.pk)
    urls = set(Article.objects.values_list("url", flat=True))
    assert http_server.url("site/p2.html") in urls
    assert not any("utm_" in url or "#" in url for url in urls)
    original = Article.objects.get(url=http_server.url("site/p2.html")).original_url
    assert "utm_source=rss" in original


def test_it_keeps_feed_dates_in_utc(make_feed):
    pipeline.poll(make_feed("site/alpha.xml").pk)
    article = Article.objects.get(title__startswith="مصر وباكستان")
    assert article.published_at.isoformat() == "2025-09-14T08:30:00+00:00"
    assert article.published_source == "feed"


def test_it_sanitises_summaries(make_feed):
    pipeline.poll(make_feed("site/alpha.xml").pk)
    summary = Article.objects.get(title__startswith="مصر وباكستان").summary
    assert "ملخص: لجنة مشتركة للتصنيع الدفاعي" in summary
    assert "<" not in summary and "alert" not in summary


def test_it_sends_validators_and_a_304_touches_no_article(make_feed, http_server):
    feed = make_feed("site/alpha.xml")
    pipeline.poll(feed.pk)
    feed.refresh_from_db()
    assert feed.etag and feed.last_modified
    before = list(Article.objects.order_by("id").values_list("id", "title"))

    outcome = pipeline.poll(feed.pk)
    assert outcome.status == "not-modified"
    assert list(Article.objects.order_by("id").values_list("id", "title")) == before
    last = FetchLog.objects.filter(feed=feed).order_by("-id").first()
    assert last.status_code == 304 and last.new_articles == 0
    sent = [headers for method, path, headers in http_server.requests if path.endswith("site/alpha.xml")]
    assert {k.lower(): v for k, v in sent[-1].items()}.get("if-none-match") == feed.etag


def test_it_writes_a_fetch_log_row_per_attempt(make_feed):
    feed = make_feed("site/alpha.xml")
    pipeline.poll(feed.pk)
    pipeline.poll(feed.pk)
    logs = list(FetchLog.objects.filter(feed=feed).order_by("id"))
    assert [log.status_code for log in logs] == [200, 304]
    assert logs[0].entries_seen == 3 and logs[0].new_articles == 3 and logs[0].bytes > 500


def test_it_schedules_the_next_check_and_records_success(make_feed):
    feed = make_feed("site/alpha.xml")
    pipeline.poll(feed.pk)
    feed.refresh_from_db()
    assert feed.last_success_at is not None and feed.error_count == 0
    assert feed.next_check_at > feed.last_checked_at
    assert feed.title == "نشرة ألفا"
    assert feed.lease_until is None


def test_it_polls_more_often_a_feed_that_publishes_often(settings, make_feed):
    settings.NEWSMONITOR_POLL_MIN_INTERVAL = 60
    settings.NEWSMONITOR_POLL_MAX_INTERVAL = 10**7
    feed = make_feed("site/alpha.xml", poll_interval=900)
    pipeline.poll(feed.pk)
    feed.refresh_from_db()
    # alpha's three items span 18 days and 45 minutes: half the mean gap of the two.
    assert feed.poll_interval == (18 * 86400 + 45 * 60) // 2 // 2
    settings.NEWSMONITOR_POLL_MAX_INTERVAL = 3600
    Feed.objects.filter(pk=feed.pk).update(etag="", last_modified="")
    pipeline.poll(feed.pk)
    feed.refresh_from_db()
    assert feed.poll_interval == 3600
