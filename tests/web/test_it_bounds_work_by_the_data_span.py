"""No date in a URL sizes the work: a requested range is clamped to the days that
have data, and every chart, sparkline and series has a bounded number of points
whatever the range (a coarser interval, or the newest points and a notice)."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from newsmonitor.timelines.readmodels import charts, rankings
from newsmonitor.timelines.models import ArticleDoc
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles
from tests.support.factory import load_sample, make_article

WIDEST = "from=0001-01-01&to=9999-12-31"
# A country page of the sample is ~50 KB; the unbounded one was 5 MB.
PAGE_BYTES = 150_000


@pytest.fixture
def sample(db):
    return load_sample()


def data_days():
    days = list(ArticleDoc.objects.values_list("day", flat=True))
    return min(days), max(days)


def old_story(year, countries=("EG", "PK")):
    """An article of the pair far in the past (an archive, or a feed's wrong date)."""
    article = make_article("خبر قديم عن مصر وباكستان", "مصر وباكستان", countries=countries,
                           published=datetime(year, 3, 1, 9, tzinfo=timezone.utc),
                           pairs=[("EG", "PK", True, "مصر وباكستان")], topics=[("trade-economy", 0.5)])
    refresh_for_articles([article.pk])
    return article


def spark_points(html):
    return [len(points.split()) for points in
            __import__("re").findall(r'<polyline fill="none" points="([^"]*)"', html)]


def test_the_country_page_clamps_the_widest_range_to_the_data(client, sample):
    response = client.get(f"/countries/EG/?{WIDEST}")
    assert response.status_code == 200
    first, last = data_days()
    assert (response.context["start"], response.context["end"]) == (first, last)
    assert len(response.content) < PAGE_BYTES
    points = spark_points(response.content.decode())
    assert points and max(points) <= ((last - first).days // 7 + 2)
    assert client.get(f"/countries/?{WIDEST}").context["start"] == first


def test_country_sparklines_have_a_bounded_number_of_points_over_decades(client, sample):
    old_story(1950)
    response = client.get(f"/countries/EG/?{WIDEST}")
    assert response.context["start"] == date(1950, 3, 1)
    points = spark_points(response.content.decode())
    assert points and max(points) <= rankings.MAX_POINTS
    assert len(response.content) < PAGE_BYTES


def test_series_functions_are_bounded_whatever_the_range(db):
    lines, weeks = rankings.weekly_series([("EG", "PK")], date.min, date.max)
    assert len(lines[("EG", "PK")]) <= rankings.MAX_POINTS and weeks * 7 * rankings.MAX_POINTS >= 3652058
    assert len(charts.bucket_range(date.min, date.max, "day")) <= charts.MAX_BUCKETS
    assert charts.bucket_range(date(9999, 12, 1), date.max, "month") == [date(9999, 12, 1)]
    assert charts.bucket_range(date(9999, 12, 27), date.max, "week")[-1] <= date.max


@pytest.mark.parametrize("interval", ["", "day", "week", "month"])
def test_the_pair_chart_covers_the_data_not_the_request(client, sample, interval):
    response = client.get(f"/pairs/EG-PK/?{WIDEST}&interval={interval}")
    assert response.status_code == 200
    first, last = data_days()
    buckets = response.context["buckets"]
    chosen = response.context["interval"]
    assert buckets[0] == charts.bucket_of(first, chosen) and buckets[-1] == charts.bucket_of(last, chosen)
    assert response.context["total"] == 6
    assert len(response.content) < PAGE_BYTES


def test_a_too_fine_interval_becomes_coarser_with_a_notice(client, sample):
    old_story(2000)
    response = client.get(f"/pairs/EG-PK/?{WIDEST}&interval=day", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["interval"] != "day"
    assert len(response.context["buckets"]) <= charts.MAX_BUCKETS
    assert response.context["total"] == 7
    assert 'class="notice"' in response.content.decode()


def test_a_span_of_centuries_shows_the_newest_months_with_a_notice(client, sample):
    old_story(1800)
    response = client.get("/pairs/EG-PK/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["interval"] == "month"
    assert len(response.context["buckets"]) == charts.MAX_BUCKETS
    assert response.context["buckets"][-1] == charts.bucket_of(data_days()[1], "month")
    assert 'class="notice"' in response.content.decode()
    assert len(response.content) < PAGE_BYTES


def test_the_api_timeline_is_bounded_and_says_what_it_covers(client, sample):
    data = client.get(f"/api/pairs/EG-PK/timeline/?{WIDEST}&interval=day").json()
    first, last = data_days()
    assert data["series"][0]["start"] == first.isoformat() and data["series"][-1]["start"] == last.isoformat()
    assert data["articles"] == 6
    old_story(2000)
    response = client.get(f"/api/pairs/EG-PK/timeline/?{WIDEST}&interval=day")
    assert response.status_code == 400 and "interval" in response.json()["error"]
    data = client.get(f"/api/pairs/EG-PK/timeline/?{WIDEST}").json()
    assert len(data["series"]) <= charts.MAX_BUCKETS and data["articles"] == 7


def test_an_empty_database_gives_a_short_range(client, db):
    response = client.get(f"/countries/EG/?{WIDEST}")
    assert response.status_code == 200
    assert (response.context["end"] - response.context["start"]).days <= 90
    response = client.get(f"/pairs/EG-PK/?{WIDEST}&interval=day")
    assert len(response.context["buckets"]) <= 1
    data = client.get(f"/api/pairs/EG-PK/timeline/?{WIDEST}&interval=day").json()
    assert len(data["series"]) <= 1


@pytest.mark.parametrize("url", [f"/search/?q=مصر&{WIDEST}", f"/search/feed.atom?q=مصر&{WIDEST}",
                                 f"/pairs/EG-PK/feed.atom?{WIDEST}", f"/api/articles/?q=مصر&{WIDEST}",
                                 f"/api/countries/?{WIDEST}", f"/api/pairs/?{WIDEST}", f"/api/countries/EG/?{WIDEST}"])
def test_lists_over_the_widest_range_answer_as_over_the_data(client, sample, url):
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.content) < PAGE_BYTES


def test_exports_over_the_widest_range_hold_every_article(client, sample):
    response = client.get(f"/search/export.json?{WIDEST}")
    data = json.loads(b"".join(response.streaming_content))
    assert len(data["articles"]) == len(sample)


def test_a_range_beyond_the_data_is_empty_not_moved(client, sample):
    last = data_days()[1]
    after = (last + timedelta(days=1)).isoformat()
    assert client.get(f"/pairs/EG-PK/?from={after}&to=9999-12-31").context["total"] == 0
    assert client.get("/api/articles/?from=9999-12-31").json()["results"] == []
    assert client.get("/api/pairs/?to=0001-01-01").json()["results"] == []
    assert client.get("/countries/EG/?from=9999-12-30").context["rows"] == []
