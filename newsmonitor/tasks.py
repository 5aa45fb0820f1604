"""The pipeline's Celery tasks: each runs one step of newsmonitor.pipeline for the ids
it is given and queues the next step, after commit. Names are explicit ("feeds.poll",
"articles.extract", ...): CELERY_TASK_ROUTES and CELERY_BEAT_SCHEDULE in settings
refer to them."""

import logging
import random

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from newsmonitor import pipeline, retagging
from newsmonitor.articles import extraction, tags
from newsmonitor.celery import task
from newsmonitor.digests import sending
from newsmonitor.feeds import polling
from newsmonitor.timelines.readmodels import rollups
from newsmonitor.workbench import notices, silence

log = logging.getLogger(__name__)


@task("feeds.dispatch", soft_time_limit=60, time_limit=90)
def dispatch_due_feeds():
    queue_polls(polling.claim_due_feeds(settings.NEWSMONITOR_DISPATCH_BATCH))


def queue_polls(feed_ids):
    """Feeds to poll, polling.BATCH to a message (feeds.poll_batch): a message, its
    delivery and its acknowledgement cost the broker as much as a 304 costs the
    database, so they are shared; a lone feed goes by feeds.poll."""
    queue_in_chunks(feed_ids, polling.BATCH, one=poll_feed, many=poll_feeds)


def queue_in_chunks(ids, size, *, one, many):
    """Ids `size` to a message of task `many`; a chunk of one by task `one`."""
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        if len(chunk) == 1:
            one.delay(chunk[0])
        else:
            many.delay(chunk)


@task("feeds.poll")
def poll_feed(feed_id):
    return poll_one(feed_id)


# A batch may meet a slow feed after another: its limits grow with it, and stay well
# inside the broker's visibility timeout (an hour), past which it would be redelivered.
@task("feeds.poll_batch", bind=True, soft_time_limit=polling.BATCH * settings.NEWSMONITOR_FETCH_DEADLINE + 60,
      time_limit=polling.BATCH * settings.NEWSMONITOR_FETCH_DEADLINE + 120)
def poll_feeds(self, feed_ids):
    """Many feeds, each polled in turn as feeds.poll polls one. A feed whose poll
    breaks does not stop the others; those the database failed are tried again
    together, later, as a lone poll would be."""
    statuses, again = {}, []
    for feed_id in feed_ids:
        try:
            statuses[feed_id] = poll_one(feed_id)
        except DatabaseError:
            again.append(feed_id)
            close_old_connections()  # a broken connection is replaced for the next feed
        except SoftTimeLimitExceeded:
            raise
        except Exception:
            log.exception("polling feed %s failed", feed_id)
            statuses[feed_id] = "failed"
    if again:
        raise self.retry(args=(again,), countdown=min(5 * 2 ** self.request.retries, 300))
    return statuses


def poll_one(feed_id):
    """The one way a task polls a feed."""
    return pipeline.poll(feed_id, on_new_articles=queue_extraction).status


def queue_extraction(article_ids):
    for article_id in article_ids:
        extract_article.delay(article_id)


@task("articles.extract", bind=True, soft_time_limit=120, time_limit=150)
def extract_article(self, article_id):
    try:
        status = pipeline.extract(article_id)
    except pipeline.HostBusy as exc:
        # A new message rather than a retry: waiting for a host's turn is no failure
        # and must not use up the task's retries.
        extract_article.apply_async((article_id,), countdown=exc.wait + random.uniform(0, 5))
        return "deferred"
    except pipeline.TransientFetchError as exc:
        countdown = exc.retry_after or 30 * 2 ** self.request.retries
        raise self.retry(exc=exc, countdown=min(countdown, 3600), max_retries=extraction.MAX_ATTEMPTS)
    if pipeline.after_extract(status):
        tag_article.delay_on_commit(article_id)
    return status


@task("articles.tag", soft_time_limit=60, time_limit=90)
def tag_article(article_id):
    return bool(pipeline.tag([article_id]))


@task("articles.reclean", soft_time_limit=120, time_limit=150)
def reclean_outlet(outlet_id):
    """An editor changed an outlet's furniture (articles admin): its latest articles
    cleaned again and re-tagged (queued by name)."""
    return len(pipeline.reclean(outlet_id))


@task("articles.sweep", soft_time_limit=60, time_limit=90)
def requeue_lost_articles():
    """A broker that lost a message (Redis restarted without persistence, a purge)
    must not lose the article: anything pending for long, or running with an expired
    lease, is queued again, and so is an article extracted but never tagged. The
    claims make doubles harmless. Returns how many it queued (the worker logs it: the
    fault tests read there what the sweep recovered)."""
    stale, untagged = extraction.stale_article_ids(), tags.untagged_article_ids()
    for article_id in stale:
        extract_article.delay(article_id)
    for article_id in untagged:
        tag_article.delay(article_id)
    return {"extract": len(stale), "tag": len(untagged)}


@task("timelines.refresh_stale", soft_time_limit=240, time_limit=300)
def refresh_stale():
    """Read-model rows older than their article's tags (a re-tag that bypassed the
    pipeline, a lost task) are rebuilt."""
    return rollups.refresh_stale()


@task("digests.dispatch", soft_time_limit=120, time_limit=150)
def dispatch_digests():
    """Every minute: the digests and alerts now due, sent by tasks of sending.BATCH
    deliveries each (one read of a period's articles and one SMTP connection for
    many subscribers); a lone one by digests.send."""
    queue_in_chunks(sending.due_deliveries(timezone.now()), sending.BATCH, one=send_delivery, many=send_deliveries)


@task("digests.send", soft_time_limit=120, time_limit=150)
def send_delivery(delivery_id):
    """One email; claimed before sending, so a task run twice sends it once."""
    return sending.send(delivery_id)


# The hard limit stays well inside sending.LEASE (15 minutes): a worker is never
# overtaken by another claiming the same deliveries.
@task("digests.send_batch", soft_time_limit=480, time_limit=540)
def send_deliveries(delivery_ids):
    """Many emails, each claimed before sending as digests.send does."""
    return sending.send_batch(delivery_ids)


@task("feeds.check_silence", soft_time_limit=240, time_limit=300)
def check_silence():
    """Every hour: which feeds fell silent, or spoke again, by each one's own rhythm;
    then the emails about new silences, on the mail queue."""
    checked = silence.check_all()
    notify_silence.delay_on_commit()
    return {"silent": len(checked.newly_silent), "cleared": len(checked.cleared)}


# The hard limit stays inside notices.LEASE (10 minutes), as the digests' do.
@task("workbench.notify_silence", soft_time_limit=240, time_limit=300)
def notify_silence():
    """Each silence told once to each person who asked (claimed before sending)."""
    return notices.send_due()


@task("rules.retag", soft_time_limit=120, time_limit=150)
def retag_for_rules(job_id):
    """A slice of the re-tag a rule change started (newsmonitor/retagging.py), then the
    next slice as a new message; a job another worker holds is looked at again when
    its lease ends."""
    outcome, wait = retagging.run(job_id)
    if outcome == retagging.MORE:
        retagging.queue(job_id)
    elif outcome == retagging.BUSY:
        retagging.queue(job_id, countdown=wait)
    return outcome
