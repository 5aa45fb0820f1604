"""The filters of every researcher view, read from and written back to the URL.

One parser serves the pages, the exports, the Atom feeds and the API, so a view's URL
can be turned into its CSV, its feed or its API call by changing the path only:

    topic=defence-industry&topic=energy   any of these topics
    outlet=12                             outlet id (repeatable)
    outlet_country=EG                     the outlet's country (repeatable)
    from=2025-01-01&to=2025-03-31         days, inclusive
    language=ar                           the article's language
    q=باكستان                             text search (see search.py)
    primary=1                             only articles where the pair is the primary one
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.db.models import F, Q

from newsmonitor.timelines import search
from newsmonitor.timelines.names import TOPIC_BIT, TOPIC_SLUGS, is_country

INTERVALS = ("day", "week", "month")
MODES = ("stacked", "split")
MAX_MULTI = 20


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
    errors: list = field(default_factory=list)

    @classmethod
    def from_query(cls, params, strict=False):
        """Unknown values are dropped (and noted in .errors) so a mistyped shared link
        still shows something; strict=True raises instead (the API)."""
        f = cls()
        for slug in params.getlist("topic")[:MAX_MULTI]:
            for part in slug.split(","):
                if part in TOPIC_SLUGS and part not in f.topics:
                    f.topics.append(part)
                elif part:
                    f.errors.append(f"unknown topic {part!r}")
        for value in params.getlist("outlet")[:MAX_MULTI]:
            for part in value.split(","):
                if part.strip().isdigit():
                    f.outlets.append(int(part))
                elif part:
                    f.errors.append(f"bad outlet {part!r}")
        for value in params.getlist("outlet_country")[:MAX_MULTI]:
            for part in value.upper().split(","):
                if is_country(part):
                    f.outlet_countries.append(part)
                elif part:
                    f.errors.append(f"unknown country {part!r}")
        f.start = _day(params.get("from"), f.errors, "from")
        f.end = _day(params.get("to"), f.errors, "to")
        if f.start and f.end and f.start > f.end:
            f.start, f.end = f.end, f.start
        language = (params.get("language") or "").strip().lower()
        if language and (len(language) > 8 or not language.replace("-", "").isalpha()):
            f.errors.append(f"bad language {language!r}")
        else:
            f.language = language
        f.q = (params.get("q") or "").strip()[:200]
        f.primary = (params.get("primary") or "").lower() in ("1", "true", "on", "yes")
        interval = params.get("interval") or ""
        f.interval = interval if interval in INTERVALS else ""
        f.mode = "split" if params.get("mode") == "split" else "stacked"
        if strict and f.errors:
            raise BadFilter("; ".join(f.errors))
        return f

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
            qs = search.filter_queryset(qs, self.q, via="article_id" if pair_rows else "pk",
                                        start=self.start, end=self.end)
        return qs

    @property
    def active(self):
        return bool(self.topics or self.outlets or self.outlet_countries or self.start or self.end
                    or self.language or self.q or self.primary)

    # --- writing back -----------------------------------------------------------------
    def params(self, **override):
        """The canonical query parameters, as a list of pairs (stable order)."""
        values = dict(topic=self.topics, outlet=self.outlets, outlet_country=self.outlet_countries,
                      start=self.start, end=self.end, language=self.language, q=self.q,
                      primary=self.primary, interval=self.interval,
                      mode=self.mode if self.mode != "stacked" else "")
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
        for name in ("interval", "mode"):
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
                "language": self.language or None, "q": self.q or None, "primary": self.primary}


def _day(value, errors, name):
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        errors.append(f"bad {name} date {value!r}")
        return None


# --- keyset cursors ---------------------------------------------------------------------------
def cursor_filter(cursor):
    """A Q for rows strictly older than the cursor "ISO-time~id" (newest first lists).
    Keyset pagination stays fast at any depth, unlike OFFSET."""
    if not cursor:
        return Q()
    try:
        stamp, _, ident = cursor.rpartition("~")
        moment = datetime.fromisoformat(stamp.replace(" ", "+"))
        ident = int(ident)
    except ValueError as exc:
        raise BadFilter(f"bad cursor {cursor!r}") from exc
    return Q(time__lt=moment) | Q(time=moment, article_id__lt=ident)


def cursor_of(row):
    return f"{row.time.isoformat()}~{row.article_id}"


def parse_pair(text):
    """'EG-PK' or 'pk-eg' -> ('EG', 'PK'); None when not a pair of two countries."""
    parts = (text or "").upper().replace("_", "-").split("-")
    if len(parts) != 2 or parts[0] == parts[1] or not all(is_country(p) for p in parts):
        return None
    return tuple(sorted(parts))


def period_start(days, today=None):
    return (today or date.today()) - timedelta(days=days - 1)
