from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from newsmonitor.articles.models import Article
from newsmonitor.feeds.models import FetchLog
from newsmonitor import pipeline

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def poll_and_reload(feed):
    outcome = pipeline.poll(feed.pk)
    feed.refresh_from_db()
    return outcome


def test_it_records_a_readable_error_and_moves_on(make_feed):
    feed = make_feed("_/status/404", poll_interval=600)
    outcome = poll_and_reload(feed)
    assert outcome.status == "error"
    assert feed.error_count == 1 and feed.last_error_kind == "http-error"
    assert "404" in feed.last_error
    # The next try is in the future: one interval, give or take the jitter.
    assert feed.next_check_at >= timezone.now() + timedelta(seconds=400)
    log = FetchLog.objects.get(feed=feed)
    assert log.error_kind == "http-error" and log.status_code == 404


def test_it_backs_off_longer_after_each_failure_and_flags_the_feed(settings, make_feed):
    settings.NEWSMONITOR_FLAG_AFTER_ERRORS = 3
    feed = make_feed("_/status/500", poll_interval=600)
    delays = []
    for _ in range(3):
        assert not feed.needs_attention
        poll_and_reload(feed)
        delays.append((feed.next_check_at - feed.last_checked_at).total_seconds())
    assert feed.error_count == 3 and feed.needs_attention
    # 600, 1200, 2400 seconds, each within +-20% jitter.
    for delay, expected in zip(delays, (600, 1200, 2400)):
        assert 0.8 * expected - 1 <= delay <= 1.2 * expected + 1


def test_it_caps_the_backoff(settings, make_feed):
    settings.NEWSMONITOR_BACKOFF_MAX = 3000
    feed = make_feed("_/status/500", poll_interval=600, error_count=20)
    poll_and_reload(feed)
    assert (feed.next_check_at - feed.last_checked_at).total_seconds() <= 3000 * 1.2 + 1


def test_it_honours_retry_after(make_feed):
    feed = make_feed("_/status/429?retry_after=7200", poll_interval=300)
    poll_and_reload(feed)
    assert feed.last_error_kind == "rate-limited"
    assert (feed.next_check_at - feed.last_checked_at).total_seconds() >= 7200


def test_it_forgets_errors_after_a_success(make_feed, http_server):
    feed = make_feed("site/alpha.xml", error_count=4, last_error_kind="timeout", last_error="x")
    poll_and_reload(feed)
    assert feed.error_count == 0 and feed.last_error == "" and not feed.needs_attention


def test_it_says_when_a_url_is_not_a_feed(make_feed):
    feed = make_feed("_/html-not-feed")
    poll_and_reload(feed)
    assert feed.last_error_kind == "not-a-feed"
    assert Article.objects.count() == 0


def test_it_uses_a_malformed_feed_that_still_has_entries(make_feed):
    feed = make_feed("_/malformed.xml")
    outcome = poll_and_reload(feed)
    assert outcome.status == "ok" and outcome.new_article_ids
    assert feed.error_count == 0
    log = FetchLog.objects.get(feed=feed)
    assert log.error_kind == "malformed-feed" and "used anyway" in log.error


def test_it_refuses_a_redirect_to_a_private_address(make_feed):
    feed = make_feed("_/redirect?to=" + quote("http://127.0.0.2:9/feed.xml", safe=""))
    poll_and_reload(feed)
    assert feed.last_error_kind == "private-address"


@pytest.mark.parametrize("path", ["_/cp1256.xml", "_/iso-8859-6.xml", "_/wrong-charset"])
def test_it_reads_arabic_feeds_in_legacy_encodings(make_feed, path):
    feed = make_feed(path)
    poll_and_reload(feed)
    titles = list(Article.objects.values_list("title", flat=True))
    assert titles, feed.last_error
    # Decoded right, an Arabic title is Arabic letters, not mojibake.
    for title in titles:
        letters = [c for c in title if c.isalpha()]
        assert letters and all("\u0600" <= c <= "\u06ff" for c in letters), title
