"""Stored articles made for the story tests from the test set's events."""

from datetime import datetime, timedelta

from newsmonitor.articles import tags
from newsmonitor.articles.models import Article
from newsmonitor.feeds.models import Outlet
from newsmonitor.stories import grouping
from newsmonitor.stories.gold.events import EVENTS
from newsmonitor.stories.models import StoryMember

EVENT = EVENTS[0]  # Egypt's foreign minister in Islamabad
OTHER = EVENTS[2]  # Turkish firms at an exhibition in Karachi


def article(name, title, paragraphs, minutes=0, event=EVENT, outlet="وكالة النيل للأنباء"):
    """A stored, tagged article `minutes` after the event's time."""
    source, _ = Outlet.objects.get_or_create(name=outlet, defaults={"country": "EG"})
    stored = Article.objects.create(url=f"https://stories.example/{name}", title=title, body="\n\n".join(paragraphs),
                                    outlet=source, extraction_status="done",
                                    published_at=datetime.fromisoformat(event["at"]) + timedelta(minutes=minutes))
    tags.tag_articles([stored])
    return stored


def retext(stored, title, paragraphs):
    stored.title, stored.body = title, "\n\n".join(paragraphs)
    stored.save()
    tags.tag_articles([stored])


def story_of(*articles):
    found = dict(StoryMember.objects.filter(article__in=articles).values_list("article_id", "story_id"))
    return [found.get(a.pk) for a in articles]


def bridged():
    """Two copies of one report six days apart (too far apart to be linked: two stories),
    then the report itself published between them, a copy of both, which merges them:
    (the early copy, the late copy, the report)."""
    p = EVENT["paragraphs"]
    head = article("head", EVENT["title"], p[:2], minutes=0)
    tail = article("tail", EVENT["other_title"], p[:1] + p[2:], minutes=140 * 60)
    assert grouping.group([head.pk]) == {head.pk} and grouping.group([tail.pk]) == {tail.pk}
    assert len(set(story_of(head, tail))) == 2
    whole = article("whole", EVENT["title"], p, minutes=70 * 60)
    return head, tail, whole
