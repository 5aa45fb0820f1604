"""Feeds with a made-up past, for the feed-health and silent-source tests: entries first
seen at given times (with their articles), polls that took given times, staff members."""

from datetime import timedelta
from itertools import count

from django.contrib.auth.models import Permission, User
from django.utils import timezone

from newsmonitor.articles.models import Article, FeedEntry
from newsmonitor.feeds.models import Feed, FetchLog, Outlet
from newsmonitor.lib.urls import url_hash

_serial = count(1)


def this_hour():
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def outlet(name="صحيفة الساحل", **fields):
    fields.setdefault("country", "EG")
    return Outlet.objects.get_or_create(name=name, defaults=fields)[0]


def feed(title=None, **fields):
    n = next(_serial)
    fields.setdefault("outlet", outlet())
    return Feed.objects.create(url=f"http://feeds.example/{n}.xml", title=title or f"خلاصة {n}", **fields)


def entries(feed, times, status=Article.Extraction.DONE):
    """One entry (and its article, found then) first seen at each of `times`."""
    articles = []
    for when in times:
        url = f"http://news.example/{feed.pk}/{next(_serial)}"
        articles.append(Article(url=url, url_hash=url_hash(url), feed=feed, outlet=feed.outlet, title="خبر",
                                discovered_at=when, extraction_status=status))
    Article.objects.bulk_create(articles)
    FeedEntry.objects.bulk_create([FeedEntry(feed=feed, guid=a.url, article=a, seen_at=a.discovered_at)
                                   for a in articles])
    return articles


def every(step, *, until, span):
    """Times `step` apart, from `until - span` to `until`."""
    times, when = [], until
    while when >= until - span:
        times.append(when)
        when -= step
    return sorted(times)


def polls(feed, durations_ms, *, ago=timedelta(hours=1), step=timedelta(minutes=10), **fields):
    """A poll for each duration, the last `ago`, each `step` before the next."""
    start = timezone.now() - ago - step * (len(durations_ms) - 1)
    FetchLog.objects.bulk_create([FetchLog(feed=feed, started_at=start + i * step, duration_ms=ms, status_code=200,
                                           **fields) for i, ms in enumerate(durations_ms)])


def staff(username, *perms, email=None, superuser=False):
    """A staff member with these model permissions ("feeds.change_feed", ...)."""
    user = User.objects.create_user(username, email if email is not None else f"{username}@example.org", "pw",
                                    is_staff=True, is_superuser=superuser)
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    return user
