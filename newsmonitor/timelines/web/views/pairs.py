"""The pair timeline: chart and articles of one pair of states, filtered by the URL."""

from dataclasses import replace

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from newsmonitor.timelines.readmodels import charts, queries
from newsmonitor.timelines.readmodels.filters import Filters, canonical_pair, page_cursor
from newsmonitor.timelines.names import arabic_forms, country_name
from newsmonitor.timelines.search import fulltext
from newsmonitor.timelines.web.views.common import filter_choices, notices, vary_partial, wants_partial


MAX_REDIRECT_QUERY = 1000


def pair_timeline(request, pair):
    a, b = canonical_pair(pair)
    if pair != f"{a}-{b}":
        # Either order is the same page; one canonical address keeps citations equal.
        query = request.META.get("QUERY_STRING", "")
        # Kept as sent when short; a long one is rebuilt from the filters it holds, so a
        # 50 KB query string never becomes a 50 KB Location header.
        query = f"?{query}" if len(query) <= MAX_REDIRECT_QUERY else Filters.from_query(request.GET).querystring()
        return redirect(reverse("timelines:pair", args=[f"{a}-{b}"]) + (query if query != "?" else ""), permanent=True)
    filters = Filters.from_query(request.GET)
    context = timeline_context(request, a, b, filters)
    template = "timelines/_pair_results.html" if wants_partial(request) else "timelines/pair.html"
    if not wants_partial(request):
        context.update(filter_choices())
    return vary_partial(render(request, template, context))


def timeline_context(request, a, b, filters):
    # `filters` as asked make the links and the form; within the data (scope), the
    # queries. Words: the chart and the count cover the pair's newest articles only,
    # unless a start date asks for all of them (queries.search_span); the list is exact.
    errors = list(filters.errors)
    cursor = page_cursor(request.GET, errors)
    scope = chart_filters = queries.scoped(filters)
    searched_since, held = None, None
    if filters.q:
        searched_since, held = queries.search_span(a, b, scope)
        if searched_since and not scope.start:
            chart_filters = replace(scope, start=searched_since)
        else:
            searched_since = None
    chart = queries.pair_series(a, b, chart_filters)
    buckets, series, interval = chart.buckets, chart.series, chart.interval
    rows, next_cursor = queries.pair_page(a, b, scope, cursor, held=held)
    queries.decorate(rows, (a, b), copies=filters.stories)
    name_a, name_b = country_name(a), country_name(b)
    highlight = arabic_forms(a) + arabic_forms(b)
    for row in rows:
        row.highlight_terms = row.forms + highlight
    slug = f"{a}-{b}"
    title = (_("%(a)s – %(b)s: stories per %(interval)s") if filters.stories else
             _("%(a)s – %(b)s: articles per %(interval)s")) % {
        "a": name_a, "b": name_b, "interval": charts.interval_name(interval)}
    return {
        "a": a, "b": b, "slug": slug, "name_a": name_a, "name_b": name_b,
        "filters": filters, "rows": rows, "next_cursor": next_cursor, "total": chart.total, "totals": chart.totals,
        "notices": notices(errors, chart.notes),
        "searched_since": searched_since,
        "search_window": formats.number_format(queries.SEARCH_WINDOW, force_grouping=True),
        "interval": interval, "buckets": buckets, "series": series,
        "table": chart_table(buckets, series, interval),
        "search_terms": fulltext.terms_for_highlight(filters.q),
        "charts": chart_blocks(buckets, series, interval, title, filters.mode, filters.count),
        "switch_url": reverse("timelines:pair", args=[slug]) + filters.querystring(count=other_unit(filters)),
        "chart_title": title,
        "base_url": reverse("timelines:pair", args=[slug]),
        "feed_url": reverse("timelines:pair_feed", args=[slug]) + filters.data_querystring(),
        "csv_url": reverse("timelines:pair_export", args=[slug, "csv"]) + filters.data_querystring(),
        "json_url": reverse("timelines:pair_export", args=[slug, "json"]) + filters.data_querystring(),
        "api_url": reverse("timelines:api_pair_timeline", args=[slug]) + filters.querystring(mode=""),
        "cursor": cursor,
    }


def other_unit(filters):
    """The count= value of the same view counted the other way (stories is the default)."""
    return "articles" if filters.stories else ""


def chart_blocks(buckets, series, interval, title, mode, unit="stories"):
    """Stacked: one chart. Split: one small chart per topic, on a shared scale so the
    heights compare."""
    if mode != "split":
        return [{"svg": charts.timeline_svg(buckets, series, interval, title, unit=unit), "label": ""}]
    blocks = []
    top = max((max(s["values"], default=0) for s in series), default=0)
    labels = [charts.bucket_label(bucket, interval) for bucket in buckets]
    for i, s in enumerate(series):
        svg = charts.timeline_svg(buckets, [s], interval, f"{title} — {s['label']}", chart_id=f"chart-{i}",
                                  height=110, compact=True, top=top, labels=labels, unit=unit)
        blocks.append({"svg": svg, "label": s["label"], "colour": s["colour"], "total": s["total"]})
    return blocks


def chart_table(buckets, series, interval):
    """The chart's numbers as rows (bucket label, per-series values, total)."""
    rows = []
    for i, bucket in enumerate(buckets):
        values = [s["values"][i] for s in series]
        if any(values):
            rows.append({"label": charts.bucket_label(bucket, interval), "iso": bucket.isoformat(),
                         "values": values, "total": sum(values)})
    return rows
