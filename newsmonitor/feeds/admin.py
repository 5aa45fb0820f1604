"""Outlets with their feeds, and the fetch log. The Feed admin itself (the list with
its health figures, a feed's page, poll now and the other actions, the tool pages of
TOOLS: add by homepage, OPML, health) is newsmonitor/workbench/feed_admin.py: its
figures read the articles, a layer above feeds."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from newsmonitor.adminkit import HistoryMixin, ReadOnlyMixin
from newsmonitor.feeds.models import Feed, FetchLog, Outlet


class OutletFeedInline(ReadOnlyMixin, admin.TabularInline):
    """The outlet's feeds, listed; each is edited on its own page."""

    model = Feed
    fields = ("title", "url", "language", "active", "needs_attention", "silent_since", "last_success_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("title", "url")
    verbose_name_plural = gettext_lazy("feeds of this outlet")


@admin.register(Outlet)
class OutletAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "country", "language", "homepage", "feeds")
    list_filter = ("country", "language")
    search_fields = ("name", "homepage", "notes")
    fields = ("name", "homepage", "country", "language", "notes")
    inlines = [OutletFeedInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(feed_count=Count("feeds"))

    @admin.display(description=gettext_lazy("feeds"), ordering="feed_count")
    def feeds(self, outlet):
        url = reverse("admin:feeds_feed_changelist") + f"?outlet__id__exact={outlet.pk}"
        return format_html('<a href="{}">{}</a>', url, outlet.feed_count)


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = ("feed", "started_at", "status_code", "duration_ms", "bytes", "entries_seen",
                    "new_articles", "held_back", "error_kind", "notes")
    list_filter = ("error_kind",)
    list_select_related = ("feed",)
