"""Canonical article URLs (one story, one URL) and the links a reader is offered,
with properties over generated URLs (hypothesis)."""

import ipaddress
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmonitor.lib.urls import canonical_url, is_tracking, reader_link, url_hash

MANY = settings(max_examples=500, deadline=None)


@pytest.mark.parametrize("url, canonical", [
    ("http://[::1]:22/", "http://[::1]:22/"),
    ("http://[::1]:80/a", "http://[::1]/a"),
    ("https://[2001:DB8::1]:8443/x?b=2&a=1", "https://[2001:db8::1]:8443/x?a=1&b=2"),
    ("HTTP://News.Example:80/a?utm_source=rss&id=3#top", "http://news.example/a?id=3"),
    ("https://user:secret@news.example/a", "https://news.example/a"),
    ("https://news.example", "https://news.example/"),
])
def test_it_canonicalises(url, canonical):
    assert canonical_url(url) == canonical


def test_it_refuses_a_port_that_is_no_port():
    with pytest.raises(ValueError):
        canonical_url("http://news.example:99999/")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)", "java\tscript:alert(1)",
    "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
    "ftp://news.example/", "//news.example/a", "/relative", "http://127.0.0.1:22/", "http://169.254.169.254/latest/",
    "http://[::1]:22/", "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/",
    "http://%31%32%37.0.0.1/", "http://１２７.０.０.１/", "http://10.1.2.3/", "http://192.168.0.1/", "http://[fd00::1]/",
    "http://localhost:8000/", "http://a.localhost/", "http://printer.local/", "http://metadata.google.internal/",
    "http://router/", "http://news.example:99999/", "http://256.1.1.1/", "http://" + "a" * 9000 + ".example/",
])
def test_it_offers_no_link_but_public_http(url):
    assert reader_link(url) == ""


@pytest.mark.parametrize("url", [
    "https://www.bbc.com/arabic/articles/c1", "http://news.example/a?b=1", "https://8.8.8.8/", "https://[2606:4700::1]/",
    "https://خبر.example/مقال",
])
def test_it_offers_public_http_links(url):
    assert reader_link(url) == url


def test_it_offers_an_allowed_local_server():
    assert reader_link("http://127.0.0.1:8001/a", allow=["127.0.0.1:8001"]) == "http://127.0.0.1:8001/a"
    assert reader_link("http://127.0.0.1:8002/a", allow=["127.0.0.1:8001"]) == ""


# --- properties ----------------------------------------------------------------------------------
names = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?){0,3}", fullmatch=True)
hosts = st.one_of(
    names,
    names.map(str.upper),
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(lambda ip: f"[{ip}]"),
)
ports = st.one_of(st.none(), st.integers(1, 65535))
paths = st.lists(st.text(st.characters(blacklist_characters="/?#", blacklist_categories=("Cs", "Cc")), max_size=12),
                 max_size=4).map(lambda parts: "/" + "/".join(parts))
params = st.lists(st.tuples(st.sampled_from(["id", "page", "utm_source", "fbclid", "q", "from", "ref"]),
                            st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)), max_size=5)


def build(scheme, host, port, path, query, fragment):
    netloc = host + (f":{port}" if port is not None else "")
    return f"{scheme}://{netloc}{path}" + (f"?{urlencode(query)}" if query else "") + (f"#{fragment}" if fragment else "")


@MANY
@given(st.sampled_from(["http", "https", "HTTP"]), hosts, ports, paths, params, st.text(max_size=5))
def test_canonical_urls_are_stable_and_keep_host_and_port(scheme, host, port, path, query, fragment):
    url = build(scheme, host, port, path, query, fragment)
    canonical = canonical_url(url)
    assert canonical_url(canonical) == canonical  # idempotent: one story, one key
    parts = urlsplit(canonical)
    assert parts.scheme == scheme.lower() and not parts.fragment
    assert parts.hostname == host.strip("[]").lower()
    assert parts.port == (None if port in (None, {"http": 80, "https": 443}[scheme.lower()]) else port)
    assert not any(is_tracking(name) for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    assert url_hash(canonical) == url_hash(canonical_url(url))


@MANY
@given(st.text(max_size=300))
def test_any_text_gives_a_canonical_url_or_a_value_error(text):
    try:
        canonical_url(text)
    except ValueError:
        pass


@MANY
@given(st.one_of(st.text(max_size=200), st.builds(lambda s, h: f"{s}://{h}/", st.text(max_size=12), st.text(max_size=40))))
def test_a_reader_link_is_always_http_to_a_named_or_public_host(text):
    link = reader_link(text)
    if link:
        parts = urlsplit(link)
        assert parts.scheme.lower() in ("http", "https") and parts.hostname
        try:
            assert ipaddress.ip_address(parts.hostname).is_global
        except ValueError:
            assert "." in parts.hostname


@MANY
@given(st.ip_addresses())
def test_no_private_address_is_ever_offered(ip):
    host = f"[{ip}]" if ip.version == 6 else str(ip)
    ip = getattr(ip, "ipv4_mapped", None) or ip  # ::ffff:a.b.c.d is a.b.c.d to the network
    if not ip.is_global or ip.is_multicast or ip.is_reserved:
        assert reader_link(f"http://{host}/a") == ""
