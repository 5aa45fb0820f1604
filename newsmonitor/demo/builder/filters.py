"""Template filters of the demo site builder, built into its template engine."""
import html

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def xml(value):
    """Escape text for an XML element: &, < and > only, as the feeds always had it
    (Django's own escaping also turns quotes into references)."""
    return mark_safe(html.escape(str(value), quote=False))
