from importlib import import_module

from django.contrib import admin
from django.urls import path

from newsmonitor.adminkit import HistoryMixin
from newsmonitor.feeds.models import Feed, FetchLog, Outlet


@admin.register(Outlet)
class OutletAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "country", "language", "homepage")
    search_fields = ("name",)


# The feed list's own pages besides Django's: (path, view module, view function, url name).
# Views take (request, model_admin) and live beside this module.
TOOLS = [
    ("discover/", "newsmonitor.feeds.admin_tools", "discover", "feeds_feed_discover"),
    ("opml/import/", "newsmonitor.feeds.admin_tools", "import_opml", "feeds_feed_import_opml"),
    ("opml/export/", "newsmonitor.feeds.admin_tools", "export_opml", "feeds_feed_export_opml"),
    ("health/", "newsmonitor.feeds.admin_health", "health", "feeds_feed_health"),
]


@admin.register(Feed)
class FeedAdmin(HistoryMixin, admin.ModelAdmin):
    change_list_template = "admin/feeds/feed/change_list.html"
    list_display = ("__str__", "outlet", "active", "needs_attention", "error_count", "last_error_kind",
                    "last_success_at", "next_check_at", "poll_interval")
    list_filter = ("active", "needs_attention", "last_error_kind", "language")
    search_fields = ("url", "title")
    readonly_fields = ("etag", "last_modified", "last_checked_at", "last_success_at", "last_new_article_at",
                       "error_count", "last_error_kind", "last_error", "lease_until")

    def get_urls(self):
        return [path(route, self.admin_site.admin_view(self._tool(module, name)), name=url_name)
                for route, module, name, url_name in TOOLS] + super().get_urls()

    def _tool(self, module, name):
        def view(request):
            return getattr(import_module(module), name)(request, self)
        return view


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = ("feed", "started_at", "status_code", "duration_ms", "bytes", "entries_seen",
                    "new_articles", "held_back", "error_kind", "notes")
    list_filter = ("error_kind",)
    list_select_related = ("feed",)
