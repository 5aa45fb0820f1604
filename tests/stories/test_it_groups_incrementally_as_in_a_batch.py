"""The database step, fed one article at a time (as the pipeline does), gives the same
stories as the engine over the whole set at once, and as the step over all of it in one call."""

import pytest

from newsmonitor.articles import tags
from newsmonitor.stories import grouping
from newsmonitor.stories.models import StoryMember
from tests.stories import gold

pytestmark = [pytest.mark.django_db]


def stored_partition(stored):
    story_of = dict(StoryMember.objects.values_list("article_id", "story_id"))
    return gold.partition({ident: story_of[article.pk] for ident, article in stored.items()})


@pytest.mark.core
def test_one_at_a_time_equals_the_engine_over_the_whole_set():
    stored = gold.store("dev")
    tags.tag_articles(list(stored.values()))
    changed = set()
    for ident in sorted(stored, key=lambda i: (stored[i].published_at, stored[i].pk)):
        changed |= grouping.group([stored[ident].pk])
    assert changed == {a.pk for a in stored.values()}
    assert stored_partition(stored) == gold.partition(gold.grouped("dev"))
    assert len(gold.partition(gold.grouped("dev"))) < len(stored) / 4  # it did group


def test_all_at_once_equals_one_at_a_time():
    stored = gold.store("test")
    tags.tag_articles(list(stored.values()))
    grouping.group([a.pk for a in stored.values()])
    assert stored_partition(stored) == gold.partition(gold.grouped("test"))
