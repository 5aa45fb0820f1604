"""The read-only JSON API: pairs, timelines, articles, countries, topics, with the
pages' filters and pagination, described by a valid OpenAPI schema at a stable URL."""

import pytest
from openapi_spec_validator import validate

from tests.support.factory import load_sample


@pytest.fixture
def sample(db):
    return load_sample()


def test_the_openapi_schema_is_valid_and_describes_every_endpoint(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.1")
    assert {"/api/pairs/", "/api/pairs/{pair}/timeline/", "/api/articles/", "/api/articles/{id}/",
            "/api/countries/", "/api/countries/{code}/", "/api/topics/"} <= set(schema["paths"])


def test_topics(client, db):
    topics = client.get("/api/topics/").json()["results"]
    assert len(topics) == 12
    assert topics[0] == {"slug": "defence-industry", "name_ar": "التصنيع العسكري", "name_en": "Defence industry",
                         "colour": topics[0]["colour"]}


def test_pairs_ranked_and_paginated(client, sample):
    data = client.get("/api/pairs/?limit=2").json()
    assert [r["pair"] for r in data["results"]] == ["EG-PK", "PK-SA"]
    assert data["results"][0]["names_en"] == ["Egypt", "Pakistan"]
    following = client.get(data["next"]).json()
    assert following["results"] and following["results"][0]["pair"] not in ("EG-PK", "PK-SA")
    only_india = client.get("/api/pairs/?country=IN").json()["results"]
    assert [r["pair"] for r in only_india] == ["IN-PK"]


def test_pair_timeline_series(client, sample):
    day = sample[0].published_at.date()
    data = client.get(f"/api/pairs/PK-EG/timeline/?interval=day&from={day.replace(day=1).isoformat()}"
                      f"&to={day.isoformat()}").json()
    assert data["pair"] == "EG-PK" and data["interval"] == "day"
    last = data["series"][-1]
    assert last["start"] == day.isoformat() and last["articles"] == 1
    assert last["topics"] == {"defence-industry": 1}
    split = client.get("/api/pairs/EG-PK/timeline/?mode=split&topic=diplomacy-visits").json()
    assert split["mode"] == "split" and split["articles"] == 3
    assert sum(p["topics"].get("diplomacy-visits", 0) for p in split["series"]) == 3


def test_articles_filtered_and_cursor_paginated(client, sample):
    data = client.get("/api/articles/?pair=EG-PK&limit=4").json()
    assert len(data["results"]) == 4 and data["next"]
    rest = client.get(data["next"]).json()
    assert len(rest["results"]) == 2 and rest["next"] is None
    ids = [a["id"] for a in data["results"] + rest["results"]]
    assert len(set(ids)) == 6
    assert client.get("/api/articles/?pair=EG-PK&q=تدريبات").json()["results"][0]["topics"] == [
        "defence-industry", "military-cooperation"]
    by_country = client.get("/api/articles/?country=TR").json()["results"]
    assert [a["title"] for a in by_country] == ["تركيا وباكستان تعززان التعاون في الصناعات الدفاعية"]


def test_one_article(client, sample):
    data = client.get(f"/api/articles/{sample[0].pk}/").json()
    assert data["body"].startswith("بحث مسؤولون")
    assert [p["pair"] for p in data["tags"]["pairs"]] == [["EG", "PK"], ["PK", "SA"]]
    assert client.get("/api/articles/999999/").status_code == 404


def test_countries(client, sample):
    data = client.get("/api/countries/").json()
    assert data["results"][0]["code"] == "PK" and data["results"][0]["name_ar"] == "باكستان"
    partners = client.get("/api/countries/PK/").json()["partners"]
    assert partners[0]["code"] == "EG"
    assert client.get("/api/countries/QQ/").status_code == 404


@pytest.mark.parametrize("url", [
    "/api/articles/?topic=nonsense", "/api/articles/?from=yesterday", "/api/articles/?limit=1000",
    "/api/pairs/?offset=-1", "/api/articles/?cursor=garbage", "/api/articles/?pair=EG-EG",
])
def test_bad_parameters_are_rejected_clearly(client, sample, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert "error" in response.json()


def test_api_queries_are_bounded(client, sample, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/api/articles/?pair=EG-PK&limit=50")
    with django_assert_max_num_queries(1):
        client.get("/api/pairs/EG-PK/timeline/")
    with django_assert_max_num_queries(2):
        client.get("/api/pairs/")
