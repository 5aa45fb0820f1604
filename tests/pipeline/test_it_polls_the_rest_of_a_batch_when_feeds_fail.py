"""A batch is many feeds in one task: one that fails, or no longer exists, is recorded
as a lone poll would record it, and the others are polled all the same."""

import pytest

from newsmonitor.feeds.models import Feed, FetchLog
from newsmonitor.tasks import poll_feeds

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def test_it_polls_the_others_when_some_fail(make_feed):
    first = make_feed("site/alpha.xml")
    broken = make_feed("_/status/500")
    missing = make_feed("site/no-such-feed.xml")
    gone = make_feed("site/gone.xml")
    gone_id = gone.pk
    gone.delete()
    last = make_feed("site/beta.xml")

    statuses = poll_feeds([first.pk, broken.pk, missing.pk, gone_id, last.pk])

    assert statuses == {first.pk: "ok", broken.pk: "error", missing.pk: "error", gone_id: "skipped", last.pk: "ok"}
    errors = dict(FetchLog.objects.exclude(error_kind="").values_list("feed_id", "status_code"))
    assert errors == {broken.pk: 500, missing.pk: 404}
    for feed in Feed.objects.all():
        assert feed.last_checked_at is not None and feed.lease_until is None
    assert Feed.objects.get(pk=broken.pk).error_count == 1
    assert Feed.objects.get(pk=last.pk).last_success_at is not None
