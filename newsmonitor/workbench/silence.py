"""Silent sources: a feed that has published nothing for much longer than its own usual
rhythm, learned from its own history.

What counts as publishing: a new entry in the feed, when we first saw it
(articles.FeedEntry.seen_at, one row per feed and GUID). Not FetchLog.new_articles: that
counts the articles a poll *created*, so a section feed whose stories the main feed
brought first, or a feed of syndicated copies, would look silent while it publishes
every hour. Not the entries' own dates either: many feeds have none, or wrong ones.
Seen times are bucketed by the hour: the entries of one poll (a new feed's whole
backlog included) are one arrival, and an hour is fine enough for silences of half a
day and more.

The rhythm (usual_gap): the third-longest gap between arrivals over the WINDOW before
the last one. An order statistic, that is a high quantile that leaves out the two
longest gaps: one or two outages do not teach a feed that silence is normal, while a
quiet spell that recurs (nights, weekends, a weekly column) is learned as usual. A
feed is silent once it has been quiet for FACTOR times that, and never less than
FLOOR. A feed with fewer than MIN_GAPS gaps or less than MIN_HISTORY between its first
and last arrival has no learned rhythm (too new, or too rare) and is never flagged.

The state lives on the feed row (usual_gap, silent_since). silent_since is set once
when a silence is found (the moment it began: last arrival + the quiet limit) and
kept while nothing new arrives, so it names the episode; the first arrival after it
clears it. A disabled feed is not silent (nothing polls it).

    check_all(now) -> Checked     the check_silence task: every active feed, in chunks
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Max
from django.db.models.functions import TruncHour
from django.utils import timezone

from newsmonitor.articles.models import FeedEntry
from newsmonitor.feeds.models import Feed

WINDOW = timedelta(days=45)
MIN_GAPS = 10
MIN_HISTORY = timedelta(days=14)
RANK = 3  # the usual gap is the RANK-th longest
FACTOR = 2
FLOOR = timedelta(hours=12)
CHUNK = 100  # feeds per query


# --- the rule, on plain values ----------------------------------------------------------------------
def usual_gap(arrivals):
    """Seconds: the RANK-th longest gap between these arrival times (ascending, distinct),
    or None when the history is too short to tell."""
    if len(arrivals) < MIN_GAPS + 1 or arrivals[-1] - arrivals[0] < MIN_HISTORY:
        return None
    gaps = sorted((later - earlier).total_seconds() for earlier, later in zip(arrivals, arrivals[1:]))
    return int(gaps[-RANK])


def quiet_limit(gap):
    """How long a feed whose usual gap is `gap` seconds may be quiet before it is silent."""
    return max(FLOOR, FACTOR * timedelta(seconds=gap))


def silence_start(last_arrival, gap, now, current=None):
    """When the feed's present silence began, or None if it is not silent at `now`.
    `current` is the start already recorded: kept while nothing arrived after it."""
    if current is not None and (last_arrival is None or last_arrival < current):
        return current
    if last_arrival is None or gap is None:
        return None
    start = last_arrival + quiet_limit(gap)
    return start if start <= now else None


# --- reading the history ----------------------------------------------------------------------------
def hourly_arrivals(feed_ids, since, until=None):
    """{feed id: [hour, ...] ascending} of the hours in which each feed had new entries."""
    entries = FeedEntry.objects.filter(feed_id__in=feed_ids, seen_at__gte=since)
    if until is not None:
        entries = entries.filter(seen_at__lte=until)
    rows = (entries.annotate(hour=TruncHour("seen_at")).values_list("feed_id", "hour")
            .distinct().order_by("feed_id", "hour"))
    found = {}
    for feed_id, hour in rows:
        found.setdefault(feed_id, []).append(hour)
    return found


def rhythm(hours):
    """(last arrival, usual gap) from a feed's arrival hours, learning only from the
    WINDOW before its last arrival."""
    if not hours:
        return None, None
    last = hours[-1]
    return last, usual_gap([h for h in hours if h >= last - WINDOW])


# --- the check --------------------------------------------------------------------------------------
@dataclass
class Checked:
    feeds: int = 0
    newly_silent: list = field(default_factory=list)  # feed ids
    cleared: list = field(default_factory=list)  # resumed, or disabled


def check_all(now=None):
    """Learns every active feed's rhythm and records which are silent now."""
    now = now or timezone.now()
    checked = Checked()
    for feed_id in Feed.objects.filter(active=False, silent_since__isnull=False).values_list("pk", flat=True):
        checked.cleared.append(feed_id)
    Feed.objects.filter(pk__in=checked.cleared).update(silent_since=None)
    feeds = list(Feed.objects.filter(active=True).values_list("pk", "usual_gap", "silent_since").order_by("pk"))
    quiet = []
    for start in range(0, len(feeds), CHUNK):
        chunk = feeds[start:start + CHUNK]
        # Twice the window: a feed that last published up to WINDOW ago still has the
        # whole WINDOW before its last arrival to learn from.
        arrivals = hourly_arrivals([pk for pk, _gap, _since in chunk], now - 2 * WINDOW)
        for pk, gap, since in chunk:
            if pk in arrivals:
                update(checked, pk, (gap, since), *rhythm(arrivals[pk]), now)
            else:
                quiet.append((pk, gap, since))
    for pk, gap, since in quiet:
        learn_from_long_ago(checked, pk, gap, since, now)
    checked.feeds = len(feeds)
    return checked


def learn_from_long_ago(checked, pk, gap, since, now):
    """A feed with nothing new for 2 x WINDOW: already known as silent, it stays so;
    otherwise (the check's first run, a rhythm never learned) from its older history."""
    if since is not None:
        return
    last = FeedEntry.objects.filter(feed_id=pk).aggregate(last=Max("seen_at"))["last"]
    if last is None:
        return update(checked, pk, (gap, since), None, None, now)
    hours = hourly_arrivals([pk], last - WINDOW - timedelta(hours=1), until=last).get(pk, [])
    update(checked, pk, (gap, since), *rhythm(hours), now)


def update(checked, pk, old, last, gap, now):
    old_gap, old_since = old
    if old_since is not None and (last is None or last < old_since):
        gap = old_gap  # the same episode: its rhythm as it was when it began
    since = silence_start(last, gap, now, old_since)
    if (gap, since) == (old_gap, old_since):
        return
    Feed.objects.filter(pk=pk).update(usual_gap=gap, silent_since=since)
    if since is not None and since != old_since:
        checked.newly_silent.append(pk)
    elif since is None and old_since is not None:
        checked.cleared.append(pk)
