"""Due digests and spike alerts, claimed and sent exactly once.

    due_deliveries(now) -> [delivery id]   make the Delivery rows of every due digest and
                                           spike alert; the ids to send now (new, or failed
                                           and due for another try, or lost)
    send(delivery_id) -> status            claim by conditional UPDATE, compose, send over
                                           SMTP; a failure is recorded with a next try
    send_batch(ids) -> {id: status}        the same for many: one claim, one read of each
                                           period's articles for every subscription, one
                                           SMTP connection, one write per chunk

How "exactly once, never lost" holds:

- A digest period is (period_start, period_end] on Article.first_tagged_at. A
  subscription has at most one open (pending, sending or failed) digest Delivery:
  due_deliveries makes one only for a subscription with none, under a lock that
  serialises dispatchers, and the row is unique per (subscription, kind, period_end,
  key) besides. Its period starts where the last one sent ended (sent_through) and
  the subscription moves on (sent_through := period_end, next_due_at := the next due
  time) only in the transaction that records the period SENT or EMPTY. A failed
  period stays open and is tried again with a growing wait, so no period is skipped;
  the next one is made only after it. (A period cancelled because the subscriber
  left leaves the subscription as leaving set it: resuming starts from then.)
- Sending claims the row first (see `claim`), so a task delivered twice, a retried
  task or two concurrent runs send it once. The subscription is read again after the
  claim and just before the message goes out: paused or unsubscribed, it gets nothing.
- What cannot be made atomic is the SMTP conversation itself: a worker that dies after
  the server accepted a message and before the row says SENT leaves a lease that
  expires, and the message is sent again. The Message-ID is deterministic (one per
  subscription and period) so that a mail system can recognise the second copy.
  The lease is longer than the send tasks' hard time limit, so a live worker is never
  overtaken.
- An article is first tagged (first_tagged_at) a moment before its timeline rows are
  built (the same pipeline step, next transaction; the 5-minute sweep rebuilds lost
  ones). A period is therefore only read NEWSMONITOR_DIGEST_SETTLE_SECONDS after its
  end.

What an email holds is content.py's (one read of a period for many views), how it is
rendered and made personal rendering.py's.
"""

import logging
import random
import smtplib
from collections import defaultdict
from datetime import datetime, time, timedelta, timezone as dt_timezone

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from newsmonitor.digests import content as contents, rendering, schedule, spikes
from newsmonitor.digests.models import Delivery, Subscription
from newsmonitor.digests.rendering import alert_message_id, digest_message_id, local
from newsmonitor.digests.selection import filters_of
from newsmonitor.timelines.readmodels.filters import parse_pair

log = logging.getLogger(__name__)

Status, Kind = Delivery.Status, Delivery.Kind
ACTIVE = Subscription.Status.ACTIVE
OPEN = (Status.PENDING, Status.SENDING, Status.FAILED)
LOCK_KEY = 7_351_010  # pg_advisory_xact_lock key of the dispatcher


def send_empty():
    """Whether an empty period still sends an email (saying so)."""
    return settings.NEWSMONITOR_DIGEST_SEND_EMPTY


def settle():
    """How long after its end a period is read (settings)."""
    return timedelta(seconds=settings.NEWSMONITOR_DIGEST_SETTLE_SECONDS)


# A claim holds a delivery this long: longer than the send tasks' hard time limits
# (15 minutes; shortened only by the fault tests, settings.NEWSMONITOR_DIGEST_LEASE_SECONDS).
LEASE = timedelta(seconds=settings.NEWSMONITOR_DIGEST_LEASE_SECONDS)
# A delivery still pending this long after it was queued is queued again (a lost task).
REQUEUE = timedelta(minutes=10)
BACKOFF_BASE = 60  # seconds before the first retry; doubled each time
BACKOFF_MAX = 6 * 3600
# Due subscriptions one dispatch makes deliveries for (the rest, next minute).
DISPATCH_BATCH = 20000
# Deliveries one send_batch call (one digests.send_batch task) takes.
BATCH = 200
# Messages sent between two looks at the subscribers' status and two writes of the
# other outcomes (a message sent is recorded at once: Batch.send_chunk).
CHUNK = 50
SMTP_TIMEOUT = 30


def backoff(attempts, rng=random):
    """Seconds before the next try after `attempts` failed ones: exponential, capped,
    with ±20% jitter so that many failures do not come back at one instant."""
    delay = min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX)
    return delay * rng.uniform(0.8, 1.2)


# --- making deliveries ---------------------------------------------------------------------------------
def due_deliveries(now, *, subscriptions=None, force=False):
    """Deliveries for every due digest and spike alert (made at most once each), and
    those to try again; the ids to send now. `subscriptions` (a queryset) limits it to
    some; `force` treats every active one as due (its period ending now)."""
    cutoff = now - settle()
    subscriptions = Subscription.objects.all() if subscriptions is None else subscriptions
    with transaction.atomic():
        _lock()
        made = _make_digests(now, cutoff, subscriptions, force) + _make_alerts(now, cutoff, subscriptions)
    # New deliveries in the order of what they follow, so that a batch of them (one
    # digests.send_batch task) shares its views' articles and renderings.
    return list(dict.fromkeys(made + _to_send(now, subscriptions)))


def _lock():
    # One dispatcher at a time (a slow run and the next beat, a retried task, the
    # command beside beat): the check "this subscription has no open delivery" and the
    # insert that follows it must not interleave with another dispatcher's. SQLite:
    # transactions begin IMMEDIATE (settings), so writers are serialised already.
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def period_start(sub):
    return sub.sent_through or sub.confirmed_at or sub.created_at


def _make_digests(now, cutoff, subscriptions, force):
    active = subscriptions.filter(status=ACTIVE)
    for sub in active.filter(next_due_at__isnull=True)[:DISPATCH_BATCH]:
        # Confirmed without a schedule: it starts now.
        Subscription.objects.filter(pk=sub.pk, next_due_at__isnull=True).update(
            next_due_at=schedule.next_due(sub, now), sent_through=sub.sent_through or sub.confirmed_at or now)
    # One statement, so that it reads one snapshot: a delivery that a sender has just
    # marked SENT has moved its subscription in the same commit.
    open_digest = Delivery.objects.filter(subscription=OuterRef("pk"), kind=Kind.DIGEST, status__in=OPEN)
    due = active if force else active.filter(next_due_at__lte=cutoff)
    due = list(due.exclude(Exists(open_digest)).order_by("next_due_at", "pk")[:DISPATCH_BATCH])
    instant = [sub for sub in due if sub.frequency == Subscription.Frequency.INSTANT and not force]
    with_articles = _instant_with_articles(instant, cutoff)
    rows, stale = [], []
    for sub in due:
        start = period_start(sub)
        if force or sub.frequency == Subscription.Frequency.INSTANT:
            end = cutoff.replace(microsecond=0)
            if end <= start or (sub in instant and sub.pk not in with_articles):
                continue
        else:
            end = sub.next_due_at
            if end <= start:
                stale.append(sub)
                continue
        rows.append(Delivery(subscription=sub, kind=Kind.DIGEST, period_start=start, period_end=end,
                             next_attempt_at=now + REQUEUE, message_id=digest_message_id(sub.pk, end)))
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    # No open delivery had these subscriptions: the open ones now are those just made.
    made = dict(Delivery.objects.filter(subscription__in=[r.subscription_id for r in rows], kind=Kind.DIGEST,
                                        status__in=OPEN).values_list("subscription_id", "pk"))
    # A period already closed (a row with the same end, not open) means the
    # subscription was set back by hand: it moves on instead of sending twice.
    stale += [row.subscription for row in rows if row.subscription_id not in made]
    for sub in stale:
        Subscription.objects.filter(pk=sub.pk).update(next_due_at=schedule.next_due(sub, now))
    rows.sort(key=lambda row: sharing_key(row.subscription))
    return [made[row.subscription_id] for row in rows if row.subscription_id in made]


def sharing_key(sub):
    """Subscriptions with equal keys get the same email but for their links."""
    return (sorted(sub.pairs or []), sorted(sub.countries or []), sub.query or "", sub.language or "",
            sub.time_zone or "")


def _instant_with_articles(subs, cutoff):
    """The instant subscriptions that have an article since their last email: only
    those get a delivery (a row a minute for every quiet one would be noise). One
    read of the rows since the earliest of them."""
    if not subs:
        return set()
    period = contents.Period(min(period_start(s) for s in subs), cutoff.replace(microsecond=0))
    selections = {sub.pk: contents.Selection.of(sub) for sub in subs}
    period.load(list(selections.values()))
    return {sub.pk for sub in subs
            if contents.build(selections[sub.pk], period, max_items=0, since=period_start(sub)).total}


def alert_day(cutoff):
    """The day spike alerts look at: the last complete (UTC) day."""
    return cutoff.astimezone(dt_timezone.utc).date() - timedelta(days=1)


def _make_alerts(now, cutoff, subscriptions):
    """A delivery for each (subscriber, followed pair) whose yesterday was a spike by
    the subscriber's k and floor; once per pair-day (the key, unique)."""
    day = alert_day(cutoff)
    subs = list(subscriptions.filter(status=ACTIVE, spike_alerts=True).values_list("pk", "pairs", "spike_k",
                                                                                   "spike_floor", "query"))
    followed = {pk: sorted({p for p in (parse_pair(text) for text in pairs or []) if p}) for pk, pairs, *_rest in subs}
    units = {pk: filters_of(query).count for pk, _pairs, _k, _f, query in subs}
    pairs = {p for pairs in followed.values() for p in pairs}
    stats = {unit: spikes.pair_stats(pairs, day, unit) for unit in set(units.values())}
    wanted = set()
    for pk, _pairs, k, floor, _query in subs:
        for pair in followed[pk]:
            if spikes.spike(*stats[units[pk]][pair], k, floor).is_spike:
                wanted.add((pk, spikes.alert_key(pair, day)))
    if not wanted:
        return []
    start = datetime.combine(day, time(0), tzinfo=dt_timezone.utc)
    end = start + timedelta(days=1)
    existing = Delivery.objects.filter(kind=Kind.ALERT, period_end=end, key__in={key for _pk, key in wanted})
    have = set(existing.values_list("subscription_id", "key"))
    Delivery.objects.bulk_create(
        [Delivery(subscription_id=pk, kind=Kind.ALERT, key=key, period_start=start, period_end=end,
                  next_attempt_at=now + REQUEUE, message_id=alert_message_id(pk, key))
         for pk, key in sorted(wanted - have)], ignore_conflicts=True)
    return [pk for pk, sub, key in existing.values_list("pk", "subscription_id", "key")
            if (sub, key) in wanted - have]


def _to_send(now, subscriptions):
    """Open deliveries to queue again: failed ones due for another try, and those
    whose task was lost (still pending at their REQUEUE mark, or claimed by a worker
    that died: an expired lease). Each is put back to PENDING with a new mark, so a
    queue slow to drain is not filled twice; a second task for one is harmless (the
    claim)."""
    due = (Q(status=Status.PENDING, next_attempt_at__isnull=True) | Q(status=Status.PENDING, next_attempt_at__lte=now)
           | Q(status=Status.FAILED, next_attempt_at__lte=now) | Q(status=Status.FAILED, next_attempt_at__isnull=True)
           | Q(status=Status.SENDING, lease_until__lt=now))
    # Confirmations are sent by the subscribe form itself, never by this path.
    mine = Delivery.objects.filter(subscription__in=subscriptions, kind__in=(Kind.DIGEST, Kind.ALERT))
    again = list(mine.filter(due).order_by("pk").values_list("pk", flat=True)[:DISPATCH_BATCH])
    if again:
        # Conditional again: a row claimed meanwhile is left to its worker.
        Delivery.objects.filter(Q(pk__in=again) & due).update(status=Status.PENDING, next_attempt_at=now + REQUEUE,
                                                              lease_until=None)
    return again


# --- sending ---------------------------------------------------------------------------------------------
def send(delivery_id, *, connection=None, now=None):
    """Send one delivery (the digests.send task): its final status, or "skipped" when
    it is not there to claim (sent, being sent by another worker, or not yet due)."""
    return send_batch([delivery_id], connection=connection, now=now).get(delivery_id, "skipped")


def claim(ids, now):
    """Claim these deliveries for this worker: the ids it now holds.

    The optimistic lock: no row is locked while we decide. One conditional UPDATE
    moves each row that is still claimable (pending; failed and due; or being sent
    under a lease that has expired, its worker dead) to SENDING with a lease that
    names this claim (a time no other claim uses, to the microsecond), and counts an
    attempt. The database applies it row by row atomically: of two workers racing for
    a row, the second's WHERE no longer matches, it updates nothing and moves on. We
    then read back which rows carry our lease. Every later write to a row is made
    while the lease holds, so a second worker never sends what the first has."""
    lease = now + LEASE + timedelta(microseconds=random.randrange(1, 10**6))
    claimable = (Q(status=Status.PENDING) | Q(status=Status.FAILED, next_attempt_at__lte=now)
                 | Q(status=Status.FAILED, next_attempt_at__isnull=True)
                 | Q(status=Status.SENDING, lease_until__lt=now))
    Delivery.objects.filter(Q(pk__in=ids) & claimable, kind__in=(Kind.DIGEST, Kind.ALERT)).update(
        status=Status.SENDING, lease_until=lease, attempts=F("attempts") + 1)
    # The subscription is read after the claim: its status now is what counts.
    return list(Delivery.objects.filter(pk__in=ids, status=Status.SENDING, lease_until=lease)
                .select_related("subscription").order_by("pk"))


def send_batch(ids, *, connection=None, now=None, dry_run=False, out=None):
    """Claim, compose, send and record these deliveries; {id: status} of those claimed.
    dry_run: compose and render only, in a transaction rolled back at the end (nothing
    sent, nothing recorded); `out` (a callable) is told who would get what."""
    now = now or timezone.now()
    if dry_run:
        with transaction.atomic():
            results = _dry_run(ids, now, out)
            transaction.set_rollback(True)
        return results
    claimed = claim(list(ids), now)
    if not claimed:
        return {}
    results = {}
    batch = Batch(now)
    live = [d for d in claimed if d.subscription.status == ACTIVE]
    results.update(batch.finish([(d, Status.CANCELLED, "") for d in claimed if d.subscription.status != ACTIVE]))
    batch.compose(live)
    conn = connection or get_connection(timeout=SMTP_TIMEOUT)
    opened = connection is None
    try:
        for start in range(0, len(live), CHUNK):
            results.update(batch.send_chunk(live[start:start + CHUNK], conn))
    finally:
        if opened:
            try:
                conn.close()
            except Exception:  # a broken connection closes with an error; nothing to keep
                pass
    return results


def _dry_run(ids, now, out):
    """Compose what would be sent and say so; the caller rolls every write back."""
    results = {}
    live = [d for d in claim(list(ids), now) if d.subscription.status == ACTIVE]
    batch = Batch(now)
    batch.compose(live)
    for delivery in live:
        content = batch.content_of(delivery)
        if content.empty and not send_empty():
            results[delivery.pk] = "empty"
        else:
            batch.renderer.message(delivery, content)  # rendered, so a template error shows here too
            results[delivery.pk] = "would send"
        if out:
            out(describe(delivery, content))
    return results


class Batch:
    """Deliveries being sent together: each period's articles read once for all their
    views (content.compose_many), each email rendered once per (content, language)
    and made personal per address (rendering.Renderer)."""

    def __init__(self, now):
        self.now = now
        self.digests = {}        # delivery id -> Content
        self.alerts = {}         # (pair, day, unit) -> (Content, Spike)
        self.down = None         # the error of a server that cannot be reached
        self.renderer = rendering.Renderer(stats=lambda delivery: self.alert_of(delivery)[1])

    # composing ---------------------------------------------------------------------
    def compose(self, deliveries):
        windows = defaultdict(list)
        for d in deliveries:
            if d.kind == Kind.DIGEST:
                windows[(d.period_start, d.period_end)].append(d)
            elif d.kind == Kind.ALERT:
                self.alert_of(d)
        for (start, end), group in windows.items():
            start = start or end - timedelta(days=1)
            selections = {d.pk: contents.Selection.of(d.subscription) for d in group}
            composed = contents.compose_many(list(selections.values()), start, end)
            for d in group:
                self.digests[d.pk] = composed[selections[d.pk]]

    def alert_of(self, delivery):
        pair_text, _sep, day_text = delivery.key.partition(" ")
        pair, day = parse_pair(pair_text), datetime.fromisoformat(day_text).date()
        unit = filters_of(delivery.subscription).count
        if (pair, day, unit) not in self.alerts:
            count, history = spikes.pair_stats([pair], day, unit)[pair]
            stats = spikes.spike(count, history, 0, 0)
            self.alerts[(pair, day, unit)] = (contents.alert_content(pair, day, unit=unit), stats)
        return self.alerts[(pair, day, unit)]

    def content_of(self, delivery):
        if delivery.kind == Kind.ALERT:
            return self.alert_of(delivery)[0]
        return self.digests[delivery.pk]

    # sending ----------------------------------------------------------------------
    def send_chunk(self, chunk, conn):
        # A subscriber may have left since the claim: read the statuses again, now.
        active = set(Subscription.objects.filter(pk__in=[d.subscription_id for d in chunk], status=ACTIVE)
                     .values_list("pk", flat=True))
        done, sent = [], {}
        for delivery in chunk:
            content = self.content_of(delivery)
            if delivery.subscription_id not in active:
                done.append((delivery, Status.CANCELLED, ""))
                continue
            if content.empty and not send_empty():
                done.append((delivery, Status.EMPTY, ""))
                continue
            if self.down:
                # The server could not be reached a moment ago: the rest of the batch
                # fails with the same error at once, instead of waiting out a timeout each.
                done.append((delivery, Status.FAILED, self.down))
                continue
            try:
                wire = self.renderer.wire(delivery, content) if isinstance(conn, SMTPBackend) else None
                if wire is not None:
                    if conn.connection is None:
                        conn.open()
                    conn.connection.sendmail(*wire)
                else:
                    conn.send_messages([self.renderer.message(delivery, content)])
            except (smtplib.SMTPException, OSError) as exc:
                log.warning("delivery %s to %s failed: %s", delivery.pk, delivery.subscription.email, exc)
                done.append((delivery, Status.FAILED, smtp_error(exc)))
                _reset(conn)
                if not isinstance(exc, MESSAGE_ERRORS):
                    self.down = smtp_error(exc)
                continue
            delivery.articles = content.articles
            # Recorded now, not with the rest of the chunk: a worker killed later in the
            # chunk would otherwise leave every message the server had already accepted
            # to be sent again once the lease ends (found by tests/reliability). The
            # commit waits for the disk (a flush per email): a database crash must not
            # forget that a reader has their email. What stays open is the moment
            # between the server's 250 and this commit: a message caught there goes
            # twice, with the same Message-ID.
            sent.update(self.finish([(delivery, Status.SENT, "")]))
        return {**sent, **self.finish(done)}

    def finish(self, done):
        """Record outcomes in one transaction: the deliveries, and the subscriptions
        whose period is closed (sent or empty) moved on. A few UPDATEs by
        outcome, not one per row (the rows are ours while the lease holds)."""
        if not done:
            return {}
        now = self.now
        by_status, errors, counts, moves = defaultdict(list), [], [], defaultdict(list)
        for delivery, status, error in done:
            by_status[status].append(delivery.pk)
            if status == Status.FAILED:
                delivery.last_error = error
                delivery.next_attempt_at = now + timedelta(seconds=backoff(delivery.attempts))
                errors.append(delivery)
            if status == Status.SENT:
                counts.append(delivery)
            # A period sent or empty is closed and the subscription moves on; a cancelled
            # one leaves it as its pause or unsubscribe set it (resuming starts from then).
            if status in (Status.SENT, Status.EMPTY) and delivery.kind == Kind.DIGEST:
                sub = delivery.subscription
                sub.sent_through = max(filter(None, [sub.sent_through, delivery.period_end]))
                sub.next_due_at = schedule.next_due(sub, max(delivery.period_end, now))
                moves[(sub.sent_through, sub.next_due_at)].append(sub.pk)
        with transaction.atomic():
            for status, pks in by_status.items():
                if status != Status.FAILED:
                    Delivery.objects.filter(pk__in=pks).update(
                        status=status, lease_until=None, next_attempt_at=None,
                        sent_at=now if status == Status.SENT else None)
            if counts:
                Delivery.objects.bulk_update(counts, ["articles"])
            if errors:
                Delivery.objects.filter(pk__in=[d.pk for d in errors]).update(status=Status.FAILED, lease_until=None)
                Delivery.objects.bulk_update(errors, ["last_error", "next_attempt_at"])
            for (sent_through, next_due_at), pks in moves.items():
                Subscription.objects.filter(pk__in=pks).update(sent_through=sent_through, next_due_at=next_due_at)
        return {delivery.pk: str(status) for delivery, status, _e in done}


# Refusals of one message (its sender, recipient or content); any other error (no
# connection, a timeout, a dropped connection) is the server's, and stops the batch.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
                  smtplib.SMTPNotSupportedError)


def smtp_error(exc):
    """The SMTP error as the admin shows it: the server's code and words."""
    code = getattr(exc, "smtp_code", None)
    words = getattr(exc, "smtp_error", b"")
    if isinstance(words, bytes):
        words = words.decode("utf-8", "replace")
    if code:
        return f"{type(exc).__name__}: {code} {words}".strip()[:2000]
    return f"{type(exc).__name__}: {exc}"[:2000]


def _reset(conn):
    try:
        conn.close()
    except Exception:  # the connection is already broken; the next send opens a new one
        pass


# --- what a dry run says ------------------------------------------------------------------------
def describe(delivery, content):
    """One line for --dry-run: who would get what."""
    sub = delivery.subscription
    what = f"{content.articles} articles, {content.stories} stories"
    if delivery.kind == Kind.ALERT:
        return f"{sub.email}: spike alert {delivery.key}: {what}"
    return (f"{sub.email}: {sub.frequency} digest {local(delivery.period_start, dt_timezone.utc)} → "
            f"{local(delivery.period_end, dt_timezone.utc)} UTC: {what}"
            + (" (empty: nothing sent)" if content.empty and not send_empty() else ""))
