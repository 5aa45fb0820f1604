"""The client address that failed logins are counted against (django-axes)."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or in production, where every request arrives from the TLS proxy,
    the last X-Forwarded-For entry: the one our proxy appended. Entries before it were
    sent by the client and could be anything."""
    if settings.NEWSMONITOR_PRODUCTION:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass  # no proxy in front after all, or a broken header: the peer is all we know
    return request.META.get("REMOTE_ADDR")
