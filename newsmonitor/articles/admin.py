from django.contrib import admin

from newsmonitor.articles.models import Article, FeedEntry


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "outlet", "published_at", "language", "extraction_status", "date_unreadable")
    list_filter = ("extraction_status", "language", "date_unreadable", "outlet")
    search_fields = ("title", "url")
    list_select_related = ("outlet",)
    date_hierarchy = "discovered_at"


@admin.register(FeedEntry)
class FeedEntryAdmin(admin.ModelAdmin):
    list_display = ("feed", "guid", "article", "seen_at")
    list_select_related = ("feed", "article")
