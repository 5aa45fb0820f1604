"""A home page that names no feed: the usual feed addresses (/feed, /rss.xml, ...) and the
page's links that look like feeds are tried, a bounded number of them; a site with none
at all gets a clear "no feed found"."""

import pytest
from django.urls import reverse
from django.utils import translation

from newsmonitor.feeds import discovery
from newsmonitor.feeds.models import Feed
from newsmonitor.lib.discovery import COMMON_PATHS

pytestmark = pytest.mark.django_db


def test_a_page_naming_no_feed_finds_them_at_the_usual_addresses_and_in_its_links(sites):
    site = sites("paths")
    found = discovery.discover(site.url("/"))

    assert found.probed is True
    assert [(c.url, c.source) for c in found.candidates] == [
        (site.url("/rss/sport.xml"), "link"), (site.url("/feed.xml"), "probe")]
    assert [c.preview.title for c in found.candidates] == ["أنباء الهضبة: الرياضة", "أنباء الهضبة"]
    # Every usual address was asked once, and nothing else but the page and its one feed link.
    assert sorted(path for _, path, _ in site.requests) == sorted(
        ["/", "/rss/sport.xml"] + ["/" + path for path in COMMON_PATHS])


def test_a_site_with_no_feed_anywhere_says_so(sites, admin_client):
    site = sites("none")
    with pytest.raises(discovery.DiscoveryError) as refused, translation.override("en"):
        discovery.discover(site.url("/"))
    assert str(refused.value).startswith(f"No feed found at {site.url('/')}: the page announces none")
    assert len(site.requests) <= 1 + discovery.MAX_CANDIDATES  # bounded
    assert site.hits("/sitemap.xml") == 0  # a sitemap link is no feed link

    page = admin_client.post(reverse("admin:feeds_feed_discover"), {"step": "discover", "address": site.url("/")},
                             HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "No feed found at" in page.content.decode()
    assert page.context["form"].errors["address"]
    assert Feed.objects.count() == 0


def test_a_site_below_the_root_is_probed_in_its_folder_first():
    from newsmonitor.lib.discovery import common_paths

    paths = common_paths("https://example.org/news/index.html")
    assert paths[:2] == ["https://example.org/news/feed", "https://example.org/news/rss"]
    assert "https://example.org/feed" in paths and len(paths) <= discovery.MAX_CANDIDATES
