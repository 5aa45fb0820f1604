"""A tag task killed (SIGKILL) in the middle of it: the article is tagged again or its
timeline rows built by the refresh of stale rows, and every article ends tagged and on
its timelines once.

Where the kill lands: between the tags' commit and the timelines' refresh (the worst
place: tagged but on no timeline yet); once to the pool process only, once to the whole
worker (main process and pool: SIGKILL to its process group). A transaction of this test
holds the lock every writer of the read models takes (rollups.LOCK_KEY), as a long
refresh elsewhere would; the tag task waits on it, and is killed while it waits.

How it recovers: a pool process killed, the worker's main process sees it die and, with
acks_late and reject_on_worker_lost, gives the message back to Redis; a new pool process
takes it and tags the article again (tagging replaces the tags; the read models are
rebuilt from them). No lease is involved: recovery is as fast as the pool restarts. A
worker killed whole gives nothing back (the message comes back after Redis's visibility
timeout, an hour): the article is tagged but on no timeline until the refresh of stale
timeline rows runs (every 5 minutes in production, NEWSMONITOR_SWEEP_SECONDS; seconds
here). Had the kill come before the tags' commit, the sweep of articles untagged for 10
minutes would queue it again (NEWSMONITOR_LOST_AFTER_SECONDS)."""

import os
import signal

import psycopg
import pytest
from django.db import connection

from newsmonitor.articles.models import Article
from newsmonitor.timelines.readmodels.rollups import LOCK_KEY
from tests.support.crawl import QUICK_LEASES, FeedSite, all_tagged, nothing_lost_or_doubled, real_services
from tests.support.faults import Recovery
from tests.support.worker import BeatProcess, WorkerProcess, wait_for

pytestmark = [pytest.mark.slow, real_services]


def holder():
    """A connection of its own (not the test's), to hold the read models' lock."""
    db = connection.settings_dict
    return psycopg.connect(host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432,
                           user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None,
                           dbname=db["NAME"], autocommit=True)


def waiting_on_the_lock(conn):
    return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND wait_event = 'advisory'").fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("killed", ["pool process", "whole worker"])
def test_a_tag_task_killed_midway_is_done_again_and_nothing_is_lost(tmp_path, killed):
    with FeedSite(feeds=2, per_feed=3) as site, holder() as lock:
        site.register()
        lock.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        options = dict(allow_private=[site.host_port], extra_env=QUICK_LEASES)
        crawler = WorkerProcess(queues=("poll", "extract"), **options).start()
        tagger = WorkerProcess(queues=("tag",), concurrency=1, **options).start()
        second = WorkerProcess(queues=("tag",), concurrency=1, **options)
        beat = BeatProcess(tmp_path / "beat", allow_private=[site.host_port])
        beat.extra_env.update(QUICK_LEASES)
        beat.start()
        try:
            wait_for(lambda: waiting_on_the_lock(lock) and "articles.tag[" in tagger.log(),
                     message="a tag task waiting to refresh the timelines")
            # Tagged and committed, on no timeline: what the kill leaves to recover.
            assert Article.objects.filter(tagged_at__isnull=False, doc__isnull=True).exists()
            with Recovery(f"{killed} killed during tagging") as seen:
                seen.happened = kill(tagger, second, killed)
                lock.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
                wait_for(lambda: all_tagged(site.links), timeout=180, message="every article tagged")
                seen.done()
                tally = nothing_lost_or_doubled(site.links)
                seen.items, seen.lost, seen.doubled = len(site.links), tally.lost, tally.doubled
        except AssertionError as exc:
            raise AssertionError(f"{exc}\ncrawler:\n{crawler.log()}\ntagger:\n{tagger.log()}"
                                 f"\nsecond tagger:\n{second.log()}\nbeat:\n{beat.log()}") from exc
        finally:
            beat.stop()
            second.stop()
            tagger.stop()
            crawler.stop()


def kill(tagger, second, killed):
    """The kill, and what recovers from it (for the Recovery row)."""
    if killed == "pool process":
        [victim] = tagger.pool_pids()
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda: tagger.pool_pids() and tagger.pool_pids() != [victim], message="a new pool process")
        assert "exited with 'signal 9 (SIGKILL)'" in tagger.log()
        return ("killed with the tags committed and the timelines not yet built; the worker gave the "
                "message back and a new pool process tagged the article again (no lease: as fast in production)")
    tagger.stop(signal.SIGKILL)
    second.start(purge=False)
    return ("killed with the tags committed and the timelines not yet built; its message stays unacknowledged "
            "(an hour); the refresh of stale timeline rows built the article's rows on its next run (in production "
            "within 5 minutes; a tag task the worker had reserved, within about 15: the untagged sweep)")
