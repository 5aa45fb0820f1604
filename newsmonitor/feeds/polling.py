"""Polling one feed: fetch, parse, hand the new entries to a store. Plain functions,
run by the pipeline (newsmonitor.pipeline.poll), which passes the store: articles are
a layer above feeds, so this module never imports them."""

import logging
import time
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from newsmonitor.feeds import scheduling
from newsmonitor.feeds.http import get_fetcher
from newsmonitor.feeds.models import Feed, FetchLog
from newsmonitor.lib.feedparse import NotAFeed, UnsafeFeed, parse_feed
from newsmonitor.lib.fetch import FetchError
from newsmonitor.lib.html import INVISIBLE
from newsmonitor.lib.urls import reader_link

log = logging.getLogger(__name__)

# Longer than the poll task's hard time limit (120 s): a worker killed mid-poll holds
# the feed this long (settings.NEWSMONITOR_POLL_LEASE_SECONDS, shortened by the fault tests).
LEASE_SECONDS = settings.NEWSMONITOR_POLL_LEASE_SECONDS


@dataclass
class PollOutcome:
    feed_id: int
    status: str  # "ok", "not-modified", "error", "skipped"
    new_article_ids: list[int] = field(default_factory=list)
    entries_seen: int = 0
    error: str = ""
    held_back: int = 0


def claim_due_feeds(batch):
    """Pick due feeds and move each one's next check forward before anything is
    fetched. The conditional UPDATE is an optimistic lock: of two dispatchers that
    read the same row, only the one whose UPDATE still sees the old next_check_at
    claims it, so a feed is never queued twice for one due time."""
    now = timezone.now()
    due = (
        Feed.objects.filter(active=True, next_check_at__lte=now)
        .order_by("next_check_at")
        .values_list("id", "next_check_at", "poll_interval")[:batch]
    )
    claimed = []
    for feed_id, due_at, interval in due:
        moved = Feed.objects.filter(pk=feed_id, next_check_at=due_at).update(
            next_check_at=scheduling.after(now, interval)
        )
        if moved:
            claimed.append(feed_id)
    return claimed


def take_lease(feed_id, now):
    """Only one poll of a feed at a time (the dispatcher, a manual `poll` and a
    redelivered task may all ask). The lease expires, so a dead worker cannot hold it."""
    return Feed.objects.filter(pk=feed_id).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    ).update(lease_until=scheduling.after(now, LEASE_SECONDS))


def poll_feed(feed_id, *, store, fetcher=None, on_new_articles=None):
    """`store(feed, entries, limit)` keeps the new entries and returns a result with
    `new_ids` and `held_back` (newsmonitor.articles.store.store_entries)."""
    now = timezone.now()
    if not take_lease(feed_id, now):
        return PollOutcome(feed_id, "skipped", error="another poll holds the lease")
    try:
        feed = Feed.objects.get(pk=feed_id)
        # Scheduled before the fetch, so a crash or a hang still moves the feed on.
        Feed.objects.filter(pk=feed_id).update(
            next_check_at=max(feed.next_check_at, scheduling.after(now, feed.poll_interval))
        )
        return fetch_and_store(feed, fetcher or get_fetcher(), store, on_new_articles)
    finally:
        Feed.objects.filter(pk=feed_id).update(lease_until=None)


def fetch_and_store(feed, fetcher, store, on_new_articles):
    started = timezone.now()
    clock = time.monotonic()
    fetch_log = FetchLog(feed=feed, started_at=started)
    try:
        result = fetcher.get(
            feed.url,
            max_bytes=settings.NEWSMONITOR_FEED_MAX_BYTES,
            etag=feed.etag,
            last_modified=feed.last_modified,
            accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        )
        fetch_log.status_code = result.status
        fetch_log.bytes = len(result.content)
        if result.not_modified:
            return record_success(feed, fetch_log, clock, result, None, [], store, on_new_articles)
        parsed = parse_feed(result.content, content_type=result.headers.get("content-type", ""), url=result.url)
    except FetchError as exc:
        return record_failure(feed, fetch_log, clock, exc.kind, exc.message, exc.status, exc.retry_after)
    except NotAFeed as exc:
        return record_failure(feed, fetch_log, clock, "not-a-feed", str(exc), fetch_log.status_code, None)
    except UnsafeFeed as exc:
        return record_failure(feed, fetch_log, clock, "xml-entities", str(exc), fetch_log.status_code, None)
    return record_success(feed, fetch_log, clock, result, parsed, parsed.entries, store, on_new_articles)


def fetchable(entries):
    """(entries whose link a reader may be offered and the fetcher may reach, the
    number left out): a feed pointing at 127.0.0.1:22 or a cloud metadata address
    gets no article for it."""
    allow = settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE
    kept = [replace(e, link=link) for e in entries if (link := reader_link(e.link, allow))]
    return kept, len(entries) - len(kept)


def record_success(feed, fetch_log, clock, result, parsed, entries, store, on_new_articles):
    now = timezone.now()
    entries, refused = fetchable(entries)
    with transaction.atomic():
        stored = store(feed, entries, limit=settings.NEWSMONITOR_POLL_MAX_NEW_ENTRIES)
        new_ids = stored.new_ids
        fetch_log.entries_seen = len(entries) + refused
        fetch_log.new_articles = len(new_ids)
        fetch_log.held_back = stored.held_back
        fetch_log.notes = poll_notes(stored.held_back, refused)
        problem = storable(f"used anyway: {parsed.problem}") if parsed and parsed.problem else ""
        if problem:
            fetch_log.error_kind = "malformed-feed"
            fetch_log.error = problem
        fetch_log.duration_ms = int((time.monotonic() - clock) * 1000)
        fetch_log.save()
        interval = scheduling.adaptive_interval(
            feed.poll_interval,
            [e.published_at for e in entries],
            new_count=len(new_ids),
            minimum=settings.NEWSMONITOR_POLL_MIN_INTERVAL,
            maximum=settings.NEWSMONITOR_POLL_MAX_INTERVAL,
        ) if parsed else feed.poll_interval
        # A poll that held entries back comes again soon for them.
        wait = settings.NEWSMONITOR_POLL_MIN_INTERVAL if stored.held_back else interval
        changes = dict(
            last_checked_at=now, last_success_at=now, error_count=0, last_error=problem,
            last_error_kind="malformed-feed" if problem else "", needs_attention=False, poll_interval=interval,
            next_check_at=scheduling.after(now, wait),
        )
        if stored.held_back:
            # No validators: a 304 next time would hide the entries still to take.
            changes.update(etag="", last_modified="")
        elif not result.not_modified:
            changes.update(etag=result.headers.get("etag", "")[:500],
                           last_modified=result.headers.get("last-modified", "")[:100])
        if parsed and parsed.title and not feed.title:
            changes["title"] = parsed.title[:300]
        if new_ids:
            changes["last_new_article_at"] = now
        Feed.objects.filter(pk=feed.pk).update(**changes)
        if new_ids and on_new_articles:
            transaction.on_commit(lambda: on_new_articles(new_ids))
    status = "not-modified" if result.not_modified else "ok"
    return PollOutcome(feed.pk, status, new_ids, len(entries) + refused, held_back=stored.held_back)


def poll_notes(held_back, refused):
    notes = []
    if held_back:
        notes.append(f"{held_back} new entries held back for the next poll "
                     f"(at most {settings.NEWSMONITOR_POLL_MAX_NEW_ENTRIES} per poll)")
    if refused:
        notes.append(f"{refused} entries skipped: their link is not http(s) or points at a private address")
    return "\n".join(notes)


def storable(message):
    """An error message as the feed row and its log keep it: bounded, and without the
    control characters it may quote from the feed's own bytes."""
    return INVISIBLE.sub("", message)[:2000]


def record_failure(feed, fetch_log, clock, kind, message, status, retry_after):
    now = timezone.now()
    errors = feed.error_count + 1
    delay = scheduling.backoff_seconds(errors, feed.poll_interval, settings.NEWSMONITOR_BACKOFF_MAX)
    if retry_after:
        # The server said when to come back: never sooner, never absurdly later.
        delay = max(delay, min(int(retry_after), settings.NEWSMONITOR_BACKOFF_MAX))
    message = storable(message)
    fetch_log.error_kind = kind
    fetch_log.error = message
    fetch_log.status_code = status
    fetch_log.duration_ms = int((time.monotonic() - clock) * 1000)
    with transaction.atomic():
        fetch_log.save()
        Feed.objects.filter(pk=feed.pk).update(
            last_checked_at=now, error_count=errors, last_error_kind=kind,
            last_error=message, next_check_at=scheduling.after(now, delay),
            needs_attention=errors >= settings.NEWSMONITOR_FLAG_AFTER_ERRORS,
        )
    log.warning("feed %s (%s) failed: %s: %s; next try in %ss", feed.pk, feed.url, kind, message, delay)
    return PollOutcome(feed.pk, "error", error=f"{kind}: {message}")
