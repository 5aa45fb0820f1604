"""manage.py regroup groups stored articles again in time order: the same stories as the
pipeline made, again on a second run, from a given day on, after an interruption, and
with the editors' pinned stories untouched."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from newsmonitor.articles import tags
from newsmonitor.stories import grouping
from newsmonitor.stories.models import Story, StoryMember
from tests.stories import gold

pytestmark = [pytest.mark.django_db]


def partition(stored):
    story_of = dict(StoryMember.objects.values_list("article_id", "story_id"))
    return gold.partition({ident: story_of[a.pk] for ident, a in stored.items()})


@pytest.fixture
def grouped_set(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    stored = gold.store("dev")
    tags.tag_articles(list(stored.values()))
    grouping.group([a.pk for a in stored.values()])
    return stored


def test_a_regroup_gives_the_same_stories_twice(grouped_set):
    before = partition(grouped_set)
    out = StringIO()
    call_command("regroup", stdout=out)
    assert partition(grouped_set) == before and f"grouped {len(grouped_set)} article" in out.getvalue()
    call_command("regroup", stdout=out)
    assert partition(grouped_set) == before


def test_a_regroup_from_a_day_on_and_after_an_interruption(grouped_set, tmp_path):
    before = partition(grouped_set)
    call_command("regroup", "--since", "2025-01-01", stdout=StringIO())
    assert partition(grouped_set) == before
    ordered = sorted(grouped_set.values(), key=lambda a: (a.published_at, a.pk))
    half = ordered[len(ordered) // 2]
    (tmp_path / "regroup-checkpoint.json").write_text(json.dumps(
        {"since": None, "when": half.published_at.isoformat(), "pk": half.pk}))
    StoryMember.objects.filter(article__in=ordered[len(ordered) // 2 + 1:]).delete()
    out = StringIO()
    call_command("regroup", "--batch", "5", stdout=out)
    assert "resumed" in out.getvalue() and partition(grouped_set) == before
    assert not (tmp_path / "regroup-checkpoint.json").exists()


def test_a_regroup_keeps_pinned_stories(grouped_set):
    member = StoryMember.objects.get(article=grouped_set["pk-tr-ideas-karachi/trimmed"])
    pinned = Story.objects.create(first_at=member.story.first_at, last_at=member.story.first_at, size=1, pinned=True)
    StoryMember.objects.filter(pk=member.pk).update(story=pinned, how="editor")
    call_command("regroup", stdout=StringIO())
    assert StoryMember.objects.get(pk=member.pk).story_id == pinned.pk
    others = StoryMember.objects.filter(article__in=[grouped_set[f"pk-tr-ideas-karachi/{k}"] for k in ("original", "title")])
    assert len(set(others.values_list("story_id", flat=True))) == 1
    assert pinned.pk not in others.values_list("story_id", flat=True)
    assert Story.objects.get(pk=pinned.pk).size == 1
