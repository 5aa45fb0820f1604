from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from newsmonitor.articles.models import Article
from newsmonitor.feeds.models import Feed, Outlet

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_adds_a_feed_after_checking_it(allow_server):
    output = run("addfeed", allow_server.url("site/alpha.xml"), "--outlet", "نشرة ألفا", "--country", "eg")
    feed = Feed.objects.get()
    assert f"added feed #{feed.pk}" in output and "3 entries" in output
    assert feed.title == "نشرة ألفا"
    assert Outlet.objects.get().country == "EG"


def test_it_refuses_a_page_that_is_not_a_feed(allow_server):
    with pytest.raises(CommandError, match="not an RSS or Atom feed"):
        run("addfeed", allow_server.url("_/html-not-feed"))
    assert not Feed.objects.exists()


def test_it_refuses_what_it_cannot_fetch(allow_server):
    with pytest.raises(CommandError, match="could not fetch .*http-error"):
        run("addfeed", allow_server.url("_/status/404"))
    with pytest.raises(CommandError, match="not an http"):
        run("addfeed", "ftp://example.com/feed.xml")
    with pytest.raises(CommandError, match="alpha-2"):
        run("addfeed", allow_server.url("site/alpha.xml"), "--country", "Egypt")


def test_it_refuses_a_private_address_not_on_the_allow_list(settings, allow_server):
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = []
    with pytest.raises(CommandError, match="private-address"):
        run("addfeed", allow_server.url("site/alpha.xml"))


def test_it_says_when_a_feed_is_already_there(allow_server):
    run("addfeed", allow_server.url("site/alpha.xml"))
    assert "already present" in run("addfeed", allow_server.url("site/alpha.xml"))
    assert Feed.objects.count() == 1


def test_it_runs_the_whole_pipeline_without_a_broker(make_feed):
    """poll --sync polls, extracts and tags: what it brings in is on the timelines (it
    used to stop after extraction, so its articles appeared nowhere)."""
    from newsmonitor.timelines.models import ArticleDoc

    feed = make_feed("site/alpha.xml")
    output = run("poll", "--sync", "--feed", str(feed.pk))
    assert f"feed #{feed.pk}: ok, 3 entries, 3 new" in output
    assert output.count(": done, tagged") == 3
    articles = Article.objects.filter(extraction_status="done")
    assert articles.count() == 3 and all(article.tagged_at for article in articles)
    assert ArticleDoc.objects.filter(article__in=articles).count() == 3


def test_it_names_a_missing_feed():
    with pytest.raises(CommandError, match="no feed with id 999"):
        run("poll", "--feed", "999")
