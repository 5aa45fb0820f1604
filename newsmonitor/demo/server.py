"""A small static HTTP server for the demo site (and the tests and benchmarks that
build on it): conditional GET with ETag and Last-Modified, and `__BASE__` in served
feeds and pages replaced by this server's own host:port."""

import argparse
import hashlib
import mimetypes
import threading
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsmonitor.demo import SITE_DIR

TYPES = {".xml": "application/xml", ".html": "text/html", ".json": "application/json"}


class StaticHandler(BaseHTTPRequestHandler):
    server_version = "newsmonitor-demo/1"
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle on, the body waits for the
    # client's delayed ACK (~40 ms a response on keep-alive), as no real server does.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        if self.server.verbose:
            super().log_message(fmt, *args)

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        body = self.server.load(path)
        if body is None:
            return self.send_plain(404, b"not found")
        etag, last_modified = validators(body, SITE_MTIME)
        if is_fresh(self.headers, etag, SITE_MTIME):
            return self.send_headers_only(304, {"ETag": etag, "Content-Length": "0"})
        self.send_headers_only(200, {"Content-Type": content_type(path, body), "Content-Length": str(len(body)),
                                     "ETag": etag, "Last-Modified": last_modified})
        self.wfile.write(body)

    def send_headers_only(self, status, headers):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def send_plain(self, status, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


# The site's files are served as of one fixed time: their mtimes are only when the
# checkout was made, which would change Last-Modified between clones.
SITE_MTIME = 1759651200


def site_file(root, path, host_port):
    """The bytes of `path` under `root` (None outside it or missing), with `__BASE__`
    in feeds and pages replaced by the serving host:port."""
    file = (root / path.lstrip("/")).resolve()
    if file.is_dir():
        file = file / "index.html"
    if not file.is_relative_to(root) or not file.is_file():
        return None
    body = file.read_bytes()
    return body.replace(b"__BASE__", host_port.encode()) if file.suffix in (".xml", ".html", ".htm") else body


def validators(body, mtime):
    return '"%s"' % hashlib.sha1(body).hexdigest()[:20], formatdate(mtime, usegmt=True)


def is_fresh(headers, etag, mtime):
    """Whether a conditional GET may be answered 304. If-None-Match wins over
    If-Modified-Since (RFC 9110 13.2.2)."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    if since:
        try:
            return mtime <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


def content_type(path, body):
    suffix = Path(path).suffix
    kind = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    # Documents that declare their own encoding (the windows-1256 feed) are served
    # without a charset, so the declaration inside decides, as on many real sites.
    if suffix in (".xml", ".html") and b"encoding=" not in body[:200] and b"charset=windows" not in body[:600]:
        kind += "; charset=utf-8"
    return kind


class StaticServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root=SITE_DIR, host="127.0.0.1", port=0, handler=StaticHandler, verbose=False):
        super().__init__((host, port), handler)
        self.root = Path(root).resolve()
        self.verbose = verbose
        self._cache = {}

    @property
    def host_port(self):
        return f"{self.server_address[0]}:{self.server_address[1]}"

    def url(self, path):
        return f"http://{self.host_port}/{path.lstrip('/')}"

    def load(self, path):
        if path not in self._cache:
            self._cache[path] = site_file(self.root, path, self.host_port)
        return self._cache[path]

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self


def main():
    parser = argparse.ArgumentParser(description="Serve the newsmonitor demo site.")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--root", default=str(SITE_DIR))
    args = parser.parse_args()
    server = StaticServer(args.root, port=args.port, verbose=True)
    print(f"demo site on http://{server.host_port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
