"""Subscriptions and what was sent to them, for whoever runs the site.

Read-only where an edit would break the sending guarantees: a subscription's period
(sent_through, next_due_at) moves only with a delivery recorded as sent, and a
delivery's status only by its claim (newsmonitor/digests/sending.py). What may be
done here: pause or unsubscribe an address, and try a failed delivery again now."""

from django.contrib import admin, messages
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from newsmonitor.digests import schedule
from newsmonitor.digests.models import Delivery, Subscription


class ConfirmedFilter(admin.SimpleListFilter):
    title = "confirmed"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", "confirmed"), ("no", "not confirmed")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "selection", "frequency", "status", "confirmed", "next_due_at", "sent_through",
                    "deliveries_link")
    list_filter = ("status", ConfirmedFilter, "frequency", "language", "spike_alerts")
    search_fields = ("email", "query")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = ("email", "pairs", "countries", "query", "frequency", "hour", "weekday", "time_zone", "language",
              "spike_alerts", "spike_k", "spike_floor", "status", "created_at", "confirmed_at", "changed_at",
              "sent_through", "next_due_at")
    readonly_fields = tuple(f for f in fields if f != "status")

    def has_add_permission(self, request):
        return False  # subscriptions come by double opt-in only

    @admin.display(description="follows")
    def selection(self, obj):
        parts = list(obj.pairs or []) + list(obj.countries or [])
        if obj.query:
            parts.append(f"?{obj.query}")
        return ", ".join(parts) or "everything"

    @admin.display(boolean=True, ordering="confirmed_at")
    def confirmed(self, obj):
        return obj.confirmed_at is not None

    @admin.display(description="deliveries")
    def deliveries_link(self, obj):
        url = reverse("admin:digests_delivery_changelist") + f"?subscription__id__exact={obj.pk}"
        return format_html('<a href="{}">deliveries</a>', url)

    def save_model(self, request, obj, form, change):
        # As the manage page does: stopped, nothing is due (a delivery already claimed
        # sees the status and sends nothing); resumed, the next digest starts from now.
        if "status" in form.changed_data:
            now = timezone.now()
            obj.changed_at = now
            if obj.status == Subscription.Status.ACTIVE:
                obj.confirmed_at = obj.confirmed_at or now
                obj.sent_through, obj.next_due_at = now, schedule.next_due(obj, now)
            else:
                obj.next_due_at = None
        super().save_model(request, obj, form, change)


class ErrorFilter(admin.SimpleListFilter):
    title = "SMTP error"
    parameter_name = "error"

    def lookups(self, request, model_admin):
        return [("yes", "with an error"), ("no", "without")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(last_error="")
        if self.value() == "no":
            return queryset.filter(last_error="")
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("subscription_email", "kind", "key", "period_end", "status", "attempts", "next_attempt_at",
                    "sent_at", "articles", "error")
    list_filter = ("status", "kind", ErrorFilter)
    search_fields = ("subscription__email", "key", "message_id", "last_error")
    list_select_related = ("subscription",)
    date_hierarchy = "period_end"
    ordering = ("-period_end", "-pk")
    actions = ("retry_now",)
    readonly_fields = ("subscription", "kind", "key", "period_start", "period_end", "status", "attempts",
                       "lease_until", "next_attempt_at", "last_error", "message_id", "articles", "created_at",
                       "sent_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # shown, never edited: the claim owns a delivery's state

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="subscription", ordering="subscription__email")
    def subscription_email(self, obj):
        return obj.subscription.email

    @admin.display(description="last error")
    def error(self, obj):
        return (obj.last_error[:120] + "…") if len(obj.last_error) > 120 else obj.last_error

    @admin.action(description="Try the selected failed deliveries again now")
    def retry_now(self, request, queryset):
        # Only the failed ones, by a conditional UPDATE: a delivery being sent is left
        # to its worker. The next dispatch (within a minute) queues them.
        n = queryset.filter(status=Delivery.Status.FAILED).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__gt=timezone.now())).update(
            next_attempt_at=timezone.now())
        messages.info(request, f"{n} failed deliveries will be tried again within a minute.")
