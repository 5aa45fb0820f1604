"""Storing feed entries as articles without ever making two rows of one story."""

from dataclasses import dataclass, field

from newsmonitor.articles.models import Article, FeedEntry
from newsmonitor.lib.urls import canonical_url, url_hash

# Rows per IN (...) lookup: SQLite refuses statements with too many parameters.
LOOKUP_CHUNK = 500


@dataclass
class Stored:
    new_ids: list = field(default_factory=list)  # articles created by this call (to extract)
    held_back: int = 0  # new entries left for the next poll by the cap


def store_entries(feed, entries, limit=None):
    """Stores the feed's entries it never announced before, newest first, at most
    `limit` of them: the others are not marked as seen, so the next poll finds them
    new again and they are carried, not lost."""
    fresh = unseen(feed, entries)
    if limit is not None and len(fresh) > limit:
        fresh = newest_first(fresh)
    stored = Stored(held_back=max(0, len(fresh) - limit) if limit is not None else 0)
    for entry in fresh[:limit]:
        article, created = get_or_create_article(feed, entry)
        link_entry(feed, entry.guid, article)
        if created:
            stored.new_ids.append(article.pk)
    return stored


def unseen(feed, entries):
    """The entries this feed has not announced before, once each (a feed may repeat
    an item), in the feed's order."""
    guids = list(dict.fromkeys(e.guid for e in entries))
    known = set()
    for start in range(0, len(guids), LOOKUP_CHUNK):
        chunk = guids[start:start + LOOKUP_CHUNK]
        known.update(FeedEntry.objects.filter(feed=feed, guid__in=chunk).values_list("guid", flat=True))
    fresh, taken = [], set()
    for entry in entries:
        if entry.guid not in known and entry.guid not in taken:
            fresh.append(entry)
            taken.add(entry.guid)
    return fresh


def newest_first(entries):
    """Dated entries newest first, then undated ones in the feed's order (feeds list
    the newest first more often than not)."""
    dated = sorted((e for e in entries if e.published_at), key=lambda e: e.published_at, reverse=True)
    return dated + [e for e in entries if not e.published_at]


def get_or_create_article(feed, entry):
    """The unique canonical URL decides: a story already stored from another feed,
    or by a concurrent poll, is found instead of inserted again."""
    url = canonical_url(entry.link)
    defaults = dict(
        url=url,
        original_url=entry.link,
        feed=feed,
        outlet_id=feed.outlet_id,
        title=entry.title,
        summary=entry.summary,
        author=entry.author,
        published_at=entry.published_at,
        published_source="feed" if entry.published_at else "",
    )
    return Article.objects.get_or_create(url_hash=url_hash(url), defaults=defaults)


def link_entry(feed, guid, article):
    # get_or_create falls back to a read when a concurrent poll inserted it first.
    FeedEntry.objects.get_or_create(feed=feed, guid=guid, defaults={"article": article})
