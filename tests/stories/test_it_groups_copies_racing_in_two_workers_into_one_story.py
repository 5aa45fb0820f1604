"""Two workers grouping two copies of one report at the same moment make one story, not
two: grouping is serialised by its lock (each worker would otherwise see no candidate)."""

import threading

import pytest

from newsmonitor.stories import grouping
from newsmonitor.stories.models import Story, StoryMember
from tests.stories.support import EVENT, article
from tests.support.threads import race

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_two_copies_grouped_at_once_share_one_story():
    for round_ in range(3):
        first = article(f"a{round_}", EVENT["title"], EVENT["paragraphs"], minutes=round_ * 10_000)
        second = article(f"b{round_}", EVENT["other_title"], EVENT["paragraphs"], minutes=round_ * 10_000 + 5)
        queue, lock = [first.pk, second.pk], threading.Lock()

        def one():
            with lock:
                pk = queue.pop()
            grouping.group([pk])

        race(one)
        stories = set(StoryMember.objects.filter(article__in=[first, second]).values_list("story_id", flat=True))
        assert len(stories) == 1, f"round {round_}: two stories of one report"
    assert Story.objects.count() == 3 and StoryMember.objects.count() == 6
