"""The Celery app, configured from Django settings (CELERY_* names: queues, routes and
the beat schedule, all by task name), and the project's one task decorator."""

import os

from celery import Celery
from django.db import DatabaseError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsmonitor.settings")

app = Celery("newsmonitor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The policy of every task, stated once. Acknowledged after it ran, and given back to
# the queue if its worker dies, so a task may run twice: every task takes ids and is
# idempotent (claims by conditional UPDATE, unique rows). A lost database is worth
# waiting for; what a feed or a page does wrong is recorded, never raised.
POLICY = dict(acks_late=True, reject_on_worker_lost=True, autoretry_for=(DatabaseError,), retry_backoff=5,
              retry_backoff_max=300, max_retries=8, soft_time_limit=90, time_limit=120)


# A task queued from a page someone is waiting on (an admin action) is not kept waiting
# for the broker as the workers' own tasks are (CELERY_TASK_PUBLISH_RETRY_POLICY, about
# two minutes on Redis): a few tries in about a second, then the page says the broker
# is away (kombu's OperationalError) and what happens instead.
QUICK_PUBLISH = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def send_now(name, args, **options):
    """Queues task `name` by its name for a person waiting on the answer (QUICK_PUBLISH);
    raises kombu.exceptions.OperationalError when the broker cannot be reached."""
    return app.send_task(name, args=args, retry_policy=QUICK_PUBLISH, **options)


def task(name, **options):
    """@task("articles.extract"): a task under its explicit name (routes and the beat
    schedule use it), with POLICY unless `options` says otherwise."""
    return app.task(name=name, **{**POLICY, **options})
