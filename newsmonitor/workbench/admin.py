"""The feeds' part of the admin that reads above feeds (feed_admin.py: the feed list with
its health, a feed's fetch log, the tool pages), each staff member's own alert
preferences, and the silent-source notices sent."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from newsmonitor.adminkit import HistoryMixin
from newsmonitor.workbench import feed_admin  # noqa: F401  (registers the FeedAdmin)
from newsmonitor.workbench.models import AlertPreference, SilenceNotice


def manages_everyone(user):
    """Who may see and change other people's preferences: those who manage users."""
    return user.is_superuser or user.has_perm("auth.change_user")


@admin.register(AlertPreference)
class AlertPreferenceAdmin(HistoryMixin, admin.ModelAdmin):
    """Every staff member edits their own (no model permission needed: it is about
    them); those who manage users see everyone's. The list is one's own page."""

    list_display = ("user", "silent_sources", "language")
    list_select_related = ("user",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if manages_everyone(request.user) else queryset.filter(user=request.user)

    def get_fields(self, request, obj=None):
        own = ("silent_sources", "language")
        return (("user",) + own) if manages_everyone(request.user) else own

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj is not None and manages_everyone(request.user) else ()

    def save_model(self, request, obj, form, change):
        if not change and not manages_everyone(request.user):
            obj.user = request.user
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and not manages_everyone(request.user):
            own = AlertPreference.objects.filter(user=request.user).first()
            if own is None:
                return redirect(reverse("admin:workbench_alertpreference_add"))
            return redirect(reverse("admin:workbench_alertpreference_change", args=[own.pk]))
        return super().changelist_view(request, extra_context)

    # --- about oneself ---------------------------------------------------------------------------------
    def is_theirs(self, request, obj):
        return obj is None or obj.user_id == request.user.pk or manages_everyone(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and self.is_theirs(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        if not self.has_module_permission(request):
            return False
        return manages_everyone(request.user) or not AlertPreference.objects.filter(user=request.user).exists()


@admin.register(SilenceNotice)
class SilenceNoticeAdmin(admin.ModelAdmin):
    """What was sent: read-only, for those who may view notices."""

    list_display = ("feed", "user", "silent_since", "status", "attempts", "sent_at", "error")
    list_filter = ("status",)
    list_select_related = ("feed", "user")
    search_fields = ("feed__title", "feed__url", "user__username", "user__email")
    readonly_fields = list_display + ("next_attempt_at", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

