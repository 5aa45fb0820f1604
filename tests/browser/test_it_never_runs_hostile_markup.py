"""Script, event handlers and javascript: links put in every field an article, its tags,
its outlet and its feed can carry never run: on any researcher page or admin page in
headless Chromium with the Content-Security-Policy on, nor in Atom or the exports.

A payload that ran would set window.__pwned; one that was parsed as markup but
blocked by the policy would show as a violation; one that was escaped shows as text.
Only the last is allowed."""

import csv
import io
import json
from datetime import datetime, timezone

import pytest
from django.contrib.auth.models import User
from django.test import Client
from lxml import etree, html as lxml_html

from newsmonitor.articles.models import ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.feeds.models import Feed, FetchLog, Outlet
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles
from tests.support.factory import make_article

pytestmark = pytest.mark.slow

PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    '"><img src=x onerror="window.__pwned=\'img\'">',
    "'><svg onload=window.__pwned='svg'>",
    "<a href=\"javascript:window.__pwned='a'\">اضغط</a>",
    "</textarea></title><script>window.__pwned='breakout'</script>",
    "{{ request }}{% now 'Y' %}",
]
EVIL = " ".join(PAYLOADS)
RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective));
"""
# Every element attribute named on*, every href/src/action that is a script URL,
# and every <script> that is not one of ours.
DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (attr.name.startsWith("on")) bad.push(`${el.tagName} ${attr.name}`);
      if (["href", "src", "action", "formaction", "xlink:href"].includes(attr.name)
          && /^(javascript|data|vbscript):/.test(value)) bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  for (const s of document.querySelectorAll("script")) {
    if (!s.src || new URL(s.src).origin !== location.origin) bad.push(`script ${s.src || s.textContent.slice(0, 40)}`);
  }
  return bad;
}"""


@pytest.fixture
def hostile(transactional_db, live_server):
    outlet = Outlet.objects.create(name="صحيفة " + PAYLOADS[1], country="EG", homepage="javascript:alert(1)")
    feed = Feed.objects.create(url="https://feeds.example/rss.xml", outlet=outlet, title="خلاصة " + PAYLOADS[2],
                               last_error_kind="malformed-feed", last_error=EVIL)
    FetchLog.objects.create(feed=feed, error_kind="xml-entities", error=EVIL, notes=EVIL)
    body = "مصر وباكستان تبحثان التعاون العسكري. " + EVIL + "\n" + "وقال الوزير إن البلدين شريكان. " * 10
    article = make_article(
        "مصر وباكستان " + EVIL, body, outlet=outlet, published=datetime(2025, 10, 5, 10, tzinfo=timezone.utc),
        countries=["EG", "PK"], pairs=[("EG", "PK", True, "مصر وباكستان تبحثان " + EVIL)],
        topics=[("defence-industry", 0.9)], url="javascript:window.__pwned='url'",
    )
    article.original_url = " javascript:window.__pwned='original'"
    article.summary, article.author = EVIL, PAYLOADS[0] + PAYLOADS[3]
    article.save()
    ArticleCountry.objects.filter(article=article).update(forms=[EVIL, "مصر"])
    ArticlePair.objects.filter(article=article).update(cues=[EVIL])
    ArticleTopic.objects.filter(article=article).update(terms=[EVIL])
    refresh_for_articles([article.pk])
    admin = User.objects.create_superuser("amina", "amina@example.org", "tall ochre lantern 47")
    return live_server.url, article, feed, outlet, admin


@pytest.fixture
def page(chromium, hostile):
    url, _article, _feed, _outlet, admin = hostile
    client = Client()
    client.force_login(admin)
    context = chromium.new_context(locale="ar")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}])
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def check(page, url):
    response = page.goto(url)
    assert response.status < 400, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(r => setTimeout(r, 100))")  # let any onerror/onload fire
    assert page.evaluate("window.__pwned") is None, url
    assert page.evaluate("window.__csp") == [], url  # nothing was even parsed as markup
    assert page.evaluate(DOM_CHECK) == [], url
    assert page.errors == [], url


def test_no_researcher_page_runs_it(hostile, page):
    url, article, _feed, outlet, _admin = hostile
    for path in ["/", "/?lang=en", "/countries/", "/countries/EG/", "/pairs/EG-PK/",
                 f"/pairs/EG-PK/?q={PAYLOADS[0]}", f"/articles/{article.pk}/", f"/search/?q={PAYLOADS[1]}",
                 f"/search/?q=مصر&outlet={outlet.pk}", f"/pairs/EG-PK/?from={PAYLOADS[2]}&topic={PAYLOADS[3]}"]:
        check(page, url + path)
    assert EVIL.split()[0] in page.content() or "&lt;script&gt;" in page.content()  # shown, as text


def test_no_admin_page_runs_it(hostile, page):
    url, article, feed, outlet, _admin = hostile
    for path in ["/admin/", "/admin/articles/article/", f"/admin/articles/article/{article.pk}/change/",
                 "/admin/feeds/feed/", f"/admin/feeds/feed/{feed.pk}/change/", "/admin/feeds/outlet/",
                 f"/admin/feeds/outlet/{outlet.pk}/change/", "/admin/feeds/fetchlog/",
                 f"/admin/articles/article/?q={PAYLOADS[1]}"]:
        check(page, url + path)


def test_atom_carries_it_only_as_inert_text(hostile):
    url, article, _feed, _outlet, _admin = hostile
    for path in ["/pairs/EG-PK/feed.atom", "/search/feed.atom?q=مصر"]:
        root = etree.fromstring(Client().get(path).content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entries = root.findall("a:entry", ns)
        assert entries, path
        for entry in entries:
            for link in entry.findall("a:link", ns):
                assert link.get("href").startswith(("http://", "https://")), link.get("href")
            assert "<script" not in entry.findtext("a:title", namespaces=ns).lower() or \
                entry.find("a:title", ns).get("type", "text") == "text"
            summary = entry.find("a:summary", ns)
            if summary is not None and summary.get("type") == "html":
                fragment = lxml_html.fragment_fromstring(summary.text or "", create_parent="div")
                assert not fragment.xpath("//script|//img|//svg|//a"), etree.tostring(fragment)
                assert not any(name.startswith("on") for el in fragment.iter() for name in el.attrib)


def test_exports_carry_it_only_as_data(hostile):
    _url, article, _feed, _outlet, _admin = hostile
    records = json.loads(body(Client().get("/pairs/EG-PK/export.json")))["articles"]
    record = next(r for r in records if r["id"] == article.pk)
    assert record["url"] is None and record["canonical_url"] is None  # no script URL handed on
    assert record["title"] == article.title  # the data as written: escaping is the reader's job
    text = body(Client().get("/pairs/EG-PK/export.csv")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["id"] == str(article.pk))
    assert not row["url"].lower().lstrip().startswith("javascript")
    assert all(not value or value[0] not in "=+-@\t\r" for value in row.values())


def body(response):
    return b"".join(response.streaming_content)
