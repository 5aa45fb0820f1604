"""The Celery app: configured from Django settings (CELERY_* names), tasks found in
each app's tasks.py. Polling, extraction and tagging use separate queues ("poll",
"extract", "tag") so each can be scaled on its own (polling is I/O-bound, the others
CPU-bound)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsmonitor.settings")

app = Celery("newsmonitor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def setup_periodic_tasks(sender, **kwargs):
    from django.conf import settings

    sender.add_periodic_task(
        settings.NEWSMONITOR_DISPATCH_SECONDS,
        sender.signature("newsmonitor.feeds.tasks.dispatch_due_feeds"),
        name="dispatch due feeds",
    )
    sender.add_periodic_task(
        300,
        sender.signature("newsmonitor.articles.tasks.requeue_stale_extractions"),
        name="requeue stale extractions",
    )
    sender.add_periodic_task(
        300,
        sender.signature("newsmonitor.timelines.tasks.refresh_stale"),
        name="refresh stale timeline rows",
    )
