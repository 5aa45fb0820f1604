"""The feed list's actions enable, disable and reset errors: each changes the feeds
chosen, says so in a message and is in the admin log on each feed; someone who may
only view feeds changes nothing."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from newsmonitor.adminkit import history
from newsmonitor.feeds.models import Feed
from tests.workbench.feed_history import feed, staff

pytestmark = [pytest.mark.django_db, pytest.mark.core]
LIST = reverse("admin:feeds_feed_changelist")
EN = {"accept-language": "en"}


def act(client, action, *feeds):
    response = client.post(LIST, {"action": action, "_selected_action": [f.pk for f in feeds]}, headers=EN,
                           follow=True)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def test_disable_then_enable(client):
    editor = staff("editor", "feeds.view_feed", "feeds.change_feed")
    client.force_login(editor)
    one, two = feed(), feed()

    assert act(client, "disable", one, two) == ["2 feeds disabled."]
    assert not Feed.objects.filter(active=True).exists()
    assert act(client, "enable", one) == ["1 feed enabled."]
    assert Feed.objects.get(pk=one.pk).active and not Feed.objects.get(pk=two.pk).active

    entries = history(one)
    assert [e.change_message for e in entries] == ["Enabled", "Disabled"]
    assert all(e.user == editor for e in entries)
    assert [e.change_message for e in history(two)] == ["Disabled"]


def test_reset_errors_lifts_the_flag_and_ends_the_backoff(client):
    client.force_login(staff("editor", "feeds.view_feed", "feeds.change_feed"))
    later = timezone.now() + timedelta(hours=20)
    broken = feed(error_count=7, needs_attention=True, last_error_kind="http-error",
                  last_error="HTTP 503 from the server", next_check_at=later)

    assert act(client, "reset_errors", broken) == ["Errors reset on 1 feed."]
    broken.refresh_from_db()
    assert (broken.error_count, broken.needs_attention, broken.last_error_kind, broken.last_error) == (0, False, "", "")
    assert broken.next_check_at <= timezone.now()
    assert [e.change_message for e in history(broken)] == ["Errors reset"]


def test_who_may_only_view_feeds_changes_nothing(client):
    client.force_login(staff("reader", "feeds.view_feed"))
    kept = feed(error_count=3, needs_attention=True)
    for action in ("disable", "reset_errors", "poll_now"):
        act(client, action, kept)
    kept.refresh_from_db()
    assert kept.active and kept.error_count == 3 and kept.needs_attention
    assert not LogEntry.objects.exists()
