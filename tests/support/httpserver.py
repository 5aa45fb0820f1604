"""A real, deliberately misbehaving HTTP server for the test suite.

Runs on 127.0.0.1 with a random free port in a daemon thread. Serves, in this order:
  * programmed routes: server.route(path, status, body, headers, delay, drip);
  * built-ins under /_/:
      /_/status/<code>[?retry_after=N]   that status (Retry-After added when asked)
      /_/redirect?to=<target>[&code=30x]  one redirect (302 by default)
      /_/redirect-chain/<n>               n hops, then a small feed
      /_/slow-drip                        a feed at 1 byte/s, no length, for up to 120 s
      /_/huge[?length=1]                  20 MB, close-delimited (announced with ?length)
      /_/gzip-bomb                        Content-Encoding gzip: ~100 KB on the wire, 100 MiB
                                          of zeros decompressed (deflate tops out near 1030:1)
      /_/malformed.xml                    RSS with a broken closing tag and a bare "&"
      /_/html-not-feed                    an ordinary Arabic HTML page
      /_/wrong-charset                    windows-1256 bytes served as text/xml; charset=utf-8
      /_/cp1256.xml, /_/iso-8859-6.xml    the same feed, correctly declared
  * files of the fixture directory, with a strong ETag, Last-Modified and 304s; in .xml and
    .html files the token __BASE__ becomes the server's host:port.
Every request is logged in server.requests as (method, path with query, headers).
"""

from __future__ import annotations

import mimetypes
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from newsmonitor.demo.server import is_fresh, site_file, validators

# Invented headlines, written for these fixtures.
ARABIC_TITLE = "أخبار العلاقات بين الدول"
ARABIC_ITEMS = (
    ("وزير الخارجية يزور العاصمة المجاورة لبحث العلاقات الثنائية",
     "بحث الجانبان سبل تعزيز التعاون في مجالات التجارة والطاقة"),
    ("البلدان يوقعان اتفاقية تعاون تجاري جديدة", "تنص الاتفاقية على خفض الرسوم الجمركية على السلع الزراعية"),
    ("قمة إقليمية تناقش أمن الحدود والتبادل الاقتصادي", "شارك في القمة رؤساء حكومات خمس دول"),
)


def arabic_feed(base: str, *, declaration: str | None = "utf-8", broken: bool = False) -> str:
    """A small RSS 2.0 feed; declaration=None leaves the XML encoding undeclared."""
    decl = f'<?xml version="1.0" encoding="{declaration}"?>' if declaration else '<?xml version="1.0"?>'
    items = []
    for n, (title, summary) in enumerate(ARABIC_ITEMS, 1):
        close = "</titel>" if broken and n == 2 else "</title>"  # a broken tag, on purpose
        items.append(
            f"<item><title>{title}{close}<link>http://{base}/article.html?n={n}</link>"
            f"<guid isPermaLink=\"false\">gen-{n}</guid>"
            f"<pubDate>Mon, 0{n} Sep 2025 10:00:00 GMT</pubDate>"
            f"<description>{summary}{' & ' if broken else ''}</description></item>"
        )
    return (f"{decl}\n<rss version=\"2.0\"><channel><title>{ARABIC_TITLE}</title>"
            f"<link>http://{base}/</link><description>نشرة تجريبية</description>\n"
            + "\n".join(items) + "\n</channel></rss>\n")


HTML_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>صفحة عادية</title></head>
<body><h1>مرحبا بكم في موقع الأخبار</h1><p>هذه صفحة عادية وليست خلاصة أخبار.</p>
<p><a href="/feed.xml">الخلاصة</a></p></body></html>
"""

CONTENT_TYPES = {
    ".xml": "application/rss+xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".json": "application/json", ".txt": "text/plain; charset=utf-8",
}

HUGE_SIZE = 20 * 1024 * 1024
BOMB_SIZE = 100 * 1024 * 1024
DRIP_SECONDS = 120


class Route:
    def __init__(self, status, body, headers, delay, drip):
        self.status = status
        self.body = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        self.headers = dict(headers or {})
        self.delay = delay
        self.drip = drip


class LocalHTTPServer:
    def __init__(self, root: str | Path | None = None, *, xml_content_type: str = "application/rss+xml"):
        self.root = Path(root).resolve() if root else None
        self.xml_content_type = xml_content_type
        self._routes: dict[str, Route] = {}
        self._requests: list[tuple[str, str, dict[str, str]]] = []
        self._connections = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._bomb: bytes | None = None
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> LocalHTTPServer:
        handler = type("Handler", (_Handler,), {"owner": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._stopping.clear()
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="test-http-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # ends drips early
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host_port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + "/" + path.lstrip("/")

    # -- programming and inspecting -------------------------------------------------------
    def route(self, path, status=200, body=b"", headers=None, delay=0.0, drip=None) -> None:
        """Answer `path` (query ignored) with this response until clear_routes().
        drip: bytes per second. A Content-Length is added unless given in headers."""
        with self._lock:
            self._routes["/" + path.lstrip("/")] = Route(status, body, headers, delay, drip)

    def clear_routes(self) -> None:
        with self._lock:
            self._routes.clear()

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def reset(self) -> None:
        self.clear_routes()
        self.clear_requests()

    @property
    def requests(self) -> list[tuple[str, str, dict[str, str]]]:
        """(method, path with query, headers) of every request, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def connections(self) -> int:
        """TCP connections accepted so far: a client that keeps one alive makes one for
        many requests."""
        with self._lock:
            return self._connections

    def hits(self, path: str) -> int:
        """Requests for `path`: matched exactly, or ignoring the query when path has none."""
        path = "/" + path.lstrip("/")
        return sum(1 for _, p, _ in self.requests if p == path or ("?" not in path and p.split("?")[0] == path))

    # -- internals used by the handler ----------------------------------------------------
    def _record(self, method, path, headers) -> Route | None:
        with self._lock:
            self._requests.append((method, path, headers))
            return self._routes.get(urlsplit(path).path)

    def gzip_bomb(self) -> bytes:
        with self._lock:
            if self._bomb is None:
                # gzip of 100 MiB of zeros, built 1 MiB at a time: ~100 KB (deflate tops out ~1030:1).
                packer = zlib.compressobj(9, zlib.DEFLATED, 31)
                zeros = bytes(1024 * 1024)
                parts = [packer.compress(zeros) for _ in range(BOMB_SIZE // len(zeros))]
                self._bomb = b"".join(parts) + packer.flush()
            return self._bomb


class _Handler(BaseHTTPRequestHandler):
    owner: LocalHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "newsmonitor-test"

    def log_message(self, format, *args):  # keep pytest output clean
        pass

    def handle(self):
        with self.owner._lock:
            self.owner._connections += 1
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError, TimeoutError):
            pass  # clients of this server hang up on purpose (deadline, size cap)

    def do_HEAD(self):
        self._dispatch(head=True)

    def do_GET(self):
        self._dispatch(head=False)

    def _dispatch(self, head):
        self.head_only = head
        route = self.owner._record(self.command, self.path, dict(self.headers.items()))
        parts = urlsplit(self.path)
        path, query = unquote(parts.path), parse_qs(parts.query)
        try:
            if route is not None:
                return self._route(route)
            if path.startswith("/_/"):
                return self._builtin(path[3:], query)
            return self._file(path)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True  # the client gave up (too-large, timeout): expected

    # -- response helpers -----------------------------------------------------------------
    def _send(self, status, body=b"", headers=None, *, length=True):
        headers = dict(headers or {})
        self.send_response(status)
        if length and status not in (204, 304) and not any(k.lower() == "content-length" for k in headers):
            headers["Content-Length"] = str(len(body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body and not self.head_only and status not in (204, 304):
            self.wfile.write(body)

    def _drip(self, status, chunks, headers, rate, limit=DRIP_SECONDS):
        """Send headers now, then the body `rate` bytes per second until done or `limit` s."""
        self.close_connection = True
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        if self.head_only:
            return
        stop_at = time.monotonic() + limit
        step = max(1, int(rate))
        for chunk in chunks:
            for i in range(0, len(chunk), step):
                if self.owner._stopping.is_set() or time.monotonic() > stop_at:
                    return
                self.wfile.write(chunk[i:i + step])
                self.wfile.flush()
                self.owner._stopping.wait(step / rate)

    def _route(self, route: Route):
        if route.delay:
            self.owner._stopping.wait(route.delay)
        headers = dict(route.headers)
        headers.setdefault("Content-Type", "application/octet-stream")
        if route.drip:
            if not any(k.lower() == "content-length" for k in headers):
                headers["Content-Length"] = str(len(route.body))
            return self._drip(route.status, [route.body], headers, route.drip)
        return self._send(route.status, route.body, headers)

    def _text(self, status, text, content_type="text/plain; charset=utf-8", extra=None):
        self._send(status, text.encode("utf-8"), {"Content-Type": content_type, **(extra or {})})

    # -- fixture files --------------------------------------------------------------------
    def _file(self, path):
        # The demo server's static serving, with this server's content types.
        root = self.owner.root
        body = site_file(root, path, self.owner.host_port) if root else None
        if body is None:
            return self._text(404, "not found\n")
        target = (root / path.lstrip("/")).resolve()
        suffix = target.suffix if target.is_file() else ".html"
        ctype = self.owner.xml_content_type if suffix == ".xml" else (
            CONTENT_TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        mtime = int(target.stat().st_mtime)
        etag, last_modified = validators(body, mtime)
        headers = {"Content-Type": ctype, "ETag": etag, "Last-Modified": last_modified}
        if is_fresh(self.headers, etag, mtime):
            return self._send(304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
        self._send(200, body, headers)

    # -- built-in misbehaviour ------------------------------------------------------------
    def _builtin(self, name, query):
        base = self.owner.host_port
        rss = self.owner.xml_content_type
        if name.startswith("status/"):
            code = int(name.split("/", 1)[1])
            extra = {"Retry-After": query["retry_after"][0]} if "retry_after" in query else {}
            return self._text(code, f"status {code}\n", extra=extra)
        if name == "redirect":
            code = int(query.get("code", ["302"])[0])
            return self._send(code, b"", {"Location": query.get("to", ["/"])[0]})
        if name.startswith("redirect-chain/"):
            n = int(name.split("/", 1)[1])
            if n > 0:
                return self._send(302, b"", {"Location": f"/_/redirect-chain/{n - 1}"})
            return self._send(200, arabic_feed(base).encode("utf-8"), {"Content-Type": rss})
        if name == "slow-drip":
            body = arabic_feed(base).encode("utf-8")
            return self._drip(200, iter(lambda: body, None), {"Content-Type": rss}, rate=1)
        if name == "huge":
            return self._huge(declare_length="length" in query)
        if name == "gzip-bomb":
            return self._send(200, self.owner.gzip_bomb(), {"Content-Type": rss, "Content-Encoding": "gzip"})
        if name == "malformed.xml":
            return self._send(200, arabic_feed(base, broken=True).encode("utf-8"), {"Content-Type": rss})
        if name == "html-not-feed":
            return self._text(200, HTML_PAGE, "text/html; charset=utf-8")
        if name == "wrong-charset":
            body = arabic_feed(base, declaration=None).encode("cp1256")
            return self._send(200, body, {"Content-Type": "text/xml; charset=utf-8"})
        if name == "cp1256.xml":
            return self._send(200, arabic_feed(base, declaration="windows-1256").encode("cp1256"),
                              {"Content-Type": rss})
        if name == "iso-8859-6.xml":
            return self._send(200, arabic_feed(base, declaration="ISO-8859-6").encode("iso-8859-6"),
                              {"Content-Type": "application/rss+xml; charset=ISO-8859-6"})
        return self._text(404, "no such built-in\n")

    def _huge(self, declare_length):
        """20 MB; without ?length the size is unannounced (close-delimited), so only
        counting the bytes as they come can stop it."""
        line = b"<item><title>filler</title></item>\n" * 1024
        self.send_response(200)
        self.send_header("Content-Type", self.owner.xml_content_type)
        if declare_length:
            self.send_header("Content-Length", str(HUGE_SIZE))
        else:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        if self.head_only:
            return
        sent = 0
        while sent < HUGE_SIZE and not self.owner._stopping.is_set():
            chunk = line[: HUGE_SIZE - sent]
            self.wfile.write(chunk)
            sent += len(chunk)
