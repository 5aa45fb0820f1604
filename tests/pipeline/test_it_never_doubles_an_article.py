import pytest

from newsmonitor import pipeline
from newsmonitor.articles.extraction import extract_article
from newsmonitor.articles.models import Article, FeedEntry
from newsmonitor.feeds.models import Outlet
from tests.support.personas import fixture_bytes
from tests.support.threads import race

pytestmark = [pytest.mark.core]


@pytest.mark.django_db
def test_it_stores_a_story_from_two_feeds_once(make_feed, http_server):
    alpha = make_feed("site/alpha.xml")
    beta = make_feed("site/beta.xml", outlet=Outlet.objects.create(name="بيتا", country="SA"))
    pipeline.poll(alpha.pk)
    outcome = pipeline.poll(beta.pk)
    assert len(outcome.new_article_ids) == 1  # p4 only; p1 was already stored
    p1 = Article.objects.get(url=http_server.url("site/p1.html"))
    assert set(FeedEntry.objects.filter(article=p1).values_list("feed_id", flat=True)) == {alpha.pk, beta.pk}
    assert Article.objects.count() == 4


@pytest.mark.django_db
def test_it_recognises_an_entry_by_guid_even_when_its_link_changes(make_feed, http_server):
    feed = make_feed("site/alpha.xml")
    pipeline.poll(feed.pk)
    http_server.route("/site/alpha.xml", body=fixture_bytes("site/alpha.xml", http_server).replace(b"p3.html", b"p3.html?page=1"),
                      headers={"Content-Type": "application/rss+xml"})
    outcome = pipeline.poll(feed.pk)
    assert outcome.status == "ok" and outcome.new_article_ids == []
    assert Article.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_it_polls_one_feed_once_when_two_polls_race(make_feed, http_server):
    feed = make_feed("site/alpha.xml")
    # A slow answer keeps the first poll inside its lease while the second arrives.
    http_server.route("/site/alpha.xml", body=fixture_bytes("site/alpha.xml", http_server), delay=1.0,
                      headers={"Content-Type": "application/rss+xml"})
    outcomes = []

    race(lambda: outcomes.append(pipeline.poll(feed.pk)))
    assert sorted(o.status for o in outcomes) == ["ok", "skipped"]
    assert http_server.hits("/site/alpha.xml") == 1
    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_it_extracts_once_when_the_task_is_retried(make_feed, http_server):
    pipeline.poll(make_feed("site/alpha.xml").pk)
    article = Article.objects.get(url=http_server.url("site/p1.html"))
    assert extract_article(article.pk) == "done"
    assert extract_article(article.pk) == "skipped"
    assert http_server.hits("/site/p1.html") == 1
    article.refresh_from_db()
    assert article.extraction_attempts == 1
