"""Home: the most reported pairs of the last 7 and 30 days with their sparklines and
change against the previous period, the top topics, the latest articles."""

from django.db import DatabaseError, connection
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext

from newsmonitor.articles.models import Article
from newsmonitor.timelines.readmodels import charts, queries, rankings
from newsmonitor.timelines.readmodels.filters import Filters, shift
from newsmonitor.timelines.readmodels.queries import anchor_day
from newsmonitor.timelines.readmodels.stories import add_copies
from newsmonitor.timelines.models import ArticleDoc
from newsmonitor.timelines.names import country_name, topic_name, topics_of_mask

LATEST = 15


def home(request):
    filters = Filters.from_query(request.GET)  # only its count= is read here
    unit = filters.count
    end = anchor_day()
    periods = [ranking(days, end, unit) for days in (7, 30)]
    docs = ArticleDoc.objects.filter(lead=True) if filters.stories else ArticleDoc.objects.all()
    latest = list(docs.select_related("article", "outlet")
                  .only("article_id", "time", "day", "topics", "outlet_id", "outlet_country", "story_key",
                        "article__title", "article__url", "article__original_url", "outlet__name",
                        "outlet__country")
                  .order_by("-time", "-article_id")[:LATEST])
    for doc in latest:
        doc.topic_list = [(slug, topic_name(slug)) for slug in topics_of_mask(doc.topics)]
    if filters.stories:
        add_copies(latest)
    start30 = shift(end, -29)
    context = {
        "filters": filters,
        "switch_url": reverse("timelines:home") + ("?count=articles" if filters.stories else ""),
        "periods": periods,
        "topics": rankings.top_topics(start30, end, limit=12, unit=unit),
        "topics_start": start30,
        "end": end,
        "latest": latest,
        "updated": Article.objects.aggregate(updated=Max("discovered_at"))["updated"],
    }
    return render(request, "timelines/home.html", context)


def ranking(days, end, unit="stories"):
    """The top pairs over `days` ending on `end`, counted in `unit` (three queries)."""
    start = shift(end, 1 - days)
    rows = rankings.top_pairs(start, end, limit=10, unit=unit)
    pairs = [(row["a"], row["b"]) for row in rows]
    prev_start, prev_end = queries.previous_period(start, end)
    before = rankings.pair_counts(pairs, prev_start, prev_end, unit=unit)
    lines = rankings.daily_series(pairs, start, end, unit=unit)
    for row in rows:
        pair = (row["a"], row["b"])
        row["slug"] = f"{row['a']}-{row['b']}"
        row["name_a"], row["name_b"] = country_name(row["a"]), country_name(row["b"])
        row["before"] = before.get(pair, 0)
        row["change"] = change(row["n"], row["before"])
        label = charts.count_label(row["n"], unit)
        row["spark"] = charts.sparkline_svg(lines[pair], f"{row['name_a']} – {row['name_b']}: {label}")
    return {"days": days, "start": start, "end": end, "rows": rows,
            "title": ngettext("Last %(n)s day", "Last %(n)s days", days) % {"n": days}}


def change(now, before):
    """Percentage change as shown: None when there was nothing before (no base)."""
    if not before:
        return None
    return round(100 * (now - before) / before)


def healthz(request):
    """For a process manager (compose's healthcheck, every 5 s): the web process answers
    and its database does. One trivial query: counting a million articles each time
    would be the check's whole cost."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return JsonResponse({"status": "database unreachable", "error": str(exc)[:200]}, status=503)
    return JsonResponse({"status": _("ok")})
