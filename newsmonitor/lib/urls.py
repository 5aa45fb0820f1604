"""URLs from feeds: one canonical URL per story, and which links a reader may be offered.

Pure library (no Django). Feeds are untrusted: a link may name a private address, an
encoded one (http://2130706433/ is 127.0.0.1 to a browser), or another scheme.
"""

import hashlib
import ipaddress
import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from requests_hardened.ip_filter import EXTRA_BLOCKED_NET_RANGES

# Query parameters that only say how a reader arrived, never which page it is.
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "at_medium", "at_campaign",
    "ito", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee",
    "spm", "share", "ref_src", "rss", "feed", "from", "xtor",
}
DEFAULT_PORTS = {"http": 80, "https": 443}
# Longer links are not article addresses but payloads; browsers and servers refuse
# far shorter ones in practice.
MAX_LINK_CHARS = 8192
# Names that only resolve inside a network, never to a news site.
PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet", ".corp", ".localdomain")
# What a browser removes from a URL before reading it (WHATWG URL): leading and
# trailing C0 controls and spaces, and every tab and newline inside.
_C0_EDGES = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = re.compile("[\t\n\r]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def is_tracking(name):
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


def canonical_url(url):
    """Lower-case scheme and host, drop default port, fragment, credentials and
    tracking parameters; keep the path and the remaining query (sorted, so order does
    not make two URLs of one page). Raises ValueError on a URL with a bad port."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal: brackets first, then the port
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k))
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def url_hash(url):
    """The key an article is unique by: its full canonical URL, hashed, so a long
    URL is never cut to fit an index (two long links sharing a prefix stay two)."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


# --- addresses ------------------------------------------------------------------------------
def is_public_address(ip):
    """Whether an ipaddress.IPv4Address/IPv6Address is on the public internet."""
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # is_global alone lets multicast and reserved (e.g. IPv4-compatible ::7f00:1) through.
    return (ip.is_global and not ip.is_multicast and not ip.is_reserved
            and not any(ip in net for net in EXTRA_BLOCKED_NET_RANGES))


def host_address(host):
    """The IP address a browser would take `host` for, None for a name, and False for
    a host that looks numeric but is no valid address. IPv4 follows the WHATWG URL
    rules: one to four parts, each decimal, octal (leading 0) or hex (0x), so
    2130706433, 0x7f.1 and 0177.0.0.1 are all 127.0.0.1."""
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            return False
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not parts or not _numeric_part(parts[-1]):
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if len(numbers) > 4 or None in numbers or any(n > 255 for n in numbers[:-1]):
        return False
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        return False
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n * 256 ** (3 - i)
    return ipaddress.IPv4Address(value)


def _numeric_part(part):
    return bool(re.fullmatch(r"[0-9]+|0[xX][0-9a-fA-F]*", part))


def _ipv4_number(part):
    try:
        if part[:2].lower() == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        return None


def reader_link(url, allow=()):
    """`url` when it is a link to offer a reader: http(s), with a host that is not a
    private address or a name only a private network resolves; "" otherwise.
    `allow` holds exact "host:port" pairs that are fine anyway (the demo's own site)."""
    if not url or len(url) > MAX_LINK_CHARS:
        return ""
    cleaned = _TAB_NEWLINE.sub("", url.strip(_C0_EDGES))
    if _CONTROL.search(cleaned):
        return ""
    try:
        parts = urlsplit(cleaned)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return ""
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        return ""
    host = unicodedata.normalize("NFKC", unquote(parts.hostname)).lower().rstrip(".")
    if f"{host}:{port}" in allow or f"[{host}]:{port}" in allow:
        return cleaned
    address = host_address(host)
    if address is False:
        return ""
    if address is not None:
        return cleaned if is_public_address(address) else ""
    if not host or "." not in host or host == "localhost" or host.endswith(PRIVATE_SUFFIXES):
        return ""
    if re.search(r"[\s<>\"'`\\%]", host):
        return ""
    return cleaned
