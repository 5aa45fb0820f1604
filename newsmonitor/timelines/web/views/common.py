"""What several researcher views share: the filter form's choices, the notices a page
shows about its address, partial responses for the filter script."""

from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from newsmonitor.feeds.models import Outlet
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
