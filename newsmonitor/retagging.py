"""The re-tag a change of the tag rules starts, and the articles a rule preview reads:
the project's side of newsmonitor.rules (named by settings.NEWSMONITOR_RULES_RUNNER,
see rules/runner.py). Here, not in rules, because it reads articles and runs the
pipeline's tag step, so the timelines follow each batch.

A job (rules.models.RetagJob) re-tags, in id order and in batches, every taggable
article whose tagger version is not its revision's. The task rules.retag runs a slice
of it (BUDGET seconds) and queues the next as a new message, so other tagging is never
held up for long. A worker claims the job with a lease, renewed each batch; if the
worker dies, the message comes back (acks late) and the job is taken up where its last
batch ended once the lease is over. A later revision supersedes the job: it stops at
its next batch and the new job re-tags everything not on the new version."""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import DatabaseError
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from newsmonitor import pipeline
from newsmonitor.articles import corrections, tags
from newsmonitor.articles.models import Article
from newsmonitor.celery import app, send_now
from newsmonitor.rules.models import RetagJob

log = logging.getLogger(__name__)

BATCH = 200
LEASE = timedelta(minutes=5)
BUDGET = 30.0  # seconds of re-tagging per task run
DONE, MORE, BUSY, STOPPED, FAILED = "done", "more", "busy", "stopped", "failed"
RUNNING = RetagJob.Status.RUNNING


@dataclass(frozen=True)
class ArticleText:
    """What a preview tags: the text the tagging step gives the tagger, and a link."""

    pk: int
    title: str
    text: str
    language: str
    link: str
    overlay: object = None  # the article's corrections (articles.corrections.Overlay), if any

    def pinned(self, kind, tag):
        """Whether an editor's correction holds this tag, whatever the rules say."""
        return self.overlay is not None and self.overlay.pinned(kind, tag)

    @property
    def pins_primary(self):
        return self.overlay is not None and self.overlay.pins_primary


def recent_articles(limit):
    """The latest `limit` taggable articles, newest first."""
    rows = (Article.objects.filter(extraction_status__in=tags.TAGGABLE).order_by("-pk")
            .only("pk", "title", "body", "summary", "language")[:limit])
    rows = list(rows)
    fixes = corrections.overlays([a.pk for a in rows])
    return [ArticleText(a.pk, a.title, tags.text_of(a), a.language, reverse("timelines:article", args=[a.pk]),
                        fixes.get(a.pk)) for a in rows]


def queue(job_id, countdown=None, waiting=False):
    """The job's next slice, as a task on the tag queue (by name: tasks.py imports this
    module). `waiting`: a person saved a rule and waits for the page; if the broker is
    away, the job stays queued (its page has a Resume button) and the page still answers."""
    if not waiting:
        app.send_task("rules.retag", args=(job_id,), countdown=countdown)
        return
    try:
        send_now("rules.retag", (job_id,), countdown=countdown)
    except OperationalError:
        log.warning("re-tag job %s saved but not queued: the broker cannot be reached; resume it from its page", job_id)


def pending(version):
    """Taggable articles not on this tagger version, in id order."""
    return Article.objects.filter(extraction_status__in=tags.TAGGABLE).exclude(tagger_version=version).order_by("pk")


def run(job_id, budget=BUDGET):
    """A slice of the job: (outcome, seconds to wait before trying again or None)."""
    job = claim(job_id)
    if job is None:
        job = RetagJob.objects.filter(pk=job_id).first()
        if job is not None and job.status == RUNNING and job.lease_until:
            return BUSY, max(1, (job.lease_until - timezone.now()).total_seconds())
        return STOPPED, None
    try:
        return work(job, time.monotonic() + budget), None
    except DatabaseError:
        release(job)  # the task is retried; it may take the job up at once
        raise
    except Exception as exc:  # recorded on the job for the admin, not retried
        log.exception("re-tag job %s failed", job.pk)
        RetagJob.objects.filter(pk=job.pk, status=RUNNING).update(
            status=RetagJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now(),
            lease_until=None)
        return FAILED, None


def claim(job_id):
    """The job, if it is queued, or running with nobody's lease on it; else None."""
    now = timezone.now()
    free = Q(status=RetagJob.Status.QUEUED) | Q(status=RUNNING, lease_until__isnull=True) | Q(
        status=RUNNING, lease_until__lt=now)
    claimed = RetagJob.objects.filter(free, pk=job_id).update(
        status=RUNNING, lease_until=now + LEASE, started_at=Coalesce(F("started_at"), Value(now)))
    return RetagJob.objects.select_related("revision").get(pk=job_id) if claimed else None


def work(job, deadline):
    if job.total is None:
        job.total = pending(job.version).count()
        RetagJob.objects.filter(pk=job.pk).update(total=job.total)
    while True:
        ids = list(pending(job.version).filter(pk__gt=job.last_article_id).values_list("pk", flat=True)[:BATCH])
        if not ids:
            RetagJob.objects.filter(pk=job.pk, status=RUNNING).update(
                status=RetagJob.Status.DONE, finished_at=timezone.now(), lease_until=None)
            return DONE
        pipeline.tag(ids)
        job.last_article_id = ids[-1]
        advanced = RetagJob.objects.filter(pk=job.pk, status=RUNNING).update(
            done=F("done") + len(ids), last_article_id=ids[-1], lease_until=timezone.now() + LEASE)
        if not advanced:  # superseded by a later revision meanwhile
            return STOPPED
        if time.monotonic() > deadline:
            release(job)
            return MORE


def release(job):
    RetagJob.objects.filter(pk=job.pk, status=RUNNING).update(lease_until=None)
