"""The read models follow the stories: when articles join, leave or merge stories and
their rows are refreshed (as the pipeline does with grouping's answer), the leads and
the story counts are those a rebuild from scratch gives; the sweep finds rows whose
story changed unseen; the migration's fill gives the same columns; and through the
real pipeline, copies tagged and grouped count as one story."""

import importlib
import io
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from django.core.management import call_command
from django.db import connection

from newsmonitor.articles.models import Article
from newsmonitor.stories.models import Story, StoryMember
from newsmonitor.timelines.models import ArticleDoc, PairDay, PairEntry, PairTopicDay, TopicDay
from newsmonitor.timelines.readmodels import rollups
from tests.support.factory import make_article, outlets
from tests.support.story_rows import make_story

pytestmark = [pytest.mark.django_db]

COLUMNS = ("story_key", "lead", "lead_primary", "lead_topics", "prior_topics", "lead_topics_primary",
           "prior_topics_primary")


def state():
    """Every story column and count of the read models."""
    return (sorted(PairEntry.objects.values_list("article_id", "a", "b", *COLUMNS)),
            sorted(ArticleDoc.objects.values_list("article_id", "story_key", "lead", "lead_topics")),
            Counter(PairDay.objects.values_list("a", "b", "day", "n", "n_primary", "s", "s_primary")),
            Counter(PairTopicDay.objects.values_list("a", "b", "day", "topics", "main_topic", "language", "n", "s",
                                                    "s_primary", "lead_topics", "prior_topics")),
            Counter(TopicDay.objects.values_list("topic", "day", "n", "s")))


def assert_as_rebuilt():
    incremental = state()
    call_command("refreshtimelines", "--stories", stdout=io.StringIO())
    assert state() == incremental


@pytest.fixture
def articles():
    places = outlets()
    start = datetime(2025, 10, 5, 22, tzinfo=timezone.utc)
    topics = [[("energy", 0.9)], [("energy", 0.9), ("trade-economy", 0.5)], [("trade-economy", 0.9)]]
    made = [make_article(f"مصر وباكستان خبر {i}", "مصر وباكستان", outlet=places[i % 3],
                         published=start + timedelta(hours=i), countries=["EG", "PK"],
                         pairs=[("EG", "PK", i % 2 == 0, "مصر وباكستان")], topics=topics[i % 3])
            for i in range(8)]
    rollups.refresh_for_articles([a.pk for a in made])
    return made


def stories_on_eg_pk():
    return sum(PairDay.objects.filter(a="EG", b="PK").values_list("s", flat=True))


def test_joining_merging_and_splitting_keep_the_counts(articles):
    one = make_story(*articles[:3])
    two = make_story(*articles[3:5])
    assert stories_on_eg_pk() == 2 + 3
    assert_as_rebuilt()
    # A merge, as grouping makes it: the second story's members join the first.
    StoryMember.objects.filter(story=two).update(story=one, how="copy")
    rollups.refresh_for_articles([a.pk for a in articles[3:5]])
    assert stories_on_eg_pk() == 1 + 3
    assert_as_rebuilt()
    # A split: two of them leave for a story of their own.
    three = Story.objects.create(first_at=articles[1].published_at, last_at=articles[2].published_at)
    StoryMember.objects.filter(article__in=articles[1:3]).update(story=three)
    rollups.refresh_for_articles([a.pk for a in articles[1:3]])
    assert stories_on_eg_pk() == 2 + 3
    assert_as_rebuilt()


def test_an_older_article_found_late_leads_its_story(articles):
    make_story(*articles[:4])
    late = make_article("مصر وباكستان خبر قديم", "مصر وباكستان", outlet=outlets()[2],
                        published=articles[0].published_at - timedelta(days=1), countries=["EG", "PK"],
                        pairs=[("EG", "PK", True, "مصر وباكستان")], topics=[("sports", 0.9)])
    StoryMember.objects.create(article=late, story=articles[0].story_member.story, how="follow-up")
    rollups.refresh_for_articles([late.pk])
    lead = PairEntry.objects.get(lead=True, story_key=articles[0].story_member.story_id)
    assert lead.article_id == late.pk
    assert not PairEntry.objects.get(article=articles[0]).lead
    assert PairDay.objects.get(a="EG", b="PK", day=late.day).s == 1
    assert_as_rebuilt()


def test_the_sweep_finds_rows_whose_story_changed_unseen(articles):
    story = Story.objects.create(first_at=articles[0].published_at, last_at=articles[1].published_at)
    for article in articles[:2]:
        StoryMember.objects.create(article=article, story=story)
    assert stories_on_eg_pk() == 8
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(tagged_at=articles[0].tagged_at)
    ArticleDoc.objects.update(refreshed_at=datetime.now(timezone.utc))
    assert rollups.refresh_stale() == 2
    assert stories_on_eg_pk() == 7
    assert rollups.refresh_stale() == 0


@pytest.mark.core
def test_the_migration_fills_the_columns_as_refreshing_does(articles):
    make_story(*articles[:3])
    make_story(articles[4], articles[6], articles[7])
    expected = state()
    PairEntry.objects.update(story_key=0, lead=True, lead_primary=False, lead_topics=0, prior_topics=0,
                             lead_topics_primary=0, prior_topics_primary=0)
    ArticleDoc.objects.update(story_key=0, lead=True, lead_topics=0)
    migration = importlib.import_module("newsmonitor.timelines.migrations.0005_story_counts")
    if connection.vendor == "postgresql":  # the test's transaction holds deferred checks: run them before indexing
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    migration.fill(None, Editor())
    assert state() == expected


class Editor:
    """What the migration's fill uses of a schema editor (SQLite's cannot be opened in a
    test's transaction)."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


@pytest.mark.core
def test_copies_through_the_pipeline_count_as_one_story(db):
    from newsmonitor import pipeline

    body = ("استقبل وزير الخارجية المصري في القاهرة اليوم نظيره الباكستاني وبحث الجانبان سبل تعزيز العلاقات "
            "الثنائية بين مصر وباكستان في مجالات التجارة والاستثمار والتعاون الدفاعي.\n"
            "وأكد الوزيران أهمية مواصلة التشاور والتنسيق بين البلدين إزاء القضايا الإقليمية والدولية.")
    when = datetime(2025, 10, 5, 9, tzinfo=timezone.utc)
    made = [Article.objects.create(url=f"https://copies.example/{i}", title="وزير الخارجية المصري يستقبل نظيره الباكستاني",
                                   body=body + ("\nالمصدر: وكالة الأنباء" if i else ""), outlet=place,
                                   published_at=when + timedelta(minutes=20 * i), extraction_status="done")
            for i, place in enumerate(outlets())]
    pipeline.tag([a.pk for a in made])
    assert len({member.story_id for member in StoryMember.objects.filter(article__in=made)}) == 1
    day = PairDay.objects.get(a="EG", b="PK", day=when.date())
    assert (day.n, day.s) == (3, 1)
