"""An article's URL comes from a feed, so it may be anything: a script, a data URL, an
address inside our network. Pages, Atom entries, the API and exports offer it as a
link only when it is http(s) to a public host (lib.urls.reader_link); otherwise the
pages show no link, Atom links the article's page here, the API and exports give
null / an empty cell."""

import csv
import io
import json
import re

import feedparser
import pytest

from newsmonitor.articles.models import Article
from newsmonitor.feeds.models import Outlet
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles
from tests.support.factory import make_article

UNSAFE = ["javascript:alert(document.domain)", " javascript:alert(1)", "\x01javascript:alert(1)",
          "java\tscript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
          "vbscript:msgbox(1)", "http://127.0.0.1:22/", "http://169.254.169.254/latest/meta-data/",
          "http://2130706433/", "http://[::1]/", "http://localhost/", "http://intranet.local/x", "file:///etc/passwd"]
SAFE = "https://news.example/story/1"


@pytest.fixture
def outlet(db):
    return Outlet.objects.create(name="وكالة النيل للأنباء", country="EG", homepage="http://nile.example/")


def store(outlet, url, original_url=""):
    article = make_article("مصر وباكستان تبحثان التعاون", "مصر وباكستان", outlet=outlet, countries=["EG", "PK"],
                           pairs=[("EG", "PK", True, "مصر وباكستان")], topics=[("energy", 0.5)],
                           url=f"https://news.example/{abs(hash(url))}")
    # Straight into the table, as a feed that slipped past every check would leave it.
    Article.objects.filter(pk=article.pk).update(url=url, original_url=original_url)
    refresh_for_articles([article.pk])
    return article


def hrefs(html):
    return re.findall(r'href="([^"]*)"', html)


PAGES = ["/", "/pairs/EG-PK/", "/search/?q=مصر", "/search/?topic=energy", "/articles/{pk}/"]


def check_pages(client, article, expected):
    for page in PAGES:
        html = client.get(page.format(pk=article.pk)).content.decode()
        links = [h for h in hrefs(html) if not h.startswith(("/", "#"))]
        assert links == ([expected] if expected else []), page


def api_and_exports(client, article):
    urls = [client.get(f"/api/articles/{article.pk}/").json()["url"],
            client.get("/api/articles/").json()["results"][0]["url"]]
    data = json.loads(b"".join(client.get("/search/export.json").streaming_content))
    urls.append(data["articles"][0]["url"])
    text = b"".join(client.get("/pairs/EG-PK/export.csv").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    return urls, rows[0]["url"]


def atom_links(client, article):
    feed = feedparser.parse(client.get("/pairs/EG-PK/feed.atom").content)
    assert not feed.bozo
    return [entry.link for entry in feed.entries]


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_an_unsafe_url_is_never_a_link(client, outlet, unsafe):
    article = store(outlet, unsafe)
    check_pages(client, article, None)
    html = client.get(f"/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "link withheld" in html
    urls, cell = api_and_exports(client, article)
    assert urls == [None, None, None] and cell == ""
    assert atom_links(client, article) == [f"http://testserver/articles/{article.pk}/"]


@pytest.mark.parametrize("unsafe", UNSAFE[:3] + UNSAFE[7:9])
def test_an_unsafe_original_url_is_not_offered_either(client, outlet, unsafe):
    article = store(outlet, SAFE, original_url=unsafe)
    check_pages(client, article, None)
    urls, cell = api_and_exports(client, article)
    assert urls == [None, None, None] and cell == ""


def test_a_public_url_is_a_link_everywhere(client, outlet):
    article = store(outlet, SAFE)
    check_pages(client, article, SAFE)
    urls, cell = api_and_exports(client, article)
    assert urls == [SAFE, SAFE, SAFE] and cell == SAFE
    assert atom_links(client, article) == [SAFE]


def test_the_demo_site_may_be_linked_when_allowed(client, outlet, settings):
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = ["127.0.0.1:8765"]
    article = store(outlet, "http://127.0.0.1:8765/story/1")
    check_pages(client, article, "http://127.0.0.1:8765/story/1")
    assert atom_links(client, article) == ["http://127.0.0.1:8765/story/1"]


def test_the_schema_says_the_url_may_be_null(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["schemas"]["Article"]["properties"]["url"]["type"] == ["string", "null"]
