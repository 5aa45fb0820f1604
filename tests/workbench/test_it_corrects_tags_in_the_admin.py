"""Corrections through the admin: an inline on the article's page and a list of their
own; every save re-tags the article with it, every deletion withdraws it, and the
article's page in the admin shows who changed what and when."""

import pytest
from django.contrib.admin.models import LogEntry

from newsmonitor.articles.models import ArticleCountry, ArticleTopic, Correction

pytestmark = pytest.mark.django_db


def inline_data(article, **row):
    data = {"corrections-TOTAL_FORMS": "1", "corrections-INITIAL_FORMS": "0", "corrections-MIN_NUM_FORMS": "0",
            "corrections-MAX_NUM_FORMS": "1000", "_continue": "Save"}
    for prefix in ("articlepair_set", "articlecountry_set", "articletopic_set"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update({f"corrections-0-{k}": v for k, v in row.items()})
    return data


def test_the_article_page_lists_tags_and_takes_a_correction(tagged_article, editor, editor_client):
    url = f"/admin/articles/article/{tagged_article.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == 200
    response = editor_client.post(url, inline_data(tagged_article, action="add", kind="topic", value="energy"))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert ArticleTopic.objects.get(article=tagged_article, topic="energy").source == "editor"
    assert Correction.objects.get().user == editor
    history = editor_client.get(url).content.decode()
    assert "Add topic energy (correction)" in history and "salma" in history


def test_the_list_of_corrections_adds_and_deletes(tagged_article, editor_client):
    response = editor_client.post("/admin/articles/correction/add/", {
        "article": tagged_article.pk, "kind": "country", "value": "sa", "action": "remove", "note": ""})
    assert response.status_code == 302
    assert not ArticleCountry.objects.filter(article=tagged_article, code="SA").exists()
    made = Correction.objects.get()
    assert made.value == "SA"
    editor_client.post(f"/admin/articles/correction/{made.pk}/delete/", {"post": "yes"})
    assert ArticleCountry.objects.get(article=tagged_article, code="SA").source == "machine"
    on_article = LogEntry.objects.filter(content_type__model="article", object_id=str(tagged_article.pk))
    assert [e.get_change_message() for e in on_article.order_by("pk")] == [
        "Remove country SA (correction)", "Withdrew: Remove country SA (correction)"]


def test_the_admin_refuses_a_primary_topic_and_an_unknown_code(tagged_article, editor_client):
    for row in ({"kind": "topic", "value": "energy", "action": "add", "primary": "on"},
                {"kind": "country", "value": "ZZ", "action": "add"}):
        response = editor_client.post("/admin/articles/correction/add/", {"article": tagged_article.pk, **row})
        assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not Correction.objects.exists()
