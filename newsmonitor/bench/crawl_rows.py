"""The crawl benchmark's side of the database and the broker: the feeds set up before
a run, what is watched during it (when each article's timeline rows first appeared,
queue depths) and what is counted after it (each published entry's article, once)."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone as tz

import redis
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from newsmonitor.articles.models import Article, FeedEntry
from newsmonitor.feeds.models import Feed, Outlet
from newsmonitor.timelines.models import ArticleDoc

ENTRY_PATH = re.compile(r"/news/(\d+)/(\d+)\.html")
QUEUES = ("poll", "extract", "tag", "mail")


def clear():
    """An empty database, and no task left from an earlier run (queued, or held by a
    worker that was killed)."""
    call_command("flush", interactive=False, verbosity=0)
    broker().delete(*QUEUES, "unacked", "unacked_index")


def add_feeds(sites, first_poll_after):
    """The sites' feeds, an outlet each, at the interval a feed publishing every minute
    settles at (the minimum), their first polls spread over one interval starting
    `first_poll_after` s into the run, when each has entries."""
    outlets = Outlet.objects.bulk_create(
        Outlet(name=f"موقع تجريبي {i}", homepage=sites.url(i, "/"), country="EG") for i in range(sites.feeds))
    interval = settings.NEWSMONITOR_POLL_MIN_INTERVAL
    Feed.objects.bulk_create(
        Feed(url=sites.feed_url(i), outlet=outlets[i], poll_interval=interval,
             next_check_at=moment(sites.start + first_poll_after + interval * i / sites.feeds))
        for i in range(sites.feeds))


def moment(seconds):
    return datetime.fromtimestamp(seconds, tz.utc)


def broker():
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def queue_depths():
    """{queue: messages waiting} and the messages delivered but not acknowledged."""
    client = broker()
    depths = {name: client.llen(name) for name in QUEUES}
    depths["unacked"] = client.hlen("unacked")
    return depths


class Watch:
    """When each article's timeline rows were first seen (ArticleDoc.refreshed_at the
    first time it is read: a later refresh, after a story merge, must not move it)."""

    def __init__(self):
        self.visible = {}
        self.since = None

    def look(self):
        now = timezone.now()
        docs = ArticleDoc.objects.all()
        if self.since:
            docs = docs.filter(refreshed_at__gte=self.since - timedelta(seconds=60))
        for article_id, refreshed in docs.values_list("article_id", "refreshed_at"):
            self.visible.setdefault(article_id, refreshed.timestamp())
        self.since = now
        return len(self.visible)


@dataclass
class Outcome:
    """Each published entry's fate. `times` holds, per entry with an article, its
    (appeared, polled, extracted, tagged, visible) moments in epoch seconds (None
    for a step not reached)."""

    published: int = 0
    missing: list = field(default_factory=list)
    doubled: list = field(default_factory=list)
    times: dict = field(default_factory=dict)
    feed_entries_doubled: int = 0
    extracted_again: set = field(default_factory=set)  # entries whose article was claimed twice
    statuses: dict = field(default_factory=dict)


def outcome(published, watch):
    """`published`: {(feed, n): appeared at}, from the sites."""
    found = defaultdict(list)
    rows = Article.objects.values_list("id", "url", "original_url", "discovered_at", "extracted_at",
                                       "first_tagged_at", "extraction_status", "extraction_attempts")
    result = Outcome(published=len(published))
    statuses = defaultdict(int)
    for article_id, url, original, polled, extracted, tagged, status, attempts in rows:
        match = ENTRY_PATH.search(original or url) or ENTRY_PATH.search(url)
        if match:
            found[(int(match[1]), int(match[2]))].append(
                (polled, extracted, tagged, watch.visible.get(article_id), status, attempts))
    for key, appeared in published.items():
        articles = found.get(key, [])
        if not articles:
            result.missing.append(key)
            continue
        if len(articles) > 1:
            result.doubled.append(key)
        polled, extracted, tagged, visible, status, attempts = articles[0]
        statuses[status] += 1
        if attempts > 1:
            result.extracted_again.add(key)
        result.times[key] = (appeared, *(t.timestamp() if t else None for t in (polled, extracted, tagged)), visible)
    result.statuses = dict(statuses)
    result.feed_entries_doubled = (FeedEntry.objects.values("feed", "guid").annotate(n=Count("id"))
                                   .filter(n__gt=1).count())
    return result
