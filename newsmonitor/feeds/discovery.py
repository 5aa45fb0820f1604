"""Adding feeds by a site's address: fetch its home page through the project's safe
fetcher, find the feeds it announces (or, when it names none, try the usual addresses),
read each one to preview it, and save the ones an admin picks.

Requests are bounded: the page (with at most the fetcher's 5 redirects), then at most
MAX_CANDIDATES feeds, fetched MAX_PARALLEL at a time, each fetch under DEADLINE seconds,
redirects included: an admin waits at most about 3 x DEADLINE (the page, two rounds of
feeds), within a web worker's usual 30 s timeout.
The usual addresses (/feed, /rss.xml, ...) are tried only when the page announces no
feed: a page that names its feeds has said which ones it means, and probing beside them
would only find the same feeds again under other names.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from newsmonitor.adminkit import record
from newsmonitor.feeds.models import Feed, Outlet
from newsmonitor.lib import discovery as lib
from newsmonitor.lib.feedparse import NotAFeed, UnsafeFeed, parse_feed
from newsmonitor.lib.fetch import Fetcher, FetchError
from newsmonitor.lib.language import detect_language

MAX_CANDIDATES = 12
MAX_PARALLEL = 6
PAGE_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.8"
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,*/*;q=0.5"
FEED_CONTENT_TYPES = ("xml", "rss", "atom", "rdf")
DEADLINE = 8.0
# Fetch errors where http:// may answer when https:// did not (a bare domain was typed);
# both fail fast. After a timeout the site is slow whatever the scheme: not tried twice.
TRY_PLAIN_HTTP = {"connection-error", "tls-error"}


class DiscoveryError(Exception):
    """Discovery could not even start: not an address, the page unreachable, or no feeds."""


@dataclass
class Preview:
    title: str
    entries: int
    language: str          # detected from the entries' text, else what the feed declares
    declared_language: str
    newest_title: str = ""
    newest_at: datetime | None = None


@dataclass
class Candidate:
    url: str
    source: str            # "page": announced by the page; "link": an <a> to it; "probe": a usual address
    hint: str = ""         # the title the page gave it
    preview: Preview | None = None
    error: str = ""        # why it is not a feed we can use, readable
    known_id: int | None = None  # the feed already stored under this address

    @property
    def usable(self):
        return self.preview is not None and self.known_id is None


@dataclass
class Discovery:
    address: str
    page_url: str          # after redirects: relative links were resolved against it
    site_name: str = ""
    homepage: str = ""
    language: str = ""
    probed: bool = False   # the page named no feed, so the usual addresses were tried
    candidates: list[Candidate] = field(default_factory=list)

    def as_data(self):
        data = asdict(self)
        for candidate in data["candidates"]:
            if candidate["preview"] and candidate["preview"]["newest_at"]:
                candidate["preview"]["newest_at"] = candidate["preview"]["newest_at"].isoformat()
        return data

    @classmethod
    def from_data(cls, data):
        candidates = []
        for item in data.get("candidates", []):
            preview = item.get("preview")
            if preview:
                newest = preview.get("newest_at")
                preview = Preview(**dict(preview, newest_at=datetime.fromisoformat(newest) if newest else None))
            candidates.append(Candidate(**dict(item, preview=preview)))
        return cls(**dict(data, candidates=candidates))


# --- finding -------------------------------------------------------------------------------

def discover(address):
    """A Discovery of the feeds at `address` (a URL or a bare domain). Raises
    DiscoveryError with a readable message when there is nothing to show."""
    page = fetch_page(address)
    if _is_feed_response(page):
        # A feed's own address was pasted: it is its only candidate, read from these bytes.
        result = Discovery(address=address, page_url=page.url, homepage=_root(page.url))
        result.candidates = [_previewed(Candidate(page.url, "page"), page)]
        if result.candidates[0].preview:
            result.site_name = result.candidates[0].preview.title
    else:
        info = lib.read_page(page.text, page.url)
        result = Discovery(address=address, page_url=page.url, site_name=info.site_name,
                           homepage=_root(page.url), language=info.language)
        if info.announced:
            candidates = [Candidate(link.url, "page", link.title) for link in info.announced]
        else:
            result.probed = True
            candidates = ([Candidate(link.url, "link", link.title) for link in info.anchors]
                          + [Candidate(url, "probe") for url in lib.common_paths(page.url)])
        checked = _check_all(_unique(candidates)[:MAX_CANDIDATES])
        # A guess that found nothing is no news; what the page announced is shown either way.
        result.candidates = _unique([c for c in checked if c.preview or c.source == "page"], by_content=True)
    mark_known(result.candidates)
    if not result.candidates:
        raise DiscoveryError(_("No feed found at %(url)s: the page announces none, and none of the usual "
                               "addresses (%(paths)s) answers with a feed.")
                             % {"url": page.url, "paths": ", ".join("/" + p for p in lib.COMMON_PATHS[:6])})
    return result


def fetch_page(address):
    """The home page, redirects followed by the safe fetcher. A bare domain is tried over
    https first, then http."""
    urls = lib.site_address(address)
    if not urls:
        raise DiscoveryError(_("“%(address)s” is not a web address. Type a site's address, such as "
                               "example.org or https://example.org/news/.") % {"address": address[:200]})
    for n, url in enumerate(urls):
        try:
            return fetcher().get(url, max_bytes=settings.NEWSMONITOR_PAGE_MAX_BYTES, accept=PAGE_ACCEPT)
        except FetchError as exc:
            if exc.kind in TRY_PLAIN_HTTP and n + 1 < len(urls):
                continue
            raise DiscoveryError(fetch_message(exc, url)) from exc


def fetcher():
    """The project's fetcher (feeds/http.py) with a shorter deadline: here an admin waits."""
    return _fetcher(settings.NEWSMONITOR_USER_AGENT, tuple(settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE),
                    min(settings.NEWSMONITOR_FETCH_DEADLINE, DEADLINE))


@lru_cache(maxsize=4)
def _fetcher(user_agent, allow_private, deadline):
    # Cached per configuration, as feeds/http.py does: tests change the allow list.
    return Fetcher(user_agent=user_agent, allow_private=allow_private, deadline=deadline)


def _check_all(candidates):
    client = fetcher()
    # The active language is per thread: the workers write their messages in the admin's.
    language = translation.get_language()
    with ThreadPoolExecutor(max_workers=MAX_PARALLEL, thread_name_prefix="discover") as pool:
        return list(pool.map(lambda c: _check(client, c, language), candidates))


def _check(client, candidate, language):
    # Runs in a worker thread: no database here.
    with translation.override(language):
        return _fetched(client, candidate)


def _fetched(client, candidate):
    try:
        response = client.get(candidate.url, max_bytes=settings.NEWSMONITOR_FEED_MAX_BYTES, accept=FEED_ACCEPT)
    except FetchError as exc:
        candidate.error = fetch_message(exc, candidate.url)
        return candidate
    if candidate.source != "page":
        candidate.url = response.url  # a guess is kept where it led (/feed -> /feed/)
    return _previewed(candidate, response)


def _previewed(candidate, response):
    try:
        parsed = parse_feed(response.content, content_type=response.headers.get("Content-Type", ""),
                            url=response.url)
    except NotAFeed:
        candidate.error = _("%(url)s is not a feed: it answered with %(type)s, not RSS or Atom.") % {
            "url": response.url, "type": response.content_type or _("something unnamed")}
        return candidate
    except UnsafeFeed as exc:
        candidate.error = _("%(url)s was refused: %(reason)s") % {"url": response.url, "reason": exc}
        return candidate
    candidate.preview = preview(parsed, response.content)
    return candidate


def preview(parsed, content):
    """What an admin judges a feed by: its title, how many entries, their language, the newest."""
    dated = [e for e in parsed.entries if e.published_at]
    newest = max(dated, key=lambda e: e.published_at) if dated else (parsed.entries[0] if parsed.entries else None)
    text = " ".join(f"{e.title} {e.summary}" for e in parsed.entries[:30])
    declared = lib.declared_language(content)
    return Preview(title=parsed.title, entries=len(parsed.entries),
                   language=detect_language(text) or declared, declared_language=declared,
                   newest_title=newest.title if newest else "", newest_at=newest.published_at if newest else None)


def mark_known(candidates):
    """Points each candidate already stored (by its canonical address) at its feed."""
    known = known_feeds()
    for candidate in candidates:
        candidate.known_id = known.get(_key(candidate.url))


def known_feeds():
    """{feed_key: feed id} of every stored feed."""
    return {key: pk for pk, url in Feed.objects.values_list("pk", "url") if (key := _key(url))}


# --- saving --------------------------------------------------------------------------------

@transaction.atomic
def save(user, discovery, urls, *, outlet=None, new_outlet=None):
    """Stores the candidates of `discovery` whose URLs are in `urls` under `outlet`, or
    under a new outlet made from `new_outlet` (a dict of Outlet fields; an outlet of that
    name is reused). Returns (outlet, feeds added, URLs already stored)."""
    if outlet is None and new_outlet:
        outlet, created = Outlet.objects.get_or_create(name=new_outlet["name"], defaults=new_outlet)
        if created:
            record(user, outlet, _("Added by homepage (%(url)s)") % {"url": discovery.page_url}, "add")
    known = known_feeds()
    added, already = [], []
    for candidate in discovery.candidates:
        if candidate.url not in urls or candidate.preview is None:
            continue
        if _key(candidate.url) in known:
            already.append(candidate.url)
            continue
        language = candidate.preview.language or (outlet.language if outlet else "") or "ar"
        feed = Feed.objects.create(url=candidate.url, title=candidate.preview.title[:300], outlet=outlet,
                                   language=language[:8], poll_interval=settings.NEWSMONITOR_POLL_INTERVAL)
        known[_key(feed.url)] = feed.pk
        record(user, feed, _("Added by homepage (%(url)s)") % {"url": discovery.page_url}, "add")
        added.append(feed)
    return outlet, added, already


def matching_outlet(discovery):
    """The stored outlet whose homepage is on the discovered site's host, if any."""
    host = _bare_host(discovery.page_url)
    for outlet in Outlet.objects.exclude(homepage="").only("pk", "homepage"):
        if _bare_host(outlet.homepage) == host:
            return outlet
    return None


# --- messages ------------------------------------------------------------------------------

def fetch_message(exc, url):
    """A fetcher's named error as a sentence an admin can act on."""
    url = exc.url or url  # after a redirect, where the fetcher was when it failed
    host = urlsplit(url).hostname or url
    messages = {
        "invalid-url": _("%(url)s is not a valid web address."),
        "unsupported-scheme": _("Only http and https addresses can be read (%(url)s)."),
        "private-address": _("%(host)s is a private or local address: newsmonitor reads public sites only."),
        "dns-error": _("The name %(host)s could not be found (DNS): check the spelling."),
        "connection-error": _("Could not connect to %(host)s: the site is down or refuses connections."),
        "tls-error": _("The secure connection to %(host)s failed (TLS certificate or handshake)."),
        "timeout": _("%(host)s did not answer in time."),
        "too-many-redirects": _("%(url)s redirects too many times."),
        "too-large": _("%(url)s is too large to read."),
        "rate-limited": _("%(host)s asks us to slow down (HTTP %(status)s): try again later."),
        "http-error": _("%(url)s answered HTTP %(status)s."),
        "bad-response": _("%(url)s sent a response that cannot be read."),
    }
    template = messages.get(exc.kind, _("%(url)s could not be fetched."))
    return template % {"url": url, "host": host, "status": exc.status or ""}


# --- small helpers -------------------------------------------------------------------------

def _is_feed_response(response):
    kind = response.content_type
    if "html" in kind:
        return False
    return any(word in kind for word in FEED_CONTENT_TYPES) or lib.looks_like_feed(response.text)


def _unique(candidates, by_content=False):
    """Candidates without repeats of one address; by_content also drops a guess that
    reads the same as one before it (a site serving its one feed at /feed and /rss)."""
    seen, kept = set(), []
    for candidate in candidates:
        keys = {_key(candidate.url)}
        if by_content and candidate.preview and candidate.source != "page":
            p = candidate.preview
            keys.add((p.title, p.entries, p.newest_title))
        if "" not in keys and not keys & seen:
            seen |= keys
            kept.append(candidate)
    return kept


def _key(url):
    try:
        return lib.feed_key(url)
    except ValueError:
        return ""


def _root(url):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def _bare_host(url):
    host = (urlsplit(url).netloc or "").lower()
    return host.removeprefix("www.")
