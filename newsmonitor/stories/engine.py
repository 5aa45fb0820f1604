"""Grouping articles into stories: the pure engine (no Django), used by the command
line (`python -m newsmonitor.stories`), by the database step (grouping.py) and by the
benchmark.

Two articles are linked when one is a copy of the other or a close follow-up of it:

- copy: most of the shorter text is in the longer one. The containment
  |A ∩ B| / min(|A|, |B|) of their shingle sets (text.py), estimated from MinHash
  signatures and the sets' sizes, is at least COPY_MIN, and they are at most WINDOW
  apart. Containment rather than Jaccard, so that a wire copy trimmed to its first
  paragraphs still matches the whole.
- follow-up: another report of the same event: at most WINDOW apart, on the same topic
  (they share one, or one has none; the tagger's topics of two reports of one event
  often differ, so other topics only take more shared facts, FOLLOW_MIN_OTHER_TOPIC),
  the same pair of states (one of either's
  pairs is among the other's countries), and most of their facts (text.facts: names,
  places, numbers, things) shared — at least FOLLOW_MIN of the smaller set, and
  FOLLOW_SHARED of them. The tagger finds no pair in many a short follow-up that names
  one state and a city: sharing only a state of the other's pair then takes more
  shared facts (FOLLOW_MIN_ONE_STATE).

A story is a connected part of the links. Candidates are never all the articles: only
those that share a band key with the article (LSH over the whole text, over its lead,
and over its facts under each of its main states), at most CAP per key, within WINDOW. Every
test is symmetric and looks both ways in time, so the stories do not depend much on
the order articles come in; the same input in the same order always gives the same.
"""

import hashlib
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np

from . import minhash, text

ENGINE_VERSION = "1"
FULL_PERMS, FULL_ROWS = 60, 3  # 20 bands over the whole text
LEAD_PERMS, LEAD_ROWS = 24, 3  # 8 bands over the lead
FACT_PERMS, FACT_ROWS = 24, 2  # 12 bands over the facts, under each of its main states
FULL_BANDS = FULL_PERMS // FULL_ROWS
LEAD_BANDS = LEAD_PERMS // LEAD_ROWS
FACT_BANDS = FACT_PERMS // FACT_ROWS
MAX_STATES = 2  # facts are indexed under the states of its pairs (else the most salient), this many at most

WINDOW = timedelta(hours=72)
CAP = 30  # candidates taken per band key: the most recent ones within the window
LINKS_PER_STORY = 3  # candidates of a story already linked this often are not checked
COPY_MIN = 0.6
COPY_FACTS_MIN = 0.25  # a copy reports the same: its title and lead share this much of their facts
MIN_SHARED = 8  # shingles a copy shares at least (fewer if the shorter text has fewer)
FOLLOW_MIN = 0.45
FOLLOW_MIN_ONE_STATE = 0.5
FOLLOW_MIN_OTHER_TOPIC = 0.6
FOLLOW_SLOPE = 0.0  # more shared facts needed the further apart they are: this much more at WINDOW
FOLLOW_SHARED = 4

COPY, FOLLOW_UP = "copy", "follow-up"
_WINDOW_S = WINDOW.total_seconds()
_GONE = object()


@dataclass
class Doc:
    """What grouping knows of an article. `at` is an aware datetime or None (unknown:
    then it is a copy at any distance, and a follow-up of nothing)."""

    id: object
    at: object
    outlet: object
    pairs: tuple  # ("EG-PK", ...), sorted
    countries: tuple  # the states it names, the most salient first
    topics: tuple
    size: int  # distinct shingles
    full: np.ndarray
    lead: np.ndarray
    facts: frozenset
    keys: list = field(default_factory=list)  # (band, key)
    ts: float = None  # `at` as a POSIX timestamp (compared many times)

    def digest(self):
        """Changes when anything grouping reads of the article changes."""
        h = hashlib.blake2b(digest_size=16)
        for part in (ENGINE_VERSION, str(self.at), str(self.outlet), " ".join(self.pairs), " ".join(self.countries),
                     " ".join(self.topics),
                     str(self.size), " ".join(sorted(self.facts))):
            h.update(part.encode("utf-8") + b"\0")
        h.update(self.full.tobytes() + self.lead.tobytes())
        return h.hexdigest()


def make_doc(ident, title, body, at=None, outlet=None, pairs=(), topics=(), countries=()):
    title_words, body_words = text.parts(title, body)
    hashes = minhash.shingle_hashes([title_words, body_words], text.SHINGLE)
    full = minhash.signature(hashes, FULL_PERMS)
    lead = minhash.shingle_hashes([body_words[:text.LEAD_WORDS]], text.SHINGLE) if body_words else hashes
    lead = minhash.signature(lead, LEAD_PERMS)
    return build_doc(ident, at, outlet, pairs, countries, topics, len(np.unique(hashes)), full, lead,
                     text.facts(title, body))


def build_doc(ident, at, outlet, pairs, countries, topics, size, full, lead, facts, with_keys=True):
    """A Doc from its parts (as stored), with its band keys unless told not to."""
    pairs = tuple(sorted(set(pairs)))
    countries = tuple(dict.fromkeys([*countries, *(c for pair in pairs for c in pair.split("-"))]))
    doc = Doc(ident, at, outlet, pairs, countries, tuple(sorted(set(topics))), size, full, lead, frozenset(facts),
              ts=at.timestamp() if at is not None else None)
    doc.keys = band_keys(doc) if with_keys else []
    return doc


def band_keys(doc):
    keys = [(band, key) for band, key in enumerate(minhash.band_keys(doc.full, FULL_ROWS, b"full"))]
    keys += [(FULL_BANDS + band, key) for band, key in enumerate(minhash.band_keys(doc.lead, LEAD_ROWS, b"lead"))]
    if doc.facts and doc.countries:
        facts = minhash.signature(minhash.token_hashes(sorted(doc.facts)), FACT_PERMS)
        for state in main_states(doc):
            keys += [(FULL_BANDS + LEAD_BANDS + band, key)
                     for band, key in enumerate(minhash.band_keys(facts, FACT_ROWS, b"facts " + state.encode()))]
    return keys


def main_states(doc):
    """The states its facts are indexed under: those of its pairs, else the most salient."""
    paired = sorted({c for pair in doc.pairs for c in pair.split("-")})
    return (paired or list(doc.countries))[:MAX_STATES]


def pack(doc):
    """The signatures as bytes, for storage (unpack reverses it)."""
    return doc.full.astype("<u4").tobytes() + doc.lead.astype("<u4").tobytes()


def unpack(data):
    values = np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)
    return values[:FULL_PERMS], values[FULL_PERMS:FULL_PERMS + LEAD_PERMS]


# --- the tests ---------------------------------------------------------------------------
def within(a, b):
    if a.ts is None or b.ts is None:
        return None
    return abs(a.ts - b.ts) <= _WINDOW_S


def copy_score(a, b):
    """Estimated containment of the shorter text in the longer (0 if too little is shared)."""
    if not a.size or not b.size:
        return 0.0
    j = minhash.similarity(a.full, b.full)
    shared = j / (1 + j) * (a.size + b.size)
    smaller = min(a.size, b.size)
    if shared < min(MIN_SHARED, 0.9 * smaller):
        return 0.0
    return min(1.0, shared / smaller)


def fact_score(a, b, at_least=FOLLOW_SHARED):
    """The share of the smaller set of facts that both have (0 if fewer than `at_least`)."""
    if not a.facts or not b.facts:
        return 0.0
    shared = len(a.facts & b.facts)
    if shared < at_least:
        return 0.0
    return shared / min(len(a.facts), len(b.facts))


def link(a, b):
    """(how, similarity) if a and b belong in one story, else None."""
    close = within(a, b)
    if close is False:
        return None
    facts = fact_score(a, b, at_least=1)
    if facts < COPY_FACTS_MIN:
        return None  # too little in common for a copy, let alone a follow-up (which needs more)
    score = copy_score(a, b)
    if score >= COPY_MIN:
        return COPY, round(score, 3)
    states = same_states(a, b)
    if close and states:
        needed = FOLLOW_MIN if states == 2 else FOLLOW_MIN_ONE_STATE
        if not topics_agree(a, b):
            needed = max(needed, FOLLOW_MIN_OTHER_TOPIC)
        needed += FOLLOW_SLOPE * abs(a.ts - b.ts) / WINDOW.total_seconds()
        if facts >= needed and fact_score(a, b) >= needed:
            return FOLLOW_UP, round(facts, 3)
    return None


def same_states(a, b):
    """2 when a pair of either is among the other's states, 1 when they share only a
    state of a pair of either, else 0."""
    pairs = [pair.split("-") for pair in (*a.pairs, *b.pairs)]
    if not pairs:
        return 0
    both = set(a.countries) & set(b.countries)
    if any(x in both and y in both for x, y in pairs):
        return 2
    return 1 if any(x in both or y in both for x, y in pairs) else 0


def topics_agree(a, b):
    return not a.topics or not b.topics or bool(set(a.topics) & set(b.topics))


def links_among(doc, candidates, rank):
    """[(how, id, similarity, rank)] of the candidates ((id, Doc, story), earliest first)
    that `doc` links to; once LINKS_PER_STORY of a story's members are linked, its other
    members are not checked (enough to hold the story together if one of them leaves)."""
    found, per_story = [], {}
    for other, other_doc, story in candidates:
        if per_story.get(story, 0) >= LINKS_PER_STORY:
            continue
        result = link(doc, other_doc)
        if result:
            per_story[story] = per_story.get(story, 0) + 1
            found.append((result[0], other, result[1], rank(other)))
    return found


def best(links):
    """The link a member is shown as having joined by: a copy before a follow-up, then
    the most similar, then the earliest other article."""
    return min(links, key=lambda item: (item[1] != COPY, -item[2], item[3]))


# --- in memory ---------------------------------------------------------------------------
class Grouper:
    """Stories of a stream of Docs, held in memory (the command line, the benchmark,
    and the reference the database step is tested against). Only the articles of the
    last KEEP (two windows) before the newest one are held with their signatures and
    band keys; older ones keep only their story, so memory follows the window, not the
    corpus (an article more than a window older than the newest is matched by nothing
    the newest could link to anyway, unless articles come far out of time order)."""

    KEEP = 2 * WINDOW

    def __init__(self):
        self.docs = {}  # id -> Doc, within KEEP of the newest
        self.times = {}  # id -> its timestamp (or None), for the held docs
        self.ranks = {}  # id -> (no time, time, arrival number): earlier first
        self.index = {}  # (band, key) -> deque of ids, in arrival order
        self.recent = deque()  # (time, id) of the held docs, in arrival order
        self.newest = None
        self.story_of = {}  # id -> story number
        self.members = {}  # story number -> set of ids
        self.joined = {}  # id -> (how, similarity)
        self.first = {}  # story number -> its first member

    def add(self, doc):
        self.ranks[doc.id] = (doc.at is None, doc.at.timestamp() if doc.at else 0, len(self.ranks))
        found = self.links_of(doc)
        self.hold(doc)
        stories = sorted({self.story_of[other] for _how, other, *_ in found}, key=self.story_rank)
        if not stories:
            story, self.joined[doc.id] = self.ranks[doc.id][2], ("first", 0.0)
            self.members[story], self.first[story] = set(), doc.id
        else:
            story = stories[0]
            for other in stories[1:]:  # an article that bridges stories merges them
                self.first.pop(other)
                for member in self.members.pop(other):
                    self.story_of[member] = story
                    self.members[story].add(member)
            how, _other, score, _rank = best(found)
            self.joined[doc.id] = (how, score)
        self.story_of[doc.id] = story
        self.members[story].add(doc.id)
        self.first[story] = min(self.first[story], doc.id, key=self.rank)
        return story

    def hold(self, doc):
        self.docs[doc.id] = doc
        self.times[doc.id] = doc.ts
        for band_key in doc.keys:
            self.index.setdefault(band_key, deque()).append(doc.id)
        if doc.at is None:
            return
        self.recent.append((doc.at, doc.id))
        self.newest = max(self.newest or doc.at, doc.at)
        while self.recent and self.recent[0][0] < self.newest - self.KEEP:
            _at, old = self.recent.popleft()
            self.times.pop(old, None)
            for band_key in self.docs.pop(old).keys:
                ids = self.index.get(band_key)
                if ids and ids[0] == old:
                    ids.popleft()
                if not ids:
                    self.index.pop(band_key, None)

    def candidates(self, doc):
        """The CAP latest held articles within the window under each band key of `doc`."""
        seen, times = set(), self.times
        low, high = (doc.ts - _WINDOW_S, doc.ts + _WINDOW_S) if doc.ts is not None else (None, None)

        def near(i):
            t = times.get(i, _GONE)
            return t is not _GONE and (low is None or t is None or low <= t <= high)

        for band_key in doc.keys:
            ids = self.index.get(band_key, ())
            if len(ids) <= 4 * CAP:
                found = [i for i in ids if near(i)]
                if len(found) > CAP:
                    found.sort(key=self.rank, reverse=True)
                seen.update(found[:CAP])
                continue
            taken = 0  # a busy key: its ids are in arrival order, take the latest from the right
            for i in reversed(ids):
                if near(i):
                    seen.add(i)
                    taken += 1
                    if taken == CAP:
                        break
        return sorted(seen, key=self.rank)

    def links_of(self, doc):
        return links_among(doc, [(other, self.docs[other], self.story_of[other]) for other in self.candidates(doc)
                                 if other != doc.id], self.rank)

    def rank(self, ident):
        return self.ranks[ident]

    def story_rank(self, story):
        return self.rank(self.first[story])

    def labels(self):
        """{id: the id of its story's first article}."""
        return {ident: self.first[story] for ident, story in self.story_of.items()}
