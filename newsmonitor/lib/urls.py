"""Canonical article URLs: one story, one URL, whatever tracking a feed adds."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived, never which page it is.
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "at_medium", "at_campaign",
    "ito", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee",
    "spm", "share", "ref_src", "rss", "feed", "from", "xtor",
}
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name):
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


def canonical_url(url):
    """Lower-case scheme and host, drop default port, fragment and tracking
    parameters; keep the path and the remaining query (sorted, so order does not
    make two URLs of one page)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    if ":" in (parts.hostname or "") and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k))
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))
