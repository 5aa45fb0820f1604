"""The pair timeline page: one address per pair, filters in the URL, chart and list
agreeing, the article text right-to-left, a bounded number of queries."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.support.factory import load_sample, make_article
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles


@pytest.fixture
def sample(db):
    return load_sample()


def titles(response):
    return re.findall(r'<h4 class="title" dir="rtl" lang="ar"><a href="/articles/\d+/">(.*?)</a>',
                      response.content.decode())


def test_either_order_leads_to_the_same_page(client, sample):
    response = client.get("/pairs/PK-EG/?topic=defence-industry")
    assert response.status_code == 301
    assert response["Location"] == "/pairs/EG-PK/?topic=defence-industry"
    assert client.get("/pairs/eg-pk/").status_code == 301
    assert client.get("/pairs/EG-EG/").status_code == 404
    assert client.get("/pairs/EG-QQ/").status_code == 404


def test_the_timeline_lists_the_pairs_articles_newest_first(client, sample):
    response = client.get("/pairs/EG-PK/")
    assert response.status_code == 200
    shown = titles(response)
    assert shown[0] == "مصر وباكستان تبحثان تعزيز التعاون في مجال التصنيع العسكري"
    assert len(shown) == 6  # the six EG-PK stories of the sample
    assert "السعودية وباكستان توقعان" not in response.content.decode()  # PK-SA only


def test_article_text_is_right_to_left_whatever_the_interface_language(client, sample):
    english = client.get("/pairs/EG-PK/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr">' in english
    assert '<blockquote class="evidence" dir="rtl" lang="ar">' in english
    arabic = client.get("/pairs/EG-PK/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "مصر – باكستان" in arabic and "Egypt – Pakistan" in english


def test_the_evidence_highlights_both_countries(client, sample):
    html = client.get("/pairs/EG-PK/").content.decode()
    assert '<mark class="hit">المصري</mark>' in html
    assert '<mark class="hit">باكستان</mark>' in html


def test_the_page_announces_its_atom_feed_with_the_same_filters(client, sample):
    html = client.get("/pairs/EG-PK/?topic=defence-industry&primary=1").content.decode()
    link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
    assert link and link.group(1) == "/pairs/EG-PK/feed.atom?topic=defence-industry&amp;primary=1"


@pytest.mark.parametrize("query, expected", [
    ("topic=defence-industry", 2),
    ("topic=defence-industry&topic=sports", 3),
    ("topic=trade-economy,sports", 2),
    ("primary=1", 5),
    ("outlet_country=SA", 2),
    ("language=en", 0),
    ("q=الباكستاني", 5),  # الباكستانية, والباكستانية too
    ("q=تدريبات", 1),
])
def test_filters_change_the_list_and_the_chart(client, sample, query, expected):
    response = client.get(f"/pairs/EG-PK/?{query}")
    assert len(titles(response)) == expected
    assert response.context["total"] == expected
    assert sum(s["total"] for s in response.context["series"]) == expected


def test_outlet_and_date_filters(client, sample):
    outlet = sample[0].outlet
    assert len(titles(client.get(f"/pairs/EG-PK/?outlet={outlet.pk}"))) == 3
    day = sample[0].published_at.date()
    response = client.get(f"/pairs/EG-PK/?from={(day - timedelta(days=3)).isoformat()}&to={day.isoformat()}")
    assert len(titles(response)) == 3
    assert response.context["interval"] == "day"
    assert len(response.context["buckets"]) == 4


def test_the_chart_stacks_by_topic_and_has_a_table_alternative(client, sample):
    html = client.get("/pairs/EG-PK/?interval=week", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert re.search(r'<g class="bar" data-bucket="[\d-]+"><title>week of', html)  # the hover label
    assert "<table>" in html and "<caption>" in html
    split = client.get("/pairs/EG-PK/?mode=split", HTTP_ACCEPT_LANGUAGE="en")
    labels = [block["label"] for block in split.context["charts"]]
    assert "Defence industry" in labels and "Sports" in labels


def test_filtered_topics_colour_the_chart_with_the_topics_asked_for(client, sample):
    response = client.get("/pairs/EG-PK/?topic=military-cooperation&topic=defence-industry")
    keys = [s["key"] for s in response.context["series"]]
    # The training story's main topic is military cooperation; the first story's is
    # defence industry: each counted once, under a topic asked for.
    assert sorted(keys) == ["defence-industry", "military-cooperation"]


def test_the_filter_script_gets_the_results_fragment_only(client, sample):
    response = client.get("/pairs/EG-PK/?topic=sports", HTTP_X_PARTIAL="1")
    html = response.content.decode()
    assert "<html" not in html and 'class="results"' in html
    assert "X-Partial" in response["Vary"]
    assert len(titles(response)) == 1


def test_bad_filter_values_are_ignored_not_fatal(client, sample):
    response = client.get("/pairs/EG-PK/?topic=nonsense&from=yesterday&outlet=x&cursor=garbage")
    assert response.status_code == 200
    assert len(titles(response)) == 6


def test_the_list_pages_with_a_cursor(client, sample, settings):
    outlet = sample[0].outlet
    now = timezone.now()
    extra = [make_article(f"خبر رقم {i} عن مصر وباكستان", "مصر وباكستان", outlet=outlet,
                          published=now - timedelta(days=100, minutes=i), countries=["EG", "PK"],
                          pairs=[("EG", "PK", True, "مصر وباكستان")], topics=[("trade-economy", 0.5)])
             for i in range(55)]
    refresh_for_articles([a.pk for a in extra])
    first = client.get("/pairs/EG-PK/")
    assert len(titles(first)) == 50
    cursor = first.context["next_cursor"]
    assert cursor
    second = client.get("/pairs/EG-PK/", {"cursor": cursor})
    assert len(titles(second)) == 11
    assert not set(titles(first)) & set(titles(second))
    assert second.context["next_cursor"] is None


def test_the_page_makes_a_bounded_number_of_queries(client, sample, django_assert_max_num_queries):
    more = [make_article(f"مقال {i} عن مصر وباكستان", "مصر وباكستان", outlet=sample[0].outlet,
                         published=timezone.now() - timedelta(hours=i), countries=["EG", "PK"],
                         pairs=[("EG", "PK", True, "مصر وباكستان")], topics=[("energy", 0.5)]) for i in range(40)]
    refresh_for_articles([a.pk for a in more])
    with django_assert_max_num_queries(6):
        assert client.get("/pairs/EG-PK/?topic=energy&q=مصر").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/pairs/EG-PK/").status_code == 200
