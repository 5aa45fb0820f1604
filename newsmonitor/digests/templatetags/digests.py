"""Template helpers for the dashboard's "email me this view" links."""

from urllib.parse import urlencode

from django import template

from newsmonitor.digests.selection import canonical_query

register = template.Library()


@register.simple_tag
def subscribe_query(filters=None, pair="", country=""):
    """"?pair=EG-PK&topic=..." : the subscribe form's query string for a view (its
    pair or country, and its filters without dates, interval or mode)."""
    parts = urlencode([(name, value) for name, value in (("pair", pair), ("country", country)) if value])
    query = "&".join(part for part in (parts, canonical_query(filters) if filters is not None else "") if part)
    return f"?{query}" if query else ""
