"""What every admin page of the project shares: the admin log, written for actions that
are not a form's save (poll now, a correction made on the site, an import), and shown on
the object's own page with who did what and when.

    class FeedAdmin(HistoryMixin, admin.ModelAdmin): ...
    record(request.user, obj, "Polled now")          # an entry in the admin log
    class FetchLogInline(ReadOnlyMixin, admin.TabularInline): ...   # shown, never edited

A change form template of one's own should extend "admin/history_change_form.html"
(which extends Django's) to keep the history box."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType

FLAGS = {"add": ADDITION, "change": CHANGE, "delete": DELETION}
HISTORY_SHOWN = 8


def record(user, obj, message, action="change"):
    """Writes `message` about `obj` to the admin log, as `user` (one of add, change, delete)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return LogEntry.objects.create(user_id=user.pk, content_type=content_type, object_id=str(obj.pk),
                                   object_repr=str(obj)[:200], action_flag=FLAGS[action], change_message=message)


def history(obj, limit=HISTORY_SHOWN):
    """The object's latest admin log entries, newest first, with their users."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return list(LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk))
                .select_related("user").order_by("-action_time")[:limit])


class ReadOnlyMixin:
    """An admin or inline that shows rows and never edits them: they are written
    elsewhere (by the pipeline, a job, a correction)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryMixin:
    """Shows the object's latest changes (who, when, what) at the foot of its page."""

    change_form_template = "admin/history_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = dict(extra_context or {}, object_history=history(obj) if obj else [])
        return super().change_view(request, object_id, form_url, extra_context=extra)
