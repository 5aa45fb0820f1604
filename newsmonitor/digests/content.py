"""What a digest or a spike alert holds: the articles of a period that match what a
subscription follows, grouped by pair (or followed country) and then topic, with
counts; the articles of one story (stories.StoryMember: an article with none is a
story of its own) shown once, by the first of them in the period, with the other
outlets named ("also in"); cut at MAX_ITEMS stories with a count of the rest.

Counts are of stories by default, as on the timelines (a subscription's count=articles
counts articles): a group's or topic's stories are the stories with an article in it
among the period's; a story with new articles in two periods is in both digests.

A Content is the same for everyone following the same view over the same period: the
subscriber's language, time zone and personal links are added when the email is
rendered (sending.py). So `compose_many` answers many subscriptions at once:

    compose_many(selections, start, end)   {selection: Content} for one period, in a
                                           fixed number of queries whatever the number
                                           of selections: the period's pair rows of all
                                           followed pairs (one query), the documents of
                                           followed countries (one), of everything (one,
                                           only if someone follows everything), the
                                           articles matching each distinct text query
                                           (one per query), the evidence of the shown
                                           articles (one)
    alert_content(pair, day)               a pair's articles of one day (a spike alert)

The rows are filtered here in Python with the timeline's own filters (`Filters.matches`,
the same tests as Filters.apply makes in SQL; a test holds the two together), except
for words (q), which full-text search answers.

The window is on Article.first_tagged_at, set once when an article is first tagged:
each article falls in exactly one period (start, end], however late it was found.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from newsmonitor.articles.models import ArticlePair
from newsmonitor.digests.selection import canonical_query, filters_of
from newsmonitor.timelines.models import ArticleDoc, PairEntry
from newsmonitor.timelines.names import TOPIC_BIT
from newsmonitor.timelines.readmodels.filters import parse_pair
from newsmonitor.timelines.search import fulltext

# Stories shown in one email; the rest are counted, with a link to the full view.
MAX_ITEMS = 50
# Other outlets named beside a story's copy.
MAX_COPIES = 6
# Followed pairs (or countries) beyond which a period's rows are read whole and sorted
# out here, rather than through an OR of that many conditions.
WIDE = 24

ROW_FIELDS = ("article_id", "time", "outlet_id", "outlet_country", "language", "topics", "main_topic",
              "article__title", "story_key", "article__first_tagged_at", "outlet__name")


# --- what is followed ------------------------------------------------------------------------
@dataclass(frozen=True)
class Selection:
    """What a subscription follows, canonical, hashable: subscriptions that follow the
    same view share one Content per period."""

    pairs: tuple = ()       # (("EG", "PK"), ...), sorted
    countries: tuple = ()   # ("PK", ...), sorted
    query: str = ""         # the other filters, canonical query string (no leading "?")

    @classmethod
    def of(cls, subscription):
        pairs = sorted({p for p in (parse_pair(text) for text in subscription.pairs or []) if p})
        countries = sorted({str(c).upper() for c in subscription.countries or [] if str(c).strip()})
        return cls(tuple(pairs), tuple(countries), canonical_query(filters_of(subscription)))

    @cached_property
    def filters(self):
        return filters_of(self.query)

    @property
    def everything(self):
        return not self.pairs and not self.countries

    def group_keys(self):
        if self.everything:
            return [("all", ())]
        return [("pair", pair) for pair in self.pairs] + [("country", (code,)) for code in self.countries]


# --- what an email holds -----------------------------------------------------------------------
@dataclass
class Item:
    """One story: its first article in the period, and the other outlets that carried it."""

    article_id: int
    title: str
    outlet: str
    outlet_country: str
    time: object
    pair: tuple = ()           # the pair whose evidence is shown (a country item: found later)
    evidence: str = ""
    copies: list = field(default_factory=list)  # [(outlet name, outlet country)]
    more_copies: int = 0
    ids: set = field(default_factory=set, repr=False)  # the story's articles among those the email counts
    members: list = field(default_factory=list, repr=False)  # the TopicGroups it is counted in

    @property
    def articles(self):
        return len(self.ids)

    def add_copy(self, outlet):
        if not outlet[0] or outlet[0] == self.outlet or outlet in self.copies:
            return
        if len(self.copies) < MAX_COPIES:
            self.copies.append(outlet)
        else:
            self.more_copies += 1


@dataclass
class TopicGroup:
    slug: str
    unit: str = "stories"      # what `count` and `more` count
    articles: int = 0          # articles of this topic in the group, shown or not
    stories: int = 0           # stories with an article of this topic in the group
    items: list = field(default_factory=list)
    shown: int = 0             # what is shown, in the unit: stories, or their articles

    @property
    def count(self):
        return self.stories if self.unit == "stories" else self.articles

    @property
    def more(self):
        return max(self.count - self.shown, 0)


@dataclass
class Group:
    kind: str                  # "pair", "country" or "all"
    codes: tuple
    articles: int = 0
    stories: int = 0
    unit: str = "stories"
    topics: list = field(default_factory=list)

    @property
    def count(self):
        return self.stories if self.unit == "stories" else self.articles

    @property
    def slug(self):
        return "-".join(self.codes)


@dataclass
class Content:
    selection: Selection
    start: object
    end: object
    groups: list = field(default_factory=list)
    day: object = None         # an alert's day

    @property
    def unit(self):
        return self.selection.filters.count

    @property
    def total(self):
        """What the email counts, in its unit (a story or article in two groups counts in each)."""
        return sum(group.count for group in self.groups)

    @property
    def articles(self):
        return sum(group.articles for group in self.groups)

    @property
    def stories(self):
        return sum(group.stories for group in self.groups)

    @property
    def shown(self):
        return sum(len(topic.items) for group in self.groups for topic in group.topics)

    @property
    def more(self):
        return sum(topic.more for group in self.groups for topic in group.topics)

    @property
    def empty(self):
        return self.total == 0

    def items(self):
        return [item for group in self.groups for topic in group.topics for item in topic.items]


# --- the filters, on rows ------------------------------------------------------------------------
def topic_of(row, filters):
    """The topic an article is listed under: its main topic, or when the subscription
    follows some topics and the main one is not among them, the first followed topic
    the article has."""
    main = row["main_topic"] or "other"
    if filters.topics and main not in filters.topics:
        return next((slug for slug in filters.topics if row["topics"] & TOPIC_BIT[slug]), main)
    return main


# --- reading a period ---------------------------------------------------------------------------------
class Period:
    """The rows of one period (start, end], read once for all the selections asked."""

    def __init__(self, start, end):
        self.start, self.end = start, end
        self.pair_rows = {}        # (a, b) -> [row], newest first
        self.country_rows = {}     # code -> [row]
        self.all_rows = None
        self.matching = {}         # q -> set of article ids

    def window(self, prefix="article__"):
        return {f"{prefix}first_tagged_at__gt": self.start, f"{prefix}first_tagged_at__lte": self.end}

    def load(self, selections):
        pairs = sorted({pair for s in selections for pair in s.pairs} - set(self.pair_rows))
        countries = sorted({code for s in selections for code in s.countries} - set(self.country_rows))
        if pairs:
            qs = PairEntry.objects.filter(**self.window())
            if len(pairs) <= WIDE:
                cond = Q()
                for a, b in pairs:
                    cond |= Q(a=a, b=b)
                qs = qs.filter(cond)
            for pair in pairs:
                self.pair_rows[pair] = []
            for row in qs.order_by("-time", "-article_id").values(*ROW_FIELDS, "a", "b", "day", "primary"):
                rows = self.pair_rows.get((row["a"], row["b"]))
                if rows is not None:
                    rows.append(row)
        if countries:
            qs = ArticleDoc.objects.filter(**self.window())
            if len(countries) <= WIDE:
                cond = Q()
                for code in countries:
                    cond |= Q(countries__contains=f" {code} ")
                qs = qs.filter(cond)
            for code in countries:
                self.country_rows[code] = []
            for row in qs.order_by("-time", "-article_id").values(*ROW_FIELDS, "day", "countries"):
                for code in row["countries"].split():
                    if code in self.country_rows:
                        self.country_rows[code].append(row)
        if self.all_rows is None and any(s.everything for s in selections):
            self.all_rows = list(ArticleDoc.objects.filter(**self.window()).order_by("-time", "-article_id")
                                 .values(*ROW_FIELDS, "day"))
        for q in {s.filters.q for s in selections if s.filters.q} - set(self.matching):
            docs = fulltext.filter_queryset(ArticleDoc.objects.filter(**self.window()), q, via="pk")
            self.matching[q] = set(docs.values_list("pk", flat=True))

    def rows(self, kind, codes):
        if kind == "pair":
            return self.pair_rows.get(codes, [])
        if kind == "country":
            return self.country_rows.get(codes[0], [])
        return self.all_rows or []


def compose_many(selections, start, end, period=None):
    """{selection: Content} of these selections over (start, end]."""
    selections = list(dict.fromkeys(selections))
    period = period or Period(start, end)
    period.load(selections)
    out = {s: build(s, period) for s in selections}
    add_evidence([item for content in out.values() for item in content.items()])
    return out


def compose(selection, start, end):
    return compose_many([selection], start, end)[selection]


def build(selection, period, max_items=None, since=None):
    """Groups, counts and stories of one selection over rows already read (those
    first tagged after `since` only, when given: a later start than the period's)."""
    max_items = MAX_ITEMS if max_items is None else max_items
    filters = selection.filters
    matching = period.matching.get(filters.q)
    content = Content(selection, since or period.start, period.end)
    groups = []
    for kind, codes in selection.group_keys():
        rows = [r for r in period.rows(kind, codes) if filters.matches(r, kind == "pair", matching)
                and (since is None or r["article__first_tagged_at"] > since)]
        groups.append((Group(kind, codes, articles=len(rows), stories=len({r["story_key"] for r in rows}),
                             unit=filters.count), rows))
    fill(content, groups, filters, max_items)
    return content


def fill(content, groups, filters, max_items):
    """Stories into topic groups, each shown once by its first article in the period
    (the articles of one story share its story_key), the other outlets that carried
    it named (counting articles: every article on its own); a story in two groups is
    shown in the first. Stories are listed newest first. Then the `max_items` stories shown are shared out in turn among the
    topics, each topic's newest first, so that a busy topic does not crowd the
    others out of a long period's email; the rest are counted."""
    stories = {}       # story_key -> Item
    buckets = []       # (TopicGroup, [Item]) in the order shown
    for group, rows in sorted(groups, key=lambda g: -g[0].count):
        topics, candidates, counted = {}, defaultdict(list), set()
        for row in reversed(rows):  # oldest first: a story's first article makes its item
            slug = topic_of(row, filters)
            topic = topics.get(slug) or topics.setdefault(slug, TopicGroup(slug, unit=filters.count))
            topic.articles += 1
            key = row["story_key"]
            if (slug, key) not in counted:
                counted.add((slug, key))
                topic.stories += 1
            # Counting articles, every article is an item of its own.
            item_key = key if filters.stories else ("article", row["article_id"])
            item = stories.get(item_key)
            outlet = (row["outlet__name"] or "", row["outlet_country"] or "")
            if item is None:
                item = stories[item_key] = Item(row["article_id"], row["article__title"] or "", outlet[0], outlet[1],
                                           row["time"], pair=(row["a"], row["b"]) if "a" in row else ())
                candidates[slug].append(item)
            elif item.article_id != row["article_id"]:
                item.add_copy(outlet)
            item.ids.add(row["article_id"])
            # Counting stories, a story counts once in a topic; counting articles, each article does.
            if not filters.stories or not any(member is topic for member in item.members):
                item.members.append(topic)
        group.topics = sorted(topics.values(), key=lambda t: (-t.count, t.slug))
        buckets += [(topic, candidates[topic.slug][::-1]) for topic in group.topics]
        content.groups.append(group)
    shown, depth = 0, 0
    while shown < max_items and any(depth < len(items) for _topic, items in buckets):
        for topic, items in buckets:
            if depth < len(items) and shown < max_items:
                topic.items.append(items[depth])
                shown += 1
        depth += 1
    for topic, _items in buckets:
        for item in topic.items:
            for member in item.members:  # the story (or its articles) in each topic it is counted in
                member.shown += 1


def add_evidence(items):
    """The first evidence sentence of each shown story: of its pair, or for a country's
    story, of its primary pair (else any of its pairs)."""
    ids = {item.article_id for item in items}
    if not ids:
        return
    found = {}
    for row in ArticlePair.objects.filter(article_id__in=ids).order_by("-primary", "a", "b").values(
            "article_id", "a", "b", "evidence"):
        sentence = next((s for s in row["evidence"] or [] if isinstance(s, str) and s.strip()), "")
        found.setdefault((row["article_id"], (row["a"], row["b"])), sentence)
        if sentence:
            found.setdefault((row["article_id"], None), sentence)
    for item in items:
        item.evidence = found.get((item.article_id, item.pair)) or found.get((item.article_id, None), "")


# --- spike alerts ---------------------------------------------------------------------------------------
def alert_content(pair, day, max_items=None, unit="stories"):
    """A pair's articles of one day (the articles that made a spike), counted in `unit`:
    the stories first reported on the pair that day, as its spike counts them, with
    their articles of the day; or every article of the day."""
    rows = PairEntry.objects.filter(a=pair[0], b=pair[1], day=day)
    if unit == "stories":
        rows = rows.filter(story_key__in=PairEntry.objects.filter(a=pair[0], b=pair[1], day=day, lead=True)
                           .values("story_key"))
    rows = list(rows.order_by("-time", "-article_id").values(*ROW_FIELDS, "a", "b", "day", "primary"))
    selection = Selection(pairs=(tuple(pair),), query="" if unit == "stories" else "count=articles")
    content = Content(selection, None, None, day=day)
    unit = selection.filters.count
    group = Group("pair", tuple(pair), articles=len(rows), stories=len({r["story_key"] for r in rows}), unit=unit)
    fill(content, [(group, rows)], selection.filters, MAX_ITEMS if max_items is None else max_items)
    add_evidence(content.items())
    return content


# --- links ------------------------------------------------------------------------------------------------
def absolute(path):
    return settings.SITE_ROOT.rstrip("/") + path


def article_url(article_id):
    return absolute(reverse("timelines:article", args=[article_id]))


def group_url(group, selection, since):
    """The filtered timeline of a group from the day `since` (the period's first day):
    the pair's timeline with the subscription's filters, the country's page, or the
    filtered list of all articles."""
    filters = selection.filters
    override = {"start": since} if not filters.start else {}
    if group.kind == "pair":
        return absolute(reverse("timelines:pair", kwargs={"pair": group.slug})
                        + filters.querystring(interval="", mode="", **override))
    if group.kind == "country":
        return absolute(reverse("timelines:country", args=[group.slug]) + f"?from={since.isoformat()}")
    return absolute(reverse("timelines:search") + filters.querystring(interval="", mode="", **override))
