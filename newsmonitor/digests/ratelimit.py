"""How often one address, and one client, may ask for a confirmation email: counted in
the shared cache (settings.CACHES: Redis in production, files under var/ embedded), so
every web process counts together.

A window is a clock hour; each request that would send counts (the refused ones too,
so hammering does not help). The client is counted first and an address only for
clients still within their limit, so nobody blocked for sending too many requests can
use up a stranger's address's allowance. Redis counts atomically; the file cache reads
and writes a counter in two steps, so requests racing in the same instant may each see
the same count: at worst a few more than the limit get through.

Addresses are hashed before they become keys: the cache holds no address."""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

WINDOW = 3600


@dataclass
class Refusal:
    scope: str  # "address" or "client"
    retry_after: int  # seconds until the window ends


def _key(scope, value, window):
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:32]
    return f"digests:subscribe:{scope}:{digest}:{window}"


def _count(scope, value, window):
    key = _key(scope, value, window)
    cache.add(key, 0, timeout=WINDOW + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW + 60)
        return 1


def check(client, address, now=None):
    """Count a request of `client` (an IP address) for `address`: a Refusal when
    either is over its limit this hour, else None."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    retry_after = int((window + 1) * WINDOW - now) + 1
    if _count("client", client or "unknown", window) > settings.NEWSMONITOR_SUBSCRIBE_PER_IP:
        return Refusal("client", retry_after)
    if _count("address", address.strip().lower(), window) > settings.NEWSMONITOR_SUBSCRIBE_PER_ADDRESS:
        return Refusal("address", retry_after)
    return None
