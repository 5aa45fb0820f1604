"""The read-only JSON API under /api/: the same filters as the pages
(readmodels/filters.py), strictly checked (a bad value is a 400, not a silently
different answer). Its schema is openapi.py's, served at /api/openapi.json.
"""

import re

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from newsmonitor.articles.models import Article
from newsmonitor.stories.models import StoryMember
from newsmonitor.timelines.readmodels import charts, queries, rankings, records
from newsmonitor.timelines.readmodels.filters import BadFilter, Filters, cursor_filter, parse_pair, quoted
from newsmonitor.timelines.models import ArticleDoc
from newsmonitor.tagging import TOPICS
from newsmonitor.timelines.names import country_name, is_country, topic_colour
from newsmonitor.timelines.readmodels.queries import period

MAX_LIMIT = 200
# Far more than there are pairs of countries: past it, no page has rows.
MAX_OFFSET = 100_000


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


def endpoint(view):
    """GET only, JSON out, errors as {"error": ...} with their status."""

    @require_GET
    def wrapper(request, *args, **kwargs):
        # One language for a machine interface's messages, whatever the client's.
        with translation.override("en"):
            try:
                response = JsonResponse(view(request, *args, **kwargs), json_dumps_params={"ensure_ascii": False})
            except BadFilter as exc:
                response = error(400, str(exc))
            except ApiError as exc:
                response = error(exc.status, exc.message)
            except Http404:
                response = error(404, "not found")
        return shared(response)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def shared(response):
    """Any site's scripts may read the API, on purpose: it serves public data, read
    only (require_GET answers any other method with 405, without this header), and
    it neither reads nor sets cookies, so a script elsewhere learns nothing it could
    not fetch itself (and browsers never honour "*" for a request sent with
    cookies). Never give this header to a page, nor to anything that reads cookies
    or changes state (the admin, the language switch)."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(status, message):
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def number(request, name, default, low, high):
    """A whole-number parameter from `low` to `high` (digits only: no sign, no other
    script's digits), `default` when absent."""
    value = request.GET.get(name) or str(default)
    if not re.fullmatch(r"[0-9]{1,9}", value) or not low <= int(value) <= high:
        raise BadFilter(f"{name} must be a whole number from {low} to {high}, not {quoted(value)}")
    return int(value)


def limit_of(request, default=50):
    return number(request, "limit", default, 1, MAX_LIMIT)


def offset_of(request):
    return number(request, "offset", 0, 0, MAX_OFFSET)


def pair_of(slug):
    pair = parse_pair(slug)
    if pair is None:
        raise ApiError(404, f"unknown pair {slug!r}")
    return pair


def country_of(code):
    if not is_country(code):
        raise ApiError(404, f"unknown country {code!r}")
    return code.upper()


def optional(request, name, parse):
    """A pair or country given as a query parameter: absent, or known (else a 400,
    where the same in the path is a 404)."""
    value = request.GET.get(name)
    if not value:
        return None
    try:
        return parse(value)
    except ApiError as exc:
        raise BadFilter(f"{name}={quoted(value)} is not known") from exc


def names(code):
    return {"name_ar": country_name(code, "ar"), "name_en": country_name(code, "en")}


# --- endpoints ----------------------------------------------------------------------------------
@endpoint
def index(request):
    """Where everything is."""
    link = request.build_absolute_uri
    return {
        "openapi": link(reverse("timelines:api_openapi")),
        "pairs": link(reverse("timelines:api_pairs")),
        "countries": link(reverse("timelines:api_countries")),
        "topics": link(reverse("timelines:api_topics")),
        "articles": link(reverse("timelines:api_articles")),
        "timeline": link(reverse("timelines:api_pair_timeline", args=["EG-PK"])),
    }


@endpoint
def topics(request):
    """The topic taxonomy: stable slugs and their names."""
    return {"results": [{"slug": topic.slug, "name_ar": topic.ar, "name_en": topic.en, "colour": topic_colour(topic.slug)}
                        for topic in TOPICS]}


@endpoint
def countries(request):
    """Countries named in pairs over the period, by volume (count=stories or articles)."""
    filters = Filters.from_query(request.GET, strict=True)
    start, end = period(filters.start, filters.end, 30)
    totals = rankings.country_totals(start, end)
    rows = sorted(totals.items(), key=lambda item: (-item[1][filters.count], item[0]))
    return {"from": start.isoformat(), "to": end.isoformat(), "count": filters.count,
            "results": [dict(code=code, **counts, **names(code)) for code, counts in rows]}


@endpoint
def country(request, code):
    """One country and its partners by volume over the period."""
    code = country_of(code)
    filters = Filters.from_query(request.GET, strict=True)
    start, end = period(filters.start, filters.end, 90)
    rows = rankings.top_pairs(start, end, limit=limit_of(request, 50), country=code, unit=filters.count)
    return dict(code=code, **names(code), **{"from": start.isoformat(), "to": end.isoformat()}, count=filters.count,
                partners=[dict(code=rankings.partner_of(row, code), **counts(row), pair=f"{row['a']}-{row['b']}",
                               **names(rankings.partner_of(row, code)))
                          for row in rows])


def counts(row):
    """A ranked pair's counts in both units: `primary` is articles with the pair primary,
    as it always was; `primary_stories` the stories first reported with it primary."""
    return {"articles": row["articles"], "stories": row["stories"], "primary": row["articles_primary"],
            "primary_stories": row["stories_primary"]}


@endpoint
def pairs(request):
    """Pairs ranked by the number of articles over the period (default: 30 days to the
    last day with data), optionally those of one country."""
    filters = Filters.from_query(request.GET, strict=True)
    start, end = period(filters.start, filters.end, 30)
    limit, offset = limit_of(request), offset_of(request)
    country = optional(request, "country", country_of)
    rows = rankings.top_pairs(start, end, limit=limit + 1, country=country, offset=offset, unit=filters.count)
    more = len(rows) > limit
    results = [{"pair": f"{row['a']}-{row['b']}", "a": row["a"], "b": row["b"], **counts(row),
                "names_ar": [country_name(row["a"], "ar"), country_name(row["b"], "ar")],
                "names_en": [country_name(row["a"], "en"), country_name(row["b"], "en")],
                "timeline": request.build_absolute_uri(reverse("timelines:api_pair_timeline",
                                                               args=[f"{row['a']}-{row['b']}"]))}
               for row in rows[:limit]]
    following = None
    if more:
        params = request.GET.copy()
        params["offset"] = offset + limit
        following = request.build_absolute_uri(reverse("timelines:api_pairs") + "?" + params.urlencode())
    return {"from": start.isoformat(), "to": end.isoformat(), "count": filters.count, "results": results,
            "next": following}


@endpoint
def pair_timeline(request, pair):
    """Articles per day/week/month of one pair, with the per-topic split."""
    a, b = pair_of(pair)
    filters = Filters.from_query(request.GET, strict=True)
    chart = queries.pair_series(a, b, queries.scoped(filters))
    buckets, series, interval = chart.buckets, chart.series, chart.interval
    if filters.interval and interval != filters.interval:
        raise BadFilter(f"interval={filters.interval} makes more than {charts.MAX_BUCKETS} points over these "
                        f"days: ask for a longer interval or fewer days")
    points = []
    for i, bucket in enumerate(buckets):
        values = {s["key"]: s["values"][i] for s in series if s["values"][i]}
        point = {"start": bucket.isoformat(), "end": charts.bucket_end(bucket, interval).isoformat(),
                 "topics": values}
        point.update(chart.bucket_totals[i])
        points.append(point)
    return {"pair": f"{a}-{b}", "a": a, "b": b, "interval": interval, "mode": filters.mode, "count": filters.count,
            "filters": filters.as_dict(), "articles": chart.totals["articles"], "stories": chart.totals["stories"],
            "series": points, "notices": chart.notes}


@endpoint
def articles(request):
    """Articles newest first, filtered; of one pair (pair=EG-PK) or naming one country
    (country=PK). Cursor-paginated: follow `next`."""
    filters = Filters.from_query(request.GET, strict=True)
    limit = limit_of(request)
    pair = optional(request, "pair", pair_of)
    country = optional(request, "country", country_of)
    scope = queries.scoped(filters)
    qs = queries.pair_qs(*pair, scope) if pair else queries.docs_qs(scope, country=country)
    qs = queries.listed(qs, scope, pair, country)
    cursor = request.GET.get("cursor", "")
    chunk = next(records.iter_rows(qs.filter(cursor_filter(cursor)), chunk=limit + 1, limit=limit + 1,
                                   searching=bool(filters.q)), [])
    more = len(chunk) > limit
    chunk = chunk[:limit]
    following = None
    if more:
        last = chunk[-1]
        params = request.GET.copy()
        params["cursor"] = f"{last['time'].isoformat()}~{last['article_id']}"
        following = request.build_absolute_uri(reverse("timelines:api_articles") + "?" + params.urlencode())
    return {"filters": filters.as_dict(), "count": filters.count,
            "results": records.records(chunk, request, copies=filters.stories), "next": following}


@endpoint
def article(request, pk):
    """One article with its text and every tag."""
    item = get_object_or_404(Article, pk=pk)
    doc = ArticleDoc.objects.filter(pk=pk).values("article_id", "time", "day", "outlet_id", "outlet_country",
                                                   "language", "story_key").first()
    row = {"article_id": item.pk, "time": item.display_time, "day": item.day, "outlet_id": item.outlet_id,
           "outlet_country": (doc or {}).get("outlet_country") or (item.outlet.country if item.outlet else ""),
           "language": item.language, "article__title": item.title, "article__url": item.url,
           "article__original_url": item.original_url, "article__published_at": item.published_at,
           "article__discovered_at": item.discovered_at, "outlet__name": item.outlet.name if item.outlet else "",
           "story_key": (doc or {}).get("story_key") or -item.pk}
    record = records.records([row], request, copies=True)[0]
    record["story_members"] = story_members(item.pk, request)
    countries, pair_rows, topic_rows = queries.article_tags(pk)
    record["body"] = item.body or item.summary
    record["tags"] = {
        "countries": [{"code": c.code, "score": c.score, "mentions": c.mentions, "source": c.source,
                       "forms": c.forms} for c in countries],
        "pairs": [{"pair": [p.a, p.b], "primary": p.primary, "score": p.score, "evidence": p.sentences,
                   "cues": p.cues, "source": p.source} for p in pair_rows],
        "topics": [{"topic": t.topic, "score": t.score, "terms": t.terms, "source": t.source} for t in topic_rows],
    }
    return record


def story_members(pk, request):
    """The other articles of the article's story: id, page, outlet, time, how it joined."""
    member = StoryMember.objects.filter(article_id=pk).values("story_id").first()
    if member is None:
        return []
    others = (StoryMember.objects.filter(story_id=member["story_id"]).exclude(article_id=pk)
              .order_by("article__published_at", "article__discovered_at", "article_id")
              .values("article_id", "how", "similarity", "article__outlet__name", "article__published_at",
                      "article__discovered_at")[:MAX_LIMIT])
    return [{"id": row["article_id"], "outlet": row["article__outlet__name"] or "",
             "published_at": iso(row["article__published_at"]), "discovered_at": iso(row["article__discovered_at"]),
             "how": row["how"], "similarity": round(row["similarity"] or 0, 4),
             "page": request.build_absolute_uri(reverse("timelines:article", args=[row["article_id"]]))}
            for row in others]


def iso(moment):
    return moment.isoformat() if moment else None
