"""Stories in the researcher views: one event and its copies counted once, listed once.

What a view counts in stories (the default; count=articles counts every article):

    The stories with at least one article matching the view's filters other than its
    dates, each counted once, on the day of its first such article (by time, then id),
    which is also the article the view shows for it (its representative: its colour in
    the chart, its place in the list). The dates then keep the stories whose
    representative falls within them: "the last 7 days" are the stories first reported
    in the last 7 days. With words (q) the first matching article is looked for within
    the dates shown, as the words' count is (see queries.search_span).

So the bars of a chart add up to its total, and the daily roll-ups add up over any
span. Under the dates, the primary-pair flag and topics, a pair row's story columns
(models.PairEntry: lead, and the topics it brings first) say whether it represents its
story: the roll-ups answer, and a list keeps the rows so marked. Outlets, outlet
countries, language and words may choose another article: the pair's rows are read
(row_series: one query, a window over the rows in story order, which the story index
gives), and a list keeps the rows with no earlier matching row of their story (one
probe of the story index per row listed); so do lists of all articles with topics.

    splits(filters)                    whether the filters may choose another representative
    representatives(qs, filters, ...)  the rows of qs that represent their story
    marked(qs, filters)                the same, for filters that do not split, from the marks
    row_series(qs, filters)            ({day: {stack: (articles, stories)}}, ...) of a row path
    add_copies(rows)                   each listed story's articles and other outlets ("also in")
"""

from collections import defaultdict
from dataclasses import replace
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, Value, When

from newsmonitor.tagging import TOPIC_SLUGS
from newsmonitor.timelines.models import ArticleDoc, PairEntry
from newsmonitor.timelines.names import TOPIC_BIT
from newsmonitor.timelines.search import fulltext

# Outlets named beside a story in a list ("also in: A, B, C (+4)").
ALSO_IN = 3


def splits(filters):
    """Whether these filters may make another article a story's representative than
    the pair rows' story columns know of."""
    return bool(filters.outlets or filters.outlet_countries or filters.language or filters.q)


def marked(qs, filters):
    """The rows of a PairEntry (or PairTopicDay) queryset that represent their story
    under `filters`, which do not split: its first (primary) row, or under topics T the
    row that brings a topic of T first, before which no row had one."""
    lead, prior = ("lead_topics_primary", "prior_topics_primary") if filters.primary else ("lead_topics",
                                                                                          "prior_topics")
    if not filters.topics:
        return qs.filter(lead_primary=True) if filters.primary else qs.filter(lead=True)
    mask = sum(TOPIC_BIT[slug] for slug in filters.topics)
    # One expression, not two tests: PostgreSQL guesses "(x & m) = 0" holds for 0.5% of
    # rows, and for so few it would read the whole pair and sort rather than walk the
    # newest-first index (0.4 s instead of milliseconds for the busiest pair).
    brings = Case(When(_had=0, then=F(lead).bitand(mask)), default=Value(0), output_field=IntegerField())
    return qs.annotate(_had=F(prior).bitand(mask)).annotate(_brings=brings).filter(_brings__gt=0)


def representatives(qs, filters, pair=None, country=None):
    """The rows of `qs` (PairEntry rows of `pair` or ArticleDoc rows, naming `country`
    if given, filtered by `filters`) that represent their story in the view."""
    if not splits(filters):
        if pair is not None:
            return marked(qs, filters)
        if not filters.topics and not country:  # a country, as a filter, may choose another article
            return qs.filter(lead=True)
    dates = {} if filters.q else {"start": None, "end": None}
    inner = replace(filters, q="", **dates)
    if pair is not None:
        earlier = inner.apply(PairEntry.objects.filter(a=pair[0], b=pair[1], story_key=OuterRef("story_key")))
    else:
        base = ArticleDoc.objects.filter(story_key=OuterRef("story_key"))
        if country:
            base = base.filter(countries__contains=f" {country} ")
        earlier = inner.apply(base, pair_rows=False)
    if filters.q:
        earlier = earlier.filter(fulltext.WordsMatch("article_id", filters.q))
    earlier_row = Q(time__lt=OuterRef("time")) | Q(time=OuterRef("time"), article_id__lt=OuterRef("article_id"))
    return qs.filter(~Exists(earlier.filter(earlier_row).values("pk")))


def row_series(qs, filters, stack):
    """The chart's counts from rows: `qs` the rows matching the filters other than
    dates (with words: and the dates), `stack` the expression of a row's bar
    segment. Returns ({day: {stack: [articles, stories]}}, {day: [articles,
    stories]}, {day: {slug: [articles, stories]}} for split charts) within the
    dates, in one query: each story's first row in (time, id) order is its
    representative."""
    undated = filters.q == ""
    slugs = list(filters.topics) if filters.topics else None
    inner = qs.annotate(_stack=stack).values("day", "_stack", "story_key", "time", "article_id", "topics")
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:
        return {}, {}, {}
    slugs = (slugs or TOPIC_SLUGS) if filters.mode == "split" else []
    split = "".join(f", SUM(CASE WHEN (topics & {TOPIC_BIT[s]}) <> 0 THEN 1 ELSE 0 END), "
                    f"SUM(CASE WHEN rn = 1 AND (topics & {TOPIC_BIT[s]}) <> 0 THEN 1 ELSE 0 END)" for s in slugs)
    where, bounds = [], []
    if undated and filters.start:
        where.append("day >= %s")
        bounds.append(filters.start)
    if undated and filters.end:
        where.append("day <= %s")
        bounds.append(filters.end)
    query = (f"SELECT day, _stack, COUNT(*), SUM(CASE WHEN rn = 1 THEN 1 ELSE 0 END){split} FROM ("
             "SELECT x.day AS day, x._stack AS _stack, x.topics AS topics, ROW_NUMBER() OVER (PARTITION BY "
             f"x.story_key ORDER BY x.time, x.article_id) AS rn FROM ({sql}) x) y "
             f"{'WHERE ' + ' AND '.join(where) if where else ''} GROUP BY day, _stack")
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, *bounds])
        rows = cursor.fetchall()
    stacked, totals, per_topic = defaultdict(dict), defaultdict(lambda: [0, 0]), defaultdict(dict)
    for day, key, n, s, *pairs in rows:
        day = _day(day)
        stacked[day][key or ""] = [n, s or 0]
        totals[day][0] += n
        totals[day][1] += s or 0
        for i, slug in enumerate(slugs):
            counts = per_topic[day].setdefault(slug, [0, 0])
            counts[0] += pairs[2 * i] or 0
            counts[1] += pairs[2 * i + 1] or 0
    return stacked, totals, per_topic


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def add_copies(rows):
    """Sets on each listed row (model instances or dicts with story_key and
    outlet_id) `story_articles`, how many articles its story has, `also_in`, the
    other outlets that carried it in the order they did (ALSO_IN of them), and
    `also_more`, how many more. One query for the whole list."""
    keys = {_get(row, "story_key") for row in rows if _get(row, "story_key", 0) > 0}
    outlets = defaultdict(list)
    if keys:
        found = (ArticleDoc.objects.filter(story_key__in=keys).values("story_key", "outlet_id", "outlet__name")
                 .annotate(n=Count("article_id"), first=Min("time")).order_by())
        for item in sorted(found, key=lambda r: (r["first"], r["outlet_id"] or 0)):
            outlets[item["story_key"]].append(item)
    for row in rows:
        items = outlets.get(_get(row, "story_key"), [])
        own = _get(row, "outlet_id")
        others = [item["outlet__name"] or "" for item in items if item["outlet_id"] != own and item["outlet__name"]]
        _set(row, story_articles=sum(item["n"] for item in items) or 1, also_in=others[:ALSO_IN],
             also_more=max(len(others) - ALSO_IN, 0), story_outlets=[item["outlet__name"] or "" for item in items])
    return rows


def public_story(key):
    """The story id a reader is given: the Story's, or None for an article not grouped yet."""
    return key if key and key > 0 else None


def _get(row, name, default=None):
    return row.get(name, default) if isinstance(row, dict) else getattr(row, name, default)


def _set(row, **values):
    for name, value in values.items():
        if isinstance(row, dict):
            row[name] = value
        else:
            setattr(row, name, value)
