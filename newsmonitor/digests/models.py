import secrets

from django.db import models
from django.utils import timezone


def new_token():
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """An address following one view of the dashboard. Nothing is sent before it is
    confirmed (double opt-in); `token` is what its signed links name, replaced when the
    address asks for its data to be deleted."""

    class Frequency(models.TextChoices):
        INSTANT = "instant", "as it happens"
        DAILY = "daily", "daily"
        WEEKLY = "weekly", "weekly"

    class Status(models.TextChoices):
        PENDING = "pending", "waiting for confirmation"
        ACTIVE = "active", "active"
        PAUSED = "paused", "paused"
        UNSUBSCRIBED = "unsubscribed", "unsubscribed"

    email = models.EmailField(max_length=254, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # What is followed: the timeline's own filters. Pairs ("EG-PK") and countries
    # ("PK") say whose articles; `query` holds the other filters as the dashboard's
    # query string (topic, q, outlet_country, language, primary), read with
    # timelines.readmodels.filters.Filters. Empty everywhere is refused by the form.
    pairs = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True)
    query = models.CharField(max_length=2000, blank=True)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    hour = models.PositiveSmallIntegerField(default=7, help_text="local hour of a daily or weekly digest (0-23)")
    weekday = models.PositiveSmallIntegerField(default=0, help_text="weekly digests: 0 Monday .. 6 Sunday")
    time_zone = models.CharField(max_length=64, default="UTC")
    language = models.CharField(max_length=2, default="ar", choices=[("ar", "العربية"), ("en", "English")])
    # Spike alerts: a followed pair's day above its 30-day mean plus k standard
    # deviations, and at least `spike_floor` articles.
    spike_alerts = models.BooleanField(default=False)
    spike_k = models.FloatField(default=3.0)
    spike_floor = models.PositiveSmallIntegerField(default=5)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    # Articles first tagged up to this time have been sent (or were there before the
    # subscription began); the next digest covers (sent_through, its period's end].
    sent_through = models.DateTimeField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_due_at"], name="subscription_due_idx")]

    def __str__(self):
        return f"{self.email}: {', '.join(self.pairs + self.countries) or self.query or '-'} ({self.frequency})"

    @property
    def receiving(self):
        return self.status == self.Status.ACTIVE


class Delivery(models.Model):
    """One email of one subscription for one period (or one spike: `key` names the pair
    and day). Unique, and claimed by a conditional UPDATE before anything is sent: a
    retried or concurrent run sends it once. A failed send stays here with its error
    and is tried again later; the subscription's period does not move on until sent."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", "confirmation"
        DIGEST = "digest", "digest"
        ALERT = "alert", "spike alert"

    class Status(models.TextChoices):
        PENDING = "pending", "to send"
        SENDING = "sending", "being sent"
        SENT = "sent", "sent"
        FAILED = "failed", "failed, will retry"
        EMPTY = "empty", "nothing to send"
        CANCELLED = "cancelled", "not sent: paused or unsubscribed"

    subscription = models.ForeignKey(Subscription, models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=40, blank=True, help_text="an alert's pair and day")
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    articles = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "kind", "period_end", "key"],
                                               name="delivery_once")]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"{self.kind} to {self.subscription.email} for {self.period_end:%Y-%m-%d %H:%M} ({self.status})"
