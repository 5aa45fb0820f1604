"""What the workbench keeps of its own: each staff member's alert preferences, and the
silent-source notices sent (one per person, feed and silence episode)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsmonitor.feeds.models import Feed


class AlertPreference(models.Model):
    """What one staff member asked to be told by email, and in which language. Each
    person edits their own (admin: workbench/admin.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="alert_preference",
                                verbose_name=_("user"))
    silent_sources = models.BooleanField(
        _("email me about silent sources"), default=False,
        help_text=_("An email when a feed has published nothing for much longer than usual (once per silence)."))
    language = models.CharField(_("language of the emails"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")

    def __str__(self):
        return str(self.user)


class SilenceNotice(models.Model):
    """That `user` is (to be) told that `feed` fell silent at `silent_since`. Unique per
    person, feed and episode (an episode is named by its silent_since, which stays put
    while it lasts), and claimed by a conditional UPDATE before the email goes out, as
    the digests' deliveries are: a task run twice sends it once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, to try again")
        CANCELLED = "cancelled", _("cancelled")

    feed = models.ForeignKey(Feed, models.CASCADE, related_name="+", verbose_name=_("feed"))
    silent_since = models.DateTimeField(_("silent since"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("silent-source notice")
        verbose_name_plural = _("silent-source notices")
        constraints = [models.UniqueConstraint(fields=["feed", "silent_since", "user"], name="silencenotice_once")]
        indexes = [models.Index(fields=["status", "user"], name="silencenotice_open_idx")]

    def __str__(self):
        return f"{self.feed} → {self.user}"
