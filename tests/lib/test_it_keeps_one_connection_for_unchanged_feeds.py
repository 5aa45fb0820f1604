"""Polling thousands of feeds that have not changed: each 304 leaves its connection
open for the next fetch from the same address instead of a new connection a poll."""

import pytest

pytestmark = [pytest.mark.core]

MB = 1024 * 1024


def test_it_reuses_the_connection_after_a_304(server, fetcher):
    first = fetcher.get(server.url("feed.xml"), max_bytes=MB)
    etag = first.headers["ETag"]
    before = server.connections
    results = [fetcher.get(server.url("feed.xml"), max_bytes=MB, etag=etag) for _ in range(5)]
    assert [r.status for r in results] == [304] * 5
    assert server.connections - before == 0  # all five over the first fetch's connection


def test_it_still_answers_right_after_a_304_on_that_connection(server, fetcher):
    etag = fetcher.get(server.url("feed.xml"), max_bytes=MB).headers["ETag"]
    assert fetcher.get(server.url("feed.xml"), max_bytes=MB, etag=etag).not_modified
    again = fetcher.get(server.url("feed.xml"), max_bytes=MB)
    assert again.status == 200 and b"<rss" in again.content
