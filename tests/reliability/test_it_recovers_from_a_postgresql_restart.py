"""PostgreSQL stopped mid-crawl (a fast shutdown: every connection cut), down for ten
seconds, then started again: the worker, beat and the web process recover by themselves,
and every article the feeds published is stored once, extracted and tagged.

The database is a private cluster (tests/support/services.py), migrated by manage.py
migrate in a subprocess; the shared server on 5432 serves everyone else. The worker,
beat and gunicorn are pointed at it by DATABASE_URL, and for the checks the test's own
connection is too (outage.django_database): the crawl's checks are ORM queries, and
swapping the default connection's address for the test's duration is simpler than a
second database alias. The broker is a private redis-server, so no message of another
test can reach this database.

Tasks that meet the closed connections fail with a DatabaseError and are retried with
backoff (newsmonitor.celery.POLICY); what a failed task held is taken again by lease and
by the sweep (QUICK_LEASES here). The web process's first request after the restart must
answer: a kept connection (CONN_MAX_AGE) is checked before it is reused."""

import time

import pytest
from django.conf import settings

from tests.support.crawl import nothing_lost_or_doubled, real_services
from tests.support.faults import Recovery
from tests.support.outage import Crawl, PublishingSite, django_database, reconnect_django
from tests.support.services import PrivatePostgres, PrivateRedis
from tests.support.settings_process import run_manage

pytestmark = [pytest.mark.slow, real_services]

DOWN_SECONDS = 10


def migrated_database(postgres):
    url = postgres.create_database("newsmonitor")
    done = run_manage(["migrate", "-v", "0"], settings.VAR_DIR, DATABASE_URL=url)
    assert done.returncode == 0, done.stdout + done.stderr
    return url


@pytest.mark.django_db(transaction=True)
def test_worker_beat_and_web_come_back_after_postgresql_restarts_with_nothing_lost_or_doubled(tmp_path):
    postgres, redis = PrivatePostgres().start(), PrivateRedis(tmp_path / "redis").start()
    try:
        url = migrated_database(postgres)
        env = dict(DATABASE_URL=url, CELERY_BROKER_URL=redis.url())
        with django_database(url), PublishingSite(feeds=3) as site, Crawl(site, tmp_path, **env) as crawl:
            site.register()
            crawl.start()
            crawl.web.start()
            site.keep_publishing()
            crawl.wait_until_tagged(3)
            assert crawl.web.status("/healthz") == 200  # its connection is open and kept
            postgres.stop("fast")
            time.sleep(DOWN_SECONDS)  # the fault itself, not a wait for a result
            postgres.start()
            with Recovery("PostgreSQL stopped for 10 s mid-crawl and started again") as seen:
                reconnect_django()
                first_answer = crawl.web.status("/healthz")
                site.publish_rounds(3)
                crawl.wait_until_done()
                seen.done()
                assert first_answer == 200, "the web process's first request after the restart failed"
                assert crawl.still_running(), "the worker or beat died instead of reconnecting"
                tally = nothing_lost_or_doubled(site.links)
                seen.items, seen.lost, seen.doubled = len(site.links), tally.lost, tally.doubled
                seen.happened = (f"tasks retried {crawl.count('Retry in')} times after database errors, what they "
                                 "held taken again by lease and sweep (with production settings up to 15 minutes for those); "
                                 "the web's first request after it answered")
    finally:
        redis.stop(save=False)
        postgres.destroy()
