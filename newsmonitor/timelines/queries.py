"""The queries behind the researcher views, shared by pages, exports, feeds and API.

Each function issues a fixed number of queries whatever the number of rows (the
tests bound them), reading the denormalised tables of models.py.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Case, CharField, Count, F, IntegerField, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from newsmonitor.articles.models import ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.timelines import charts
from newsmonitor.timelines.filters import cursor_filter, cursor_of
from newsmonitor.timelines.models import ArticleDoc, PairDay, PairEntry, TopicDay
from newsmonitor.timelines.names import (
    TOPIC_BIT, TOPIC_SLUGS, country_name, topic_colour, topic_name, topics_of_mask,
)

PAGE = 50


def pair_qs(a, b, filters):
    return filters.apply(PairEntry.objects.filter(a=a, b=b), pair_rows=True)


def docs_qs(filters, country=None):
    qs = ArticleDoc.objects.all()
    if country:
        qs = qs.filter(countries__contains=f" {country} ")
    return filters.apply(qs, pair_rows=False)


# --- chart series ------------------------------------------------------------------------
def stack_key(selected):
    """The topic an article's bar segment is coloured by: its main topic when that is
    one of the selected topics, else the first selected topic it has, so a filtered
    chart shows only the topics asked for and each article once."""
    if not selected or set(selected) == set(TOPIC_SLUGS):
        return Coalesce("main_topic", Value(""))
    whens = [When(main_topic__in=selected, then="main_topic")]
    for slug in selected:
        whens.append(When(_bit(slug), then=Value(slug)))
    return Case(*whens, default=Value(""), output_field=CharField())


def _bit(slug):
    # Q on an annotated bitand is not expressible inline; the per-topic flag columns
    # are annotated by series() below.
    return Q(**{f"_t_{slug.replace('-', '_')}__gt": 0})


def series(qs, filters):
    """(buckets, series, interval, total): the chart of a filtered PairEntry or
    ArticleDoc queryset, in one grouped query (by day; weeks and months are summed here,
    which keeps the SQL the same on PostgreSQL and SQLite)."""
    if filters.mode == "split":
        slugs = filters.topics or TOPIC_SLUGS
        sums = {f"n_{i}": Sum(Case(When(**{f"_t{i}__gt": 0}, then=1), default=0, output_field=IntegerField()))
                for i, _slug in enumerate(slugs)}
        for i, slug in enumerate(slugs):
            qs = qs.annotate(**{f"_t{i}": F("topics").bitand(TOPIC_BIT[slug])})
        rows = list(qs.values("day").annotate(total=Count("pk"), **sums).order_by("day"))
        per_day = {row["day"]: row for row in rows}
        keys = [(f"n_{i}", slug) for i, slug in enumerate(slugs)]
    else:
        for slug in filters.topics:
            qs = qs.annotate(**{f"_t_{slug.replace('-', '_')}": F("topics").bitand(TOPIC_BIT[slug])})
        rows = list(qs.annotate(stack=stack_key(filters.topics)).values("day", "stack")
                    .annotate(n=Count("pk")).order_by("day"))
        per_day = defaultdict(dict)
        for row in rows:
            per_day[row["day"]][row["stack"] or ""] = row["n"]
        present = {row["stack"] or "" for row in rows}
        order = filters.topics or TOPIC_SLUGS
        keys = [(slug, slug) for slug in order if slug in present] + ([("", "")] if "" in present else [])
    start = filters.start or (min(per_day) if per_day else None)
    end = filters.end or (max(per_day) if per_day else None)
    interval = filters.interval or charts.auto_interval(start, end)
    buckets = charts.bucket_range(start, end, interval)
    index = {bucket: i for i, bucket in enumerate(buckets)}
    out = []
    for key, slug in keys:
        values = [0] * len(buckets)
        for day, row in per_day.items():
            i = index.get(charts.bucket_of(day, interval))
            if i is not None:
                values[i] += row.get(key, 0) or 0
        if filters.mode == "split" and not any(values):
            continue
        out.append({"key": slug or "other", "label": topic_name(slug), "colour": topic_colour(slug),
                    "values": values, "total": sum(values)})
    if filters.mode == "split":
        total = sum(row["total"] for row in per_day.values())
    else:
        total = sum(s["total"] for s in out)
    return buckets, out, interval, total


# --- article lists ---------------------------------------------------------------------------
def page_of(qs, cursor="", size=PAGE, searching=False):
    """One page of a newest-first list and the cursor of the next one (or None).

    With a text search, the order is by an expression PostgreSQL cannot read off the
    time index: otherwise, for a rare word, it walks the whole index newest first
    recomputing every document's tsvector (38 s at a million documents). Ordered
    this way it takes the GIN bitmap of the matches and sorts them (milliseconds for
    a rare word, a few hundred for a very common one)."""
    order = ["-time", "-article_id"]
    if searching:
        order = [(F("time") + Value(timedelta(0))).desc(), F("article_id").desc()]
    rows = list(qs.filter(cursor_filter(cursor)).select_related("article", "outlet").only(*_only(qs.model))
                .order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (cursor_of(rows[-1]) if more and rows else None)


def _only(model):
    fields = ["article_id", "time", "day", "outlet_id", "outlet_country", "language", "topics", "main_topic",
              "article__title", "article__url", "article__original_url", "article__published_at",
              "article__discovered_at", "outlet__name", "outlet__country"]
    if model is PairEntry:
        fields += ["a", "b", "primary", "score"]
    return fields


def decorate(rows, pair=None):
    """Adds what the list shows beside each row: topic names, and for a pair its
    evidence sentence and the spellings of both countries to highlight (two queries)."""
    ids = [row.article_id for row in rows]
    evidence, forms = {}, defaultdict(list)
    if pair and ids:
        a, b = pair
        for article_id, items in ArticlePair.objects.filter(article_id__in=ids, a=a, b=b).values_list(
                "article_id", "evidence"):
            evidence[article_id] = first_sentence(items)
        for article_id, code, found in ArticleCountry.objects.filter(article_id__in=ids, code__in=pair).values_list(
                "article_id", "code", "forms"):
            forms[article_id] += [f for f in (found or []) if isinstance(f, str)]
    for row in rows:
        row.topic_list = [(slug, topic_name(slug)) for slug in topics_of_mask(row.topics)]
        row.evidence = evidence.get(row.article_id, "")
        row.forms = forms.get(row.article_id, [])
    return rows


def first_sentence(items):
    for item in items or []:
        text = item if isinstance(item, str) else (item or {}).get("text") or (item or {}).get("sentence")
        if text:
            return text
    return ""


# --- rankings ------------------------------------------------------------------------------------
def latest_day():
    return PairDay.objects.aggregate(last=Max("day"))["last"]


def top_pairs(start, end, limit=10, country=None):
    qs = PairDay.objects.filter(day__gte=start, day__lte=end)
    if country:
        qs = qs.filter(Q(a=country) | Q(b=country))
    return list(qs.values("a", "b").annotate(n=Sum("n"), n_primary=Sum("n_primary")).order_by("-n", "a", "b")[:limit])


def pair_counts(pairs, start, end):
    """{(a, b): n} over a period for the given pairs, in one query."""
    if not pairs:
        return {}
    condition = Q()
    for a, b in pairs:
        condition |= Q(a=a, b=b)
    rows = PairDay.objects.filter(condition, day__gte=start, day__lte=end).values("a", "b").annotate(n=Sum("n"))
    return {(row["a"], row["b"]): row["n"] for row in rows}


def daily_series(pairs, start, end):
    """{(a, b): [count per day from start to end]} in one query: the sparklines."""
    days = (end - start).days + 1
    out = {pair: [0] * days for pair in pairs}
    if not pairs:
        return out
    condition = Q()
    for a, b in pairs:
        condition |= Q(a=a, b=b)
    for a, b, day, n in PairDay.objects.filter(condition, day__gte=start, day__lte=end).values_list(
            "a", "b", "day", "n"):
        out[(a, b)][(day - start).days] += n
    return out


def weekly_series(pairs, start, end):
    """Like daily_series but summed by week: the small timelines of a country page."""
    daily = daily_series(pairs, start, end)
    return {pair: [sum(values[i:i + 7]) for i in range(0, len(values), 7)] for pair, values in daily.items()}


def top_topics(start, end, limit=12):
    rows = TopicDay.objects.filter(day__gte=start, day__lte=end).values("topic").annotate(n=Sum("n")).order_by("-n")
    return [{"slug": row["topic"], "name": topic_name(row["topic"]), "n": row["n"],
             "colour": topic_colour(row["topic"])} for row in rows[:limit]]


def partner_of(row, country):
    return row["b"] if row["a"] == country else row["a"]


def matrix(codes, start, end):
    """{(a, b): n} for every pair within `codes` over the period (one query)."""
    rows = (PairDay.objects.filter(a__in=codes, b__in=codes, day__gte=start, day__lte=end)
            .values("a", "b").annotate(n=Sum("n")))
    return {(row["a"], row["b"]): row["n"] for row in rows}


def span():
    return ArticleDoc.objects.aggregate(first=Min("day"), last=Max("day"), updated=Max("refreshed_at"),
                                        total=Count("pk"))


def previous_period(start, end):
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def article_tags(article_id):
    """Every tag of one article, as the article page lists them (three queries)."""
    countries = list(ArticleCountry.objects.filter(article_id=article_id).order_by("-score", "code"))
    pairs = list(ArticlePair.objects.filter(article_id=article_id).order_by("-primary", "-score", "a", "b"))
    topics = list(ArticleTopic.objects.filter(article_id=article_id).order_by("-score", "topic"))
    for c in countries:
        c.name = country_name(c.code)
    for p in pairs:
        p.name_a, p.name_b = country_name(p.a), country_name(p.b)
        p.sentences = [s for s in (first_sentence([item]) for item in p.evidence or []) if s]
    for t in topics:
        t.name = topic_name(t.topic)
    return countries, pairs, topics
