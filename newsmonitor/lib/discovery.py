"""Finding a site's feeds in its home page: what the page announces, then where feeds
usually live. Pure library (no Django, no network): the caller fetches.

    links = announced_feeds(html, page_url)      # <link rel="alternate" type="application/rss+xml">
    links or feed_like_anchors(html, page_url)    # <a href="/rss.xml">, for an "RSS" index page
    common_paths(page_url)                        # /feed, /rss.xml, ... to probe when the page names none
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from newsmonitor.lib.urls import canonical_url

__all__ = ["Link", "PageInfo", "read_page", "common_paths", "feed_key", "site_address",
           "declared_language", "looks_like_feed", "COMMON_PATHS"]

# What sites put in <link rel="alternate" type=...> for a feed. text/xml and
# application/xml are generic, but next to rel="alternate" they mean a feed.
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/x-rss+xml", "application/x-atom+xml", "application/feed+json", "text/rss+xml",
})
# Where feeds live when a page does not say: WordPress, Drupal, Ghost, Hugo, Jekyll,
# Blogger, and the "/rss" many news sites serve. Root first, the common ones first.
COMMON_PATHS = ("feed", "rss", "rss.xml", "feed.xml", "atom.xml", "index.xml", "feeds/posts/default",
                "?feed=rss2")
# A page is read this far: <head> and any list of feed links are near the top, and a
# 10 MB "home page" should not keep the admin waiting.
MAX_SCAN_CHARS = 2_000_000
MAX_LINKS = 12
# The last path segment or suffix of an <a href> that points at a feed.
_FEED_ANCHOR = re.compile(r"(?:\.(?:rss|xml|atom|rdf)|/(?:rss|feed|feeds|atom)(?:/[a-z0-9_-]*)?)/?$", re.I)
_FEED_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.I | re.S)
_TAG = rb"([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)"  # a language tag: ar, ar-EG, en_GB
_LANGUAGE = re.compile(rb"<(?:dc:)?language>\s*" + _TAG + rb"\s*</(?:dc:)?language>")
_XML_LANG = re.compile(rb"<(?:feed|rss|rdf:RDF|channel)\b[^>]*?\sxml:lang=[\"']" + _TAG + rb"[\"']")


@dataclass(frozen=True)
class Link:
    url: str
    title: str = ""
    type: str = ""


@dataclass
class PageInfo:
    """What discovery needs from a home page."""

    base: str                  # the URL relative links resolve against (<base href> or the page)
    site_name: str = ""        # og:site_name, else <title>
    language: str = ""         # <html lang>
    announced: tuple = ()      # Links from <link rel="alternate" type=feed>
    anchors: tuple = ()        # Links from <a href> that look like feeds


def read_page(html: str, page_url: str) -> PageInfo:
    """The feeds a page announces and what names the site, from possibly broken HTML."""
    reader = _PageReader()
    try:
        reader.feed(html[:MAX_SCAN_CHARS])
        reader.close()
    except (AssertionError, ValueError):  # html.parser's own failures on garbage
        pass
    base = _absolute(reader.base, page_url) or page_url
    return PageInfo(
        base=base,
        site_name=_squash(reader.og_site_name or reader.title)[:200],
        language=reader.lang[:8],
        announced=_resolve(reader.announced, base),
        anchors=_resolve(reader.anchors, base),
    )


def common_paths(page_url: str) -> list[str]:
    """Where feeds usually are: under the site's root, and first under the page's folder
    when the site lives below the root (https://example.org/news/), the four commonest
    only there, so a probe stays at most 12 requests."""
    parts = urlsplit(page_url)
    root = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    folder = urlunsplit((parts.scheme, parts.netloc, parts.path.rsplit("/", 1)[0] + "/", "", ""))
    under_folder = [] if folder == root else [urljoin(folder, path) for path in COMMON_PATHS[:4]]
    return _unique(under_folder + [urljoin(root, path) for path in COMMON_PATHS])


def feed_key(url: str) -> str:
    """What makes two feed addresses one feed: lib.urls.canonical_url without the scheme
    (a site that moved to https kept its feed), with every query parameter but utm_*
    kept: canonical_url drops feed= and rss= as article tracking, but in
    /?feed=rss2 they are what names the feed. Raises ValueError on a bad port."""
    parts = urlsplit(url.strip())
    canonical = urlsplit(canonical_url(urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))))
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not k.lower().startswith("utm_"))
    return urlunsplit(("", canonical.netloc, canonical.path, urlencode(query), "")).lstrip("/")


def site_address(text: str) -> list[str]:
    """The URLs to try for what an admin typed: the URL itself, or for a bare domain
    (example.org, example.org/news) https first, then http. [] when it is no address."""
    text = (text or "").strip()
    if not text or re.search(r"[\s<>\"'`\\]", text) or len(text) > 2000:
        return []
    try:
        if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
            parts = urlsplit(text)
            parts.port  # raises ValueError on a bad port
            return [_with_path(parts)] if parts.scheme.lower() in ("http", "https") and parts.hostname else []
        parts = urlsplit("//" + text.removeprefix("//"))
        parts.port  # raises ValueError on a bad port
    except ValueError:
        return []
    host = parts.hostname or ""
    if "." not in host and host != "localhost":
        return []
    return [_with_path(parts._replace(scheme=scheme)) for scheme in ("https", "http")]


def _with_path(parts):
    # http://example.org and http://example.org/ are one page; the second is how it is fetched.
    return urlunsplit(parts._replace(path=parts.path or "/"))


def looks_like_feed(text: str) -> bool:
    """Whether a response body starts as RSS, Atom or RDF does (a feed URL pasted
    instead of a home page)."""
    return bool(_FEED_START.match(text[:4096]))


def declared_language(content: bytes) -> str:
    """The language a feed states (<language> in RSS, xml:lang in Atom), "" if none."""
    head = content[:65536]
    found = _LANGUAGE.search(head) or _XML_LANG.search(head)
    return found.group(1).decode("ascii").replace("_", "-").lower() if found else ""


# --- reading the page ------------------------------------------------------------------

class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.base = ""
        self.lang = ""
        self.title = ""
        self.og_site_name = ""
        self.announced: list[Link] = []
        self.anchors: list[Link] = []
        self._in_title = False
        self._anchor: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name.lower(): (value or "") for name, value in attrs}
        if tag == "html" and not self.lang:
            self.lang = attrs.get("lang", "").strip()
        elif tag == "base" and not self.base:
            self.base = attrs.get("href", "").strip()
        elif tag == "title" and not self.title:
            self._in_title = True
        elif tag == "meta" and attrs.get("property", "").lower() == "og:site_name":
            self.og_site_name = self.og_site_name or attrs.get("content", "")
        elif tag == "link":
            self._link(attrs)
        elif tag == "a" and _is_feed_like(attrs.get("href", "")):
            self._anchor = {"href": attrs["href"].strip(), "text": attrs.get("title", "")}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "a" and self._anchor is not None:
            if len(self.anchors) < MAX_LINKS:
                self.anchors.append(Link(self._anchor["href"], _squash(self._anchor["text"])[:300]))
            self._anchor = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._anchor is not None and len(self._anchor["text"]) < 300:
            self._anchor["text"] += data

    def _link(self, attrs):
        rels = attrs.get("rel", "").lower().split()
        kind = attrs.get("type", "").split(";")[0].strip().lower()
        href = attrs.get("href", "").strip()
        # rel="alternate" type="text/html" hreflang=... is a translation, not a feed.
        if href and ("alternate" in rels or "feed" in rels) and kind in FEED_TYPES and len(self.announced) < MAX_LINKS:
            self.announced.append(Link(href, _squash(attrs.get("title", ""))[:300], kind))


def _is_feed_like(href):
    path = urlsplit(href.strip()).path
    return bool(_FEED_ANCHOR.search(path)) and "sitemap" not in path.lower()


def _absolute(href, base):
    if not href:
        return ""
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
        parts.port  # raises ValueError on a bad port
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return urlunsplit(parts._replace(fragment=""))


def _resolve(links, base):
    seen, kept = set(), []
    for link in links:
        url = _absolute(link.url, base)
        if url and url not in seen:
            seen.add(url)
            kept.append(Link(url, link.title, link.type))
    return tuple(kept)


def _unique(urls):
    seen = set()
    return [u for u in urls if not (u in seen or seen.add(u))]


def _squash(text):
    return " ".join((text or "").split())
