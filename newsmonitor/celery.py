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


def task(name, **options):
    """@task("articles.extract"): a task under its explicit name (routes and the beat
    schedule use it), with POLICY unless `options` says otherwise."""
    return app.task(name=name, **{**POLICY, **options})
