"""Read-side tables of the dashboard, derived from articles and their tags.

The tag tables (newsmonitor.articles) are the truth; these rows repeat what the pages
filter and group on, so a pair timeline over a million articles is one index range
scan with no joins: outlet, outlet country, language, time and the article's topics (a
bitmask, one bit per taxonomy slug) sit on every pair row. They are rebuilt for a
set of articles by `rollups.refresh_for_articles(ids)`, called after tagging.
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

    class Meta:
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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "a", "b"], name="pairentry_uniq")]
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
    """Articles per pair per day: the home page and country pages read only this."""

    a = models.CharField(max_length=2)
    b = models.CharField(max_length=2)
    day = models.DateField()
    n = models.IntegerField(default=0)
    n_primary = models.IntegerField(default=0)

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
    group the pair's own rows."""

    a = models.CharField(max_length=2)
    b = models.CharField(max_length=2)
    day = models.DateField()
    topics = models.IntegerField(default=0, help_text="bitmask over names.TOPIC_SLUGS")
    main_topic = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=8, blank=True)
    n = models.IntegerField(default=0)
    n_primary = models.IntegerField(default=0)

    # The unique key (a, b, day, main_topic, topics, language), covering n and
    # n_primary on PostgreSQL so the chart is an index-only range scan, is made by
    # migration 0004.


class TopicDay(models.Model):
    """Articles per topic per day (an article counts once in each of its topics)."""

    topic = models.CharField(max_length=40)
    day = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "day"], name="topicday_uniq")]
        # (day, topic) covering n: migration 0002.
