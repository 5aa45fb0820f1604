"""Exports and Atom feeds of filtered views: every matching row, parsed back."""

import csv
import io
import json

import feedparser
import pytest

from newsmonitor.timelines.readmodels import records
from tests.support.factory import load_sample


@pytest.fixture
def sample(db):
    return load_sample()


def body(response):
    assert response.streaming, "exports are streamed"
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_export_of_a_filtered_pair_view(client, sample):
    assert client.get("/pairs/PK-EG/export.csv").status_code == 200  # either order
    response = client.get("/pairs/EG-PK/export.csv?topic=defence-industry")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert len(rows) == 2
    first = rows[0]
    assert first["title"] == "مصر وباكستان تبحثان تعزيز التعاون في مجال التصنيع العسكري"
    assert first["outlet"] == "وكالة النيل للأنباء" and first["outlet_country"] == "EG"
    assert first["language"] == "ar" and first["url"] == "http://nile.example/story/1"
    assert first["countries"] == "EG;PK;SA"
    assert first["pairs"] == "EG-PK;PK-SA" and first["primary_pair"] == "EG-PK"
    assert set(first["topics"].split(";")) == {"defence-industry", "diplomacy-visits"}
    evidence = json.loads(first["evidence"])
    assert "بسفير باكستان في القاهرة" in evidence["EG-PK"][0]
    assert first["published_at"].startswith(first["day"])


def test_json_export_has_every_field_and_the_view(client, sample):
    data = json.loads(body(client.get("/pairs/EG-PK/export.json?primary=1")))
    assert data["view"] == "pair" and data["pair"] == ["EG", "PK"] and data["filters"]["primary"] is True
    assert len(data["articles"]) == 5
    article = data["articles"][0]
    assert {"id", "title", "url", "outlet", "outlet_country", "language", "published_at", "countries", "pairs",
            "topics"} <= set(article)
    pair = next(p for p in article["pairs"] if p["pair"] == ["EG", "PK"])
    assert pair["primary"] is True and pair["evidence"]


def test_exports_of_searches_and_of_everything(client, sample):
    data = json.loads(body(client.get("/search/export.json?q=السعودية")))
    assert {a["title"] for a in data["articles"]} >= {"السعودية وباكستان توقعان اتفاقية دفاع استراتيجي مشترك"}
    rows = list(csv.DictReader(io.StringIO(body(client.get("/search/export.csv")).lstrip("\ufeff"))))
    assert len(rows) == len(sample)


def test_exports_stream_all_rows_in_chunks(client, sample, monkeypatch):
    monkeypatch.setattr(records, "CHUNK", 2)
    rows = list(csv.DictReader(io.StringIO(body(client.get("/pairs/EG-PK/export.csv")).lstrip("\ufeff"))))
    assert len(rows) == 6 and len({r["id"] for r in rows}) == 6


def test_export_queries_do_not_grow_with_rows(client, sample, django_assert_max_num_queries):
    with django_assert_max_num_queries(4 * 2):  # one chunk (rows + three tag queries), one empty read at most
        body(client.get("/pairs/EG-PK/export.json"))


def test_atom_feed_of_a_filtered_view_parses_cleanly(client, sample):
    response = client.get("/pairs/EG-PK/feed.atom?topic=defence-industry", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert "Egypt – Pakistan: Defence industry" in feed.feed.title
    assert len(feed.entries) == 2
    entry = feed.entries[0]
    assert entry.title == "مصر وباكستان تبحثان تعزيز التعاون في مجال التصنيع العسكري"
    assert entry.link == "http://nile.example/story/1"
    assert entry.id.endswith(f"/articles/{sample[0].pk}/")
    assert "بسفير باكستان" in entry.summary
    assert {t.term for t in entry.tags} == {"Defence industry", "Diplomacy and visits"}
    assert entry.published_parsed


def test_search_feed(client, sample):
    feed = feedparser.parse(client.get("/search/feed.atom?q=لباكستان").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["لباكستان دور في أمن الخليج بحسب مسؤول سعودي"]
