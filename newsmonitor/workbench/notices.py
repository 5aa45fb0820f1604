"""Emails about newly silent sources, to the staff who asked for them, each silence
told to each person exactly once.

    send_due(now) -> {user id: status}   make the notices owed, claim and send them

How "once" holds (as the digests' deliveries, newsmonitor/digests/sending.py):

- A notice is a row unique per (feed, silent_since, user). silent_since names a
  silence episode: it is set when the silence is found and kept until the feed
  publishes again (workbench/silence.py), so the next check, or two checks at once,
  find the row there and make no second one (bulk insert ignoring conflicts).
- Sending claims the person's open notices first, by one conditional UPDATE that moves
  them to SENDING under a lease naming this claim; a second worker's UPDATE no longer
  matches them. Everything later is written under that lease.
- After the claim, and before the email goes out, the person's preference and each
  feed are read again: who no longer asks gets nothing, and a feed that has spoken
  again is not reported (those notices are cancelled, not sent later).
- A refused email stays open (FAILED) with a growing wait and is tried again by a
  later run; a worker that died mid-way leaves a lease that expires. The Message-ID is
  derived from the notices, so a copy sent twice after such a crash can be recognised.

Only silences that began within RECENT are news: an outlet that died months ago is on
the health page, not in the inbox of someone who opted in today.
"""

import hashlib
import random
import smtplib
from datetime import timedelta

from django.core.mail import get_connection
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from newsmonitor.articles.models import FeedEntry
from newsmonitor.digests.mail import build_message, message_domain, site_root
from newsmonitor.feeds.models import Feed
from newsmonitor.workbench.models import AlertPreference, SilenceNotice
from newsmonitor.workbench.silence import quiet_limit

Status = SilenceNotice.Status
RECENT = timedelta(days=7)
LEASE = timedelta(minutes=10)  # longer than the notify task's hard time limit
BACKOFF_BASE = 300
BACKOFF_MAX = 6 * 3600
SMTP_TIMEOUT = 30


def wants(preference):
    """Whether this preference's person is to get silent-source emails now."""
    user = preference.user if preference else None
    return bool(preference and preference.silent_sources and user.is_active and user.is_staff and user.email
                and user.has_perm("feeds.view_feed"))


def recipients():
    preferences = (AlertPreference.objects.filter(silent_sources=True, user__is_active=True, user__is_staff=True)
                   .exclude(user__email="").select_related("user"))
    return [p.user for p in preferences if wants(p)]


def make_notices(now):
    """A notice for each person who asks and each feed that fell silent within RECENT,
    unless there is one already. The number of feeds concerned."""
    silent = list(Feed.objects.filter(active=True, silent_since__gte=now - RECENT).values_list("pk", "silent_since"))
    if silent:
        SilenceNotice.objects.bulk_create(
            [SilenceNotice(feed_id=pk, silent_since=since, user=user) for user in recipients() for pk, since in silent],
            ignore_conflicts=True)
    return len(silent)


def claimable(now):
    return (Q(status=Status.PENDING) | Q(status=Status.FAILED, next_attempt_at__lte=now)
            | Q(status=Status.SENDING, lease_until__lt=now))


def send_due(now=None, *, connection=None):
    """Makes the notices owed and sends each person theirs in one email."""
    now = now or timezone.now()
    make_notices(now)
    user_ids = sorted(set(SilenceNotice.objects.filter(claimable(now)).values_list("user_id", flat=True)))
    if not user_ids:
        return {}
    conn = connection or get_connection(timeout=SMTP_TIMEOUT)
    return {user_id: send_to(user_id, now, conn) for user_id in user_ids}


def claim(user_id, now):
    """This worker's hold on the person's open notices: the rows it now has."""
    lease = now + LEASE + timedelta(microseconds=random.randrange(1, 10**6))
    SilenceNotice.objects.filter(claimable(now), user_id=user_id).update(
        status=Status.SENDING, lease_until=lease, attempts=F("attempts") + 1)
    return list(SilenceNotice.objects.filter(user_id=user_id, status=Status.SENDING, lease_until=lease)
                .select_related("user", "feed", "feed__outlet").order_by("silent_since", "pk"))


def send_to(user_id, now, conn):
    claimed = claim(user_id, now)
    if not claimed:
        return "skipped"
    preference = AlertPreference.objects.filter(user_id=user_id).select_related("user").first()
    if not wants(preference):
        finish(claimed, Status.CANCELLED, now, "no longer asked for")
        return "cancelled"
    live = [n for n in claimed if n.feed.active and n.feed.silent_since == n.silent_since]
    finish([n for n in claimed if n not in live], Status.CANCELLED, now, "the feed published again, or was disabled")
    if not live:
        return "cancelled"
    message = compose(preference, live, now)
    try:
        conn.send_messages([message])
    except (smtplib.SMTPException, OSError) as exc:
        fail(live, now, f"{type(exc).__name__}: {exc}"[:2000])
        return "failed"
    finish(live, Status.SENT, now)
    return "sent"


def finish(notices, status, now, error=""):
    if notices:
        SilenceNotice.objects.filter(pk__in=[n.pk for n in notices], lease_until=notices[0].lease_until).update(
            status=status, lease_until=None, error=error, sent_at=now if status == Status.SENT else None)


def fail(notices, now, error):
    attempts = max(n.attempts for n in notices)
    wait = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX) * random.uniform(0.8, 1.2)
    SilenceNotice.objects.filter(pk__in=[n.pk for n in notices], lease_until=notices[0].lease_until).update(
        status=Status.FAILED, lease_until=None, error=error, next_attempt_at=now + timedelta(seconds=wait))


# --- the email --------------------------------------------------------------------------------------
def compose(preference, notices, now):
    """One email to the person about these feeds, in their language."""
    feeds = [n.feed for n in notices]
    last = dict(FeedEntry.objects.filter(feed_id__in=[f.pk for f in feeds]).values("feed_id")
                .annotate(last=Max("seen_at")).values_list("feed_id", "last"))
    root = site_root()
    items = [{"title": str(notice.feed), "url": notice.feed.url,
              "outlet": notice.feed.outlet.name if notice.feed.outlet else "",
              "admin_url": root + reverse("admin:feeds_feed_change", args=[notice.feed.pk]),
              "silent_since": notice.silent_since, "last_entry_at": last.get(notice.feed.pk),
              "usual_gap": notice.feed.usual_gap,
              "quiet_limit": quiet_limit(notice.feed.usual_gap).total_seconds() if notice.feed.usual_gap else None}
             for notice in notices]
    user = preference.user
    context = {"name": user.get_short_name() or user.get_username(), "items": items, "count": len(items), "now": now,
               "health_url": root + reverse("admin:feeds_feed_health"),
               "preferences_url": root + reverse("admin:workbench_alertpreference_changelist")}
    key = hashlib.sha256(",".join(str(n.pk) for n in notices).encode()).hexdigest()[:20]
    headers = {"Message-ID": f"<silent-sources.{user.pk}.{key}@{message_domain()}>"}
    return build_message("silent-sources", context, user.email, preference.language, headers=headers)
