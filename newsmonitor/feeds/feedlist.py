"""Adding feeds, one by one or from a list file."""

import json
from pathlib import Path

from django.conf import settings

from newsmonitor.feeds.http import get_fetcher
from newsmonitor.feeds.models import Feed, Outlet
from newsmonitor.lib.feedparse import parse_feed

# The real Arabic feeds `make run` starts with.
DEFAULT_FEEDS = Path(__file__).resolve().parent / "default_feeds.json"


def add_feed(url, *, outlet="", country="", language="ar", homepage="", check=True, title=""):
    """Returns (feed, created, entries seen or None). With check, the URL must answer
    with a parsable feed (FetchError or NotAFeed otherwise) before anything is stored."""
    entries = None
    if check:
        result = get_fetcher().get(url, max_bytes=settings.NEWSMONITOR_FEED_MAX_BYTES)
        parsed = parse_feed(result.content, content_type=result.headers.get("content-type", ""), url=result.url)
        title = title or parsed.title
        entries = len(parsed.entries)
    outlet_row = None
    if outlet:
        outlet_row, _ = Outlet.objects.get_or_create(
            name=outlet, defaults={"country": country, "language": language, "homepage": homepage}
        )
    feed, created = Feed.objects.get_or_create(
        url=url,
        defaults={"outlet": outlet_row, "title": title[:300], "language": language,
                  "poll_interval": settings.NEWSMONITOR_POLL_INTERVAL},
    )
    return feed, created, entries


def load_feed_list(path, *, base="", check=False):
    """A JSON list of {name, homepage, country, language, feed} (the format of
    DEFAULT_FEEDS). `base` replaces __BASE__ in demo URLs."""
    added = []
    for item in json.loads(open(path, encoding="utf-8").read()):
        url = item["feed"].replace("__BASE__", base)
        feed, created, _ = add_feed(
            url, outlet=item.get("name", ""), country=item.get("country", ""),
            language=item.get("language", "ar"), homepage=item.get("homepage", "").replace("__BASE__", base),
            check=check,
        )
        added.append(feed)
    return added
