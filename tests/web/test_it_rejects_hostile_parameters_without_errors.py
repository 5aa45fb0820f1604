"""Every page, export, Atom feed and API call, given hostile values for every
parameter: never a server error. The API answers a bad value with 400 and a JSON
`error`; a page ignores or corrects it and says so in a notice."""

import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.support.factory import load_sample

LONG = "x" * 50_000
HUGE = "1" + "0" * 30
# Values no parameter accepts (the empty value means "not given" everywhere).
GARBAGE = [LONG, "\x00", "<script>alert(1)</script>", "²", "NaN", "1e400", HUGE, "-1", "%", "\u202e"]
CURSORS = ["2025-01-01T00:00:00+00:00~99999999999999999999999", "2025-01-01T00:00:00+00:00~9223372036854775808",
           "0001-01-01T00:00:00+14:00~1", "9999-12-31T23:59:59-14:00~1", "2025-01-01T00:00:00~1", "~", "~1",
           "2025-01-01T00:00:00+00:00~", "2025-01-01T00:00:00+00:00~-5", "10000-01-01T00:00:00+00:00~1",
           "2025-02-30T00:00:00+00:00~1", "garbage", "\x00~\x00"]
BAD_DATES = ["10000-01-01", "2025-02-30", "2025-13-01", "0000-01-01", "yesterday", "2025-01-01\x00", "+2025-01-01"]
# Dates a client may well send: far outside the data, but dates.
FAR_DATES = ["0001-01-01", "9999-12-31", "9999-12-30"]
BAD = {
    "topic": ["nonsense", "defence-industry,nonsense", *GARBAGE],
    "outlet": ["9223372036854775808", "99999999999999999999999", "0x10", "١٢", "1,2,x", *GARBAGE],
    "outlet_country": ["QQ", "E", *GARBAGE],
    "from": BAD_DATES + GARBAGE,
    "to": BAD_DATES + GARBAGE,
    "language": ["a" * 9, "ar;drop", "ar-", *[v for v in GARBAGE if v != "NaN"]],
    "q": [LONG],
    "primary": ["maybe", *GARBAGE],
    "interval": ["year", "DAY", *GARBAGE],
    "mode": ["both", *GARBAGE],
    "cursor": CURSORS + GARBAGE,
    "limit": ["0", "201", "9223372036854775808", *GARBAGE],
    "offset": ["9223372036854775808", *GARBAGE],
    "country": ["QQ", "EGY", *GARBAGE],
    "pair": ["EG-EG", "EG-QQ", "EGPK", *GARBAGE],
    "region": ["nowhere", *GARBAGE],
}
FINE = {
    "from": FAR_DATES, "to": FAR_DATES, "q": ["\x00مصر", "'", "-", "%_", "مصر" * 60], "limit": ["200", "1"],
    "offset": ["0", "100000"], "topic": [",,,"], "primary": ["0", "1", "true"], "interval": ["day"],
    "language": ["en", "NaN", "ar-eg"],
}
FILTERS = ["topic", "outlet", "outlet_country", "from", "to", "language", "q", "primary", "interval", "mode"]
API = {
    "/api/countries/": FILTERS,
    "/api/countries/EG/": FILTERS + ["limit"],
    "/api/pairs/": FILTERS + ["limit", "offset", "country"],
    "/api/pairs/EG-PK/timeline/": FILTERS,
    "/api/articles/": FILTERS + ["limit", "cursor", "pair", "country"],
}
PAGES = {
    "/pairs/EG-PK/": FILTERS + ["cursor"],
    "/search/": FILTERS + ["cursor"],
    "/countries/EG/": ["from", "to", "region"],
    "/countries/": ["from", "to"],
}
OTHERS = ["/", "/healthz", "/api/", "/api/topics/", "/api/openapi.json", "/pairs/EG-PK/feed.atom",
          "/pairs/EG-PK/export.csv", "/pairs/EG-PK/export.json", "/search/feed.atom", "/search/export.csv",
          "/search/export.json"]
EVERY_PARAM = sorted(BAD)


@pytest.fixture
def sample(db):
    return load_sample()


@pytest.fixture
def browser():
    """A client that answers as a server would: a view's exception is a 500, not raised."""
    return Client(raise_request_exception=False)


def fetch(browser, path, name, value, **headers):
    response = browser.get(f"{path}?{urlencode({name: value})}", **headers)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def notices(response):
    return re.findall(r'<li class="notice">(.*?)</li>', response.content.decode(), re.S)


@pytest.mark.parametrize("path", sorted(API))
def test_the_api_answers_every_bad_value_with_400_and_a_message(browser, sample, path):
    for name in EVERY_PARAM:
        for value in BAD[name] + FINE.get(name, []):
            response = fetch(browser, path, name, value)
            where = f"{path}?{name}={value[:60]!r}"
            assert response.status_code < 500, where
            assert response["Content-Type"] == "application/json", where
            if name in API[path] and value in BAD[name]:
                assert response.status_code == 400, where
                assert response.json()["error"], where
            else:
                assert response.status_code == 200, where


@pytest.mark.parametrize("path", sorted(PAGES))
def test_pages_ignore_or_correct_bad_values_and_say_so(browser, sample, path):
    for name in EVERY_PARAM:
        for value in BAD[name] + FINE.get(name, []):
            for partial in ({}, {"HTTP_X_PARTIAL": "1"}):
                response = fetch(browser, path, name, value, **partial)
                where = f"{path}?{name}={value[:60]!r} {partial}"
                assert response.status_code == 200, where
                if name in PAGES[path] and value in BAD[name]:
                    assert notices(response), where
                    assert LONG not in response.content.decode(), where  # a notice quotes a short part


def test_notices_speak_the_interface_language(client, sample):
    english = notices(client.get("/pairs/EG-PK/?topic=nonsense", HTTP_ACCEPT_LANGUAGE="en"))
    arabic = notices(client.get("/pairs/EG-PK/?topic=nonsense", HTTP_ACCEPT_LANGUAGE="ar"))
    assert english and arabic and english != arabic
    assert "nonsense" in english[0] and "nonsense" in arabic[0]
    assert re.search("[\u0600-\u06ff]", arabic[0]) and not re.search("[\u0600-\u06ff]", english[0])


@pytest.mark.parametrize("path", OTHERS)
def test_feeds_exports_and_home_never_fail(browser, sample, path):
    for name in EVERY_PARAM:
        for value in BAD[name] + FINE.get(name, []):
            assert fetch(browser, path, name, value).status_code == 200, f"{path}?{name}={value[:60]!r}"


@pytest.mark.parametrize("path", [*API, *PAGES, *OTHERS])
def test_the_widest_range_of_dates(browser, sample, path):
    for query in ("from=0001-01-01&to=9999-12-31", "from=9999-12-31", "to=0001-01-01",
                  "from=9999-12-30&to=9999-12-31&interval=day", "from=0001-01-01&to=0001-01-02&interval=month",
                  "to=0001-01-01&interval=week"):
        response = browser.get(f"{path}?{query}")
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code in (200, 400), f"{path}?{query}"


@pytest.mark.parametrize("path", ["/articles/{}/", "/api/articles/{}/"])
def test_huge_article_ids_are_not_found(browser, sample, path):
    for pk in ("9223372036854775808", "99999999999999999999999", HUGE, "0"):
        response = browser.get(path.format(pk))
        assert response.status_code == 404, pk
