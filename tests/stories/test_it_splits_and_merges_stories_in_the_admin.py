"""Editors split a story (chosen members into a new pinned story) and merge stories (into
the earliest, pinned) in the admin: by POST only, with the change permission, logged in
the admin log and shown on the story's page; the story list and page show the members."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from newsmonitor.stories import grouping
from newsmonitor.stories.models import Story, StoryMember
from newsmonitor.timelines.models import ArticleDoc
from tests.stories.support import EVENT, OTHER, article, story_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.core]


@pytest.fixture
def two_stories():
    """A report and two copies (one story), and another event's report (another)."""
    report = article("report", EVENT["title"], EVENT["paragraphs"])
    copies = [article(f"copy{i}", EVENT["other_title"], EVENT["paragraphs"], minutes=10 * i) for i in (1, 2)]
    other = article("other", OTHER["title"], OTHER["paragraphs"], event=OTHER)
    grouping.group([report.pk, *(c.pk for c in copies), other.pk])
    assert len(set(story_of(report, *copies))) == 1 and story_of(other) != story_of(report)
    return report, copies, other


def test_an_editor_splits_chosen_members_into_a_new_pinned_story(editor_client, two_stories):
    report, copies, _other = two_stories
    story = Story.objects.get(pk=story_of(report)[0])
    page = editor_client.get(reverse("admin:stories_story_change", args=[story.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="story-members"' in html and html.count('name="member"') == 3 and 'dir="rtl"' in html
    assert reverse("timelines:article", args=[copies[0].pk]) in html and "a copy of a member" in html
    url = reverse("admin:stories_story_split", args=[story.pk])
    assert editor_client.get(url).status_code == 405  # never on GET
    response = editor_client.post(url, {"member": [copies[1].pk]})
    new = Story.objects.get(pinned=True)
    assert response.status_code == 302 and response["Location"].endswith(f"/{new.pk}/change/")
    assert story_of(report, copies[0], copies[1]) == [story.pk, story.pk, new.pk]
    assert new.size == 1 and new.first_article_id == copies[1].pk and Story.objects.get(pk=story.pk).size == 2
    assert StoryMember.objects.get(pk=copies[1].pk).how == "editor"
    logged = LogEntry.objects.filter(object_id=str(story.pk)).values_list("change_message", flat=True)
    assert any("Split 1 article(s) off into story" in m for m in logged)
    shown = editor_client.get(reverse("admin:stories_story_change", args=[story.pk])).content.decode()
    assert 'id="object-history"' in shown and "Split 1 article(s)" in shown
    assert ArticleDoc.objects.filter(article_id=copies[1].pk).exists()  # its read-side row was refreshed
    grouping.group([copies[1].pk])  # grouping leaves the editor's story alone
    assert story_of(copies[1]) == [new.pk]


def test_an_editor_merges_stories_into_the_earliest(editor_client, two_stories):
    report, copies, other = two_stories
    ids = sorted(set(story_of(report, other)))
    earliest = Story.objects.order_by("first_at").first()
    response = editor_client.post(reverse("admin:stories_story_changelist"),
                                  {"action": "merge_stories", "_selected_action": ids})
    assert response.status_code == 302
    merged = Story.objects.get()
    assert merged.pk == earliest.pk and merged.pinned and merged.size == 4
    assert set(merged.pairs) >= {EVENT["pair"], OTHER["pair"]}
    assert LogEntry.objects.filter(object_id=str(merged.pk), change_message__startswith="Merged stories").exists()
    listing = editor_client.get(reverse("admin:stories_story_changelist") + "?size=2-5&q=PK")
    assert listing.status_code == 200


def test_people_without_the_permission_cannot_split(researcher_client, client, two_stories):
    report = two_stories[0]
    story = story_of(report)[0]
    url = reverse("admin:stories_story_split", args=[story])
    for someone in (researcher_client, client):
        response = someone.post(url, {"member": [report.pk]})
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Story.objects.filter(pinned=True).exists()
