"""Thin Celery tasks: take ids, call the plain functions in extraction.py."""

import random

from celery import shared_task
from django.db import DatabaseError

from newsmonitor.articles import extraction


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=120,
    time_limit=150,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    max_retries=8,
)
def extract_article(self, article_id):
    try:
        status = extraction.extract_article(article_id)
    except extraction.HostBusy as exc:
        # A new message rather than a retry: waiting for a host's turn is no failure
        # and must not use up the task's retries.
        extract_article.apply_async((article_id,), countdown=exc.wait + random.uniform(0, 5))
        return "deferred"
    except extraction.TransientFetchError as exc:
        countdown = exc.retry_after or 30 * 2 ** self.request.retries
        raise self.retry(exc=exc, countdown=min(countdown, 3600), max_retries=extraction.MAX_ATTEMPTS)
    if status != "skipped":
        tag_article.delay_on_commit(article_id)
    return status


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_stale_extractions():
    """A broker that lost a message (Redis restarted without persistence, a purge)
    must not lose the article: anything pending for long, or running with an expired
    lease, is queued again. The claim in extract_article makes doubles harmless."""
    from newsmonitor.articles.tagging import untagged_article_ids

    for article_id in extraction.stale_article_ids():
        extract_article.delay(article_id)
    for article_id in untagged_article_ids():
        tag_article.delay(article_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=60, time_limit=90,
             autoretry_for=(DatabaseError,), retry_backoff=5, max_retries=8)
def tag_article(article_id):
    from newsmonitor.articles.tagging import tag_article as tag

    return tag(article_id)
