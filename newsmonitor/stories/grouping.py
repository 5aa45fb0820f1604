"""The pipeline's grouping step: each tagged article joins a story, starts one, or
bridges two (which merge), in near-constant time.

    changed = group(article_ids)   # ids of every article whose story changed

For each article, in time order: its engine.Doc (text, tags) is stored as a Fingerprint
and its band keys in the Band table; the candidates are the articles sharing a band key
with it within engine.WINDOW (at most engine.CAP a key, by one indexed query), checked
with engine.link against their stored fingerprints; the links found replace the
article's old ones (Link). It then joins the earliest of the stories it links to, which
absorbs the others (a merge; the earliest is the one whose first article is earliest).
An article grouped again because its text or tags changed (its digest differs) leaves
links it no longer has: the story it was in is split into the parts still linked. An
article that has not changed is left alone, so the step is idempotent.

Pinned stories (an editor's split or merge) are closed to grouping: their members stay
where the editor put them, and no article joins one or merges with one (links to their
members are still recorded, but take no part in placing an article). Otherwise an
editor's split would be undone by the next article, or the next regroup, that copies
both parts.

Concurrency: every batch runs in one transaction under one lock (pg_advisory_xact_lock
on PostgreSQL; SQLite's transactions are IMMEDIATE, so writers queue anyway). An
article's place depends on rows other articles write (their bands, links and stories),
not only on its own: two workers grouping two copies of one event at once would each see
no candidate (the other's rows not yet committed) and start two stories of one event,
and a merge racing a join could move a story's members while a new one joins the story
being emptied. Conditional updates guard single rows, not what a query did not find,
so the step is serialised instead; it costs a few milliseconds an article.
"""

from django.db import connection, transaction

from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.articles.tags import TAGGABLE, text_of

from . import engine, members
from .models import Band, Fingerprint, Link, StoryMember

LOCK_KEY = 7_351_012  # shared by every writer of stories: grouping, regroup, the admin's split and merge
BATCH = 200
How = StoryMember.How


def lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def group(article_ids):
    """Groups these articles (those with text; in time order); returns the ids of every
    article whose story changed: the new members and the members of merged or split stories."""
    docs = docs_of(article_ids)
    changed = set()
    for start in range(0, len(docs), BATCH):
        with transaction.atomic():
            lock()
            batch = members.Batch()
            for doc in docs[start:start + BATCH]:
                changed |= place(doc, batch)
            batch.finish()
    return changed


def docs_of(article_ids):
    """engine.Docs of the articles that have text, from their text and stored tags, by time."""
    ids = sorted({int(i) for i in article_ids})
    articles = list(Article.objects.filter(pk__in=ids, extraction_status__in=TAGGABLE)
                    .only("pk", "title", "body", "summary", "published_at", "discovered_at", "outlet_id"))
    ids = [a.pk for a in articles]
    pairs, topics, countries = {}, {}, {}
    for article_id, a, b in ArticlePair.objects.filter(article_id__in=ids).values_list("article_id", "a", "b"):
        pairs.setdefault(article_id, []).append(f"{a}-{b}")
    for article_id, topic in ArticleTopic.objects.filter(article_id__in=ids).values_list("article_id", "topic"):
        topics.setdefault(article_id, []).append(topic)
    for article_id, code in (ArticleCountry.objects.filter(article_id__in=ids).order_by("article_id", "-score", "code")
                             .values_list("article_id", "code")):
        countries.setdefault(article_id, []).append(code)
    docs = [engine.make_doc(a.pk, a.title, text_of(a), a.display_time, a.outlet_id, pairs.get(a.pk, ()),
                            topics.get(a.pk, ()), countries.get(a.pk, ())) for a in articles]
    return sorted(docs, key=lambda doc: (doc.at, doc.id))


def place(doc, batch):
    """Puts one article in its story; returns the ids whose story changed."""
    member = StoryMember.objects.filter(pk=doc.id).first()
    digest = doc.digest()
    if member and Fingerprint.objects.filter(pk=doc.id, digest=digest).exists():
        return set()
    index(doc, digest)
    found = links_of(doc)
    old_links = relink(doc, found)
    story = batch.get([member.story_id])[0] if member else None
    if story is not None and story.pinned:
        return set()
    linked = batch.get(sorted(set(StoryMember.objects.filter(article_id__in=[o for _h, o, _s, _r in found])
                                  .values_list("story_id", flat=True))))
    target, losers = choose(linked)
    changed = set()
    if losers:
        changed |= members.merge(batch, target, losers)
    if story is not None and story in losers:
        story = target  # its old story was absorbed: what it left is now in the target
    if target is None:
        target = story if story is not None and only_member(story, doc.id) else batch.start(doc)
    how, _other, similarity, _rank = engine.best(found) if found else (How.FIRST, None, 0.0, None)
    if member is None:
        StoryMember.objects.create(article_id=doc.id, story=target, how=how, similarity=similarity)
        changed.add(doc.id)
        batch.join(target, doc)
    else:
        StoryMember.objects.filter(pk=doc.id).update(story=target, how=how, similarity=similarity)
        if member.story_id != target.pk:
            changed.add(doc.id)
        if member.story_id != target.pk and story.pk != target.pk:
            batch.recount.add(story.pk)  # it left that story
            batch.join(target, doc)
        else:
            batch.recount.add(target.pk)  # grouped again within its story: its tags may have changed
    if story is not None and (story.pk != target.pk or old_links - {o for _h, o, _s, _r in found}):
        changed |= members.split(batch, story)
    return changed


def choose(linked):
    """(the story to join, the stories it absorbs): the earliest one that is not pinned,
    absorbing the others that are not."""
    ordered = sorted((s for s in linked if not s.pinned), key=members.rank)
    return (ordered[0], ordered[1:]) if ordered else (None, [])


def only_member(story, article_id):
    return not StoryMember.objects.filter(story=story).exclude(article_id=article_id).exists()


def index(doc, digest):
    """Stores the article's fingerprint and band keys (replacing older ones)."""
    old = Fingerprint.objects.filter(pk=doc.id).first()
    if old is not None:
        keys = doc_from(old, with_keys=True).keys
        Band.objects.filter(article_id=doc.id, band__in={b for b, _k in keys}, key__in={k for _b, k in keys}).delete()
    Fingerprint.objects.update_or_create(article_id=doc.id, defaults=dict(
        at=doc.at, outlet_id=doc.outlet, size=doc.size, signatures=engine.pack(doc), facts=" ".join(sorted(doc.facts)),
        pairs=" ".join(doc.pairs), countries=" ".join(doc.countries), topics=" ".join(doc.topics), digest=digest))
    Band.objects.bulk_create([Band(band=b, key=k, at=doc.at, article_id=doc.id) for b, k in dict.fromkeys(doc.keys)],
                             ignore_conflicts=True)


def doc_from(fingerprint, with_keys=False):
    full, lead = engine.unpack(fingerprint.signatures)
    return engine.build_doc(fingerprint.article_id, fingerprint.at, fingerprint.outlet_id, fingerprint.pairs.split(),
                            fingerprint.countries.split(), fingerprint.topics.split(), fingerprint.size, full, lead,
                            fingerprint.facts.split(), with_keys=with_keys)


def candidates(doc):
    """Ids of the articles sharing a band key with `doc` within the window: for each key
    the CAP latest, in one query (a UNION of index range scans)."""
    keys = list(dict.fromkeys(doc.keys))
    if not keys:
        return []
    low, high = doc.at - engine.WINDOW, doc.at + engine.WINDOW
    table = Band._meta.db_table
    one = (f"SELECT article_id FROM (SELECT article_id FROM {table} WHERE band = %s AND key = %s "
           f"AND at BETWEEN %s AND %s ORDER BY at DESC, article_id DESC LIMIT {engine.CAP}) AS k{{}}")
    sql = " UNION ".join(one.format(i) for i in range(len(keys)))
    params = [value for band, key in keys for value in (band, key, low, high)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted({row[0] for row in cursor.fetchall()} - {doc.id})


def links_of(doc):
    """[(how, other, similarity, rank)] for the candidates that engine.link accepts (as
    engine.links_among checks them: earliest first, a few a story)."""
    others = list(map(doc_from, Fingerprint.objects.filter(pk__in=candidates(doc)).order_by("at", "article_id")))
    story_of = dict(StoryMember.objects.filter(article_id__in=[o.id for o in others])
                    .values_list("article_id", "story_id"))
    ranks = {o.id: (o.at, o.id) for o in others}
    return engine.links_among(doc, [(o.id, o, story_of.get(o.id, -o.id)) for o in others], ranks.get)


def relink(doc, found):
    """Replaces the article's links with `found`; returns the ids it was linked to before."""
    incident = Link.objects.filter(a=doc.id) | Link.objects.filter(b=doc.id)
    old = {b if a == doc.id else a for a, b in incident.values_list("a", "b")}
    incident.delete()
    Link.objects.bulk_create([Link(a=min(doc.id, other), b=max(doc.id, other), how=how, similarity=similarity)
                              for how, other, similarity, _rank in found], ignore_conflicts=True)
    return old
