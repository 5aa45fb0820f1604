"""A worker killed (SIGKILL, its whole process group) while it fetches feeds: the feeds
are polled again by the next worker and every article they announce is stored once,
extracted and tagged.

How it recovers: a poll moves its feed to the next due time and leases it before the
fetch, so the killed poll's feed is polled again at its next due time, once the lease
(2 minutes in production) has ended; the killed worker's message stays unacknowledged
in Redis for the visibility timeout (an hour) and then finds the feed leased or done.
Nothing is lost: the entries are still in the feed. In production the recovery is one
poll interval of the feed (adaptive, 2 minutes to an hour; 15 minutes to start); here
the feeds are polled every few seconds and the lease is short (QUICK_LEASES)."""

import signal

import pytest

from newsmonitor.feeds.models import Feed
from tests.support.crawl import QUICK_LEASES, FeedSite, all_tagged, nothing_lost_or_doubled, real_services
from tests.support.faults import Recovery
from tests.support.worker import BeatProcess, WorkerProcess, wait_for

pytestmark = [pytest.mark.slow, real_services]

POLL_EVERY = 4  # seconds: the feeds' own interval, so the next due time comes within the test


@pytest.mark.django_db(transaction=True)
def test_feeds_being_polled_by_a_killed_worker_are_polled_again_and_nothing_is_lost(tmp_path):
    with FeedSite(feeds=2, per_feed=3) as site:
        site.register()
        Feed.objects.update(poll_interval=POLL_EVERY)
        site.stall_feeds()
        options = dict(allow_private=[site.host_port], extra_env=QUICK_LEASES)
        first = WorkerProcess(**options).start()
        beat = BeatProcess(tmp_path / "beat", allow_private=[site.host_port])
        beat.extra_env.update(QUICK_LEASES)
        beat.start()
        second = WorkerProcess(**options)
        try:
            # The dispatcher sends due feeds in batches (feeds.poll_batch), polled in turn:
            # the kill lands while the first is fetched, the others not yet begun.
            wait_for(lambda: any(site.fetches(feed) >= 1 for feed in site.feeds), message="a feed being fetched")
            with Recovery("worker killed during polling") as seen:
                first.stop(signal.SIGKILL)
                site.unstall_feeds()
                second.start(purge=False)
                wait_for(lambda: all_tagged(site.links), timeout=180, message="every article tagged")
                seen.done()
                tally = nothing_lost_or_doubled(site.links)
                fetches = sum(site.fetches(feed) for feed in site.feeds)
                seen.items, seen.lost, seen.doubled = len(site.links), tally.lost, tally.doubled
                seen.happened = (f"killed while fetching a feed of its batch; the feeds polled again at their "
                                 f"next due time, after the poll lease ({fetches} feed fetches in all); "
                                 "in production one poll interval of the feed (30 s to 60 minutes)")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\nfirst worker:\n{first.log()}\nsecond worker:\n{second.log()}"
                                 f"\nbeat:\n{beat.log()}") from exc
        finally:
            beat.stop()
            second.stop()
            first.stop()
    # Each page was fetched once: the killed polls stored nothing, the next ones everything.
    assert all(site.fetches(page) == 1 for page in site.pages)
