"""The feed list with its health at a glance, a feed's page with its fetch log, and the
feed list's tool pages (add by homepage, OPML, health).

The one FeedAdmin lives here, in the workbench, rather than in feeds/admin.py: its
figures read the articles (new articles a day, the share extracted from the summary
only), which are a layer above feeds. The feed list's tool pages are wired here too
(TOOLS); their views live beside the code they need.

"Poll now" queues the feeds.poll task by its name at once (as the dispatcher does,
through the routes in settings), so a worker polls the feed as soon as it is free,
instead of moving next_check_at and waiting for the dispatcher's next tick. A poll
takes the feed's lease, so a poll already running makes it a no-op. A disabled feed
may be polled too: it is how one tries a feed before enabling it again. If the
broker cannot be reached, the feed is made due instead and the message says so."""

from importlib import import_module

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _, gettext_lazy, ngettext, pgettext
from kombu.exceptions import OperationalError

from newsmonitor.adminkit import HistoryMixin, ReadOnlyMixin, record
from newsmonitor.celery import send_now
from newsmonitor.feeds.models import Feed, FetchLog
from newsmonitor.workbench import health
from newsmonitor.workbench.templatetags.feed_health import duration

# The feed list's own pages besides Django's: (path, view module, view function, url name).
# Views take (request, model_admin).
TOOLS = [
    ("discover/", "newsmonitor.feeds.admin_tools", "discover", "feeds_feed_discover"),
    ("opml/import/", "newsmonitor.feeds.admin_tools", "import_opml", "feeds_feed_import_opml"),
    ("opml/export/", "newsmonitor.feeds.admin_tools", "export_opml", "feeds_feed_export_opml"),
    ("health/", "newsmonitor.workbench.admin_health", "health", "feeds_feed_health"),
]
LOG_SHOWN = 50  # fetch log rows on a feed's page
ERROR_SHOWN = 80  # characters of the last error in the list (the feed's page has it whole)


class SilentFilter(admin.SimpleListFilter):
    title = gettext_lazy("silence")
    parameter_name = "silent"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Silent")), ("no", gettext_lazy("Not silent"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(silent_since__isnull=self.value() == "no")
        return queryset


class LatestFetchLogs(BaseInlineFormSet):
    def get_queryset(self):
        return super().get_queryset()[:LOG_SHOWN]


class FetchLogInline(ReadOnlyMixin, admin.TabularInline):
    """The feed's latest polls, read-only."""

    model = FetchLog
    formset = LatestFetchLogs
    fields = ("started_at", "status_code", "duration_ms", "bytes", "entries_seen", "new_articles", "held_back",
              "error_kind", "error", "notes")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = gettext_lazy("latest polls")


class FeedChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        self.model_admin.attach_figures(self.result_list)


@admin.register(Feed)
class FeedAdmin(HistoryMixin, admin.ModelAdmin):
    change_list_template = "admin/feeds/feed/change_list.html"
    change_form_template = "admin/feeds/feed/change_form.html"
    list_display = ("__str__", "outlet", "state", "last_success", "last_error_shown", "error_count", "sparkline",
                    "median_poll", "summary_share")
    list_select_related = ("outlet",)
    list_filter = ("active", "needs_attention", SilentFilter, "last_error_kind",
                   ("outlet__country", admin.AllValuesFieldListFilter), "language")
    search_fields = ("url", "title", "outlet__name")
    readonly_fields = ("etag", "last_modified", "last_checked_at", "last_success_at", "last_new_article_at",
                       "error_count", "last_error_kind", "last_error", "lease_until", "usual_gap_shown",
                       "silent_since")
    fieldsets = [
        (None, {"fields": ("outlet", "url", "title", "language", "active", "poll_interval", "needs_attention")}),
        (gettext_lazy("Health"), {"fields": ("last_success_at", "last_checked_at", "last_new_article_at",
                                             "error_count", "last_error_kind", "last_error", "usual_gap_shown",
                                             "silent_since")}),
        (gettext_lazy("Polling"), {"classes": ("collapse",),
                                   "fields": ("next_check_at", "lease_until", "etag", "last_modified")}),
    ]
    inlines = [FetchLogInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["poll_now", "enable", "disable", "reset_errors"]

    # --- figures ------------------------------------------------------------------------------------
    def get_changelist(self, request, **kwargs):
        return FeedChangeList

    def attach_figures(self, feeds):
        feeds = list(feeds)
        found = health.figures([feed.pk for feed in feeds])
        for feed in feeds:
            feed.figures = found[feed.pk]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        feed = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if feed is not None:
            extra["feed_figures"] = figures = health.figures([feed.pk])[feed.pk]
            extra["feed_sparkline"] = health.sparkline_of(figures)
        return super().change_view(request, object_id, form_url, extra_context=extra)

    # --- columns ------------------------------------------------------------------------------------
    @admin.display(description=gettext_lazy("state"))
    def state(self, feed):
        words = [word for shown, word in ((not feed.active, _("disabled")), (feed.needs_attention, _("flagged")),
                                          (feed.silent_since, _("silent"))) if shown]
        # In context: the site's "ok" (the health check's status) is another word.
        return " · ".join(words) or pgettext("feed state", "ok")

    @admin.display(description=gettext_lazy("last success"), ordering="last_success_at")
    def last_success(self, feed):
        if not feed.last_success_at:
            return _("never")
        return format_html('<time datetime="{}" title="{}">{}</time>', feed.last_success_at.isoformat(),
                           timezone.localtime(feed.last_success_at).strftime("%Y-%m-%d %H:%M"),
                           naturaltime(feed.last_success_at))

    @admin.display(description=gettext_lazy("last error"), ordering="last_error_kind")
    def last_error_shown(self, feed):
        if not feed.last_error_kind:
            return ""
        return format_html('<span title="{}">{}: {}</span>', feed.last_error, health.error_label(feed.last_error_kind),
                           Truncator(feed.last_error).chars(ERROR_SHOWN))

    @admin.display(description=gettext_lazy("new articles a day, 30 days"))
    def sparkline(self, feed):
        return health.sparkline_of(self.figures_of(feed))

    @admin.display(description=gettext_lazy("median poll"))
    def median_poll(self, feed):
        return health.poll_time(self.figures_of(feed).median_poll_ms)

    @admin.display(description=gettext_lazy("summary only"))
    def summary_share(self, feed):
        figures = self.figures_of(feed)
        if figures.summary_share is None:
            return ""
        title = _("%(summary)s of %(ended)s articles of the last 30 days") % {"summary": figures.summary,
                                                                                "ended": figures.ended}
        return format_html('<span title="{}">{}</span>', title, health.share(figures.summary_share))

    @admin.display(description=gettext_lazy("usual longest quiet spell"))
    def usual_gap_shown(self, feed):
        return duration(feed.usual_gap) if feed.usual_gap else _("not learned yet")

    def figures_of(self, feed):
        if not hasattr(feed, "figures"):  # a row not on a list page
            self.attach_figures([feed])
        return feed.figures

    # --- actions ------------------------------------------------------------------------------------
    @admin.action(description=gettext_lazy("Poll now"), permissions=["change"])
    def poll_now(self, request, queryset):
        done, late = 0, 0
        for feed in queryset:
            if queue_poll(feed.pk):
                record(request.user, feed, "Poll now: queued")
                done += 1
            else:
                Feed.objects.filter(pk=feed.pk).update(next_check_at=timezone.now())
                record(request.user, feed, "Poll now: the queue was unreachable, made due for the dispatcher")
                late += 1
        if done:
            self.message_user(request, ngettext("%(n)d feed queued for polling now.",
                                                "%(n)d feeds queued for polling now.", done) % {"n": done})
        if late:
            self.message_user(request, ngettext(
                "%(n)d feed could not be queued (the task queue is unreachable): the dispatcher will poll it.",
                "%(n)d feeds could not be queued (the task queue is unreachable): the dispatcher will poll them.",
                late) % {"n": late}, messages.WARNING)

    @admin.action(description=gettext_lazy("Enable"), permissions=["change"])
    def enable(self, request, queryset):
        changed = self.change(request, queryset.filter(active=False), "Enabled", active=True)
        self.message_user(request, ngettext("%(n)d feed enabled.", "%(n)d feeds enabled.", changed) % {"n": changed})

    @admin.action(description=gettext_lazy("Disable"), permissions=["change"])
    def disable(self, request, queryset):
        changed = self.change(request, queryset.filter(active=True), "Disabled", active=False)
        self.message_user(request, ngettext("%(n)d feed disabled.", "%(n)d feeds disabled.", changed) % {"n": changed})

    @admin.action(description=gettext_lazy("Reset errors"), permissions=["change"])
    def reset_errors(self, request, queryset):
        """Errors forgotten, the flag lifted and the backoff ended: the feed is due now
        (its fetch log keeps the history)."""
        changed = self.change(request, queryset, "Errors reset", error_count=0, needs_attention=False,
                              last_error_kind="", last_error="", next_check_at=timezone.now())
        self.message_user(request, ngettext("Errors reset on %(n)d feed.", "Errors reset on %(n)d feeds.",
                                            changed) % {"n": changed})

    def change(self, request, queryset, message, **values):
        feeds = list(queryset)
        Feed.objects.filter(pk__in=[feed.pk for feed in feeds]).update(**values)
        for feed in feeds:
            record(request.user, feed, message)
        return len(feeds)

    # --- the tool pages -----------------------------------------------------------------------------
    def get_urls(self):
        return [path(route, self.admin_site.admin_view(self._tool(module, name)), name=url_name)
                for route, module, name, url_name in TOOLS] + super().get_urls()

    def _tool(self, module, name):
        def view(request):
            return getattr(import_module(module), name)(request, self)
        return view


def queue_poll(feed_id):
    """Queues the feeds.poll task for this feed now; False if the broker is unreachable."""
    try:
        send_now("feeds.poll", (feed_id,))
    except OperationalError:
        return False
    return True
