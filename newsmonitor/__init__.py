# Load the Celery app with Django so delay_on_commit() and shared tasks find it.
from newsmonitor.celery import app as celery_app

__all__ = ("celery_app",)
