"""Grouping stored articles again from scratch (`manage.py regroup`): after a change of
the engine, or to check that a re-run gives the same stories.

The selection (tagged articles, published or found on or after `since`) loses its
memberships, links, fingerprints and band keys, except the members of pinned stories,
which stay as the editors left them; then it is grouped again in time order (time, then
id), in batches, exactly as the pipeline groups new articles. A checkpoint (the last
article done, with the selection it belongs to) lets an interrupted run go on where it
stopped; the articles not yet done meanwhile count as stories of their own."""

import json
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from newsmonitor.articles.models import Article
from newsmonitor.articles.tags import TAGGABLE

from . import grouping, members
from .models import Band, Fingerprint, Link, Story, StoryMember

CHUNK = 2000


def selection(since=None):
    """Tagged articles not in a pinned story, with their time, in grouping order."""
    articles = (Article.objects.filter(extraction_status__in=TAGGABLE, tagged_at__isnull=False)
                .exclude(story_member__story__pinned=True)
                .annotate(when=Coalesce("published_at", "discovered_at")))
    if since is not None:
        articles = articles.filter(when__gte=since)
    return articles.order_by("when", "pk")


def run(since=None, checkpoint=None, batch=grouping.BATCH, restart=False, on_batch=None):
    """Regroups the selection; `on_batch(changed ids)` after each batch (the caller
    refreshes the read models). Returns (articles grouped, whether it resumed)."""
    key = {"since": since.isoformat() if since else None}
    last = None if restart else _resume_point(checkpoint, key)
    articles = selection(since)
    if last is None:
        clear(articles)
    else:
        when, pk = last
        articles = articles.filter(Q(when__gt=when) | Q(when=when, pk__gt=pk))
    done = 0
    for ids, last_row in _batches(articles, batch):
        changed = grouping.group(ids)
        done += len(ids)
        if checkpoint is not None:
            checkpoint.write_text(json.dumps({**key, "when": last_row[0].isoformat(), "pk": last_row[1]}))
        if on_batch:
            on_batch(changed | set(ids))
    if checkpoint is not None:
        checkpoint.unlink(missing_ok=True)
    return done, last is not None


def _batches(articles, size):
    rows = articles.values_list("when", "pk").iterator(chunk_size=CHUNK)
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield [pk for _w, pk in chunk], chunk[-1]
            chunk = []
    if chunk:
        yield [pk for _w, pk in chunk], chunk[-1]


def _resume_point(checkpoint, key):
    if checkpoint is None or not checkpoint.exists():
        return None
    try:
        saved = json.loads(checkpoint.read_text())
    except ValueError:
        return None
    if any(saved.get(k) != v for k, v in key.items()) or "when" not in saved:
        return None  # a checkpoint of another selection would skip the wrong articles
    return datetime.fromisoformat(saved["when"]), saved["pk"]


def clear(articles):
    """Forgets the selection's grouping (its stories shrink or go), in chunks."""
    ids = list(articles.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        with transaction.atomic():
            grouping.lock()
            for fingerprint in Fingerprint.objects.filter(article_id__in=chunk):
                keys = grouping.doc_from(fingerprint, with_keys=True).keys
                Band.objects.filter(article_id=fingerprint.article_id, band__in={b for b, _k in keys},
                                    key__in={k for _b, k in keys}).delete()
            Fingerprint.objects.filter(article_id__in=chunk).delete()
            (Link.objects.filter(a__in=chunk) | Link.objects.filter(b__in=chunk)).delete()
            touched = set(StoryMember.objects.filter(article_id__in=chunk).values_list("story_id", flat=True))
            StoryMember.objects.filter(article_id__in=chunk).delete()
            stories = list(Story.objects.filter(pk__in=touched))
            members.summarise(stories)
            Story.objects.filter(pk__in=[s.pk for s in stories if s.size == 0], pinned=False).delete()
            Story.objects.bulk_update([s for s in stories if s.size > 0], ["first_article", "first_at", "last_at", "size",
                                                                          "outlets", "outlet_countries", "countries",
                                                                          "pairs", "topics"])
