"""Shared test personas: the outlets and feeds most tests start from."""


import pytest

from newsmonitor.demo.server import site_file
from newsmonitor.feeds.models import Feed, Outlet


@pytest.fixture
def allow_server(settings, clean_http_server):
    """Let the fetcher reach the test server, and only it."""
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = [clean_http_server.host_port]
    return clean_http_server


@pytest.fixture
def nile(db):
    return Outlet.objects.create(name="وكالة النيل للأنباء", country="EG", homepage="http://nile.example/")


@pytest.fixture
def make_feed(db, allow_server, nile):
    def make(path, **fields):
        fields.setdefault("outlet", nile)
        return Feed.objects.create(url=allow_server.url(path), **fields)

    return make


from tests.support.paths import FIXTURES


def fixture_bytes(path, server):
    """A fixture file as the test server would serve it."""
    return site_file(FIXTURES, path, server.host_port)


TEST_USER_AGENT = "newsmonitor-tests/1.0 (+https://newsmonitor.invalid/bot)"


@pytest.fixture
def server(clean_http_server):
    return clean_http_server


@pytest.fixture
def fetcher(server):
    """A bare fetcher that may reach the test server and no other private address."""
    from newsmonitor.lib.fetch import Fetcher

    with Fetcher(user_agent=TEST_USER_AGENT, allow_private=[server.host_port], deadline=10) as fetcher:
        yield fetcher
