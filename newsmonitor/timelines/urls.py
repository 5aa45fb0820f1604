"""Researcher pages, exports, Atom feeds and the JSON API. Paths are part of the
project's interface (shared and cited links, feed subscriptions, API clients): add,
never rename."""

from django.urls import path, re_path

from newsmonitor.timelines import api, exports, openapi, views
from newsmonitor.timelines.feeds import PairFeed, SearchFeed

PAIR = r"(?P<pair>[A-Za-z]{2}-[A-Za-z]{2})"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    re_path(rf"^pairs/{PAIR}/$", views.pair_timeline, name="pair"),
    re_path(rf"^pairs/{PAIR}/feed\.atom$", PairFeed(), name="pair_feed"),
    re_path(rf"^pairs/{PAIR}/export\.(?P<fmt>csv|json)$", exports.pair_export, name="pair_export"),
    path("countries/", views.countries, name="countries"),
    re_path(r"^countries/(?P<code>[A-Za-z]{2})/$", views.country, name="country"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("search/", views.search_page, name="search"),
    path("search/feed.atom", SearchFeed(), name="search_feed"),
    re_path(r"^search/export\.(?P<fmt>csv|json)$", exports.search_export, name="search_export"),
    # JSON API
    path("api/", api.index, name="api_index"),
    path("api/openapi.json", openapi.schema, name="api_openapi"),
    path("api/topics/", api.topics, name="api_topics"),
    path("api/countries/", api.countries, name="api_countries"),
    re_path(r"^api/countries/(?P<code>[A-Za-z]{2})/$", api.country, name="api_country"),
    path("api/pairs/", api.pairs, name="api_pairs"),
    re_path(rf"^api/pairs/{PAIR}/timeline/$", api.pair_timeline, name="api_pair_timeline"),
    path("api/articles/", api.articles, name="api_articles"),
    path("api/articles/<int:pk>/", api.article, name="api_article"),
]
