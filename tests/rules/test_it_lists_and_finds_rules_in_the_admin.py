"""The rule list: every shipped term as a row, filtered by kind, target and whether it was
edited, found in any spelling, Arabic right to left; above the rows the revision in
force and the latest re-tag. Editors may use it; revisions and jobs are read only."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from newsmonitor.rules.models import Rule
from tests.rules.conftest import add_form, add_url, change_form, change_url, shipped_row

pytestmark = [pytest.mark.core, pytest.mark.django_db]

LIST = reverse("admin:rules_rule_changelist")


def listed(client, query=""):
    response = client.get(LIST + query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.context["cl"], response.content.decode()


def test_filters_and_search(admin_client):
    cl, page = listed(admin_client, "?kind__exact=topic")
    assert cl.result_count == Rule.objects.filter(kind="topic").count() > 1000
    assert '<span dir="rtl" lang="ar">' in page
    cl, _ = listed(admin_client, "?kind__exact=topic&target=energy")
    assert {r.target for r in cl.result_list} == {"energy"}
    targets = [choice["display"] for spec in cl.filter_specs if getattr(spec, "parameter_name", "") == "target"
               for choice in spec.choices(cl)][1:]
    assert "energy" in targets and "EG" not in targets  # only the chosen kind's targets

    # Found in another spelling: no hamza, a diacritic.
    cl, _ = listed(admin_client, "?q=افغانستان")
    assert "أفغانستان" in {r.term for r in cl.result_list}
    cl, _ = listed(admin_client, "?q=مِصر")
    assert "مصر" in {r.term for r in cl.result_list}

    gas = shipped_row("topic", "energy", "", "الغاز المسال")
    admin_client.post(change_url(gas), change_form(gas, weight="1"))
    cl, _ = listed(admin_client, "?status=edited")
    assert [r.pk for r in cl.result_list] == [gas.pk]
    cl, _ = listed(admin_client, "?status=reweighted")
    assert [r.pk for r in cl.result_list] == [gas.pk]
    cl, _ = listed(admin_client, "?status=shipped&kind__exact=topic&target=energy")
    assert gas.pk not in {r.pk for r in cl.result_list} and cl.result_count > 10


def test_the_revision_in_force_and_the_latest_job(admin_client):
    _, page = listed(admin_client)
    assert "unedited" in page and 'id="rules-job"' not in page
    admin_client.post(add_url(), add_form(kind="stop", term="شارع لبنان"))
    _, page = listed(admin_client)
    assert "r1" in page and "1.4.0+r1" in page and 'id="rules-job"' in page
    assert reverse("admin:rules_rule_export") in page
    form = admin_client.get(add_url()).content.decode()
    assert 'name="term"' in form and 'dir="rtl" lang="ar"' in form and 'name="_preview"' in form


def test_editors_may_and_others_may_not(client, admin_client):
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="editors"))
    client.force_login(editor)
    assert client.get(LIST).status_code == 200
    response = client.post(add_url(), {**add_form(kind="stop", term="شارع لبنان"), "_preview": "Preview"})
    assert response.status_code == 200 and "preview" in response.context
    assert client.post(add_url(), add_form(kind="stop", term="شارع لبنان")).status_code == 302

    stranger = User.objects.create_user("stranger", password="x", is_staff=True)
    client.force_login(stranger)
    assert client.get(LIST).status_code == 403
    assert client.post(add_url(), {**add_form(kind="stop", term="شارع سوريا"), "_preview": "1"}).status_code == 403
    client.logout()
    assert client.get(LIST).status_code == 302

    # Revisions and jobs are read only, for everyone.
    assert admin_client.get(reverse("admin:rules_revision_add")).status_code == 403
    assert admin_client.get(reverse("admin:rules_retagjob_add")).status_code == 403
    assert Rule.objects.filter(term="شارع سوريا").count() == 0
