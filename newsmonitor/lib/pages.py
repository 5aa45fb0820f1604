"""Reading an article page (newsmonitor.lib.pages): text and metadata out of already-fetched HTML.

This module never touches the network: fetching belongs to the crawler,
which applies the project's timeouts, size limits and SSRF rules. Only
trafilatura's extraction entry points are used here, never fetch_url.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING

import trafilatura
from htmldate import find_date
from trafilatura.settings import set_date_params

from .dates import parse_date_detail
from .html import INVISIBLE
from .language import detect_language

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["Extracted", "extract_page", "content_hash", "MAX_HTML_CHARS"]

# Past this a "page" is a data dump or an attack on the parser's memory.
MAX_HTML_CHARS = 10_000_000


@dataclass
class Extracted:
    title: str = ""
    body: str = ""
    author: str = ""
    published_at: datetime | None = None
    date_text: str = ""
    language: str = ""
    ok: bool = False
    error: str = ""


# Checked in this order; the first with a time of day wins. article:published_time
# and JSON-LD are written by the CMS from the database, the rest by themes.
_META_PRIMARY = ("article:published_time", "og:article:published_time")
_META_SECONDARY = (
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "published_time", "dc.date.issued", "dcterms.issued", "dc.date", "parsely-pub-date",
    "sailthru.date", "date",
)
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting",
                  "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle", "report"}
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,64})"')

# Site chrome whose dates are today's date or other articles' dates.
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|sidebar|widget|related|comments?|breadcrumbs?|ticker|"
    r"most-read|trending|cookie|newsletter|ads?|advert)(?:$|[\s_-])", re.I)
_PAGE_EDGE = re.compile(r"(?:^|[\s_-])(?:header|footer|top-?bar|masthead)(?:$|[\s_-])", re.I)
_DATE_HINT = re.compile(r"date|time|publish|posted|byline|meta|info|تاريخ", re.I)
_UPDATED = re.compile(r"تحديث|تعديل|updated|modified", re.I)
_PUBLISHED = re.compile(r"نشر|published|posted", re.I)
_MAX_DATE_TEXT = 160
# Every readable date has a year in 1990..2100; texts without one are not
# worth a full parse, which matters on pages with tens of thousands of nodes.
_YEARISH = re.compile(r"(?<!\d)[12١٢۱۲]\d{3}(?!\d)")
_MAX_DATE_NODES = 5000
_SKIP_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "head", "title", "option"}

# Bylines print a verb before the name; the name is what the author field is for.
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:كتب(?:ت|ه)?|بقلم|إعداد|اعداد|تقرير|تحرير|حوار|متابعة|by)(?:\s*[:：\-–]\s*|\s+)", re.I)
_MAX_BYLINE = 80


def content_hash(title: str, body: str) -> str:
    """sha256 of title and body, blind to whitespace, bidi marks and Unicode form.

    Syndicated copies of one story differ in exactly those ways; anything a
    reader would see as a different text gives a different hash.
    """
    parts = []
    for part in (title or "", body or ""):
        part = unicodedata.normalize("NFC", INVISIBLE.sub("", part))
        parts.append(" ".join(part.split()))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def extract_page(html: str, *, url: str = "", min_chars: int = 200,
                 default_tz: tzinfo = timezone.utc) -> Extracted:
    """Title, body, author, publication time and language of one article page.

    Never raises for bad input: ok=False with error "parse-error: …",
    "no-body" or "too-short: N chars". default_tz is the source's wall clock,
    for pages that print a time without an offset.
    """
    if not html or not html.strip():
        return Extracted(error="parse-error: empty document")
    if len(html) > MAX_HTML_CHARS:
        return Extracted(error=f"parse-error: document too large ({len(html)} chars)")
    try:
        tree = trafilatura.load_html(html)
    except Exception as exc:  # lxml raises a zoo of types on broken input
        return Extracted(error=f"parse-error: {type(exc).__name__}: {exc}"[:300])
    if tree is None:
        return Extracted(error="parse-error: not an HTML document")

    # Read what we need from the tree before trafilatura sees it; it works on
    # its own copy, so the page is parsed once.
    structured = _structured_dates(tree, default_tz)
    try:
        doc = _body(tree, url, fast=True)
        if doc is None or len(doc.text or "") < min_chars:
            # The fast path skips trafilatura's fallback extractors (readability,
            # jusText); a page it cannot read gets them.
            doc = _body(tree, url, fast=False) or doc
    except Exception as exc:
        return Extracted(error=f"parse-error: {type(exc).__name__}: {exc}"[:300])

    result = Extracted()
    # Title, author and date come from our own reading of the markup rather than
    # trafilatura's metadata pass, which costs as much as the extraction itself
    # (BENCHMARKS.md, extraction).
    result.title = _fallback_title(tree)
    result.body = _paragraphs(doc.text or "", result.title) if doc is not None else ""
    result.author = _clean_author(_jsonld_author(tree) or _meta(tree, "author") or _byline(tree))
    htmldate = None if any(has_time for _, has_time, _ in structured) else _htmldate(tree, url)
    result.published_at, result.date_text = _choose_date(structured, htmldate, tree, default_tz)
    result.language = detect_language(result.body or result.title)

    if not result.body:
        result.error = "no-body"
    elif len(result.body) < min_chars:
        result.error = f"too-short: {len(result.body)} chars"
    else:
        result.ok = True
    return result


def _body(tree: HtmlElement, url: str, *, fast: bool):
    return trafilatura.bare_extraction(
        tree, url=url or None, with_metadata=False, include_comments=False, fast=fast,
        favor_precision=True, include_images=False, include_links=False, deduplicate=False,
    )


def _htmldate(tree: HtmlElement, url: str) -> str | None:
    # htmldate's extensive search turns a footer's "© 2025" into 2025-01-01; only
    # markup and URL dates are worth taking from it.
    try:
        return find_date(tree, url=url or None, **set_date_params(extensive=False))
    except Exception:  # a date is optional; a page must not fail on it
        return None


def _byline(tree: HtmlElement) -> str:
    for node in tree.xpath('//*[@itemprop="author" or @rel="author" or contains(@class, "author") '
                           'or contains(@class, "byline") or contains(@class, "writer")]'):
        if _excluded(node):
            continue
        text = _clean_line(node.text_content())
        if 2 < len(text) <= _MAX_BYLINE:
            return text
    return ""


def _paragraphs(text: str, title: str) -> str:
    lines = [" ".join(INVISIBLE.sub("", line).split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    # trafilatura keeps the <h1>; repeated as the first paragraph it would
    # count towards min_chars and show twice wherever title and body are shown.
    if lines and title and lines[0] == title:
        lines = lines[1:]
    return "\n\n".join(lines)


def _clean_line(text: str) -> str:
    return " ".join(INVISIBLE.sub("", text).split())


def _clean_author(text: str) -> str:
    text = _clean_line(text)
    # article:author and some JSON-LD give a profile URL, which is not a name.
    if not text or re.match(r"^(?:https?:)?//", text):
        return ""
    return _BYLINE_PREFIX.sub("", text).strip()


def _fallback_title(tree: HtmlElement) -> str:
    for value in (_meta(tree, "og:title"), _first_text(tree, "//h1"), _first_text(tree, "//title")):
        if value:
            return _clean_line(value)
    return ""


def _first_text(tree: HtmlElement, xpath: str) -> str:
    found = tree.xpath(xpath)
    return found[0].text_content() if found else ""


def _meta(tree: HtmlElement, key: str) -> str:
    for node in tree.iter("meta"):
        name = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        if name == key and (node.get("content") or "").strip():
            return node.get("content").strip()
    return ""


# -- publication time -------------------------------------------------------

def _structured_dates(tree: HtmlElement, default_tz: tzinfo) -> list[tuple[datetime, bool, str]]:
    raw: list[str] = [_meta(tree, key) for key in _META_PRIMARY]
    raw += _jsonld_dates(tree)
    for node in tree.xpath('//*[@itemprop="datePublished"]'):
        raw.append(node.get("content") or node.get("datetime") or node.text_content())
    raw += [_meta(tree, key) for key in _META_SECONDARY]
    for node in tree.iter("time"):
        if node.get("datetime") and (node.get("pubdate") is not None or not _excluded(node)):
            raw.append(node.get("datetime"))
    found = []
    for text in raw:
        text = (text or "").strip()
        parsed = parse_date_detail(text, default_tz=default_tz) if text else None
        if parsed:
            found.append((parsed[0], parsed[1], text))
    return found


def _jsonld_objects(tree: HtmlElement):
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        source = script.text or ""
        try:
            data = json.loads(source, strict=False)
        except (ValueError, RecursionError):
            yield {"_unparsed": source}
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "itemListElement"))


def _is_article(obj: dict) -> bool:
    kinds = obj.get("@type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds)


def _jsonld_dates(tree: HtmlElement) -> list[str]:
    articles, others = [], []
    for obj in _jsonld_objects(tree):
        if "_unparsed" in obj:
            # Hand-written JSON-LD with trailing commas is common; the date is
            # still worth having.
            others += _JSONLD_DATE.findall(obj["_unparsed"])
        elif isinstance(obj.get("datePublished"), str):
            (articles if _is_article(obj) else others).append(obj["datePublished"])
    return articles + others


def _jsonld_author(tree: HtmlElement) -> str:
    for obj in _jsonld_objects(tree):
        if "_unparsed" in obj or not _is_article(obj):
            continue
        author = obj.get("author")
        authors = author if isinstance(author, list) else [author]
        names = []
        for item in authors:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                names.append(item["name"].strip())
            elif isinstance(item, str):
                names.append(item.strip())
        names = [n for n in names if n]
        if names:
            return "، ".join(names)
    return ""


def _choose_date(structured, trafilatura_date, tree, default_tz):
    for dt, has_time, text in structured:
        if has_time:
            return dt, text
    day_only = structured[0] if structured else None
    if day_only is None and trafilatura_date and not _only_in_chrome(tree, trafilatura_date):
        parsed = parse_date_detail(trafilatura_date, default_tz=default_tz)
        if parsed:
            day_only = (parsed[0], parsed[1], trafilatura_date)
    visible = _visible_date(tree, default_tz)
    if visible and (day_only is None or (
            visible[1] and _local_day(visible[0], default_tz) == _local_day(day_only[0], default_tz))):
        return visible[0], visible[2]
    if day_only:
        return day_only[0], day_only[2]
    return None, ""


def _only_in_chrome(tree: HtmlElement, day: str) -> bool:
    # htmldate reads every <time> on the page, so a teaser in "related
    # stories" can lend an undated article its date; such a date is dropped.
    marked = [node for node in tree.iter("time", "abbr")
              if (node.get("datetime") or node.get("title") or "").strip().startswith(day)]
    return bool(marked) and all(_excluded(node) for node in marked)


def _local_day(dt: datetime, tz: tzinfo):
    return dt.astimezone(tz).date()


def _visible_date(tree: HtmlElement, default_tz: tzinfo) -> tuple[datetime, bool, str] | None:
    body = tree.find(".//body")
    if body is None:
        body = tree
    # Elements that say they hold a date first, then any short text in the
    # article; site chrome (the masthead's "today" line, sidebars, comments)
    # is never asked.
    hinted, other = [], []
    for count, node in enumerate(body.iter()):
        if count >= _MAX_DATE_NODES:
            break
        if not isinstance(node.tag, str) or node.tag in _SKIP_TAGS:
            continue
        marks = " ".join(filter(None, (node.get("class"), node.get("id"), node.get("itemprop"))))
        (hinted if _DATE_HINT.search(marks) else other).append(node)
    for group in (hinted, other):
        fallback = None
        for node in group:
            text = _clean_line(node.text_content())
            if not text or len(text) > _MAX_DATE_TEXT or not _YEARISH.search(text) or _excluded(node):
                continue
            parsed = parse_date_detail(text, default_tz=default_tz)
            if not parsed:
                continue
            text = _narrowest(node, text, parsed, default_tz)
            if _UPDATED.search(text) and not _PUBLISHED.search(text):
                fallback = fallback or (parsed[0], parsed[1], text)
                continue
            return parsed[0], parsed[1], text
        if fallback:
            return fallback
    return None


def _narrowest(node: HtmlElement, text: str, parsed, default_tz: tzinfo) -> str:
    # "<div class=post-info><span>date</span><span>author</span></div>" should
    # report the date span, not the byline next to it, when that alone
    # gives the same reading.
    for inner in node.iterdescendants():
        if not isinstance(inner.tag, str):
            continue
        inner_text = _clean_line(inner.text_content())
        if inner_text and len(inner_text) < len(text) and \
                parse_date_detail(inner_text, default_tz=default_tz) == parsed:
            text = inner_text
    return text


def _excluded(node: HtmlElement) -> bool:
    at_page_edge = False
    in_content = False
    for current in (node, *node.iterancestors()):
        tag = current.tag if isinstance(current.tag, str) else ""
        if tag in ("body", "html"):
            break
        if tag in ("nav", "aside", "form"):
            return True
        if tag in ("article", "main"):
            # An article's own <header> holds its byline and date.
            in_content, at_page_edge = True, False
            continue
        if in_content:
            continue
        if tag in ("header", "footer"):
            at_page_edge = True
            continue
        marks = " ".join(filter(None, (current.get("class"), current.get("id"))))
        if not marks or not (_CHROME.search(marks) or _PAGE_EDGE.search(marks)):
            continue
        # Class names are a weak signal: "container has-sidebar" wraps the
        # whole story. A block holding the headline is content, not chrome.
        if current.find(".//h1") is not None:
            continue
        if _CHROME.search(marks):
            return True
        at_page_edge = True
    return at_page_edge
