"""What several researcher views share: the filter form's choices, the period a page
covers, partial responses for the filter script."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.cache import patch_vary_headers

from newsmonitor.feeds.models import Outlet
from newsmonitor.timelines import queries
from newsmonitor.timelines.names import country_name, topic_choices


def filter_choices():
    """Outlets, outlet countries and languages for the filter form (one query)."""
    outlets = list(Outlet.objects.order_by("name").values("id", "name", "country", "language"))
    countries = sorted({o["country"] for o in outlets if o["country"]}, key=lambda c: country_name(c))
    languages = sorted({o["language"] for o in outlets if o["language"]} | {"ar"})
    return {
        "outlets": outlets,
        "outlet_countries": [(code, country_name(code)) for code in countries],
        "languages": languages,
        "topics": topic_choices(),
    }


def today():
    return timezone.now().date()


def anchor_day():
    """The last day of "the last 7 days": today, or the last day with data when the
    data stops earlier (a demo corpus, an archive), so a page is never empty just
    because nothing was published today."""
    last = queries.latest_day()
    return min(last, today()) if last else today()


def period(request, default_days=90, anchor=None):
    """(start, end) from ?from=&to=, else the `default_days` up to the anchor day."""
    end = _day(request.GET.get("to")) or anchor or anchor_day()
    start = _day(request.GET.get("from")) or end - timedelta(days=default_days - 1)
    if start > end:
        start, end = end, start
    return start, end


def _day(value):
    try:
        return date.fromisoformat((value or "")[:10]) if value else None
    except ValueError:
        return None


def wants_partial(request):
    """The filter script asks for the results fragment only (X-Partial: 1)."""
    return request.headers.get("X-Partial") == "1"


def vary_partial(response):
    patch_vary_headers(response, ["X-Partial", "Accept-Language", "Cookie"])
    return response
