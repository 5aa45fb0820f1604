"""An admin action that queues a task answers at once when the broker is away, and
says what happens instead: "Poll now" makes the feed due for the dispatcher, a saved
rule's re-tag job stays queued for its Resume button. The workers' own tasks wait about
two minutes for a broker that restarts (CELERY_TASK_PUBLISH_RETRY_POLICY); a page
someone waits on must not (newsmonitor.celery.QUICK_PUBLISH)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from newsmonitor.adminkit import history
from newsmonitor.celery import app
from newsmonitor.feeds.models import Feed
from newsmonitor.rules.models import RetagJob
from tests.rules.conftest import change_form, change_url, shipped_row
from tests.support.services import free_port


def reset_connections():
    """The app keeps its broker connections in pools: new ones for the new URL."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_away():
    """The test process's Celery app pointed at a Redis port nobody listens on."""
    saved = app.conf.broker_url, app.conf.broker_write_url
    app.conf.broker_url = app.conf.broker_write_url = f"redis://127.0.0.1:{free_port()}/0"
    reset_connections()
    yield
    app.conf.broker_url, app.conf.broker_write_url = saved
    reset_connections()


@pytest.mark.django_db
def test_poll_now_makes_the_feed_due_when_the_broker_is_away(admin_client, admin_user, broker_away):
    later = timezone.now() + timezone.timedelta(hours=6)
    feed = Feed.objects.create(url="http://quiet.example/feed.xml", next_check_at=later)
    response = admin_client.post(reverse("admin:feeds_feed_changelist"),
                                 {"action": "poll_now", "_selected_action": [feed.pk]},
                                 headers={"accept-language": "en"}, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "1 feed could not be queued (the task queue is unreachable): the dispatcher will poll it."]
    feed.refresh_from_db()
    assert feed.next_check_at <= timezone.now()
    assert [e.change_message for e in history(feed)] == [
        "Poll now: the queue was unreachable, made due for the dispatcher"]


@pytest.mark.django_db(transaction=True)
def test_a_saved_rule_keeps_its_job_queued_when_the_broker_is_away(admin_client, broker_away):
    egypt = shipped_row("country", "EG", "names", "مصر")
    response = admin_client.post(change_url(egypt), change_form(egypt, active=False))
    assert response.status_code == 302
    job = RetagJob.objects.get()
    assert not job.finished and job.done == 0
    egypt.refresh_from_db()
    assert egypt.active is False  # the change itself was saved
