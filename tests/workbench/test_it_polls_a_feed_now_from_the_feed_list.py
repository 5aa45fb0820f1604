""""Poll now" in the feed list queues the feed's poll at once: a real worker on the poll
queue fetches it from the local server (no dispatcher runs here, and the feed is not
due for hours), and the admin log says who asked."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from newsmonitor.adminkit import history
from newsmonitor.feeds.models import Feed, FetchLog
from tests.support.worker import WorkerProcess, wait_for

pytestmark = [pytest.mark.core, pytest.mark.slow]

# A feed with nothing in it: the poll queues no extraction for a later test's worker to find.
EMPTY_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>نشرة هادئة</title><link>http://quiet.example/</link>
<description>لا جديد اليوم</description></channel></rss>
"""


@pytest.mark.django_db(transaction=True)
def test_poll_now_has_a_worker_poll_the_feed(admin_client, admin_user, allow_server):
    allow_server.route("/quiet.xml", body=EMPTY_FEED, headers={"Content-Type": "application/rss+xml"})
    feed = Feed.objects.create(url=allow_server.url("/quiet.xml"), next_check_at=timezone.now() + timedelta(hours=6))
    worker = WorkerProcess(queues=("poll",), allow_private=[allow_server.host_port])
    worker.start()
    try:
        connection.close()  # the worker's processes have their own connections
        response = admin_client.post(reverse("admin:feeds_feed_changelist"),
                                     {"action": "poll_now", "_selected_action": [feed.pk]},
                                     headers={"accept-language": "en"}, follow=True)
        assert [str(m) for m in response.context["messages"]] == ["1 feed queued for polling now."]
        log = wait_for(lambda: FetchLog.objects.filter(feed=feed).first(), message="the feed polled")
    finally:
        worker.stop()
    assert log.status_code == 200 and log.error_kind == ""
    feed.refresh_from_db()
    assert feed.last_success_at is not None and feed.title == "نشرة هادئة"
    assert [(e.user, e.change_message) for e in history(feed)] == [(admin_user, "Poll now: queued")]
