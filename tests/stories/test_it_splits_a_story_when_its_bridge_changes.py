"""When the article that held a story together is re-grouped because its text changed,
the story is split into the parts still linked, and their articles are reported."""

import pytest

from newsmonitor.stories import grouping
from newsmonitor.stories.models import Story
from tests.stories.support import OTHER, bridged, retext, story_of

pytestmark = [pytest.mark.django_db, pytest.mark.core]


def test_a_bridge_that_becomes_another_report_leaves_two_stories():
    head, tail, whole = bridged()
    grouping.group([whole.pk])
    merged = story_of(head)[0]
    retext(whole, OTHER["title"], OTHER["paragraphs"])
    changed = grouping.group([whole.pk])
    head_story, tail_story, whole_story = story_of(head, tail, whole)
    assert head_story == merged  # the earliest part keeps the story
    assert len({head_story, tail_story, whole_story}) == 3
    assert changed == {tail.pk, whole.pk}
    assert Story.objects.get(pk=head_story).size == 1
    assert Story.objects.get(pk=tail_story).first_article_id == tail.pk
