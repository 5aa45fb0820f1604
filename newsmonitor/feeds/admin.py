from django.contrib import admin

from newsmonitor.feeds.models import Feed, FetchLog, Outlet


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "language", "homepage")
    search_fields = ("name",)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("__str__", "outlet", "active", "needs_attention", "error_count", "last_error_kind",
                    "last_success_at", "next_check_at", "poll_interval")
    list_filter = ("active", "needs_attention", "last_error_kind", "language")
    search_fields = ("url", "title")
    readonly_fields = ("etag", "last_modified", "last_checked_at", "last_success_at", "last_new_article_at",
                       "error_count", "last_error_kind", "last_error", "lease_until")


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = ("feed", "started_at", "status_code", "duration_ms", "bytes", "entries_seen",
                    "new_articles", "held_back", "error_kind", "notes")
    list_filter = ("error_kind",)
    list_select_related = ("feed",)
