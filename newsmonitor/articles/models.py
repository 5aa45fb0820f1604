from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from newsmonitor.lib.urls import url_hash


class Article(models.Model):
    """One story at one canonical URL. The unique URL is what stops the same story,
    seen in two feeds or by a retried task, from ever becoming two rows. It is
    unique by its hash (url_hash): an index cannot hold a URL of any length, and a
    URL cut to fit would merge two long links into one article."""

    class Extraction(models.TextChoices):
        PENDING = "pending", "pending"
        RUNNING = "running", "running"
        DONE = "done", "extracted from the page"
        SUMMARY = "summary", "page unusable: feed summary kept"
        FAILED = "failed", "failed"

    url = models.TextField(help_text="canonical URL")
    url_hash = models.CharField(max_length=64, unique=True, editable=False, help_text="sha256 of the canonical URL")
    original_url = models.TextField(blank=True)
    feed = models.ForeignKey("feeds.Feed", models.SET_NULL, null=True, blank=True, related_name="+")
    outlet = models.ForeignKey("feeds.Outlet", models.SET_NULL, null=True, blank=True, related_name="articles")
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True, help_text="from the feed entry, sanitised")
    body = models.TextField(blank=True, help_text="the text as read: the extraction without its outlet's furniture")
    # Kept only when it differs from the body (furniture was stripped): most articles carry
    # none, and a second copy of every text would double the table for nothing.
    raw_body = models.TextField(blank=True, help_text="the page's extraction as it came, when furniture was "
                                                      "stripped from it (empty: the body is the whole extraction)")
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
    tagged_at = models.DateTimeField(null=True, blank=True)
    # When the article was first tagged, never moved by a re-tag: what digests window on,
    # so each article is in exactly one digest period, however late it was found.
    first_tagged_at = models.DateTimeField(null=True, blank=True, db_index=True)
    tagger_version = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["extraction_status"], name="article_extraction_idx"),
            models.Index(fields=["tagger_version"], name="article_tagger_version_idx"),
        ]

    def __str__(self):
        return self.title or self.url

    def save(self, *args, **kwargs):
        self.url_hash = url_hash(self.url)
        super().save(*args, **kwargs)

    @property
    def raw_text(self):
        """The page's extraction as it came, furniture and all."""
        return self.raw_body or self.body

    @property
    def display_time(self):
        return self.published_at or self.discovered_at

    @property
    def day(self):
        return self.display_time.date()


class FeedEntry(models.Model):
    """A feed's entry (by its GUID) pointing at the article it announced. The same
    article may be announced by several feeds: syndicated copies, section feeds."""

    feed = models.ForeignKey("feeds.Feed", models.CASCADE, related_name="entries")
    guid = models.CharField(max_length=1000)
    article = models.ForeignKey(Article, models.CASCADE, related_name="entries")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="feedentry_feed_guid_uniq")]
        # A feed's entries in time order: what the hourly check of silent sources reads.
        indexes = [models.Index(fields=["feed", "seen_at"], name="feedentry_feed_seen_idx")]


class Tag(models.Model):
    """Shared columns of the three kinds of tag. `day` repeats the article's day (its
    publication date, else the day it was found) so timelines group and filter on an
    index without joining articles; `source` keeps machine tags apart from an
    editor's corrections, which re-tagging must never overwrite."""

    class Source(models.TextChoices):
        MACHINE = "machine", "machine"
        EDITOR = "editor", "curated"

    article = models.ForeignKey(Article, models.CASCADE)
    day = models.DateField()
    score = models.FloatField(default=0)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MACHINE)

    class Meta:
        abstract = True


class ArticleCountry(Tag):
    code = models.CharField(max_length=2)
    mentions = models.PositiveIntegerField(default=0)
    first_position = models.PositiveIntegerField(default=0)
    forms = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "code"], name="articlecountry_uniq")]
        indexes = [models.Index(fields=["code", "day"], name="articlecountry_code_day")]


class ArticlePair(Tag):
    """A pair of states whose relations the article reports; a < b always."""

    a = models.CharField(max_length=2)
    b = models.CharField(max_length=2)
    primary = models.BooleanField(default=False)
    evidence = models.JSONField(default=list, blank=True)
    cues = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "a", "b"], name="articlepair_uniq"),
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="articlepair_sorted"),
        ]
        indexes = [models.Index(fields=["a", "b", "day"], name="articlepair_pair_day")]


class ArticleTopic(Tag):
    topic = models.CharField(max_length=40)
    terms = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "topic"], name="articletopic_uniq")]
        indexes = [models.Index(fields=["topic", "day"], name="articletopic_topic_day")]


class Correction(models.Model):
    """An editor's word on one tag of one article: add it (the tag is then curated) or
    remove it. Corrections are the record re-tagging obeys: the tag rows of an article
    are the tagger's answer with its corrections laid over (articles/corrections.py),
    recomputed on every re-tag, so a correction survives any rule change."""

    class Kind(models.TextChoices):
        COUNTRY = "country", gettext_lazy("country")
        PAIR = "pair", gettext_lazy("pair")
        TOPIC = "topic", gettext_lazy("topic")

    class Action(models.TextChoices):
        ADD = "add", gettext_lazy("add")
        REMOVE = "remove", gettext_lazy("remove")

    article = models.ForeignKey(Article, models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    value = models.CharField(max_length=40, help_text="a country code (EG), a pair (EG-PK) or a topic slug")
    action = models.CharField(max_length=8, choices=Action.choices)
    primary = models.BooleanField(default=False, help_text="an added pair is the article's primary pair")
    note = models.TextField(blank=True)
    user = models.ForeignKey("auth.User", models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "kind", "value"], name="correction_once")]
        indexes = [models.Index(fields=["created_at"], name="correction_created_idx")]

    def __str__(self):
        return f"{self.action} {self.kind} {self.value} on #{self.article_id}"


class OutletLearner(models.Model):
    """How far the furniture learner has read one outlet (articles/boilerplate.py): its
    articles are numbered in the order they were extracted, and shares are over the
    latest of them. Its row is locked while an article of the outlet is learned from, so
    two extractions of one outlet count and clean in turn."""

    outlet = models.OneToOneField("feeds.Outlet", models.CASCADE, primary_key=True, related_name="+")
    articles = models.PositiveIntegerField(default=0, help_text="articles of the outlet read so far")
    reclean_due = models.BooleanField(default=False, help_text="its furniture changed since its latest articles "
                                                               "were last cleaned")

    def __str__(self):
        return f"furniture learner of outlet #{self.outlet_id}"


class OutletParagraph(models.Model):
    """A paragraph seen in an outlet's articles, by the hash of its normalised text (numbers
    and the words beside them left out, so a changing date or count is the same paragraph).
    Once it is in enough of the outlet's articles, and a real share of its latest ones, it
    is learned as furniture and stripped from the outlet's bodies; an editor may say
    always or never."""

    class Override(models.TextChoices):
        LEARNED = "", gettext_lazy("as learned")
        ALWAYS = "always", gettext_lazy("always furniture")
        NEVER = "never", gettext_lazy("never furniture")

    outlet = models.ForeignKey("feeds.Outlet", models.CASCADE, related_name="+", verbose_name=gettext_lazy("outlet"))
    key = models.CharField(max_length=40, help_text="sha1 of the normalised paragraph")
    example = models.TextField(gettext_lazy("paragraph"), help_text=gettext_lazy("as the outlet printed it, the latest time it was seen"))
    articles = models.PositiveIntegerField(gettext_lazy("articles"), default=0,
                                           help_text=gettext_lazy("distinct articles of the outlet it was in"))
    # A decayed count of the articles it was in, as of the outlet's article number
    # last_seen_n: what its share of the outlet's latest articles is computed from.
    recent = models.FloatField(default=0)
    first_seen_n = models.PositiveIntegerField()
    last_seen_n = models.PositiveIntegerField()
    first_seen_at = models.DateTimeField(gettext_lazy("first seen"), default=timezone.now)
    last_seen_at = models.DateTimeField(gettext_lazy("last seen"), default=timezone.now)
    learned = models.BooleanField(gettext_lazy("learned"), default=False,
                                  help_text=gettext_lazy("crossed the thresholds: furniture unless an editor says never"))
    learned_at = models.DateTimeField(gettext_lazy("learned at"), null=True, blank=True)
    override = models.CharField(gettext_lazy("editor's word"), max_length=8, choices=Override.choices, blank=True,
                                default=Override.LEARNED)

    class Meta:
        verbose_name = gettext_lazy("outlet paragraph")
        verbose_name_plural = gettext_lazy("outlet furniture")
        constraints = [models.UniqueConstraint(fields=["outlet", "key"], name="outletparagraph_uniq")]
        indexes = [models.Index(fields=["outlet", "last_seen_n"], name="outletparagraph_seen_idx")]

    def __str__(self):
        return self.example[:80]

    @property
    def furniture(self):
        if self.override:
            return self.override == self.Override.ALWAYS
        return self.learned
