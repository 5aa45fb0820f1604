"""The queries behind the researcher views, shared by pages, exports, feeds and API.

Each function issues a fixed number of queries whatever the number of rows (the
tests bound them), reading the denormalised tables of models.py.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, CharField, F, IntegerField, Max, Min, Q, Sum, Value, When
from django.utils import timezone as django_timezone

from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.timelines.readmodels import charts, stories
from newsmonitor.timelines.readmodels.filters import clamp, cursor_filter, cursor_of, shift
from newsmonitor.timelines.models import ArticleDoc, PairDay, PairEntry, PairTopicDay
from newsmonitor.timelines.search import fulltext
from newsmonitor.tagging import TOPIC_SLUGS
from newsmonitor.timelines.names import TOPIC_BIT, country_name, topic_colour, topic_name, topics_of_mask

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
        return F("main_topic")  # never NULL ("" without topics)
    whens = [When(main_topic__in=selected, then="main_topic")]
    for slug in selected:
        whens.append(When(_bit(slug), then=Value(slug)))
    return Case(*whens, default=Value(""), output_field=CharField())


def _bit(slug):
    # Q on an annotated bitand is not expressible inline; the per-topic flag columns
    # are annotated by series() below.
    return Q(**{f"_t_{slug.replace('-', '_')}__gt": 0})


@dataclass
class Chart:
    """A chart's buckets and series in the view's unit (stories or articles, see
    stories.py), the total in that unit, `totals` in both ({"stories": n,
    "articles": n}), each bucket's in both (`bucket_totals`, [{"stories": n,
    "articles": n}]), and the notes on what gave way (charts.fit)."""

    buckets: list
    series: list
    interval: str
    total: int
    totals: dict
    notes: list
    bucket_totals: list


def pair_series(a, b, filters, rows=False):
    """The pair timeline's chart, for filters within the data (scoped), in both units
    at once. From the PairTopicDay roll-up when the filters are ones it carries (dates,
    primary, topics): a range scan of a few rows per day and topic combination, whose
    story columns say which rows represent a story (stories.py). Language, outlets,
    outlet countries and words are not on it, or may choose another representative:
    those charts read the pair's own rows (as `rows=True` always does, which the tests
    compare)."""
    if rows or stories.splits(filters):
        undated = filters if filters.q else replace(filters, start=None, end=None)
        qs = _with_topic_flags(pair_qs(a, b, undated), filters.topics)
        stacked, totals, per_topic = stories.row_series(qs, filters, stack_key(filters.topics))
        return chart(filters, stacked, totals, per_topic)
    qs = _with_topic_flags(filters.apply(PairTopicDay.objects.filter(a=a, b=b), pair_rows=False), filters.topics)
    n = "n"
    if filters.primary:
        qs, n = qs.filter(n_primary__gt=0), "n_primary"
    qs, s = _story_weight(qs, filters)
    totals = defaultdict(lambda: [0, 0])
    stacked, per_topic = defaultdict(dict), defaultdict(dict)
    if filters.mode == "split":
        slugs, sums = filters.topics or TOPIC_SLUGS, {}
        for i, slug in enumerate(slugs):
            qs = qs.annotate(**{f"_t{i}": F("topics").bitand(TOPIC_BIT[slug])})
            for unit, weight in (("a", F(n)), ("s", s)):
                sums[f"{unit}{i}"] = Sum(Case(When(**{f"_t{i}__gt": 0}, then=weight), default=0,
                                              output_field=IntegerField()))
        names = ["day", "tn", "ts", *sums]
        for row in _tuples(qs.values("day").annotate(tn=Sum(n), ts=Sum(s), **sums).values_list(*names).order_by()):
            values = dict(zip(names, row))
            totals[row[0]] = [values["tn"] or 0, values["ts"] or 0]
            for i, slug in enumerate(slugs):
                per_topic[row[0]][slug] = [values[f"a{i}"] or 0, values[f"s{i}"] or 0]
    else:
        rows = qs.annotate(stack=stack_key(filters.topics)).values_list("day", "stack").annotate(vn=Sum(n), vs=Sum(s))
        for day, stack, vn, vs in _tuples(rows.order_by()):
            counts = stacked[day].setdefault(stack or "", [0, 0])
            counts[0] += vn or 0
            counts[1] += vs or 0
            totals[day][0] += vn or 0
            totals[day][1] += vs or 0
    return chart(filters, stacked, totals, per_topic)


def _with_topic_flags(qs, topics):
    """The per-topic flags stack_key tests (Q on an annotated bitand)."""
    for slug in topics:
        qs = qs.annotate(**{f"_t_{slug.replace('-', '_')}": F("topics").bitand(TOPIC_BIT[slug])})
    return qs


def _story_weight(qs, filters):
    """(qs, the expression counting a PairTopicDay row's stories): its leads, or under
    topics its rows if their story columns make them representatives (stories.marked)."""
    if not filters.topics:
        return qs, F("s_primary" if filters.primary else "s")
    lead, prior = ("lead_topics_primary", "prior_topics_primary") if filters.primary else ("lead_topics",
                                                                                          "prior_topics")
    mask = sum(TOPIC_BIT[slug] for slug in filters.topics)
    qs = qs.annotate(_brings=F(lead).bitand(mask), _had=F(prior).bitand(mask))
    return qs, Case(When(_brings__gt=0, _had=0, then=F("n")), default=0, output_field=IntegerField())


def chart(filters, stacked, totals, per_topic):
    """The Chart of counts read per day ([articles, stories] each): `stacked`
    {day: {stack: counts}}, `totals` {day: counts}, `per_topic` {day: {slug:
    counts}} (split charts). No more than charts.MAX_BUCKETS buckets: its notes say
    what gave way (charts.fit); its totals count everything all the same."""
    unit = 1 if filters.stories else 0
    days = [day for day, counts in totals.items() if counts[0]]
    start = filters.start or (min(days) if days else None)
    end = filters.end or (max(days) if days else None)
    start, interval, notes = charts.fit(start, end, filters.interval or charts.auto_interval(start, end))
    buckets = charts.bucket_range(start, end, interval)
    index = {bucket: i for i, bucket in enumerate(buckets)}
    slots = [(index.get(charts.bucket_of(day, interval)), day) for day in days]
    slots = [(i, day) for i, day in slots if i is not None]
    if filters.mode == "split":
        per_day, keys = per_topic, [(slug, slug) for slug in (filters.topics or TOPIC_SLUGS)]
    else:
        per_day = stacked
        present = {stack for day in stacked.values() for stack, counts in day.items() if counts[unit]}
        order = filters.topics or TOPIC_SLUGS
        keys = [(slug, slug) for slug in order if slug in present] + ([("", "")] if "" in present else [])
    bucket_totals = [{"articles": 0, "stories": 0} for _bucket in buckets]
    for i, day in slots:
        bucket_totals[i]["articles"] += totals[day][0]
        bucket_totals[i]["stories"] += totals[day][1]
    out = []
    for key, slug in keys:
        values = [0] * len(buckets)
        for i, day in slots:
            values[i] += per_day.get(day, {}).get(key, (0, 0))[unit]
        if filters.mode == "split" and not any(values):
            continue
        out.append({"key": slug or "other", "label": topic_name(slug), "colour": topic_colour(slug),
                    "values": values, "total": sum(values)})
    both = {"articles": sum(c[0] for c in totals.values()), "stories": sum(c[1] for c in totals.values())}
    return Chart(buckets, out, interval, both[filters.count], both, notes, bucket_totals)


def _tuples(qs):
    """The rows of a values_list() queryset as the database driver returns them, dates
    made dates: a chart groups up to ~15,000 (day, topic) rows, and Django's per-value
    conversions cost more than the query's own aggregation."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # qs.none(): a query with no searchable word
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows and isinstance(rows[0][0], str):  # SQLite returns dates as text
        rows = [(date.fromisoformat(row[0]), *row[1:]) for row in rows]
    return rows


# --- article lists ---------------------------------------------------------------------------
def page_of(qs, cursor="", size=PAGE, searching=False, with_text=False):
    """One page of a newest-first list and the cursor of the next one (or None).

    With a text search over an unbounded span, the order is by an expression
    PostgreSQL cannot read off the time index: otherwise, for a rare word, it walks
    the whole index newest first recomputing every document's tsvector (38 s at a
    million documents). Ordered this way it takes the GIN bitmap of the matches and
    sorts them (milliseconds for a rare word, a few hundred for a very common one:
    see pair_page and doc_page, which bound the span first)."""
    rows = _read(qs.filter(cursor_filter(cursor)), size + 1, searching, with_text)
    more = len(rows) > size
    rows = rows[:size]
    return rows, (cursor_of(rows[-1]) if more and rows else None)


def _read(qs, limit, searching=False, with_text=False):
    order = ["-time", "-article_id"]
    if searching:
        order = [(F("time") + Value(timedelta(0))).desc(), F("article_id").desc()]
    fields = _only(qs.model) + (["article__body", "article__summary"] if with_text else [])
    return list(qs.select_related("article", "outlet").only(*fields).order_by(*order)[:limit])


# Words within a pair. Counting them exactly reads every document of the pair that
# PostgreSQL cannot rule out from the word index alone (documents are wide, so ~5-20
# µs each): a second and more for the busiest pairs. So, unless a start date is given:
#   - the chart and the count cover the pair's newest SEARCH_WINDOW articles (the days
#     holding them, from PairDay), and the page says "N+" and since when;
#   - the list takes the pair's newest LIST_CHUNK articles and keeps those with the
#     words (a common word fills a page from them); when they do not fill the page, a
#     word that few documents have (RARE) is looked up in the word index and its
#     documents joined to the pair, any other is matched row by row newest first
#     until the page is full. Each way gives the rows one query over everything would.
SEARCH_WINDOW = 10_000
LIST_CHUNK = 1_000
RARE = 5_000


def search_span(a, b, filters):
    """(first day of the pair's newest SEARCH_WINDOW articles, or None when the
    filtered span holds no more than that; the number of articles in the span), both
    from PairDay (one query)."""
    qs = PairDay.objects.filter(a=a, b=b)
    if filters.start:
        qs = qs.filter(day__gte=filters.start)
    if filters.end:
        qs = qs.filter(day__lte=filters.end)
    since, older, held = None, False, 0
    for day, n in qs.order_by("-day").values_list("day", "n_primary" if filters.primary else "n"):
        held += n
        if since is None and held >= SEARCH_WINDOW:
            since = day
        elif since is not None:
            older = True
    return (since if older else None), held


def listed(qs, filters, pair=None, country=None):
    """The rows a list shows: every matching article, or, counting stories, each
    story's representative (stories.py)."""
    return stories.representatives(qs, filters, pair, country) if filters.stories else qs


def pair_page(a, b, filters, cursor="", size=PAGE, held=None):
    """A page of the pair's articles, or stories (page_of); with words, as above (one
    query for a common word, three at most). `held`: how many articles the filtered
    span has at most (search_span): a chunk holding them all is the last."""
    if not filters.q:
        return page_of(listed(pair_qs(a, b, filters), filters, (a, b)), cursor, size=size)
    condition = cursor_filter(cursor)
    plain = pair_qs(a, b, replace(filters, q="")).filter(condition)
    newest = plain.order_by("-time", "-article_id").values("pk")[:LIST_CHUNK]
    chunk = fulltext.filter_queryset(PairEntry.objects.filter(pk__in=newest), filters.q, via="article_id", probe=True)
    rows = _read(listed(chunk, filters, (a, b)), size + 1)
    if len(rows) <= size and (held is None or held > LIST_CHUNK):
        if filters.apply(ArticleDoc.objects.all(), pair_rows=False).order_by()[:RARE + 1].count() <= RARE:
            rows = _read(listed(pair_qs(a, b, filters).filter(condition), filters, (a, b)), size + 1, searching=True)
        else:
            words = fulltext.filter_queryset(plain, filters.q, via="article_id", probe=True)
            rows = _read(listed(words, filters, (a, b)), size + 1)
    more = len(rows) > size
    rows = rows[:size]
    return rows, (cursor_of(rows[-1]) if more and rows else None)


# Search over all documents: when a word matches more than a page can count (CAP), the
# newest DOC_WINDOW documents are searched first and the rest only if the page is not
# full yet, so a common word reads a few hundred documents, not tens of thousands.
DOC_WINDOW = 20_000


def doc_page(qs, cursor="", size=PAGE, common=False, with_text=False, start=None, end=None):
    """page_of for a filtered ArticleDoc queryset with words; `common`: the words
    match many documents (two or three queries instead of one). `start`, `end`: the
    days the queryset is limited to, if any."""
    if not common:
        return page_of(qs, cursor, size=size, searching=True, with_text=with_text)
    condition = cursor_filter(cursor)
    docs = ArticleDoc.objects.filter(condition)  # by time, so the time index answers alone
    if start:
        docs = docs.filter(time__gte=datetime.combine(start, datetime.min.time(), tzinfo=timezone.utc))
    if end:
        docs = docs.filter(time__lt=datetime.combine(shift(end, 1), datetime.min.time(), tzinfo=timezone.utc))
    edge = docs.order_by("-time", "-article_id").values_list("time", flat=True)[DOC_WINDOW:DOC_WINDOW + 1]
    edge = next(iter(edge), None)
    qs = qs.filter(condition)
    if edge is None:
        return page_of(qs, "", size=size, searching=True, with_text=with_text)
    rows = _read(qs.filter(time__gte=edge), size + 1, searching=True, with_text=with_text)
    if len(rows) <= size:
        rows += _read(qs.filter(time__lt=edge), size + 1 - len(rows), searching=True, with_text=with_text)
    more = len(rows) > size
    rows = rows[:size]
    return rows, (cursor_of(rows[-1]) if more and rows else None)


def _only(model):
    fields = ["article_id", "time", "day", "outlet_id", "outlet_country", "language", "topics", "main_topic",
              "article__title", "article__url", "article__original_url", "article__published_at",
              "article__discovered_at", "outlet__name", "outlet__country", "story_key"]
    if model is PairEntry:
        fields += ["a", "b", "primary", "score"]
    return fields


def decorate(rows, pair=None, copies=False):
    """Adds what the list shows beside each row: topic names, for a pair its evidence
    sentence and the spellings of both countries to highlight (two queries), and with
    `copies` (a list of stories) its story's size and other outlets (one more)."""
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
    if copies:
        stories.add_copies(rows)
    return rows


def first_sentence(items):
    for item in items or []:
        text = item if isinstance(item, str) else (item or {}).get("text") or (item or {}).get("sentence")
        if text:
            return text
    return ""


# --- rankings ------------------------------------------------------------------------------------
def latest_day():
    """The newest publication day. Undated articles sit on the day they were found,
    which would make an archive or the demo corpus look as if it ended today."""
    last = Article.objects.filter(published_at__isnull=False).aggregate(last=Max("published_at"))["last"]
    return last.astimezone(timezone.utc).date() if last else PairDay.objects.aggregate(last=Max("day"))["last"]


def data_span():
    """(first, last): the days that have articles (one query, two ends of an index);
    today and today when there are none yet."""
    days = ArticleDoc.objects.aggregate(first=Min("day"), last=Max("day"))
    if days["first"] is None:
        today = datetime.now(timezone.utc).date()
        return today, today
    return days["first"], days["last"]


def scoped(filters):
    """`filters` with its dates within the days that have data (Filters.within), for
    the queries: one query more, only when it has dates."""
    return filters.within(*data_span()) if filters.start or filters.end else filters


def today():
    return django_timezone.now().date()


def anchor_day():
    """The last day of "the last 7 days": today, or the last day with data when the
    data stops earlier (a demo corpus, an archive), so a page is never empty just
    because nothing was published today."""
    last = latest_day()
    return min(last, today()) if last else today()


def period(start, end, default_days=90):
    """(start, end): the days asked for (either may be None) within the days that have
    data (filters.clamp), else the `default_days` up to the anchor day."""
    if start or end:
        start, end = clamp(start, end, *data_span())
    end = end or anchor_day()
    start = start or shift(end, 1 - default_days)
    return (start, end) if start <= end else (end, start)


def previous_period(start, end):
    length = (end - start).days + 1
    return shift(start, -length), shift(start, -1)


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
