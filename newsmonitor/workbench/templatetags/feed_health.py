"""Template filters of the feed-health pages and the silent-source emails.

    {{ seconds|duration }}          "2 days, 3 hours", in the language being rendered
    {{ figures|sparkline }}         the new-articles-a-day bars (health.sparkline_of)
    {{ figures.median_poll_ms|poll_time }}, {{ figures.summary_share|share }}
    {{ kind|error_label }}          an error kind in words
"""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from newsmonitor.workbench import health

register = template.Library()


@register.filter
def duration(seconds):
    if seconds in (None, ""):
        return ""
    now = timezone.now()
    return timesince(now - timedelta(seconds=int(seconds)), now, depth=2)


@register.filter
def sparkline(figures):
    return health.sparkline_of(figures) if figures else ""


register.filter("poll_time", health.poll_time)
register.filter("share", health.share)
register.filter("error_label", health.error_label)
