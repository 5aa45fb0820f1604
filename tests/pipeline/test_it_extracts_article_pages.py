import pytest

from newsmonitor.articles.extraction import TransientFetchError, extract_article
from newsmonitor.articles.models import Article
from newsmonitor import pipeline

pytestmark = [pytest.mark.core, pytest.mark.django_db]


@pytest.fixture
def alpha(make_feed):
    pipeline.poll(make_feed("site/alpha.xml").pk)


def article_at(server, path):
    return Article.objects.get(url=server.url(path))


def test_it_stores_the_body_without_page_furniture(alpha, http_server):
    article = article_at(http_server, "site/p1.html")
    assert extract_article(article.pk) == "done"
    article.refresh_from_db()
    assert "لجنة فنية مشتركة" in article.body
    assert "جميع الحقوق محفوظة" not in article.body and "اقرأ أيضا" not in article.body
    assert article.language == "ar"
    assert article.content_hash and article.extracted_at


def test_it_prefers_the_page_date_in_utc(alpha, http_server):
    article = article_at(http_server, "site/p3.html")
    extract_article(article.pk)
    article.refresh_from_db()
    assert article.published_at.isoformat() == "2025-10-02T09:15:00+00:00"
    assert article.published_source == "page" and not article.date_unreadable


def test_it_keeps_the_feed_summary_when_the_page_is_gone(make_feed, http_server):
    pipeline.poll(make_feed("site/missing.xml").pk)
    article = Article.objects.get()
    assert extract_article(article.pk) == "summary"
    article.refresh_from_db()
    assert article.extraction_status == "summary"
    assert "404" in article.extraction_error
    assert article.summary.startswith("هذا ملخص الخبر")
    # The entry had no date and the page never came: left empty and flagged.
    assert article.published_at is None and article.date_unreadable


def test_it_keeps_the_summary_when_the_page_has_no_article(alpha, http_server):
    article = article_at(http_server, "site/p2.html")
    http_server.route("/site/p2.html", body=b"<html><body><nav>a b c</nav></body></html>",
                      headers={"Content-Type": "text/html; charset=utf-8"})
    assert extract_article(article.pk) == "summary"
    article.refresh_from_db()
    assert article.extraction_error.startswith("extraction:")
    assert article.summary


def test_it_asks_for_a_retry_when_the_server_fails(alpha, http_server):
    article = article_at(http_server, "site/p3.html")
    http_server.route("/site/p3.html", status=503, headers={"Retry-After": "120"})
    with pytest.raises(TransientFetchError) as caught:
        extract_article(article.pk)
    assert caught.value.retry_after == 120
    article.refresh_from_db()
    assert article.extraction_status == "pending"
    http_server.clear_routes()
    assert extract_article(article.pk) == "done"
