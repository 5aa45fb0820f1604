"""A home page announcing several feeds: each is previewed on its own (RSS, Atom, one in
English), links resolve against the page's <base href>, the feed already in the list
(stored under another spelling of its address) is marked as known, and the candidates
that are no feed say why: an HTML page served at /rss, a private address."""

import pytest
from django.urls import reverse

from newsmonitor.feeds import discovery
from newsmonitor.feeds.models import Feed

pytestmark = pytest.mark.django_db


def test_each_announced_feed_is_previewed_and_the_known_one_marked(sites):
    site = sites("several")
    # The same feed as /feeds/latest.xml, stored over https, with a tracking parameter and a fragment.
    known = Feed.objects.create(url=site.url("/feeds/latest.xml").replace("http:", "https:") + "?utm_source=x#top")
    found = discovery.discover(site.url("/"))
    by_url = {c.url: c for c in found.candidates}

    assert list(by_url) == [site.url("/feeds/latest.xml"), site.url("/ar/economy/atom.xml"),
                            site.url("/en/feed.xml"), site.url("/rss"), "http://10.1.2.3/internal.xml"]
    latest, economy, english, html, private = by_url.values()
    assert latest.known_id == known.pk and not latest.usable
    assert (latest.preview.title, latest.preview.entries) == ("بوابة الساحل: الأخبار العاجلة", 2)
    assert latest.preview.newest_title == "افتتاح خط ملاحي جديد بين الميناءين لنقل البضائع والركاب"
    assert (economy.preview.title, economy.preview.entries, economy.preview.language) == (
        "بوابة الساحل: الاقتصاد", 1, "ar")
    assert economy.hint == "الاقتصاد" and economy.usable
    assert (english.preview.language, english.preview.declared_language) == ("en", "en")
    assert html.preview is None and not html.usable
    assert html.error == f"{site.url('/rss')} is not a feed: it answered with text/html, not RSS or Atom."
    assert private.preview is None
    assert private.error == "10.1.2.3 is a private or local address: newsmonitor reads public sites only."
    assert found.probed is False and site.hits("/feed") == 0  # the page named its feeds


def test_the_admin_shows_every_candidate_with_what_it_is(sites, admin_client):
    site = sites("several")
    Feed.objects.create(url=site.url("/feeds/latest.xml"))
    page = admin_client.post(reverse("admin:feeds_feed_discover"), {"step": "discover", "address": site.url("/")},
                             HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Already in the feed list" in html
    assert "is not a feed: it answered with text/html" in html
    assert "10.1.2.3 is a private or local address" in html
    # Tick boxes for the two feeds that can be added, none for the rest.
    assert html.count('name="feeds"') == 2
    assert 'lang="ar" dir="rtl">بوابة الساحل: الاقتصاد' in html
    assert 'lang="en" dir="auto">Sahel Gate in English' in html
    assert Feed.objects.count() == 1
