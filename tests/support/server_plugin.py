"""pytest plugin: the local misbehaving HTTP server (see tests/support/httpserver.py).

http_server        session-wide, serving tests/fixtures/; routes and the request log persist
                   between tests unless a test cleans them.
clean_http_server  the same server with routes and request log cleared before and after the test.
"""


import pytest

from tests.support.httpserver import LocalHTTPServer

from tests.support.paths import FIXTURES


@pytest.fixture(scope="session")
def http_server():
    server = LocalHTTPServer(FIXTURES).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def clean_http_server(http_server):
    http_server.reset()
    yield http_server
    http_server.reset()
