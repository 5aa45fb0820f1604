"""Stories and their members in the database: starting, joining, merging, splitting,
and the summary a story keeps of its members. Callers hold the grouping lock
(grouping.lock) inside a transaction.

A batch keeps the stories it touched in a Batch: a join updates the story's summary in
place (one more member: its time, outlet and tags added), anything that removes a member
(a split, a move) marks the story for a full recount from its members at the end."""

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.feeds.models import Outlet

from .models import Link, Story, StoryMember

How = StoryMember.How


def rank(story):
    """Earlier stories win merges: by their first article's time, then its id."""
    return (story.first_at, story.first_article_id or 0, story.pk)


class Batch:
    """The stories one transaction touched, saved once at its end (finish)."""

    def __init__(self):
        self.stories = {}
        self.recount = set()
        self.outlet_countries = {}

    def get(self, story_ids):
        missing = [i for i in story_ids if i not in self.stories]
        self.stories.update(Story.objects.in_bulk(missing))
        return [self.stories[i] for i in story_ids if i in self.stories]

    def start(self, doc):
        story = Story.objects.create(first_article_id=doc.id, first_at=doc.at, last_at=doc.at, size=0)
        self.stories[story.pk] = story
        return story

    def join(self, story, doc):
        """One more member, `doc` (an engine.Doc): the summary grows by it."""
        story.size += 1
        if (doc.at, doc.id) < (story.first_at, story.first_article_id or 0) or story.size == 1:
            story.first_at, story.first_article_id = doc.at, doc.id
        story.last_at = max(story.last_at, doc.at)
        story.outlets = _union(story.outlets, [doc.outlet] if doc.outlet else [])
        country = self.outlet_country(doc.outlet)
        story.outlet_countries = _union(story.outlet_countries, [country] if country else [])
        story.countries = _union(story.countries, doc.countries)
        story.pairs = _union(story.pairs, doc.pairs)
        story.topics = _union(story.topics, doc.topics)

    def outlet_country(self, outlet_id):
        if outlet_id and outlet_id not in self.outlet_countries:
            self.outlet_countries[outlet_id] = Outlet.objects.filter(pk=outlet_id).values_list("country", flat=True).first()
        return self.outlet_countries.get(outlet_id) or ""

    def finish(self):
        """Saves every touched story: recounted from its members when one may have left."""
        recount = {pk for pk in self.recount if pk in self.stories}
        now = timezone.now()
        for story in self.stories.values():
            story.updated_at = now
        summarise([self.stories[pk] for pk in recount])
        kept = [s for s in self.stories.values() if s.size > 0]
        Story.objects.bulk_update(kept, ["first_article", "first_at", "last_at", "size", "outlets", "outlet_countries",
                                         "countries", "pairs", "topics", "updated_at"])
        Story.objects.filter(pk__in=[s.pk for s in self.stories.values() if s.size == 0], pinned=False).delete()


def _union(old, new):
    return sorted(set(old) | set(new))


def merge(batch, target, losers):
    """Moves every member of `losers` into `target` (the earliest); returns their ids."""
    loser_ids = [s.pk for s in losers]
    moved = set(StoryMember.objects.filter(story_id__in=loser_ids).values_list("article_id", flat=True))
    StoryMember.objects.filter(story_id__in=loser_ids).update(story=target)
    if batch.recount & {target.pk, *loser_ids}:
        batch.recount.add(target.pk)  # a summary already in doubt: count again from the members
    target.first_at, target.first_article_id = min((s.first_at, s.first_article_id or 0) for s in [target, *losers])
    for story in losers:  # summaries add up: no recount of what may be a large story
        target.size += story.size
        target.last_at = max(target.last_at, story.last_at)
        for name in ("outlets", "outlet_countries", "countries", "pairs", "topics"):
            setattr(target, name, _union(getattr(target, name), getattr(story, name)))
        story.size = 0
    return moved


def split(batch, story):
    """Splits an (unpinned) story into the parts its links still hold together: the part
    with the earliest member keeps it, each other part becomes a story of its own.
    Returns the ids of the members that moved."""
    if story.pinned:
        return set()
    members = dict(StoryMember.objects.filter(story=story).values_list("article_id", "article__published_at"))
    if len(members) < 2:
        return set()
    times = _times(members)
    parts = components(members, Link.objects.filter(a__in=members, b__in=members).values_list("a", "b"))
    if len(parts) < 2:
        return set()
    parts.sort(key=lambda part: min((times[i], i) for i in part))
    moved = set()
    for part in parts[1:]:
        first = min(part, key=lambda i: (times[i], i))
        new = Story.objects.create(first_article_id=first, first_at=times[first], last_at=times[first], size=len(part))
        batch.stories[new.pk] = new
        batch.recount.add(new.pk)
        StoryMember.objects.filter(article_id__in=part).update(story=new)
        StoryMember.objects.filter(article_id=first).update(how=How.FIRST, similarity=0)
        moved |= part
    batch.recount.add(story.pk)
    return moved


def _times(published):
    """Each article's time (published, else found), from a {id: published_at} map."""
    found = dict(Article.objects.filter(pk__in=[i for i, t in published.items() if t is None])
                 .values_list("pk", "discovered_at"))
    return {i: t or found[i] for i, t in published.items()}


def components(ids, edges):
    """The connected parts (sets) of the graph of `edges` over `ids` (union-find)."""
    parent = {i: i for i in ids}

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    parts = defaultdict(set)
    for i in ids:
        parts[root(i)].add(i)
    return list(parts.values())


def summarise(stories):
    """Recounts these stories' summaries from their members (a few grouped queries)."""
    if not stories:
        return
    by_id = {s.pk: s for s in stories}
    for story in stories:
        story.size, story.outlets, story.outlet_countries = 0, [], []
        story.countries, story.pairs, story.topics = [], [], []
    sets = defaultdict(lambda: defaultdict(set))
    firsts = {}
    rows = StoryMember.objects.filter(story_id__in=by_id).values_list(
        "story_id", "article_id", "article__published_at", "article__discovered_at", "article__outlet_id",
        "article__outlet__country")
    for story_id, article_id, published, found, outlet, country in rows:
        story, when = by_id[story_id], published or found
        story.size += 1
        firsts[story_id] = min(firsts.get(story_id, (when, article_id)), (when, article_id))
        story.last_at = max(story.last_at, when) if story.size > 1 else when
        sets[story_id]["outlets"].update([outlet] if outlet else [])
        sets[story_id]["outlet_countries"].update([country] if country else [])
    member_of = Q(article__story_member__story_id__in=list(by_id))
    for story_id, code in ArticleCountry.objects.filter(member_of).values_list("article__story_member__story_id", "code"):
        sets[story_id]["countries"].add(code)
    for story_id, a, b in ArticlePair.objects.filter(member_of).values_list("article__story_member__story_id", "a", "b"):
        sets[story_id]["pairs"].add(f"{a}-{b}")
        sets[story_id]["countries"].update((a, b))  # as engine.Doc counts them
    for story_id, topic in ArticleTopic.objects.filter(member_of).values_list("article__story_member__story_id", "topic"):
        sets[story_id]["topics"].add(topic)
    for story_id, story in by_id.items():
        if story_id in firsts:
            story.first_at, story.first_article_id = firsts[story_id]
        for name, values in sets[story_id].items():
            setattr(story, name, sorted(values))
