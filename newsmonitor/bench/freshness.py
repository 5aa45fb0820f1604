"""Freshness: from the moment a feed with new entries is due, through beat's
dispatcher, the poll, extraction and tagging, to each article being on its pair's
timeline, with a real worker and beat on Redis and PostgreSQL and the default
dispatch period of 30 s. Also given: from the poll that saw the entry."""

import os
import statistics
import time

from django.conf import settings
from django.utils import timezone

from newsmonitor.articles.models import Article
from newsmonitor.bench.processes import spawn
from newsmonitor.bench.report import write_section
from newsmonitor.demo import load_demo_feeds
from newsmonitor.demo.server import StaticServer
from newsmonitor.feeds.models import Feed, FetchLog
from newsmonitor.timelines.models import ArticleDoc


def run():
    server = StaticServer().start()
    env = dict(os.environ, NEWSMONITOR_FETCH_ALLOW_PRIVATE=server.host_port)
    Article.objects.all().delete()
    Feed.objects.all().delete()
    schedule = settings.VAR_DIR / "freshness-beat-schedule"
    schedule.unlink(missing_ok=True)
    worker = spawn(["worker", "-Q", "poll,extract,tag", "-c", "2", "--without-gossip", "--without-mingle"], env)
    time.sleep(6)
    due = timezone.now()
    feeds = load_demo_feeds(server.host_port)  # due now: their entries "appear"
    beat = spawn(["beat", "-s", str(schedule)], env)
    try:
        while ArticleDoc.objects.count() < 49 and (timezone.now() - due).total_seconds() < 600:
            time.sleep(0.5)
    finally:
        beat.terminate()
        worker.terminate()
        beat.wait(30)
        worker.wait(30)
        server.shutdown()
    first_poll = {f: t for f, t in FetchLog.objects.filter(feed__in=feeds).order_by("-started_at")
                  .values_list("feed_id", "started_at")}
    from_due, from_poll = [], []
    for doc in ArticleDoc.objects.select_related("article"):
        from_due.append((doc.refreshed_at - due).total_seconds())
        from_poll.append((doc.refreshed_at - first_poll[doc.article.feed_id]).total_seconds())
    body = (
        f"{len(from_due)} demo articles from {len(feeds)} feeds. Clock starts when the feeds become due "
        f"(beat's dispatcher looks every {settings.NEWSMONITOR_DISPATCH_SECONDS} s); it stops when the "
        f"article's timeline rows are written. One worker, 2 processes, queues poll, extract, tag. "
        f"Target (DESIGN.md): on its timeline within 60 s of appearing in a polled feed.\n\n"
        "| from | median s | p95 s | max s |\n| --- | ---: | ---: | ---: |\n"
        + "\n".join(f"| {name} | {statistics.median(v):.1f} | {sorted(v)[int(0.95 * (len(v) - 1))]:.1f} | {max(v):.1f} |"
                    for name, v in (("feed due", from_due), ("the poll that saw it", from_poll)))
    )
    write_section("freshness", "Freshness: feed entry to timeline", "make bench (python -m newsmonitor.bench freshness)", body)
