"""The dispatcher queues due feeds polling.BATCH to a message (feeds.poll_batch, a lone
one by feeds.poll), and a real worker polls every one of them exactly once."""

import pytest

from newsmonitor.feeds.models import Feed, FetchLog
from newsmonitor.feeds.polling import BATCH
from newsmonitor.tasks import dispatch_due_feeds
from tests.support.worker import WorkerProcess, wait_for

pytestmark = [pytest.mark.core, pytest.mark.slow]

ETAG = '"unchanged"'


def received(worker, name):
    return sum(1 for line in worker.output if f"Task {name}[" in line and "received" in line)


@pytest.mark.django_db(transaction=True)
def test_it_polls_every_due_feed_once_in_batches(allow_server):
    allow_server.route("unchanged.xml", status=304, headers={"ETag": ETAG})
    count = 2 * BATCH + 1
    Feed.objects.bulk_create(Feed(url=allow_server.url(f"unchanged.xml?feed={i}"), etag=ETAG) for i in range(count))
    worker = WorkerProcess(queues=("poll",), allow_private=[allow_server.host_port]).start()
    try:
        dispatch_due_feeds()
        wait_for(lambda: Feed.objects.filter(last_checked_at__isnull=False).count() == count,
                 timeout=180, message="every feed polled")
        wait_for(lambda: received(worker, "feeds.poll") == 1, timeout=30, message="the lone feed's task logged")
    except AssertionError:
        raise AssertionError("worker log:\n" + worker.log())
    finally:
        worker.stop()

    assert received(worker, "feeds.poll_batch") == 2 and received(worker, "feeds.poll") == 1
    polls = list(FetchLog.objects.values_list("feed_id", "status_code"))
    assert len(polls) == count and {feed_id for feed_id, _ in polls} == set(Feed.objects.values_list("id", flat=True))
    assert {status for _, status in polls} == {304}
    assert allow_server.hits("unchanged.xml") == count
    assert not Feed.objects.filter(lease_until__isnull=False).exists()
