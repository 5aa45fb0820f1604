"""What a subscription follows, read from and written as the dashboard's own terms.

A selection is pairs ("EG-PK": two country codes, upper case, sorted), countries
("PK") and the timeline's other filters as its canonical query string
(Subscription.query: topic, outlet, outlet_country, language, q, primary, in the
order and spelling of timelines.readmodels.filters.Filters.params; no dates, chart
interval or mode: a digest always covers its own period).

    split_codes(values)                   "EG-PK, IN-PK" and repeated values -> parts
    read_pairs(values) / read_countries   canonical codes, and the parts not understood
    canonical_query(filters)              Filters -> the stored query string
    filters_of(subscription)              the stored query string -> Filters
    describe(subscription, language)      [(label, text)] in that language, for pages and emails
    view_url(subscription)                the dashboard page closest to the selection
"""

import re
from dataclasses import replace
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from newsmonitor.feeds.models import Outlet
from newsmonitor.tagging import TOPIC_SLUGS
from newsmonitor.timelines.names import country_name, is_country, topic_name
from newsmonitor.timelines.readmodels.filters import Filters, parse_pair

SEPARATORS = re.compile(r"[\s,،;؛]+")
FOLLOWED = ("pairs", "countries", "topics", "q", "outlet_countries", "outlets")


def split_codes(values):
    """The parts of one or more values: "EG-PK, IN-PK" -> ["EG-PK", "IN-PK"]."""
    if isinstance(values, str):
        values = [values]
    return [part for value in values or [] for part in SEPARATORS.split(str(value)) if part]


def _read(values, parse):
    known, unknown = [], []
    for part in split_codes(values):
        value = parse(part)
        if value is None:
            unknown.append(part)
        elif value not in known:
            known.append(value)
    return sorted(known), unknown


def read_pairs(values):
    """(["EG-PK", ...] sorted, [parts that are no pair of two countries])."""
    return _read(values, lambda part: "-".join(pair) if (pair := parse_pair(part)) else None)


def read_countries(values):
    return _read(values, lambda part: part.upper() if is_country(part) else None)


def canonical_query(filters):
    """The stored form of a view's filters: the dashboard's canonical query string,
    each list in a fixed order (so one view is one string), without dates, interval
    or mode."""
    order = {slug: i for i, slug in enumerate(TOPIC_SLUGS)}
    f = replace(filters, topics=sorted(filters.topics, key=lambda slug: order.get(slug, len(order))),
                outlets=sorted(filters.outlets), outlet_countries=sorted(filters.outlet_countries),
                start=None, end=None, interval="", mode="stacked", errors=[])
    return urlencode(f.params())


def filters_of(subscription_or_query):
    query = getattr(subscription_or_query, "query", subscription_or_query) or ""
    return Filters.from_query(QueryDict(query))


def is_empty(pairs, countries, filters):
    return not (pairs or countries or filters.topics or filters.q or filters.outlet_countries or filters.outlets)


def pair_name(slug, language=None):
    a, b = slug.split("-")
    return f"{country_name(a, language)} – {country_name(b, language)}"


def hour_text(hour):
    return f"{int(hour):02d}:00"


def schedule_text(subscription, language=None):
    """"daily at 07:00 (Africa/Cairo)" in the active (or given) language."""
    with translation.override(language or translation.get_language()):
        hour = {"hour": hour_text(subscription.hour), "tz": subscription.time_zone}
        if subscription.frequency == "instant":
            return _("as it happens (checked every few minutes; sent only when there are new articles)")
        if subscription.frequency == "weekly":
            return _("weekly, on %(day)s at %(hour)s (%(tz)s)") % {**hour, "day": WEEKDAYS[int(subscription.weekday)]}
        return _("daily at %(hour)s (%(tz)s)") % hour


def describe(subscription, language=None):
    """What the subscription follows and how, as (label, text) lines in `language`
    (default: the active one)."""
    language = language or ("ar" if (translation.get_language() or "ar").startswith("ar") else "en")
    filters = filters_of(subscription)
    with translation.override(language):
        lines = []
        if subscription.pairs:
            lines.append((_("Pairs"), ", ".join(pair_name(p, language) for p in subscription.pairs)))
        if subscription.countries:
            lines.append((_("Countries"), ", ".join(country_name(c, language) for c in subscription.countries)))
        if filters.topics:
            lines.append((_("Topics"), ", ".join(topic_name(t, language) for t in filters.topics)))
        if filters.q:
            lines.append((_("Words"), f"«{filters.q}»" if language == "ar" else f"“{filters.q}”"))
        if filters.outlet_countries:
            lines.append((_("Outlet countries"), ", ".join(country_name(c, language) for c in filters.outlet_countries)))
        if filters.outlets:
            names = dict(Outlet.objects.filter(pk__in=filters.outlets).values_list("pk", "name"))
            lines.append((_("Outlets"), ", ".join(names.get(pk, f"#{pk}") for pk in filters.outlets)))
        if filters.language:
            lines.append((_("Article language"), filters.language))
        if filters.primary:
            lines.append((_("Primary pair only"), _("yes")))
        lines.append((_("Count and list"), _("stories: the copies of one event once") if filters.stories else
                      _("articles: every copy")))
        lines.append((_("Frequency"), schedule_text(subscription, language)))
        lines.append((_("Email language"), "العربية" if subscription.language == "ar" else "English"))
        if subscription.spike_alerts:
            spike = (_("when a followed pair has a day above its 30-day mean plus %(k)s standard deviations, and "
                       "at least %(floor)s new stories") if filters.stories else
                     _("when a followed pair has a day above its 30-day mean plus %(k)s standard deviations, and "
                       "at least %(floor)s articles"))
            lines.append((_("Spike alerts"), spike % {"k": f"{subscription.spike_k:g}",
                                                      "floor": subscription.spike_floor}))
    return lines


def subscribe_query(subscription):
    """"?pair=EG-PK&topic=..." : the subscribe form's address for the same selection."""
    parts = [urlencode([("pair", p) for p in subscription.pairs] + [("country", c) for c in subscription.countries]),
             subscription.query or ""]
    query = "&".join(part for part in parts if part)
    return f"?{query}" if query else ""


def view_url(subscription):
    """The dashboard's page for the selection, as a path: the first pair's timeline
    with the filters, else the search with them, else the first country's page."""
    query = subscription.query or ""
    if subscription.pairs:
        return reverse("timelines:pair", args=[subscription.pairs[0]]) + (f"?{query}" if query else "")
    if query:
        return reverse("timelines:search") + f"?{query}"
    if subscription.countries:
        return reverse("timelines:country", args=[subscription.countries[0]])
    return reverse("timelines:home")

