"""Redis (the broker) stopped for 30 seconds mid-crawl, then started again with what it
held: the worker and beat reconnect by themselves (the same processes go on), and every
article the feeds published, before, during and after, is stored once, extracted and
tagged.

The broker is a private redis-server (tests/support/services.py): the shared one serves
everyone else. It is stopped as a Redis with persistence stops (SHUTDOWN SAVE) and comes
back on the same port with its queues; the test of an empty Redis is the FLUSHALL one.

The sweep keeps its production timings here (an article lost after 10 minutes, a sweep
every 5), so it cannot hide a loss: everything is recovered by the processes reconnecting
and by the tasks that were queueing work waiting for the broker (settings:
CELERY_TASK_PUBLISH_RETRY_POLICY). Before that, a poll running when Redis went away
failed after storing its articles, and their extractions waited for the sweep."""

import time

import pytest

from tests.support.crawl import nothing_lost_or_doubled, real_services
from tests.support.faults import Recovery
from tests.support.outage import Crawl, PublishingSite
from tests.support.services import PrivateRedis

pytestmark = [pytest.mark.slow, real_services]

OUTAGE_SECONDS = 30  # the figure
BEAT_MISSED = "Couldn't apply scheduled task"
PRODUCTION_SWEEP = {"NEWSMONITOR_LOST_AFTER_SECONDS": "600", "NEWSMONITOR_SWEEP_SECONDS": "300"}


@pytest.mark.django_db(transaction=True)
def test_the_crawl_goes_on_after_redis_comes_back_with_nothing_lost_or_doubled(tmp_path):
    redis = PrivateRedis(tmp_path / "redis").start()
    try:
        env = dict(CELERY_BROKER_URL=redis.url(), **PRODUCTION_SWEEP)
        with PublishingSite(feeds=3) as site, Crawl(site, tmp_path, **env) as crawl:
            site.register()
            crawl.start()
            site.keep_publishing()
            crawl.wait_until_tagged(3)
            redis.stop(save=True)
            time.sleep(OUTAGE_SECONDS)  # the fault itself, not a wait for a result
            redis.start()
            with Recovery("Redis stopped for 30 s mid-crawl, restarted with its data") as seen:
                site.publish_rounds(3)
                crawl.wait_until_done()
                seen.done()
                assert crawl.still_running(), "the worker or beat died instead of reconnecting"
                tally = nothing_lost_or_doubled(site.links)
                seen.items, seen.lost, seen.doubled = len(site.links), tally.lost, tally.doubled
                seen.happened = (f"the worker reconnected by itself and beat went on ({crawl.count(BEAT_MISSED)} "
                                 "schedule entries missed meanwhile); tasks queueing work waited for Redis; "
                                 "nothing was left for the sweep")
    finally:
        redis.stop(save=False)
