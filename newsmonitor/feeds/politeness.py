"""Politeness: at most NEWSMONITOR_HOST_FETCHES_PER_MINUTE article pages from one
host per minute, counted on a shared row (HostBudget) so every worker obeys it."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from newsmonitor.db import unflushed_commit
from newsmonitor.feeds.models import HostBudget

WINDOW = timedelta(minutes=1)


def host_of(url):
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or ''}".rstrip(":")[:300]
    except ValueError:
        return ""


def take_slot(url, now=None, limit=None):
    """0 when a page of url's host may be fetched now (and counts it), else the
    seconds until the host's next window opens."""
    host = host_of(url)
    limit = settings.NEWSMONITOR_HOST_FETCHES_PER_MINUTE if limit is None else limit
    if not host or limit <= 0:
        return 0
    now = now or timezone.now()
    window = now.replace(second=0, microsecond=0)
    with unflushed_commit():
        return _take(host, limit, now, window)


def _take(host, limit, now, window):
    for _attempt in range(3):
        # Conditional UPDATEs (an optimistic lock): of two workers racing for the last
        # slot only one sees used < limit, and of two opening a new window only one
        # sees the old one.
        if HostBudget.objects.filter(host=host, window=window, used__lt=limit).update(used=F("used") + 1):
            return 0
        if HostBudget.objects.filter(host=host, window__lt=window).update(window=window, used=1):
            return 0
        if HostBudget.objects.filter(host=host).exists():
            return _until_next(window, now)
        try:
            with transaction.atomic():
                HostBudget.objects.create(host=host, window=window, used=1)
            return 0
        except IntegrityError:
            continue  # another worker created it first: count against its row
    return _until_next(window, now)


def _until_next(window, now):
    return max(1, int((window + WINDOW - now).total_seconds()) + 1)
