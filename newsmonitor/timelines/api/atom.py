"""Atom feeds of any filtered view (Django syndication), so "Egypt–Pakistan, defence
industry" can be followed in a feed reader. Same filters as the page; the newest 50.

One entry per story by default (its representative article, readmodels/stories.py,
the other outlets that carried it named in the summary); count=articles, one per
article. Entries link to the original article (what a reader opens) when it may be
offered as a link (records.original_link), else to the article's page here; their id
is the article's page here, stable whatever the original site does with its URLs.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from newsmonitor.timelines.names import country_name, topic_name
from newsmonitor.timelines.readmodels import queries
from newsmonitor.timelines.readmodels.filters import Filters, canonical_pair
from newsmonitor.timelines.readmodels.records import original_link

ITEMS = 50


class ArabicAtom(Atom1Feed):
    """The feed's xml:lang is Arabic: the entries' titles and summaries are."""


class _FilteredFeed(Feed):
    feed_type = ArabicAtom
    language = "ar"

    def items(self, obj):
        filters = obj["filters"]
        if obj.get("pair") and filters.q:
            rows, _next = queries.pair_page(*obj["pair"], filters, size=ITEMS)  # words: newest first
        else:
            qs = queries.listed(obj["qs"], filters, obj.get("pair"))
            rows, _next = queries.page_of(qs, "", size=ITEMS, searching=obj["searching"])
        queries.decorate(rows, obj.get("pair"), copies=filters.stories)
        for row in rows:
            # The request lives in obj, not on self: one Feed instance serves all threads.
            row.guid = obj["request"].build_absolute_uri(reverse("timelines:article", args=[row.article_id]))
        return rows

    def item_title(self, row):
        return row.article.title or row.article.url

    def item_link(self, row):
        return original_link(row.article.original_url, row.article.url) or row.guid

    def item_guid(self, row):
        return row.guid

    item_guid_is_permalink = True

    def item_description(self, row):
        parts = []
        if getattr(row, "evidence", ""):
            parts.append(f'<p dir="rtl" lang="ar">{escape(row.evidence)}</p>')
        outlet = row.outlet.name if row.outlet else ""
        where = country_name(row.outlet_country) if row.outlet_country else ""
        parts.append(f"<p>{escape(outlet)}{' · ' + escape(where) if where else ''}</p>")
        if getattr(row, "also_in", None):
            more = f" (+{row.also_more})" if row.also_more else ""
            parts.append(f"<p>{escape(_('Also in:'))} {escape(', '.join(row.also_in))}{more}</p>")
        return "".join(parts)

    def item_pubdate(self, row):
        return row.time

    def item_updateddate(self, row):
        return row.time

    def item_author_name(self, row):
        return row.outlet.name if row.outlet else None

    def item_categories(self, row):
        return [name for _slug, name in row.topic_list]

    def get_object(self, request, *args, **kwargs):
        return dict(self.object_for(request, *args, **kwargs), request=request)

    def feed_url(self, obj):
        return obj["feed_url"]

    def link(self, obj):
        return obj["page_url"]

    def title(self, obj):
        return obj["title"]

    def subtitle(self, obj):
        return obj["subtitle"]

    def description(self, obj):
        return obj["subtitle"]


class PairFeed(_FilteredFeed):
    def object_for(self, request, pair):
        a, b = canonical_pair(pair)
        filters = Filters.from_query(request.GET)
        slug = f"{a}-{b}"
        query = filters.data_querystring()
        topics = ", ".join(topic_name(t) for t in filters.topics)
        title = f"{country_name(a)} – {country_name(b)}" + (f": {topics}" if topics else "")
        scope = queries.scoped(filters)  # the queries' dates: within the data
        return {
            "qs": queries.pair_qs(a, b, scope), "pair": (a, b), "filters": scope, "searching": bool(filters.q),
            "title": f"{title} — newsmonitor",
            "subtitle": (_("Stories on relations between %(a)s and %(b)s, one entry each") if filters.stories else
                         _("Articles on relations between %(a)s and %(b)s")) % {
                "a": country_name(a), "b": country_name(b)} + (f" ({filters.describe()})" if filters.active else ""),
            "page_url": reverse("timelines:pair", args=[slug]) + query,
            "feed_url": reverse("timelines:pair_feed", args=[slug]) + query,
        }


class SearchFeed(_FilteredFeed):
    def object_for(self, request):
        filters = Filters.from_query(request.GET)
        query = filters.data_querystring()
        label = filters.describe() or _("all articles")
        return {
            "qs": queries.docs_qs(queries.scoped(filters)), "pair": None, "searching": bool(filters.q),
            "filters": queries.scoped(filters),
            "title": f"{label} — newsmonitor",
            "subtitle": (_("Stories matching %(what)s, one entry each") if filters.stories else
                         _("Articles matching %(what)s")) % {"what": label},
            "page_url": reverse("timelines:search") + query,
            "feed_url": reverse("timelines:search_feed") + query,
        }
