"""Polling one feed: fetch, parse, hand the new entries to a store. Plain functions,
run by the pipeline (newsmonitor.pipeline.poll), which passes the store: articles are
a layer above feeds, so this module never imports them."""

import logging
import time
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from newsmonitor.db import unflushed_commit
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
# Feeds polled by one task (newsmonitor.tasks.queue_polls): enough to share a broker
# message's cost, few enough that a dispatch of hundreds keeps every worker busy.
BATCH = 20


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
    fetched, all in one transaction (one commit for the batch, not one per feed). The
    rows are locked as they are picked, skipping those another dispatcher holds, and
    a row that dispatcher has moved on no longer matches once its lock is gone: a feed
    is never queued twice for one due time."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Feed.objects.select_for_update(skip_locked=True)
            .filter(active=True, next_check_at__lte=now)
            .order_by("next_check_at")
            .values_list("id", "poll_interval")[:batch]
        )
        if due:
            moved = [When(poll_interval=seconds, then=Value(scheduling.after(now, seconds)))
                     for seconds in {interval for _, interval in due}]
            Feed.objects.filter(pk__in=[feed_id for feed_id, _ in due]).update(
                next_check_at=Case(*moved, default=F("next_check_at")))
    return [feed_id for feed_id, _ in due]


def take_lease(feed_id, now):
    """The feed's row, leased to this poll, or None when another poll holds it (the
    dispatcher, a manual `poll` and a redelivered task may all ask): only one poll of a
    feed at a time, and the lease expires, so a dead worker cannot hold it. The next
    check is moved in the same step, before the fetch, so a crash or a hang still moves
    the feed on. Both are harmless to lose in a database crash (the feed is polled
    again), so the commit does not wait for the disk."""
    with unflushed_commit():
        feed = (Feed.objects.select_for_update()
                .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now), pk=feed_id).first())
        if feed is None:
            return None
        feed.lease_until = scheduling.after(now, LEASE_SECONDS)
        feed.next_check_at = max(feed.next_check_at, scheduling.after(now, feed.poll_interval))
        Feed.objects.filter(pk=feed_id).update(lease_until=feed.lease_until, next_check_at=feed.next_check_at)
    return feed


def poll_feed(feed_id, *, store, fetcher=None, on_new_articles=None):
    """`store(feed, entries, limit)` keeps the new entries and returns a result with
    `new_ids` and `held_back` (newsmonitor.articles.store.store_entries)."""
    feed = take_lease(feed_id, timezone.now())
    if feed is None:
        return PollOutcome(feed_id, "skipped", error="another poll holds the lease")
    try:
        return fetch_and_store(feed, fetcher or get_fetcher(), store, on_new_articles)
    except BaseException:
        # The records give the lease back with the rest of the row; a poll that
        # broke before writing one gives it back here.
        Feed.objects.filter(pk=feed_id).update(lease_until=None)
        raise


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
    with record_commit(stored_nothing=result.not_modified):
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
            next_check_at=scheduling.after(now, wait), lease_until=None,
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


def record_commit(stored_nothing):
    """The transaction of a poll's record (its FetchLog row and the feed's new state,
    the lease given back). A poll that stored no entry (a 304, a failure) loses
    nothing that matters in a database crash, a log row and a schedule the next poll
    writes again, so its commit does not wait for the disk: a flush per poll was most
    of a 304's cost. Stored entries are committed durably, as their extraction is
    queued on that commit."""
    return unflushed_commit() if stored_nothing else transaction.atomic()


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
    with record_commit(stored_nothing=True):
        fetch_log.save()
        Feed.objects.filter(pk=feed.pk).update(
            last_checked_at=now, error_count=errors, last_error_kind=kind,
            last_error=message, next_check_at=scheduling.after(now, delay),
            needs_attention=errors >= settings.NEWSMONITOR_FLAG_AFTER_ERRORS, lease_until=None,
        )
    log.warning("feed %s (%s) failed: %s: %s; next try in %ss", feed.pk, feed.url, kind, message, delay)
    return PollOutcome(feed.pk, "error", error=f"{kind}: {message}")
