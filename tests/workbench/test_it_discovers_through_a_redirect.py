"""A home page that redirects (http://site/ -> /news/) is followed by the safe fetcher,
and its relative feed link resolves against where it landed, not where it started."""

import pytest
from django.utils import translation

from newsmonitor.feeds import discovery

pytestmark = pytest.mark.django_db


def test_the_redirected_page_is_read_and_its_links_resolved_from_there(sites):
    site = sites("moved")
    site.route("/", 301, headers={"Location": "/news/"})

    found = discovery.discover(site.host_port)

    assert found.page_url == site.url("/news/")
    [candidate] = found.candidates
    assert candidate.url == site.url("/news/rss.xml")  # href="rss.xml" on /news/, not /rss.xml
    assert candidate.preview.title == "إذاعة المرفأ: النشرة"
    assert site.hits("/rss.xml") == 0


def test_a_redirect_to_a_private_address_is_refused(sites):
    site = sites("moved")
    site.route("/", 302, headers={"Location": "http://192.168.1.20/news/"})
    with pytest.raises(discovery.DiscoveryError) as refused, translation.override("en"):
        discovery.discover(site.url("/"))
    assert str(refused.value) == "192.168.1.20 is a private or local address: newsmonitor reads public sites only."
