"""Researcher pages, one module per page family (home, pairs, countries, articles)."""

from newsmonitor.timelines.web.views.articles import article, search_page
from newsmonitor.timelines.web.views.countries import countries, country
from newsmonitor.timelines.web.views.home import healthz, home
from newsmonitor.timelines.web.views.pairs import pair_timeline

__all__ = ["article", "countries", "country", "healthz", "home", "pair_timeline", "search_page"]
