"""Template helpers of the researcher pages: names in the interface language,
highlighting, change badges, links that keep the current filters."""

from urllib.parse import quote

from django import template
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from newsmonitor.timelines.names import country_name as _country_name
from newsmonitor.timelines.names import topic_colour as _topic_colour
from newsmonitor.timelines.names import topic_name as _topic_name
from newsmonitor.timelines.readmodels.records import original_link
from newsmonitor.timelines.search.text import highlight as marked

register = template.Library()

# The language switch returns to the page as it is, query string included, but a
# query string of any length would be copied into every page: past this, the path.
# static/timelines/filters.js keeps the same bound.
MAX_RETURN = 1000


@register.filter
def country_name(code):
    return _country_name(code) if code else ""


@register.filter
def topic_name(slug):
    return _topic_name(slug)


@register.filter
def topic_colour(slug):
    return _topic_colour(slug)


@register.filter
def reader_link(article):
    """The article's link on its site, or "" when it may not be offered: render no
    link then (a feed's URL may be javascript: or an address inside our network)."""
    return original_link(article.original_url, article.url) if article else ""


@register.simple_tag
def highlight(text, terms):
    """Article text with the given words (and their clitic forms) in <mark>."""
    return marked(text or "", list(terms or []))


@register.filter
def change_label(change):
    """'+12 %', '−40 %', or 'new' when there was nothing in the previous period."""
    if change is None:
        return _("new")
    if change == 0:
        return "±0 %"
    return f"{'+' if change > 0 else '−'}{abs(change)} %"


@register.filter
def change_class(change):
    if change is None or change > 0:
        return "up"
    return "down" if change < 0 else "flat"


@register.simple_tag
def with_cursor(filters, cursor):
    """The current view's query string, moved to another page of the list."""
    query = filters.querystring()
    return f"{query}{'&' if query else '?'}cursor={quote(cursor, safe='')}" if cursor else query


@register.filter
def contains(values, value):
    return value in (values or [])


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def return_path(request):
    """Where the language switch leads back to: the page with its filters when short."""
    full = request.get_full_path()
    if len(full) <= MAX_RETURN:
        return full
    path = escape_uri_path(request.path)
    return path if len(path) <= MAX_RETURN else "/"
