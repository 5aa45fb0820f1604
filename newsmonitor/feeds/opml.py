"""OPML import and export of the feed list, outlets kept as outlines (lib/opml.py says how).

Import is idempotent: a feed is matched to a stored one by its canonical address
(lib.discovery.feed_key), an outlet by its name, and what is stored already is never
overwritten: a file only adds what is missing and fills in what is blank. So a second
import of a file changes nothing, and neither does importing an export back.
Nothing is fetched: the poller checks each new feed on its first poll, as for `addfeed --no-check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsmonitor.adminkit import record
from newsmonitor.feeds.models import Feed, Outlet
from newsmonitor.lib import opml
from newsmonitor.lib.discovery import feed_key
from newsmonitor.lib.urls import reader_link

MAX_URL = Feed._meta.get_field("url").max_length
_validate_url = URLValidator(schemes=["http", "https"])


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
    outlets_added: list[str] = field(default_factory=list)
    outlets_updated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # outlines skipped, differences kept

    @property
    def changed(self):
        return bool(self.added or self.updated or self.outlets_added or self.outlets_updated)

    def summary(self):
        return _("%(added)d added, %(updated)d updated, %(unchanged)d unchanged, %(refused)d refused; "
                 "outlets: %(outlets_added)d added, %(outlets_updated)d updated") % {
            "added": len(self.added), "updated": len(self.updated), "unchanged": len(self.unchanged),
            "refused": len(self.refused), "outlets_added": len(self.outlets_added),
            "outlets_updated": len(self.outlets_updated)}


# --- export --------------------------------------------------------------------------------

def export_opml(title="newsmonitor feeds"):
    """Every feed, grouped under its outlet (outlets without feeds too), as OPML bytes."""
    fields = outlet_fields()
    outlets = []
    for outlet in Outlet.objects.order_by("name").prefetch_related("feeds"):
        info = opml.OutletInfo(name=outlet.name, **{name: getattr(outlet, name) or "" for name in fields})
        feeds = sorted(outlet.feeds.all(), key=lambda f: f.url)
        outlets.append((info, [_feed_info(feed, outlet.homepage) for feed in feeds]))
    loose = [_feed_info(feed, "") for feed in Feed.objects.filter(outlet=None).order_by("url")]
    return opml.write_opml(outlets, loose, title=title, created=timezone.now())


def _feed_info(feed, homepage):
    return opml.FeedInfo(url=feed.url, title=feed.title, html_url=homepage, language=feed.language,
                         active=feed.active)


def outlet_fields():
    """The outlet fields OPML carries that this database has (notes may come later)."""
    names = {f.name for f in Outlet._meta.get_fields()}
    return [name for name in opml.OUTLET_FIELDS if name in names]


# --- import --------------------------------------------------------------------------------

@transaction.atomic
def import_opml(data, *, user=None):
    """Adds the feeds and outlets of an OPML file (bytes). Raises opml.OpmlError (or
    UnsafeOpml) for a file that cannot be read; a feed it cannot take is refused, the
    rest still imported. `user`, when given, signs each change in the admin log."""
    document = opml.parse_opml(data)
    report = ImportReport(notes=list(document.skipped))
    outlets = {}
    for info in document.outlets:
        if info.name not in outlets:
            outlets[info.name] = _import_outlet(info, report, user)
    known = {feed_key(url): pk for pk, url in Feed.objects.values_list("pk", "url") if _keyable(url)}
    seen = set()
    for info in document.feeds:
        why = refusal(info.url)
        if why:
            report.refused.append((info.url, why))
            continue
        key = feed_key(info.url)
        if key in seen:
            report.notes.append(_("%(url)s is listed more than once; read the first time only") % {"url": info.url})
            continue
        seen.add(key)
        outlet = outlets.get(info.outlet.name) if info.outlet else None
        if key in known:
            _update_feed(Feed.objects.select_related("outlet").get(pk=known[key]), info, outlet, report, user)
        else:
            feed = _add_feed(info, outlet, user)
            known[key] = feed.pk
            report.added.append(feed.url)
    return report


def refusal(url):
    """Why `url` cannot be a feed here ("" when it can)."""
    if not url:
        return _("no address")
    if len(url) > MAX_URL:
        return _("longer than %(n)d characters") % {"n": MAX_URL}
    try:
        _validate_url(url)
        feed_key(url)
    except (ValidationError, ValueError):
        return _("not an http(s) address")
    if not reader_link(url, allow=settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE):
        return _("a private or local address: newsmonitor reads public sites only")
    return ""


def _import_outlet(info, report, user):
    values = _outlet_values(info)
    outlet = Outlet.objects.filter(name=info.name).first()
    if outlet is None:
        outlet = Outlet.objects.create(name=info.name, **values)
        report.outlets_added.append(outlet.name)
        if user:
            record(user, outlet, _("Added by OPML import"), "add")
        return outlet
    filled = [name for name, value in values.items() if value and not getattr(outlet, name)]
    if filled:
        for name in filled:
            setattr(outlet, name, values[name])
        outlet.save(update_fields=filled)
        report.outlets_updated.append(outlet.name)
        if user:
            record(user, outlet, _("Filled in by OPML import: %(fields)s") % {"fields": ", ".join(filled)})
    return outlet


def _outlet_values(info):
    values = {name: getattr(info, name) for name in outlet_fields()}
    country = values.get("country", "")
    values["country"] = country.upper() if re.fullmatch(r"[A-Za-z]{2}", country) else ""  # else not a code
    if values.get("homepage") and refusal(values["homepage"]):
        values["homepage"] = ""
    values["language"] = values.get("language", "")[:8]
    if not values["language"]:
        values.pop("language")  # the model's default
    return values


def _add_feed(info, outlet, user):
    language = info.language or (outlet.language if outlet else "") or "ar"
    feed = Feed.objects.create(url=info.url, title=info.title[:300], outlet=outlet, language=language[:8],
                               active=info.active, poll_interval=settings.NEWSMONITOR_POLL_INTERVAL)
    if user:
        record(user, feed, _("Added by OPML import"), "add")
    return feed


def _update_feed(feed, info, outlet, report, user):
    filled = []
    if outlet is not None and feed.outlet_id is None:
        feed.outlet = outlet
        filled.append("outlet")
    elif outlet is not None and feed.outlet_id != outlet.pk:
        report.notes.append(_("%(url)s stays with %(ours)s (the file puts it under %(theirs)s)")
                            % {"url": feed.url, "ours": feed.outlet, "theirs": outlet})
    if info.title and not feed.title:
        feed.title = info.title[:300]
        filled.append("title")
    if not filled:
        report.unchanged.append(feed.url)
        return
    feed.save(update_fields=filled)
    report.updated.append(feed.url)
    if user:
        record(user, feed, _("Filled in by OPML import: %(fields)s") % {"fields": ", ".join(filled)})


def _keyable(url):
    try:
        feed_key(url)
    except ValueError:
        return False
    return True
