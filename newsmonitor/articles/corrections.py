"""Editors' corrections, laid over the tagger's answer.

An article's tag rows are always computed the same way (tags.tag_articles): the tagger's
answer, then its corrections on top — a removed tag is dropped, an added one is kept as
curated (source "editor"), with the tagger's details when it found the tag too. So a
correction survives every re-tag, a rule change included, and withdrawing one is a
re-tag of the article without it.

Two consequences are drawn when laying over, not stored: a pair's two states are tags of
the article (a curated pair adds its missing countries), and a removed country takes its
pairs with it. An added pair marked primary is the primary pair; when the primary one is
removed, the strongest pair left becomes primary."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic, Correction, Tag
from newsmonitor.tagging import TOPIC_SLUGS, countries

EDITOR = Tag.Source.EDITOR
Kind, Action = Correction.Kind, Correction.Action
CURATED_SCORE = 1.0


class CorrectionError(ValueError):
    """A correction that cannot be made, with a message for the editor."""


def normalized(kind, value):
    """The stored form of a tag: "EG", "EG-PK" (sorted) or a topic slug."""
    value = (value or "").strip()
    if kind == Kind.COUNTRY:
        code = value.upper()
        if code not in countries():
            raise CorrectionError(f"{value!r} is not the code of a state the tagger knows")
        return code
    if kind == Kind.PAIR:
        parts = [normalized(Kind.COUNTRY, part) for part in value.replace("–", "-").split("-")]
        if len(parts) != 2 or parts[0] == parts[1]:
            raise CorrectionError(f"{value!r} is not a pair of two states, as EG-PK")
        return "-".join(sorted(parts))
    if kind == Kind.TOPIC:
        if value not in TOPIC_SLUGS:
            raise CorrectionError(f"{value!r} is not a topic of the taxonomy")
        return value
    raise CorrectionError(f"no kind of tag named {kind!r}")


def correct(article, kind, value, action, *, user=None, primary=False, note=""):
    """Records an editor's correction of one tag (replacing an earlier one of the same
    tag) and re-tags the article with it. Returns the Correction; the caller refreshes
    the article's read models (a layer above)."""
    from newsmonitor.articles import tags  # tags lays corrections over: imported when used

    if article.extraction_status not in tags.TAGGABLE:
        raise CorrectionError("this article has no text yet: it is corrected once it is tagged")
    if action not in Action.values:
        raise CorrectionError(f"no action named {action!r}: add or remove")
    value = normalized(kind, value)
    with transaction.atomic():
        made, _ = Correction.objects.update_or_create(
            article=article, kind=kind, value=value,
            defaults={"action": action, "primary": bool(primary and kind == Kind.PAIR and action == Action.ADD),
                      "note": note, "user": user, "created_at": timezone.now()})
        tags.tag_articles([article])
    return made


def withdraw(correction):
    """Forgets a correction; the article's tags are the tagger's again for that tag."""
    from newsmonitor.articles import tags

    article = correction.article
    with transaction.atomic():
        correction.delete()
        tags.tag_articles([article])


@dataclass
class Overlay:
    """One article's corrections, ready to lay over the tagger's rows."""

    added: dict = field(default_factory=lambda: {kind: {} for kind in Kind.values})  # kind -> value -> Correction
    removed: dict = field(default_factory=lambda: {kind: set() for kind in Kind.values})

    def pinned(self, kind, value):
        """Whether the tagger's word on this tag (a kind and a value as stored: EG,
        EG-PK, energy) is overruled for this article, so no rule change can move it."""
        if value in self.added[kind] or value in self.removed[kind]:
            return True
        if kind == Kind.PAIR:
            return any(state in self.removed[Kind.COUNTRY] for state in value.split("-"))
        if kind == Kind.COUNTRY:
            return any(value in pair.split("-") for pair in self.added[Kind.PAIR])
        return False

    @property
    def pins_primary(self):
        """Whether the corrections decide the primary pair (a curated primary, or a removed pair)."""
        return any(c.primary for c in self.added[Kind.PAIR].values()) or bool(self.removed[Kind.PAIR])

    def apply(self, article, countries, pairs, topics):
        pairs = self._pairs(article, pairs)
        countries = self._countries(article, countries, pairs)
        _settle_primary(pairs)
        return countries, pairs, self._topics(article, topics)

    def _countries(self, article, rows, pairs):
        wanted = dict(self.added[Kind.COUNTRY])
        for p in pairs:
            if p.source == EDITOR:
                wanted.setdefault(p.a, None)
                wanted.setdefault(p.b, None)
        return _laid_over(rows, "code", wanted, self.removed[Kind.COUNTRY],
                          lambda code: ArticleCountry(article=article, day=article.day, code=code, score=CURATED_SCORE))

    def _pairs(self, article, rows):
        for p in rows:
            p.key = f"{p.a}-{p.b}"
        out = _laid_over(rows, "key", self.added[Kind.PAIR], self.removed[Kind.PAIR], lambda key: ArticlePair(
            article=article, day=article.day, a=key[:2], b=key[3:], score=CURATED_SCORE))
        # A removed state takes its pairs with it, curated ones too: the removal is the later word.
        gone = self.removed[Kind.COUNTRY]
        out = [p for p in out if p.a not in gone and p.b not in gone]
        chosen = [key for key, c in self.added[Kind.PAIR].items() if c.primary]
        if chosen:
            for p in out:
                p.primary = p.key == chosen[-1]
        return out

    def _topics(self, article, rows):
        return _laid_over(rows, "topic", self.added[Kind.TOPIC], self.removed[Kind.TOPIC],
                          lambda slug: ArticleTopic(article=article, day=article.day, topic=slug, score=CURATED_SCORE))


def _laid_over(rows, key, added, removed, make):
    """The rows without the removed keys, the added ones marked curated (made when the
    tagger did not find them). `added` maps a value to its Correction, or to None for a
    tag implied by another (kept as the tagger's when it found it)."""
    out = [row for row in rows if getattr(row, key) not in removed]
    present = {getattr(row, key): row for row in out}
    for value, correction in added.items():
        if value in removed:
            continue
        row = present.get(value)
        if row is None:
            row = make(value)
            setattr(row, key, value)
            out.append(row)
            row.source = EDITOR
        elif correction is not None:  # None: implied (a curated pair's state), not itself corrected
            row.source = EDITOR
    return out


def _settle_primary(pairs):
    """One primary pair at most; the strongest pair when the primary one was removed."""
    primaries = [p for p in pairs if p.primary]
    if len(primaries) > 1:
        for p in primaries[1:]:
            p.primary = False
    if pairs and not primaries:
        max(pairs, key=lambda p: (p.source == EDITOR, p.score)).primary = True


def overlays(article_ids):
    """{article id: Overlay} of those of these articles that have corrections."""
    found = {}
    for c in Correction.objects.filter(article_id__in=article_ids):
        overlay = found.setdefault(c.article_id, Overlay())
        if c.action == Action.ADD:
            overlay.added[c.kind][c.value] = c
        else:
            overlay.removed[c.kind].add(c.value)
    return found


def corrected_articles():
    """Articles with at least one correction, oldest correction first."""
    return Article.objects.filter(corrections__isnull=False).distinct().order_by("pk")


def gold_records(chunk=200):
    """Each corrected article as a gold record (the tagger's gold format): its text and its
    tags as they stand, corrections laid over, with the corrections themselves."""
    ids = list(corrected_articles().values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        tags = {pk: {"countries": [], "pairs": [], "primary_pair": None, "topics": []} for pk in part}
        for pk, code in ArticleCountry.objects.filter(article_id__in=part).values_list("article_id", "code"):
            tags[pk]["countries"].append(code)
        for pk, a, b, primary in ArticlePair.objects.filter(article_id__in=part).values_list(
                "article_id", "a", "b", "primary"):
            tags[pk]["pairs"].append([a, b])
            if primary:
                tags[pk]["primary_pair"] = [a, b]
        for pk, topic in ArticleTopic.objects.filter(article_id__in=part).values_list("article_id", "topic"):
            tags[pk]["topics"].append(topic)
        made = {}
        for c in Correction.objects.filter(article_id__in=part).order_by("created_at"):
            made.setdefault(c.article_id, []).append(
                {"kind": c.kind, "value": c.value, "action": c.action, "primary": c.primary})
        for article in Article.objects.filter(pk__in=part).order_by("pk"):
            found = tags[article.pk]
            yield {"id": f"article-{article.pk}", "title": article.title, "body": article.body or article.summary,
                   "countries": sorted(found["countries"]), "pairs": sorted(found["pairs"]),
                   "primary_pair": found["primary_pair"], "topics": sorted(found["topics"]), "kind": "full",
                   "corrections": made.get(article.pk, []),
                   "note": "editors' corrections over the tagger's answer (exportcorrections)"}
