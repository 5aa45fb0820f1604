from django.db import models
from django.utils import timezone


class Story(models.Model):
    """One event and every article that reports it. What it carries (outlets, their
    countries, the union of its members' tags) is recomputed from its members whenever
    they change, so it is never more than a summary of them."""

    first_article = models.ForeignKey("articles.Article", models.SET_NULL, null=True, blank=True, related_name="+")
    first_at = models.DateTimeField(db_index=True, help_text="the first member's time (published, else found)")
    last_at = models.DateTimeField()
    size = models.PositiveIntegerField(default=0, help_text="members")
    outlets = models.JSONField(default=list, blank=True, help_text="ids of the outlets that carried it")
    outlet_countries = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True)
    pairs = models.JSONField(default=list, blank=True, help_text='["EG-PK", ...]')
    topics = models.JSONField(default=list, blank=True)
    # Set by an editor's split or merge: grouping never moves this story's members again.
    pinned = models.BooleanField(default=False)
    # Indexed: the sweep looks at the stories changed in the last two days.
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name_plural = "stories"

    def __str__(self):
        return f"story #{self.pk} ({self.size})"


class StoryMember(models.Model):
    """An article's place in its story: one story per article."""

    class How(models.TextChoices):
        FIRST = "first", "started the story"
        COPY = "copy", "a copy of a member's text"
        FOLLOW_UP = "follow-up", "the same event, reported again"
        EDITOR = "editor", "placed by an editor"

    article = models.OneToOneField("articles.Article", models.CASCADE, primary_key=True, related_name="story_member")
    story = models.ForeignKey(Story, models.CASCADE, related_name="members")
    how = models.CharField(max_length=10, choices=How.choices, default=How.FIRST)
    similarity = models.FloatField(default=0, help_text="to the member it matched")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["story"], name="storymember_story_idx")]


class Fingerprint(models.Model):
    """What grouping read of an article when it last grouped it (engine.Doc, stored):
    its MinHash signatures, the number of its shingles, its facts, states and topics.
    Candidates are checked against these, never by reading their text again; `digest`
    tells whether anything changed since (then the article is grouped again)."""

    article = models.OneToOneField("articles.Article", models.CASCADE, primary_key=True,
                                   related_name="story_fingerprint")
    at = models.DateTimeField(help_text="published, else found")
    outlet_id = models.BigIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(default=0, help_text="distinct shingles")
    signatures = models.BinaryField(help_text="MinHash of the whole text, then of the lead (uint32, little-endian)")
    facts = models.TextField(blank=True, help_text="stems of the distinctive words of title and lead")
    pairs = models.CharField(max_length=200, blank=True)
    countries = models.CharField(max_length=200, blank=True, help_text="the most salient first")
    topics = models.CharField(max_length=400, blank=True)
    digest = models.CharField(max_length=32)


class Band(models.Model):
    """The LSH index: one row per band key of an article (engine.band_keys). Looked up
    by (band, key) within a time window, so candidates never come from a scan. The
    article is a plain id (no foreign key, no index of its own): rows of a deleted
    article match nothing, having no fingerprint, until regroup clears them."""

    pk = models.CompositePrimaryKey("band", "key", "at", "article_id")
    band = models.SmallIntegerField()
    key = models.BigIntegerField()
    at = models.DateTimeField()
    article_id = models.BigIntegerField()


class Link(models.Model):
    """Two articles found to be one story (a copy, or a follow-up), the smaller id first.
    A story is a connected part of these: when a member leaves, what it joined is
    split into the parts still linked."""

    pk = models.CompositePrimaryKey("a", "b")
    a = models.BigIntegerField()
    b = models.BigIntegerField()
    how = models.CharField(max_length=10)
    similarity = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["b"], name="storylink_b_idx")]
