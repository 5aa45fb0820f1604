"""Two roles, as groups made by migrate: editors look after feeds, tag rules and
corrections; admins may do everything, users included. Only staff reach the admin."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_migrate_makes_both_groups_with_their_permissions():
    editors = set(Group.objects.get(name="editors").permissions.values_list("codename", flat=True))
    admins = set(Group.objects.get(name="admins").permissions.values_list("codename", flat=True))
    assert {"change_feed", "add_outlet", "add_correction", "delete_correction", "view_article",
            "change_outletparagraph", "change_rule", "change_story"} <= editors
    assert not {"add_user", "change_user", "view_user", "delete_article", "change_subscription"} & editors
    assert editors < admins and {"add_user", "change_user", "change_group"} <= admins


def test_an_editor_reaches_feeds_and_corrections_but_not_users(editor_client):
    assert editor_client.get("/admin/feeds/feed/").status_code == 200
    assert editor_client.get("/admin/articles/correction/").status_code == 200
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/digests/subscription/").status_code == 403


def test_an_admin_manages_users(admin_client_of_role):
    assert admin_client_of_role.get("/admin/auth/user/").status_code == 200
    assert admin_client_of_role.get("/admin/auth/user/add/").status_code == 200


def test_someone_without_staff_rights_is_sent_to_the_login(researcher_client):
    response = researcher_client.get("/admin/feeds/feed/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
