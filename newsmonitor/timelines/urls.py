"""Every path of the timelines app: the researcher pages (web/urls.py), then their
Atom feeds, exports and the JSON API (api/urls.py). Paths are part of the project's
interface (shared and cited links, feed subscriptions, API clients): add, never
rename. URL names are in the "timelines" namespace."""

from django.urls import include, path

# Every name is in this namespace: reverse("timelines:pair", ...), {% url "timelines:api_pairs" %}.
app_name = "timelines"

urlpatterns = [
    path("", include("newsmonitor.timelines.web.urls")),
    path("", include("newsmonitor.timelines.api.urls")),
]
