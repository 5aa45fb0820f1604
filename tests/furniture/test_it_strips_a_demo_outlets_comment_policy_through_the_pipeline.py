"""As a new user meets it: a site (the demo's Najd Online) prints its comment policy and an
app promotion in every article body, and the page reader keeps both. Run through the
real pipeline (poll, extract, tag, as `poll --sync` does) against the local server, the
outlet learns them from its own articles: at the end no stored body has them, the
earliest included, the raw extraction keeps them, and the two states the promotion names
(Kuwait, Bahrain), named nowhere else, are on no article, timeline row or search text."""

import pytest

from newsmonitor import pipeline
from newsmonitor.articles.boilerplate import paragraphs
from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, OutletLearner, OutletParagraph
from newsmonitor.demo import SITE_DIR, demo_outlets
from newsmonitor.feeds.feedlist import add_feed
from newsmonitor.tagging import Tagger
from newsmonitor.timelines.models import ArticleDoc
from tests.support.httpserver import LocalHTTPServer

pytestmark = [pytest.mark.core, pytest.mark.django_db]

POLICY, PROMOTION = "سياسة التعليقات:", "حمّل تطبيق"


@pytest.fixture
def demo_site(settings):
    server = LocalHTTPServer(SITE_DIR).start()
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = [server.host_port]
    yield server
    server.stop()


def najd_feed(server):
    (outlet,) = [o for o in demo_outlets() if o["slug"] == "najd"]
    (item,) = outlet["feeds"]
    feed, _, _ = add_feed(f"http://{server.host_port}/{item['path']}", outlet=outlet["name"],
                          country=outlet["country"], homepage=outlet["homepage"], check=False)
    return feed


def furniture_of(text):
    return POLICY in text or PROMOTION in text


def test_the_comment_policy_leaves_every_body_and_its_states_every_tag(demo_site):
    feed = najd_feed(demo_site)
    (report,) = pipeline.run_inline([feed.pk], on_wait=lambda message: None)
    assert len(report.articles) == 8 and all(status == "done" and tagged for _, status, tagged in report.articles)

    learned = OutletParagraph.objects.filter(outlet=feed.outlet, learned=True)
    assert sorted(p.example[:10] for p in learned) == sorted([POLICY[:10], PROMOTION[:10]])
    assert OutletLearner.objects.get(outlet=feed.outlet).articles == 8
    tagger = Tagger.load()
    for article in Article.objects.filter(outlet=feed.outlet):
        raw = paragraphs(article.raw_body)
        assert sum(map(furniture_of, raw)) == 2  # the extraction kept both, as the reader gave them
        assert not furniture_of(article.body)
        assert paragraphs(article.body) == [p for p in raw if not furniture_of(p)]  # nothing else taken
        codes = set(ArticleCountry.objects.filter(article=article).values_list("code", flat=True))
        assert codes == set(tagger.tag(article.title, article.body).countries)
        doc = ArticleDoc.objects.get(article=article)
        assert "KW" not in doc.countries and "BH" not in doc.countries and "الكويت" not in doc.search_text
    assert not ArticleCountry.objects.filter(code__in=["KW", "BH"]).exists()
    assert not ArticlePair.objects.filter(a="BH", b="KW").exists()
