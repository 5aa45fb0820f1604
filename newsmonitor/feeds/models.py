from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outlet(models.Model):
    """A news organisation: one outlet may publish several feeds."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    homepage = models.URLField(_("homepage"), max_length=500, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    language = models.CharField(_("language"), max_length=8, default="ar")
    notes = models.TextField(_("notes"), blank=True,
                             help_text=_("for the people who curate: who runs it, what to watch for"))

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self):
        return self.name


class Feed(models.Model):
    """An RSS/Atom feed. Its polling state lives on the row (as in miniflux): the
    dispatcher reads next_check_at, the poller writes the HTTP validators and errors."""

    outlet = models.ForeignKey(Outlet, models.SET_NULL, null=True, blank=True, related_name="feeds",
                               verbose_name=_("outlet"))
    url = models.URLField(_("url"), max_length=1000, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8, default="ar")
    active = models.BooleanField(_("active"), default=True)
    poll_interval = models.PositiveIntegerField(_("poll interval"), default=900, help_text=_("seconds between checks"))
    next_check_at = models.DateTimeField(_("next check at"), default=timezone.now, db_index=True)
    # Set while a poll runs, so two polls of one feed never overlap; expires by itself
    # if the worker holding it dies.
    lease_until = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success at"), null=True, blank=True)
    last_new_article_at = models.DateTimeField(_("last new article at"), null=True, blank=True)
    error_count = models.PositiveIntegerField(_("errors in a row"), default=0)
    last_error_kind = models.CharField(_("last error kind"), max_length=40, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    needs_attention = models.BooleanField(_("flagged"), default=False, help_text=_("flagged after repeated failures"))
    # Silence, learned from the feed's own history of new entries (workbench/silence.py,
    # the feeds.check_silence task): the longest quiet spell that is usual for it, and
    # since when it has been quiet for much longer than that (empty: not silent). The
    # moment stays put for the whole episode: it names the episode that a notice is about.
    usual_gap = models.PositiveIntegerField(
        _("usual longest quiet spell"), null=True, blank=True,
        help_text=_("seconds: the longest usual quiet spell (empty: not learned yet)"))
    silent_since = models.DateTimeField(_("silent since"), null=True, blank=True,
                                        help_text=_("quiet for much longer than usual since then"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        indexes = [models.Index(fields=["active", "next_check_at"], name="feed_due_idx")]

    def __str__(self):
        return self.title or self.url


class FetchLog(models.Model):
    """One row per attempt to fetch a feed: what an admin reads to judge feed health."""

    feed = models.ForeignKey(Feed, models.CASCADE, related_name="fetch_logs", verbose_name=_("feed"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    bytes = models.PositiveIntegerField(_("bytes"), default=0)
    entries_seen = models.PositiveIntegerField(_("entries seen"), default=0)
    new_articles = models.PositiveIntegerField(_("new articles"), default=0)
    error_kind = models.CharField(_("error kind"), max_length=40, blank=True)
    error = models.TextField(_("error"), blank=True)
    # What a successful poll still left out, for the admin: entries held back for the
    # next poll, entries skipped for a link that cannot be fetched.
    held_back = models.PositiveIntegerField(_("held back"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("fetch log")
        verbose_name_plural = _("fetch logs")
        indexes = [models.Index(fields=["feed", "-started_at"], name="fetchlog_feed_idx")]
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M:%S}"


class HostBudget(models.Model):
    """Article pages fetched from one host in the current minute, shared by every
    worker (politeness: a feed announcing 10,000 links must not make 10,000 requests
    to one site at once). A fixed one-minute window: at most twice the rate across a
    window's edge, which is still polite, for one row and one UPDATE per fetch."""

    host = models.CharField(max_length=300, unique=True)
    window = models.DateTimeField()
    used = models.PositiveIntegerField(default=0)
