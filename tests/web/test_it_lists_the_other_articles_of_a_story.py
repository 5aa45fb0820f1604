"""The article page lists the other articles of its story (stories.StoryMember), oldest
first, each with its outlet, its time and how it joined the story; an article not
grouped yet says it is a story of its own. In both languages, titles right to left."""

import pytest

from newsmonitor.articles.models import Article
from newsmonitor.stories.models import StoryMember
from newsmonitor.timelines.web.views import articles as views
from tests.support.wire import load_wire


@pytest.fixture
def wire(db):
    return load_wire()


def test_a_copy_lists_the_story_it_is_in(client, wire):
    copy = wire["wire"][4]
    StoryMember.objects.filter(article=wire["wire"][9]).update(how="follow-up", similarity=0.41)
    StoryMember.objects.filter(article=wire["wire"][8]).update(how="editor")
    response = client.get(f"/articles/{copy.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    members = response.context["members"]
    assert [m.article_id for m in members] == [a.pk for a in wire["wire"] if a.pk != copy.pk]
    html = response.content.decode()
    assert "This article: a copy of another article&#x27;s text (similarity 0.93). The story has 9 other articles." in html
    first = wire["wire"][0]
    assert (f'<li class="item" data-how="first"><a href="/articles/{first.pk}/" dir="rtl" lang="ar">{first.title}</a>'
            in html)
    assert "وكالة النيل للأنباء</span> (Egypt) · <time" in html
    assert first.published_at.strftime("%d %b %Y %H:%M").lstrip("0") + " UTC" in html
    assert "started the story" in html and "a follow-up of the same event (similarity 0.41)" in html
    assert "placed in the story by an editor" in html


def test_in_arabic(client, wire):
    html = client.get(f"/articles/{wire['wire'][0].pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "القصة نفسها في مواضع أخرى" in html and "هذا المقال: بدأ القصة. في القصة 9 مقالات أخرى." in html
    assert "نسخة من نص مقال آخر (التشابه 0.93)" in html


def test_an_article_in_no_story_is_a_story_of_its_own(client, wire):
    html = client.get(f"/articles/{wire['others'][0].pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not grouped into a story yet: it counts as a story of its own." in html


def test_a_large_story_is_cut_with_a_count(client, wire, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(views, "MEMBERS", 4)
    with django_assert_max_num_queries(12):
        response = client.get(f"/articles/{wire['wire'][0].pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert len(response.context["members"]) == 4 and response.context["more_members"] == 5
    assert "And 5 more." in response.content.decode()
    assert Article.objects.count() == 13
