"""FetchResult.text finds the right charset for Arabic feeds and pages, even when misdeclared."""

import feedparser
import pytest

from newsmonitor.lib.fetch import Fetcher, FetchResult

from tests.support.personas import TEST_USER_AGENT as UA
WORDS = ("العلاقات", "اتفاقية تعاون تجاري", "أمن الحدود")


@pytest.mark.parametrize("path, charset", [
    ("_/cp1256.xml", "cp1256"),          # declared in the XML declaration only
    ("_/iso-8859-6.xml", "iso8859-6"),   # declared in the header (and the declaration)
    ("_/wrong-charset", "cp1256"),       # header says utf-8, bytes are windows-1256, nothing declared
    ("feed.xml", "utf-8"),
])
def test_it_decodes_arabic_feeds(server, fetcher, path, charset):
    result = fetcher.get(server.url(path), max_bytes=100_000)
    assert result.charset == charset
    for word in WORDS[:2]:
        assert word in result.text
    assert "\ufffd" not in result.text


def test_the_wrong_charset_feed_really_is_misdeclared(server, fetcher):
    result = fetcher.get(server.url("_/wrong-charset"), max_bytes=100_000)
    assert result.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert not result.text.startswith("<?xml version=\"1.0\" encoding")
    with pytest.raises(UnicodeDecodeError):
        result.content.decode("utf-8")


def test_it_reads_the_charset_of_an_html_meta_tag(server, fetcher):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
            "<title>خبر</title></head><body><p>قمة إقليمية تناقش أمن الحدود</p></body></html>")
    server.route("/page.html", body=page.encode("cp1256"), headers={"Content-Type": "text/html"})
    result = fetcher.get(server.url("page.html"), max_bytes=100_000)
    assert (result.charset, result.content_type) == ("cp1256", "text/html")
    assert "أمن الحدود" in result.text


def test_a_document_declaration_beats_a_default_latin1_header(server, fetcher):
    page = '<html><head><meta charset="windows-1256"></head><body>العلاقات الثنائية</body></html>'
    server.route("/latin.html", body=page.encode("cp1256"), headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    assert "العلاقات الثنائية" in fetcher.get(server.url("latin.html"), max_bytes=100_000).text


def test_a_correct_header_wins_over_a_wrong_declaration():
    body = '<?xml version="1.0" encoding="windows-1256"?><rss><title>العلاقات</title></rss>'.encode()
    result = FetchResult(url="http://x/", status=200, headers={"Content-Type": "text/xml; charset=UTF-8"},
                         content=body, elapsed=0.0)
    assert result.charset == "utf-8" and "العلاقات" in result.text


@pytest.mark.parametrize("bom, codec", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_it_follows_a_byte_order_mark(bom, codec):
    text = "<rss><title>العلاقات</title></rss>"
    result = FetchResult(url="http://x/", status=200, headers={"Content-Type": "application/rss+xml"},
                         content=bom + text.encode(codec), elapsed=0.0)
    assert (result.text, result.charset) == (text, codec)


def test_undecodable_bytes_fall_back_to_utf8_with_replacement():
    result = FetchResult(url="http://x/", status=200, headers={"Content-Type": "text/plain; charset=nonsense-42"},
                         content="العلاقات ".encode() + b"\xff", elapsed=0.0)
    assert result.text.startswith("العلاقات")


def test_the_misbehaving_documents_are_what_they_claim(server, fetcher):
    malformed = feedparser.parse(fetcher.get(server.url("_/malformed.xml"), max_bytes=100_000).content)
    assert malformed.bozo and len(malformed.entries) >= 2
    assert any("العلاقات" in entry.title for entry in malformed.entries)
    page = fetcher.get(server.url("_/html-not-feed"), max_bytes=100_000)
    assert page.content_type == "text/html" and not feedparser.parse(page.content).entries
