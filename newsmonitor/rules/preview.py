"""What a change of the rules would do, before it is saved: the latest articles tagged
with the rules in force and with the proposed ones, and the tags that come and go.

Nothing is written to the database: the proposed files go to a temporary folder, the
tagger built from them is dropped afterwards, and the articles are only read (the
admin view also runs it in a transaction it rolls back). The figures are those a re-tag
would store: the same articles' same text (the runner gives what the tagging step
gives the tagger) through the same taggers."""

import gc
import tempfile
import time
from dataclasses import dataclass, field

from newsmonitor.tagging import Tagger

from . import runner
from .current import current_rules
from .materialise import files_for, write_files

DEFAULT_SIZE, MAX_SIZE = 2000, 10000
KINDS = ("country", "pair", "topic")
SHOWN = 200  # articles listed on the page; the totals count them all


@dataclass(frozen=True)
class TagChange:
    kind: str  # country, pair or topic
    tag: str  # EG, EG-PK, energy
    evidence: tuple  # forms as printed, the pair's sentences, the topic's terms


@dataclass
class ArticleChange:
    article: object  # what the runner gave: pk, title, link
    added: list
    removed: list
    primary: tuple = None  # (before, after) when the primary pair moved


@dataclass
class Preview:
    examined: int = 0
    articles: list = field(default_factory=list)  # ArticleChange, newest article first
    totals: dict = field(default_factory=lambda: {kind: {"added": 0, "removed": 0} for kind in KINDS})
    seconds: float = 0.0

    @property
    def changed(self):
        return len(self.articles)

    @property
    def shown(self):
        return self.articles[:SHOWN]


def preview(edits, size=DEFAULT_SIZE):
    """The Preview of the rule set `edits` (every edit in force with the change) against
    the rules in force, over the latest `size` articles."""
    started = time.perf_counter()
    _, current = current_rules()
    with tempfile.TemporaryDirectory(prefix="newsmonitor-rules-preview-") as folder:
        proposed = build(write_files(folder, files_for(edits)))
    result = compare(current, proposed, runner.recent_articles(min(size, MAX_SIZE)))
    result.seconds = time.perf_counter() - started
    return result


def build(folder):
    enabled = gc.isenabled()
    gc.disable()  # as Tagger.load does: 0.3 s instead of 0.8-1
    try:
        return Tagger(folder)
    finally:
        if enabled:
            gc.enable()


def compare(before_tagger, after_tagger, articles):
    found = Preview()
    for article in articles:
        found.examined += 1
        language = article.language or None
        before = before_tagger.tag(article.title, article.text, language=language)
        after = after_tagger.tag(article.title, article.text, language=language)
        change = difference(article, before, after)
        if change is not None:
            found.articles.append(change)
            for tag in change.added:
                found.totals[tag.kind]["added"] += 1
            for tag in change.removed:
                found.totals[tag.kind]["removed"] += 1
    return found


def difference(article, before, after):
    """The ArticleChange between two TagResults, or None when they give the same tags.
    Tags an editor's correction holds (article.pinned) do not move, as in a re-tag."""
    old, new = tags_of(before), tags_of(after)
    held = getattr(article, "pinned", None) or (lambda kind, tag: False)
    added = [new[key] for key in new if key not in old and not held(*key)]
    removed = [old[key] for key in old if key not in new and not held(*key)]
    primary = (_pair(before.primary_pair), _pair(after.primary_pair))
    moved = primary if primary[0] != primary[1] and not getattr(article, "pins_primary", False) else None
    if not added and not removed and not moved:
        return None
    return ArticleChange(article, added, removed, moved)


def tags_of(result):
    """{(kind, tag): TagChange} of a TagResult, with each tag's evidence."""
    tags = {}
    for d in result.country_details:
        tags[("country", d.code)] = TagChange("country", d.code, tuple(d.forms))
    for d in result.pair_details:
        tags[("pair", _pair(d.pair))] = TagChange("pair", _pair(d.pair), tuple(d.evidence))
    for d in result.topic_details:
        tags[("topic", d.topic)] = TagChange("topic", d.topic, tuple(d.terms))
    return tags


def _pair(pair):
    return "-".join(pair) if pair else ""
