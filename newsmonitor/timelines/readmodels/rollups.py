"""Keeping the dashboard's read-side tables (models.py) in step with the tags.

    refresh_for_articles(ids)   after tagging (or an editor's change) of these articles
    refresh_stale()             sweep: articles tagged since their rows were built
    rebuild_rollups()           PairDay, PairTopicDay and TopicDay from scratch (set-based SQL)

Each refresh replaces the articles' rows and recomputes the daily counts they touch in
one transaction, under a lock, so concurrent workers never write a stale count.
"""

from collections import defaultdict
from datetime import timezone as dt_timezone

from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.timelines.models import ArticleDoc, PairDay, PairEntry, PairTopicDay, TopicDay
from newsmonitor.tagging import TOPIC_BY_SLUG, TOPIC_SLUGS
from newsmonitor.timelines.names import TOPIC_BIT
from newsmonitor.timelines.search.text import search_text

LOCK_KEY = 7_351_004  # any constant shared by all writers of the roll-ups
BATCH = 500


def refresh_for_articles(article_ids):
    """Rebuilds the timeline rows of these articles; returns how many were refreshed.
    Articles that no longer exist just lose their rows."""
    ids = sorted({int(i) for i in article_ids})
    done = 0
    for start in range(0, len(ids), BATCH):
        done += _refresh_batch(ids[start:start + BATCH])
    return done


def refresh_stale(limit=5000):
    """Articles tagged after their timeline rows were built (or never built)."""
    ids = list(
        Article.objects.filter(tagged_at__isnull=False)
        .filter(Q(doc__isnull=True) | Q(tagged_at__gt=F("doc__refreshed_at")))
        .values_list("id", flat=True)[:limit]
    )
    return refresh_for_articles(ids)


def _refresh_batch(ids):
    articles = list(Article.objects.filter(pk__in=ids).select_related("outlet"))
    tags = _tags_of(ids)
    now = timezone.now()
    docs, entries = [], []
    for article in articles:
        doc, pair_rows = build_rows(article, tags, now)
        docs.append(doc)
        entries += pair_rows
    with transaction.atomic():
        _lock()
        old_pair_keys = set(PairEntry.objects.filter(article_id__in=ids).values_list("a", "b", "day"))
        old_topic_keys = _topic_keys(ArticleDoc.objects.filter(article_id__in=ids).values_list("day", "topics"))
        PairEntry.objects.filter(article_id__in=ids).delete()
        ArticleDoc.objects.filter(article_id__in=ids).delete()
        ArticleDoc.objects.bulk_create(docs)
        PairEntry.objects.bulk_create(entries)
        pair_keys = old_pair_keys | {(e.a, e.b, e.day) for e in entries}
        topic_keys = old_topic_keys | _topic_keys((d.day, d.topics) for d in docs)
        recount_pair_days(pair_keys)
        recount_topic_days(topic_keys)
    return len(articles)


def _tags_of(ids):
    tags = {"countries": defaultdict(list), "pairs": defaultdict(list), "topics": defaultdict(list)}
    for article_id, code in ArticleCountry.objects.filter(article_id__in=ids).values_list("article_id", "code"):
        tags["countries"][article_id].append(code)
    for row in ArticlePair.objects.filter(article_id__in=ids).values("article_id", "a", "b", "primary", "score"):
        tags["pairs"][row["article_id"]].append(row)
    for row in ArticleTopic.objects.filter(article_id__in=ids).values("article_id", "topic", "score"):
        tags["topics"][row["article_id"]].append(row)
    return tags


def build_rows(article, tags, now):
    """The ArticleDoc and PairEntry rows of one article (unsaved)."""
    topic_rows = tags["topics"].get(article.pk, [])
    mask = topic_mask(row["topic"] for row in topic_rows)
    main = main_topic(topic_rows)
    time = article.published_at or article.discovered_at
    day = article_day(article)
    outlet = article.outlet
    common = dict(day=day, time=time, outlet_id=article.outlet_id, outlet_country=outlet.country if outlet else "",
                  language=article.language or (outlet.language if outlet else ""), topics=mask, main_topic=main)
    codes = sorted(set(tags["countries"].get(article.pk, [])))
    doc = ArticleDoc(article_id=article.pk, countries=(" " + " ".join(codes) + " ") if codes else "",
                     search_text=search_text(article.title, article.body or article.summary),
                     refreshed_at=now, **common)
    entries = [PairEntry(article_id=article.pk, a=row["a"], b=row["b"], primary=row["primary"],
                         score=row["score"] or 0, **common)
               for row in tags["pairs"].get(article.pk, [])]
    return doc, entries


def article_day(article):
    """The tag tables' day: publication date, else discovery date (UTC)."""
    return (article.published_at or article.discovered_at).astimezone(dt_timezone.utc).date()


def topic_mask(slugs):
    mask = 0
    for slug in slugs:
        mask |= TOPIC_BY_SLUG[slug].mask  # a topic the taxonomy lacks fails loudly, never vanishes
    return mask


def main_topic(rows):
    """The highest-scoring topic; ties go to taxonomy order, so it is deterministic."""
    if not rows:
        return ""
    return min(rows, key=lambda row: (-(row["score"] or 0), TOPIC_SLUGS.index(row["topic"])))["topic"]


def _topic_keys(day_masks):
    return {(slug, day) for day, mask in day_masks for slug in TOPIC_SLUGS if mask & TOPIC_BIT[slug]}


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings), so writers are serialised already.


def recount_pair_days(keys):
    """PairDay and PairTopicDay of these (a, b, day): both from one grouped read of
    the pairs' rows (PairDay is PairTopicDay summed over the topic combinations), five
    queries for a few hundred keys (SQLite caps a query's parameters)."""
    by_pair = defaultdict(set)
    for a, b, day in keys:
        by_pair[(a, b)].add(day)
    group, size = [], 0
    for pair, days in sorted(by_pair.items()):
        group.append((pair, sorted(days)))
        size += 2 + len(days)
        if size >= 500:
            _recount_pairs(group)
            group, size = [], 0
    if group:
        _recount_pairs(group)


def _recount_pairs(group):
    where = Q()
    for (a, b), days in group:
        where |= Q(a=a, b=b, day__in=days)
    PairDay.objects.filter(where).delete()
    PairTopicDay.objects.filter(where).delete()
    mixes = list(PairEntry.objects.filter(where).values("a", "b", "day", "topics", "main_topic", "language")
                 .annotate(n=Count("id"), n_primary=Sum(Cast("primary", IntegerField()))).order_by())
    per_day = defaultdict(lambda: [0, 0])
    for row in mixes:
        totals = per_day[(row["a"], row["b"], row["day"])]
        totals[0] += row["n"]
        totals[1] += row["n_primary"] or 0
    PairTopicDay.objects.bulk_create([
        PairTopicDay(a=row["a"], b=row["b"], day=row["day"], topics=row["topics"], main_topic=row["main_topic"] or "",
                     language=row["language"] or "", n=row["n"], n_primary=row["n_primary"] or 0)
        for row in mixes])
    PairDay.objects.bulk_create([PairDay(a=a, b=b, day=day, n=n, n_primary=n_primary)
                                 for (a, b, day), (n, n_primary) in sorted(per_day.items())])


def recount_topic_days(keys):
    by_topic = defaultdict(set)
    for slug, day in keys:
        by_topic[slug].add(day)
    for slug, days in by_topic.items():
        days = sorted(days)
        TopicDay.objects.filter(topic=slug, day__in=days).delete()
        bit = TOPIC_BIT[slug]
        counts = (ArticleDoc.objects.filter(day__in=days).annotate(bit=F("topics").bitand(bit)).filter(bit__gt=0)
                  .values("day").annotate(n=Count("article_id")))
        TopicDay.objects.bulk_create([TopicDay(topic=slug, day=row["day"], n=row["n"]) for row in counts])


def rebuild_rollups():
    """PairDay, PairTopicDay and TopicDay from PairEntry and ArticleDoc in two
    set-based statements each (after a bulk load, or to repair counts after deletions)."""
    bits = ", ".join(f"('{slug}', {TOPIC_BIT[slug]})" for slug in TOPIC_SLUGS)
    primary = "CASE WHEN \"primary\" THEN 1 ELSE 0 END"
    with transaction.atomic(), connection.cursor() as cursor:
        _lock()
        cursor.execute("DELETE FROM timelines_pairday")
        cursor.execute(
            "INSERT INTO timelines_pairday (a, b, day, n, n_primary) "
            f"SELECT a, b, day, COUNT(*), SUM({primary}) FROM timelines_pairentry GROUP BY a, b, day")
        cursor.execute("DELETE FROM timelines_pairtopicday")
        cursor.execute(
            "INSERT INTO timelines_pairtopicday (a, b, day, topics, main_topic, language, n, n_primary) "
            f"SELECT a, b, day, topics, main_topic, language, COUNT(*), SUM({primary}) FROM timelines_pairentry "
            "GROUP BY a, b, day, topics, main_topic, language")
        cursor.execute("DELETE FROM timelines_topicday")
        cursor.execute(
            f"WITH bits(topic, bit) AS (VALUES {bits}) "
            "INSERT INTO timelines_topicday (topic, day, n) "
            "SELECT bits.topic, d.day, COUNT(*) FROM timelines_articledoc d JOIN bits ON (d.topics & bits.bit) <> 0 "
            "GROUP BY bits.topic, d.day")
