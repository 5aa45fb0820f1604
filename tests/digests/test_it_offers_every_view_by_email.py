""""Email me this view" on the pair timeline, the country page and the search results:
each leads to the subscribe form with the view's own filters (no dates, chart interval
or mode), and the form shows them chosen."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.support.subscribing import form_values


def subscribe_link(html):
    found = re.findall(r'<a href="([^"]+)" data-subscribe-link>', html)
    assert len(found) == 1, found
    return found[0].replace("&amp;", "&")


@pytest.mark.parametrize("page, expected", [
    ("/pairs/EG-PK/", [("pair", "EG-PK")]),
    ("/pairs/EG-PK/?topic=energy&topic=defence-industry&outlet_country=SA&q=تدريبات&primary=1&language=ar"
     "&from=2025-01-01&to=2025-12-31&interval=day&mode=split",
     [("pair", "EG-PK"), ("topic", "defence-industry"), ("topic", "energy"), ("outlet_country", "SA"),
      ("language", "ar"), ("q", "تدريبات"), ("primary", "1")]),
    ("/countries/PK/", [("country", "PK")]),
    ("/search/?q=باكستان&topic=conflict", [("topic", "conflict"), ("q", "باكستان")]),
])
def test_each_view_links_to_the_form_with_its_filters(client, sample, page, expected):
    href = subscribe_link(client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert urlsplit(href).path == "/subscribe/"
    assert parse_qsl(urlsplit(href).query) == expected
    form = dict((name, value) for name, value in form_values(client.get(href).content) if name != "topic")
    chosen = dict(expected)
    for name in ("pair", "country", "q", "outlet_country", "language"):
        if name in chosen:
            assert form.get(name) == chosen[name], name
    if "primary" in chosen:
        assert form.get("primary") == "on"


def test_the_link_follows_the_filters_in_the_partial_results(client, sample):
    """The filter script swaps the results without a reload: their link changes with them."""
    partial = client.get("/pairs/EG-PK/?topic=sports", HTTP_X_PARTIAL="1").content.decode()
    assert parse_qsl(urlsplit(subscribe_link(partial)).query) == [("pair", "EG-PK"), ("topic", "sports")]


def test_the_link_is_named_in_the_interface_language(client, sample):
    assert "Email me this view" in client.get("/pairs/EG-PK/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "أرسل لي هذا العرض بالبريد" in client.get("/pairs/EG-PK/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "أرسل لي أخبار باكستان بالبريد" in client.get("/countries/PK/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
