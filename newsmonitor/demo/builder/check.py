"""Sanity checks for the bundled demo site; run after rebuilding it.

    python -m newsmonitor.demo.builder.check [--site DIR]   (default: newsmonitor/demo/site/)

Checks that every feed parses with feedparser (``__BASE__`` replaced first) and
is not bozo, that windows-1256 files really are windows-1256, that every feed
link points to an existing page, that the syndicated item and the tracking
link are there, that pages carry (or deliberately lack) dates as annotated, and
that trafilatura extracts the body of every page.  Exits non-zero on failure.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import trafilatura

from newsmonitor.demo import SITE_DIR

HOST = "127.0.0.1:8999"
failures: list[str] = []


def fail(msg: str) -> None:
    failures.append(msg)
    print("FAIL", msg)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.demo.builder.check", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=SITE_DIR, help="built site to check (default: %(default)s)")
    return check(parser.parse_args(argv).site)


def check(site: Path) -> int:
    """Check the site built under `site`; 1 on any failure, else 0."""
    failures.clear()
    outlets = json.loads((site / "outlets.json").read_text("utf-8"))
    notes = json.loads((site / "annotations.json").read_text("utf-8"))
    links_seen: dict[str, list[str]] = {}
    for o in outlets:
        for f in o["feeds"]:
            check_feed(site, o["slug"], f, links_seen)
    check_links(links_seen, notes)
    words = sum(check_page(site, n) for n in notes)
    print(f"{len(notes)} pages, {words} body words; trafilatura checked on every page")
    print("OK" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


def check_encoding(name: str, raw: bytes) -> None:
    """windows-1256 bytes must not also pass as UTF-8, or the test proves nothing."""
    try:
        raw.decode("utf-8")
        fail(f"{name} is valid UTF-8, expected windows-1256 bytes")
    except UnicodeDecodeError:
        pass
    raw.decode("cp1256")


def check_feed(site: Path, slug: str, f: dict, links_seen: dict[str, list[str]]) -> None:
    """One feed parses cleanly as its declared kind and links to existing pages."""
    raw = (site / f["path"]).read_bytes()
    if f["encoding"] == "windows-1256":
        check_encoding(f["path"], raw)
        if b'encoding="windows-1256"' not in raw[:60]:
            fail(f"{f['path']}: missing windows-1256 declaration")
    d = feedparser.parse(raw.replace(b"__BASE__", HOST.encode()))
    kind = d.version
    if d.bozo:
        fail(f"{f['path']}: bozo {d.bozo_exception!r}")
    if f["format"] == "atom" and not kind.startswith("atom"):
        fail(f"{f['path']}: expected atom, got {kind}")
    if f["format"] == "rss" and not kind.startswith("rss"):
        fail(f"{f['path']}: expected rss, got {kind}")
    undated = 0
    for e in d.entries:
        for key in ("title", "link", "id"):
            if not e.get(key):
                fail(f"{f['path']}: entry without {key}: {e.get('title')}")
        if not (e.get("published_parsed") or e.get("updated_parsed")):
            undated += 1
        url = urlsplit(e.link)
        if url.netloc != HOST:
            fail(f"{f['path']}: link host {url.netloc}")
        if not (site / url.path.lstrip("/")).is_file():
            fail(f"{f['path']}: link to missing page {url.path}")
        links_seen.setdefault(url.path, []).append(slug)
        if url.query:
            print(f"  tracking link in {slug}: {url.path}?{url.query}#{url.fragment}")
        if "<script" in e.get("summary", ""):
            print(f"  {slug}: description with HTML and <script>: {e.title[:40]}…")
    print(f"{f['path']}: {kind}, encoding {d.encoding}, {len(d.entries)} entries, "
          f"{undated} without a date, bozo={d.bozo}")


def check_links(links_seen: dict[str, list[str]], notes: list[dict]) -> None:
    """Some page is in two outlets' feeds (syndication); every page is in one."""
    shared = {p: s for p, s in links_seen.items() if len(set(s)) > 1}
    print("links in more than one outlet's feed:", shared)
    if not shared:
        fail("no syndicated link")
    for n in notes:
        if n["url_path"] not in links_seen:
            fail(f"page {n['path']} is in no feed")


def check_page(site: Path, n: dict) -> int:
    """One page matches its annotation and trafilatura finds its body; its body words."""
    raw = (site / n["path"]).read_bytes()
    enc = "cp1256" if b'charset="windows-1256"' in raw[:400] else "utf-8"
    if enc == "cp1256":
        check_encoding(n["path"], raw)
    html = raw.decode(enc)
    h1 = unescape(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))
    if h1 != n["title"]:
        fail(f"{n['path']}: h1 differs from annotation title")
    has_meta = 'property="article:published_time"' in html
    has_machine_date = has_meta or "datetime=" in html or "datePublished" in html
    if n["date_in_page"] == "meta" and not has_meta:
        fail(f"{n['path']}: no article:published_time")
    if n["date_in_page"] != "meta" and has_machine_date:
        fail(f"{n['path']}: machine-readable date on a {n['date_in_page']} page")
    tree = lxml.html.fromstring(html)
    box = tree.xpath('//div[contains(concat(" ", @class, " "), " news-body ") or '
                     'contains(concat(" ", @class, " "), " article-content ") or '
                     'contains(concat(" ", @class, " "), " entry-content ") or '
                     '@class="ntext" or @class="article__body"]')[0]
    body = [p.text_content() for p in box.findall("p")]
    text = trafilatura.extract(html) or ""
    found = sum(1 for p in body if p[:60] in text)
    extra = len(text) - sum(len(p) for p in body if p[:60] in text)
    if found < len(body):
        fail(f"{n['path']}: trafilatura found {found}/{len(body)} paragraphs")
    if extra > 400:
        print(f"  note: {n['path']}: trafilatura output has {extra} chars beyond the body")
    return sum(len(p.split()) for p in body)


if __name__ == "__main__":
    sys.exit(main())
