"""Celery tasks of the dashboard: thin wrappers over rollups.py."""

from celery import shared_task

from newsmonitor.timelines.readmodels import rollups


@shared_task(name="newsmonitor.timelines.tasks.refresh_articles", acks_late=True)
def refresh_articles(article_ids):
    """After tagging: rebuild these articles' timeline rows (idempotent, retry-safe)."""
    return rollups.refresh_for_articles(article_ids)


@shared_task(name="newsmonitor.timelines.tasks.refresh_stale", acks_late=True)
def refresh_stale():
    """Periodic sweep: articles tagged since their timeline rows were built (a lost
    task, a re-tag by a command that bypassed the task)."""
    return rollups.refresh_stale()
