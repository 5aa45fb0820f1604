"""What cannot be looked up says so plainly, in the admin and before anything is stored:
no web address, a private address (the fetcher's own refusal, unless the settings allow
that exact host:port), a name that does not resolve, a site that refuses connections or
is too slow, a page answering an error. A feed's own address pasted instead of a home page is
simply that feed."""

import pytest
from django.urls import reverse
from django.utils import translation

from newsmonitor.feeds import discovery
from newsmonitor.feeds.models import Feed
from tests.support.httpserver import LocalHTTPServer

pytestmark = pytest.mark.django_db


def refusal(address):
    with pytest.raises(discovery.DiscoveryError) as refused, translation.override("en"):
        discovery.discover(address)
    return str(refused.value)


@pytest.mark.parametrize("address", ["not an address", "ftp://example.org/", "javascript:alert(1)", "nodot", ""])
def test_what_is_no_web_address(address):
    assert "is not a web address" in refusal(address)


def test_a_private_address_is_refused_unless_allowed(sites, settings):
    site = sites("one")
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = []
    assert refusal(site.url("/")) == "127.0.0.1 is a private or local address: newsmonitor reads public sites only."
    assert site.requests == []  # refused before connecting
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = [site.host_port]
    assert discovery.discover(site.url("/")).candidates


@pytest.mark.reaches_other_hosts  # the lookup is refused here as a missing name would be
def test_a_name_that_does_not_resolve():
    assert refusal("no-such-site.invalid") == (
        "The name no-such-site.invalid could not be found (DNS): check the spelling.")


def test_a_site_that_refuses_connections(settings):
    gone = LocalHTTPServer().start()
    address = gone.host_port
    gone.stop()
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = [address]
    assert refusal(f"http://{address}/") == (
        "Could not connect to 127.0.0.1: the site is down or refuses connections.")


def test_a_site_too_slow_to_answer(sites, settings):
    site = sites("one")
    settings.NEWSMONITOR_FETCH_DEADLINE = 1  # discovery never waits longer than the fetcher's own deadline
    site.route("/", body="<html></html>", headers={"Content-Type": "text/html"}, delay=5)
    assert refusal(site.host_port) == "127.0.0.1 did not answer in time."
    assert site.hits("/") == 1  # a slow site is not asked again over plain http


def test_a_page_answering_an_error(sites):
    site = sites("one")
    assert refusal(site.url("/missing/")) == f"{site.url('/missing/')} answered HTTP 404."


def test_a_feed_address_pasted_is_its_own_candidate(sites):
    site = sites("one")
    found = discovery.discover(site.url("/rss.xml"))
    [candidate] = found.candidates
    assert candidate.url == site.url("/rss.xml") and candidate.preview.entries == 3
    assert found.site_name == "صحيفة الواحة: آخر الأخبار" and found.homepage == site.url("/")
    assert site.hits("/rss.xml") == 1  # read once, from the page's own bytes


def test_the_admin_shows_the_error_on_the_form_and_stores_nothing(sites, settings, admin_client):
    site = sites("one")
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = []
    page = admin_client.post(reverse("admin:feeds_feed_discover"), {"step": "discover", "address": site.url("/")},
                             HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page.context["form"].errors["address"] == [
        "127.0.0.1 is a private or local address: newsmonitor reads public sites only."]
    assert 'aria-invalid="true"' in page.content.decode()
    assert Feed.objects.count() == 0
