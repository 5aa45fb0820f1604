"""Storing feed entries as articles without ever making two rows of one story."""

from newsmonitor.articles.models import Article, FeedEntry
from newsmonitor.lib.urls import canonical_url


def store_entries(feed, entries):
    """Returns the ids of articles created by this call (the ones to extract)."""
    known = dict(
        FeedEntry.objects.filter(feed=feed, guid__in=[e.guid for e in entries]).values_list("guid", "article_id")
    )
    new_ids = []
    for entry in entries:
        if entry.guid in known:
            continue  # this feed announced it before, whatever its link says now
        article, created = get_or_create_article(feed, entry)
        link_entry(feed, entry.guid, article)
        if created:
            new_ids.append(article.pk)
    return new_ids


def get_or_create_article(feed, entry):
    """The unique canonical URL decides: a story already stored from another feed,
    or by a concurrent poll, is found instead of inserted again."""
    defaults = dict(
        original_url=entry.link[:2000],
        feed=feed,
        outlet_id=feed.outlet_id,
        title=entry.title,
        summary=entry.summary,
        author=entry.author,
        published_at=entry.published_at,
        published_source="feed" if entry.published_at else "",
    )
    return Article.objects.get_or_create(url=canonical_url(entry.link)[:1000], defaults=defaults)


def link_entry(feed, guid, article):
    # get_or_create falls back to a read when a concurrent poll inserted it first.
    FeedEntry.objects.get_or_create(feed=feed, guid=guid, defaults={"article": article})
