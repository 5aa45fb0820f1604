"""The tag rules in the admin: every term as a row (filter by kind, target and whether it
was edited; search in any spelling), a change previewed on the latest articles before it
is saved, each save a revision whose re-tag runs in the background with its progress
shown, and the rule set downloadable as the data files.

Rows are never deleted here: a shipped term is taken out of force (unticked), so the
shipped files stay the base and the change stays visible."""

from django.contrib import admin, messages
from django.db import transaction
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsmonitor.adminkit import HistoryMixin, ReadOnlyMixin

from . import admin_views, changes
from .checks import key_of
from .forms import RuleForm
from .models import RetagJob, Revision, Rule
from .preview import DEFAULT_SIZE, preview

IDENTITY = ("kind", "target", "field", "term")


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("edited or shipped")
    parameter_name = "status"
    QUERIES = {
        "edited": {"edited": True},
        Rule.Status.SHIPPED: {"shipped": True, "edited": False},
        Rule.Status.ADDED: {"shipped": False, "active": True},
        Rule.Status.REMOVED: {"shipped": True, "active": False},
        Rule.Status.REWEIGHTED: {"shipped": True, "active": True, "edited": True},
        Rule.Status.WITHDRAWN: {"shipped": False, "active": False},
    }

    def lookups(self, request, model_admin):
        return [("edited", _("edited (any change)")), *Rule.Status.choices]

    def queryset(self, request, queryset):
        query = self.QUERIES.get(self.value())
        return queryset.filter(**query) if query else queryset


class TargetFilter(admin.SimpleListFilter):
    """The targets of the kind chosen (all of them before one is: some 250)."""

    title = gettext_lazy("target")
    parameter_name = "target"

    def lookups(self, request, model_admin):
        rows = Rule.objects.exclude(target="")
        if request.GET.get("kind__exact"):
            rows = rows.filter(kind=request.GET["kind__exact"])
        return [(target, target) for target in rows.order_by("target").values_list("target", flat=True).distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(target=self.value()) if self.value() else queryset


@admin.register(Rule)
class RuleAdmin(HistoryMixin, admin.ModelAdmin):
    form = RuleForm
    change_form_template = "admin/rules/rule/change_form.html"
    change_list_template = "admin/rules/rule/change_list.html"
    list_display = ("term_shown", "kind", "target", "field", "weight", "status_shown", "changed_at")
    list_filter = ("kind", StatusFilter, TargetFilter)
    search_fields = ("term", "key", "target", "note")
    list_per_page = 100

    def get_fieldsets(self, request, obj=None):
        rule = ["kind", "target", "field", "term", "weight", "active", "note"]
        if obj is not None:
            rule.insert(4, "status_shown")
        return [(None, {"fields": rule}),
                (_("Preview"), {"fields": ["preview_size"],
                                "description": _("Preview tags the latest articles with the rules in force and "
                                                 "with this change, and lists what would change. It saves "
                                                 "nothing.")})]

    def get_readonly_fields(self, request, obj=None):
        return [*IDENTITY, "status_shown"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("term"), ordering="term")
    def term_shown(self, rule):
        return format_html('<span dir="rtl" lang="ar">{}</span>', rule.term)

    @admin.display(description=gettext_lazy("status"))
    def status_shown(self, rule):
        return rule.status.label

    def get_search_results(self, request, queryset, search_term):
        """A search also finds the term in any spelling the tagger treats as the same."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        key = key_of(search_term)
        if key:
            found |= queryset.filter(key__contains=key)
        return found, duplicates

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("export/", view(self.export_view), name="rules_rule_export"),
                path("sync/", view(self.sync_view), name="rules_rule_sync")] + super().get_urls()

    def export_view(self, request):
        return admin_views.export(request, self)

    def sync_view(self, request):
        return admin_views.sync(request, self)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**admin_views.state(), **(extra_context or {})})

    # --- preview: a POST with _preview renders the bound form again with what the change
    # would do, and saves nothing (the form says it is not valid, with no error, so the
    # admin shows it again; all of it inside a transaction rolled back at the end).
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or "_preview" not in request.POST:
            return super().changeform_view(request, object_id, form_url, extra_context)
        request.rules_preview = extra = dict(extra_context or {})
        with transaction.atomic():
            response = super().changeform_view(request, object_id, form_url, extra)
            transaction.set_rollback(True)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        context = getattr(request, "rules_preview", None)
        if context is None:
            return form

        class PreviewForm(form):
            def is_valid(self):
                if super().is_valid():
                    size = self.cleaned_data.get("preview_size") or DEFAULT_SIZE
                    context["preview"] = preview(changes.edits_with(self.save(commit=False)), size)
                return False

        return PreviewForm

    # --- saving: a revision and its re-tag job
    def save_model(self, request, obj, form, change):
        before = None
        if change:
            old = Rule.objects.get(pk=obj.pk)
            before = (old.status, old.weight)
        request.rules_revision = changes.save_rule(obj, request.user, before)

    def response_add(self, request, obj, post_url_continue=None):
        self._tell_revision(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._tell_revision(request)
        return super().response_change(request, obj)

    def _tell_revision(self, request):
        revision = getattr(request, "rules_revision", None)
        if revision is None:
            messages.info(request, _("The rule set is unchanged: nothing to re-tag."))
            return
        job = revision.jobs.order_by("-id").first()
        messages.success(request, format_html(
            _("Revision r{} saved (tagger {}). Re-tagging in the background: <a href=\"{}\">progress</a>."),
            revision.number, revision.version, reverse("admin:rules_retagjob_change", args=[job.pk])))


@admin.register(Revision)
class RevisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "created_at", "user", "summary_shown", "edit_count", "version", "job_link")
    list_select_related = ("user",)
    fields = ("number", "created_at", "user", "summary", "edit_count", "edits")
    readonly_fields = fields
    search_fields = ("summary",)

    @admin.display(description=gettext_lazy("change"))
    def summary_shown(self, revision):
        return format_html('<span dir="auto">{}</span>', revision.summary)

    @admin.display(description=gettext_lazy("re-tag"))
    def job_link(self, revision):
        job = revision.jobs.order_by("-id").first()
        if job is None:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("admin:rules_retagjob_change", args=[job.pk]),
                           job.get_status_display())


@admin.register(RetagJob)
class RetagJobAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read only; a job's page is its progress, refreshing itself while it runs."""

    list_display = ("__str__", "status", "progress", "created_at", "started_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("revision",)

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, job):
        return f"{job.done} / {job.total if job.total is not None else '…'} ({job.percent}%)"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("<int:pk>/resume/", view(self.resume_view), name="rules_retagjob_resume")] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin_views.progress(request, self, object_id)

    def resume_view(self, request, pk):
        return admin_views.resume(request, self, pk)
