"""OPML 2.0, the feed readers' exchange format: read what other readers export, write
newsmonitor's feed list with its outlets. Pure library (no Django, no network).

An outlet travels as an outline holding its feeds, its fields as attributes in our own
namespace (OPML 2.0 allows attributes from a namespace); to any other reader it is a
folder named after the outlet:

    <opml version="2.0" xmlns:nm="https://newsmonitor.invalid/ns/opml/1">
      <body>
        <outline text="وكالة النيل" nm:outlet="وكالة النيل" nm:homepage="https://nile.example/"
                 nm:country="EG" nm:language="ar">
          <outline type="rss" text="أخبار" title="أخبار" xmlUrl="https://nile.example/rss.xml"
                   htmlUrl="https://nile.example/" language="ar"/>

Other readers' folders (Feedly's, Inoreader's, NetNewsWire's categories, nested to any
depth) are read as categories; `xmlUrl` is found whatever its case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime

from lxml import etree

from newsmonitor.lib.feedparse import as_utf8

__all__ = ["NS", "OpmlError", "UnsafeOpml", "Opml", "OutletInfo", "FeedInfo", "parse_opml", "write_opml"]

NS = "https://newsmonitor.invalid/ns/opml/1"
OUTLET_FIELDS = ("homepage", "country", "language", "notes")
MAX_OUTLINES = 20_000
MAX_TEXT = 1000
MAX_NOTES = 10_000

_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)\b", re.I)
# A bare "&" in an xmlUrl's query is the commonest flaw of hand-made and older exports;
# it is read as the text it was meant to be. XML's five entities stay entities; any
# other (&nbsp;) would need a DTD, so it is read literally too.
_BARE_AMPERSAND = re.compile(rb"&(?!(?:#[0-9]{1,8}|#x[0-9a-fA-F]{1,8}|amp|lt|gt|quot|apos);)")
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
FEED_TYPES = frozenset({"", "rss", "atom", "rdf", "feed"})


class OpmlError(ValueError):
    """The file is not an OPML document, or not well-formed XML."""


class UnsafeOpml(OpmlError):
    """The file declares a DOCTYPE or entities: refused, never expanded."""


@dataclass
class OutletInfo:
    name: str
    homepage: str = ""
    country: str = ""
    language: str = ""
    notes: str = ""


@dataclass
class FeedInfo:
    url: str
    title: str = ""
    html_url: str = ""
    language: str = ""
    active: bool = True
    outlet: OutletInfo | None = None
    categories: tuple[str, ...] = ()


@dataclass
class Opml:
    title: str = ""
    outlets: list[OutletInfo] = field(default_factory=list)  # every outlet outline, with feeds or none
    feeds: list[FeedInfo] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # outlines left out, and why


# --- reading -------------------------------------------------------------------------------

def parse_opml(data: bytes) -> Opml:
    """The feeds and outlets of an OPML file. Raises UnsafeOpml for a DOCTYPE or entity
    declaration, OpmlError for anything that is not a readable OPML document."""
    if not data or not data.strip():
        raise OpmlError("the file is empty")
    utf8 = as_utf8(data, "")
    if _DECLARATION.search(utf8):
        raise UnsafeOpml("the file holds a DOCTYPE or ENTITY declaration; OPML needs none, and entities are "
                         "never expanded (entity-expansion and external-entity attacks)")
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, remove_comments=True,
                             remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(_BARE_AMPERSAND.sub(b"&amp;", utf8), parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from None
    if _local(root.tag) != "opml":
        raise OpmlError(f"not an OPML document: its root element is <{_local(root.tag)}>, not <opml>")
    body = _child(root, "body")
    if body is None:
        raise OpmlError("not an OPML document: it has no <body>")
    head = _child(root, "head")
    title = _child(head, "title") if head is not None else None
    result = Opml(title=_text(title.text if title is not None else ""))
    _walk(body, result, outlet=None, categories=(), budget=[MAX_OUTLINES])
    return result


def _walk(element, result, *, outlet, categories, budget):
    for outline in element:
        if not isinstance(outline.tag, str) or _local(outline.tag) != "outline":
            continue
        budget[0] -= 1
        if budget[0] < 0:
            result.skipped.append(f"more than {MAX_OUTLINES} outlines: the rest were not read")
            return
        attrs = _attributes(outline)
        label = _text(attrs.get("title") or attrs.get("text"))
        if attrs.get("nm:outlet"):
            found = _outlet(attrs)
            result.outlets.append(found)
            _walk(outline, result, outlet=found, categories=categories, budget=budget)
            continue
        url = attrs.get("xmlurl") or (attrs.get("url") if attrs.get("type", "").lower() in FEED_TYPES - {""} else "")
        kind = attrs.get("type", "").lower()
        if url and kind in FEED_TYPES:
            result.feeds.append(_feed(attrs, url, outlet, categories))
        elif kind and kind not in FEED_TYPES:
            # type="include" names another OPML file: never followed (no fetching here).
            result.skipped.append(f"“{label or attrs.get('url', '')}”: an outline of type “{kind}” is no feed")
        elif kind in FEED_TYPES - {""}:
            result.skipped.append(f"“{label}”: a feed outline without an xmlUrl")
        _walk(outline, result, outlet=outlet, categories=categories + ((label,) if label and not url else ()),
              budget=budget)


def _outlet(attrs):
    fields = {name: _text(attrs.get("nm:" + name, "")) for name in OUTLET_FIELDS}
    fields["notes"] = (attrs.get("nm:notes") or "").strip()[:MAX_NOTES]  # notes keep their lines
    return OutletInfo(name=_text(attrs["nm:outlet"])[:200], **fields)


def _feed(attrs, url, outlet, categories):
    url = url.strip()
    title = _text(attrs.get("title") or attrs.get("text"))
    return FeedInfo(
        url=url,
        title="" if title == url else title,  # our export names an untitled feed by its URL
        html_url=(attrs.get("htmlurl") or "").strip(),
        language=_text(attrs.get("language"))[:8],
        active=attrs.get("nm:active", "").lower() not in ("false", "0", "no"),
        outlet=outlet,
        categories=categories,
    )


def _attributes(element):
    """Attribute names folded to lower case (xmlUrl, xmlurl, XMLURL), ours as "nm:name"."""
    found = {}
    for name, value in element.attrib.items():
        if name.startswith("{" + NS + "}"):
            found["nm:" + name[len(NS) + 2:].lower()] = value
        elif not name.startswith("{"):
            found[name.lower()] = value
    return found


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element, name):
    return next((c for c in element if isinstance(c.tag, str) and _local(c.tag) == name), None)


def _text(value):
    return " ".join((value or "").split())[:MAX_TEXT]


# --- writing -------------------------------------------------------------------------------

def write_opml(outlets, loose_feeds=(), *, title="newsmonitor feeds", created: datetime | None = None) -> bytes:
    """An OPML 2.0 document: `outlets` is a list of (OutletInfo, [FeedInfo]), each outlet an
    outline holding its feeds; `loose_feeds` (feeds of no outlet) sit at the top."""
    root = etree.Element("opml", version="2.0", nsmap={"nm": NS})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _clean(title)
    if created is not None:
        etree.SubElement(head, "dateCreated").text = format_datetime(created)
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    for outlet, feeds in outlets:
        node = etree.SubElement(body, "outline", text=_clean(outlet.name), title=_clean(outlet.name))
        node.set(f"{{{NS}}}outlet", _clean(outlet.name))
        for name in OUTLET_FIELDS:
            if getattr(outlet, name, ""):
                node.set(f"{{{NS}}}{name}", _clean(getattr(outlet, name)))
        for feed in feeds:
            _write_feed(node, feed)
    for feed in loose_feeds:
        _write_feed(body, feed)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _write_feed(parent, feed):
    node = etree.SubElement(parent, "outline", type="rss", text=_clean(feed.title or feed.url))
    if feed.title:
        node.set("title", _clean(feed.title))
    node.set("xmlUrl", _clean(feed.url))
    if feed.html_url:
        node.set("htmlUrl", _clean(feed.html_url))
    if feed.language:
        node.set("language", _clean(feed.language))
    if not feed.active:
        node.set(f"{{{NS}}}active", "false")


def _clean(value):
    return _NOT_XML.sub("", str(value or ""))
