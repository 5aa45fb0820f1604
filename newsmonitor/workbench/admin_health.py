"""The health page (admin:feeds_feed_health): the feeds that need a look — silent,
failing, flagged — with their figures, and a way to be told of new silences by email.
Read-only: it changes nothing (the feed list's actions do)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from newsmonitor.feeds.models import Feed
from newsmonitor.workbench.health import DAYS, figures
from newsmonitor.workbench.models import AlertPreference

SHOWN = 200  # feeds per section


def sections():
    """(key, title, explanation, feeds) of each section, the most urgent first."""
    feeds = Feed.objects.select_related("outlet")
    return [
        ("silent", _("Silent"), _("Active feeds that have published nothing for much longer than their usual rhythm."),
         feeds.filter(active=True, silent_since__isnull=False).order_by("silent_since")),
        ("flagged", _("Flagged"), _("Feeds flagged after repeated failures."),
         feeds.filter(needs_attention=True).order_by("-error_count", "pk")),
        ("failing", _("Failing"), _("Active feeds whose latest polls failed, not flagged yet."),
         feeds.filter(active=True, error_count__gt=0, needs_attention=False).order_by("-error_count", "pk")),
    ]


def health(request, model_admin):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    shown = []
    for key, title, explanation, feeds in sections():
        rows = list(feeds[:SHOWN])
        shown.append({"key": key, "title": title, "explanation": explanation, "feeds": rows, "count": feeds.count()})
    everyone = [feed for section in shown for feed in section["feeds"]]
    found = figures({feed.pk for feed in everyone})
    for feed in everyone:
        feed.figures = found[feed.pk]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Feed health"),
        "opts": model_admin.model._meta,
        "sections": shown,
        "days": DAYS,
        "alerts_on": AlertPreference.objects.filter(user=request.user, silent_sources=True).exists(),
    }
    return TemplateResponse(request, "admin/feeds/feed/health.html", context)
