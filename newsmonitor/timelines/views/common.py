"""What several researcher views share: the filter form's choices, the period a page
covers, partial responses for the filter script."""

from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from newsmonitor.feeds.models import Outlet
from newsmonitor.timelines import queries
from newsmonitor.timelines.filters import clamp, shift
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


def period(start, end, default_days=90):
    """(start, end): the days asked for (either may be None) within the days that have
    data (filters.clamp), else the `default_days` up to the anchor day."""
    if start or end:
        start, end = clamp(start, end, *queries.data_span())
    end = end or anchor_day()
    start = start or shift(end, 1 - default_days)
    return (start, end) if start <= end else (end, start)


def notices(errors, notes=()):
    """What a page tells the reader about its address: the values it left out, then
    anything else it had to change (a coarser chart)."""
    return [_("Left out: %(problem)s.") % {"problem": error} for error in errors] + list(notes)


def wants_partial(request):
    """The filter script asks for the results fragment only (X-Partial: 1)."""
    return request.headers.get("X-Partial") == "1"


def vary_partial(response):
    patch_vary_headers(response, ["X-Partial", "Accept-Language", "Cookie"])
    return response
