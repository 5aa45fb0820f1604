from django.db import models
from django.utils import timezone


class Article(models.Model):
    """One story at one canonical URL. The unique URL is what stops the same story,
    seen in two feeds or by a retried task, from ever becoming two rows."""

    class Extraction(models.TextChoices):
        PENDING = "pending", "pending"
        RUNNING = "running", "running"
        DONE = "done", "extracted from the page"
        SUMMARY = "summary", "page unusable: feed summary kept"
        FAILED = "failed", "failed"

    url = models.URLField(max_length=1000, unique=True, help_text="canonical URL")
    original_url = models.URLField(max_length=2000, blank=True)
    feed = models.ForeignKey("feeds.Feed", models.SET_NULL, null=True, blank=True, related_name="+")
    outlet = models.ForeignKey("feeds.Outlet", models.SET_NULL, null=True, blank=True, related_name="articles")
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True, help_text="from the feed entry, sanitised")
    body = models.TextField(blank=True)
    author = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=8, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_source = models.CharField(max_length=8, blank=True, help_text="page, feed or empty")
    date_unreadable = models.BooleanField(default=False, help_text="no readable publication date")
    discovered_at = models.DateTimeField(default=timezone.now, db_index=True)
    extraction_status = models.CharField(max_length=8, choices=Extraction.choices, default=Extraction.PENDING)
    extraction_error = models.TextField(blank=True)
    extraction_attempts = models.PositiveSmallIntegerField(default=0)
    # Claimed by the extraction task; a lease that expires lets a redelivered task
    # take over from a worker that died mid-way.
    extraction_lease_until = models.DateTimeField(null=True, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["extraction_status"], name="article_extraction_idx")]

    def __str__(self):
        return self.title or self.url

    @property
    def display_time(self):
        return self.published_at or self.discovered_at


class FeedEntry(models.Model):
    """A feed's entry (by its GUID) pointing at the article it announced. The same
    article may be announced by several feeds: syndicated copies, section feeds."""

    feed = models.ForeignKey("feeds.Feed", models.CASCADE, related_name="entries")
    guid = models.CharField(max_length=1000)
    article = models.ForeignKey(Article, models.CASCADE, related_name="entries")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="feedentry_feed_guid_uniq")]
