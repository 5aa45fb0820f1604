"""Stories in the admin: the list (size, first article, outlets, pairs, first and last
time; filters and search), a story's page with its members and how each joined, and
the editor's two actions: split chosen members into a new pinned story (on the story's
page) and merge chosen stories into the earliest, pinned (in the list). Both are logged
in the admin log and shown in the story's history."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsmonitor.adminkit import HistoryMixin, record
from newsmonitor.feeds.models import Outlet

from . import editing
from .models import Story, StoryMember


class SizeFilter(admin.SimpleListFilter):
    title = _("size")
    parameter_name = "size"
    SIZES = {"1": (1, 1), "2-5": (2, 5), "6+": (6, None)}

    def lookups(self, request, model_admin):
        return [("1", _("one article")), ("2-5", _("2 to 5 articles")), ("6+", _("6 or more"))]

    def queryset(self, request, queryset):
        if self.value() not in self.SIZES:
            return queryset
        low, high = self.SIZES[self.value()]
        queryset = queryset.filter(size__gte=low)
        return queryset.filter(size__lte=high) if high else queryset


@admin.register(Story)
class StoryAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("id", "size", "first_title", "outlet_names", "pair_list", "first_at", "last_at", "pinned")
    list_filter = ("pinned", SizeFilter, "first_at")
    search_fields = ("first_article__title", "pairs", "countries", "topics")
    date_hierarchy = "first_at"
    list_select_related = ("first_article",)
    ordering = ("-first_at",)
    actions = ["merge_stories"]
    change_form_template = "admin/stories/story/change_form.html"
    fields = ("first_article", "first_at", "last_at", "size", "outlets", "outlet_countries", "countries", "pairs",
              "topics", "pinned", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # stories come from grouping, or from an editor's split

    @admin.display(description=_("first article"))
    def first_title(self, story):
        title = story.first_article.title if story.first_article else "–"
        return format_html('<span dir="rtl" lang="ar">{}</span>', title[:120])

    @admin.display(description=_("outlets"))
    def outlet_names(self, story):
        names = Outlet.objects.filter(pk__in=story.outlets).values_list("name", flat=True)
        return format_html('<span dir="auto">{}</span>', "، ".join(sorted(names)))

    @admin.display(description=_("pairs"))
    def pair_list(self, story):
        return " ".join(story.pairs)

    def get_urls(self):
        split = self.admin_site.admin_view(self.split_view)
        return [path("<int:pk>/split/", split, name="stories_story_split"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        story = self.get_object(request, object_id)
        rows = []
        if story is not None:
            rows = (StoryMember.objects.filter(story=story).select_related("article", "article__outlet")
                    .order_by("article__published_at", "article_id"))
        extra = dict(extra_context or {}, members=rows,
                     can_split=story is not None and self.has_change_permission(request, story))
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def split_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = get_object_or_404(Story, pk=pk)
        if not self.has_change_permission(request, story):
            raise PermissionDenied
        chosen = [int(i) for i in request.POST.getlist("member") if i.isdigit()]
        new = editing.split(story, chosen)
        here = reverse("admin:stories_story_change", args=[story.pk])
        if new is None:
            self.message_user(request, _("Choose some members to split off, not all of them."), messages.WARNING)
            return HttpResponseRedirect(here)
        record(request.user, story, f"Split {new.size} article(s) off into story #{new.pk}")
        record(request.user, new, f"Split off story #{story.pk} (pinned): articles {', '.join(map(str, chosen))}",
               action="add")
        self.message_user(request, _("The chosen articles are now story #%(pk)s, pinned.") % {"pk": new.pk})
        return HttpResponseRedirect(reverse("admin:stories_story_change", args=[new.pk]))

    @admin.action(description=_("Merge the chosen stories into the earliest (pinned)"), permissions=["change"])
    def merge_stories(self, request, queryset):
        stories = list(queryset)
        ids = sorted(s.pk for s in stories)
        target = editing.merge(stories)
        if target is None:
            self.message_user(request, _("Choose at least two stories to merge."), messages.WARNING)
            return None
        record(request.user, target, f"Merged stories {', '.join(f'#{i}' for i in ids if i != target.pk)} into this one "
                                     f"(pinned)")
        self.message_user(request, ngettext("%(count)d story merged into story #%(pk)s.",
                                            "%(count)d stories merged into story #%(pk)s.", len(ids) - 1)
                          % {"count": len(ids) - 1, "pk": target.pk})
        return HttpResponseRedirect(reverse("admin:stories_story_change", args=[target.pk]))
