"""Feed bytes to entries. feedparser only ever gets bytes we fetched ourselves, never
a URL, so every network access goes through the one safe fetcher."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import feedparser

from newsmonitor.lib.dates import from_struct_time
from newsmonitor.lib.fetch import decode_body
from newsmonitor.lib.html import INVISIBLE, sanitize_summary


class NotAFeed(ValueError):
    """The bytes are not RSS or Atom (an HTML page, an error page, garbage)."""


class UnsafeFeed(ValueError):
    """The document declares XML entities (entity expansion, external entities):
    refused rather than parsed, since the loose parser would expand them unbounded."""


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

# The prolog, one item at a time: space, a processing instruction, a comment, or a
# DOCTYPE with its internal subset. Quoted strings are read whole, so a ">" or "]"
# inside an entity's value does not end the declaration early. Each alternative
# starts on a different character, so a failed match costs one pass, never more.
_PROLOG_ITEM = re.compile(
    rb"""\s+|<\?.*?\?>|<!--.*?-->|(?P<doctype><!DOCTYPE\b(?:[^\[>"']|"[^"]*"|'[^']*')*"""
    rb"""(?:\[(?:[^\]"']|"[^"]*"|'[^']*')*\](?:[^>"']|"[^"]*"|'[^']*')*)?>)""",
    re.I | re.S,
)
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)\b", re.I)
# A general entity's name; a parameter entity (%) is only ever used inside the DTD.
_ENTITY = re.compile(rb"<!ENTITY\s+(?!%)([^\s\"'>]+)", re.I)
_REFERENCE = re.compile(rb"&([^\s&;#]+);")
# Raw field sizes read before sanitising: far above any real title or summary, far
# below what would make the sanitiser or the database work hard.
MAX_RAW_TITLE = 10_000
MAX_RAW_SUMMARY = 200_000
MAX_RAW_GUID = 10_000
MAX_LINK = 8192


def parse_feed(content, *, content_type="", url=""):
    data, declared = strip_doctype(as_utf8(content, content_type))
    # One pass over the document for every reference, not one per declaration: a feed may
    # declare thousands of entities.
    used = sorted(set(declared) & set(_REFERENCE.findall(data)))
    if used:
        # Nothing is parsed: what any parser would make of a feed that needs its own
        # entities (expanded by expat, or by the loose parser without limit) is not stored.
        raise UnsafeFeed(f"the feed declares XML entities and uses them ({_names(used)}); entities are never "
                         f"expanded (entity-expansion and external-entity attacks)")
    try:
        parsed = feedparser.parse(
            _CHAR_REF.sub(_valid_char_ref, data),
            response_headers={"content-location": url, "content-type": "application/xml; charset=utf-8"},
            sanitize_html=True,
        )
    except Exception as exc:  # a parser bug on hostile input is this feed's problem, not the worker's
        raise NotAFeed(f"the feed could not be parsed: {type(exc).__name__}: {exc}") from exc
    problem = describe_problem(parsed)
    if declared:
        problem = "; ".join(filter(None, [f"{len(declared)} XML entity declaration(s) ignored ({_names(declared)})",
                                          problem]))
    if not parsed.get("version") and not parsed.get("entries"):
        raise NotAFeed(problem or "no RSS or Atom document found")
    entries = [e for e in (to_entry(raw) for raw in parsed.entries) if e]
    feed = parsed.feed
    return ParsedFeed(
        title=sanitize_summary(_raw(feed.get("title"), MAX_RAW_TITLE), max_chars=300),
        link=_raw(feed.get("link"), MAX_LINK),
        version=parsed.get("version") or "unknown",
        entries=entries,
        problem=problem,
    )


def as_utf8(content, content_type):
    """Decode with the fetcher's rules (header, BOM, declaration, then detection, each
    tried strictly) rather than feedparser's, which reads a windows-1256 feed served as
    utf-8 as windows-1252 mojibake; then hand feedparser UTF-8 that says so."""
    text, _ = decode_body(content, content_type)
    return XML_ENCODING.sub(rb"\1\2utf-8\2", text.encode("utf-8"), count=1)


def strip_doctype(data):
    """(data without its DOCTYPE, the names of the entities it declared).

    expat refuses an entity bomb, but feedparser then falls back to its loose
    parser, which expands the same entities without limit (a 33 KB feed took 433 MB).
    Feeds have no use for a DOCTYPE, so it goes before any parser sees the bytes.
    A declaration left anywhere else (outside the prolog, or one this reader could
    not delimit) is refused outright: never guessed at."""
    pos, kept, declared = 0, [], []
    while match := _PROLOG_ITEM.match(data, pos):
        if match.group("doctype"):
            declared += _ENTITY.findall(match.group())
        else:
            kept.append(match.group())
        pos = match.end()
    rest = data[pos:]
    if _DECLARATION.search(rest):
        raise UnsafeFeed("the feed holds a DOCTYPE or ENTITY declaration outside its prolog, or one that "
                         "cannot be read safely; entities are never expanded")
    return b"".join(kept) + rest, declared


def _names(names):
    shown = ", ".join(name.decode("utf-8", "replace")[:40] for name in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _valid_char_ref(match):
    """A character reference beyond Unicode (&#x110000;) crashes feedparser's loose
    parser: it becomes U+FFFD, as a browser reads it."""
    value = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return match.group() if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else b"&#xFFFD;"


def describe_problem(parsed):
    if not parsed.get("bozo"):
        return ""
    exc = parsed.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}" if exc else "not well-formed"


def to_entry(raw):
    link = (raw.get("link") or "").strip()
    if not link.lower().startswith(("http://", "https://")) or len(link) > MAX_LINK or not _valid_url(link):
        return None  # nothing to fetch: an entry without a usable link is skipped
    title = sanitize_summary(_raw(raw.get("title"), MAX_RAW_TITLE), max_chars=1000)
    summary_html = _raw(raw.get("summary"), MAX_RAW_SUMMARY)
    if not summary_html and raw.get("content"):
        summary_html = _raw(raw["content"][0].get("value"), MAX_RAW_SUMMARY)
    published = raw.get("published_parsed") or raw.get("updated_parsed")
    return Entry(
        guid=entry_guid(_raw(raw.get("id"), MAX_RAW_GUID).strip(), link, title),
        link=link,
        title=title,
        summary=sanitize_summary(summary_html),
        published_at=from_struct_time(published) if published else None,
        author=sanitize_summary(_raw(raw.get("author"), MAX_RAW_TITLE), max_chars=300),
    )


def _raw(value, limit):
    return value[:limit] if isinstance(value, str) else ""


def _valid_url(link):
    try:
        parts = urlsplit(link)
        parts.port  # raises ValueError on a port that is no port
    except ValueError:
        return False
    return bool(parts.hostname)


# GUIDs are keys: one longer than this is stored as its hash, never cut (two long
# GUIDs sharing a prefix would become one entry and the second story be lost).
MAX_GUID = 500


def entry_guid(guid, link, title):
    # No GUID in the feed: the link is the next most stable identity.
    key = INVISIBLE.sub("", guid) or link or "title:" + title
    if len(key) <= MAX_GUID:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
