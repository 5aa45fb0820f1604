"""Corrections in the admin: on an article's page (an inline under its tags) and as a
list of their own. Every save goes through articles.corrections (so the article is
re-tagged with it at once) and the article's timelines are refreshed; the admin log
has each one on the article."""

from django import forms
from django.contrib import admin

from newsmonitor.adminkit import HistoryMixin, ReadOnlyMixin
from newsmonitor.articles.admin import ArticleAdmin
from newsmonitor.articles.corrections import CorrectionError, normalized
from newsmonitor.articles.tags import TAGGABLE
from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic, Correction
from newsmonitor.workbench.corrections import make, take_back


class CorrectionAdminForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ("article", "kind", "value", "action", "primary", "note")

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("value"):
            try:
                data["value"] = normalized(data["kind"], data["value"])
            except CorrectionError as exc:
                self.add_error("value", str(exc))
        article = data.get("article") or (self.instance.article if self.instance.article_id else None)
        if article is not None and article.extraction_status not in TAGGABLE:
            raise forms.ValidationError("this article has no text yet: it can be corrected once it is tagged")
        if data.get("primary") and (data.get("kind") != Correction.Kind.PAIR or data.get("action") != "add"):
            self.add_error("primary", "only an added pair can be the primary one")
        return data


def apply(request, correction):
    return make(request.user, correction.article, correction.kind, correction.value, correction.action,
                correction.primary, correction.note)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionAdminForm
    list_display = ("article", "action", "kind", "value", "primary", "user", "created_at")
    list_filter = ("kind", "action", "user")
    search_fields = ("value", "article__title", "note")
    raw_id_fields = ("article",)
    list_select_related = ("article", "user")
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        # The correction is made (or replaced) by articles.corrections, not by a plain save.
        obj.pk = apply(request, obj).pk

    def delete_model(self, request, obj):
        take_back(request.user, obj)

    def delete_queryset(self, request, queryset):
        for correction in queryset.select_related("article"):
            take_back(request.user, correction)


class CorrectionInline(admin.TabularInline):
    model = Correction
    form = CorrectionAdminForm
    fields = ("action", "kind", "value", "primary", "note", "user", "created_at")
    readonly_fields = ("user", "created_at")
    extra = 1


class TagInline(ReadOnlyMixin, admin.TabularInline):
    """The article's tags as they are, read-only: they change through corrections."""

    extra = 0


class CountryInline(TagInline):
    model = ArticleCountry
    fields = readonly_fields = ("code", "source", "mentions", "score", "forms")


class PairInline(TagInline):
    model = ArticlePair
    fields = readonly_fields = ("a", "b", "primary", "source", "score", "evidence")


class TopicInline(TagInline):
    model = ArticleTopic
    fields = readonly_fields = ("topic", "source", "score", "terms")


admin.site.unregister(Article)


@admin.register(Article)
class CorrectedArticleAdmin(HistoryMixin, ArticleAdmin):
    """An article as its outlet published it (read-only), its tags, and their corrections."""

    inlines = [PairInline, CountryInline, TopicInline, CorrectionInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Article._meta.fields if f.editable] if obj else ()

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            take_back(request.user, obj)
        for obj in formset.new_objects + [o for o, _ in formset.changed_objects]:
            obj.article = form.instance
            apply(request, obj)
