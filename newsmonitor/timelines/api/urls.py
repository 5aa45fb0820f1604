"""Paths of the machine-readable outputs (included by newsmonitor/timelines/urls.py):
Atom feeds and CSV/JSON exports of a page's filtered view, beside the page's own path,
and the JSON API under /api/. Paths are part of the project's interface (feed
subscriptions, API clients, scripts): add, never rename."""

from django.urls import path, re_path

from newsmonitor.timelines.api import endpoints, exports, openapi
from newsmonitor.timelines.api.atom import PairFeed, SearchFeed
from newsmonitor.timelines.web.urls import PAIR

urlpatterns = [
    re_path(rf"^pairs/{PAIR}/feed\.atom$", PairFeed(), name="pair_feed"),
    re_path(rf"^pairs/{PAIR}/export\.(?P<fmt>csv|json)$", exports.pair_export, name="pair_export"),
    path("search/feed.atom", SearchFeed(), name="search_feed"),
    re_path(r"^search/export\.(?P<fmt>csv|json)$", exports.search_export, name="search_export"),
    # JSON API
    path("api/", endpoints.index, name="api_index"),
    path("api/openapi.json", openapi.schema, name="api_openapi"),
    path("api/topics/", endpoints.topics, name="api_topics"),
    path("api/countries/", endpoints.countries, name="api_countries"),
    re_path(r"^api/countries/(?P<code>[A-Za-z]{2})/$", endpoints.country, name="api_country"),
    path("api/pairs/", endpoints.pairs, name="api_pairs"),
    re_path(rf"^api/pairs/{PAIR}/timeline/$", endpoints.pair_timeline, name="api_pair_timeline"),
    path("api/articles/", endpoints.articles, name="api_articles"),
    path("api/articles/<int:pk>/", endpoints.article, name="api_article"),
]
