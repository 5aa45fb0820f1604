"""The fetcher against a real local server: conditional GET, redirects, errors, limits."""

import gzip
import pickle
import socket
import threading
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from urllib.parse import quote

import pytest

from newsmonitor.lib.fetch import Fetcher, FetchError, parse_retry_after

from tests.support.personas import TEST_USER_AGENT as UA
MB = 1024 * 1024


def fetch_error(fetcher, url, **kwargs) -> FetchError:
    kwargs.setdefault("max_bytes", MB)
    with pytest.raises(FetchError) as caught:
        fetcher.get(url, **kwargs)
    return caught.value


def test_it_fetches_a_feed_with_its_user_agent(server, fetcher):
    result = fetcher.get(server.url("feed.xml"), max_bytes=MB, accept="application/rss+xml")
    assert result.status == 200 and not result.not_modified
    assert result.url == server.url("feed.xml") and result.redirects == []
    assert result.content_type == "application/rss+xml"
    assert "اتفاقية تعاون تجاري" in result.text
    # The server put its own address in the links.
    assert f"http://{server.host_port}/article.html" in result.text
    assert result.headers["etag"] == result.headers["ETag"]
    (method, path, headers), = server.requests
    assert (method, path) == ("GET", "/feed.xml")
    assert headers["User-Agent"] == UA and headers["Accept"] == "application/rss+xml"


def test_it_gets_304_for_a_matching_etag(server, fetcher):
    first = fetcher.get(server.url("feed.xml"), max_bytes=MB)
    again = fetcher.get(server.url("feed.xml"), max_bytes=MB, etag=first.headers["ETag"])
    assert again.status == 304 and again.not_modified
    assert again.content == b"" and again.text == ""
    assert server.requests[-1][2]["If-None-Match"] == first.headers["ETag"]


def test_it_gets_304_for_an_unchanged_last_modified(server, fetcher):
    first = fetcher.get(server.url("article.html"), max_bytes=MB)
    again = fetcher.get(server.url("article.html"), max_bytes=MB, last_modified=first.headers["Last-Modified"])
    assert again.status == 304 and again.content == b""
    assert server.requests[-1][2]["If-Modified-Since"] == first.headers["Last-Modified"]


def test_it_gets_the_body_again_when_the_etag_is_stale(server, fetcher):
    result = fetcher.get(server.url("feed.xml"), max_bytes=MB, etag='"not-the-current-one"')
    assert result.status == 200 and "العلاقات الثنائية" in result.text


def test_it_follows_and_records_redirects(server, fetcher):
    target = server.url("feed.xml")
    result = fetcher.get(server.url("_/redirect?code=301&to=" + quote(target, safe="")), max_bytes=MB)
    assert result.status == 200 and result.url == target and result.redirects == [target]
    relative = fetcher.get(server.url("_/redirect?to=/article.html"), max_bytes=MB)
    assert relative.url == server.url("article.html") and "وزير الخارجية" in relative.text


def test_it_follows_five_redirects_and_no_more(server, fetcher):
    result = fetcher.get(server.url("_/redirect-chain/5"), max_bytes=MB)
    assert result.status == 200 and len(result.redirects) == 5
    assert result.redirects[-1] == server.url("_/redirect-chain/0")
    assert "<rss" in result.text
    error = fetch_error(fetcher, server.url("_/redirect-chain/6"))
    assert error.kind == "too-many-redirects"
    assert server.hits("/_/redirect-chain/0") == 1  # the 6th hop was never requested


@pytest.mark.parametrize("code", [403, 404, 410, 500, 502])
def test_it_reports_http_errors_with_their_status(server, fetcher, code):
    error = fetch_error(fetcher, server.url(f"_/status/{code}"))
    assert (error.kind, error.status, error.retry_after) == ("http-error", code, None)
    assert str(error).startswith("http-error: ") and str(code) in error.message
    assert error.url == server.url(f"_/status/{code}")


@pytest.mark.parametrize("code", [429, 503])
def test_it_reports_rate_limiting_with_the_delay_asked(server, fetcher, code):
    error = fetch_error(fetcher, server.url(f"_/status/{code}?retry_after=120"))
    assert (error.kind, error.status, error.retry_after) == ("rate-limited", code, 120.0)
    bare = fetch_error(fetcher, server.url(f"_/status/{code}"))
    assert (bare.kind, bare.retry_after) == ("rate-limited", None)


def test_it_reads_an_http_date_retry_after(server, fetcher):
    server.route("/busy", status=503, headers={"Retry-After": "Fri, 31 Dec 2100 23:59:59 GMT"})
    error = fetch_error(fetcher, server.url("busy"))
    assert error.kind == "rate-limited" and error.retry_after > 365 * 24 * 3600


def test_it_cuts_a_slow_drip_at_the_deadline(server):
    with Fetcher(user_agent=UA, allow_private=[server.host_port], deadline=2) as fetcher:
        error = fetch_error(fetcher, server.url("_/slow-drip"))
    assert error.kind == "timeout"


def test_it_cuts_a_dripped_body_of_announced_length(server):
    server.route("/drip.xml", body=b"<rss>" + b" " * 200 + b"</rss>", drip=4)
    with Fetcher(user_agent=UA, allow_private=[server.host_port], deadline=1.5) as fetcher:
        assert fetch_error(fetcher, server.url("drip.xml")).kind == "timeout"


def test_it_times_out_on_a_server_that_never_answers(server):
    server.route("/silent", delay=60)
    with Fetcher(user_agent=UA, allow_private=[server.host_port], deadline=1.5) as fetcher:
        assert fetch_error(fetcher, server.url("silent")).kind == "timeout"


def test_it_cuts_dripped_headers_at_the_deadline():
    # Socket timeouts are per read: a byte of header every 0.2 s never trips them.
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip_headers():
        conn, _ = listener.accept()
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        for _ in range(50):  # gives up after 10 s, so a broken fetcher fails instead of hanging
            if stop.wait(0.2):
                break
            try:
                conn.sendall(b"a")
            except OSError:
                break
        conn.close()

    threading.Thread(target=drip_headers, daemon=True).start()
    port = listener.getsockname()[1]
    try:
        with Fetcher(user_agent=UA, allow_private=[f"127.0.0.1:{port}"], read_timeout=15, deadline=1.5) as fetcher:
            assert fetch_error(fetcher, f"http://127.0.0.1:{port}/").kind == "timeout"
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize("path", ["_/huge", "_/huge?length=1"])
def test_it_refuses_a_body_over_the_cap(server, fetcher, path):
    error = fetch_error(fetcher, server.url(path), max_bytes=MB)
    assert error.kind == "too-large" and str(MB) in error.message


def test_it_accepts_a_body_exactly_at_the_cap(server, fetcher):
    server.route("/exact.txt", body=b"x" * 1000, headers={"Content-Type": "text/plain"})
    assert len(fetcher.get(server.url("exact.txt"), max_bytes=1000).content) == 1000
    assert fetch_error(fetcher, server.url("exact.txt"), max_bytes=999).kind == "too-large"


def test_it_decompresses_gzip_bodies(server, fetcher):
    plain = "<rss><channel><title>نشرة مضغوطة</title></channel></rss>".encode() * 50
    server.route("/packed.xml", body=gzip.compress(plain),
                 headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"})
    result = fetcher.get(server.url("packed.xml"), max_bytes=MB)
    assert result.content == plain and "نشرة مضغوطة" in result.text
    assert server.requests[-1][2]["Accept-Encoding"] == "gzip, deflate"
    # The cap counts decompressed bytes, not bytes on the wire.
    assert fetch_error(fetcher, server.url("packed.xml"), max_bytes=len(plain) - 1).kind == "too-large"


def test_it_stops_a_gzip_bomb_within_the_cap(server, fetcher):
    server.gzip_bomb()  # built before measuring: the server shares this process
    tracemalloc.start()
    try:
        error = fetch_error(fetcher, server.url("_/gzip-bomb"), max_bytes=MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.kind == "too-large"
    assert peak < 8 * MB, f"peak {peak} bytes while decompressing a 100 MiB bomb"


def test_it_refuses_a_content_encoding_it_did_not_ask_for(server, fetcher):
    server.route("/br.xml", body=b"\x8b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
    assert fetch_error(fetcher, server.url("br.xml")).kind == "bad-response"


@pytest.mark.parametrize("url", ["ftp://example.com/feed.xml", "file:///etc/passwd", "gopher://x/", "javascript:alert(1)"])
def test_it_fetches_only_http_and_https(fetcher, url):
    error = fetch_error(fetcher, url)
    assert error.kind == "unsupported-scheme" and error.url == url


def test_it_refuses_a_redirect_to_another_scheme(server, fetcher):
    error = fetch_error(fetcher, server.url("_/redirect?to=" + quote("file:///etc/passwd", safe="")))
    assert error.kind == "unsupported-scheme"


@pytest.mark.parametrize("url", ["", "not a url", "example.com/feed", "http://", "http:///path",
                                 "http://[::1", "http://example.com:99999/", "http://exa mple.com/"])
def test_it_refuses_invalid_urls(fetcher, url):
    assert fetch_error(fetcher, url).kind == "invalid-url"


@pytest.mark.reaches_other_hosts
def test_it_reports_a_name_that_does_not_resolve(fetcher):
    # .invalid never resolves (RFC 6761), with or without network access; the lookup is
    # refused here before it leaves the machine (tests.support.no_other_host).
    error = fetch_error(fetcher, "http://no-such-host.invalid/feed.xml")
    assert error.kind == "dns-error" and "no-such-host.invalid" in error.message


def test_it_reports_a_refused_connection():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    # Nothing listens there any more.
    with Fetcher(user_agent=UA, allow_private=[f"127.0.0.1:{port}"]) as fetcher:
        assert fetch_error(fetcher, f"http://127.0.0.1:{port}/").kind == "connection-error"


def test_it_reports_a_tls_failure(server, fetcher):
    # The test server speaks plain HTTP: the TLS handshake cannot succeed.
    assert fetch_error(fetcher, f"https://{server.host_port}/feed.xml").kind == "tls-error"


def test_one_fetcher_serves_many_threads(server, fetcher):
    paths = ["feed.xml", "article.html", "_/cp1256.xml", "_/redirect-chain/2"] * 6
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda p: fetcher.get(server.url(p), max_bytes=MB), paths))
    assert [r.status for r in results] == [200] * len(paths)
    assert all("العلاقات" in r.text for r in results)
    assert [len(r.redirects) for r in results] == [0, 0, 0, 2] * 6


def test_fetch_errors_read_well_and_survive_pickling():
    error = FetchError("rate-limited", "HTTP 429", status=429, retry_after=30.0, url="http://x.example/")
    assert str(error) == "rate-limited: HTTP 429"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.kind, copy.message, copy.status, copy.retry_after, copy.url) == (
        "rate-limited", "HTTP 429", 429, 30.0, "http://x.example/")


def test_parse_retry_after_reads_both_forms():
    now = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(" 0 ", now) == 0.0
    assert parse_retry_after("Sat, 01 Mar 2025 12:01:30 GMT", now) == 90.0
    assert parse_retry_after("Saturday, 01-Mar-25 12:00:05 GMT", now) == 5.0
    assert parse_retry_after("Fri, 28 Feb 2025 12:00:00 GMT", now) == 0.0  # already past
    assert parse_retry_after("Sat, 01 Mar 2025 12:00:10 GMT", now.replace(tzinfo=None)) == 10.0
    for unusable in (None, "", "soon", "-5", "1e3", "١٢٠", "Sat, 99 Foo 2025"):
        assert parse_retry_after(unusable, now) is None, unusable
