from django.contrib import admin, messages
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, When
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from kombu.exceptions import OperationalError

from newsmonitor.adminkit import HistoryMixin, record
from newsmonitor.articles import boilerplate
from newsmonitor.celery import send_now
from newsmonitor.articles.models import Article, FeedEntry, OutletLearner, OutletParagraph


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


# --- learned outlet furniture (articles/boilerplate.py) ------------------------------------
def queue_reclean(outlet_id):
    """Queues articles.reclean for the outlet by its name; False if the broker is
    unreachable (the outlet stays due, and its next extraction cleans it)."""
    try:
        send_now("articles.reclean", (outlet_id,))
    except OperationalError:
        return False
    return True


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("furniture", _("furniture")), ("recurring", _("recurring, not furniture")),
                ("editor", _("an editor's word"))]

    def queryset(self, request, queryset):
        furniture = Q(override=OutletParagraph.Override.ALWAYS) | Q(learned=True, override="")
        if self.value() == "furniture":
            return queryset.filter(furniture)
        if self.value() == "recurring":
            return queryset.filter(articles__gte=2).exclude(furniture)
        if self.value() == "editor":
            return queryset.exclude(override="")
        return queryset


@admin.register(OutletParagraph)
class OutletParagraphAdmin(HistoryMixin, admin.ModelAdmin):
    """Each outlet's learned furniture, and the paragraphs on their way to it; editors say
    always or never (an action, or the paragraph's page), and the outlet's latest articles
    are cleaned again and re-tagged by the articles.reclean task."""

    list_display = ("paragraph", "outlet", "status", "articles", "share_now", "first_seen_at", "last_seen_at")
    list_filter = (StatusFilter, "outlet", "override")
    list_select_related = ("outlet",)
    search_fields = ("example",)
    fields = ("outlet", "paragraph_in_full", "status", "override", "articles", "share_now", "first_seen_at",
              "last_seen_at", "learned_at")
    readonly_fields = ("outlet", "paragraph_in_full", "status", "articles", "share_now", "first_seen_at",
                       "last_seen_at", "learned_at")
    actions = ("mark_always", "mark_never", "mark_as_learned")

    def get_queryset(self, request):
        # Furniture first, then what recurs most.
        order = Case(When(Q(override="always") | Q(learned=True, override=""), then=0), default=1,
                     output_field=IntegerField())
        read = OutletLearner.objects.filter(outlet_id=OuterRef("outlet_id")).values("articles")[:1]
        return super().get_queryset(request).annotate(furniture_first=order, read=Subquery(read)).order_by(
            "furniture_first", "-articles", "-last_seen_at")

    def has_add_permission(self, request):
        return False  # paragraphs are learned from articles, never typed in

    def has_delete_permission(self, request, obj=None):
        return False  # their counts are the learning; the learner forgets old ones itself

    @admin.display(description=gettext_lazy("paragraph"))
    def paragraph(self, obj):
        if not obj.example:
            return _("(seen once: its text is kept when it comes back)")
        return format_html('<span dir="rtl" lang="ar">{}</span>', Truncator(obj.example).chars(160))

    @admin.display(description=gettext_lazy("paragraph"))
    def paragraph_in_full(self, obj):
        if not obj.example:
            return _("(seen once: its text is kept when it comes back)")
        return format_html('<p dir="rtl" lang="ar">{}</p>', obj.example)

    @admin.display(description=gettext_lazy("status"))
    def status(self, obj):
        if obj.override == OutletParagraph.Override.ALWAYS:
            return _("furniture (an editor's word)")
        if obj.override == OutletParagraph.Override.NEVER:
            return _("not furniture (an editor's word)")
        return _("furniture (learned)") if obj.learned else _("counting")

    @admin.display(description=gettext_lazy("share of latest articles"))
    def share_now(self, obj):
        return f"{boilerplate.share(obj, max(obj.read or 0, obj.last_seen_n)):.0%}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # logged by the admin as a form save
        if "override" in form.changed_data:
            self.reclean(request, {obj.outlet_id})

    @admin.action(description=gettext_lazy("Always furniture: strip from the outlet's bodies"), permissions=["change"])
    def mark_always(self, request, queryset):
        self.override(request, queryset, OutletParagraph.Override.ALWAYS, "Marked always furniture")

    @admin.action(description=gettext_lazy("Never furniture: keep in the outlet's bodies"), permissions=["change"])
    def mark_never(self, request, queryset):
        self.override(request, queryset, OutletParagraph.Override.NEVER, "Marked never furniture")

    @admin.action(description=gettext_lazy("As learned: drop the editor's word"), permissions=["change"])
    def mark_as_learned(self, request, queryset):
        self.override(request, queryset, OutletParagraph.Override.LEARNED, "Back to as learned")

    def override(self, request, queryset, value, message):
        outlets, changed = set(), 0
        for paragraph in queryset.exclude(override=value):
            OutletParagraph.objects.filter(pk=paragraph.pk).update(override=value)
            record(request.user, paragraph, message)
            outlets.add(paragraph.outlet_id)
            changed += 1
        self.message_user(request, ngettext("%(n)d paragraph changed.", "%(n)d paragraphs changed.",
                                            changed) % {"n": changed})
        self.reclean(request, outlets)

    def reclean(self, request, outlet_ids):
        """The outlets are due a re-clean; the task is queued for each."""
        late = 0
        for outlet_id in outlet_ids:
            boilerplate.mark_due(outlet_id)
            late += not queue_reclean(outlet_id)
        if outlet_ids and not late:
            self.message_user(request, _("The outlet's latest articles are being cleaned again and re-tagged."))
        elif late:
            self.message_user(request, _("The task queue is unreachable: the outlet's latest articles will be "
                                         "cleaned again at its next extraction."), messages.WARNING)
