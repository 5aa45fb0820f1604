"""Lists of stories show each story once, by its first article in the view, with the
other outlets that carried it ("also in: A, B, C (+N)"); counting articles, every
article is listed. A filter may make another article the story's first: its outlet's."""

import re

import pytest

from tests.support.wire import load_wire


@pytest.fixture
def wire(db):
    return load_wire()


def titles(response):
    return re.findall(r'<h4 class="title" dir="rtl" lang="ar"><a href="/articles/(\d+)/">', response.content.decode())


def test_the_pair_list_shows_the_wire_story_once(client, wire):
    response = client.get("/pairs/EG-PK/", HTTP_ACCEPT_LANGUAGE="en")
    ids = [int(pk) for pk in titles(response)]
    assert ids == [wire["wire"][0].pk, *[a.pk for a in wire["others"]]]
    [row] = [row for row in response.context["rows"] if row.article_id == wire["wire"][0].pk]
    assert row.story_articles == 10
    assert row.also_in == ["صحيفة الرياض اليوم", "الخليج الإخبارية", "وكالة الشرق الأوسط"] and row.also_more == 6
    html = response.content.decode()
    assert ('Also in: صحيفة الرياض اليوم, الخليج الإخبارية, وكالة الشرق الأوسط (+6) · '
            f'<a href="/articles/{wire["wire"][0].pk}/#story-heading">10 articles in this story</a>') in html
    assert "Stories, newest first" in html


def test_counting_articles_lists_every_copy(client, wire):
    response = client.get("/pairs/EG-PK/?count=articles", HTTP_ACCEPT_LANGUAGE="en")
    assert len(titles(response)) == 12
    assert "Articles, newest first" in response.content.decode()
    assert "Also in:" not in response.content.decode()


def test_an_outlet_filter_shows_the_story_by_that_outlets_first_copy(client, wire):
    response = client.get("/pairs/EG-PK/?outlet_country=SA", HTTP_ACCEPT_LANGUAGE="en")
    assert [int(pk) for pk in titles(response)] == [wire["wire"][1].pk]  # the first copy by an outlet of SA
    assert response.context["totals"] == {"stories": 1, "articles": 2}
    [row] = response.context["rows"]
    assert row.also_in[0] == "وكالة النيل للأنباء"  # the story's first outlet is named among the others


def test_search_lists_a_story_once(client, wire):
    response = client.get("/search/?q=الدفاعي")
    assert [row.article_id for row in response.context["rows"]] == [wire["wire"][0].pk]
    everything = client.get("/search/?q=الدفاعي&count=articles")
    assert len(everything.context["rows"]) == 10
    later = wire["wire"][9].day.isoformat()
    assert client.get(f"/search/?topic=defence-industry&from={later}").context["rows"] == []  # it began the day before
    # With words, a story's first article with them is looked for within the dates shown.
    assert [row.article_id for row in client.get(f"/search/?q=الدفاعي&from={later}").context["rows"]] == [
        wire["wire"][6].pk]


def test_the_api_lists_stories_with_their_copies(client, wire):
    results = client.get("/api/articles/?pair=EG-PK").json()["results"]
    assert [r["id"] for r in results][0] == wire["wire"][0].pk and len(results) == 3
    first = results[0]
    assert first["story_articles"] == 10 and len(first["story_outlets"]) == 10
    assert first["story_outlets"][0] == "وكالة النيل للأنباء"
    assert results[1]["story"] is None and results[1]["story_articles"] == 1  # not grouped: a story of its own


def test_a_country_chooses_the_first_article_that_names_it(client, wire):
    # A story whose first article names no Saudi Arabia, and a later one that does.
    from newsmonitor.articles.models import ArticleCountry
    from newsmonitor.timelines.readmodels.rollups import refresh_for_articles

    later = wire["wire"][5]
    ArticleCountry.objects.create(article=later, day=later.day, code="SA", mentions=1, first_position=3, score=0.5)
    refresh_for_articles([later.pk])
    results = client.get("/api/articles/?country=SA").json()["results"]
    assert later.pk in [r["id"] for r in results]
    assert wire["wire"][0].pk not in [r["id"] for r in results]


def test_a_topic_chooses_the_first_article_with_it(client, wire):
    # The story's third copy is the first to be tagged energy as well.
    from newsmonitor.articles.models import ArticleTopic
    from newsmonitor.timelines.readmodels.rollups import refresh_for_articles

    third = wire["wire"][2]
    ArticleTopic.objects.create(article=third, day=third.day, topic="energy", score=0.4)
    refresh_for_articles([third.pk])
    energy = client.get("/pairs/EG-PK/?topic=energy&topic=sports")
    assert [row.article_id for row in energy.context["rows"]] == [third.pk]
    assert energy.context["totals"] == {"stories": 1, "articles": 1}
    defence = client.get("/pairs/EG-PK/?topic=defence-industry&topic=energy")
    assert [row.article_id for row in defence.context["rows"]] == [wire["wire"][0].pk]
    assert defence.context["totals"] == {"stories": 1, "articles": 10}
