"""Home, country and article pages: what they show, in both languages, in a bounded
number of queries."""

import re

import pytest

from tests.support.story_rows import make_story
from tests.support.factory import load_sample


@pytest.fixture
def sample(db):
    return load_sample()


def test_home_ranks_pairs_with_sparklines_and_change(client, sample):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    week = response.context["periods"][0]
    assert week["days"] == 7
    assert [row["slug"] for row in week["rows"]][:2] == ["EG-PK", "PK-SA"]
    assert week["rows"][0]["n"] == 3
    assert '<svg class="spark"' in html
    assert "Egypt – Pakistan" in html
    assert 'href="/pairs/EG-PK/?from=' in html
    month = response.context["periods"][1]
    assert month["rows"][0]["n"] == 4 and month["rows"][0]["before"] == 1  # the call 70 days ago is outside
    assert "Data last updated" in html
    assert [t["slug"] for t in response.context["topics"]][:1] == ["diplomacy-visits"] or response.context["topics"]


def test_home_lists_the_latest_articles_right_to_left(client, sample):
    html = client.get("/").content.decode()
    assert 'dir="rtl" lang="ar"><a href="/articles/' in html
    assert "مصر وباكستان تبحثان تعزيز التعاون" in html


def test_home_with_no_data(client, db):
    assert client.get("/").status_code == 200


def test_country_page_ranks_partners_and_draws_the_matrix(client, sample):
    response = client.get("/countries/PK/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    partners = [row["partner"] for row in response.context["rows"]]
    assert partners[:2] == ["EG", "SA"]
    assert set(partners) == {"EG", "SA", "TR", "IN"}
    html = response.content.decode()
    assert '<table class="matrix">' in html
    assert re.search(r'<a href="/pairs/EG-PK/\?from=[\d-]+&amp;to=[\d-]+"', html)
    assert client.get("/countries/pk/").status_code == 301
    assert client.get("/countries/QQ/").status_code == 404


def test_country_page_regions(client, sample):
    response = client.get("/countries/PK/?region=partners")
    assert [code for code, _name in response.context["matrix_codes"]][:3] == ["PK", "EG", "SA"]
    response = client.get("/countries/EG/?region=arab-league")
    assert "SA" in [code for code, _name in response.context["matrix_codes"]]


def test_countries_index(client, sample):
    response = client.get("/countries/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["rows"][0]["code"] == "PK"
    assert "Pakistan" in response.content.decode()


def test_article_page_shows_text_tags_evidence_and_original(client, sample):
    article = sample[0]
    response = client.get(f"/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<h1 dir="rtl" lang="ar">مصر وباكستان تبحثان' in html
    assert '<div class="body" dir="rtl" lang="ar">' in html
    assert "Egypt – Pakistan" in html and "Pakistan – Saudi Arabia" in html
    assert "primary pair" in html
    assert '<mark class="hit">والسعودية</mark>' in html  # evidence of PK-SA, clitic and all
    assert "Defence industry" in html and "0.90" in html
    assert 'href="http://nile.example/story/1"' in html
    assert client.get("/articles/999999/").status_code == 404


def test_article_page_shows_other_articles_on_the_same_story(client, sample):
    # The story is the grouping step's (StoryMember), no longer a guess from the same
    # text or a similar title: an article of the same text in no story is not listed.
    from newsmonitor.articles.models import Article

    first = sample[0]
    make_story(first, sample[1])
    Article.objects.filter(pk__in=[first.pk, sample[2].pk]).update(content_hash="same")
    html = client.get(f"/articles/{first.pk}/").content.decode()
    assert "وزير الخارجية المصري يستقبل نظيره الباكستاني" in html
    assert sample[2].title not in html


def test_interface_languages_mirror_the_layout(client, sample):
    arabic = client.get("/countries/PK/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    english = client.get("/countries/PK/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic and "باكستان" in arabic
    assert '<html lang="en" dir="ltr">' in english and "<h1>Pakistan</h1>" in english
    assert "شركاء" in arabic  # translated interface, not only names
    for html in (arabic, english):
        assert "/i18n/setlang/" in html


def test_the_language_switch_sets_the_language(client, sample):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/pairs/EG-PK/"})
    assert response.status_code == 302 and response["Location"] == "/pairs/EG-PK/"
    assert '<html lang="en" dir="ltr">' in client.get("/pairs/EG-PK/").content.decode()


@pytest.mark.parametrize("url, bound", [("/", 10), ("/countries/PK/", 4), ("/countries/", 3), ("article", 7)])
def test_pages_make_a_bounded_number_of_queries(client, sample, django_assert_max_num_queries, url, bound):
    if url == "article":
        url = f"/articles/{sample[0].pk}/"
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200
