"""Learned outlet furniture: paragraphs an outlet prints under many of its stories (a
comment policy, an app promotion, a "read also" teaser, a copyright line) that the page
reader lets through. Each outlet's are learned from its own articles as they are
extracted, and stripped from the stored body; the page's extraction is kept as it came
(Article.raw_body). Tagging and story grouping read the body, so they never see them.

The rule-based furniture of the tagger (newsmonitor/tagging/furniture.py: dash rules,
"read also" lines, glued leads) is what one article shows by itself; this is what only
many articles of one outlet show.

- A paragraph is known by the hash of its normalised words (tagging.normalize), with every
  number and the words touching it left out: a date line, a count of readers or a year
  that changes from page to page is still the same paragraph.
- It is learned as furniture once it has been in MIN_ARTICLES distinct articles of the
  outlet and in at least MIN_SHARE of its latest ones (a decayed share over about
  WINDOW articles). Five is more than a story's own sentence reaches when the original
  and a few follow-ups quote it; on the real corpus (BENCHMARKS.md, outlet furniture)
  four already caught a story's background paragraph repeated by its follow-ups.
- When a paragraph newly becomes furniture, the outlet's latest RECLEAN_LIMIT articles
  are cleaned again from their raw extraction (reclean_outlet), and the pipeline re-tags
  those whose body changed.
- Editors may say a paragraph is always or never furniture (OutletParagraph.override).

The arithmetic (paragraph keys, shares, stripping, the Learner) is plain Python, shared
by the database path below and by the benches."""

import hashlib
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from newsmonitor.tagging import normalize

MIN_ARTICLES = 5
MIN_SHARE = 0.1
WINDOW = 100
DECAY = 1 - 1 / WINDOW
# Re-cleaning after a change looks at this many of the outlet's latest articles: three
# learning windows, so the articles that taught a paragraph are inside it, and a bounded
# step: at most this many bodies rewritten and re-tagged (all 300 took 5 to 12 s on the
# shared bench machine, BENCHMARKS.md; a newly learned paragraph changes only the few dozen at
# most that carry it, inside the extract task's time limit).
RECLEAN_LIMIT = 300
# A paragraph out of the outlet's latest FORGET_AFTER articles that is not furniture is
# forgotten (looked for every FORGET_EVERY articles), so the table holds about a
# thousand articles' paragraphs per outlet, not every paragraph ever printed.
FORGET_AFTER = 1000
FORGET_EVERY = 200
EXAMPLE_CHARS = 2000

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")


# --- paragraphs and their keys (plain Python) ----------------------------------------------
def paragraphs(body):
    """The body's paragraphs (its non-empty lines), as printed."""
    return [line.strip() for line in (body or "").split("\n") if line.strip()]


def words_of(paragraph):
    """The words a paragraph is matched by: normalised, without any number or a word
    touching one (the day and month of a date, the count in "250 ألف قارئ")."""
    tokens = _WORD.findall(normalize(paragraph).casefold())
    numbered = [bool(_DIGIT.search(token)) for token in tokens]
    return [token for i, token in enumerate(tokens)
            if not (numbered[i] or (i and numbered[i - 1]) or (i + 1 < len(tokens) and numbered[i + 1]))]


def paragraph_key(paragraph):
    """The paragraph's key, or "" for one with no word to match (a rule of dashes)."""
    words = words_of(paragraph)
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest() if words else ""


def keyed(body):
    """{key: paragraph as printed} of the body's paragraphs that have words."""
    found = {}
    for paragraph in paragraphs(body):
        key = paragraph_key(paragraph)
        if key:
            found.setdefault(key, paragraph)
    return found


def strip(body, furniture):
    """The body without the paragraphs whose key is in `furniture`; unchanged (the same
    string) when it has none of them."""
    if not body or not furniture:
        return body
    lines = body.split("\n")
    kept = [line for line in lines if not (line.strip() and paragraph_key(line) in furniture)]
    if len(kept) == len(lines):
        return body
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


# --- counting and shares (plain Python, on any object with the paragraph's fields) ----------
def share(row, n):
    """The paragraph's share of the outlet's latest articles when it has read n: the
    decayed count of those it was in over the decayed count of all of them since it was
    first seen (so early on it is the plain share, later one over about WINDOW)."""
    recent = row.recent * DECAY ** (n - row.last_seen_n)
    span = n - row.first_seen_n + 1
    return recent * (1 - DECAY) / (1 - DECAY ** span)


def sight(row, n, min_articles=None, min_share=None):
    """Counts the outlet's n-th article as carrying this paragraph. True when this makes
    it furniture (it was not learned before). The thresholds are MIN_ARTICLES and
    MIN_SHARE unless given (the benches try others)."""
    row.recent = row.recent * DECAY ** (n - row.last_seen_n) + 1
    row.last_seen_n = n
    row.articles += 1
    if (not row.learned and row.articles >= (min_articles or MIN_ARTICLES)
            and share(row, n) >= (min_share or MIN_SHARE)):
        row.learned = True
        return True
    return False


def is_furniture(row):
    if row.override:
        return row.override == "always"
    return row.learned


@dataclass
class Seen:
    """A paragraph in memory, with the fields of OutletParagraph the arithmetic uses."""

    first_seen_n: int
    last_seen_n: int
    articles: int = 0
    recent: float = 0.0
    learned: bool = False
    override: str = ""
    example: str = ""


class Learner:
    """The learning in memory, for benches and checks: the same thresholds and shares as
    the database path (learn_and_clean), without forgetting."""

    def __init__(self, min_articles=None, min_share=None):
        self.seen = {}  # outlet -> {key: Seen}
        self.read = {}  # outlet -> articles read
        self.thresholds = (min_articles, min_share)

    def learn(self, outlet, body):
        """Reads one article of the outlet: (its body without the outlet's furniture,
        the keys this article made furniture)."""
        n = self.read[outlet] = self.read.get(outlet, 0) + 1
        rows = self.seen.setdefault(outlet, {})
        found = keyed(body)
        new = set()
        for key, text in found.items():
            row = rows.setdefault(key, Seen(first_seen_n=n, last_seen_n=n))
            row.example = text
            if sight(row, n, *self.thresholds):
                new.add(key)
        return strip(body, {key for key in found if is_furniture(rows[key])}), new

    def furniture(self, outlet):
        return {key for key, row in self.seen.get(outlet, {}).items() if is_furniture(row)}


def as_stored(articles):
    """The bodies of `articles` ((outlet, extracted body) in the order they are read) as
    the pipeline stores them: each cleaned of its outlet's furniture when read, and the
    outlet's latest RECLEAN_LIMIT cleaned again whenever it learns a paragraph."""
    learner, stored, read = Learner(), [], {}
    for outlet, body in articles:
        cleaned, new = learner.learn(outlet, body)
        stored.append(cleaned)
        mine = read.setdefault(outlet, [])
        mine.append(len(stored) - 1)
        if new:
            furniture = learner.furniture(outlet)
            for i in mine[-RECLEAN_LIMIT:]:
                stored[i] = strip(articles[i][1], furniture)
    return stored, learner


# --- the database path ---------------------------------------------------------------------
# (The models are imported inside the functions: the arithmetic above is used by the
# benches, which do not set Django up.)
def learn_and_clean(article, raw):
    """Counts the paragraphs of `raw` (the article's extraction) for its outlet and returns
    (the body without the outlet's furniture, whether the outlet's latest articles are to
    be cleaned again). Runs once per extracted article, inside the transaction that saves
    it: the outlet's learner row is locked until then."""
    from newsmonitor.articles.models import OutletLearner, OutletParagraph

    if article.outlet_id is None or not raw:
        return raw, False
    found = keyed(raw)
    learner, _ = OutletLearner.objects.select_for_update().get_or_create(outlet_id=article.outlet_id)
    learner.articles += 1
    n, now = learner.articles, timezone.now()
    rows = {row.key: row for row in OutletParagraph.objects.filter(outlet_id=article.outlet_id, key__in=found)}
    seen_before, new = list(rows.values()), []
    for key, text in found.items():
        row = rows.get(key)
        if row is None:
            row = rows[key] = OutletParagraph(outlet_id=article.outlet_id, key=key, first_seen_n=n, last_seen_n=n,
                                              first_seen_at=now)
            new.append(row)
        row.last_seen_at = now
        if sight(row, n):
            row.learned_at = now
            learner.reclean_due = True
        # Most paragraphs are seen once: their text is kept once they recur, so the
        # insert that every article makes stays small.
        row.example = text[:EXAMPLE_CHARS] if row.articles > 1 else ""
    OutletParagraph.objects.bulk_create(new)
    OutletParagraph.objects.bulk_update(seen_before, [
        "example", "articles", "recent", "last_seen_n", "last_seen_at", "learned", "learned_at"])
    learner.save()
    if n % FORGET_EVERY == 0:
        forget(article.outlet_id, n)
    return strip(raw, {key for key, row in rows.items() if is_furniture(row)}), learner.reclean_due


def forget(outlet_id, n):
    """Paragraphs of the outlet not seen in its latest FORGET_AFTER articles, that are not
    furniture and no editor spoke of, are dropped: should one come back, it is counted
    afresh."""
    from newsmonitor.articles.models import OutletParagraph

    return OutletParagraph.objects.filter(outlet_id=outlet_id, last_seen_n__lt=n - FORGET_AFTER, learned=False,
                                          override="").delete()[0]


def furniture_keys(outlet_id):
    from newsmonitor.articles.models import OutletParagraph

    rows = OutletParagraph.objects.filter(outlet_id=outlet_id).filter(Q(learned=True) | Q(override="always"))
    return {key for key, override in rows.exclude(override="never").values_list("key", "override")}


def reclean_outlet(outlet_id, limit=None):
    """Cleans the outlet's latest `limit` (RECLEAN_LIMIT) extracted articles again, from their raw
    extraction, with its furniture as it stands: the ids of those whose body changed
    (to be re-tagged). A paragraph an editor took out of the furniture comes back.
    The outlet's reclean_due is cleared first, so a paragraph learned meanwhile sets it
    again."""
    from newsmonitor.articles.models import Article, OutletLearner
    from newsmonitor.lib.pages import content_hash

    OutletLearner.objects.filter(outlet_id=outlet_id).update(reclean_due=False)
    furniture = furniture_keys(outlet_id)
    latest = (Article.objects.filter(outlet_id=outlet_id, extraction_status=Article.Extraction.DONE)
              .order_by("-id").only("id", "title", "summary", "body", "raw_body")[:limit or RECLEAN_LIMIT])
    changed = []
    for article in latest:
        raw = article.raw_text
        body = strip(raw, furniture)
        if body == article.body:
            continue
        with transaction.atomic():
            Article.objects.filter(pk=article.pk).update(
                body=body, raw_body=raw if body != raw else "",
                content_hash=content_hash(article.title, body or article.summary or article.title))
        changed.append(article.pk)
    return changed


def mark_due(outlet_id):
    """The outlet's furniture changed by an editor's word: its latest articles are to be
    cleaned again (by the pipeline's reclean step, or its next extraction)."""
    from newsmonitor.articles.models import OutletLearner

    OutletLearner.objects.update_or_create(outlet_id=outlet_id, defaults={"reclean_due": True})
