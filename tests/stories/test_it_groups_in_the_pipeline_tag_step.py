"""pipeline.tag tags, groups and refreshes: two copies of one report end in one story
and both are on the read side."""

import pytest

from newsmonitor import pipeline
from newsmonitor.articles.models import Article
from newsmonitor.stories.models import StoryMember
from newsmonitor.timelines.models import ArticleDoc
from tests.stories.support import EVENT

pytestmark = [pytest.mark.django_db, pytest.mark.core]


def stored(name, title, minutes):
    from datetime import datetime, timedelta

    return Article.objects.create(url=f"https://pipe.example/{name}", title=title, body="\n\n".join(EVENT["paragraphs"]),
                                  extraction_status="done",
                                  published_at=datetime.fromisoformat(EVENT["at"]) + timedelta(minutes=minutes))


def test_tagging_groups_each_article_and_refreshes_it():
    first, second = stored("a", EVENT["title"], 0), stored("b", EVENT["other_title"], 30)
    assert pipeline.tag([first.pk]) == [first.pk]
    assert pipeline.tag([second.pk]) == [second.pk]
    members = dict(StoryMember.objects.values_list("article_id", "story_id"))
    assert members[first.pk] == members[second.pk]
    assert StoryMember.objects.get(pk=second.pk).how == "copy"
    assert set(ArticleDoc.objects.values_list("article_id", flat=True)) == {first.pk, second.pk}
