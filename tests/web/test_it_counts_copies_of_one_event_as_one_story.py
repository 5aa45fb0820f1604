"""Ten copies of one event are one story and ten articles: every count on the pages
and in the API is of stories unless count=articles asks for articles, and says which.
A story counts once, on the day of its first article: its copies after midnight add
articles to the next day, not stories."""

from datetime import timedelta

import pytest

from newsmonitor.timelines.models import PairDay, TopicDay
from tests.support.wire import load_wire, wire_day


@pytest.fixture
def wire(db):
    return load_wire()


def test_the_pair_timeline_counts_one_story_for_ten_copies(client, wire):
    response = client.get("/pairs/EG-PK/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["totals"] == {"stories": 3, "articles": 12}
    assert response.context["total"] == 3
    assert sum(s["total"] for s in response.context["series"]) == 3
    html = response.content.decode()
    assert '<span class="n-stories">3 stories</span> · <span class="n-articles">12 articles</span>' in html
    assert "Egypt – Pakistan: stories per day" in html
    assert "Counting stories" in html and 'href="/pairs/EG-PK/?count=articles"' in html


def test_asked_for_articles_it_counts_every_copy(client, wire):
    response = client.get("/pairs/EG-PK/?count=articles", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["total"] == 12 and response.context["totals"] == {"stories": 3, "articles": 12}
    assert sum(s["total"] for s in response.context["series"]) == 12
    html = response.content.decode()
    assert '<span class="n-articles">12 articles</span> · <span class="n-stories">3 stories</span>' in html
    assert "Egypt – Pakistan: articles per day" in html and 'href="/pairs/EG-PK/"' in html


def test_it_says_so_in_arabic(client, wire):
    html = client.get("/pairs/EG-PK/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<span class="n-stories">3 قصص</span> · <span class="n-articles">12 مقالًا</span>' in html
    assert "العدّ بالقصص" in html and "عُدّ المقالات بدلًا من ذلك" in html


def test_a_story_counts_on_the_day_of_its_first_article(client, wire):
    first, second = wire_day(), wire_day() + timedelta(days=1)
    days = {row.day: row for row in PairDay.objects.filter(a="EG", b="PK")}
    assert (days[first].n, days[first].s) == (7, 2)  # six copies and another event
    assert (days[second].n, days[second].s) == (4, 0)  # four copies after midnight: no new story
    assert sum(row.s for row in days.values()) == 3
    later = client.get(f"/pairs/EG-PK/?from={second.isoformat()}")
    assert later.context["totals"] == {"stories": 0, "articles": 4}
    both = client.get(f"/pairs/EG-PK/?from={first.isoformat()}&to={second.isoformat()}&interval=day")
    assert both.context["totals"] == {"stories": 2, "articles": 11}
    assert [row["total"] for row in both.context["table"]] == [2]


def test_topics_count_a_story_once_too(db, wire):
    defence = TopicDay.objects.filter(topic="defence-industry")
    assert sum(row.n for row in defence) == 10 and sum(row.s for row in defence) == 1


def test_home_ranks_pairs_by_stories_with_articles_beside(client, wire):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    week = response.context["periods"][0]
    top = week["rows"][0]
    assert (top["slug"], top["n"], top["stories"], top["articles"]) == ("EG-PK", 3, 3, 12)
    html = response.content.decode()
    assert '<th scope="col">Stories</th><th scope="col">Articles</th>' in html
    assert "Latest stories" in html and "Top topics by stories" in html
    latest = [doc.article_id for doc in response.context["latest"]]
    assert wire["wire"][0].pk in latest and not set(latest) & {a.pk for a in wire["wire"][1:]}
    by_articles = client.get("/?count=articles").context["periods"][0]["rows"][0]
    assert by_articles["n"] == 12


def test_country_pages_count_stories(client, wire):
    response = client.get("/countries/EG/?region=partners", HTTP_ACCEPT_LANGUAGE="en")
    [row] = response.context["rows"]
    assert (row["partner"], row["n"], row["articles"], row["n_primary"]) == ("PK", 3, 12, 3)
    html = response.content.decode()
    assert "Partners of Egypt by number of stories" in html
    assert 'aria-label="Egypt – Pakistan: 3 stories"' in html
    assert client.get("/countries/EG/?count=articles").context["rows"][0]["n"] == 12
    countries = {row["code"]: row for row in client.get("/countries/").context["rows"]}
    assert (countries["PK"]["n"], countries["PK"]["articles"]) == (4, 13)


def test_the_api_counts_stories_and_articles(client, wire):
    timeline = client.get("/api/pairs/EG-PK/timeline/").json()
    assert (timeline["count"], timeline["stories"], timeline["articles"]) == ("stories", 3, 12)
    assert sum(point["stories"] for point in timeline["series"]) == 3
    assert sum(point["articles"] for point in timeline["series"]) == 12
    assert sum(sum(point["topics"].values()) for point in timeline["series"]) == 3
    by_articles = client.get("/api/pairs/EG-PK/timeline/?count=articles").json()
    assert sum(sum(point["topics"].values()) for point in by_articles["series"]) == 12
    pairs = {row["pair"]: row for row in client.get("/api/pairs/").json()["results"]}
    assert (pairs["EG-PK"]["stories"], pairs["EG-PK"]["articles"]) == (3, 12)
    assert (pairs["EG-PK"]["primary_stories"], pairs["EG-PK"]["primary"]) == (3, 12)
    countries = {row["code"]: row for row in client.get("/api/countries/").json()["results"]}
    assert (countries["EG"]["stories"], countries["EG"]["articles"]) == (3, 12)
    partner = client.get("/api/countries/EG/").json()["partners"][0]
    assert (partner["stories"], partner["articles"]) == (3, 12)
