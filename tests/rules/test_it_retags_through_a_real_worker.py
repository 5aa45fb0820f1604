"""A change saved in the admin is re-tagged in the background by a real Celery worker
(the task rules.retag, queued after the commit on the tag queue), which reports its
progress to completion; the pair timelines follow the new tags."""

import pytest
from django.urls import reverse

from newsmonitor import pipeline
from newsmonitor.articles.models import Article, ArticlePair
from newsmonitor.rules import current_tagger
from newsmonitor.rules.models import RetagJob
from newsmonitor.tagging import TAGGER_VERSION
from newsmonitor.timelines.models import PairEntry
from tests.rules.conftest import change_form, change_url, demo_pages, shipped_row, store_article
from tests.support.worker import WorkerProcess, wait_for

pytestmark = [pytest.mark.core, pytest.mark.slow]


def pairs_stored():
    return set(ArticlePair.objects.values_list("article_id", "a", "b"))


def pairs_shown():
    return set(PairEntry.objects.values_list("article_id", "a", "b"))


@pytest.mark.django_db(transaction=True)
def test_a_saved_change_is_retagged_by_a_worker(admin_client):
    articles = [store_article(path) for path in demo_pages()]
    pipeline.tag([a.pk for a in articles])
    before = pairs_stored()
    assert pairs_shown() == before

    egypt = shipped_row("country", "EG", "names", "مصر")
    worker = WorkerProcess(queues=("tag",), concurrency=1).start()
    try:
        response = admin_client.post(change_url(egypt), change_form(egypt, active=False))
        assert response.status_code == 302
        job = RetagJob.objects.get()
        wait_for(lambda: RetagJob.objects.get(pk=job.pk).finished, timeout=180, message="the re-tag job to finish")
    except AssertionError:
        raise AssertionError("worker log:\n" + worker.log())
    finally:
        worker.stop()

    job.refresh_from_db()
    assert job.status == "done", job.error + worker.log()
    assert job.done == job.total == len(articles) and job.started_at <= job.finished_at
    assert set(Article.objects.values_list("tagger_version", flat=True)) == {f"{TAGGER_VERSION}+r1"}
    # Articles that named Egypt only as مصر lost their Egyptian pairs, on the timelines too.
    tagger = current_tagger()
    expected = {(a.pk, *pair) for a in articles for pair in tagger.tag(a.title, a.body).pairs}
    assert pairs_stored() == expected != before and pairs_shown() == expected
    page = admin_client.get(reverse("admin:rules_retagjob_change", args=[job.pk])).content.decode()
    assert "100%" in page and 'http-equiv="refresh"' not in page


def test_the_task_goes_to_the_tag_queue():
    """The queue every worker of runall and docker-compose consumes, as articles.tag does."""
    from newsmonitor.celery import app

    assert app.amqp.router.route({}, "rules.retag", args=(1,), kwargs={})["queue"].name == "tag"
    assert app.amqp.router.route({}, "articles.tag", args=(1,), kwargs={})["queue"].name == "tag"
