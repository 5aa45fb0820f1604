"""The filters of every researcher view, read from and written back to the URL.

One parser serves the pages, the exports, the Atom feeds and the API, so a view's URL
can be turned into its CSV, its feed or its API call by changing the path only:

    topic=defence-industry&topic=energy   any of these topics
    outlet=12                             outlet id (repeatable)
    outlet_country=EG                     the outlet's country (repeatable)
    from=2025-01-01&to=2025-03-31         days, inclusive
    language=ar                           the article's language
    q=باكستان                             text search (see search/fulltext.py)
    primary=1                             only articles where the pair is the primary one
    count=articles                        count and list every article; the default,
                                          count=stories, counts each story once and lists
                                          it once (readmodels/stories.py)
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlencode

from django.db.models import F, Q
from django.http import Http404
from django.utils.translation import gettext as _

from newsmonitor.timelines.search import fulltext
from newsmonitor.tagging import TOPIC_SLUGS
from newsmonitor.timelines.names import TOPIC_BIT, is_country

INTERVALS = ("day", "week", "month")
MODES = ("stacked", "split")
STORIES, ARTICLES = "stories", "articles"
COUNTS = (STORIES, ARTICLES)
MAX_MULTI = 20
MAX_Q = 200
# Ids are PostgreSQL bigints: a larger number is an error there, not "no such row".
MAX_ID = 2**63 - 1
ID = re.compile(r"[0-9]{1,19}")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YES, NO = ("1", "true", "on", "yes"), ("0", "false", "off", "no")
CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


class BadFilter(ValueError):
    """A filter value that cannot be understood (answered with 400 by the API)."""


@dataclass
class Filters:
    topics: list = field(default_factory=list)
    outlets: list = field(default_factory=list)
    outlet_countries: list = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    language: str = ""
    q: str = ""
    primary: bool = False
    interval: str = ""  # empty: chosen from the span (see charts.auto_interval)
    mode: str = "stacked"
    count: str = STORIES
    errors: list = field(default_factory=list)

    @classmethod
    def from_query(cls, params, strict=False):
        """Values that cannot be understood are left out (and described in .errors,
        in the interface language) so a mistyped shared link still shows something;
        strict=True raises instead (the API)."""
        f = cls()
        f.topics = _many(params, "topic", _topic, f.errors)
        f.outlets = _many(params, "outlet", _id, f.errors)
        f.outlet_countries = _many(params, "outlet_country", _country, f.errors)
        f.start, f.end = read_dates(params, f.errors)
        f.language = _language(params.get("language"), f.errors)
        f.q = _words(params.get("q"), f.errors)
        f.primary = _choice(params, "primary", YES + NO, f.errors) in YES
        f.interval = _choice(params, "interval", INTERVALS, f.errors)
        f.mode = _choice(params, "mode", MODES, f.errors) or "stacked"
        f.count = _choice(params, "count", COUNTS, f.errors) or STORIES
        if strict and f.errors:
            raise BadFilter("; ".join(f.errors))
        return f

    def within(self, first, last):
        """These filters with their dates inside the days that have data (clamp): what
        the queries read. The filters as asked stay what links and the form show, so
        a feed subscribed "until 2030" goes on growing."""
        start, end = clamp(self.start, self.end, first, last)
        return replace(self, start=start, end=end)

    # --- applying -------------------------------------------------------------------
    def apply(self, qs, pair_rows=True):
        """Filters a PairEntry (pair_rows) or ArticleDoc queryset: both carry the same
        denormalised columns, so no join is needed except for text search."""
        if self.topics:
            mask = sum(TOPIC_BIT[slug] for slug in self.topics)
            qs = qs.annotate(_topic_hit=F("topics").bitand(mask)).filter(_topic_hit__gt=0)
        if self.outlets:
            qs = qs.filter(outlet_id__in=self.outlets)
        if self.outlet_countries:
            qs = qs.filter(outlet_country__in=self.outlet_countries)
        if self.start:
            qs = qs.filter(day__gte=self.start)
        if self.end:
            qs = qs.filter(day__lte=self.end)
        if self.language:
            qs = qs.filter(language=self.language)
        if self.primary and pair_rows:
            qs = qs.filter(primary=True)
        if self.q:
            qs = fulltext.filter_queryset(qs, self.q, via="article_id" if pair_rows else "pk",
                                        start=self.start, end=self.end)
        return qs

    def matches(self, row, pair_rows=True, matching_ids=None):
        """apply()'s tests on one row already read (a dict of PairEntry or ArticleDoc
        columns), for code that reads a period once and filters it for many views (the
        digests). Words (q) are tested by `matching_ids`, the ids full-text search found.
        Kept beside apply() so the two never disagree (tests/digests compares them)."""
        if self.topics and not row["topics"] & sum(TOPIC_BIT[slug] for slug in self.topics):
            return False
        if self.outlets and row["outlet_id"] not in self.outlets:
            return False
        if self.outlet_countries and row["outlet_country"] not in self.outlet_countries:
            return False
        day = row["time"].date() if "day" not in row else row["day"]
        if (self.start and day < self.start) or (self.end and day > self.end):
            return False
        if self.language and row["language"] != self.language:
            return False
        if self.primary and pair_rows and not row["primary"]:
            return False
        return not self.q or (matching_ids is not None and row["article_id"] in matching_ids)

    @property
    def stories(self):
        """Whether the view counts stories (the default) rather than articles."""
        return self.count != ARTICLES

    @property
    def active(self):
        return bool(self.topics or self.outlets or self.outlet_countries or self.start or self.end
                    or self.language or self.q or self.primary)

    # --- writing back -----------------------------------------------------------------
    def params(self, **override):
        """The canonical query parameters, as a list of pairs (stable order)."""
        values = dict(topic=self.topics, outlet=self.outlets, outlet_country=self.outlet_countries,
                      start=self.start, end=self.end, language=self.language, q=self.q,
                      primary=self.primary, count=self.count if self.count != STORIES else "",
                      interval=self.interval, mode=self.mode if self.mode != "stacked" else "")
        values.update(override)
        pairs = [("topic", t) for t in values["topic"]]
        pairs += [("outlet", o) for o in values["outlet"]]
        pairs += [("outlet_country", c) for c in values["outlet_country"]]
        if values["start"]:
            pairs.append(("from", values["start"].isoformat()))
        if values["end"]:
            pairs.append(("to", values["end"].isoformat()))
        for name in ("language", "q"):
            if values[name]:
                pairs.append((name, values[name]))
        if values["primary"]:
            pairs.append(("primary", "1"))
        for name in ("count", "interval", "mode"):
            if values[name]:
                pairs.append((name, values[name]))
        return pairs

    def querystring(self, **override):
        pairs = self.params(**override)
        return ("?" + urlencode(pairs)) if pairs else ""

    def data_querystring(self):
        """Without the chart-only parameters: for exports, feeds and the API."""
        return self.querystring(interval="", mode="")

    def describe(self):
        """Plain-text summary for feed titles and export headers."""
        parts = list(self.topics) + [f"outlet {o}" for o in self.outlets] + list(self.outlet_countries)
        if self.start or self.end:
            parts.append(f"{self.start or '…'}–{self.end or '…'}")
        if self.language:
            parts.append(self.language)
        if self.q:
            parts.append(f"“{self.q}”")
        if self.primary:
            parts.append("primary")
        return ", ".join(parts)

    def as_dict(self):
        return {"topic": self.topics, "outlet": self.outlets, "outlet_country": self.outlet_countries,
                "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None,
                "language": self.language or None, "q": self.q or None, "primary": self.primary,
                "count": self.count}


# --- reading the URL -------------------------------------------------------------------------
def quoted(value):
    """A value from the URL as an error message shows it: short, control characters escaped."""
    return repr(value[:40]) + ("…" if len(value) > 40 else "")


def _many(params, name, parse, errors):
    """The values of a repeatable parameter (repeated or comma-separated), parsed and
    without repeats; no more than MAX_MULTI are read."""
    parts = [part.strip() for value in params.getlist(name)[:MAX_MULTI + 1]
             for part in value.split(",", MAX_MULTI + 1)]
    parts = [part for part in parts if part]
    if len(parts) > MAX_MULTI:
        errors.append(_("values of %(name)s beyond the first %(n)s") % {"name": name, "n": MAX_MULTI})
    out = []
    for part in parts[:MAX_MULTI]:
        value = parse(part)
        if value is None:
            errors.append(_("%(name)s=%(value)s is not known") % {"name": name, "value": quoted(part)})
        elif value not in out:
            out.append(value)
    return out


def _topic(part):
    return part if part in TOPIC_SLUGS else None


def _id(part):
    return int(part) if ID.fullmatch(part) and 0 < int(part) <= MAX_ID else None


def _country(part):
    return part.upper() if is_country(part) else None


def read_dates(params, errors):
    """(from, to) as days, in order; a value that is no day is described in `errors`
    and left out."""
    start, end = (_day(params.get(name), name, errors) for name in ("from", "to"))
    if start and end and start > end:
        start, end = end, start
    return start, end


def _day(value, name, errors):
    value = (value or "").strip()
    if not value:
        return None
    try:
        if DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    errors.append(_("%(name)s=%(value)s is not a day (YYYY-MM-DD)") % {"name": name, "value": quoted(value)})
    return None


def _language(value, errors):
    value = (value or "").strip().lower()
    if value and not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,4})?", value):
        errors.append(_("language=%(value)s is not a language code") % {"value": quoted(value)})
        return ""
    return value


def _words(value, errors):
    # Control characters are no part of any word (and PostgreSQL refuses NUL).
    value = CONTROLS.sub(" ", value or "").strip()
    if len(value) > MAX_Q:
        errors.append(_("words beyond the first %(n)s characters") % {"n": MAX_Q})
    return value[:MAX_Q]


def _choice(params, name, choices, errors):
    value = (params.get(name) or "").strip()
    if value and value not in choices:
        errors.append(_("%(name)s=%(value)s is not one of %(choices)s") % {
            "name": name, "value": quoted(value), "choices": ", ".join(choices)})
        return ""
    return value


# --- dates ---------------------------------------------------------------------------------------
def shift(day, days):
    """`day` moved by `days`, held within the days Python can count: a date from a
    URL may be 0001-01-01 or 9999-12-31, where plain arithmetic overflows."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def clamp(start, end, first, last):
    """The days asked for, [start, end] (None: open), within the days that have data,
    [first, last]: no date from a URL then sizes the work (a chart of 0001-9999, a
    counter per day). Asked for days wholly outside the data, one day just outside it:
    it holds nothing, as the days asked for do."""
    if start and start > last:
        return shift(last, 1), shift(last, 1)
    if end and end < first:
        return shift(first, -1), shift(first, -1)
    return (max(start, first) if start else None), (min(end, last) if end else None)


# --- keyset cursors ---------------------------------------------------------------------------
def cursor_filter(cursor):
    """A Q for rows strictly older than the cursor "ISO-time~id" (newest first lists).
    Keyset pagination stays fast at any depth, unlike OFFSET."""
    if not cursor:
        return Q()
    moment, ident = parse_cursor(cursor)
    return Q(time__lt=moment) | Q(time=moment, article_id__lt=ident)


def parse_cursor(cursor):
    """(aware time, article id) of a cursor; BadFilter for anything cursor_of does
    not make (a time Python cannot hold in UTC, an id beyond a bigint)."""
    stamp, _sep, ident = cursor.rpartition("~")
    try:
        moment = datetime.fromisoformat(stamp.replace(" ", "+"))
        moment = moment.astimezone(timezone.utc) if moment.tzinfo else None
    except (ValueError, OverflowError):
        moment = None
    if moment is None or len(cursor) > 100 or _id(ident) is None:
        raise BadFilter(_("cursor=%(value)s is no position in this list") % {"value": quoted(cursor)})
    return moment, int(ident)


def page_cursor(params, errors):
    """The list position a page asks for: "" (the newest) when it is no cursor, the
    error described in `errors`."""
    cursor = params.get("cursor") or ""
    try:
        cursor_filter(cursor)
    except BadFilter as exc:
        errors.append(str(exc))
        return ""
    return cursor


def cursor_of(row):
    return f"{row.time.isoformat()}~{row.article_id}"


def parse_pair(text):
    """'EG-PK' or 'pk-eg' -> ('EG', 'PK'); None when not a pair of two countries."""
    parts = (text or "").upper().replace("_", "-").split("-")
    if len(parts) != 2 or parts[0] == parts[1] or not all(is_country(p) for p in parts):
        return None
    return tuple(sorted(parts))


def canonical_pair(slug):
    """('EG', 'PK') for 'EG-PK' and 'PK-EG' alike; 404 for anything else."""
    pair = parse_pair(slug)
    if pair is None:
        raise Http404(_("Unknown pair of countries"))
    return pair
