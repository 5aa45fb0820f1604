"""The researcher pages' paths (included by newsmonitor/timelines/urls.py). Paths are
part of the project's interface (shared and cited links): add, never rename."""

from django.urls import path, re_path

from newsmonitor.timelines.web import views

PAIR = r"(?P<pair>[A-Za-z]{2}-[A-Za-z]{2})"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    re_path(rf"^pairs/{PAIR}/$", views.pair_timeline, name="pair"),
    path("countries/", views.countries, name="countries"),
    re_path(r"^countries/(?P<code>[A-Za-z]{2})/$", views.country, name="country"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("search/", views.search_page, name="search"),
]
