"""An editor's word on a paragraph (admin) queues articles.reclean by name; a real Celery
worker on the tag queue cleans the outlet's latest bodies again and re-tags them, and
the read models follow: the states the paragraph named leave the articles' tags."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from newsmonitor import pipeline
from newsmonitor.articles.boilerplate import paragraph_key
from newsmonitor.articles.models import Article, ArticleCountry, OutletParagraph
from newsmonitor.timelines.models import ArticleDoc
from tests.support.staff import logged_in
from tests.support.worker import WorkerProcess, wait_for

from .conftest import APP_PROMOTION, story

pytestmark = [pytest.mark.core, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_always_furniture_is_cleaned_and_re_tagged_by_a_worker(nile, read, editor):
    articles = [read(nile, story(n) + [APP_PROMOTION]) for n in range(3)]  # too few to be learned
    pipeline.tag([a.pk for a in articles])
    assert ArticleCountry.objects.filter(code="TN").count() == 3
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["view_outletparagraph",
                                                                         "change_outletparagraph"]))
    promotion = OutletParagraph.objects.get(outlet=nile, key=paragraph_key(APP_PROMOTION))

    worker = WorkerProcess(queues=("tag",), concurrency=1).start()
    try:
        done = logged_in(editor).post(reverse("admin:articles_outletparagraph_changelist"),
                                      {"action": "mark_always", "_selected_action": [promotion.pk]})
        assert done.status_code == 302
        # The read models are the last step of the task's pipeline.tag: waited for, not the tags.
        wait_for(lambda: not ArticleDoc.objects.filter(countries__contains=" TN ").exists(), timeout=120,
                 message="the outlet re-cleaned, re-tagged and its read models refreshed")
    except AssertionError:
        raise AssertionError("worker log:\n" + worker.log())
    finally:
        worker.stop()

    assert not ArticleCountry.objects.filter(code__in=["TN", "MA"]).exists()
    for article in Article.objects.filter(pk__in=[a.pk for a in articles]):
        assert APP_PROMOTION not in article.body and APP_PROMOTION in article.raw_body
        assert ArticleDoc.objects.get(article=article).countries.split() == ["EG"]


def test_the_task_goes_to_the_tag_queue():
    assert settings.CELERY_TASK_ROUTES["articles.reclean"] == {"queue": "tag"}
