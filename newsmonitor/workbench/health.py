"""A feed's health in figures, for a page of feeds at once (the feed list, a feed's own
page, the health page): two grouped queries whatever the number of feeds, never one
per feed.

    figures(feed_ids, now) -> {feed id: Figures}
    sparkline(values, label)          a small inline SVG of counts a day
    error_label(kind)                 what an error kind means, in words

Here and not in feeds/: the figures read the articles (a layer above feeds).
"""

import statistics
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, ngettext

from newsmonitor.articles.models import Article
from newsmonitor.feeds.models import FetchLog

DAYS = 30  # the sparkline's days and the summary share's
POLLS = 50  # the median poll time is over at most this many latest polls (of the last DAYS days)
CHUNK = 500  # feeds per query (SQLite's limit on parameters)
ENDED = (Article.Extraction.DONE, Article.Extraction.SUMMARY, Article.Extraction.FAILED)


@dataclass
class Figures:
    daily: list  # new articles a day, DAYS values, the oldest first and today last
    ended: int = 0  # articles of the last DAYS days whose extraction ended
    summary: int = 0  # ...of which kept only the feed's summary
    median_poll_ms: int | None = None

    @property
    def new_articles(self):
        return sum(self.daily)

    @property
    def summary_share(self):
        return self.summary / self.ended if self.ended else None


def figures(feed_ids, now=None):
    now = now or timezone.now()
    found = {pk: Figures([0] * DAYS) for pk in feed_ids}
    ids = list(found)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        count_articles(found, chunk, now)
        time_polls(found, chunk, now)
    return found


def count_articles(found, feed_ids, now):
    """New articles a day and how their extraction ended: one query, grouped by feed and day."""
    today = timezone.localdate(now)
    first = today - timedelta(days=DAYS - 1)
    since = timezone.make_aware(datetime.combine(first, time.min))  # a range the index can use
    rows = (Article.objects.filter(feed_id__in=feed_ids, discovered_at__gte=since)
            .annotate(day=TruncDate("discovered_at")).values("feed_id", "day")
            .annotate(n=Count("pk"), ended=Count("pk", filter=Q(extraction_status__in=ENDED)),
                      summary=Count("pk", filter=Q(extraction_status=Article.Extraction.SUMMARY)))
            .order_by())
    for row in rows:
        index = (row["day"] - first).days
        if 0 <= index < DAYS:
            figures = found[row["feed_id"]]
            figures.daily[index] += row["n"]
            figures.ended += row["ended"]
            figures.summary += row["summary"]


def time_polls(found, feed_ids, now):
    """The median duration of each feed's latest polls: one query, the rows numbered per feed."""
    rows = (FetchLog.objects.filter(feed_id__in=feed_ids, started_at__gte=now - timedelta(days=DAYS))
            .annotate(rank=Window(RowNumber(), partition_by=[F("feed_id")], order_by=F("started_at").desc()))
            .filter(rank__lte=POLLS).values_list("feed_id", "duration_ms"))
    durations = {}
    for feed_id, ms in rows:
        durations.setdefault(feed_id, []).append(ms)
    for feed_id, values in durations.items():
        found[feed_id].median_poll_ms = int(statistics.median(values))


# --- showing them -----------------------------------------------------------------------------------
def sparkline(values, label):
    """Bars of counts a day, oldest on the left (time runs left to right in both
    languages, as on the timelines' charts); the label, for screen readers and as a
    tooltip, says what it shows. No script and no style element: the CSP allows neither."""
    top = max(values, default=0) or 1
    bars = "".join(f'<rect x="{3 * i}" y="{20 - 19 * v / top:.1f}" width="2" height="{19 * v / top:.1f}"/>'
                   for i, v in enumerate(values) if v)
    return format_html(
        '<svg class="sparkline" width="{}" height="20" viewBox="0 0 {} 20" role="img" aria-label="{}" '
        'direction="ltr" fill="currentColor"><title>{}</title>'
        '<rect x="0" y="19.5" width="{}" height="0.5" opacity="0.4"/>{}</svg>',
        3 * len(values), 3 * len(values), label, label, 3 * len(values), mark_safe(bars))


def sparkline_of(figures):
    label = ngettext("%(total)s new article in %(days)s days, at most %(top)s a day",
                     "%(total)s new articles in %(days)s days, at most %(top)s a day", figures.new_articles) % {
        "total": figures.new_articles, "days": DAYS, "top": max(figures.daily, default=0)}
    return sparkline(figures.daily, label)


ERROR_KINDS = {
    "timeout": gettext_lazy("Timed out"),
    "dns-error": gettext_lazy("Host name not found"),
    "connection-error": gettext_lazy("Could not connect"),
    "tls-error": gettext_lazy("TLS (certificate) problem"),
    "http-error": gettext_lazy("HTTP error"),
    "rate-limited": gettext_lazy("Rate limited by the site"),
    "too-large": gettext_lazy("Too large"),
    "too-many-redirects": gettext_lazy("Too many redirects"),
    "private-address": gettext_lazy("Private address refused"),
    "invalid-url": gettext_lazy("Invalid address"),
    "unsupported-scheme": gettext_lazy("Not an http(s) address"),
    "bad-response": gettext_lazy("Unreadable response"),
    "not-a-feed": gettext_lazy("Not a feed"),
    "xml-entities": gettext_lazy("Unsafe XML refused"),
    "malformed-feed": gettext_lazy("Malformed feed (read anyway)"),
}


def error_label(kind):
    return ERROR_KINDS.get(kind, kind)


def poll_time(ms):
    if ms is None:
        return ""
    return f"{ms} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


def share(value):
    return "" if value is None else f"{round(100 * value)}%"
