"""Each staff member turns silent-source emails on or off for themself in the admin, and
chooses their language; nobody else's preference is theirs to see or change, except
for those who manage users."""

import pytest
from django.urls import reverse

from newsmonitor.adminkit import history
from newsmonitor.workbench.models import AlertPreference
from tests.workbench.feed_history import staff

pytestmark = [pytest.mark.django_db, pytest.mark.core]
MINE = reverse("admin:workbench_alertpreference_changelist")


def test_an_editor_turns_the_emails_on_for_themself(client):
    editor = staff("editor", "feeds.view_feed")
    other = AlertPreference.objects.create(user=staff("other", "feeds.view_feed"), silent_sources=True, language="en")
    client.force_login(editor)

    response = client.get(MINE)  # no preference yet: the form to make one
    assert response.status_code == 302 and response["Location"] == reverse("admin:workbench_alertpreference_add")
    form = client.get(response["Location"]).content.decode()
    assert 'name="silent_sources"' in form and 'name="user"' not in form

    assert client.post(response["Location"], {"silent_sources": "on", "language": "ar"}).status_code == 302
    mine = AlertPreference.objects.get(user=editor)
    assert mine.silent_sources and mine.language == "ar"
    assert history(mine)[0].user == editor

    # From now on the list is their own page; they turn it off there.
    change = reverse("admin:workbench_alertpreference_change", args=[mine.pk])
    assert client.get(MINE)["Location"] == change
    assert client.post(change, {"language": "en"}).status_code == 302
    mine.refresh_from_db()
    assert not mine.silent_sources and mine.language == "en"

    # Another's preference is not theirs.
    other_page = reverse("admin:workbench_alertpreference_change", args=[other.pk])
    assert client.get(other_page).status_code in (302, 403, 404)
    client.post(other_page, {"language": "ar"})
    other.refresh_from_db()
    assert other.silent_sources and other.language == "en"
    assert client.get(reverse("admin:workbench_alertpreference_add")).status_code == 403  # one each


def test_who_manages_users_sees_everyones(admin_client):
    AlertPreference.objects.create(user=staff("one"), silent_sources=True, language="en")
    AlertPreference.objects.create(user=staff("two"), silent_sources=False, language="ar")
    page = admin_client.get(MINE).content.decode()
    assert "one" in page and "two" in page


def test_a_user_outside_the_admin_cannot_reach_it(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("reader", "reader@example.org", "pw"))
    response = client.get(MINE)
    assert response.status_code == 302 and "/login/" in response["Location"]
