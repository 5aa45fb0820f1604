"""Keeping the dashboard's read-side tables (models.py) in step with the tags.

    refresh_for_articles(ids)   after tagging or grouping (or an editor's change) of these articles
    refresh_stale()             sweep: articles tagged since their rows were built, or whose
                                story changed since
    rebuild_leads()             every row's story and lead flags from scratch (set-based SQL)
    rebuild_rollups()           PairDay, PairTopicDay and TopicDay from scratch (set-based SQL)

Each refresh replaces the articles' rows, marks again the leads of the stories they
left or joined (a story's first article, of the pair, of the pair's primary rows, of
each topic: see models.py) and recomputes the daily counts all that touches, in one
transaction, under a lock, so concurrent workers never write a stale count.
"""

from collections import defaultdict
from datetime import timedelta, timezone as dt_timezone

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, When
from django.db.models.functions import Cast
from django.utils import timezone

from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.stories.models import StoryMember
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


# Stories changed this recently are checked by the sweep (a merge or split summarises
# its stories again, which sets their updated_at).
STORY_CHECK = timedelta(days=2)


def refresh_stale(limit=5000):
    """Articles tagged after their timeline rows were built (or never built), then the
    documents of recently changed stories that are not in them (a merge or split whose
    refresh was lost: the pipeline and the editors' changes refresh them at once)."""
    ids = list(
        Article.objects.filter(tagged_at__isnull=False)
        .filter(Q(doc__isnull=True) | Q(tagged_at__gt=F("doc__refreshed_at")))
        .values_list("id", flat=True)[:limit]
    )
    if len(ids) < limit:
        moved = (ArticleDoc.objects.filter(article__story_member__story__updated_at__gte=timezone.now() - STORY_CHECK)
                 .exclude(story_key=F("article__story_member__story_id")))
        ids += list(moved.values_list("article_id", flat=True)[:limit - len(ids)])
    return refresh_for_articles(ids)


def story_keys_of(ids):
    """{article id: story_key} (models.py): the StoryMember's story, else minus the id."""
    found = dict(StoryMember.objects.filter(article_id__in=ids).values_list("article_id", "story_id"))
    return {pk: found.get(pk, -pk) for pk in ids}


def _refresh_batch(ids):
    articles = list(Article.objects.filter(pk__in=ids).select_related("outlet"))
    tags = _tags_of(ids)
    now = timezone.now()
    docs, entries = [], []
    with transaction.atomic():
        _lock()
        # Read under the lock: a concurrent grouping's change is either seen here or
        # followed by its own refresh.
        keys = story_keys_of(ids)
        for article in articles:
            doc, pair_rows = build_rows(article, tags, now, keys[article.pk])
            docs.append(doc)
            entries += pair_rows
        old = list(ArticleDoc.objects.filter(article_id__in=ids).values_list("day", "topics", "story_key"))
        old_pair_keys = set(PairEntry.objects.filter(article_id__in=ids).values_list("a", "b", "day"))
        old_topic_keys = _topic_keys((day, topics) for day, topics, _key in old)
        PairEntry.objects.filter(article_id__in=ids).delete()
        ArticleDoc.objects.filter(article_id__in=ids).delete()
        ArticleDoc.objects.bulk_create(docs)
        PairEntry.objects.bulk_create(entries)
        lead_pairs, lead_topics = mark_leads({key for _d, _t, key in old} | {d.story_key for d in docs})
        pair_keys = old_pair_keys | {(e.a, e.b, e.day) for e in entries} | lead_pairs
        topic_keys = old_topic_keys | _topic_keys((d.day, d.topics) for d in docs) | lead_topics
        recount_pair_days(pair_keys)
        recount_topic_days(topic_keys)
    return len(articles)


def mark_leads(story_keys):
    """Marks again which rows lead these stories (models.py), in their rows' order
    (time, then article id). Returns the (a, b, day) and (topic, day) whose story
    counts that changes. A story's rows are found by its documents (by story_key,
    an index), its pair rows by their articles."""
    story_keys = sorted(story_keys)
    pair_days, topic_days = set(), set()
    for start in range(0, len(story_keys), BATCH):
        chunk = story_keys[start:start + BATCH]
        docs = list(ArticleDoc.objects.filter(story_key__in=chunk).order_by("story_key", "time", "article_id")
                    .values_list("article_id", "story_key", "day", "topics", "lead", "lead_topics"))
        changed, seen, topics_seen = [], set(), {}
        for article_id, key, day, topics, lead, lead_mask in docs:
            new_lead, new_mask = key not in seen, topics & ~topics_seen.get(key, 0)
            seen.add(key)
            topics_seen[key] = topics_seen.get(key, 0) | topics
            if (new_lead, new_mask) != (lead, lead_mask):
                changed.append(ArticleDoc(article_id=article_id, lead=new_lead, lead_topics=new_mask))
                topic_days |= _topic_keys([(day, new_mask ^ lead_mask)])
        ArticleDoc.objects.bulk_update(changed, ["lead", "lead_topics"], batch_size=BATCH)
        pair_days |= _mark_pair_leads([row[0] for row in docs])
    return pair_days, topic_days


STORY_COLUMNS = ("lead", "lead_primary", "lead_topics", "prior_topics", "lead_topics_primary", "prior_topics_primary")


def _mark_pair_leads(article_ids):
    rows = []
    for start in range(0, len(article_ids), BATCH):
        rows += PairEntry.objects.filter(article_id__in=article_ids[start:start + BATCH]).values_list(
            "a", "b", "story_key", "time", "article_id", "id", "day", "primary", "topics", *STORY_COLUMNS)
    changed, pair_days = [], set()
    stories = PairStories()
    for a, b, key, _time, _article, pk, day, primary, topics, *stored in sorted(rows):
        marks = stories.next_row((a, b, key), primary, topics)
        if marks != tuple(stored):
            changed.append(PairEntry(id=pk, **dict(zip(STORY_COLUMNS, marks))))
            pair_days.add((a, b, day))
    PairEntry.objects.bulk_update(changed, STORY_COLUMNS, batch_size=BATCH)
    return pair_days


class PairStories:
    """The story columns of a pair's rows (models.PairEntry), read in story order
    ((a, b, story_key), then time and id): lead, lead_primary, and the topics each row
    brings first with the topics before it, among all rows and among the primary ones."""

    def __init__(self):
        self.seen, self.prior = set(), defaultdict(int)

    def next_row(self, story, primary, topics):
        lead, lead_primary = story not in self.seen, bool(primary) and (story, True) not in self.seen
        new, before = topics & ~self.prior[story], self.prior[story]
        new_p, before_p = (topics & ~self.prior[(story, True)], self.prior[(story, True)]) if primary else (0, 0)
        self.seen.add(story)
        self.prior[story] |= topics
        if primary:
            self.seen.add((story, True))
            self.prior[(story, True)] |= topics
        return lead, lead_primary, new, before if new else 0, new_p, before_p if new_p else 0


def _tags_of(ids):
    tags = {"countries": defaultdict(list), "pairs": defaultdict(list), "topics": defaultdict(list)}
    for article_id, code in ArticleCountry.objects.filter(article_id__in=ids).values_list("article_id", "code"):
        tags["countries"][article_id].append(code)
    for row in ArticlePair.objects.filter(article_id__in=ids).values("article_id", "a", "b", "primary", "score"):
        tags["pairs"][row["article_id"]].append(row)
    for row in ArticleTopic.objects.filter(article_id__in=ids).values("article_id", "topic", "score"):
        tags["topics"][row["article_id"]].append(row)
    return tags


def build_rows(article, tags, now, story_key=None):
    """The ArticleDoc and PairEntry rows of one article (unsaved); each is its
    story's lead until mark_leads says otherwise."""
    topic_rows = tags["topics"].get(article.pk, [])
    mask = topic_mask(row["topic"] for row in topic_rows)
    main = main_topic(topic_rows)
    time = article.published_at or article.discovered_at
    day = article_day(article)
    outlet = article.outlet
    common = dict(day=day, time=time, outlet_id=article.outlet_id, outlet_country=outlet.country if outlet else "",
                  language=article.language or (outlet.language if outlet else ""), topics=mask, main_topic=main,
                  story_key=-article.pk if story_key is None else story_key)
    codes = sorted(set(tags["countries"].get(article.pk, [])))
    doc = ArticleDoc(article_id=article.pk, countries=(" " + " ".join(codes) + " ") if codes else "",
                     search_text=search_text(article.title, article.body or article.summary),
                     refreshed_at=now, lead=True, lead_topics=mask, **common)
    entries = [PairEntry(article_id=article.pk, a=row["a"], b=row["b"], primary=row["primary"],
                         score=row["score"] or 0, lead=True, lead_primary=bool(row["primary"]), lead_topics=mask,
                         lead_topics_primary=mask if row["primary"] else 0, **common)
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
    mixes = list(PairEntry.objects.filter(where).values("a", "b", "day", "topics", "main_topic", "language",
                                                        *STORY_COLUMNS[2:])
                 .annotate(n=Count("id"), n_primary=Sum(Cast("primary", IntegerField())), s=_count_true("lead"),
                           s_primary=_count_true("lead_primary")).order_by())
    per_day = defaultdict(lambda: [0, 0, 0, 0])
    for row in mixes:
        totals = per_day[(row["a"], row["b"], row["day"])]
        for i, name in enumerate(COUNTS):
            row[name] = row[name] or 0
            totals[i] += row[name]
    PairTopicDay.objects.bulk_create([
        PairTopicDay(a=row["a"], b=row["b"], day=row["day"], topics=row["topics"], main_topic=row["main_topic"] or "",
                     language=row["language"] or "", **{name: row[name] for name in COUNTS + STORY_COLUMNS[2:]})
        for row in mixes])
    PairDay.objects.bulk_create([PairDay(a=a, b=b, day=day, **dict(zip(COUNTS, totals)))
                                 for (a, b, day), totals in sorted(per_day.items())])


COUNTS = ("n", "n_primary", "s", "s_primary")


def _count_true(field):
    return Sum(Case(When(**{field: True}, then=1), default=0, output_field=IntegerField()))


def recount_topic_days(keys):
    by_topic = defaultdict(set)
    for slug, day in keys:
        by_topic[slug].add(day)
    for slug, days in by_topic.items():
        days = sorted(days)
        TopicDay.objects.filter(topic=slug, day__in=days).delete()
        bit = TOPIC_BIT[slug]
        counts = (ArticleDoc.objects.filter(day__in=days).annotate(bit=F("topics").bitand(bit)).filter(bit__gt=0)
                  .annotate(lead_bit=F("lead_topics").bitand(bit))
                  .values("day").annotate(n=Count("article_id"), s=Sum(Case(When(lead_bit__gt=0, then=1), default=0,
                                                                               output_field=IntegerField()))))
        TopicDay.objects.bulk_create([TopicDay(topic=slug, day=row["day"], n=row["n"], s=row["s"] or 0)
                                      for row in counts])


# Each table's story columns in one pass: a row's story (StoryMember, else minus its
# article), whether it is the first of its story's rows (of the pair's, of the pair's
# primary ones), and the topics it brings first (with those before it, for pair rows).
STORIES = ("(SELECT t.*, COALESCE(m.story_id, -t.article_id) AS story FROM {table} t "
           "LEFT JOIN stories_storymember m ON m.article_id = t.article_id)")
DOC_LEADS = (
    "UPDATE timelines_articledoc SET story_key = w.story, lead = (w.rn = 1), lead_topics = w.topics & ~w.pt "
    "FROM (SELECT article_id, story, topics, ROW_NUMBER() OVER s AS rn, "
    "COALESCE(bit_or(topics) OVER (s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pt "
    f"FROM {STORIES.format(table='timelines_articledoc')} k "
    "WINDOW s AS (PARTITION BY story ORDER BY time, article_id)) w "
    "WHERE w.article_id = timelines_articledoc.article_id")
PAIR_LEADS = (
    "UPDATE timelines_pairentry SET story_key = w.story, lead = (w.rn = 1), "
    'lead_primary = (w.rp = 1 AND w."primary"), '
    "lead_topics = w.topics & ~w.pt, prior_topics = CASE WHEN (w.topics & ~w.pt) = 0 THEN 0 ELSE w.pt END, "
    'lead_topics_primary = CASE WHEN w."primary" THEN w.topics & ~w.ptp ELSE 0 END, '
    'prior_topics_primary = CASE WHEN w."primary" AND (w.topics & ~w.ptp) <> 0 THEN w.ptp ELSE 0 END '
    'FROM (SELECT id, story, "primary", topics, ROW_NUMBER() OVER s AS rn, ROW_NUMBER() OVER sp AS rp, '
    "COALESCE(bit_or(topics) OVER (s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pt, "
    "COALESCE(bit_or(topics) OVER (sp ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS ptp "
    f"FROM {STORIES.format(table='timelines_pairentry')} k "
    "WINDOW s AS (PARTITION BY a, b, story ORDER BY time, article_id), "
    'sp AS (PARTITION BY a, b, story, "primary" ORDER BY time, article_id)) w '
    "WHERE w.id = timelines_pairentry.id")


def rebuild_leads():
    """Every row's story_key (from StoryMember) and story columns from scratch, in two
    set-based statements on PostgreSQL (after a bulk load); then rebuild_rollups() for
    the counts. SQLite has no bit_or: there they are marked story by story (mark_leads)."""
    with transaction.atomic(), connection.cursor() as cursor:
        _lock()
        if connection.vendor == "postgresql":
            cursor.execute(DOC_LEADS)
            cursor.execute(PAIR_LEADS)
            return
        for table in ("timelines_articledoc", "timelines_pairentry"):
            cursor.execute(f"UPDATE {table} SET story_key = COALESCE((SELECT m.story_id FROM stories_storymember m "
                           f"WHERE m.article_id = {table}.article_id), -{table}.article_id)")
    mark_leads(set(ArticleDoc.objects.values_list("story_key", flat=True)))


def rebuild_rollups():
    """PairDay, PairTopicDay and TopicDay from PairEntry and ArticleDoc in two
    set-based statements each (after a bulk load, or to repair counts after deletions)."""
    bits = ", ".join(f"('{slug}', {TOPIC_BIT[slug]})" for slug in TOPIC_SLUGS)
    counts = ('COUNT(*), SUM(CASE WHEN "primary" THEN 1 ELSE 0 END), SUM(CASE WHEN lead THEN 1 ELSE 0 END), '
              "SUM(CASE WHEN lead_primary THEN 1 ELSE 0 END)")
    story = ", ".join(STORY_COLUMNS[2:])
    with transaction.atomic(), connection.cursor() as cursor:
        _lock()
        cursor.execute("DELETE FROM timelines_pairday")
        cursor.execute("INSERT INTO timelines_pairday (a, b, day, n, n_primary, s, s_primary) "
                       f"SELECT a, b, day, {counts} FROM timelines_pairentry GROUP BY a, b, day")
        cursor.execute("DELETE FROM timelines_pairtopicday")
        cursor.execute(
            f"INSERT INTO timelines_pairtopicday (a, b, day, topics, main_topic, language, {story}, n, n_primary, s, "
            f"s_primary) SELECT a, b, day, topics, main_topic, language, {story}, {counts} FROM timelines_pairentry "
            f"GROUP BY a, b, day, topics, main_topic, language, {story}")
        cursor.execute("DELETE FROM timelines_topicday")
        cursor.execute(
            f"WITH bits(topic, bit) AS (VALUES {bits}) "
            "INSERT INTO timelines_topicday (topic, day, n, s) "
            "SELECT bits.topic, d.day, COUNT(*), SUM(CASE WHEN (d.lead_topics & bits.bit) <> 0 THEN 1 ELSE 0 END) "
            "FROM timelines_articledoc d JOIN bits ON (d.topics & bits.bit) <> 0 GROUP BY bits.topic, d.day")
