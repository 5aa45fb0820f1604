"""Articles as plain records (dicts) for exports and the API, built a chunk at a time:
three queries per chunk for the tags, whatever the chunk's size."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Value
from django.urls import reverse

from newsmonitor.articles.models import ArticleCountry, ArticlePair, ArticleTopic, Tag
from newsmonitor.lib.urls import reader_link
from newsmonitor.timelines.readmodels import stories
from newsmonitor.timelines.readmodels.filters import cursor_filter
from newsmonitor.timelines.readmodels.queries import first_sentence

CHUNK = 1000
EDITOR = Tag.Source.EDITOR
ROW_FIELDS = ("article_id", "time", "day", "outlet_id", "outlet_country", "language",
              "article__title", "article__url", "article__original_url", "article__published_at",
              "article__discovered_at", "outlet__name", "story_key")


def iter_rows(qs, chunk=CHUNK, limit=None, searching=False):
    """Every row of a PairEntry/ArticleDoc queryset, newest first, in keyset chunks:
    memory stays flat and no chunk costs more than the first, even at the end of a
    million-row export."""
    cursor, sent = "", 0
    while True:
        size = chunk if limit is None else min(chunk, limit - sent)
        if size <= 0:
            return
        rows = list(qs.filter(cursor_filter(cursor)).order_by(*order(searching)).values(*ROW_FIELDS)[:size])
        if not rows:
            return
        yield rows
        sent += len(rows)
        if len(rows) < size:
            return
        last = rows[-1]
        cursor = f"{last['time'].isoformat()}~{last['article_id']}"


def order(searching):
    """Newest first; with a text search, by an expression (see queries.page_of)."""
    if searching:
        return [(F("time") + Value(timedelta(0))).desc(), F("article_id").desc()]
    return ["-time", "-article_id"]


def link(url):
    """`url` when a reader may be offered it as a link, else "": URLs come from feeds
    and may be scripts or addresses inside our network (lib.urls.reader_link)."""
    return reader_link(url, allow=settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE)


def original_link(original_url, url):
    """The link to the article on its site: the URL the feed gave, else the canonical
    one; "" when that one may not be offered (no fallback: it is the same story)."""
    return link(original_url or url)


def records(rows, request=None, copies=False):
    """Records of one chunk of rows (dicts from iter_rows), with all their tags and
    their story's id (null for an article not grouped into a story yet); with
    `copies` (a list of stories), how many articles the story has and the outlets
    that carried it, oldest first (one query more)."""
    ids = [row["article_id"] for row in rows]
    if copies:
        stories.add_copies(rows)
    countries, pairs, topics = defaultdict(list), defaultdict(list), defaultdict(list)
    curated = defaultdict(lambda: {"countries": [], "pairs": [], "topics": []})
    for article_id, code, source in ArticleCountry.objects.filter(article_id__in=ids).order_by("code").values_list(
            "article_id", "code", "source"):
        countries[article_id].append(code)
        if source == EDITOR:
            curated[article_id]["countries"].append(code)
    for p in ArticlePair.objects.filter(article_id__in=ids).order_by("a", "b").values(
            "article_id", "a", "b", "primary", "score", "evidence", "source"):
        pairs[p["article_id"]].append({
            "pair": [p["a"], p["b"]], "primary": p["primary"], "score": round(p["score"] or 0, 4),
            "evidence": [s for s in (first_sentence([e]) for e in p["evidence"] or []) if s],
            "source": p["source"], "curated": p["source"] == EDITOR,
        })
        if p["source"] == EDITOR:
            curated[p["article_id"]]["pairs"].append([p["a"], p["b"]])
    for article_id, topic, source in ArticleTopic.objects.filter(article_id__in=ids).order_by("topic").values_list(
            "article_id", "topic", "source"):
        topics[article_id].append(topic)
        if source == EDITOR:
            curated[article_id]["topics"].append(topic)
    out = []
    for row in rows:
        pk = row["article_id"]
        page = reverse("timelines:article", args=[pk])
        out.append({
            "id": pk,
            "title": row["article__title"],
            "url": original_link(row["article__original_url"], row["article__url"]) or None,
            "canonical_url": link(row["article__url"]) or None,
            "page": request.build_absolute_uri(page) if request else page,
            "outlet": row["outlet__name"] or "",
            "outlet_id": row["outlet_id"],
            "outlet_country": row["outlet_country"] or "",
            "language": row["language"] or "",
            "published_at": row["article__published_at"].isoformat() if row["article__published_at"] else None,
            "discovered_at": row["article__discovered_at"].isoformat() if row["article__discovered_at"] else None,
            "day": row["day"].isoformat(),
            "countries": countries.get(pk, []),
            "pairs": pairs.get(pk, []),
            "primary_pair": next((p["pair"] for p in pairs.get(pk, []) if p["primary"]), None),
            "topics": topics.get(pk, []),
            # The tags an editor added or confirmed (articles.corrections): kept through every re-tag.
            "curated": curated[pk] if pk in curated else {"countries": [], "pairs": [], "topics": []},
            "story": stories.public_story(row.get("story_key")),
        })
        if copies:
            out[-1].update(story_articles=row["story_articles"], story_outlets=row["story_outlets"])
    return out
