"""Redis (the broker) stopped for 30 seconds mid-crawl and started again empty, as after a
FLUSHALL or a Redis without persistence: every queued message is gone (polls, extractions,
taggings, the retries' countdowns). Nothing is lost all the same: feeds come due again by
their next_check_at (moved on when claimed, so a lost poll only waits for the next check),
and the sweep (articles.sweep: requeue_lost_articles) queues again every article left
pending, running past its lease, or extracted and never tagged. The claims make a message
that survived somewhere and a sweep's copy harmless, so nothing is doubled.

The broker is a private redis-server (tests/support/services.py); the shared one serves
everyone else. Recovery takes up to LOST_AFTER plus one sweep period: in production 10 + 5
minutes, here 20 + 5 seconds."""

import time

import pytest

from tests.support.crawl import nothing_lost_or_doubled, real_services
from tests.support.faults import Recovery
from tests.support.outage import Crawl, PublishingSite
from tests.support.services import PrivateRedis

pytestmark = [pytest.mark.slow, real_services]

OUTAGE_SECONDS = 30
# Longer than QUICK_LEASES' 6 s: after the outage the queues hold a backlog, and a sweep
# that took every article waiting a few seconds would queue the backlog again and again
# (harmless, the claims skip them, but it slows the recovery it is meant to make).
SLOWER_SWEEP = {"NEWSMONITOR_LOST_AFTER_SECONDS": "20", "NEWSMONITOR_SWEEP_SECONDS": "5"}


@pytest.mark.django_db(transaction=True)
def test_the_sweep_and_the_feeds_schedule_recover_every_message_an_emptied_redis_lost(tmp_path):
    redis = PrivateRedis(tmp_path / "redis").start()
    try:
        env = dict(CELERY_BROKER_URL=redis.url(), **SLOWER_SWEEP)
        with PublishingSite(feeds=3) as site, Crawl(site, tmp_path, **env) as crawl:
            site.register()
            crawl.start()
            site.keep_publishing()
            crawl.wait_until_tagged(3)
            in_redis = redis.messages()
            redis.stop(save=False)
            time.sleep(OUTAGE_SECONDS)  # the fault itself, not a wait for a result
            redis.start(flush=True)
            with Recovery("Redis stopped for 30 s mid-crawl, restarted empty (FLUSHALL)") as seen:
                site.publish_rounds(3)
                crawl.wait_until_done()
                seen.done()
                assert crawl.still_running(), "the worker or beat died instead of reconnecting"
                tally = nothing_lost_or_doubled(site.links)
                seen.items, seen.lost, seen.doubled = len(site.links), tally.lost, tally.doubled
                seen.happened = (f"{in_redis} messages lost with Redis (queued or unacknowledged); the sweep "
                                 "queued their articles again and the feeds came due by their schedule (with production "
                                 "settings up to 15 minutes: lost after 10, a sweep every 5)")
    finally:
        redis.stop(save=False)
