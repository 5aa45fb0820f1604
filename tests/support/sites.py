"""pytest plugin: local web sites for the discovery tests. Each folder of
tests/fixtures/discovery/ is served by a server of its own (tests/support/httpserver.py),
so each is the root of a site as a real news site is, and the fetcher may reach it (and
no other private address).

    def test_something(sites):
        one = sites("one")           # a LocalHTTPServer; one.url("/rss.xml")
"""

import pytest

from tests.support.httpserver import LocalHTTPServer
from tests.support.paths import FIXTURES

SITES = FIXTURES / "discovery"


@pytest.fixture
def sites(settings):
    started = {}

    def start(name):
        if name not in started:
            started[name] = LocalHTTPServer(SITES / name).start()
            settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = [server.host_port for server in started.values()]
        return started[name]

    yield start
    for server in started.values():
        server.stop()
