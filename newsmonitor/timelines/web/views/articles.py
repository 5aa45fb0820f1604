"""The article page and full-text search across all articles."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from newsmonitor.articles.models import Article
from newsmonitor.timelines.readmodels import queries
from newsmonitor.timelines.readmodels.filters import Filters, page_cursor, shift
from newsmonitor.timelines.models import PairEntry
from newsmonitor.timelines.names import arabic_forms, country_name
from newsmonitor.tagging import words as title_words
from newsmonitor.timelines.search import fulltext
from newsmonitor.timelines.search.text import first_match, highlight
from newsmonitor.timelines.web.views.common import filter_choices, notices, vary_partial, wants_partial

SAME_STORY = 8


def article(request, pk):
    item = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    countries, pairs, topics = queries.article_tags(pk)
    forms = {c.code: [f for f in (c.forms or []) if isinstance(f, str)] + arabic_forms(c.code) for c in countries}
    for p in pairs:
        terms = forms.get(p.a, arabic_forms(p.a)) + forms.get(p.b, arabic_forms(p.b))
        p.highlighted = [highlight(s, terms) for s in p.sentences]
    for t in topics:
        t.term_list = [term for term in (t.terms or []) if isinstance(term, str)]
    paragraphs = [p.strip() for p in (item.body or item.summary or "").split("\n") if p.strip()]
    return render(request, "timelines/article.html", {
        "article": item, "countries": countries, "pairs": pairs, "topics": topics,
        "paragraphs": paragraphs, "outlet_country": country_name(item.outlet.country) if item.outlet and
        item.outlet.country else "",
        "same_story": same_story(item, pairs),
    })


def same_story(item, pairs):
    """Other articles on the same story, when it can be known: the same text (a
    syndicated copy), or the same primary pair within a day of it and a title sharing
    most of its words. Two queries at most."""
    found = []
    if item.content_hash:
        found += list(Article.objects.filter(content_hash=item.content_hash).exclude(pk=item.pk)
                      .select_related("outlet")
                      .only("id", "title", "published_at", "discovered_at", "outlet__name")[:SAME_STORY])
    primary = next((p for p in pairs if p.primary), None)
    if primary is not None:
        day = primary.day
        candidates = (PairEntry.objects.filter(a=primary.a, b=primary.b, day__gte=shift(day, -1),
                                               day__lte=shift(day, 1))
                      .exclude(article_id=item.pk).select_related("article", "outlet")
                      .only("article_id", "time", "article__title", "outlet__name")[:200])
        words = set(title_words(item.title))
        known = {a.pk for a in found}
        for entry in candidates:
            other = set(title_words(entry.article.title))
            if words and other and len(words & other) / len(words | other) >= 0.4 and entry.article_id not in known:
                entry.article.outlet_name = entry.outlet.name if entry.outlet else ""
                found.append(entry.article)
                known.add(entry.article_id)
    for a in found:
        if not hasattr(a, "outlet_name"):
            a.outlet_name = a.outlet.name if a.outlet else ""
    return found[:SAME_STORY]


def search_page(request):
    filters = Filters.from_query(request.GET)
    errors = list(filters.errors)
    cursor = page_cursor(request.GET, errors)
    # Any filter, with or without words, makes this the filtered list of all articles.
    context = {"filters": filters, "q": filters.q, "rows": [], "searched": filters.active,
               "base_url": reverse("timelines:search"), "notices": notices(errors)}
    if filters.active:
        context.update(results_context(filters, cursor))
    template = "timelines/_search_results.html" if wants_partial(request) else "timelines/search.html"
    if not wants_partial(request):
        context.update(filter_choices())
    return vary_partial(render(request, template, context))


def results_context(filters, cursor):
    # `filters` as asked make the links; within the data (scope), the queries.
    scope = queries.scoped(filters)
    qs = queries.docs_qs(scope)
    count = capped_count(qs) if filters.q else None
    common = bool(count and count["more"])  # a common word: search the newest documents first
    rows, next_cursor = page(qs, scope, cursor, common)
    queries.decorate(rows)
    terms = fulltext.terms_for_highlight(filters.q)
    for row in rows:
        row.title_html = highlight(row.article.title, terms)
        row.snippet = highlight(passage(row.article.body or row.article.summary or "", terms, 240), terms)
    data = filters.data_querystring()
    return {
        "rows": rows, "next_cursor": next_cursor, "terms": terms,
        "count": count or capped_count(qs), "cursor": cursor,
        "base_url": reverse("timelines:search"),
        "feed_url": reverse("timelines:search_feed") + data,
        "csv_url": reverse("timelines:search_export", args=["csv"]) + data,
        "json_url": reverse("timelines:search_export", args=["json"]) + data,
        "api_url": reverse("timelines:api_articles") + data,
    }


def page(qs, filters, cursor, common):
    """The page of results, with each article's text for its snippet (no query more)."""
    if filters.q:
        return queries.doc_page(qs, cursor, common=common, with_text=True, start=filters.start, end=filters.end)
    return queries.page_of(qs, cursor, with_text=True)


CAP = 1000


def capped_count(qs):
    """Counting every match of a common word over a million documents costs more than
    the page; past CAP the page says "1000+"."""
    n = qs.order_by()[: CAP + 1].count()
    return {"n": min(n, CAP), "more": n > CAP}


def passage(text, terms, width):
    found = first_match(text, set(terms))
    if found is None:
        return text[:width] + (" …" if len(text) > width else "")
    start = max(0, found[0] - width // 3)
    cut = text.rfind(" ", 0, start) if start else 0
    start = cut + 1 if cut > 0 else start
    return ("… " if start else "") + text[start:start + width].strip() + (" …" if start + width < len(text) else "")
