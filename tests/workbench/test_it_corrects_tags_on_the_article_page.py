"""Editors correct an article's tags from its page on the site: the form is theirs only,
the tag changes at once (page, timelines), is marked curated, and the admin log says
who did it."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from newsmonitor.articles.models import ArticlePair, ArticleTopic, Correction
from newsmonitor.timelines.models import PairEntry

pytestmark = pytest.mark.django_db


def page(client, article):
    return client.get(f"/articles/{article.pk}/").content.decode()


def post(client, article, **data):
    return client.post(f"/editing/articles/{article.pk}/corrections/", data)


def test_only_editors_see_the_form(tagged_article, editor_client, researcher_client, client):
    assert 'id="corrections"' in page(editor_client, tagged_article)
    assert 'id="corrections"' not in page(researcher_client, tagged_article)
    assert 'id="corrections"' not in page(client, tagged_article)


def test_an_editor_adds_a_pair_that_shows_curated_on_the_page_and_its_timeline(tagged_article, editor, editor_client):
    response = post(editor_client, tagged_article, kind="pair", value="in-pk", action="add", note="ذكر الهند")
    assert response.status_code == 302 and response["Location"].endswith(f"/articles/{tagged_article.pk}/#corrections")
    pair = ArticlePair.objects.get(article=tagged_article, a="IN", b="PK")
    assert pair.source == "editor"
    assert PairEntry.objects.filter(article_id=tagged_article.pk, a="IN", b="PK").exists()
    html = page(editor_client, tagged_article)
    assert "curated" in html and "ذكر الهند" in html
    entry = LogEntry.objects.get(content_type__model="article", object_id=str(tagged_article.pk))
    assert entry.user == editor and entry.get_change_message() == "Add pair IN-PK (correction)"


def test_an_editor_removes_a_topic_and_withdraws_it_again(tagged_article, editor_client):
    post(editor_client, tagged_article, kind="topic", value="military-cooperation", action="remove")
    assert not ArticleTopic.objects.filter(article=tagged_article, topic="military-cooperation").exists()
    made = Correction.objects.get()
    editor_client.post(f"/editing/articles/{tagged_article.pk}/corrections/{made.pk}/withdraw/")
    assert ArticleTopic.objects.filter(article=tagged_article, topic="military-cooperation", source="machine").exists()
    assert LogEntry.objects.count() == 2


def test_a_wrong_value_is_said_and_changes_nothing(tagged_article, editor_client):
    response = post(editor_client, tagged_article, kind="country", value="XX", action="add")
    assert response.status_code == 302 and not Correction.objects.exists()
    assert "not the code of a state" in page(editor_client, tagged_article)


def test_others_cannot_correct(tagged_article, researcher, researcher_client, client):
    # A researcher given the permission but no staff rights is still no editor.
    from django.contrib.auth.models import Permission
    researcher.user_permissions.add(Permission.objects.get(codename="add_correction"))
    assert post(researcher_client, tagged_article, kind="topic", value="energy", action="add").status_code == 302
    assert post(client, tagged_article, kind="topic", value="energy", action="add").status_code == 302
    assert client.get(f"/editing/articles/{tagged_article.pk}/corrections/").status_code == 405
    assert not Correction.objects.exists()


def test_a_correction_needs_the_csrf_token(tagged_article, editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert post(strict, tagged_article, kind="topic", value="energy", action="add").status_code == 403
    assert not Correction.objects.exists()
