"""Exports of stories (the default) have one row per story, its first article, with
how many articles the story has and the outlets that carried it; exports of articles
have every article with its story's id. The API gives every article record its story,
and its schema says what a count counts."""

import csv
import io
import json

import pytest

from tests.support.wire import load_wire


@pytest.fixture
def wire(db):
    return load_wire()


def body(response):
    return b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")


def test_a_csv_of_stories_has_one_row_per_story(client, wire):
    response = client.get("/pairs/EG-PK/export.csv")
    assert "-stories-" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert len(rows) == 3
    story = rows[0]
    assert int(story["id"]) == wire["wire"][0].pk
    assert story["story_articles"] == "10"
    outlets = story["story_outlets"].split(";")
    assert len(outlets) == 10 and outlets[0] == "وكالة النيل للأنباء" and "الأناضول" in outlets
    assert story["story"] and int(story["story"]) == wire["wire"][0].story_member.story_id
    assert [row["story_articles"] for row in rows[1:]] == ["1", "1"] and rows[1]["story"] == ""


def test_a_csv_of_articles_has_every_article_and_its_story(client, wire):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/pairs/EG-PK/export.csv?count=articles")))))
    assert len(rows) == 12 and "story_articles" not in rows[0]
    story = str(wire["wire"][0].story_member.story_id)
    assert sum(row["story"] == story for row in rows) == 10
    assert sum(row["story"] == "" for row in rows) == 2


def test_a_json_export_says_what_it_counts(client, wire):
    stories = json.loads(body(client.get("/search/export.json?country=PK")))
    assert stories["count"] == "stories" and len(stories["articles"]) == 4
    assert stories["articles"][0]["story_articles"] in (1, 10)
    articles = json.loads(body(client.get("/search/export.json?country=PK&count=articles")))
    assert articles["count"] == "articles" and len(articles["articles"]) == 13
    assert all("story" in record for record in articles["articles"])


def test_every_api_article_record_has_its_story(client, wire):
    results = client.get("/api/articles/?pair=EG-PK&count=articles&limit=50").json()["results"]
    story = wire["wire"][0].story_member.story_id
    assert sorted(r["id"] for r in results if r["story"] == story) == sorted(a.pk for a in wire["wire"])
    one = client.get(f"/api/articles/{wire['wire'][3].pk}/").json()
    assert one["story"] == story and one["story_articles"] == 10
    members = one["story_members"]
    assert len(members) == 9 and {m["how"] for m in members} == {"first", "copy"}
    assert members[0]["id"] == wire["wire"][0].pk and members[0]["outlet"] == "وكالة النيل للأنباء"
    alone = client.get(f"/api/articles/{wire['others'][0].pk}/").json()
    assert alone["story"] is None and alone["story_members"] == []


def test_the_schema_documents_the_count(client, db):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/articles/", "/api/pairs/{pair}/timeline/", "/api/pairs/", "/api/countries/"):
        [count] = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "count"]
        assert count["schema"]["enum"] == ["stories", "articles"] and count["schema"]["default"] == "stories"
        assert "once" in count["description"]
    article = schema["components"]["schemas"]["Article"]["properties"]
    assert article["story"]["type"] == ["integer", "null"]
    assert {"story_articles", "story_outlets", "story_members"} <= set(article)
    assert "stories" in schema["components"]["schemas"]["Timeline"]["properties"]
    assert {"stories", "primary_stories"} <= set(schema["components"]["schemas"]["PairRank"]["properties"])
