"""An editor's story (pinned) is closed to grouping: a changed member stays, a new copy of
it does not join it, and an article linking it to another story merges nothing."""

import pytest

from newsmonitor.stories import grouping
from newsmonitor.stories.models import Story
from tests.stories.support import EVENT, OTHER, article, bridged, retext, story_of

pytestmark = [pytest.mark.django_db, pytest.mark.core]


def test_pinned_members_stay_and_nothing_joins_or_merges():
    head, tail, whole = bridged()
    grouping.group([whole.pk])
    story = Story.objects.get(pk=story_of(head)[0])
    story.pinned = True
    story.save()
    retext(whole, OTHER["title"], OTHER["paragraphs"])
    assert grouping.group([whole.pk]) == set()
    assert story_of(head, tail, whole) == [story.pk] * 3
    copy = article("copy", EVENT["other_title"], EVENT["paragraphs"], minutes=70 * 60 + 40)
    assert grouping.group([copy.pk]) == {copy.pk} and story_of(copy) != [story.pk]
    other = article("other", OTHER["title"], OTHER["paragraphs"], minutes=70 * 60 + 50, outlet="صحيفة نجد")
    grouping.group([other.pk])
    assert story_of(other)[0] not in (story.pk, story_of(copy)[0])  # it copies `whole`, in the pinned story
    assert Story.objects.get(pk=story.pk).size == 3 and Story.objects.filter(pinned=True).count() == 1
