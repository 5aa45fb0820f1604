"""Read-side tables of the dashboard, derived from articles and their tags.

The tag tables (newsmonitor.articles) are the truth; these rows repeat what the pages
filter and group on, so a pair timeline over a million articles is one index range
scan with no joins: outlet, outlet country, language, time and the article's topics (a
bitmask, one bit per taxonomy slug) sit on every pair row. They are rebuilt for a
set of articles by `rollups.refresh_for_articles(ids)`, called after tagging (and after
grouping into stories).

Stories (newsmonitor.stories): every row carries its article's story as `story_key`,
the Story's id, or minus the article's id while the article has no StoryMember (a
story of its own): one signed integer, never NULL, that COUNT(DISTINCT) and indexes
read as they are. `lead` marks a story's first article (by time, then id) among the
rows of the table (of the pair, for PairEntry): counting leads counts each story once,
on the day it was first reported, so daily story counts add up over any span
(readmodels/stories.py says how the filters choose a story's representative).
"""

from django.db import models


class ArticleDoc(models.Model):
    """One per tagged article: what search and the article lists need."""

    article = models.OneToOneField("articles.Article", models.CASCADE, primary_key=True, related_name="doc")
    day = models.DateField()
    time = models.DateTimeField(help_text="publication time, else discovery time")
    outlet = models.ForeignKey("feeds.Outlet", models.SET_NULL, null=True, blank=True, related_name="+",
                               db_constraint=False)
    outlet_country = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=8, blank=True)
    topics = models.IntegerField(default=0, help_text="bitmask over names.TOPIC_SLUGS")
    main_topic = models.CharField(max_length=40, blank=True)
    countries = models.CharField(max_length=400, blank=True, help_text="' EG PK SA '")
    # Normalised words and their clitic-stripped forms (search/text.py: search_text). On
    # PostgreSQL a GIN index over to_tsvector('simple', search_text) serves search; the
    # index is made by migration 0002 on PostgreSQL only.
    search_text = models.TextField(blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True, help_text="compared with Article.tagged_at")
    story_key = models.BigIntegerField(default=0, help_text="the story's id, or minus the article's id (no story yet)")
    lead = models.BooleanField(default=True, help_text="the first article of its story")
    lead_topics = models.IntegerField(default=0, help_text="topic bits of which it is its story's first article")

    class Meta:
        # (story_key, time, article), covering the filter columns on PostgreSQL: a
        # story's other articles, and whether an earlier one matches (migration 0005).
        indexes = [
            models.Index(fields=["-time", "-article"], name="doc_time_idx"),
            models.Index(fields=["day"], name="doc_day_idx"),
        ]


class PairEntry(models.Model):
    """One per (article, pair): a row of a pair timeline."""

    article = models.ForeignKey("articles.Article", models.CASCADE, related_name="+")
    a = models.CharField(max_length=2)
    b = models.CharField(max_length=2)
    day = models.DateField()
    time = models.DateTimeField()
    primary = models.BooleanField(default=False)
    score = models.FloatField(default=0)
    outlet = models.ForeignKey("feeds.Outlet", models.SET_NULL, null=True, blank=True, related_name="+",
                               db_constraint=False)
    outlet_country = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=8, blank=True)
    topics = models.IntegerField(default=0)
    main_topic = models.CharField(max_length=40, blank=True)
    story_key = models.BigIntegerField(default=0, help_text="as ArticleDoc.story_key")
    lead = models.BooleanField(default=True, help_text="the first of its story's rows of this pair")
    lead_primary = models.BooleanField(default=False, help_text="the first of its story's primary rows of this pair")
    # A story's representative under a topic filter T is its first row with one of T's
    # topics: the row whose topics bring a topic of T first (lead_topics & T) when no
    # earlier row had one (prior_topics & T == 0). So are the rows counted, for any T,
    # without reading the story's other rows; the same among the primary rows.
    lead_topics = models.IntegerField(default=0, help_text="its topics no earlier row of its story here had")
    prior_topics = models.IntegerField(default=0, help_text="the earlier rows' topics, when lead_topics")
    lead_topics_primary = models.IntegerField(default=0, help_text="lead_topics among the primary rows")
    prior_topics_primary = models.IntegerField(default=0, help_text="prior_topics among the primary rows")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "a", "b"], name="pairentry_uniq")]
        # (a, b, story_key, time, article), covering the filter columns: a story's
        # representative under filters (readmodels/stories.py): migration 0005.
        # The chart's index, (a, b, day) covering the filter columns so that it is an
        # index-only scan on PostgreSQL, is made by migration 0002: SQLite has no
        # covering indexes and Django's check would warn about them on every start.
        # (a, b, outlet_country, day), covering the same, for charts filtered by the
        # outlet's country (the roll-up has no outlet countries): migration 0004.
        indexes = [
            # The list: newest first, keyset-paginated on (time, article).
            models.Index(fields=["a", "b", "-time", "-article"], name="pairentry_list_idx"),
            models.Index(fields=["b", "day"], name="pairentry_b_day_idx"),
        ]


class PairDay(models.Model):
    """Articles and stories per pair per day: the home page and country pages read
    only this. A story counts on the day of its first article of the pair (s), or of
    its first article where the pair is primary (s_primary)."""

    a = models.CharField(max_length=2)
    b = models.CharField(max_length=2)
    day = models.DateField()
    n = models.IntegerField(default=0)
    n_primary = models.IntegerField(default=0)
    s = models.IntegerField(default=0, help_text="stories first reported on the pair that day")
    s_primary = models.IntegerField(default=0, help_text="stories first reported with the pair primary that day")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["a", "b", "day"], name="pairday_uniq")]
        # (day, a, b) and (b, day), covering the counts: migration 0002.


class PairTopicDay(models.Model):
    """A pair's articles per day, topic combination and language: what the pair
    timeline's chart reads instead of the pair's rows.

    One row per (pair, day, topic bitmask, main topic, language) that has articles,
    with how many (n) and how many of them have the pair as their primary one
    (n_primary). Every chart the topic, primary, date and language filters can ask
    for, stacked or split, is an exact sum over these rows (queries.pair_series): a
    topic filter tests the bitmask as PairEntry does, and the colour of an article's
    bar segment depends only on its bitmask and main topic. A combination is mostly
    shared by many articles of a day, so the busiest pair's all-time chart sums
    ~85,000 rows instead of grouping 190,000 scattered ones. Outlet, outlet country
    and words are not here (outlet countries would multiply the rows): those charts
    group the pair's own rows.

    Stories too: the rows are also keyed by PairEntry's story columns, so the story
    counts of the dates, primary and topic filters are exact sums here as well (s:
    leads; under topics, the rows whose story columns make them representatives);
    the language filter may choose another representative than these rows know of,
    so story charts filtered by language read the pair's rows."""

    a = models.CharField(max_length=2)
    b = models.CharField(max_length=2)
    day = models.DateField()
    topics = models.IntegerField(default=0, help_text="bitmask over names.TOPIC_SLUGS")
    main_topic = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=8, blank=True)
    lead_topics = models.IntegerField(default=0, help_text="as PairEntry's: part of the key")
    prior_topics = models.IntegerField(default=0)
    lead_topics_primary = models.IntegerField(default=0)
    prior_topics_primary = models.IntegerField(default=0)
    n = models.IntegerField(default=0)
    n_primary = models.IntegerField(default=0)
    s = models.IntegerField(default=0, help_text="of these rows, the leads (PairEntry.lead)")
    s_primary = models.IntegerField(default=0, help_text="of these rows, the primary leads")

    # The unique key (a, b, day, main_topic, topics, language, and the story columns),
    # covering the counts on PostgreSQL so the chart is an index-only range scan, is
    # made by migration 0005 (0004 before the stories). A story's rows that bring no
    # topic first share the key with zero story columns, so stories add few rows.


class TopicDay(models.Model):
    """Articles per topic per day (an article counts once in each of its topics)."""

    topic = models.CharField(max_length=40)
    day = models.DateField()
    n = models.IntegerField(default=0)
    s = models.IntegerField(default=0, help_text="stories whose first article with the topic is of that day")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "day"], name="topicday_uniq")]
        # (day, topic) covering n: migration 0002.
