"""A corrected tag is marked curated wherever researchers take the data: the JSON API
(per tag and as a summary), JSON and CSV exports."""

import csv
import io
import json

import pytest

from newsmonitor.articles.corrections import correct
from newsmonitor.timelines.readmodels import rollups

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected(tagged_article):
    correct(tagged_article, "pair", "IN-PK", "add")
    correct(tagged_article, "topic", "energy", "add")
    correct(tagged_article, "country", "SA", "remove")
    rollups.refresh_for_articles([tagged_article.pk])
    return tagged_article


def streamed(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_api_marks_curated_tags(client, corrected):
    listed = client.get("/api/articles/?pair=IN-PK").json()["results"]
    assert [a["id"] for a in listed] == [corrected.pk]
    record = listed[0]
    assert record["curated"] == {"countries": ["IN"], "pairs": [["IN", "PK"]], "topics": ["energy"]}
    assert {tuple(p["pair"]): p["curated"] for p in record["pairs"]} == {("EG", "PK"): False, ("IN", "PK"): True}
    assert "SA" not in record["countries"]
    one = client.get(f"/api/articles/{corrected.pk}/").json()
    assert {t["topic"]: t["source"] for t in one["tags"]["topics"]}["energy"] == "editor"


def test_exports_mark_curated_tags(client, corrected):
    rows = list(csv.DictReader(io.StringIO(streamed(client.get("/pairs/EG-PK/export.csv")).lstrip("\ufeff"))))
    assert rows[0]["curated"] == "country:IN;pair:IN-PK;topic:energy"
    data = json.loads(streamed(client.get("/pairs/IN-PK/export.json")))
    assert data["articles"][0]["curated"]["pairs"] == [["IN", "PK"]]


def test_an_article_without_corrections_has_none(client, tagged_article):
    rollups.refresh_for_articles([tagged_article.pk])
    record = client.get("/api/articles/?pair=EG-PK").json()["results"][0]
    assert record["curated"] == {"countries": [], "pairs": [], "topics": []}
