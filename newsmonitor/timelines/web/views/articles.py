"""The article page and full-text search across all articles."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from newsmonitor.articles.models import Article
from newsmonitor.stories.models import StoryMember
from newsmonitor.timelines.readmodels import queries, stories as story_rows
from newsmonitor.timelines.readmodels.filters import Filters, page_cursor
from newsmonitor.timelines.names import arabic_forms, country_name
from newsmonitor.timelines.search import fulltext
from newsmonitor.timelines.search.text import first_match, highlight
from newsmonitor.timelines.web.views.common import filter_choices, notices, vary_partial, wants_partial

MEMBERS = 50


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
    story, members, more = story_members(item)
    return render(request, "timelines/article.html", {
        "article": item, "countries": countries, "pairs": pairs, "topics": topics,
        "paragraphs": paragraphs, "outlet_country": country_name(item.outlet.country) if item.outlet and
        item.outlet.country else "",
        "story": story, "members": members, "more_members": more,
        "others": len(members) + more,
    })


def story_members(item):
    """(the article's StoryMember, the other articles of its story oldest first, each
    with its outlet, time and how it joined, how many more there are than MEMBERS).
    Two queries, three past MEMBERS; (None, [], 0) for an article not grouped yet."""
    member = StoryMember.objects.filter(article_id=item.pk).first()
    if member is None:
        return None, [], 0
    others = (StoryMember.objects.filter(story_id=member.story_id).exclude(article_id=item.pk)
              .select_related("article", "article__outlet")
              .only("article_id", "how", "similarity", "joined_at", "story_id", "article__title", "article__url",
                    "article__published_at", "article__discovered_at", "article__outlet__name",
                    "article__outlet__country")
              .order_by("article__published_at", "article__discovered_at", "article_id"))
    rows = list(others[:MEMBERS + 1])
    member.how_text = how_joined(member)
    for row in rows:
        row.time = row.article.published_at or row.article.discovered_at
        row.outlet = row.article.outlet
        row.how_text = how_joined(row)
    total = StoryMember.objects.filter(story_id=member.story_id).count() - 1 if len(rows) > MEMBERS else len(rows)
    return member, rows[:MEMBERS], total - min(len(rows), MEMBERS)


def how_joined(member):
    """How an article came into its story, in the interface language."""
    similarity = {"s": f"{member.similarity:.2f}"}
    return {
        "first": _("started the story"),
        "copy": _("a copy of another article's text (similarity %(s)s)") % similarity,
        "follow-up": _("a follow-up of the same event (similarity %(s)s)") % similarity,
        "editor": _("placed in the story by an editor"),
    }.get(member.how, member.how)


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
    counts = {"articles": capped_count(qs), "stories": capped_count(story_rows.representatives(qs, scope))}
    common = counts["articles"]["more"] and bool(filters.q)  # a common word: search the newest documents first
    rows, next_cursor = page(queries.listed(qs, scope), scope, cursor, common)
    queries.decorate(rows, copies=filters.stories)
    terms = fulltext.terms_for_highlight(filters.q)
    for row in rows:
        row.title_html = highlight(row.article.title, terms)
        row.snippet = highlight(passage(row.article.body or row.article.summary or "", terms, 240), terms)
    data = filters.data_querystring()
    return {
        "rows": rows, "next_cursor": next_cursor, "terms": terms,
        "count": counts[filters.count], "counts": counts,
        "switch_url": reverse("timelines:search") + filters.querystring(count="articles" if filters.stories else ""),
        "cursor": cursor,
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
