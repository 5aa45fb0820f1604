"""An article that links to members of two stories merges them into the one whose first
article is earliest, and says which articles' story changed; the summary is the members'."""

import pytest

from newsmonitor.stories import grouping
from newsmonitor.stories.models import Story, StoryMember
from tests.stories.support import EVENT, bridged, story_of

pytestmark = [pytest.mark.django_db, pytest.mark.core]


def test_the_whole_report_merges_its_two_halves_into_the_earlier_story():
    head, tail, whole = bridged()
    head_story, tail_story = story_of(head, tail)
    changed = grouping.group([whole.pk])
    assert changed == {whole.pk, tail.pk}  # the new member, and the one whose story was absorbed
    assert story_of(head, tail, whole) == [head_story] * 3
    assert not Story.objects.filter(pk=tail_story).exists()
    story = Story.objects.get(pk=head_story)
    assert story.size == 3 and story.first_article_id == head.pk and story.first_at == head.published_at
    assert story.last_at == tail.published_at and "EG-PK" in story.pairs and {"EG", "PK"} <= set(story.countries)
    assert story.outlets == [head.outlet_id] and story.outlet_countries == ["EG"]
    assert StoryMember.objects.get(pk=whole.pk).how == "copy"
    assert EVENT["pair"] in story.pairs


def test_grouping_an_unchanged_article_again_changes_nothing():
    head, tail, whole = bridged()
    grouping.group([whole.pk])
    before = sorted(StoryMember.objects.values_list("article_id", "story_id", "how"))
    assert grouping.group([head.pk, tail.pk, whole.pk]) == set()
    assert sorted(StoryMember.objects.values_list("article_id", "story_id", "how")) == before
