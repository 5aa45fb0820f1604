"""Thin Celery tasks: take ids, call the plain functions in polling.py."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from newsmonitor.feeds import polling

TASK_OPTIONS = dict(
    acks_late=True,
    reject_on_worker_lost=True,
    # A lost database is worth waiting for; everything a feed can do wrong is
    # recorded on the feed row instead and never raised.
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=8,
)


@shared_task(soft_time_limit=60, time_limit=90, **TASK_OPTIONS)
def dispatch_due_feeds():
    for feed_id in polling.claim_due_feeds(settings.NEWSMONITOR_DISPATCH_BATCH):
        poll_feed.delay(feed_id)


@shared_task(soft_time_limit=90, time_limit=120, **TASK_OPTIONS)
def poll_feed(feed_id):
    outcome = polling.poll_feed(feed_id, on_new_articles=queue_extraction)
    return outcome.status


def queue_extraction(article_ids):
    from newsmonitor.articles.tasks import extract_article

    for article_id in article_ids:
        extract_article.delay(article_id)
