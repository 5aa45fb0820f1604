"""Feed bytes to entries. feedparser only ever gets bytes we fetched ourselves, never
a URL, so every network access goes through the one safe fetcher."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

import feedparser

from newsmonitor.lib.dates import from_struct_time
from newsmonitor.lib.fetch import decode_body
from newsmonitor.lib.html import sanitize_summary


class NotAFeed(ValueError):
    """The bytes are not RSS or Atom (an HTML page, an error page, garbage)."""


@dataclass
class Entry:
    guid: str
    link: str
    title: str
    summary: str
    published_at: datetime | None
    author: str = ""


@dataclass
class ParsedFeed:
    title: str
    link: str
    version: str
    entries: list[Entry] = field(default_factory=list)
    # Not empty when the document was not well-formed but still yielded entries:
    # the entries are used and the problem is logged for the admin.
    problem: str = ""


XML_ENCODING = re.compile(rb"^(\s*<\?xml[^>]*?encoding=)([\"'])[^\"']*\2", re.I)


def parse_feed(content, *, content_type="", url=""):
    parsed = feedparser.parse(
        as_utf8(content, content_type),
        response_headers={"content-location": url, "content-type": "application/xml; charset=utf-8"},
        sanitize_html=True,
    )
    problem = describe_problem(parsed)
    if not parsed.version and not parsed.entries:
        raise NotAFeed(problem or "no RSS or Atom document found")
    entries = [e for e in (to_entry(raw) for raw in parsed.entries) if e]
    feed = parsed.feed
    return ParsedFeed(
        title=feed.get("title", "").strip(),
        link=feed.get("link", ""),
        version=parsed.version or "unknown",
        entries=entries,
        problem=problem,
    )


def as_utf8(content, content_type):
    """Decode with the fetcher's rules (header, BOM, declaration, then detection, each
    tried strictly) rather than feedparser's, which reads a windows-1256 feed served as
    utf-8 as windows-1252 mojibake; then hand feedparser UTF-8 that says so."""
    text, _ = decode_body(content, content_type)
    return XML_ENCODING.sub(rb"\1\2utf-8\2", text.encode("utf-8"), count=1)


def describe_problem(parsed):
    if not parsed.get("bozo"):
        return ""
    exc = parsed.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}" if exc else "not well-formed"


def to_entry(raw):
    link = (raw.get("link") or "").strip()
    if not link.startswith(("http://", "https://")):
        return None  # nothing to fetch: an entry without a usable link is skipped
    title = sanitize_summary(raw.get("title", ""), max_chars=1000)
    summary_html = raw.get("summary") or ""
    if not summary_html and raw.get("content"):
        summary_html = raw["content"][0].get("value", "")
    published = raw.get("published_parsed") or raw.get("updated_parsed")
    return Entry(
        guid=entry_guid(raw, link, title),
        link=link,
        title=title,
        summary=sanitize_summary(summary_html),
        published_at=from_struct_time(published) if published else None,
        author=(raw.get("author") or "")[:300],
    )


def entry_guid(raw, link, title):
    guid = (raw.get("id") or "").strip()
    if guid:
        return guid[:1000]
    # No GUID in the feed: the link is the next most stable identity.
    return link[:1000] if link else "sha1:" + hashlib.sha1(title.encode()).hexdigest()
