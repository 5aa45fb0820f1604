"""The demo site's articles: reading site/_content/<outlet>.txt and checking each entry.

The content files sit in the site folder (the demo server serves them too, harmlessly);
the built image leaves them out (.dockerignore), as it leaves out this builder.

Content file format: lines starting with ``#`` before the first entry are
comments.  Each entry starts with ``=== <file-stem>``, then ``key: value``
header lines, then a line ``---``, then the body paragraphs separated by blank
lines.  Header keys:

    published     ISO 8601 with offset (empty: the article has no date at all)
    visible_date  if set, the page shows only this Arabic date (no machine date)
    section, author, title, standfirst (optional)
    countries     ISO 3166-1 alpha-2 codes, space separated
    pairs         XX-YY pairs whose relations the article reports, space separated
    primary       one pair or empty
    topics        topic slugs from DESIGN.md, space separated
    flags         tracking-link | syndicate:<outlet> | no-date
    notes         free text copied into annotations.json

Everything is fictional: outlet names, hosts (``*.example``), authors.  Links
use the literal host ``__BASE__``, which the demo server replaces with its own
``host:port`` when it serves a file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsmonitor.demo import SITE_DIR
from newsmonitor.tagging import TOPIC_SLUGS

CONTENT = SITE_DIR / "_content"
BASE = "http://__BASE__"



@dataclass
class Article:
    outlet: str
    stem: str
    title: str
    section: str
    author: str
    paragraphs: list[str]
    published: datetime | None
    visible_date: str
    standfirst: str
    countries: list[str]
    pairs: list[list[str]]
    primary: list[str] | None
    topics: list[str]
    flags: list[str] = field(default_factory=list)
    notes: str = ""
    related: list["Article"] = field(default_factory=list)
    post_id: int = 0

    @property
    def path(self) -> str:
        return f"{self.outlet}/{self.stem}.html"

    @property
    def url_path(self) -> str:
        return "/" + self.path

    @property
    def url(self) -> str:
        return BASE + self.url_path

    @property
    def date_in_page(self) -> str:
        if self.published is None:
            return "none"
        return "visible" if self.visible_date else "meta"

    @property
    def summary(self) -> str:
        text = self.paragraphs[0]
        # Drop the wire dateline ("القاهرة (وكالة النيل) - ", "دبي - "الخليج اليوم": ").
        text = re.sub(r'^[^.،]{0,60}?(?: - [^:]{0,30}:| - )\s*', "", text, count=1)
        if len(text) > 230:
            text = text[:230].rsplit(" ", 1)[0] + "…"
        return text

    # The templates print strings only: Django would localize a number, which
    # needs settings, and the builder runs without any.
    @property
    def post(self) -> str:
        return str(self.post_id)

    @property
    def author_no(self) -> str:
        return str(self.post_id % 7)

    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def parse_pairs(value: str) -> list[list[str]]:
    return sorted(sorted(p.split("-")) for p in value.split())


def load(outlet: str, content: Path = CONTENT) -> list[Article]:
    """The articles of _content/<outlet>.txt, in file order, each checked."""
    text = (content / f"{outlet}.txt").read_text("utf-8")
    articles = [parse_entry(outlet, chunk) for chunk in re.split(r"^=== ", text, flags=re.M)[1:]]
    for article in articles:
        check(article)
    return articles


def parse_entry(outlet: str, chunk: str) -> Article:
    head, _, body = chunk.partition("\n---\n")
    lines = head.split("\n")
    meta = {}
    for line in lines[1:]:
        if line.strip():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]
    primary = meta.get("primary") or ""
    return Article(
        outlet=outlet, stem=lines[0].strip(), title=meta["title"], section=meta["section"],
        author=meta["author"], paragraphs=paragraphs,
        published=datetime.fromisoformat(meta["published"]) if meta.get("published") else None,
        visible_date=meta.get("visible_date", ""), standfirst=meta.get("standfirst", ""),
        countries=sorted(meta.get("countries", "").split()),
        pairs=parse_pairs(meta.get("pairs", "")),
        primary=sorted(primary.split("-")) if primary else None,
        topics=sorted(meta.get("topics", "").split()),
        flags=meta.get("flags", "").split(), notes=meta.get("notes", ""),
    )


def check(a: Article) -> None:
    """The annotations hold together and the text is article-sized."""
    where = a.path
    assert a.topics and set(a.topics) <= set(TOPIC_SLUGS), (where, a.topics)
    for pair in a.pairs:
        assert len(pair) == 2 and set(pair) <= set(a.countries), (where, pair)
    if a.primary:
        assert a.primary in a.pairs, (where, a.primary)
    if a.published is None:
        assert "no-date" in a.flags, where
    else:
        assert a.published.utcoffset() is not None, where
        assert a.stem.startswith(a.published.strftime("%Y-%m-%d")), where
    assert 4 <= len(a.paragraphs) <= 9, (where, len(a.paragraphs))
    assert 250 <= a.words() <= 700, (where, a.words())
