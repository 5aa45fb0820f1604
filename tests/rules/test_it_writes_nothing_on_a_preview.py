"""A preview writes nothing: no row of any table changes, no INSERT, UPDATE or DELETE
is even sent, whether the change is a new rule or an edit of a shipped one."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsmonitor.articles.models import Article
from newsmonitor.rules.models import Rule
from tests.rules.conftest import add_form, add_url, change_form, change_url, shipped_row

pytestmark = [pytest.mark.core, pytest.mark.django_db]

WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "TRUNCATE")


def every_table():
    """Each model's rows, as tuples (the whole database, as far as Django knows it)."""
    return {model._meta.label: sorted(map(repr, model.objects.values_list()))
            for model in apps.get_models() if model._meta.managed}


def previewing(client, url, form):
    before = every_table()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {**form, "_preview": "Preview"})
    assert response.status_code == 200 and response.context["preview"].examined == Article.objects.count()
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert every_table() == before
    return response


def test_previewing_a_new_rule_writes_nothing(admin_client, demo_articles):
    response = previewing(admin_client, add_url(),
                          add_form(kind="country", target="EG", field="names", term="المحروسة"))
    assert not Rule.objects.filter(term="المحروسة").exists()
    assert "_preview" in response.content.decode()  # the form again, to save or change


def test_previewing_an_edit_writes_nothing(admin_client, demo_articles):
    egypt = shipped_row("country", "EG", "names", "مصر")
    previewing(admin_client, change_url(egypt), change_form(egypt, active=False))
    egypt.refresh_from_db()
    assert egypt.active and not egypt.edited
