"""feeds.poll_batch, the task the dispatcher queues: every feed of the batch polled
once, as feeds.poll would poll it alone."""

import pytest

from newsmonitor.articles.models import FeedEntry
from newsmonitor.feeds.models import Feed, FetchLog
from newsmonitor.tasks import poll_feeds

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def test_it_polls_each_feed_of_the_batch_once(make_feed):
    alpha, beta = make_feed("site/alpha.xml"), make_feed("site/beta.xml")
    statuses = poll_feeds([alpha.pk, beta.pk])
    assert statuses == {alpha.pk: "ok", beta.pk: "ok"}
    assert sorted(FetchLog.objects.values_list("feed_id", flat=True)) == sorted([alpha.pk, beta.pk])
    assert FeedEntry.objects.filter(feed=alpha).count() == 3 and FeedEntry.objects.filter(feed=beta).exists()
    for feed in Feed.objects.all():
        assert feed.last_success_at and feed.etag and feed.lease_until is None


def test_it_sends_the_validators_the_second_time(make_feed, clean_http_server):
    feeds = [make_feed("site/alpha.xml"), make_feed("site/beta.xml")]
    poll_feeds([f.pk for f in feeds])
    clean_http_server.clear_requests()
    assert set(poll_feeds([f.pk for f in feeds]).values()) == {"not-modified"}
    sent = [headers for _, _, headers in clean_http_server.requests]
    assert len(sent) == 2 and all("If-None-Match" in headers for headers in sent)
    assert list(FetchLog.objects.filter(status_code=304).values_list("new_articles", flat=True)) == [0, 0]
