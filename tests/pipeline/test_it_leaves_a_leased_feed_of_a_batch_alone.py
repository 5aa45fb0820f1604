"""Only one poll of a feed at a time, in a batch as alone: a feed another poll holds
is skipped (no request, no log row, its lease left as it was); its lease once expired,
the next batch polls it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsmonitor.feeds.models import Feed, FetchLog
from newsmonitor.tasks import poll_feeds

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def test_it_skips_the_feed_another_poll_holds(make_feed, clean_http_server):
    held_until = timezone.now() + timedelta(minutes=2)
    held = make_feed("site/alpha.xml", lease_until=held_until)
    free = make_feed("site/beta.xml")

    assert poll_feeds([held.pk, free.pk]) == {held.pk: "skipped", free.pk: "ok"}
    assert clean_http_server.hits("site/alpha.xml") == 0
    assert list(FetchLog.objects.values_list("feed_id", flat=True)) == [free.pk]
    assert Feed.objects.get(pk=held.pk).lease_until == held_until


def test_it_polls_it_once_the_lease_has_expired(make_feed):
    held = make_feed("site/alpha.xml", lease_until=timezone.now() - timedelta(seconds=1))
    assert poll_feeds([held.pk]) == {held.pk: "ok"}
    held.refresh_from_db()
    assert held.lease_until is None and held.last_success_at is not None
