"""The one HTTP fetcher of newsmonitor: every feed and article page goes through here.

Pure library (no Django). Feeds are untrusted input pointing at arbitrary hosts, so every
hop is checked against non-public addresses, bodies are capped after decompression and the
whole fetch, redirects and slow bodies included, is bounded by a wall-clock deadline.
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import cached_property
from http.client import HTTPException
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import requests
import urllib3.exceptions as u3
from requests.adapters import HTTPAdapter
from requests_hardened.ip_filter_adapter import IPFilterAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.connection import allowed_gai_family

from newsmonitor.lib.urls import is_public_address

__all__ = ["FetchError", "FetchResult", "Fetcher", "parse_retry_after"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK = 64 * 1024
POOLS = 100  # hosts whose idle connections are kept
POOL_SIZE = 32  # idle connections kept per host: one per thread of a polling worker


class FetchError(Exception):
    """kind is one of: invalid-url, unsupported-scheme, private-address, dns-error,
    connection-error, tls-error, timeout, too-many-redirects, too-large, rate-limited,
    http-error, bad-response (undecodable or unrequested Content-Encoding)."""

    def __init__(self, kind, message, *, status=None, retry_after=None, url=None):
        super().__init__(kind, message)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.url = url

    def __str__(self):
        return f"{self.kind}: {self.message}"

    def __reduce__(self):
        # Celery pickles task exceptions; keep the keyword-only attributes.
        return (self.__class__, (self.kind, self.message), self.__dict__)


@dataclass
class FetchResult:
    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes = field(repr=False)
    elapsed: float
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str:
        """Python codec name actually used for .text (e.g. "cp1256", "iso8859-6", "utf-8")."""
        return self._decoded[1]

    @cached_property
    def text(self) -> str:
        return self._decoded[0]

    @cached_property
    def _decoded(self) -> tuple[str, str]:
        return decode_body(self.content, self.headers.get("Content-Type", ""))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), None if unusable."""
    value = (value or "").strip()
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    utc = timezone.utc
    when, now = when.replace(tzinfo=when.tzinfo or utc), now or datetime.now(utc)
    return max(0.0, (when - now.replace(tzinfo=now.tzinfo or utc)).total_seconds())


# --- charset -----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']", re.I)
_META = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_HEADER_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([^\"';\s]+)", re.I)
# Servers that never configured a charset send these by default; no Arabic page is really
# Latin-1, so a declaration inside the document is trusted over them.
_WEAK = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        return None
    # codecs.lookup also knows bytes-to-bytes codecs (base64, zlib...): not charsets.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode_body(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, codec) following header, BOM, XML declaration, <meta>, detection, utf-8."""
    for codec in _charsets(body, content_type):
        try:
            # Strict, so that a lying header (utf-8 over windows-1256 bytes) falls through.
            return body.decode(codec).removeprefix("\ufeff"), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("utf-8", "replace").removeprefix("\ufeff"), "utf-8"


def _charsets(body: bytes, content_type: str):
    match = _HEADER_CHARSET.search(content_type or "")
    header = _codec(match.group(1)) if match else None
    bom = next((name for mark, name in _BOMS if body.startswith(mark)), None)
    head = body[:4096]
    declared = None
    if found := (_XML_DECL.search(head) or _META.search(head)):
        declared = _codec(found.group(1).decode("ascii"))
        # A declaration readable as ASCII cannot be UTF-16/32 (WHATWG rule).
        if declared and declared.startswith(("utf-16", "utf-32")):
            declared = "utf-8"
    order = [bom, declared, header] if header in _WEAK else [header, bom, declared]
    yield from filter(None, order)
    if body and (best := charset_normalizer.from_bytes(body).best()) and (codec := _codec(best.encoding)):
        yield codec


# --- address filtering and the deadline watchdog -----------------------------------------

def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _shutdown(conn) -> None:
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            # socket.socket's own shutdown, also for SSLSocket: we want the fd cut, not a TLS close.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass


class _Watch:
    """Cuts the sockets of one fetch when its deadline passes. Socket timeouts apply per
    read, so a server dripping a byte a second (headers or body) never trips them."""

    def __init__(self, seconds: float):
        self.expired = False
        self._done = False
        self._conns: list = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def add(self, conn) -> None:
        with self._lock:
            self._conns.append(conn)

    def _fire(self) -> None:
        with self._lock:
            self.expired = not self._done
            for conn in self._conns:  # empty once finished
                _shutdown(conn)

    def finish(self) -> None:
        with self._lock:
            self._done = True
            self._conns.clear()
        self._timer.cancel()


_local = threading.local()  # the _Watch of the fetch running in this thread


class _WatchedConnection:
    _watch = None

    def connect(self):
        super().connect()
        # The deadline may have passed while connecting, before sock existed.
        if self._watch is not None and self._watch.expired:
            _shutdown(self)


class _WatchedPool:
    def _get_conn(self, timeout=None):
        conn = super()._get_conn(timeout)
        conn._watch = getattr(_local, "watch", None)
        if conn._watch is not None:
            conn._watch.add(conn)
        return conn


class _HTTPPool(_WatchedPool, HTTPConnectionPool):
    ConnectionCls = type("_HTTPConnection", (_WatchedConnection, HTTPConnection), {})


class _HTTPSPool(_WatchedPool, HTTPSConnectionPool):
    ConnectionCls = type("_HTTPSConnection", (_WatchedConnection, HTTPSConnection), {})


class _PinnedAdapter(IPFilterAdapter):
    """requests-hardened's approach: resolve once, check that address, and connect to that
    very address (Host/SNI keep the name), so DNS rebinding cannot slip in between.
    Its own filter only has an all-or-nothing loopback switch (and logs every refusal as a
    warning), hence this override adding the exact host:port allow list and a stricter
    notion of "public"."""

    def __init__(self, *, https: bool, allow: frozenset[str]):
        super().__init__(is_https_proto=https)
        self._allow = allow

    def init_poolmanager(self, connections, maxsize, *args, **kwargs):
        # Kept-alive connections are reused only for the address just checked (pools are
        # keyed by it). requests keeps 10 pools of 10: a worker of 32 threads then
        # dropped connections as fast as it made them, and many hosts evicted each other.
        super().init_poolmanager(max(connections, POOLS), max(maxsize, POOL_SIZE), *args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = HTTPAdapter.build_connection_pool_key_attributes(self, request, verify, cert)
        request.headers = requests.structures.CaseInsensitiveDict(request.headers or {})
        host, port = host_params["host"], host_params["port"]
        request.headers["Host"] = _host_port(host, port) if port is not None else (
            f"[{host}]" if ":" in host else host)
        if self._is_https_proto:
            pool_kwargs["assert_hostname"] = host
            pool_kwargs["server_hostname"] = host
        port = port or DEFAULT_PORTS[host_params["scheme"]]
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            try:
                # The first answer is the one connected to, as in requests-hardened.
                found = socket.getaddrinfo(host, port, family=allowed_gai_family(), type=socket.SOCK_STREAM)
                ip = ipaddress.ip_address(found[0][4][0])
            except (OSError, UnicodeError, ValueError, IndexError) as exc:
                raise FetchError("dns-error", f"cannot resolve {host}: {exc}", url=request.url) from None
        allowed = _host_port(host, port) in self._allow or _host_port(str(ip), port) in self._allow
        if not allowed and not is_public_address(ip):
            raise FetchError("private-address", f"refused {host}: address {ip} is not public", url=request.url)
        host_params["host"] = f"[{ip}]" if ip.version == 6 else str(ip)
        return host_params, pool_kwargs


# --- the fetcher -------------------------------------------------------------------------

class Fetcher:
    """Reusable and thread-safe: per-fetch state lives in get(), pools are urllib3's."""

    def __init__(self, *, user_agent: str, allow_private=(), connect_timeout=5.0,
                 read_timeout=15.0, deadline=30.0, max_redirects=5):
        if not user_agent or not user_agent.strip():
            raise ValueError("user_agent is required")
        self.user_agent = user_agent.strip()
        self.allow_private = frozenset(a.strip().lower() for a in allow_private)
        self.connect_timeout = float(connect_timeout)
        self.read_timeout = float(read_timeout)
        self.deadline = float(deadline)
        self.max_redirects = int(max_redirects)
        self._adapters = {scheme: _PinnedAdapter(https=scheme == "https", allow=self.allow_private)
                          for scheme in ("http", "https")}

    def close(self) -> None:
        for adapter in self._adapters.values():
            adapter.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def get(self, url: str, *, max_bytes: int, etag: str = "", last_modified: str = "",
            accept: str | None = None) -> FetchResult:
        if max_bytes < 1:
            raise ValueError("max_bytes must be positive")
        start = time.monotonic()
        deadline_at = start + self.deadline
        headers = {"User-Agent": self.user_agent, "Accept": accept or "*/*",
                   "Accept-Encoding": "gzip, deflate"}
        # Validators come from earlier responses: never let one smuggle a header line in.
        if etag and not re.search(r"[\r\n\x00]", etag):
            headers["If-None-Match"] = etag
        if last_modified and not re.search(r"[\r\n\x00]", last_modified):
            headers["If-Modified-Since"] = last_modified
        watch = _Watch(self.deadline)
        previous, _local.watch = getattr(_local, "watch", None), watch
        current, redirects = (url or "").strip(), []
        try:
            while True:
                scheme = _check_url(current)
                if time.monotonic() >= deadline_at:
                    raise FetchError("timeout", f"deadline of {self.deadline:g}s exceeded", url=current)
                try:
                    response = self._send(scheme, current, headers, deadline_at)
                    try:
                        location = response.headers.get("Location")
                        if response.status_code in REDIRECT_STATUSES and location:
                            if len(redirects) >= self.max_redirects:
                                raise FetchError("too-many-redirects",
                                                 f"more than {self.max_redirects} redirects", url=current)
                            current = urljoin(current, _fix_latin1(location))
                            redirects.append(current)
                            continue
                        return self._result(response, current, redirects, max_bytes, deadline_at, watch, start)
                    finally:
                        response.close()
                except FetchError:
                    raise
                except Exception as exc:
                    raise self._translate(exc, watch, current) from exc
        finally:
            watch.finish()
            _local.watch = previous

    def _send(self, scheme, url, headers, deadline_at):
        try:
            request = requests.Request("GET", url, headers=headers).prepare()
        except (requests.exceptions.RequestException, ValueError, UnicodeError) as exc:
            raise FetchError("invalid-url", f"{url!r}: {exc}", url=url) from None
        remaining = max(deadline_at - time.monotonic(), 0.001)
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        return self._adapters[scheme].send(request, stream=True, timeout=timeout, verify=True)

    def _result(self, response, url, redirects, max_bytes, deadline_at, watch, start):
        status = response.status_code
        common = dict(url=url, status=status, headers=response.headers, redirects=list(redirects))
        if status == 304:
            # Its empty body read, urllib3 gives the connection back to the pool for the
            # next fetch from this address; left unread, closing the response closed the
            # connection, and every poll of a feed that had not changed made a new one.
            response.raw.read()
            return FetchResult(content=b"", elapsed=time.monotonic() - start, **common)
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            wait = f", retry after {retry_after:g}s" if retry_after is not None else ""
            raise FetchError("rate-limited", f"HTTP {status} {response.reason or ''}".rstrip() + wait,
                             status=status, retry_after=retry_after, url=url)
        if not 200 <= status < 300:
            raise FetchError("http-error", f"HTTP {status} {response.reason or ''}".rstrip(),
                             status=status, url=url)
        encodings = [e.strip().lower() for e in response.headers.get("Content-Encoding", "").split(",")]
        encodings = [e for e in encodings if e and e != "identity"]
        if any(e not in ("gzip", "x-gzip", "deflate") for e in encodings):
            raise FetchError("bad-response", f"unrequested Content-Encoding {encodings}", status=status, url=url)
        length = response.headers.get("Content-Length", "")
        if not encodings and length.isdigit() and int(length) > max_bytes:
            raise FetchError("too-large", f"Content-Length {length} exceeds {max_bytes} bytes", url=url)
        body = bytearray()
        while True:
            if time.monotonic() >= deadline_at or watch.expired:
                break
            # urllib3 decompresses at most `amt` bytes per call, so a gzip bomb is cut after
            # max_bytes + 1 decoded bytes, with memory bounded by the cap.
            chunk = response.raw.read1(min(CHUNK, max_bytes + 1 - len(body)), decode_content=True)
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise FetchError("too-large", f"body exceeds {max_bytes} bytes", url=url)
        # A watchdog cut looks like a clean EOF when the body has no Content-Length.
        if watch.expired or time.monotonic() >= deadline_at:
            raise FetchError("timeout", f"deadline of {self.deadline:g}s exceeded reading the body", url=url)
        return FetchResult(content=bytes(body), elapsed=time.monotonic() - start, **common)

    def _translate(self, exc, watch, url) -> FetchError:
        if watch.expired:
            return FetchError("timeout", f"deadline of {self.deadline:g}s exceeded", url=url)
        for kind, types in _ERROR_KINDS:
            if isinstance(exc, types):
                return FetchError(kind, _reason(exc), url=url)
        raise exc


# Order matters: requests' ConnectTimeout and SSLError are also ConnectionErrors. Names are
# resolved in the adapter, never by urllib3, so there is no DNS case here.
_ERROR_KINDS = (
    ("timeout", (requests.exceptions.Timeout, u3.TimeoutError, TimeoutError)),
    ("tls-error", (requests.exceptions.SSLError, u3.SSLError, ssl.SSLError)),
    ("invalid-url", (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                     requests.exceptions.InvalidSchema, u3.LocationValueError)),
    ("bad-response", (requests.exceptions.ContentDecodingError, u3.DecodeError)),
    ("connection-error", (requests.exceptions.ConnectionError, u3.HTTPError, OSError, HTTPException)),
)


def _check_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise FetchError("invalid-url", f"{url!r}: {exc}", url=url) from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise FetchError("invalid-url", f"{url!r} is not an absolute URL", url=url)
    if scheme not in DEFAULT_PORTS:
        raise FetchError("unsupported-scheme", f"{scheme}: only http and https are fetched", url=url)
    if not parts.hostname or re.search(r"[\x00-\x20\x7f]", url):
        raise FetchError("invalid-url", f"{url!r} has no valid host", url=url)
    return scheme


def _fix_latin1(location: str) -> str:
    # http.client decodes headers as Latin-1; servers usually meant UTF-8 (as requests does).
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


def _reason(exc) -> str:
    # requests/urllib3 nest exceptions several levels deep; the innermost says what happened.
    inner = exc
    while True:
        nxt = getattr(inner, "reason", None) or next(
            (a for a in getattr(inner, "args", ()) if isinstance(a, BaseException)), None)
        if not isinstance(nxt, BaseException) or nxt is inner:
            break
        inner = nxt
    return str(inner) or type(inner).__name__
