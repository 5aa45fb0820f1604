"""An OPML file as other feed readers export it (tests/fixtures/opml/reader-export.opml,
written for this test in their manner): folders nested two deep are read as categories,
not outlets; a feed's own title wins over the name the reader gave it (text); xmlurl in
any case and a bare "&" are read; an include outline is never followed; private, intranet
and non-http addresses are refused with the reason; a feed already stored under another
spelling of its address is matched, not added twice, and only its blanks are filled."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from newsmonitor.feeds.models import Feed, Outlet
from newsmonitor.feeds.opml import import_opml
from newsmonitor.lib.opml import parse_opml
from tests.support.paths import FIXTURES

pytestmark = pytest.mark.django_db
FILE = FIXTURES / "opml" / "reader-export.opml"


def test_nested_folders_titles_and_odd_attributes_are_read():
    document = parse_opml(FILE.read_bytes())
    feeds = {f.url: f for f in document.feeds}
    lagoon = feeds["https://lagoon-daily.example.com/feed/"]
    assert lagoon.title == "أخبار البحيرة اليومية"  # title, the feed's own, over text, the reader's label
    assert lagoon.categories == ("Middle East", "Gulf") and lagoon.outlet is None
    assert lagoon.html_url == "https://lagoon-daily.example.com/"
    pearl = feeds["http://pearlcoast.example.net/rss?section=economy&lang=ar"]  # xmlurl, lower case
    assert pearl.title == "Pearl Coast Economy"  # no title: the text
    cedar = feeds["https://cedarwire.example.org/index.php?option=rss&format=feed&type=atom"]  # bare "&"
    assert (cedar.categories, cedar.language) == (("Middle East", "Levant"), "ar-LB")
    assert not any("lists.example.org" in url for url in feeds)
    assert document.skipped == ["“Someone else's list”: an outline of type “include” is no feed",
                                "“Folder marked as a feed”: a feed outline without an xmlUrl"]
    assert document.outlets == []


def test_the_import_adds_refuses_and_matches_by_canonical_address():
    # Stored already, untitled, over http with another host case: the file's https one matches it.
    stored = Feed.objects.create(url="http://Lagoon-Daily.example.com/feed/", title="")
    with translation.override("en"):  # the reasons are checked in English (the default language is Arabic)
        report = import_opml(FILE.read_bytes())

    assert sorted(report.added) == sorted([
        "http://pearlcoast.example.net/rss?section=economy&lang=ar",
        "https://cedarwire.example.org/index.php?option=rss&format=feed&type=atom",
        "https://circuit-notes.example.io/atom.xml", "https://loose.example.com/rss.xml"])
    assert report.updated == ["http://Lagoon-Daily.example.com/feed/"]
    stored.refresh_from_db()
    assert stored.title == "أخبار البحيرة اليومية"
    assert dict(report.refused) == {
        "http://192.168.0.1/status.rss": "a private or local address: newsmonitor reads public sites only",
        "https://news.corp/feed": "a private or local address: newsmonitor reads public sites only",
        "gopher://old.example.org/feed": "not an http(s) address",
    }
    twice = "http://LOOSE.example.com/rss.xml?utm_source=reader"
    assert f"{twice} is listed more than once; read the first time only" in report.notes
    assert Outlet.objects.count() == 0  # a reader's folders are not outlets
    languages = dict(Feed.objects.values_list("url", "language"))
    assert languages["https://cedarwire.example.org/index.php?option=rss&format=feed&type=atom"] == "ar-LB"
    assert languages["https://circuit-notes.example.io/atom.xml"] == "ar"  # none given: the default


def test_a_second_import_changes_nothing_and_the_command_reports_it():
    import_opml(FILE.read_bytes())
    rows = list(Feed.objects.order_by("pk").values())
    out, err = io.StringIO(), io.StringIO()
    call_command("importopml", str(FILE), stdout=out, stderr=err)
    assert out.getvalue().strip() == "added 0, updated 0, unchanged 5, refused 3; outlets added 0, updated 0"
    assert "refused gopher://old.example.org/feed: not an http(s) address" in err.getvalue()
    assert list(Feed.objects.order_by("pk").values()) == rows
