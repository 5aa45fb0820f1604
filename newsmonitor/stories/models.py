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
    updated_at = models.DateTimeField(default=timezone.now)

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
